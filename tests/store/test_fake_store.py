"""The fakes of tests/fake_store.py are honest: one story, told to the fake
and to the real repository (on SQLite and on PostgreSQL), gets the same
answers, and the facts the handlers rely on are checked once here against
the real thing."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.store.db import Database
from bot.store.repos import ERASED_PREFIX, SLOT_CAPACITY, AppointmentRepo, TrainingRepo
from tests.fake_store import FakeStore, StoreOnConnection, plain

TODAY = date(2026, 12, 7)
TOMORROW = (TODAY + timedelta(days=1)).isoformat()


def by_id(rows: list) -> list:
    """Records of a query without an order (due reminders): handlers take them all."""
    return sorted(rows, key=lambda r: r.id)


def day(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


@pytest.fixture
async def conn(database_url):
    db = Database(database_url)
    await db.migrate()
    try:
        async with db.transaction() as c:
            yield c
    finally:
        await db.close()


def course(code: str, capacity: int, start: int, end: int, **extra) -> dict:
    return {"code": code, "name": f"课程{code}", "trade": "electrician", "mode": "offline", "capacity": capacity,
            "start_date": day(start), "end_date": day(end), **extra}


async def training_story(store) -> list:
    """Sign-ups, the waiting list, cancelling, reminders and needs, as the
    training handlers use them; every answer is kept."""
    repo = store.repo(TrainingRepo)
    said: list = []
    await store.offer_courses([course("a", 1, 1, 3, schedule="9:00-17:00", place="丰泽区"),
                               course("b", 2, 5, 9), course("gone", 5, 2, 4), course("old", 5, -9, -1)])
    await store.offer_courses([course("a", 1, 1, 3, schedule="9:00-17:00", place="丰泽区"),
                               course("b", 2, 5, 9), course("old", 5, -9, -1)])   # "gone" no longer offered
    said.append(await repo.upcoming(TODAY.isoformat()))
    for code, who, wait in (("a", "u1", False), ("a", "u2", False), ("a", "u2", True), ("a", "u3", True),
                            ("a", "u2", True), ("a", "u4", True), ("gone", "u1", True), ("nope", "u1", True),
                            ("b", "u2", False)):
        said.append((code, who, await repo.enroll(code, who, wait)))
    said.append(await repo.upcoming(TODAY.isoformat()))
    said.append(await repo.mine("u2"))
    said.append(await repo.enrollment("a", "u3"))
    said.append(await repo.cancel("a", "u2"))           # was waiting: nobody moves up
    said.append(await repo.cancel("a", "u1"))           # frees the place: u3, the first waiting, moves up
    said.append(await repo.cancel("a", "u1"))           # already cancelled
    said.append(await repo.cancel("b", "u1"))           # never signed up
    said.append(await repo.enroll("a", "u1", True))     # back, at the end of the waiting list
    said.append(await repo.cancel("a", "u3"))           # u4 waited longer than u1
    said.append(by_id(await repo.due_reminders(TOMORROW)))
    for row in await repo.due_reminders(TOMORROW):
        await repo.reminded(row.id)
    said.append(by_id(await repo.due_reminders(TOMORROW)))
    said.append(await repo.mine("u4"))
    said.append(await repo.course("a"))
    said.append(await repo.course("nope"))
    await repo.add_need("u1", ["electrician", "welder"], "想学电工", "weekends", "any")
    said.append(await store.needs())
    return plain(said)


async def test_the_fake_training_repository_answers_as_the_real_one(conn):
    real = await training_story(StoreOnConnection(conn))
    assert await training_story(FakeStore()) == real
    # What the handlers rely on, checked once against the real repository:
    upcoming = real[0]
    assert [c["code"] for c in upcoming] == ["a", "b"], "ended and withdrawn courses are not offered"
    assert upcoming[0]["enrolled"] == 0 and upcoming[0]["capacity"] == 1
    assert [s for _, _, s in real[1:10]] == ["enrolled", "full", "waiting", "waiting", "already", "waiting",
                                             "gone", "gone", "enrolled"]
    assert real[13:19] == [None, "u3", None, None, "waiting", "u4"]
    [due] = real[19]
    assert (due["openid"], due["name"], due["start_date"], due["reminded_at"]) == ("u4", "课程a", TOMORROW, False)
    assert real[20] == [], "reminded once"


async def guidance_story(store) -> list:
    """Booking, moving, cancelling and reminding, as the guidance handlers use them."""
    repo = store.repo(AppointmentRepo)
    said: list = []
    await store.add_worker("u1", "张三", "13905958888")
    await store.add_worker("u3", "李四")
    for n in range(SLOT_CAPACITY + 1):
        said.append(await repo.book(f"u{n + 1}", "fengze_market", day(1), "morning"))
    said.append(await repo.book("u9", "fengze_market", day(1), "afternoon", topic="rights"))
    said.append(await repo.book("u9", "licheng_market", day(1), "morning"))
    said.append(await repo.taken("fengze_market", [day(1), day(2)]))
    said.append(await repo.book("u1", "fengze_market", day(2), "afternoon", replaces=1, topic="skills"))   # moves u1's
    said.append(await repo.taken("fengze_market", [day(1), day(2)]))
    said.append(await repo.cancel("u3", 2))      # not theirs
    said.append(await repo.cancel("u2", 2))
    said.append(await repo.cancel("u2", 2))      # already cancelled
    said.append(await repo.mine("u1", TODAY.isoformat()))
    said.append(await repo.mine("u1", day(3)))
    said.append(await repo.mine("u9", TODAY.isoformat()))
    said.append(await repo.on_day(day(1)))
    said.append(by_id(await repo.due_reminders(day(1))))
    for row in await repo.due_reminders(day(1)):
        if row.openid != "u9":
            await repo.reminded(row.id)
    said.append(by_id(await repo.due_reminders(day(1))))
    return plain(said)


async def test_the_fake_appointment_repository_answers_as_the_real_one(conn):
    real = await guidance_story(StoreOnConnection(conn))
    assert await guidance_story(FakeStore()) == real
    assert real[:SLOT_CAPACITY + 1] == [True] * SLOT_CAPACITY + [False], "a half-day takes SLOT_CAPACITY"
    assert real[SLOT_CAPACITY + 3] == {(day(1), "morning"): SLOT_CAPACITY, (day(1), "afternoon"): 1}
    on_day = real[-3]
    assert [(a["openid"], a["market_code"], a["half"], a["name"], a["topic"]) for a in on_day] == [
        ("u9", "fengze_market", "afternoon", None, "rights"), ("u3", "fengze_market", "morning", "李四", None),
        ("u4", "fengze_market", "morning", None, None), ("u9", "licheng_market", "morning", None, None)]
    assert [(a["day"], a["topic"]) for a in real[SLOT_CAPACITY + 9]] == [(day(2), "skills")], "u1's, moved"
    assert [a["openid"] for a in real[-1]] == ["u9", "u9"]


async def notify_story(store) -> list:
    said = []
    await store.set_locale("u_en", "en")
    vars = {"name": "电工", "start": TOMORROW, "schedule": "-", "place": "丰泽区"}
    said.append(await store.notifier.notify(getattr(store, "conn", None), "u_zh", "training-reminder", "k1", **vars))
    said.append(await store.notifier.notify(getattr(store, "conn", None), "u_zh", "training-reminder", "k1", **vars))
    said.append(await store.notifier.notify(getattr(store, "conn", None), "u_en", "training-reminder", "k2",
                                            about="u_zh", **vars))
    said.append(await store.notifier.notify(getattr(store, "conn", None), f"{ERASED_PREFIX}x", "training-reminder",
                                            "k3", **vars))
    said.append(await store.sent())
    return said


async def test_the_fake_notifier_queues_as_the_outbox_does(conn):
    real = await notify_story(StoreOnConnection(conn))
    assert await notify_story(FakeStore()) == real
    assert real[:4] == [True, False, True, False], "once per key; nothing to a deleted user"
    zh, en = real[4]
    assert "明天开始培训 电工" in zh["text"] and "starts tomorrow" in en["text"] and en["about"] == "u_zh"
