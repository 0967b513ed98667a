"""Hardship categories against a real store (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set): staff find a worker by phone or openid and
recognise categories or take them back, the flag welfare posts read
follows, the worker is told once per change; nobody else can."""
from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select

from bot.bus import Deps
from bot.features.hardship import handlers
from bot.features.hardship.messages import RecogniseHardship, WorkersForStaff
from bot.i18n import Catalog
from bot.settings import Settings
from bot.store.repos import WorkerRepo
from bot.store.tables import workers
from tests.store.test_ratings import Told

STAFF, WORKER = "o_staff", "o_worker"


@pytest.fixture
def told():
    return Told()


@pytest.fixture
def deps(told):
    def make(conn, openid, msg_key="m:1"):
        return Deps(conn, openid, time.time(), Settings(staff_openids=frozenset({STAFF})), Catalog(), None, told,
                    msg_key=msg_key)
    return make


async def test_staff_recognise_and_take_back_and_the_flag_follows(db, deps, told):
    async with db.transaction() as conn:
        await WorkerRepo(conn).save(WORKER, {"name": "小李", "phone": "13800000001", "hardship_said": ["dibao"]})
        assert [w.openid for w in await handlers.workers_for_staff(WorkersForStaff("138 0000 0001"),
                                                                   deps(conn, STAFF))] == [WORKER]
        assert await handlers.workers_for_staff(WorkersForStaff(WORKER), deps(conn, WORKER)) == [], "staff only"
        assert await handlers.recognise(RecogniseHardship(WORKER, ("dibao",)), deps(conn, WORKER)) is False
        assert await handlers.recognise(RecogniseHardship(WORKER, ("dibao", "disabled")),
                                        deps(conn, STAFF, "m:2")) is True
        assert await handlers.recognise(RecogniseHardship(WORKER, ("dibao",)), deps(conn, STAFF, "m:3")) is False, \
            "nothing changes: nothing to tell"
    async with db.reading() as conn:
        [row] = (await conn.execute(select(workers))).mappings().all()
        w = await WorkerRepo(conn).get(WORKER)
    assert row["hardship"] is True and json.loads(row["hardship_recognised"]) == ["disabled", "dibao"]
    assert w is not None and w.hardship_said == ("dibao",) and w.hardship_recognised == ("disabled", "dibao")
    async with db.transaction() as conn:
        assert await handlers.recognise(RecogniseHardship(WORKER, ("disabled", "dibao"), on=False),
                                        deps(conn, STAFF, "m:4")) is True
        w = await WorkerRepo(conn).get(WORKER)
    assert w is not None and w.hardship is False and w.hardship_recognised == () and w.hardship_said == ("dibao",)
    assert [(o, m) for o, m, _ in told.sent] == [(WORKER, "hardship-recognised"), (WORKER, "hardship-unrecognised")]
