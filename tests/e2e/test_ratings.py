"""After the job: done, both sides rate, averages show in search; only the
parties rate, once, corrections within 24 hours; engagements end by
themselves; safety flags; the monthly cap of the service survey."""
import asyncio
import time

import pytest

from sqlalchemy import update

from bot.features.ratings.handlers import end_due_engagements
from bot.handlers.keys import DB, TURNS
from bot.i18n import Catalog
from bot import clock
from bot.store.tables import applications, jobs, ratings, surveys, tickets
from tests.e2e.test_find_and_apply import post, register
from tests.e2e.test_register_and_post import post_and_confirm, rows
from tests.wx import new_openid

CAT = Catalog()


@pytest.fixture
def settings(settings):
    """Weeks of an employer's work run here within seconds, faster than any
    person types: the per-user message limit is off here
    (tests/e2e/test_rate_limit.py checks it)."""
    from dataclasses import replace

    return replace(settings, user_rate_limit=0)


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


async def engage(bot, employer, worker, n_app=1):
    """The worker applies to the employer's (only) job; the employer accepts."""
    await bot.say(worker, "丰泽有没有搬运的活")
    await bot.say(worker, "1")
    await bot.say(worker, "1")
    await bot.say(employer, "我的招工")
    await bot.say(employer, "1")
    await bot.say(employer, "4")
    await bot.say(employer, str(n_app))
    said = await bot.say(employer, "1")
    assert zh("applicant-decided", status="accepted", name="小李", phone="13811112222") in said


async def begun(bot):
    """Every job's work has begun (today in Quanzhou): "done" is taken only then."""
    async with bot.app[DB].transaction() as conn:
        await conn.execute(update(jobs).values(start_date=clock.today(time.time()).isoformat()))


async def rate(bot, user, score, tags="跳过", comment="跳过"):
    said = await bot.say(user, "评价")
    if zh("rate-list") not in said:
        return said
    await bot.say(user, "1")
    await bot.say(user, str(score))
    await bot.say(user, tags)
    return await bot.say(user, comment)


async def test_three_engagements_done_and_rated_show_the_employer_average_in_search(bot, fake_wechat, fake_wecom):
    employer = await post(bot, "明天丰泽区招搬运工3名，日结200元，早上8点到下午5点，电话13905951234")
    workers = [new_openid("w") for _ in range(3)]
    for i, w in enumerate(workers, 1):
        await register(bot, w, push="2")
        await engage(bot, employer, w, n_app=i)
    # one side says done; the other is told and can rate too
    await begun(bot)
    said = await bot.say(workers[0], "完工")
    assert zh("done-list") in said
    said = await bot.say(workers[0], "1")
    assert zh("done-ok") in said and zh("rate-ask-score", role="worker") in said
    await bot.say(workers[0], "5")
    await bot.say(workers[0], "1 2")
    said = await bot.say(workers[0], "老板人很好，工钱当天结")
    assert zh("rate-saved") in said
    await asyncio.sleep(0.3)
    assert any("评价" in t for t in fake_wechat.texts_to(employer))
    # the employer rates the worker
    said = await rate(bot, employer, 4, tags="1")
    assert zh("rate-saved") in said
    # a comment with a phone number is refused kindly
    for w in workers[1:]:
        await bot.say(w, "完工")
        await bot.say(w, "1")
        await bot.say(w, "4")
        await bot.say(w, "跳过")
        said = await bot.say(w, "打我电话13800138000")
        assert zh("rate-comment-refused", why="personal") in said
        said = await bot.say(w, "跳过")
        assert zh("rate-saved") in said
    got = await rows(bot, ratings)
    assert len(got) == 4 and sorted(r["rater_role"] for r in got) == ["employer", "worker", "worker", "worker"]
    # the average shows once there are three ratings (the same employer posts again)
    said = await post_and_confirm(bot, employer, "后天丰泽区招搬运工1名，日结200元，早上8点到下午5点")
    assert zh("post-published") in said
    said = await bot.say(new_openid("w"), "丰泽有没有搬运的活")
    assert "4.3分·3次" in said
    # a worker sees why their rating is what it is
    said = await bot.say(workers[0], "我的评分")
    assert zh("my-rating", role="worker", avg="4.0", count=1) in said and "准时" in said


