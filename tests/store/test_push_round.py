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
