"""A turn's reads and unit of work (`Database.reading_now`,
`Database.transaction_now`): on a SQLite file they run in the event loop's
thread (no hand-overs to aiosqlite's thread), so they must never hold the
loop up while another process writes, never write through a read, and
commit or roll back as a unit of work does; on PostgreSQL they are the
ordinary ones. Both backends."""
from __future__ import annotations

import asyncio
import sqlite3
import threading
import time

import pytest
from sqlalchemy import select

from bot.store.db import Database
from bot.store.repos import UserRepo
from bot.store.tables import users


async def test_a_turns_unit_of_work_commits_and_its_reads_see_it(db):
    async with db.transaction_now() as conn:
        await UserRepo(conn).upsert("o_unit_a", locale="en", last_message_at=1.0)
    async with db.reading_now() as conn:
        assert (await UserRepo(conn).get("o_unit_a"))["locale"] == "en"
    async with db.reading() as conn:   # and the other connections see it too
        assert (await UserRepo(conn).get("o_unit_a"))["locale"] == "en"


async def test_the_users_record_is_made_on_first_contact_and_changed_field_by_field(db):
    async with db.transaction_now() as conn:
        await UserRepo(conn).upsert("o_unit_c", locale="zh_CN", last_message_at=5.0, subscribed=True)
    async with db.reading_now() as conn:
        first = await UserRepo(conn).get("o_unit_c")
    assert (first["locale"], first["last_message_at"], first["subscribed"]) == ("zh_CN", 5.0, True)
    await asyncio.sleep(0.01)
    async with db.transaction_now() as conn:
        await UserRepo(conn).upsert("o_unit_c", locale="en")
    async with db.reading() as conn:
        then = await UserRepo(conn).get("o_unit_c")
    # Only the field given (and the time of the change) moves.
    assert (then["locale"], then["last_message_at"], then["subscribed"]) == ("en", 5.0, True)
    assert then["created_at"] == first["created_at"] and then["updated_at"] > first["updated_at"]


async def test_a_failed_unit_of_work_leaves_nothing(db):
    with pytest.raises(RuntimeError):
        async with db.transaction_now() as conn:
            await UserRepo(conn).upsert("o_unit_b", locale="en")
            raise RuntimeError("the turn failed half-way")
    async with db.reading_now() as conn:
        assert await UserRepo(conn).get("o_unit_b") is None
    async with db.transaction_now() as conn:   # and the next one works
        await UserRepo(conn).upsert("o_unit_b", locale="zh_CN")
    async with db.reading() as conn:
        assert (await UserRepo(conn).get("o_unit_b"))["locale"] == "zh_CN"


async def test_a_connection_kept_between_turns_sees_what_others_wrote_since(db):
    """The in-loop connections are kept between turns: a read after
    another connection's commit (another process, a staff tool) sees it,
    on the connection kept from the read before."""
    async with db.reading_now() as conn:
        assert await UserRepo(conn).get("o_unit_k") is None
    async with db.transaction() as conn:   # not the turn's own writer
        await UserRepo(conn).upsert("o_unit_k", locale="en")
    async with db.reading_now() as conn:
        assert (await UserRepo(conn).get("o_unit_k"))["locale"] == "en"
    async with db.transaction_now() as conn:   # the kept writer, after another's write
        await UserRepo(conn).upsert("o_unit_k", locale="zh_CN")
    async with db.transaction() as conn:
        await UserRepo(conn).upsert("o_unit_k", locale="en")
    async with db.transaction_now() as conn:
        assert (await UserRepo(conn).get("o_unit_k"))["locale"] == "en"


async def test_a_read_cannot_write(db, database_backend):
    if database_backend != "sqlite":
        pytest.skip("the in-loop reader is SQLite's")
    with pytest.raises(Exception, match="readonly|read-only|query_only"):
        async with db.reading_now() as conn:
            await conn.execute(users.insert().values(openid="o_unit_c", created_at=0, updated_at=0))


