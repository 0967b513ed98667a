"""A lean pipelined Redis client for the key-value store's calls.

redis-py spends about 200 us of CPU on every call (pool checkout and
release, its Retry wrapper, command packing, health checks): a quarter of
the server's CPU under load, for three calls a turn. This client keeps
one long-lived connection per process (per event loop) and shares it:
a request is written at once, and replies, which Redis sends in the order
the requests came, are matched to a FIFO of futures. hiredis's C reader
parses them. `RedisStore` runs every call on it but SCAN, which stays on
redis-py, as does everything for a URL this client does not read (TLS).

The limits are redis-py's: a bounded connect, a bounded wait for each
reply (`timeout`), AUTH and SELECT from the URL. Failures raise redis-py's
own exceptions (`redis.exceptions.ConnectionError`, `TimeoutError`,
`ResponseError` and its subclasses), so callers handle them as before.
A connection that is lost, or whose oldest request gets no answer within
`timeout`, fails every request still waiting on it; the next call opens a
new one.

A Redis restarting (connection refused or reset for a moment) or still
loading its data (a LOADING reply) is given a few quick retries, within a
quarter of a second of the call: only when the command cannot have run
(the connection could not be opened, or Redis answered LOADING), or when
running it twice changes nothing (a read). A script or a SET NX that was
sent on a connection lost before its answer came may have run, and is not
sent again (see `_safe_to_send_again`), unless the script is written to be
run twice (`Script(repeatable=True)`: a turn's start and end). A command that got no answer
within `timeout` is not retried either: it has had its time. (redis-py,
as `RedisStore` configures it, retries nothing.)
"""
from __future__ import annotations

import asyncio
import hashlib
import random
from collections import deque
from typing import Any, Awaitable, Callable

import hiredis
from redis._parsers.base import BaseParser
from redis.asyncio.connection import parse_url
from redis.exceptions import BusyLoadingError, ConnectionError, NoScriptError, TimeoutError

# A connection idle this long is replaced before it is used, as redis-py's
# health_check_interval=30 checks it: one left half-open by the network
# (a NAT or firewall forgetting it) would otherwise cost a turn a timeout.
IDLE_REPLACE_AFTER = 30.0

# Retries (see `RespClient.call`): at most this many, after about 20, 40 and
# 80 ms (with jitter, so that many turns failing together do not come back
# in step), and none once this long has passed since the call began: a
# turn has WeChat's 5 s in all, and a Redis down for longer is left to
# WeChat's resend.
RETRIES = 3
RETRY_DELAY = 0.02
RETRY_WITHIN = 0.25

# Commands that change nothing, so running one twice is harmless: sent
# again after the connection was lost before its answer came.
READ_ONLY = frozenset({"GET", "MGET", "EXISTS", "PTTL", "TTL", "PING"})


# A command as Redis reads it, an array of bulk strings (str as UTF-8, int
# and float in decimal), packed by hiredis in C: four times as fast as the
# same in Python (1.4 us against 5-6 for a turn's script call).
pack_command = hiredis.pack_command


