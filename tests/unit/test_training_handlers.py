"""Training's handlers on the fake store (tests/fake_store.py): no database,
a millisecond each. What the repositories do is proven against SQLite and
PostgreSQL in tests/store/test_fake_store.py; the whole conversation in
tests/e2e/test_policy_and_training.py."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from bot import clock
from bot.bus import Bus
from bot.features.training.handlers import router
from bot.features.training.messages import AddTrainingNeed, CancelEnrollment, Courses, Enroll, MyTraining
from tests.fake_store import FakeStore, handler_deps

BUS = Bus(router)
# 23:30 in Quanzhou on Monday 7 December: still the 7th there (15:30 UTC).
NOW = datetime(2026, 12, 7, 23, 30, tzinfo=clock.QUANZHOU).timestamp()


def day(n: int) -> str:
    return (clock.today(NOW) + timedelta(days=n)).isoformat()


def course(code: str, capacity: int = 2, start: int = 1, end: int = 3, **extra) -> dict:
    return {"code": code, "name": f"课程{code}", "trade": "electrician", "mode": "offline", "capacity": capacity,
            "start_date": day(start), "end_date": day(end), "schedule": "每天 9:00-17:00", "place": "丰泽区培训中心",
            **extra}


@pytest.fixture
async def store() -> FakeStore:
    s = FakeStore()
    await s.offer_courses([course("a", capacity=1), course("b", start=4, end=6),
                           course("today", start=-2, end=0), course("ended", start=-3, end=-1)])
    return s


async def run(store, message, openid="o_me", msg_key="msg:1", now=NOW):
    deps = handler_deps(store, openid=openid, now=now, msg_key=msg_key)
    return await BUS.run(message, deps), deps.results


async def ask(store, query, openid="o_me", now=NOW):
    return await BUS.ask(query, handler_deps(store, openid=openid, now=now))


def test_every_training_message_has_its_handler():
    for message in (Courses(), MyTraining(), Enroll("a", wait=True), CancelEnrollment("a"),
                    AddTrainingNeed(("electrician",), "", "any", "any")):
        assert BUS.handles(message), message


async def test_courses_are_those_not_ended_on_the_quanzhou_day_of_the_message(store):
    offered = await ask(store, Courses())
    assert [c.code for c in offered] == ["today", "a", "b"], "one ending today is still offered"
    assert [c.code for c in await ask(store, Courses(), now=NOW + 3600)] == ["a", "b"], \
        "an hour later it is the 8th in Quanzhou (still the 7th in UTC)"


async def test_signing_up_says_enrolled_then_full_or_waiting(store):
    assert await run(store, Enroll("a", wait=False), openid="u1") == (False, {"enroll_status": "enrolled"})
    assert (await run(store, Enroll("a", wait=False), openid="u2"))[1] == {"enroll_status": "full"}
    assert (await run(store, Enroll("a", wait=True), openid="u2"))[1] == {"enroll_status": "waiting"}
    assert (await run(store, Enroll("a", wait=True), openid="u2"))[1] == {"enroll_status": "already"}
    assert [(c.code, c.enrolled) for c in await ask(store, Courses())][1] == ("a", 1)
    [mine] = await ask(store, MyTraining(), openid="u2")
    assert (mine.course_code, mine.status, mine.name) == ("a", "waiting", "课程a")


async def test_a_freed_place_goes_to_the_first_waiting_who_is_told_once(store):
    await run(store, Enroll("a", wait=False), openid="u1")
    await run(store, Enroll("a", wait=True), openid="u2")
    await run(store, Enroll("a", wait=True), openid="u3")
    queued, _ = await run(store, CancelEnrollment("a"), openid="u1", msg_key="msg:77")
    assert queued is True
    [told] = await store.sent()
    assert told["openid"] == "u2" and told["key"] == "promoted:msg:77"
    first = date.fromisoformat(day(1))
    assert "已经帮你报上：课程a" in told["text"] and f"{first.month}月{first.day}日开始" in told["text"] \
        and "丰泽区培训中心" in told["text"], "the day as people read it, not 2026-12-08"
    assert [m.status for m in await ask(store, MyTraining(), openid="u2")] == ["enrolled"]
    assert [m.status for m in await ask(store, MyTraining(), openid="u3")] == ["waiting"]


async def test_leaving_a_waiting_list_frees_no_place_and_tells_nobody(store):
    await run(store, Enroll("a", wait=False), openid="u1")
    await run(store, Enroll("a", wait=True), openid="u2")
    await run(store, Enroll("a", wait=True), openid="u3")
    assert await run(store, CancelEnrollment("a"), openid="u2") == (False, {})
    assert await store.sent() == []
    assert await ask(store, MyTraining(), openid="u2") == []


async def test_a_place_freed_on_a_course_deleted_meanwhile_moves_the_waiting_up_but_tells_nobody(store):
    await run(store, Enroll("a", wait=False), openid="u1")
    await run(store, Enroll("a", wait=True), openid="u2")
    del store.courses["a"]      # staff removed the course's row by hand: there is nothing to tell about
    assert await run(store, CancelEnrollment("a"), openid="u1") == (False, {})
    assert await store.sent() == []
    assert [e["status"] for e in store.enrollments if e["openid"] == "u2"] == ["enrolled"]


async def test_the_promotion_is_told_in_the_users_language_with_dashes_for_what_the_course_lacks(store):
    await store.offer_courses([course("a", capacity=1, schedule="", place="")])
    await store.set_locale("u2", "en")
    await run(store, Enroll("a", wait=False), openid="u1")
    await run(store, Enroll("a", wait=True), openid="u2")
    await run(store, CancelEnrollment("a"), openid="u1")
    [told] = await store.sent()
    first = date.fromisoformat(day(1))
    assert told["text"].startswith("Good news!") and f"Starts {first.month}/{first.day}, -, place: -" in told["text"]


async def test_a_needs_answer_is_kept_with_its_trades(store):
    await run(store, AddTrainingNeed(("electrician", "welder"), "想学电焊", "weekends", "offline"), openid="u1")
    [need] = await store.needs()
    assert (need["openid"], need["trades"], need["wish"], need["when"], need["mode"]) == (
        "u1", '["electrician", "welder"]', "想学电焊", "weekends", "offline")


async def test_the_day_before_a_course_everyone_enrolled_is_reminded_once(store):
    await run(store, Enroll("a", wait=False), openid="u1")
    await run(store, Enroll("a", wait=True), openid="u2")       # waiting: not reminded
    await run(store, Enroll("b", wait=False), openid="u1")      # starts in 4 days: not yet
    await store.set_locale("u1", "en")
    remind = router.periodic_work[0]
    assert await remind(handler_deps(store, openid="", now=NOW)) == 1
    [told] = await store.sent()
    assert told["openid"] == "u1" and told["key"] == "course-reminder:1"
    assert "Reminder: your course 课程a starts tomorrow." in told["text"] and "丰泽区培训中心" in told["text"]
    assert await remind(handler_deps(store, openid="", now=NOW + 60)) == 0, "once"


async def test_reminders_count_tomorrow_in_quanzhou_time(store):
    await run(store, Enroll("b", wait=False), openid="u1")      # starts on day 4
    remind = router.periodic_work[0]
    day_2_late = datetime.combine(clock.today(NOW) + timedelta(days=2), time(23, 30), clock.QUANZHOU)
    day_3_early = day_2_late + timedelta(hours=1)               # 00:30 in Quanzhou, still day 2 in UTC
    assert await remind(handler_deps(store, openid="", now=day_2_late.timestamp())) == 0
    assert await remind(handler_deps(store, openid="", now=day_3_early.timestamp())) == 1
