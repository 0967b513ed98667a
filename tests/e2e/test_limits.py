"""Abuse limits, end to end over the webhook: one open request for a person
per user (a repeat is added to it, staff are not flooded), complaints kept
apart unless repeated word for word, daily limits on job posts and
applications, and a wage complaint's urgency decided by the sum owed,
not by the phone number beside it."""
import asyncio
import re
import time
from dataclasses import replace

from sqlalchemy import select, update

from bot import clock
from bot.handlers.keys import DB
from bot.i18n import Catalog
from bot.store.tables import applications, jobs, outbox, ticket_messages, tickets
from tests.conftest import Bot
from tests.e2e.test_find_and_apply import post, register
from tests.e2e.test_register_and_post import post_and_confirm, rows
from tests.wx import new_openid, text

CAT = Catalog()


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


async def settle(fake_wecom, seconds=1.0):
    """Let the outbox sender deliver what it has; then what reached staff."""
    await asyncio.sleep(seconds)
    return fake_wecom.texts()


async def lodge_complaint(bot, user, story):
    """A complaint told in one message, no photos, no callback: the ticket's number."""
    said = await bot.say(user, story)
    for _ in range(6):
        # (The phone question offers the number the story gave, when it gave one.)
        if zh("complaint-ask-photos").splitlines()[0] in said or zh("complaint-ask-phone") in said \
                or zh("complaint-ask-phone-said", phone="\0").split("\0")[0] in said:
            said = await bot.say(user, "跳过")
        elif zh("complaint-confirm") in said:
            said = await bot.say(user, "提交")
            return said
        else:
            raise AssertionError(said)
    raise AssertionError(said)


# ---------------------------------------------------------------- one open request for a person

async def test_sixty_human_presses_in_half_a_second_make_one_ticket_and_one_staff_notice(bot, fake_wecom,
                                                                                           fake_wechat):
    user = new_openid("w")
    others = [new_openid("o") for _ in range(3)]
    replies = await asyncio.gather(*(bot.wechat.post(text(user, "人工")) for _ in range(60)),
                                   *(bot.wechat.post(text(u, "人工")) for u in others))
    assert all(r.status == 200 for r in replies)
    mine = await rows(bot, tickets, openid=user)
    assert len(mine) == 1, "one ticket, however often the user asks"
    number = mine[0]["id"]
    # The user's turns wait for each other; on a busy machine some finish
    # after WeChat's time and answer as customer-service messages: read
    # what was done once every message has its answer.
    for _ in range(100):
        if len([r for r in replies[:60] if r.text]) + len(fake_wechat.texts_to(user)) >= 60:
            break
        await asyncio.sleep(0.1)
    async with bot.app[DB].reading() as conn:
        added = (await conn.execute(select(ticket_messages.c.text).where(
            ticket_messages.c.ticket_id == number, ticket_messages.c.author == "user"))).scalars().all()
    # Past the per-user limit (a minute's worth of messages) the rest are
    # only asked to slow down; every one acted on was added to the ticket.
    limit = bot.settings.user_rate_limit
    assert added == ["人工"] * (limit - 1), "every later request acted on was added to the ticket"
    # What the user read: told once it went to staff, then plainly that it is already there.
    await asyncio.sleep(1.0)
    told = [r.text for r in replies[:60] if r.text] + fake_wechat.texts_to(user)
    assert len(told) == 60, "every message answered (in time, or as a customer-service message)"
    assert told.count(zh("handed-to-staff", id=number)) == 1
    assert told.count(zh("handed-to-staff-again", id=number)) == limit - 1
    assert told.count(zh("slow-down")) == 60 - limit
    # Staff: one full notice for this user (and one for each other user), nothing else about it.
    notices = await settle(fake_wecom)
    assert len([t for t in notices if user[-8:] in t]) == 1
    assert len([t for t in notices if f"#{number}" in t]) <= 2, "at most a couple of notices about the ticket"
    assert len(notices) <= len(others) + 2
    for u in others:
        assert len(await rows(bot, tickets, openid=u)) == 1, "other users are not merged into anyone's ticket"


