"""A turn's reads and unit of work on PostgreSQL, on asyncpg itself.

Through SQLAlchemy's async engine every statement is a greenlet hand-over,
an execution context and a result's metadata, and every connection a
checkout with its events and a reset on return: measured here, a unit of
work of three statements cost 700 us of CPU against 410 on asyncpg, and a
read in its own connection 180 us against 60 (docs/BENCHMARKS.md). A user's
turn runs a few of each, so on this path the statements (compiled once by
SQLAlchemy, bot/store/prepared.py) run on asyncpg connections kept here.

The connections are made by SQLAlchemy's engine (its connect arguments and
set-up) and then detached from its pool. What its pool did for a turn is
done here: at most `size` in use, a connection idle over PING_IDLE_AFTER
pinged before use, one that broke dropped with every idle one (the server
restarted, or the network between went away), one left in a transaction or
a query (a turn cancelled half-way) dropped rather than reused. Errors are
SQLAlchemy's (`IntegrityError` ...), values hidden, so callers see what
they saw before.
"""
from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

import asyncpg
from sqlalchemy import exc
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.selectable import Select

from bot.store.held import HeldWrite, Record, with_held
from bot.store.prepared import Statements

log = logging.getLogger("bot.store")

# How long a turn waits for a connection when all are in use (as
# SQLAlchemy's pool_timeout): past it, the turn fails as it would there.
WAIT_FOR_CONNECTION = 30.0
# How long a cancelled unit's connection is kept for asyncpg to ask the
# server to cancel its statement (TurnConnections._drop_cancelled).
CANCEL_WAIT = 2.0


class TurnConnections:
    """asyncpg connections for turns' short reads and units of work."""

    def __init__(self, engine: AsyncEngine, size: int, ping_idle_after: Any) -> None:
        self._engine = engine
        self._slots = asyncio.Semaphore(size)
        self._idle: list[tuple[Any, float]] = []   # (connection, idle since), the last used last
        # A callable, so that the setting (bot/store/db.py) is read when used.
        self._ping_idle_after = ping_idle_after
        self._closed = False
        self._dropping: set[asyncio.Task] = set()   # cancelled ones, terminated once the server was told

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        if self._slots.locked():
            try:
                async with asyncio.timeout(WAIT_FOR_CONNECTION):
                    await self._slots.acquire()
            except TimeoutError:
                raise exc.TimeoutError(f"no database connection free within {WAIT_FOR_CONNECTION:.0f} s") from None
        else:
            await self._slots.acquire()   # free: taken at once, no waiting set up
        raw = None
        cancelled = False
        try:
            raw = await self._checkout()
            yield raw
        except BaseException as error:
            cancelled = not isinstance(error, Exception)   # the turn's time ran out: a query may be half-way
            raise
        finally:
            if raw is not None:
                if cancelled:
                    self._drop_cancelled(raw)
                elif raw.is_closed() or raw.is_in_transaction() or self._closed:
                    raw.terminate()   # (after `close`: a unit that ended after the shutdown began)
                else:
                    self._idle.append((raw, time.monotonic()))
            self._slots.release()

    def _drop_cancelled(self, raw: Any) -> None:
        """A connection whose unit was cancelled is dropped, not reused. When
        a query's task is cancelled asyncpg asks the server, in the background,
        to cancel it; terminating at once would stop that request too, and the
        server would run the statement to its end (a wait for a row lock
        included). So the connection goes once the request went, at most
        CANCEL_WAIT later."""
        pending = [task for task in getattr(raw, "_cancellations", ()) if not task.done()]
        if not pending:
            raw.terminate()
            return
        dropping = asyncio.get_running_loop().create_task(_terminate_after(raw, pending))
        self._dropping.add(dropping)
        dropping.add_done_callback(self._dropping.discard)

    async def _checkout(self) -> Any:
        while self._idle:
            raw, since = self._idle.pop()
            if raw.is_closed():
                continue
            if time.monotonic() - since > self._ping_idle_after():
                try:
                    await raw.fetchrow(";")
                except DRIVER_ERRORS:
                    # Gone while idle (a restart, an idle timeout): so, likely, are the others.
                    raw.terminate()
                    self.drop_idle()
                    continue
                except BaseException:
                    raw.terminate()   # cancelled during the ping: taken from the idle ones, given to no one
                    raise
            return raw
        fairy = await self._engine.raw_connection()
        raw = fairy.driver_connection
        fairy.detach()          # ours now: SQLAlchemy's pool makes another when it needs one
        return raw

    def drop_idle(self) -> None:
        for raw, _since in self._idle:
            raw.terminate()
        self._idle.clear()

    async def close(self) -> None:
        self._closed = True
        for dropping in list(self._dropping):
            dropping.cancel()   # terminates its connection
        idle, self._idle = self._idle, []
        for raw, _since in idle:
            try:
                await raw.close(timeout=2)
            except Exception:
                raw.terminate()