async def test_another_process_writing_holds_up_neither_the_loop_nor_the_turn(db, database_backend, database_url):
    """A staff command importing data holds SQLite's write lock for a
    while: a turn's unit of work waits for it (in aiosqlite's thread, as
    before) instead of failing with "database is locked" or stopping the
    event loop, which goes on answering others meanwhile."""
    if database_backend != "sqlite":
        pytest.skip("SQLite's write lock")
    path = database_url.split("///", 1)[1]
    locked, release = threading.Event(), threading.Event()

    def other_process() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO users (openid, created_at, updated_at) VALUES ('o_unit_other', 0, 0)")
        locked.set()
        release.wait(5)
        other.execute("COMMIT")
        other.close()

    holder = threading.Thread(target=other_process)
    holder.start()
    assert await asyncio.to_thread(locked.wait, 5)
    ticks = 0

    async def others_answered() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticker = asyncio.create_task(others_answered())
    loop = asyncio.get_running_loop()
    loop.call_later(0.4, release.set)
    started = time.monotonic()
    try:
        async with db.transaction_now() as conn:
            await UserRepo(conn).upsert("o_unit_turn", locale="en")
    finally:
        ticker.cancel()
        release.set()
        await asyncio.to_thread(holder.join, 5)
    waited = time.monotonic() - started
    assert waited >= 0.3, "the unit of work went ahead while another process held the lock"
    assert ticks >= 10, f"the event loop stood still while waiting ({ticks} ticks in {waited:.2f} s)"
    async with db.reading_now() as conn:
        found = {r.openid for r in await conn.execute(select(users.c.openid))}
    assert {"o_unit_other", "o_unit_turn"} <= found


async def test_a_message_is_recorded_as_done_once_and_a_later_copy_is_told(db):
    from bot.store.repos import InboxRepo

    async with db.transaction_now() as conn:
        assert await InboxRepo(conn).done("msg:inbox-1", "first answer", "o_inbox") is True
    async with db.transaction_now() as conn:
        assert await InboxRepo(conn).done("msg:inbox-1", "second answer", "o_inbox") is False
    async with db.reading_now() as conn:
        assert await InboxRepo(conn).reply_if_done("msg:inbox-1") == "first answer"


async def test_a_copy_recorded_while_an_earlier_one_commits_waits_for_it_and_is_told(db, database_backend):
    """Two copies of one message in their units at once (PostgreSQL: each
    on its own connection): the later one's record waits for the earlier
    unit, and is told it was done once that commits."""
    if database_backend != "postgresql":
        pytest.skip("one writer at a time on SQLite: the units cannot overlap")
    from bot.store.repos import InboxRepo

    recorded, let_go = asyncio.Event(), asyncio.Event()

    async def earlier() -> bool:
        async with db.transaction_now() as conn:
            await UserRepo(conn).get("o_inbox")   # a unit that ran something before its record: in a transaction
            done = await InboxRepo(conn).done("msg:inbox-2", "the earlier answer", "o_inbox")
            recorded.set()
            await let_go.wait()
            return done

    first = asyncio.create_task(earlier())
    await recorded.wait()

    async def later() -> bool:
        async with db.transaction_now() as conn:
            return await InboxRepo(conn).done("msg:inbox-2", "the later answer", "o_inbox")

    second = asyncio.create_task(later())
    await asyncio.sleep(0.3)
    assert not second.done(), "waits for the earlier unit"
    let_go.set()
    assert await first is True and await second is False
    async with db.reading_now() as conn:
        assert await InboxRepo(conn).reply_if_done("msg:inbox-2") == "the earlier answer"


class DoneBefore(Exception):
    """As the turn service raises it (bot/turn/service.py): the unit rolls back."""


async def _touch_and_record(db, openid: str, locale: str, msg_key: str) -> bool:
    """A unit as a returning user's turn makes it: their row, then the record."""
    from bot.store.repos import InboxRepo

    try:
        async with db.transaction_now() as conn:
            await UserRepo(conn).upsert(openid, locale=locale, last_message_at=time.time())
            if not await InboxRepo(conn).done(msg_key, f"answer in {locale}", openid):
                raise DoneBefore(msg_key)
    except DoneBefore:
        return False
    return True