async def test_a_repeat_tells_staff_again_once_they_answered_or_after_a_while_and_a_closed_ticket_is_not_reused(
        settings, fake_wecom, fake_wechat):
    staff = new_openid("s")
    b = await Bot(replace(settings, staff_openids=frozenset({staff}))).start()
    try:
        user = new_openid("w")
        said = await b.say(user, "人工")
        number = int(re.search(r"#(\d+)", said).group(1))
        await fake_wecom.wait_posts(1)
        # Asked again at once, three times: added, the user told so, staff not bothered.
        for _ in range(3):
            assert await b.say(user, "转人工") == zh("handed-to-staff-again", id=number)
        assert len(await settle(fake_wecom, 0.5)) == 1
        # Staff answer; the user's next request is news to them: one short "wrote again".
        await b.say(staff, f"回复 {number} 你好，请问什么事？")
        for _ in range(3):
            await b.say(user, "人工")
        notices = await settle(fake_wecom)
        assert len(notices) == 2
        again = notices[1]
        assert f"#{number}" in again and "又发来消息" in again and user[-8:] not in again and len(again) < 120
        # Half an hour later, with no answer in between: staff hear once more.
        async with b.app[DB].transaction() as conn:
            await conn.execute(update(tickets).where(tickets.c.id == number)
                               .values(repeat_noticed_at=time.time() - 31 * 60))
        await b.say(user, "人工")
        await b.say(user, "人工")
        assert len(await settle(fake_wecom)) == 3
        # Staff see every message on the ticket.
        view = await b.say(staff, f"查看 {number}")
        assert view.count("用户：") >= 6 and "转人工" in view
        # Once closed, a new request is a new ticket with its own full notice.
        await b.say(staff, f"结案 {number} 已电话联系")
        said = await b.say(user, "人工")
        assert said == zh("handed-to-staff", id=number + 1)
        notices = await settle(fake_wecom)
        assert len(notices) == 4 and user[-8:] in notices[-1] and f"#{number + 1}" in notices[-1]
    finally:
        await b.stop()


async def test_complaints_are_kept_apart_unless_sent_again_word_for_word(bot, fake_wecom):
    user = new_openid("w")
    first = await lodge_complaint(bot, user, "老板拖欠我三天工资不给，一共六百块")
    n1 = int(re.search(r"#(\d+)", first).group(1))
    second = await lodge_complaint(bot, user, "工地包工头欠我两个月工资没发，一共一千八")
    n2 = int(re.search(r"#(\d+)", second).group(1))
    assert n1 != n2, "two different wage complaints are two tickets"
    assert len(await settle(fake_wecom)) == 2
    again = await lodge_complaint(bot, user, "老板拖欠我三天工资不给，一共六百块")
    assert zh("ticket-repeated", id=n1).splitlines()[0] in again
    assert zh("complaint-lodged", id=n1, called_back="no").splitlines()[0] not in again
    assert len(await rows(bot, tickets, openid=user)) == 2
    notices = await settle(fake_wecom)
    assert len([t for t in notices if user[-8:] in t]) == 2, "no second full notice for a repeat"
    # "Human" while complaints are open is a request for a person: its own ticket.
    said = await bot.say(user, "人工")
    assert said == zh("handed-to-staff", id=n2 + 1)


# ---------------------------------------------------------------- the sum of a wage complaint

async def test_a_small_wage_complaint_with_a_phone_number_is_not_urgent_and_a_large_one_is(bot, fake_wecom):
    small = new_openid("w")
    await lodge_complaint(bot, small, "老板欠我300元工资不给…电话13655556666")
    notices = await settle(fake_wecom)
    assert len(notices) == 1 and "紧急" not in notices[0], notices
    assert not [p for p in fake_wecom.posts if p.get("msgtype") == "text" and p["text"].get("mentioned_list")]
    [t] = await rows(bot, tickets, openid=small)
    assert t["urgent"] is False
    large = new_openid("w")
    await lodge_complaint(bot, large, "老板拖欠我三个月工资一万二不给，电话13655556666")
    notices = await settle(fake_wecom)
    assert any("紧急" in n and large[-8:] in n for n in notices)
    assert [p for p in fake_wecom.posts if p.get("msgtype") == "text" and p["text"].get("mentioned_list")]
    [t] = await rows(bot, tickets, openid=large)
    assert t["urgent"] is True


# ---------------------------------------------------------------- daily limits