async def _terminate_after(raw: Any, pending: list) -> None:
    try:
        await asyncio.wait(pending, timeout=CANCEL_WAIT)
    finally:
        raw.terminate()


class PgUnit:
    """A turn's unit of work on one asyncpg connection, in its transaction:
    every statement compiled by SQLAlchemy (kept from its second sight) and
    run by asyncpg. BEGIN goes with the first statement that needs it; a
    write nobody reads the result of is held until then, or sent with the
    unit's record in one statement when nothing else came first
    (bot/store/held.py). The unit ends with `commit` or `rollback`."""

    def __init__(self, raw: Any, statements: Statements, connections: TurnConnections) -> None:
        self._raw = raw
        self._statements = statements
        self._connections = connections
        self.dialect = statements.dialect
        # As a SQLAlchemy connection's: what the unit's work notes for its commit (db.UNIT_COMMITTED).
        self.info: dict = {}
        self._transaction: Any = None
        self._held: list[HeldWrite] = []
        self._ended = False   # its record went as its one statement: nothing may follow

    async def execute(self, statement: Any, parameters: Any = None) -> Any:
        if self._transaction is None:
            await self._begin()
        return await self._run(statement, parameters)

    async def hold_write(self, write: HeldWrite) -> None:
        """A write whose result nobody reads: made with the unit's next
        statement, in its transaction, or with its record."""
        if self._transaction is not None:
            await self._run(write.statement, write.parameters)
        else:
            self._held.append(write)

    async def end_with_record(self, record: Record) -> bool:
        """The unit's last statement; whether it recorded (False: recorded
        before, and nothing held was made). Before anything else ran, it
        and the held writes are one statement, committed by itself."""
        if self._transaction is not None:
            return (await self._run(record.statement, record.parameters)).rowcount == 1
        if self._ended:
            raise exc.InvalidRequestError("this unit of work ended with its record")
        statement, parameters = with_held(record, self._held)
        self._held, self._ended = [], True
        return (await self._run(statement, parameters)).scalar() == 1

    async def commit(self) -> None:
        if self._transaction is None and len(self._held) == 1:
            self._ended = True   # a single held write: its own implicit transaction
            write, self._held = self._held[0], []
            await self._run(write.statement, write.parameters)
            return
        if self._held:
            await self._begin()
        if self._transaction is not None:
            try:
                await self._transaction.commit()
            except DRIVER_ERRORS as error:
                raise translated("COMMIT", error, self._raw, self._connections) from error

    async def rollback(self) -> None:
        """After a failure: what was begun is rolled back, what was held
        forgotten. (A cancellation does not come here: the transaction is left
        open and the connection dropped, `TurnConnections.connection`.)"""
        self._held = []
        if self._transaction is not None and not self._raw.is_closed():
            try:
                await self._transaction.rollback()
            except Exception:
                self._raw.terminate()   # dropped, not reused, as the pool drops one it cannot reset

    async def _begin(self) -> None:
        if self._ended:
            raise exc.InvalidRequestError("this unit of work ended with its record")
        transaction = self._raw.transaction()
        try:
            await transaction.start()
        except DRIVER_ERRORS as error:
            raise translated("BEGIN", error, self._raw, self._connections) from error
        self._transaction = transaction
        held, self._held = self._held, []
        for write in held:
            await self._run(write.statement, write.parameters)

    async def _run(self, statement: Any, parameters: Any) -> Any:
        many = isinstance(parameters, list)
        first = (parameters[0] if parameters else None) if many else parameters
        prepared = self._statements.prepared(statement, first, at_once=True)
        if prepared is None:
            raise exc.InvalidRequestError(f"this statement cannot run in a turn's unit of work: {statement}")
        try:
            if many:
                return await prepared.run_many_async(self._raw, parameters)
            return await prepared.run_async(self._raw, parameters, self.dialect)
        except DRIVER_ERRORS as error:
            raise translated(prepared.sql, error, self._raw, self._connections) from error