class _Connection(asyncio.Protocol):
    """One socket to Redis; its requests wait in `pending`, oldest first."""

    def __init__(self, loop: asyncio.AbstractEventLoop, timeout: float, where: str) -> None:
        self.loop, self.timeout, self.where = loop, timeout, where
        self.transport: asyncio.Transport | None = None
        # redis-py's error classes (NoScriptError, AuthenticationError …), as its hiredis parser makes them.
        self.reader = hiredis.Reader(encoding="utf-8", replyError=BaseParser.parse_error)
        # Each with when it was sent (the loop's clock).
        self.pending: deque[tuple[asyncio.Future, float]] = deque()
        # One timer for the connection, not one a request: Redis answers in
        # order, so only the oldest request waiting can be overdue first.
        self.watch: asyncio.TimerHandle | None = None
        self.outgoing: list[bytes] = []   # requests held for one write (see `request`)
        self.closed = False
        self.unresponsive = False   # given up because a request got no answer in time
        self.last_used = loop.time()

    # ---- asyncio.Protocol ----------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        reader, pending = self.reader, self.pending
        reader.feed(data)
        while True:
            try:
                reply = reader.gets()
            except hiredis.ProtocolError as exc:
                self.fail(ConnectionError(f"Protocol error from {self.where}: {exc}"))
                return
            if reply is False:
                break
            if not pending:
                self.fail(ConnectionError(f"Unexpected reply from {self.where}"))
                return
            future, _sent = pending.popleft()
            if future.done():  # its caller was cancelled: the reply is dropped
                continue
            if isinstance(reply, Exception):
                future.set_exception(reply)
            else:
                future.set_result(reply)
        self.last_used = self.loop.time()

    def connection_lost(self, exc: Exception | None) -> None:
        self.fail(ConnectionError("Connection closed by server."))

    # ---- requests ------------------------------------------------------------
    def request(self, args: tuple[Any, ...]) -> asyncio.Future:
        """Send a command now; the future gets its reply."""
        future = self.loop.create_future()
        pending = self.pending
        pending.append((future, self.loop.time()))
        if self.watch is None:
            self.watch = self.loop.call_later(self.timeout, self._look_for_overdue)
        if len(pending) == 1:   # an idle connection: sent at once
            self.transport.write(pack_command(args))  # type: ignore[union-attr]
        elif self.outgoing:
            self.outgoing.append(pack_command(args))
        else:
            # Others are in flight, and Redis answers this one after them in
            # any case: the requests made in this turn of the event loop go
            # out in one write (one system call for many turns).
            self.outgoing.append(pack_command(args))
            self.loop.call_soon(self._flush)
        return future

    def _flush(self) -> None:
        outgoing, self.outgoing = self.outgoing, []
        if not self.closed and outgoing:
            self.transport.write(b"".join(outgoing))  # type: ignore[union-attr]

    def _look_for_overdue(self) -> None:
        """The oldest request still waiting got no answer within `timeout`:
        it fails and the connection is given up (replies come in order, so
        nothing behind it can be answered first; the next call reconnects).
        Else look again when that request's time is up."""
        self.watch = None
        if self.closed:
            return
        for future, sent in self.pending:
            if future.done():   # its caller was cancelled; its reply is still to come
                continue
            overdue_at = sent + self.timeout
            if self.loop.time() < overdue_at:
                self.watch = self.loop.call_at(overdue_at, self._look_for_overdue)
                return
            self.unresponsive = True
            future.set_exception(TimeoutError(f"Timeout reading from {self.where}"))
            break
        else:
            return
        self.fail(ConnectionError(f"Connection to {self.where} dropped: a command got no answer "
                                  f"within {self.timeout:g} s"))

    def fail(self, error: Exception) -> None:
        """Close the connection; every request waiting on it fails with `error`."""
        self.closed = True
        pending, self.pending = self.pending, deque()
        if self.watch is not None:
            self.watch.cancel()
            self.watch = None
        for future, _sent in pending:
            if not future.done():
                future.set_exception(error)
        if self.transport is not None:
            self.transport.abort()


# What this client reads from a URL: anything more (TLS, RESP3, a socket
# option in its query) is left to redis-py.
_UNDERSTOOD = {"host", "port", "path", "db", "username", "password", "connection_class"}


def understands(url: str) -> bool:
    """Whether this client connects to `url` as redis-py would: redis:// or
    unix://, with at most a db, a username and a password."""
    return url.lower().startswith(("redis://", "unix://")) and set(parse_url(url)) <= _UNDERSTOOD


