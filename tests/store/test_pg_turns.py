"""A turn's reads and unit of work on PostgreSQL run on asyncpg connections
of their own (bot/store/pg.py): what they give, what they refuse and what
survives a failure must be what SQLAlchemy's engine gave."""
from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy import bindparam, delete, event, insert, select, text, update
from sqlalchemy.exc import IntegrityError

import bot.store.db as db_module
from bot.store.tables import staff_users, users
from tests.store.test_pool import _terminate

BY_OPENID = select(users).where(users.c.openid == bindparam("openid"))
ADD = insert(users)
ADD_RETURNING = insert(users).returning(users.c.openid)
CHANGE = update(users).where(users.c.openid == bindparam("by_openid"))
COUNT_TEXT = text("SELECT count(*) AS n FROM users")


@pytest.fixture
def pg(db):
    if db.is_sqlite:
        pytest.skip("PostgreSQL's turn connections")
    return db


def a_user(openid: str, subscribed: bool = True) -> dict:
    return {"openid": openid, "locale": "zh_CN", "subscribed": subscribed, "created_at": 1.0, "updated_at": 1.0}


async def _openids(db) -> list[str]:
    async with db.reading() as conn:
        return list((await conn.execute(select(users.c.openid).order_by(users.c.openid))).scalars())


async def _backend_pid(db) -> int:
    async with db.transaction_now() as conn:
        return (await conn.execute(text("SELECT pg_backend_pid() AS pid"))).one().pid


async def test_a_unit_of_work_gives_what_sqlalchemy_gives_and_sends_it_nothing(pg):
    through_sqlalchemy: list[str] = []
    event.listen(pg.engine.sync_engine, "before_cursor_execute", lambda *a: through_sqlalchemy.append(a[2]))
    for round_ in range(3):
        async with pg.transaction_now() as conn:
            assert (await conn.execute(ADD, a_user(f"o_{round_}_a"))).rowcount == 1
            assert (await conn.execute(ADD_RETURNING, a_user(f"o_{round_}_b", subscribed=False))).scalar_one() \
                == f"o_{round_}_b"
            assert (await conn.execute(CHANGE, {"by_openid": f"o_{round_}_a", "locale": "en"})).rowcount == 1
            assert (await conn.execute(CHANGE, {"by_openid": "nobody", "locale": "en"})).rowcount == 0
            # Its own writes are read back in it; a string of SQL names its own columns.
            row = (await conn.execute(BY_OPENID, {"openid": f"o_{round_}_a"})).mappings().one()
            assert row["locale"] == "en" and row["subscribed"] is True
            assert (await conn.execute(COUNT_TEXT)).one().n == 3 * round_ + 2
            # Several rows at once; a key SQLAlchemy returns for the new row; a statement built for one call.
            await conn.execute(ADD, [a_user(f"o_{round_}_c"), a_user(f"o_{round_}_d")])
            added = await conn.execute(insert(staff_users).values(name=f"staff {round_}", role="officer",
                                                                  active=True, created_at=1.0))
            assert added.inserted_primary_key[0] > 0
            gone = await conn.execute(delete(users).where(users.c.openid == f"o_{round_}_d"))
            assert gone.rowcount == 1
    assert through_sqlalchemy == [], through_sqlalchemy
    assert await _openids(pg) == sorted(f"o_{n}_{x}" for n in range(3) for x in "abc")
    async with pg.reading() as conn:
        assert (await conn.execute(select(users.c.locale).where(users.c.openid == "o_2_a"))).scalar() == "en"


async def test_a_failed_unit_keeps_nothing_and_its_connection_serves_the_next(pg):
    async with pg.transaction_now() as conn:
        await conn.execute(ADD, a_user("o_once"))
    pid = await _backend_pid(pg)
    for _ in range(2):
        with pytest.raises(IntegrityError) as caught:
            async with pg.transaction_now() as conn:
                await conn.execute(ADD, a_user("o_new"))
                await conn.execute(ADD, a_user("o_once"))
        assert "o_once" not in str(caught.value), "values are not shown"
        with pytest.raises(RuntimeError):
            async with pg.transaction_now() as conn:
                await conn.execute(ADD, a_user("o_new"))
                raise RuntimeError("a handler failed")
    assert await _openids(pg) == ["o_once"]
    assert await _backend_pid(pg) == pid, "rolled back and reused, not dropped"