class PgReads:
    """A turn's short reads (`Database.reading_now`): a SELECT seen before
    runs on the asyncpg connection. Anything else, and a read that fails
    here, goes through SQLAlchemy on a connection of its own: a failure is
    then raised, and the connection dropped if it broke, as SQLAlchemy does."""

    def __init__(self, raw: Any, statements: Statements, engine: AsyncEngine,
                 connections: TurnConnections) -> None:
        self._raw = raw
        self._statements = statements
        self._engine = engine
        self._connections = connections
        self.dialect = statements.dialect

    async def execute(self, statement: Any, parameters: Any = None) -> Any:
        prepared = self._statements.prepared(statement, parameters) if isinstance(statement, Select) else None
        if prepared is not None and not self._raw.is_closed():
            try:
                return await prepared.run_async(self._raw, parameters, self.dialect)
            except Exception as error:
                if _broken(error, self._raw):
                    self._raw.terminate()
                    self._connections.drop_idle()
                log.warning("a read through asyncpg failed; running it through SQLAlchemy", exc_info=True)
        async with self._engine.connect() as conn:
            return await conn.execute(statement, parameters)


# What the driver and the network raise; anything else is a fault of ours, raised as it is.
DRIVER_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, asyncpg.InternalClientError, OSError,
                 asyncio.TimeoutError)


def _broken(error: BaseException, raw: Any) -> bool:
    """The connection is gone (not a statement the server refused)."""
    return raw.is_closed() or isinstance(error, (OSError, asyncio.TimeoutError, asyncpg.PostgresConnectionError,
                                                 asyncpg.ConnectionDoesNotExistError,
                                                 asyncpg.exceptions.OperatorInterventionError))


def translated(sql: str, error: BaseException, raw: Any, connections: TurnConnections) -> exc.DBAPIError:
    """asyncpg's error as SQLAlchemy's execution raises it (values hidden);
    when the connection broke, the idle ones are dropped too (the server
    restarted, or the network between went away)."""
    broken = _broken(error, raw)
    if broken:
        connections.drop_idle()
    kind: type[exc.DBAPIError]
    if isinstance(error, asyncpg.IntegrityConstraintViolationError):
        kind = exc.IntegrityError
    elif isinstance(error, asyncpg.DataError):
        kind = exc.DataError
    elif isinstance(error, asyncpg.exceptions.SyntaxOrAccessError):
        kind = exc.ProgrammingError
    elif isinstance(error, asyncpg.InterfaceError) and not broken:
        kind = exc.InterfaceError
    else:
        kind = exc.OperationalError
    return kind(sql, None, DriverError(error), hide_parameters=True, connection_invalidated=broken)


class DriverError(Exception):
    """asyncpg's error without its detail: PostgreSQL's DETAIL names the
    values ("Key (openid)=(...) already exists"), and errors are logged."""

    def __init__(self, error: BaseException) -> None:
        message = getattr(error, "message", None) or str(error).split("\n", 1)[0]
        super().__init__(f"{type(error).__name__}: {message}")
        self.sqlstate = getattr(error, "sqlstate", None)