async def test_a_users_row_written_with_a_record_is_written_once_and_not_by_a_later_copy(db):
    assert await _touch_and_record(db, "o_held_a", "en", "msg:held-1") is True
    assert await _touch_and_record(db, "o_held_a", "zh_CN", "msg:held-1") is False   # a resend, changed since
    async with db.reading() as conn:
        assert (await UserRepo(conn).get("o_held_a"))["locale"] == "en"
    assert await _touch_and_record(db, "o_held_a", "zh_CN", "msg:held-2") is True
    async with db.reading() as conn:
        assert (await UserRepo(conn).get("o_held_a"))["locale"] == "zh_CN"


async def test_a_write_held_for_the_record_is_seen_by_the_units_own_reads(db):
    from bot.store.repos import InboxRepo

    async with db.transaction_now() as conn:
        await UserRepo(conn).upsert("o_held_b", locale="en")
        assert (await UserRepo(conn).get("o_held_b"))["locale"] == "en"
        assert await InboxRepo(conn).done("msg:held-3", "answer", "o_held_b") is True
    with pytest.raises(RuntimeError):
        async with db.transaction_now() as conn:
            await UserRepo(conn).upsert("o_held_b", locale="zh_CN")
            assert (await UserRepo(conn).get("o_held_b"))["locale"] == "zh_CN"
            raise RuntimeError("the turn failed after a read")
    async with db.reading() as conn:
        assert (await UserRepo(conn).get("o_held_b"))["locale"] == "en"


async def test_on_postgresql_a_users_row_and_its_record_go_as_one_statement(db, database_backend):
    """A unit that writes only the user's row and its record is one round
    trip, not four (BEGIN, the row, the record, COMMIT); one that reads
    between sends BEGIN, the held row first, and COMMIT."""
    if database_backend != "postgresql":
        pytest.skip("the turn's unit of work on asyncpg")
    from bot.store.repos import InboxRepo

    async def statements_of(*steps) -> list[str]:
        sent: list[str] = []

        def log(record) -> None:
            sent.append(record.query.split()[0].upper().rstrip(";"))

        async with db.transaction_now() as conn:
            raw = conn._raw
            raw.add_query_logger(log)
            for step in steps:
                await step(conn)
        await asyncio.sleep(0.05)   # (asyncpg calls its loggers soon after, not at once)
        raw.remove_query_logger(log)   # after the unit's end: its COMMIT is counted
        return sent

    def touch(conn):
        return UserRepo(conn).upsert("o_held_c", locale="en", last_message_at=1.0)

    def read(conn):
        return UserRepo(conn).get("o_held_c")

    def record(key):
        return lambda conn: InboxRepo(conn).done(key, "answer", "o_held_c")

    assert await statements_of(touch, record("msg:held-4")) == ["WITH"]
    assert await statements_of(touch, read, record("msg:held-5")) == ["BEGIN", "INSERT", "SELECT", "INSERT", "COMMIT"]
    assert await statements_of(touch) == ["INSERT"]   # alone: its own implicit transaction
    assert await statements_of(record("msg:held-6")) == ["WITH"]
    async with db.reading() as conn:
        assert (await UserRepo(conn).get("o_held_c"))["last_message_at"] == 1.0


async def test_on_postgresql_a_cancelled_units_statement_is_cancelled_on_the_server_too(db, database_backend):
    """A turn whose time ran out mid-statement: its connection is dropped,
    and the server stops the statement instead of running it to its end
    (a long wait for a lock held by another unit, here a sleep)."""
    if database_backend != "postgresql":
        pytest.skip("the turn's unit of work on asyncpg")
    from sqlalchemy import func, text

    async def a_long_statement() -> None:
        async with db.transaction_now() as conn:
            await conn.execute(select(func.pg_sleep(20)))

    task = asyncio.create_task(a_long_statement())
    await asyncio.sleep(0.5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    running = None
    for _ in range(40):
        await asyncio.sleep(0.1)
        async with db.reading() as conn:
            running = (await conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep%'"
                " AND pid <> pg_backend_pid()"))).scalar()
        if running == 0:
            break
    assert running == 0, "the statement still runs on the server"
