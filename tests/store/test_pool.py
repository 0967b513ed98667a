"""PostgreSQL's pool: a connection the server dropped while it sat idle is
replaced before a turn uses it (pinged only after PING_IDLE_AFTER idle)."""
import asyncio

import asyncpg
import pytest
from sqlalchemy import make_url, text

import bot.store.db as db_module
from bot.store.db import Database


async def _pid(db: Database) -> int:
    async with db.reading() as conn:
        return (await conn.execute(text("SELECT pg_backend_pid()"))).scalar()


async def _terminate(url: str, pid: int) -> None:
    u = make_url(url)
    admin = await asyncpg.connect(host=u.host, port=u.port or 5432, user=u.username, database=u.database)
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()


@pytest.mark.parametrize("idle_after, replaced", [(0.05, True), (3600.0, False)])
async def test_a_connection_dropped_while_idle(database_url, monkeypatch, idle_after, replaced):
    """Idle past the threshold: pinged, found gone and replaced, the read
    works. Within it (here: an hour) it is used unpinged and that read fails:
    the ping is what saves the turn."""
    if not database_url.startswith("postgresql"):
        pytest.skip("a pool of server connections is PostgreSQL's")
    monkeypatch.setattr(db_module, "PING_IDLE_AFTER", idle_after)
    db = Database(database_url)
    try:
        first = await _pid(db)
        await _terminate(database_url, first)
        await asyncio.sleep(0.2)
        if replaced:
            assert await _pid(db) != first
        else:
            with pytest.raises(Exception):
                await _pid(db)
            assert await _pid(db) != first  # the pool let the dead one go
    finally:
        await db.close()


async def test_a_connection_in_steady_use_is_not_pinged(database_url, monkeypatch):
    if not database_url.startswith("postgresql"):
        pytest.skip("a pool of server connections is PostgreSQL's")
    db = Database(database_url)
    pings = []
    real_ping = db.engine.sync_engine.dialect.do_ping
    monkeypatch.setattr(db.engine.sync_engine.dialect, "do_ping", lambda c: pings.append(1) or real_ping(c))
    try:
        for _ in range(20):
            await _pid(db)
        assert pings == []
        monkeypatch.setattr(db_module, "PING_IDLE_AFTER", 0.05)
        await asyncio.sleep(0.1)
        await _pid(db)
        assert pings == [1]
    finally:
        await db.close()


async def test_a_read_whose_connection_broke_raises_the_drivers_error(database_url, monkeypatch):
    """Found in a fault test's log: the unit-of-work bookkeeping's rollback
    hook asked a broken connection for its info, and SQLAlchemy's "rollback
    fully before proceeding" replaced the error that said the database went
    away (a traceback in the log, and a misleading one)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("a pool of server connections is PostgreSQL's")
    from sqlalchemy.exc import DBAPIError

    import bot.store.repos  # noqa: F401  (its hooks on every transaction's commit and rollback)

    monkeypatch.setattr(db_module, "PING_IDLE_AFTER", 3600.0)   # used unpinged: the read finds it gone
    db = Database(database_url)
    try:
        first = await _pid(db)
        await _terminate(database_url, first)
        await asyncio.sleep(0.2)
        with pytest.raises(DBAPIError):
            await _pid(db)
        assert await _pid(db) != first
    finally:
        await db.close()
