"""Staff notices end to end, through the webhook, to a fake WeCom robot
that enforces the real one's limits (4,096 bytes of markdown, 20 a
minute): the injury complaint whose notice was 4,126 bytes, names and
stories that tried to format or mention, identity numbers in a story,
and a misconfigured robot in /healthz."""
import asyncio
import re
from dataclasses import replace

from bot.i18n import Catalog
from tests.conftest import Bot
from tests.wx import new_openid, xml_message

CAT = Catalog()
MAX = 4096


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


def injury_story() -> str:
    """About a thousand characters, as a worker tells it (voice input), with
    their identity number and a phone in it."""
    intro = "我叫王建国，身份证350502198503154321，电话13655556666。"
    part = ("我在丰泽区东海街道一个工地做小工，上个星期三早上八点多，老板让我上脚手架搬砖，"
            "没有安全带也没有安全帽，脚手架有一根横杆松了，我踩上去就摔下来了，左腿骨折，"
            "在医院住了五天，医药费花了一万多，老板只给了两千块就不管了，打电话也不接。")
    story = (intro + part * 10)[:1000]
    assert len(story) == 1000
    return story


# Addresses as WeChat gives them (PicUrl), about 130 characters each: with
# them the notice was 4,126 bytes, over WeCom's 4,096.
PHOTOS = [f"http://mmbiz.qpic.cn/mmbiz_jpg/1VibJyUlvRWqLAUFwdhJJfEMuPmicQ2VMia6icKr0ibTrNOsHWLq5hXibHc{n}"
          "8lEfzlMGCfM6VpVu6JRdSXyzYDEibxhpw/0?wx_fmt=jpeg" for n in range(1, 7)]


async def lodge_injury(b: Bot, worker: str, story: str) -> int:
    said = await b.say(worker, "投诉")
    assert zh("complaint-ask-kind").splitlines()[0] in said
    said = await b.say(worker, "2")
    assert zh("complaint-ask-what") in said
    said = await b.say(worker, story)
    assert zh("complaint-ask-photos") in said
    for n, url in enumerate(PHOTOS, 1):
        await b.wechat.post(xml_message(worker, "image", PicUrl=url, MediaId=f"media_{n}"))
    await b.say(worker, "好了")
    await b.say(worker, "13811112222")
    said = await b.say(worker, "提交")
    return int(re.search(r"#(\d+)", said).group(1))


async def test_an_injury_complaint_of_a_thousand_characters_and_six_photos_reaches_staff_with_its_mention(
        settings, fake_wecom):
    """It made a 4,126-byte notice, which WeCom refuses (40058): retried for
    days, and the urgent mention waited behind it. (The photos are now
    signed links to the evidence the bot keeps.)"""
    bot = await Bot(replace(settings, public_base_url="https://gig.example.gov.cn")).start()
    try:
        await _injury_reaches_staff(bot, fake_wecom)
    finally:
        await bot.stop()


async def _injury_reaches_staff(bot, fake_wecom) -> None:
    worker = new_openid("w")
    number = await lodge_injury(bot, worker, injury_story())
    posts = await fake_wecom.wait_posts(2)
    assert fake_wecom.refused == [], "nothing was refused"
    notice, mention = posts[0], posts[1]
    text = notice["markdown"]["content"]
    assert len(text.encode("utf-8")) <= MAX
    assert f"#{number}" in text and "受伤" in text and "我叫王建国" in text
    assert f"查看 {number}" in text, "cut short, with a pointer to the whole story"
    assert text.count("](https://gig.example.gov.cn/evidence/") == 6, "the six photos"
    assert "350502198503154321" not in text and "13655556666" not in text and "13811112222" not in text
    assert mention["msgtype"] == "text" and mention["text"]["mentioned_list"] == list(bot.settings.staff_on_duty)
    assert f"#{number}" in mention["text"]["content"]


async def test_a_name_or_a_story_cannot_mention_format_or_link_in_the_staff_group(settings, fake_wecom):
    """`张三<@all>**急**` as an employer's name (in the notice of a report
    about their job) and in a complaint's story: read as typed, never a
    mention of everyone, never bold."""
    b = await Bot(replace(settings, staff_on_duty=("duty.lin",))).start()
    try:
        sneaky = "张三<@all>**急**"
        employer = new_openid("e")
        said = await post_and_confirm_named(b, employer, sneaky)
        assert zh("post-published") in said, said
        worker = new_openid("w")
        await b.say(worker, "丰泽有没有搬运的活")
        await b.say(worker, "1")
        await b.say(worker, "举报")
        said = await b.say(worker, "1")
        assert "#" in said
        other = new_openid("w")
        await b.say(other, "投诉")
        await b.say(other, "6")
        await b.say(other, f"{sneaky} 说<@zhangsan> [点这里](http://evil.example/pay) 拿钱")
        await b.say(other, "跳过")
        await b.say(other, "跳过")
        await b.say(other, "提交")
        await fake_wecom.wait_posts(2)
        markdown = [p["markdown"]["content"] for p in fake_wecom.posts if p["msgtype"] == "markdown"]
        assert len(markdown) == 2
        for text in markdown:
            assert "张三" in text and "急" in text
            for active in ("<@", "@all", "**急**", "[点这里]", "http://evil"):
                assert active not in text, (active, text)
        mentions = [p for p in fake_wecom.posts if p.get("text", {}).get("mentioned_list")]
        assert all(p["text"]["mentioned_list"] == ["duty.lin"] for p in mentions), "only the staff on duty"
    finally:
        await b.stop()


async def post_and_confirm_named(b: Bot, employer: str, name: str) -> str:
    import tests.e2e.test_register_and_post as flows

    said = await b.say(employer, "明天丰泽区搬家需要2个搬运工，日结200元，早上8点到下午5点，联系电话13905951234")
    fill = {"post-ask-address": "工业区", "post-ask-employer-name": name}
    for _ in range(15):
        pending = [k for k in fill if flows.zh(k).splitlines()[0] in said]
        if not pending:
            break
        said = await b.say(employer, fill[pending[0]])
    return await b.say(employer, "发布")


async def test_healthz_shows_a_staff_robot_with_a_wrong_key_and_the_notices_are_kept(settings, fake_wecom):
    b = await Bot(replace(settings, staff_webhook_url=type(settings.staff_webhook_url)(
        fake_wecom.url.replace(fake_wecom.key, "wrong-key")))).start()
    try:
        said = await b.say(new_openid("w"), "人工")
        assert "#" in said
        for _ in range(50):
            health = await (await b.client.get("/healthz")).json()
            if health.get("staff_robot", {}).get("problem"):
                break
            await asyncio.sleep(0.1)
        robot = health["staff_robot"]
        assert robot["ok"] is False and "93000" in robot["problem"] and robot["waiting"] == 1
        assert health["status"] == "ok", "the bot still serves users"
        assert "wrong-key" not in str(health)
    finally:
        await b.stop()

