"""Nothing typed is lost, end to end (issue 13, item 2): what reaches the
staff group through the fake WeCom robot (which enforces the real one's
limits) when a user asks for a person in the middle of filling something
in, or tells a long story."""
import asyncio
import re
from dataclasses import replace

from bot.i18n import Catalog
from bot.store.tables import ticket_messages, tickets
from tests.conftest import Bot
from tests.e2e.test_register_and_post import rows
from tests.wx import new_openid

CAT = Catalog()
MAX = 4096


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


async def test_human_in_the_middle_of_a_complaint_gives_staff_what_was_filled_in(bot, fake_wecom):
    worker = new_openid("w")
    await bot.say(worker, "投诉")
    await bot.say(worker, "1")
    said = await bot.say(worker, "晋江池店工地的包工头欠我十二天工钱一共两千四 他电话13655556666 一直躲着不给")
    assert zh("complaint-ask-photos") in said
    said = await bot.say(worker, "人工")
    number = int(re.search(r"#(\d+)", said).group(1))
    [post] = await fake_wecom.wait_posts(1)
    notice = post["markdown"]["content"]
    assert f"#{number}" in notice and "用户要找人工" in notice
    assert "用户在填投诉" in notice and "什么事：拖欠" in notice, "before: no word of the complaint being filled"
    assert "包工头欠我十二天工钱一共两千四" in notice
    assert "13655556666" not in notice and "136＊＊＊＊6666" in notice, "phones masked as in any notice"
    [t] = await rows(bot, tickets)
    assert "包工头欠我十二天工钱一共两千四 他电话13655556666" in t["text"], "the ticket keeps it whole"
    said = await bot.say(worker, "跳过")
    assert zh("complaint-ask-phone") in said, "and the complaint goes on where it was"


async def test_a_three_thousand_character_story_is_kept_whole_and_staff_get_its_start_and_where_to_read_it(
        bot, fake_wecom):
    worker = new_openid("w")
    piece = ("我在丰泽区东海街道一个工地做小工，包工头姓陈，说好一天两百，干了十二天，"
             "一共两千四，到现在一分钱没给，打电话不接，去工地找他也躲着不见人。")
    story = (piece * 60)[:3000]
    await bot.say(worker, "投诉")
    await bot.say(worker, "1")
    said = await bot.say(worker, story)
    assert zh("complaint-ask-photos") in said and "5000" not in said
    await bot.say(worker, "跳过")
    said = await bot.say(worker, "跳过")
    assert zh("complaint-story-long", length=3000) in said
    assert len(said.encode("utf-8")) <= 2048, "the summary fits one WeChat message"
    said = await bot.say(worker, "对的")
    number = int(re.search(r"#(\d+)", said).group(1))
    [post] = await fake_wecom.wait_posts(1)
    notice = post["markdown"]["content"]
    assert len(notice.encode("utf-8")) <= MAX and fake_wecom.refused == []
    assert piece[:30] in notice and f"查看 {number}" in notice, "its start, and where to read it whole"
    [t] = await rows(bot, tickets)
    assert t["text"] == story, "before: cut to 1,000 characters"


async def test_ok_thanks_to_a_staff_reply_reaches_staff_on_the_ticket(settings, fake_wecom, fake_wechat):
    staff = new_openid("s")
    b = await Bot(replace(settings, staff_openids=frozenset({staff}))).start()
    try:
        worker = new_openid("w")
        said = await b.say(worker, "人工")
        number = int(re.search(r"#(\d+)", said).group(1))
        await fake_wecom.wait_posts(1)
        await b.say(staff, f"回复 {number} 你周一上午带身份证到丰泽零工市场来")
        await fake_wechat.wait_messages(1)
        said = await b.say(worker, "好的谢谢 我周一去")
        assert said == zh("human-reply-sent", id=number), "before: '收到', and staff never heard it"
        posts = await fake_wecom.wait_posts(2)
        notice = posts[1]["markdown"]["content"]
        assert f"#{number}" in notice and "好的谢谢 我周一去" in notice and "用户回复" in notice
        said = await b.say(staff, f"查看 {number}")
        assert "好的谢谢 我周一去" in said
        # a second word right after: kept on the ticket, staff not flooded
        said = await b.say(worker, "行 我等你们电话")
        assert said == zh("human-reply-sent", id=number)
        await asyncio.sleep(0.5)
        assert len(fake_wecom.posts) == 2
        texts = [m["text"] for m in await rows(b, ticket_messages) if m["author"] == "user"]
        assert texts[-2:] == ["好的谢谢 我周一去", "行 我等你们电话"]
    finally:
        await b.stop()


async def test_the_survey_score_after_the_menu_is_a_score_and_my_complaints_lists_them(
        settings, fake_wecom, fake_wechat):
    staff = new_openid("s")
    b = await Bot(replace(settings, staff_openids=frozenset({staff}))).start()
    try:
        worker = new_openid("w")
        said = await b.say(worker, "人工")
        number = int(re.search(r"#(\d+)", said).group(1))
        said = await b.say(worker, "菜单")
        assert zh("menu-list").splitlines()[0] in said
        await b.say(staff, f"结案 {number} 已经帮你联系好了")
        await fake_wechat.wait_messages(1)
        said = await b.say(worker, "5")
        assert said == zh("survey-thanks"), "before: the menu's 5 opened a new complaint"
        [t] = await rows(b, tickets)
        assert t["satisfaction"] == 5
        said = await b.say(worker, "我的投诉")
        assert f"#{number}" in said and "已办结" in said
    finally:
        await b.stop()


async def test_more_words_right_after_a_complaint_is_lodged_are_added_to_it(bot, fake_wecom):
    worker = new_openid("w")
    await bot.say(worker, "干完活老板跑了不给钱 在晋江池店的工地干了半个月")
    await bot.say(worker, "跳过")
    await bot.say(worker, "跳过")
    said = await bot.say(worker, "对的")
    number = int(re.search(r"#(\d+)", said).group(1))
    said = await bot.say(worker, "他说下周一给钱 到现在也没给")
    assert said == zh("human-reply-sent", id=number), "before: not understood, and the words lost"
    texts = [m["text"] for m in await rows(bot, ticket_messages) if m["author"] == "user"]
    assert texts == ["他说下周一给钱 到现在也没给"]
    await fake_wecom.wait_posts(1)
    await asyncio.sleep(0.5)
    assert len(fake_wecom.posts) == 1, "staff were told a moment ago: the words wait in the ticket"