class RespClient:
    """Commands on one shared connection, opened on first use and again
    after it is lost (for URLs it `understands`)."""

    def __init__(self, url: str, timeout: float, connect_timeout: float | None = None) -> None:
        options = parse_url(url)
        self.host: str = options.get("host") or "localhost"
        self.port: int = int(options.get("port") or 6379)
        self.path: str | None = options.get("path")
        self.where = self.path or f"{self.host}:{self.port}"
        self.timeout = timeout
        self.connect_timeout = timeout if connect_timeout is None else connect_timeout
        # What redis-py sends on connecting, for these options.
        self.setup: list[tuple[Any, ...]] = []
        password, username = options.get("password"), options.get("username")
        if username:
            self.setup.append(("AUTH", username, password or ""))
        elif password:
            self.setup.append(("AUTH", password))
        if options.get("db"):
            self.setup.append(("SELECT", options["db"]))
        self._conn: _Connection | None = None
        self._opening: asyncio.Task | None = None

    async def call(self, *args: Any) -> Any:
        """Run one command; its reply (str, int, None, list) or redis-py's exception."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        conn = self._conn
        if conn is None or conn.closed or conn.loop is not loop or (
                not conn.pending and started - conn.last_used > IDLE_REPLACE_AFTER):
            try:
                conn = await self._connection()
            except ConnectionError as error:
                return await self._again(args, error, None, started)
        try:
            return await conn.request(args)
        except ConnectionError as error:
            return await self._again(args, error, conn, started)

    async def _again(self, args: tuple[Any, ...], error: ConnectionError, conn: _Connection | None,
                     started: float) -> Any:
        """After `error`, the command sent again while that is safe and
        quick (RETRIES, RETRY_WITHIN); else the last error, as it was.
        `conn`: the connection it was sent on (None: it could not be opened)."""
        loop = asyncio.get_running_loop()
        for attempt in range(RETRIES):
            if not _safe_to_send_again(args, error, conn):
                raise error
            delay = RETRY_DELAY * 2 ** attempt * random.uniform(0.5, 1.0)
            if loop.time() + delay - started > RETRY_WITHIN:
                raise error
            await asyncio.sleep(delay)
            conn = self._conn
            try:
                if conn is None or conn.closed or conn.loop is not loop:
                    conn = None
                    conn = await self._connection()
                return await conn.request(args)
            except ConnectionError as exc:
                error = exc
        raise error

    async def eval(self, script: Script, keys: list[str], args: list[Any]) -> Any:
        """A Lua script by its SHA1, sent whole once if the server does not have it."""
        return await run_script(self.call, script, keys, args)

    async def _connection(self) -> _Connection:
        loop = asyncio.get_running_loop()
        opening = self._opening
        if opening is None or opening.get_loop() is not loop:
            self._drop()
            opening = self._opening = loop.create_task(self._open(loop))
            # Read its outcome even when every caller waiting for it was cancelled.
            opening.add_done_callback(lambda t: t.cancelled() or t.exception())
        # Every caller arriving meanwhile waits for the same attempt (and
        # shares its failure: no queue of connects behind a dead server);
        # one caller cancelled does not cancel it for the others.
        return await asyncio.shield(opening)

    async def _open(self, loop: asyncio.AbstractEventLoop) -> _Connection:
        try:
            conn = _Connection(loop, self.timeout, self.where)
            try:
                if self.path:
                    connecting = loop.create_unix_connection(lambda: conn, self.path)
                else:
                    connecting = loop.create_connection(lambda: conn, self.host, self.port)
                await asyncio.wait_for(connecting, self.connect_timeout)
            except asyncio.TimeoutError:
                raise TimeoutError(f"Timeout connecting to {self.where}") from None
            except OSError as exc:
                raise ConnectionError(f"Error {exc.errno} connecting to {self.where}. {exc.strerror or exc}") from None
            replies = [conn.request(command) for command in self.setup]
            try:
                for reply in replies:
                    await reply
            except BaseException:
                conn.fail(ConnectionError(f"Connection to {self.where} closed while it was set up"))
                for reply in replies:  # the first failure is the one raised
                    if reply.done() and not reply.cancelled():
                        reply.exception()
                raise
            self._conn = conn
            return conn
        finally:
            self._opening = None

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            try:
                conn.fail(ConnectionError(f"Connection to {self.where} replaced"))
            except RuntimeError:  # its event loop is closed: the socket went with it
                pass

    async def close(self) -> None:
        if self._opening is not None:
            self._opening.cancel()
            self._opening = None
        self._drop()


def _safe_to_send_again(args: tuple[Any, ...], error: ConnectionError, conn: _Connection | None) -> bool:
    """Whether a command that failed with `error` on `conn` may be sent again."""
    if isinstance(error, BusyLoadingError):
        return True   # Redis answered LOADING: it ran nothing
    if type(error) is not ConnectionError:
        return False  # a refusal by Redis (a wrong password, too many clients): the same again
    if conn is None:
        return True   # the connection could not be opened: nothing was sent
    if conn.unresponsive:
        return False  # Redis stopped answering: the call has had its time
    # Sent, and the connection lost before the answer came: the command may
    # have run. A read runs again harmlessly. Not a write: SET NX run twice
    # answers "taken" to the one who took it (a lock it took would be waited
    # for until it expired; a resend's claim of a message given up would
    # fail). DEL and plain SET could undo another's write made in between.
    # They fail, as before. A script made repeatable is sent again: begin_turn
    # knows its own lock, so run twice it answers as it did the first time;
    # end_turn finds its answer saved and writes nothing (not its state over
    # a newer one, should the user's next turn have run in between).
    command = str(args[0]).upper()
    if command in ("EVALSHA", "EVAL"):
        return len(args) > 1 and str(args[1]) in _REPEATABLE_SCRIPTS
    return command in READ_ONLY


async def run_script(call: Callable[..., Awaitable[Any]], script: Script, keys: list[str], args: list[Any]) -> Any:
    """A Lua script by its SHA1 with `call` (RespClient.call, or redis-py's
    execute_command), sent whole once if the server does not have it."""
    try:
        return await call("EVALSHA", script.sha, len(keys), *keys, *args)
    except NoScriptError:  # a new or restarted server: EVAL caches it
        return await call("EVAL", script.text, len(keys), *keys, *args)


class Script:
    """A Lua script and its SHA1, for `run_script`. `repeatable`: the script
    is written so that running it a second time with the same arguments,
    right after the first, answers as the first did and changes nothing
    more: it may be sent again when the connection was lost before its
    answer came."""

    def __init__(self, text: str, repeatable: bool = False) -> None:
        self.text = text
        self.sha = hashlib.sha1(text.encode()).hexdigest()
        if repeatable:
            _REPEATABLE_SCRIPTS.update((self.sha, self.text))


# The SHA1s and texts of the scripts made `repeatable` (EVALSHA names one by
# its SHA1, EVAL sends its text).
_REPEATABLE_SCRIPTS: set[str] = set()