async def test_a_third_party_cannot_rate_and_a_second_rating_is_refused_after_24_hours(bot):
    employer = await post(bot, "明天丰泽区招搬运工1名，日结200元，早上8点到下午5点，电话13905951234")
    worker = new_openid("w")
    await register(bot, worker, push="2")
    await engage(bot, employer, worker)
    stranger = new_openid("x")
    said = await rate(bot, stranger, 1)
    assert zh("rate-none") in said
    await begun(bot)
    await bot.say(worker, "完工")
    await bot.say(worker, "1")
    await bot.say(worker, "5")
    await bot.say(worker, "跳过")
    await bot.say(worker, "跳过")
    # a correction within 24 hours is allowed
    said = await rate(bot, worker, 3)
    assert zh("rate-saved") in said
    [r] = await rows(bot, ratings)
    assert r["score"] == 3
    # after the window: refused kindly
    async with bot.app[DB].transaction() as conn:
        await conn.execute(update(ratings).values(created_at=time.time() - 25 * 3600))
    said = await rate(bot, worker, 1)
    assert zh("rate-locked") in said
    [r] = await rows(bot, ratings)
    assert r["score"] == 3


async def test_engagements_end_by_themselves_and_unpaid_wages_are_flagged(bot, fake_wecom, fake_wechat):
    employer = await post(bot, "明天丰泽区招搬运工1名，日结200元，早上8点到下午5点，电话13905951234")
    worker = new_openid("w")
    await register(bot, worker, push="2")
    await engage(bot, employer, worker)
    turns = bot.app[TURNS]
    async with bot.app[DB].transaction() as conn:
        assert await end_due_engagements(turns.deps(conn, "", time.time())) == 0, "the job is not over yet"
        assert await end_due_engagements(turns.deps(conn, "", time.time() + 3 * 86400)) == 1
        assert await end_due_engagements(turns.deps(conn, "", time.time() + 4 * 86400)) == 0, "once"
    [app] = await rows(bot, applications)
    assert app["ended_by"] == "auto"
    before = len(fake_wecom.posts)
    said = await rate(bot, worker, 1, tags="5")  # 拖欠工资
    assert zh("rate-saved") in said
    posts = await fake_wecom.wait_posts(before + 1)
    assert "拖欠工资" in posts[-1]["markdown"]["content"]


async def test_the_service_survey_is_asked_at_most_once_a_month(bot):
    employer = await post(bot, "明天丰泽区招搬运工2名，日结200元，早上8点到下午5点，电话13905951234")
    worker = new_openid("w")
    await register(bot, worker, push="2")
    await engage(bot, employer, worker)
    await begun(bot)
    await bot.say(worker, "完工")
    await bot.say(worker, "1")
    await bot.say(worker, "5")
    await bot.say(worker, "跳过")
    said = await bot.say(worker, "跳过")
    assert zh("survey-intro") in said and zh("survey-ask-environment") in said
    assert zh("survey-ask-process") in await bot.say(worker, "4")
    assert zh("survey-ask-result") in await bot.say(worker, "一般")
    said = await bot.say(worker, "挺好的")
    assert zh("survey-thanks") in said
    # the employer is asked too (their own monthly survey) ...
    said = await rate(bot, employer, 5)
    assert zh("survey-ask-environment") in said
    await bot.say(employer, "取消")
    # ... but the worker, correcting within the month, is not asked again
    said = await rate(bot, worker, 4)
    assert zh("rate-saved") in said and zh("survey-ask-environment") not in said
    got = await rows(bot, surveys)
    assert [(s["environment"], s["process"], s["result"]) for s in got if s["openid"] == worker] == [(4, 3, 4)]


