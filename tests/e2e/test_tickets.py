"""Complaints and staff answers, end to end: one notice in the staff group,
staff reply and close from their WeChat, the user reads both and rates."""
import asyncio
import re
import time
from dataclasses import replace
from datetime import datetime

from bot.handlers.keys import DB, TURNS
from bot.i18n import Catalog
from bot.services.pushes import QUANZHOU
from bot.store.tables import tickets
from tests.conftest import Bot
from tests.e2e.test_register_and_post import rows
from tests.wx import new_openid, xml_message

CAT = Catalog()


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


async def test_complaint_in_one_message_reaches_staff_who_reply_and_close_and_the_user_rates(
        settings, fake_wecom, fake_wechat):
    staff = new_openid("s")
    b = await Bot(replace(settings, staff_openids=frozenset({staff}))).start()
    try:
        worker = new_openid("w")
        said = await b.say(worker, "老板拖欠我三天工资不给，一共六百块")
        assert zh("complaint-ask-photos") in said, "kind and story were understood from the one message"
        await b.wechat.post(xml_message(worker, "image", PicUrl="http://mmbiz.qpic.cn/iou.jpg", MediaId="m1"))
        await b.say(worker, "好了")
        await b.say(worker, "13811112222")
        said = await b.say(worker, "提交")
        number = int(re.search(r"#(\d+)", said).group(1))
        assert zh("complaint-lodged", id=number, called_back="yes").splitlines()[0] in said
        posts = await fake_wecom.wait_posts(1)
        await asyncio.sleep(0.5)
        assert len(fake_wecom.posts) == 1
        notice = posts[0]["markdown"]["content"]
        assert f"#{number}" in notice and "拖欠工资" in notice and "六百" in notice
        assert "138＊＊＊＊2222" in notice and "13811112222" not in notice, \
            "the user asked to be called back: the group sees the number masked"
        # the photo is being copied out of WeChat (without PUBLIC_BASE_URL, staff are told there is no link)
        assert zh("evidence-notice-no-links", photos=1, voices=0) in notice and worker not in notice
        # a non-staff user typing the command changes nothing
        await b.say(new_openid("x"), f"结案 {number} 没事了")
        assert (await rows(b, tickets))[0]["status"] == "open"
        said = await b.say(staff, f"查看 {number}")
        assert "13811112222" in said, "the whole number is in the staff's own ticket view"
        # staff reply, then close
        said = await b.say(staff, f"回复 {number} 我们已联系老板，明天给你结清")
        assert zh("staff-ticket-done", id=number, action="reply") in said
        said = await b.say(staff, f"结案 {number} 工资已结清")
        await fake_wechat.wait_messages(2)
        await asyncio.sleep(0.5)
        texts = fake_wechat.texts_to(worker)
        assert any("明天给你结清" in t for t in texts) and any("工资已结清" in t for t in texts)
        said = await b.say(worker, "我的投诉")
        assert f"#{number}" in said and "已办结" in said
        said = await b.say(worker, "4")
        assert said == zh("survey-thanks")
        [t] = await rows(b, tickets)
        assert t["status"] == "closed" and t["satisfaction"] == 4 and t["first_reply_at"]
        said = await b.say(staff, "待办")
        assert zh("staff-todo-empty") in said
    finally:
        await b.stop()


async def test_an_untouched_ticket_is_followed_up_after_two_working_hours(bot, fake_wecom, fake_wechat):
    worker = new_openid("w")
    await bot.say(worker, "人工")
    await fake_wecom.wait_posts(1)
    [t] = await rows(bot, tickets)
    turns = bot.app[TURNS]
    monday_9 = datetime(2026, 11, 30, 9, 0, tzinfo=QUANZHOU).timestamp()
    async with bot.app[DB].transaction() as conn:
        from bot.store.repos import TicketRepo

        await TicketRepo(conn).update(t["id"], created_at=monday_9)
        assert await turns.tickets.follow_up_overdue(conn, monday_9 + 3600) == 0
        assert await turns.tickets.follow_up_overdue(conn, monday_9 + 4 * 3600) == 1  # lunch is not counted
        assert await turns.tickets.follow_up_overdue(conn, monday_9 + 5 * 3600) == 0, "once"
    from bot.handlers.keys import SENDER

    bot.app[SENDER].wake()
    posts = await fake_wecom.wait_posts(2)
    assert "超时" in posts[-1]["markdown"]["content"]
    await fake_wechat.wait_messages(1)
    assert any(f"#{t['id']}" in x for x in fake_wechat.texts_to(worker))
    assert time.time()


async def test_reporting_a_fake_job_hides_it_from_search(bot, fake_wecom):
    from tests.e2e.test_find_and_apply import post

    await post(bot, "明天丰泽区招搬运工2名，日结200元，早上8点到下午5点，电话13905951234")
    worker = new_openid("w")
    await bot.say(worker, "丰泽有没有搬运的活")
    await bot.say(worker, "1")
    said = await bot.say(worker, "举报")
    assert zh("report-ask-why").splitlines()[0] in said
    said = await bot.say(worker, "1")
    assert "#" in said
    from bot.store.tables import jobs

    [job] = await rows(bot, jobs)
    assert job["status"] == "review"
    said = await bot.say(new_openid("w"), "丰泽有没有搬运的活")
    assert "200元/天" not in said


async def test_the_staff_ticket_view_gives_the_callback_phone_but_not_an_identity_number(settings):
    staff = new_openid("s")
    b = await Bot(replace(settings, staff_openids=frozenset({staff}))).start()
    try:
        worker = new_openid("w")
        said = await b.say(worker, "老板拖欠我三天工资不给，一共六百，身份证350503198001011234")
        assert zh("complaint-ask-photos") in said
        await b.say(worker, "跳过")
        await b.say(worker, "13811112222")
        number = int(re.search(r"#(\d+)", await b.say(worker, "提交")).group(1))
        await b.say(worker, "人工")   # a further message from the user, into the same view
        view = await b.say(staff, f"查看 {number}")
        assert "13811112222" in view, "staff call the user back"
        assert "350503198001011234" not in view and "3505**********1234" in view
        assert "六百" in view
    finally:
        await b.stop()
