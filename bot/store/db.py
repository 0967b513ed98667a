"""The shared database: engine, schema migrations and transactions."""
from __future__ import annotations

import asyncio
import fcntl
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

from sqlalchemy import event, make_url, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant: several processes starting at once do their start-up work
# (migrations, the course list) one at a time.
_MIGRATION_LOCK_ID = 74_251_931


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
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        # SQLite allows one writer: queue our own writers instead of letting
        # them fail with "database is locked".
        self._write_lock = asyncio.Lock() if self.is_sqlite else None

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

    async def migrate(self) -> None:
        """Create or upgrade the schema to the newest Alembic revision."""
        async with self.startup_work() as conn:
            await conn.run_sync(_upgrade_to_head)

    async def ping(self) -> bool:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True

    async def close(self) -> None:
        await self.engine.dispose()


def _upgrade_to_head(sync_conn) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = sync_conn
    command.upgrade(cfg, "head")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