async def test_an_employer_whose_average_falls_low_is_flagged_once(bot, fake_wecom):
    from bot.features.ratings.rules import RULES

    employer = await post(bot, "明天丰泽区招搬运工9名，日结200元，早上8点到下午5点，电话13905951234")
    n = RULES.get().low_average_min_count
    for i in range(n + 1):
        worker = new_openid("w")
        await register(bot, worker, push="2")
        await engage(bot, employer, worker, n_app=i + 1)
        await begun(bot)
        await bot.say(worker, "完工")
        await bot.say(worker, "1")
        await bot.say(worker, "1")
        await bot.say(worker, "跳过")
        await bot.say(worker, "跳过")
        await bot.say(worker, "取消")  # no survey now
    await asyncio.sleep(1.0)
    flags = [p for p in fake_wecom.posts if "评分偏低" in str(p)]
    assert len(flags) == 1


async def test_the_other_side_can_say_it_did_not_happen_which_goes_to_staff(bot, fake_wecom):
    employer = await post(bot, "明天丰泽区招搬运工1名，日结200元，早上8点到下午5点，电话13905951234")
    worker = new_openid("w")
    await register(bot, worker, push="2")
    await engage(bot, employer, worker)
    await begun(bot)
    await bot.say(employer, "完工")
    await bot.say(employer, "1")
    await bot.say(employer, "取消")
    said = await bot.say(worker, "没干成")
    assert zh("dispute-list") in said
    said = await bot.say(worker, "1")
    [ticket] = await rows(bot, tickets)
    assert zh("dispute-sent", id=ticket["id"]) in said, "the ticket's number, to ask about it"
    [app] = await rows(bot, applications)
    assert app["disputed"] is True
    said = await rate(bot, worker, 5)
    assert zh("rate-none") in said, "a disputed engagement is not rated"
    posts = await fake_wecom.wait_posts(1)
    assert any("没干成" in p["markdown"]["content"] for p in posts)


async def test_done_waits_for_the_first_day_then_both_sides_rate_from_rate_and_from_done(bot, fake_wechat):
    employer = await post(bot, "明天丰泽区招搬运工2名，日结200元，早上8点到下午5点，电话13905951234")
    workers = [new_openid("w"), new_openid("w")]
    for i, w in enumerate(workers, 1):
        await register(bot, w, push="2")
        await engage(bot, employer, w, n_app=i)
    tomorrow = clock.today(time.time()).toordinal() + 1
    from datetime import date

    first = date.fromordinal(tomorrow)
    [job] = await rows(bot, jobs)
    said = await bot.say(employer, "完工")
    assert zh("done-not-yet", id=job["id"], month=first.month, day=first.day) in said
    assert f"{first.month}月{first.day}日" in said and zh("done-ok") not in said
    assert [a["ended_at"] for a in await rows(bot, applications)] == [None, None]
    await begun(bot)
    await bot.say(employer, "完工")
    said = await bot.say(employer, "1")
    assert zh("done-ok") in said
    await bot.say(employer, "取消")
    await bot.say(employer, "完工")
    said = await bot.say(employer, "1")
    assert zh("done-ok") in said
    await bot.say(employer, "取消")
    # the first worker rates from "rate", as the notice says
    await asyncio.sleep(0.3)
    assert any("评价" in t for t in fake_wechat.texts_to(workers[0]))
    said = await rate(bot, workers[0], 5)
    assert zh("rate-saved") in said
    # the second says "done" too: the other side already did, so rating follows
    said = await bot.say(workers[1], "完工")
    assert zh("done-by-other") in said and zh("rate-list") in said
    await bot.say(workers[1], "1")
    await bot.say(workers[1], "4")
    await bot.say(workers[1], "跳过")
    said = await bot.say(workers[1], "跳过")
    assert zh("rate-saved") in said
    assert sorted(r["score"] for r in await rows(bot, ratings)) == [4, 5]
