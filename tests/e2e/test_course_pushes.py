"""Courses reach people (issue #14, clauses 14-16): when a course is on
offer, the workers it suits are told once, within the push rules; those
who asked for it in the needs survey (promised: told when it opens) are told even if
they never opted in to job pushes; "退订" stops it."""
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.handlers.keys import DB, PUSHES
from bot.services.courses import sync_courses
from bot.services.pushes import QUANZHOU
from bot.store.tables import course_pushes, outbox
from tests.e2e.test_find_and_apply import register, zh
from tests.wx import new_openid


def _course(code, trade, area, mode="offline", capacity=10, days=5, **more):
    start = (datetime.now(QUANZHOU).date() + timedelta(days=days)).isoformat()
    end = (datetime.now(QUANZHOU).date() + timedelta(days=days + 7)).isoformat()
    return {"code": code, "name": more.pop("name", f"{code} course"), "trade": trade, "area": area, "mode": mode,
            "start_date": start, "end_date": end, "capacity": capacity, "place": more.pop("place", "place"),
            "schedule": "weekends", "cost": "free", **more}


async def _offer(bot, *items):
    async with bot.app[DB].transaction() as conn:
        await sync_courses(conn, list(items))


async def _pushed(bot, openid):
    async with bot.app[DB].reading() as conn:
        got = (await conn.execute(select(outbox.c.payload, outbox.c.idempotency_key)
                                  .where(outbox.c.recipient == openid))).all()
    return [p for p, key in got if key.startswith("course-push:")]


def _noon(days=0):
    return (datetime.now(QUANZHOU).replace(hour=12, minute=0) + timedelta(days=days)).timestamp()


async def test_an_offered_course_reaches_the_workers_it_suits_once(bot):
    await _offer(bot, _course("elec-x", "electrician", "fengze", name="低压电工速成班", place="丰泽培训室"),
                 _course("weld-x", "welder", "nanan", name="焊工班"),
                 _course("full-x", "electrician", "fengze", capacity=0, name="满员电工班"))
    electrician = new_openid("w")
    await register(bot, electrician, trades="电工", area="丰泽", push="1")
    quiet = new_openid("w")          # an electrician who did not ask for pushes
    await register(bot, quiet, trades="电工", area="丰泽", push="0")
    elsewhere = new_openid("w")      # asked for pushes, in another area
    await register(bot, elsewhere, trades="电工", area="德化", push="1")
    runner = bot.app[PUSHES]
    night = datetime.now(QUANZHOU).replace(hour=23, minute=0).timestamp()

    assert await runner.round(night) == 0, "never at night"
    assert await runner.round(_noon()) == 1
    [text] = await _pushed(bot, electrician)
    assert "低压电工速成班" in text and "丰泽培训室" in text and zh("course-push-footer", trade="电工") in text
    said = await bot.say(electrician, "培训 电工")     # as the push says: the course is there to sign up
    assert "低压电工速成班" in said and "焊工班" not in said
    assert "焊工班" not in text and "满员电工班" not in text, "not another trade, not a full course"
    assert await _pushed(bot, quiet) == [] and await _pushed(bot, elsewhere) == []
    assert await runner.round(_noon() + 60) == 0, "one push per course"


async def test_the_needs_survey_promise_is_kept_and_unsubscribe_stops_it(bot):
    await _offer(bot, _course("elec-y", "electrician", "fengze", name="电工考证班"),
                 _course("elec-live", "electrician", None, mode="live", name="电工直播课"))
    asked = new_openid("t")          # answered the needs survey only: learn electrics, in a classroom
    await bot.say(asked, "培训需求")
    await bot.say(asked, "想学电工")
    await bot.say(asked, "2")
    assert zh("needs-thanks") in await bot.say(asked, "1")
    runner = bot.app[PUSHES]
    assert await runner.round(_noon()) == 1
    [text] = await _pushed(bot, asked)
    assert "电工考证班" in text and "电工直播课" not in text, "the class mode they asked for"

    # A course opening later reaches them too; "退订" stops it.
    await _offer(bot, _course("elec-z", "electrician", "fengze", name="电工提高班"))
    assert "不再" in await bot.say(asked, "退订")
    assert await runner.round(_noon(1)) == 0
    assert len(await _pushed(bot, asked)) == 1

    # Answering the survey again asks to be told again.
    await bot.say(asked, "培训需求")
    await bot.say(asked, "想学电工")
    await bot.say(asked, "2")
    await bot.say(asked, "1")
    assert await runner.round(_noon(1) + 60) == 1
    assert "电工提高班" in (await _pushed(bot, asked))[-1]


async def test_course_pushes_count_in_the_days_cap(bot):
    await _offer(bot, *[_course(f"elec-{i}", "electrician", "fengze", name=f"电工{i}班", days=3 + i)
                        for i in range(5)])
    worker = new_openid("w")
    await register(bot, worker, trades="电工", area="丰泽", push="1")
    runner = bot.app[PUSHES]
    assert await runner.round(_noon()) == 1
    [text] = await _pushed(bot, worker)
    assert "电工0班" in text and "电工2班" in text and "电工3班" not in text, "three a day, soonest first"
    assert await runner.round(_noon() + 60) == 0, "the day's cap is used"
    assert await runner.round(_noon(1)) == 1
    async with bot.app[DB].reading() as conn:
        told = {r.course_code for r in (await conn.execute(select(course_pushes)
                                                           .where(course_pushes.c.openid == worker))).all()}
    assert told == {f"elec-{i}" for i in range(5)}