async def test_an_employer_at_the_daily_limit_is_told_before_typing_a_post_and_a_repost_is_refused(
        settings, fake_wecom):
    b = await Bot(replace(settings, daily_post_limit=2)).start()
    try:
        employer = new_openid("e")
        for words in ("明天丰泽区搬家需要2个搬运工，日结200元，早上8点到下午5点，电话13905951234",
                      "后天晋江鞋厂招普工2名，日结180，早上8点到下午6点，电话13905951234"):
            assert zh("post-published") in await post_and_confirm(b, employer, words)
        said = await b.say(employer, "招工")
        assert zh("post-cap-reached", limit=2) in said
        assert zh("post-ask-trade").splitlines()[0] not in said, "not asked to type a post"
        said = await b.say(employer, "明天丰泽区招搬运工2名，日结200元，早上8点到下午5点，电话13905951234")
        assert zh("post-cap-reached", limit=2) in said, "a whole post in one message is stopped too"
        assert len(await rows(b, jobs)) == 2
        # Reposting makes a new post: refused where it is saved, and the employer is told so.
        await b.say(employer, "我的招工")
        await b.say(employer, "1")
        await b.say(employer, "2")
        said = await b.say(employer, "明天")
        said = await b.say(employer, "发布")
        assert zh("post-cap-refused", limit=2) in said and zh("post-published") not in said
        assert len(await rows(b, jobs)) == 2
        # Editing a post is not a new one.
        await b.say(employer, "我的招工")
        await b.say(employer, "1")
        await b.say(employer, "3")
        said = await b.say(employer, "发布")
        assert zh("post-published") in said
        # Another employer is not limited by this one's posts.
        assert zh("post-published") in await post_and_confirm(
            b, new_openid("e"), "明天丰泽区搬家需要2个搬运工，日结200元，早上8点到下午5点，电话13905950000")
        # Posts of an earlier Quanzhou day do not count.
        async with b.app[DB].transaction() as conn:
            await conn.execute(update(jobs).values(created_at=clock.day_start(clock.today(time.time())) - 1))
        said = await post_and_confirm(b, employer, "明天丰泽区招搬运工2名，日结200元，早上8点到下午5点，电话13905951234")
        assert zh("post-published") in said
    finally:
        await b.stop()


async def test_a_worker_at_the_daily_limit_is_told_at_apply_and_the_save_refuses_past_it(settings, fake_wechat):
    b = await Bot(replace(settings, daily_application_limit=2)).start()
    try:
        for n in range(4):
            await post(b, f"明天丰泽区搬家需要2个搬运工，日结{200 + n * 10}元，早上8点到下午5点，电话1390595123{n}")
        worker = new_openid("w")
        await register(b, worker)
        for pick in ("1", "2"):
            await b.say(worker, "丰泽有没有搬运的活")
            await b.say(worker, pick)
            assert "报名成功" in await b.say(worker, "报名")
        await b.say(worker, "丰泽有没有搬运的活")
        await b.say(worker, "3")
        said = await b.say(worker, "报名")
        assert zh("apply-cap-reached", limit=2) in said and "报名成功" not in said
        assert zh("job-detail-actions").splitlines()[0] in said, "still at the job: back, report, human"
        assert len(await rows(b, applications, worker_openid=worker)) == 2
        # Applications of an earlier Quanzhou day do not count.
        today = clock.day_start(clock.today(time.time()))
        async with b.app[DB].transaction() as conn:
            await conn.execute(update(applications).values(created_at=today - 1, updated_at=today - 1))
        said = await b.say(worker, "报名")
        assert "报名成功" in said, said
        # The check where the effect is made: an application that reaches the
        # store past the limit (a second process, a limit lowered meanwhile)
        # changes nothing, tells no employer, and the user reads why.
        from bot.features.find_work.messages import Apply
        from bot.handlers.keys import TURNS

        turns = b.app[TURNS]
        turns.settings = replace(turns.settings, daily_application_limit=1)
        applied = {a["job_id"] for a in await rows(b, applications, worker_openid=worker)}
        [fourth] = [j for j in await rows(b, jobs) if j["id"] not in applied]
        results: dict = {}
        async with b.app[DB].transaction() as conn:
            queued = await turns.bus.run(Apply(fourth["id"]), turns.deps(conn, worker, msg_key="race:1",
                                                                        results=results))
        assert queued is False
        assert len(await rows(b, applications, worker_openid=worker)) == 3
        instead = results["instead"]["applied"]  # what the reply says instead of "applied"
        assert CAT.text("zh_CN", instead.id, **instead.vars) == zh("apply-cap-refused", limit=1)
        async with b.app[DB].reading() as conn:
            keys = (await conn.execute(select(outbox.c.idempotency_key))).scalars().all()
        assert "apply:race:1" not in keys
    finally:
        await b.stop()


def test_the_limits_are_set_from_the_environment_with_defaults():
    from bot.settings import Settings

    s = Settings.from_env({"WECHAT_TOKEN": "t", "DAILY_POST_LIMIT": "3", "DAILY_APPLICATION_LIMIT": "0",
                           "TICKET_REPEAT_NOTICE_MINUTES": "5"})
    assert (s.daily_post_limit, s.daily_application_limit, s.ticket_repeat_notice_minutes) == (3, 0, 5.0)
    s = Settings.from_env({"WECHAT_TOKEN": "t"})
    assert (s.daily_post_limit, s.daily_application_limit, s.ticket_repeat_notice_minutes) == (10, 20, 30.0)