async def test_a_unit_cancelled_half_way_keeps_nothing_and_its_connection_is_dropped(pg):
    pid = await _backend_pid(pg)
    started = asyncio.Event()

    async def slow_turn() -> None:
        async with pg.transaction_now() as conn:
            await conn.execute(ADD, a_user("o_cancelled"))
            started.set()
            await conn.execute(text("SELECT pg_sleep(5)"))

    turn = asyncio.create_task(slow_turn())
    await started.wait()
    await asyncio.sleep(0.2)
    turn.cancel()          # the turn's time ran out in the middle of a statement
    with pytest.raises(asyncio.CancelledError):
        await turn
    assert await _openids(pg) == []
    assert await _backend_pid(pg) != pid
    async with pg.transaction_now() as conn:
        await conn.execute(ADD, a_user("o_after"))
    assert await _openids(pg) == ["o_after"]


async def test_a_turn_connection_the_server_closed_while_idle_is_not_used(pg, database_url):
    first = await _backend_pid(pg)
    await _terminate(database_url, first)
    await asyncio.sleep(0.2)
    assert await _backend_pid(pg) != first


@pytest.mark.parametrize("idle_for, pinged", [(0.15, True), (0.0, False)])
async def test_a_turn_connection_idle_past_the_threshold_is_pinged(pg, monkeypatch, idle_for, pinged):
    """One the network dropped without a word to the client (no close seen)
    is found by the ping and replaced, not used for a user's turn."""
    monkeypatch.setattr(db_module, "PING_IDLE_AFTER", 0.1)
    pid = await _backend_pid(pg)
    pings: list[str] = []
    real = asyncpg.Connection.fetchrow

    async def counted(self, query, *args, **kw):
        pings.append(query)
        return await real(self, query, *args, **kw)

    monkeypatch.setattr(asyncpg.Connection, "fetchrow", counted)
    await asyncio.sleep(idle_for)
    assert await _backend_pid(pg) == pid
    assert pings == ([";"] if pinged else [])


async def test_a_broken_read_runs_through_sqlalchemy_and_the_connection_is_replaced(pg, database_url):
    async with pg.transaction_now() as conn:
        await conn.execute(ADD, a_user("o_1"))
    for _ in range(2):   # compiled at its second sight
        async with pg.reading_now() as conn:
            await conn.execute(BY_OPENID, {"openid": "o_1"})
    pid = await _backend_pid(pg)
    await _terminate(database_url, pid)
    await asyncio.sleep(0.2)
    async with pg.reading_now() as conn:
        assert (await conn.execute(BY_OPENID, {"openid": "o_1"})).mappings().one()["openid"] == "o_1"
    assert await _backend_pid(pg) != pid


async def test_no_more_turn_connections_than_the_limit(pg, monkeypatch):
    from bot.store.pg import TurnConnections

    limited = TurnConnections(pg.engine, 2, lambda: 60.0)
    pg._turn_connections = limited
    busy = 0
    most = 0

    async def turn(n: int) -> None:
        nonlocal busy, most
        async with pg.transaction_now() as conn:
            busy += 1
            most = max(most, busy)
            await conn.execute(text("SELECT pg_sleep(0.05)"))
            await conn.execute(ADD, a_user(f"o_{n}"))
            busy -= 1

    await asyncio.gather(*(turn(n) for n in range(6)))
    assert most == 2
    assert len(await _openids(pg)) == 6
    await limited.close()


async def test_a_unit_that_ends_after_the_shutdown_began_leaves_no_connection_open(pg):
    """Closing the database (the process stopping) while a unit is under
    way: the unit's connection is closed when it ends, not kept idle for
    ever (asyncpg warns of a connection never closed)."""
    started, go_on = asyncio.Event(), asyncio.Event()
    kept = []

    async def a_late_unit() -> None:
        async with pg.transaction_now() as conn:
            kept.append(conn._raw)
            started.set()
            await go_on.wait()
            await conn.execute(ADD, a_user("o_late"))

    unit = asyncio.create_task(a_late_unit())
    await started.wait()
    await pg._turn_connections.close()
    go_on.set()
    await unit
    assert kept[0].is_closed()
    assert pg._turn_connections._idle == []


async def test_a_turn_cancelled_during_the_ping_leaves_no_connection_open(pg, monkeypatch):
    monkeypatch.setattr(db_module, "PING_IDLE_AFTER", 0.0)   # every connection is pinged
    await _backend_pid(pg)
    [(idle, _since)] = pg._turn_connections._idle
    pinging = asyncio.Event()
    real = asyncpg.Connection.fetchrow

    async def slow_ping(self, query, *args, **kw):
        if query == ";":
            pinging.set()
            await asyncio.sleep(5)
        return await real(self, query, *args, **kw)

    monkeypatch.setattr(asyncpg.Connection, "fetchrow", slow_ping)
    turn = asyncio.create_task(_backend_pid(pg))
    await pinging.wait()
    turn.cancel()
    with pytest.raises(asyncio.CancelledError):
        await turn
    assert idle.is_closed(), "closed, not left open with no one to close it"
    assert pg._turn_connections._idle == []
