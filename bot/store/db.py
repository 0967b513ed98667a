"""The shared database: engine, schema migrations and transactions."""
from __future__ import annotations

import asyncio
import fcntl
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, AsyncIterator, Callable

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import InvalidatePoolError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.store.prepared import Statements

if TYPE_CHECKING:
    from bot.store.pg import PgUnit, TurnConnections

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant: several processes starting at once do their start-up work
# (migrations, the course list) one at a time.
_MIGRATION_LOCK_ID = 74_251_931
# A pooled connection back in the pool longer than this is pinged before it is
# used again (see `_ping_when_idle`).
PING_IDLE_AFTER = 1.0
# In-loop SQLite read connections kept between turns (a turn uses one at a
# time; more are open only while reads wait on something else).
KEEP_IDLE_READERS = 4
# PostgreSQL connections of a process: turns' (bot/store/pg.py) and
# SQLAlchemy's pool's, for the rest (staff pages, reports, background work).
TURN_CONNECTIONS = 10
POOL_SIZE, POOL_OVERFLOW = 5, 5
# Called with a unit's `info` once it has committed, for the units that are
# not SQLAlchemy's (PostgreSQL's turns, bot/store/pg.py): what its "commit"
# event does for its own (bot/store/repos.py counts the units that wrote jobs).
UNIT_COMMITTED: list[Callable[[dict], None]] = []


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.kind = url.split(":", 1)[0].split("+", 1)[0]
        from sqlalchemy.engine import make_url

        # For log lines: the address without the password.
        self.safe_url = make_url(url).render_as_string(hide_password=True)
        self.is_sqlite = self.kind == "sqlite"
        # A failed statement's error text (logged with its traceback) shows
        # no values: they are phones, names and what users wrote.
        kwargs: dict = {"hide_parameters": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs.update(pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if not self.is_sqlite:
            _ping_when_idle(self.engine.sync_engine)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        # SQLite allows one writer: queue our own writers instead of letting
        # them fail with "database is locked".
        self._write_lock = asyncio.Lock() if self.is_sqlite else None
        self._reader: Engine | None = None
        self._writer: Engine | None = None
        database = make_url(url).database if self.is_sqlite else None
        if database and database != ":memory:" and not database.startswith("file:"):
            # The short reads of a turn, on SQLite, run in the event loop's
            # own thread (see `reading_now`).
            # A pooled connection is used by one turn at a time, but the loop
            # it is used from may run in another thread than the one that
            # opened it (a test server, a tool): sqlite3's same-thread check off.
            in_loop = {"hide_parameters": True, "connect_args": {"check_same_thread": False}}
            self._reader = create_engine(make_url(url).set(drivername="sqlite+pysqlite"), **in_loop)
            event.listen(self._reader, "connect", _sqlite_reader_pragmas)
            # And a turn's own writes (see `transaction_now`).
            self._writer = create_engine(make_url(url).set(drivername="sqlite+pysqlite"), pool_size=1,
                                         max_overflow=0, **in_loop)
            event.listen(self._writer, "connect", _sqlite_writer_pragmas)
            event.listen(self._writer, "begin", _begin_immediate)
            self._statements = Statements(self._writer.dialect)
        # The in-loop connections are kept between turns rather than checked
        # out of and back into their pools each time (the pool's bookkeeping
        # cost more than a short read): readers idle here, the one writer
        # while no turn writes.
        self._turn_connections: TurnConnections | None = None
        if not self.is_sqlite:
            # Imported here: asyncpg is 3 MB of every process, and a SQLite one has no use for it.
            from bot.store import pg

            self._pg = pg
            self._statements = Statements(self.engine.sync_engine.dialect)
            self._turn_connections = pg.TurnConnections(self.engine, TURN_CONNECTIONS, lambda: PING_IDLE_AFTER)
        self._idle_readers: list[Connection] = []
        self._idle_writer: Connection | None = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """One unit of work: commits when the block ends, rolls back on error."""
        if self._write_lock is not None:
            async with self._write_lock:
                async with self.engine.begin() as conn:
                    yield conn
        else:
            async with self.engine.begin() as conn:
                yield conn

    @asynccontextmanager
    async def transaction_now(self) -> AsyncIterator[Any]:
        """A user's turn's unit of work (a few short statements): on a SQLite
        file, run in the event loop's own thread, as `reading_now` reads,
        when the file's write lock is free at once (BEGIN IMMEDIATE); while
        another process holds it (a staff command importing data), the
        transaction waits for it in aiosqlite's thread as `transaction()`
        does, so the loop is never held up by another process. On
        PostgreSQL it runs on asyncpg itself (`_pg_unit`, bot/store/pg.py);
        on an in-memory SQLite database it is `transaction()`."""
        if self._turn_connections is not None:
            async with self._pg_unit() as pg_work:
                yield pg_work
            return
        if self._writer is None:
            async with self.transaction() as elsewhere:
                yield elsewhere
            return
        assert self._write_lock is not None
        async with self._write_lock:
            in_loop, self._idle_writer = self._idle_writer or self._writer.connect(), None
            kept = False
            try:
                try:
                    unit = in_loop.begin()          # BEGIN IMMEDIATE (see _begin_immediate)
                except OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise
                    unit = None
                if unit is None:
                    in_loop.close()
                    async with self.engine.begin() as waiting:
                        yield waiting
                    return
                try:
                    yield _InLoop(in_loop, self._statements)
                except BaseException:
                    unit.rollback()
                    raise
                unit.commit()
                # Kept for the next turn only after a clean commit: after any
                # failure it goes back to its pool, which resets or drops it.
                self._idle_writer, kept = in_loop, True
            finally:
                if not kept:
                    in_loop.close()

    @asynccontextmanager
    async def _pg_unit(self) -> AsyncIterator[PgUnit]:
        """PostgreSQL: a turn's unit of work on asyncpg (bot/store/pg.py)."""
        connections, pg = self._turn_connections, self._pg
        assert connections is not None
        async with connections.connection() as raw:
            work = pg.PgUnit(raw, self._statements, connections)
            try:
                yield work
            except Exception:
                await work.rollback()
                raise
            await work.commit()
            for hook in UNIT_COMMITTED:
                hook(work.info)

    @asynccontextmanager
    async def startup_work(self) -> AsyncIterator[AsyncConnection]:
        """A transaction for work every process does when it starts (the
        schema, the course list): processes started together do it one at
        a time, so two never create or insert the same thing. PostgreSQL:
        an advisory lock. SQLite reads without locking and runs DDL outside
        transactions, so a lock file beside the database does it."""
        if not self.is_sqlite:
            async with self.transaction() as conn:
                await conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
                yield conn
            return
        database = make_url(self.url).database
        if not database or database == ":memory:":
            async with self.transaction() as conn:
                yield conn
            return
        with open(f"{database}.startup-lock", "a+b") as lock_file:
            await asyncio.to_thread(fcntl.flock, lock_file.fileno(), fcntl.LOCK_EX)
            try:
                async with self.transaction() as conn:
                    yield conn
            finally:
                fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as conn:
            yield conn

    @asynccontextmanager
    async def reading_now(self) -> AsyncIterator[Any]:
        """For the few short reads of a user's turn (their profile, a page of
        jobs): on a SQLite file they run in the event loop's own thread, on
        a read-only connection. aiosqlite runs each statement in its own
        thread and every statement costs several hand-overs between threads,
        more than the read itself; a WAL reader never waits for a writer, so
        the loop is not held up. Long reads (reports, exports) use
        `reading()`. On PostgreSQL the reads run on asyncpg itself
        (bot/store/pg.py); on an in-memory SQLite database this is `reading()`."""
        if self._turn_connections is not None:
            async with self._turn_connections.connection() as raw:
                yield self._pg.PgReads(raw, self._statements, self.engine, self._turn_connections)
            return
        if self._reader is None:
            async with self.reading() as conn:
                yield conn
            return
        idle = self._idle_readers
        in_loop = idle.pop() if idle else self._reader.connect()
        try:
            yield _InLoop(in_loop, self._statements)
        except BaseException:
            in_loop.close()   # back to its pool, which resets it (or drops it if it broke)
            raise
        # (each read is its own transaction in the driver: this only closes
        # SQLAlchemy's bookkeeping of one)
        if in_loop.in_transaction():
            in_loop.rollback()
        if len(idle) < KEEP_IDLE_READERS:
            idle.append(in_loop)
        else:
            in_loop.close()

    async def migrate(self) -> None:
        """Create or upgrade the schema to the newest Alembic revision."""
        async with self.startup_work() as conn:
            await conn.run_sync(_upgrade_to_head)

    async def ping(self) -> bool:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True

    async def close(self) -> None:
        for kept in [*self._idle_readers, self._idle_writer]:
            if kept is not None:
                kept.close()
        self._idle_readers.clear()
        self._idle_writer = None
        if self._turn_connections is not None:
            await self._turn_connections.close()
        await self.engine.dispose()
        for engine in (self._reader, self._writer):
            if engine is not None:
                engine.dispose()


class _InLoop:
    """A synchronous connection behind the asynchronous `execute` the
    repositories await (statements run in the loop's thread: see
    `reading_now` and `transaction_now`), each compiled once and run
    through the driver (bot/store/prepared.py)."""

    def __init__(self, conn: Connection, statements: Statements) -> None:
        self.sync = conn
        self._statements = statements
        self.dialect = conn.dialect

    async def execute(self, statement: Any, parameters: Any = None) -> Any:
        return self._statements.execute(self.sync, statement, parameters)


def newest_revision() -> str:
    """The newest migration's revision, read from the file names: each file
    is named after its revision, numbered in order (a test holds this to
    Alembic's own reading of the directory)."""
    return max(path.name.split("_", 1)[0] for path in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"))


def _schema_revision(sync_conn) -> str | None:
    if not inspect(sync_conn).has_table("alembic_version"):
        return None
    return sync_conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _upgrade_to_head(sync_conn) -> None:
    if _schema_revision(sync_conn) == newest_revision():
        # Nothing to do, as on almost every start: Alembic, Mako and Pygments
        # (which Mako's error pages pull in) are then never imported, 11-13 MB
        # of every process (docs/BENCHMARKS.md).
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = sync_conn
    command.upgrade(cfg, "head")


def _ping_when_idle(engine: Engine) -> None:
    """Ping a pooled connection before use when it has been idle longer than
    PING_IDLE_AFTER: one that the database or the network dropped meanwhile
    (a restart, an idle timeout) is replaced, with every connection pooled
    before it, instead of failing a user's turn. The pool's own pre-ping does
    this on every use, a round trip per turn under load, when connections are
    back in use within milliseconds; a connection dropped within the second
    fails that one turn, which WeChat's resend then makes on a new one."""
    def connected(_dbapi_conn, record) -> None:
        record.info["idle_since"] = time.monotonic()

    def checked_in(_dbapi_conn, record) -> None:
        if record is not None:
            record.info["idle_since"] = time.monotonic()

    def checked_out(dbapi_conn, record, _proxy) -> None:
        if time.monotonic() - record.info.get("idle_since", 0.0) <= PING_IDLE_AFTER:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_conn)
        except Exception:
            alive = False
        if not alive:
            raise InvalidatePoolError("the connection was dropped while idle")

    event.listen(engine, "connect", connected)
    event.listen(engine, "checkin", checked_in)
    event.listen(engine, "checkout", checked_out)


def _sqlite_reader_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA query_only=ON")       # reads only: a write here is a mistake, and fails
    cur.execute("PRAGMA busy_timeout=1000")   # WAL readers do not wait, save while the file is recovered
    cur.close()


def _sqlite_writer_pragmas(dbapi_conn, _record) -> None:
    # The driver's own transaction handling off: BEGIN IMMEDIATE is ours.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=0")      # never wait in the loop: another process writing goes the slow way
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _begin_immediate(conn) -> None:
    # Take the write lock first: no statement of the unit of work can then
    # find the file locked half-way.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
