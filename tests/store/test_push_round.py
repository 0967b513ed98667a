"""The push round (bot/services/push_runner.py) against the real store
(SQLite, and PostgreSQL when it is set): pushes are written a batch to a
transaction, so no round holds the write lock that users' turns wait for;
a round cut short between batches loses no push and sends none twice."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.app import language_resources
from bot.i18n import Catalog
from bot.services import push_runner
from bot.services.push_runner import PushRunner
from bot.services.pushes import QUANZHOU
from bot.settings import Settings
from bot.store.kv import MemoryStore
from bot.store import repos
from bot.store.repos import EmployerRepo, JobRepo, PushRepo, WorkerRepo
from bot.store.tables import outbox, push_log

WORKERS = [f"o_push_worker_{i}" for i in range(5)]


def _noon() -> float:
    return datetime.now(QUANZHOU).replace(hour=12, minute=0, second=0, microsecond=0).timestamp()


@pytest.fixture
async def runner(db):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    async with db.transaction() as conn:
        boss = await EmployerRepo(conn).save("o_push_boss", {"kind": "person", "name": "陈先生",
                                                              "phone": "13905951234", "consent": True})
        await JobRepo(conn).create(boss, {
            "trades": ["mover"], "area": "fengze", "start_date": tomorrow, "end_date": tomorrow, "days": 1,
            "start_time": "08:00", "end_time": "17:00", "pay_min": 200, "pay_max": 200, "pay_unit": "day",
            "pay_method": "daily", "headcount": 3, "contact_phone": "13905951234", "status": "open"})
        for n, openid in enumerate(WORKERS):
            await WorkerRepo(conn).save(openid, {"name": f"老王{n}", "phone": f"1390595100{n}", "trades": ["mover"],
                                                 "areas": ["fengze"], "wants_push": True})
    refdata = language_resources()[0]
    return PushRunner(Settings(database_url="", template_notice_id="notice-template"), db, MemoryStore(),
                      refdata, Catalog())


async def _pushed(db) -> tuple[list[str], list[str]]:
    async with db.reading() as conn:
        keys = [r[0] for r in (await conn.execute(select(outbox.c.idempotency_key))).all()
                if r[0].startswith("push:")]
        logged = [r[0] for r in (await conn.execute(select(push_log.c.openid))).all()]
    return sorted(keys), sorted(logged)


async def test_a_round_of_more_pushes_than_a_batch_queues_each_once(runner, db, monkeypatch):
    """Read a page, planned a chunk and written a batch at a time: each
    worker once, also one with an alert as well as a profile."""
    monkeypatch.setattr(push_runner, "PUSH_BATCH", 2)
    monkeypatch.setattr(push_runner, "PLAN_CHUNK", 2)
    monkeypatch.setattr(repos, "OPTED_IN_PAGE", 2)
    async with db.transaction() as conn:
        await PushRepo(conn).add_alert(WORKERS[0], ["mover"], ["fengze"])
    assert await runner.round(_noon()) == len(WORKERS)
    keys, logged = await _pushed(db)
    assert len(keys) == len(set(keys)) == len(WORKERS) and logged == sorted(WORKERS)
    assert await runner.round(_noon() + 60) == 0, "a job is pushed once"
    assert await _pushed(db) == (keys, logged)


async def test_a_round_cut_short_keeps_the_batches_written_and_the_next_round_does_the_rest(runner, db, monkeypatch):
    monkeypatch.setattr(push_runner, "PUSH_BATCH", 2)
    queue, calls = runner._queue, []

    async def failing_on_the_fourth(*args):
        calls.append(args)
        if len(calls) == 4:
            raise RuntimeError("the process died here")
        return await queue(*args)

    monkeypatch.setattr(runner, "_queue", failing_on_the_fourth)
    with pytest.raises(RuntimeError):
        await runner.round(_noon())
    keys, logged = await _pushed(db)
    # The first batch is committed; the second (its third push written, its fourth failed) is not.
    assert len(keys) == 2 and len(logged) == 2
    monkeypatch.setattr(runner, "_queue", queue)
    assert await runner.round(_noon() + 60) == len(WORKERS) - 2
    keys, logged = await _pushed(db)
    assert len(keys) == len(set(keys)) == len(WORKERS) and logged == sorted(WORKERS)


async def test_an_alert_without_work_or_places_tells_of_any_new_job_it_asked_for(runner, db):
    """Found in ./dev chat: "有没有包吃住的", then "通知我", was told "好的，有这样
    的新活会通知你", and the alert (no trades, no areas) could never match."""
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    async with db.transaction() as conn:
        boss = await EmployerRepo(conn).save("o_push_boss", {"kind": "person", "name": "陈先生",
                                                              "phone": "13905951234", "consent": True})
        with_board = await JobRepo(conn).create(boss, {
            "trades": ["cleaner"], "area": "jinjiang", "start_date": tomorrow, "end_date": tomorrow, "days": 1,
            "start_time": "08:00", "end_time": "17:00", "pay_min": 180, "pay_max": 180, "pay_unit": "day",
            "pay_method": "daily", "headcount": 2, "contact_phone": "13905951234", "status": "open",
            "meals": True, "lodging": True})
        repo = PushRepo(conn)
        await repo.add_alert("o_alert_board", [], [], meals=True, lodging=True)
        await repo.add_alert("o_alert_fengze", [], ["fengze"])
        await repo.add_alert("o_alert_cleaner", ["cleaner"], [])
        await repo.add_alert("o_alert_any", [], [])
        await repo.add_alert("o_alert_near", [], [], near=(24.70, 118.55))   # south of Jinjiang, 22 km from Fengze
        await repo.add_alert("o_alert_daily", [], [], pay_method="daily")
        await repo.add_alert("o_alert_190", [], [], pay_min=190, pay_unit="day")
        await repo.add_alert("o_alert_250", [], [], pay_min=250, pay_unit="day")
        # A registered mover, opted in, also asked for cleaning work anywhere: one push of both.
        await repo.add_alert(WORKERS[1], ["cleaner"], [])
    await runner.round(_noon())
    async with db.reading() as conn:
        rows = (await conn.execute(select(push_log.c.openid, push_log.c.job_id))).all()
    pushed: dict[str, set[int]] = {}
    for openid, job_id in rows:
        pushed.setdefault(openid, set()).add(job_id)
    mover = next(iter(pushed[WORKERS[0]]))   # the registered movers' job, in Fengze
    assert pushed["o_alert_board"] == {with_board}
    assert pushed["o_alert_fengze"] == {mover}
    assert pushed["o_alert_cleaner"] == {with_board}
    assert pushed["o_alert_any"] == {mover, with_board}
    assert pushed["o_alert_near"] == {with_board}
    assert pushed[WORKERS[1]] == {mover, with_board} and pushed[WORKERS[2]] == {mover}
    assert pushed["o_alert_daily"] == {mover, with_board}
    assert pushed["o_alert_190"] == {mover}, "200 a day, not 180"
    assert "o_alert_250" not in pushed
    async with db.reading() as conn:
        keys = [r[0] for r in (await conn.execute(select(outbox.c.idempotency_key))).all()
                if r[0].startswith(f"push:{WORKERS[1]}:")]
    assert len(keys) == 1, "one message for the profile and the alert together"
