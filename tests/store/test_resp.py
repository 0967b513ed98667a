"""The Redis store's hot calls on one shared pipelined connection
(bot/store/resp.py): what an operator sees when many turns share it, when
Redis restarts or drops the connection, and when it stops answering.

The faults are made on a private redis-server started here (pausing or
dropping clients of the machine's shared one would disturb others)."""
import asyncio
import contextlib
import shutil
import socket
import struct
import time
import uuid

import pytest
import redis
import redis.asyncio as aioredis

from bot.store.kv import Nonce, RedisStore
from tests.conftest import REDIS_SERVER, _forget_keys, _redis_problem, _unavailable

TURN = dict(seen_ttl=60, lock_ttl=30, rate_window=60)


def _begin(store, n, prefix="m", token=None):
    """begin_turn for message n of user n (a lock, state and count of its
    own, and its request's nonce); a resend of the message is another turn,
    with another `token`, and the same nonce and body."""
    return store.begin_turn(store.key("seen", f"{prefix}{n}"), "P", TURN["seen_ttl"], store.key("lock", f"u{n}"),
                            token or f"t{n}", TURN["lock_ttl"], store.key("state", f"u{n}"),
                            store.key("rate", f"u{n}"), TURN["rate_window"],
                            Nonce(store.key("nonce", f"{prefix}{n}"), f"body-{prefix}{n}", 300))


@contextlib.asynccontextmanager
async def _silent_server():
    """A server that reads everything and answers nothing (a frozen Redis):
    its port, and the connections it accepted."""
    accepted: list = []

    async def silent(reader, writer):
        accepted.append(writer)
        while await reader.read(65536):
            pass

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1], accepted
    finally:
        for writer in accepted:
            writer.close()
        server.close()
        await server.wait_closed()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _start_redis(port: int, folder, *extra: str) -> asyncio.subprocess.Process:
    proc = await asyncio.create_subprocess_exec(
        "redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", str(folder), *extra, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and proc.returncode is None:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return proc
        except OSError:
            await asyncio.sleep(0.05)
    if proc.returncode is None:
        proc.kill()
    await proc.wait()
    raise RuntimeError("redis-server did not start")


async def _kill(proc) -> None:
    if proc.returncode is None:
        proc.kill()
        await proc.wait()


@pytest.fixture
async def private_redis(tmp_path):
    """A redis-server of this test's own: (port, start, kill)."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port, procs = _free_port(), []

    async def start(*extra: str):
        procs.append(await _start_redis(port, tmp_path, *extra))

    async def kill():
        await _kill(procs[-1])

    await start()
    yield port, start, kill
    for proc in procs:
        await _kill(proc)


@pytest.fixture
async def admin(private_redis):
    client = aioredis.Redis(port=private_redis[0], decode_responses=True)
    yield client
    await client.aclose()


async def test_many_turns_at_once_share_one_connection_and_each_gets_its_own_answer():
    problem = _redis_problem(REDIS_SERVER)
    if problem is not None:
        _unavailable("Redis", REDIS_SERVER, problem)
    url = REDIS_SERVER.rpartition("/")[0] + "/9"   # not the database others use
    prefix = f"qzt{uuid.uuid4().hex[:10]}"
    store = RedisStore(url, prefix)
    try:
        n = 300
        for i in range(0, n, 2):   # every other user has a state already
            await store.set(store.key("state", f"u{i}"), f"state-of-{i}")
        begun = await asyncio.gather(*(_begin(store, i) for i in range(n)))
        connection = store._resp._conn
        assert begun == [("ok", f"state-of-{i}" if i % 2 == 0 else None, 1) for i in range(n)]
        # Mixed calls at once: every reply goes to its own caller.
        got = await asyncio.gather(*(store.get(store.key("lock", f"u{i}")) for i in range(n)),
                                   *(store.set_if_absent(store.key("nonce", str(i % 150)), str(i), ttl=30)
                                     for i in range(n)),
                                   *(_begin(store, i, token=f"r{i}") for i in range(n)))
        assert got[:n] == [f"t{i}" for i in range(n)]
        assert got[n:2 * n] == [True] * 150 + [False] * 150
        assert got[2 * n:] == [("seen", "P", 0)] * n
        await asyncio.gather(*(store.end_turn(store.key("state", f"u{i}"), f"new-{i}", 60, store.key("seen", f"m{i}"),
                                              f"D{i}", 60, store.key("lock", f"u{i}"), f"t{i}") for i in range(n)))
        assert await asyncio.gather(*(store.get(store.key("state", f"u{i}")) for i in range(n))) == \
            [f"new-{i}" for i in range(n)]
        assert await store.get(store.key("lock", "u7")) is None
        # All on one connection, where redis-py opens one per call in flight.
        assert store._resp._conn is connection and not connection.closed
    finally:
        await store.close()
        _forget_keys(url, prefix)


async def test_a_call_in_flight_when_the_connection_is_dropped_fails_and_the_next_succeeds(private_redis, admin):
    port, _, _ = private_redis
    store = RedisStore(f"redis://127.0.0.1:{port}/3", "qzt", timeout=5)
    try:
        assert await _begin(store, 0) == ("ok", None, 1)
        await admin.execute_command("CLIENT", "PAUSE", 5000, "WRITE")   # the next writes wait in Redis
        # Writes that may have run are not sent again (a turn's start is: tests below).
        in_flight = [asyncio.ensure_future(store.set_if_absent(store.key("nonce", str(i)), "x", ttl=30))
                     for i in (1, 2, 3)]
        await asyncio.sleep(0.2)
        assert not any(t.done() for t in in_flight)
        started = time.monotonic()
        assert await admin.execute_command("CLIENT", "KILL", "TYPE", "normal") >= 1
        for task in in_flight:
            with pytest.raises(redis.exceptions.ConnectionError):
                await task
        assert time.monotonic() - started < 1, "failed when dropped, not at the timeout"
        await admin.execute_command("CLIENT", "UNPAUSE")
        # The next call opens a new connection (on database 3 again).
        assert await _begin(store, 4) == ("ok", None, 1)
        assert await admin.execute_command("SELECT", 3) and await admin.get("qzt:lock:u4") == "t4"
    finally:
        await store.close()


async def test_redis_restarted_the_call_in_flight_fails_calls_while_down_fail_and_then_all_works(private_redis,
                                                                                              admin):
    port, start, kill = private_redis
    store = RedisStore(f"redis://127.0.0.1:{port}/2", "qzt", timeout=3)
    try:
        assert await _begin(store, 0) == ("ok", None, 1)
        assert await store.set_if_absent(store.key("nonce", "a"), "x", ttl=30)
        await admin.execute_command("CLIENT", "PAUSE", 5000, "WRITE")
        in_flight = asyncio.ensure_future(_begin(store, 1))
        await asyncio.sleep(0.2)
        await kill()
        with pytest.raises(redis.exceptions.ConnectionError):
            await in_flight
        started = time.monotonic()
        for call in (store.get(store.key("state", "u0")), _begin(store, 2), store.set_if_absent("k", "v", 1)):
            with pytest.raises(redis.exceptions.ConnectionError):
                await call
        assert time.monotonic() - started < 1, "refused at once while Redis is down"
        await start()
        # An empty server, without the scripts: each is sent again and runs.
        assert await _begin(store, 0) == ("ok", None, 1)
        assert await store.set_if_absent(store.key("nonce", "a"), "x", ttl=30)
        await store.end_turn(store.key("state", "u0"), "s0", 60, store.key("seen", "m0"), "D", 60,
                             store.key("lock", "u0"), "t0")
        assert await store.get(store.key("state", "u0")) == "s0"
    finally:
        await store.close()


async def test_a_turn_given_up_while_waiting_does_not_shift_the_answers_of_the_others(private_redis, admin):
    port, _, _ = private_redis
    store = RedisStore(f"redis://127.0.0.1:{port}/0", "qzt", timeout=5)
    try:
        await store.set(store.key("state", "u1"), "one")
        await store.set(store.key("state", "u2"), "two")
        assert await store.get(store.key("state", "u1")) == "one"
        await admin.execute_command("CLIENT", "PAUSE", 3000, "WRITE")
        given_up = asyncio.ensure_future(_begin(store, 1))
        after = [asyncio.ensure_future(store.get(store.key("state", f"u{i}"))) for i in (2, 1)]
        await asyncio.sleep(0.1)
        given_up.cancel()
        await admin.execute_command("CLIENT", "UNPAUSE")
        assert await asyncio.gather(*after) == ["two", "one"]
        assert await _begin(store, 2) == ("ok", "two", 1)
    finally:
        await store.close()


async def test_a_server_that_never_answers_fails_each_call_within_the_timeout():
    async with _silent_server() as (port, accepted):
        store = RedisStore(f"redis://127.0.0.1:{port}/0", "qzt", timeout=0.3)
        try:
            for _ in range(2):   # and again on the connection opened after the first gave up
                started = time.monotonic()
                results = await asyncio.gather(_begin(store, 1), store.get("k"), store.set_if_absent("k", "v", 5),
                                               return_exceptions=True)
                took = time.monotonic() - started
                assert all(isinstance(r, (redis.exceptions.TimeoutError, redis.exceptions.ConnectionError))
                           for r in results), results
                assert isinstance(results[0], redis.exceptions.TimeoutError)
                assert 0.25 < took < 1.0, took
            assert len(accepted) == 2
        finally:
            await store.close()


async def test_password_username_and_database_from_the_url_are_used(private_redis, admin):
    port, _, _ = private_redis
    await admin.execute_command("ACL", "SETUSER", "bot", "on", ">bot-pw", "~*", "+@all")
    await admin.config_set("requirepass", "s3cret")
    for url in (f"redis://:s3cret@127.0.0.1:{port}/5", f"redis://bot:bot-pw@127.0.0.1:{port}/5"):
        store = RedisStore(url, "qzt")
        try:
            assert await _begin(store, 1) == ("ok", None, 1)
            assert await store.get(store.key("lock", "u1")) == "t1"
        finally:
            await store.close()
        async with aioredis.Redis(port=port, db=5, password="s3cret", decode_responses=True) as check:
            assert await check.get("qzt:lock:u1") == "t1"
            await check.flushdb()
    with pytest.raises(redis.exceptions.AuthenticationError):
        store = RedisStore(f"redis://:wrong@127.0.0.1:{port}/5", "qzt")
        try:
            await store.get("k")
        finally:
            await store.close()


# ---------------------------------------------------------------- a Redis restarting or loading: quick retries

LOADING = b"-LOADING Redis is loading the dataset in memory\r\n"
RESET = None   # an answer of the fake server: the connection is reset instead (a Redis killed mid-call)


class _LocalServer:
    """A TCP server on 127.0.0.1 for a test's `async with` (its port in
    `port`): `_serve` each connection; every stream it keeps in `_writers`
    is closed at the end."""

    def __init__(self, port: int = 0) -> None:
        self.port = port
        self._writers: list[asyncio.StreamWriter] = []

    async def __aenter__(self):
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc) -> None:
        for writer in self._writers:
            writer.close()
        self.server.close()
        await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError


def _reset(writer: asyncio.StreamWriter) -> None:
    """Cut the connection with a reset (a Redis killed mid-call)."""
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class FakeRedis(_LocalServer):
    """A tiny RESP server: every command it reads is kept in `commands`
    and answered with `answer(command)`, raw RESP bytes or RESET."""

    def __init__(self, answer, port: int = 0) -> None:
        super().__init__(port)
        self.answer = answer
        self.commands: list[list[str]] = []
        self.connections = 0

    def named(self, name: str) -> list[list[str]]:
        return [c for c in self.commands if c[0] == name]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        import hiredis

        self.connections += 1
        self._writers.append(writer)
        parser = hiredis.Reader(encoding="utf-8")
        try:
            while data := await reader.read(65536):
                parser.feed(data)
                while (command := parser.gets()) is not False:
                    self.commands.append(command)
                    reply = self.answer(command)
                    if reply is RESET:
                        _reset(writer)
                        return
                    writer.write(reply)
        except OSError:
            pass


def working(command: list[str]) -> bytes:
    """What a healthy Redis would answer here (a turn's script: ok, count 1, a state)."""
    return {"GET": b"$5\r\nhello\r\n", "SET": b"+OK\r\n", "EVALSHA": b"*3\r\n$2\r\nok\r\n:1\r\n$5\r\nstate\r\n",
            "DEL": b":1\r\n", "PING": b"+PONG\r\n"}[command[0]]


async def test_redis_still_loading_its_data_each_call_waits_a_moment_and_runs_once_it_is_ready():
    refusals = 0

    def answer(command):
        nonlocal refusals
        if refusals:
            refusals -= 1
            return LOADING
        return working(command)

    async with FakeRedis(answer) as fake:
        store = RedisStore(f"redis://127.0.0.1:{fake.port}/0", "qzt", timeout=3)
        try:
            refusals = 2
            assert await store.get("qzt:state:u1") == "hello"
            refusals = 2
            assert await _begin(store, 1) == ("ok", "state", 1)
            refusals = 3
            assert await store.set_if_absent("qzt:nonce:a", "x", ttl=30) is True
            # Each was refused, then sent again on the same connection, and run once.
            assert [len(fake.named(name)) for name in ("GET", "EVALSHA", "SET")] == [3, 3, 4]
            assert fake.connections == 1
        finally:
            await store.close()


async def test_redis_refusing_connections_for_a_moment_a_turn_started_then_goes_through_its_script_run_once():
    port = _free_port()
    store = RedisStore(f"redis://127.0.0.1:{port}/0", "qzt", timeout=3)
    try:
        turn = asyncio.ensure_future(_begin(store, 1))
        tried = False
        while not (tried and store._resp._opening is None):   # until its first connect has been refused
            tried = tried or store._resp._opening is not None
            await asyncio.sleep(0)
        assert not turn.done()
        async with FakeRedis(working, port) as fake:   # Redis is back, on its port
            assert await turn == ("ok", "state", 1)
            assert len(fake.named("EVALSHA")) == 1
    finally:
        await store.close()


async def test_redis_loading_for_longer_than_the_retries_fails_the_call_as_redis_py_would():
    async with FakeRedis(lambda command: LOADING) as fake:
        store = RedisStore(f"redis://127.0.0.1:{fake.port}/0", "qzt", timeout=3)
        try:
            started = time.monotonic()
            with pytest.raises(redis.exceptions.BusyLoadingError):
                await _begin(store, 1)
            assert time.monotonic() - started < 3, "within the store's timeout"
            assert 1 < len(fake.named("EVALSHA")) <= 4, "a few tries, not more"
        finally:
            await store.close()


async def test_a_connection_reset_mid_call_a_read_is_sent_again_a_write_is_not_and_the_next_call_works():
    cut = set()

    def answer(command):
        if command[0] in cut:
            cut.discard(command[0])
            return RESET
        return working(command)

    async with FakeRedis(answer) as fake:
        store = RedisStore(f"redis://127.0.0.1:{fake.port}/0", "qzt", timeout=3)
        try:
            cut.add("GET")
            assert await store.get("qzt:state:u1") == "hello"
            assert len(fake.named("GET")) == 2 and fake.connections == 2
            # A SET NX may have run before the reset: sent again, it would find
            # its own mark and answer "taken".
            cut.add("SET")
            with pytest.raises(redis.exceptions.ConnectionError):
                await store.set_if_absent("qzt:nonce:a", "x", ttl=30)
            assert len(fake.named("SET")) == 1, "SET sent once"
            assert await store.set_if_absent("qzt:nonce:a", "x", ttl=30) is True
            # A turn's start is written to be run twice (tests below, on a real Redis): sent again.
            cut.add("EVALSHA")
            assert await _begin(store, 1) == ("ok", "state", 1)
            assert len(fake.named("EVALSHA")) == 2
            assert fake.connections == 4
        finally:
            await store.close()


async def test_redis_down_for_good_every_call_fails_within_the_timeout_with_a_connection_error():
    async with FakeRedis(lambda command: RESET) as fake:   # accepts, then cuts every connection
        store = RedisStore(f"redis://127.0.0.1:{fake.port}/0", "qzt", timeout=3)
        try:
            started = time.monotonic()
            with pytest.raises(redis.exceptions.ConnectionError) as failed:
                await store.get("qzt:state:u1")
            assert type(failed.value) is redis.exceptions.ConnectionError
            assert time.monotonic() - started < 3, "within the store's timeout"
            assert 1 < len(fake.named("GET")) <= 4, "a few tries, not more"
        finally:
            await store.close()
    nobody = _free_port()   # nothing listens: refused
    store = RedisStore(f"redis://127.0.0.1:{nobody}/0", "qzt", timeout=3)
    try:
        for call in (store.get("k"), _begin(store, 1), store.set_if_absent("k", "v", 5),
                     store.end_turn("s", "x", 60, "m", "D", 60, "l", "t")):
            started = time.monotonic()
            with pytest.raises(redis.exceptions.ConnectionError) as failed:
                await call
            assert type(failed.value) is redis.exceptions.ConnectionError
            assert time.monotonic() - started < 3, "within the store's timeout"
    finally:
        await store.close()


async def test_a_frozen_redis_is_not_asked_again_a_read_waiting_behind_the_call_that_timed_out_fails_too():
    async with _silent_server() as (port, accepted):
        store = RedisStore(f"redis://127.0.0.1:{port}/0", "qzt", timeout=0.1)
        try:
            first, behind = await asyncio.gather(store.get("a"), store.get("b"), return_exceptions=True)
            assert isinstance(first, redis.exceptions.TimeoutError)
            assert type(behind) is redis.exceptions.ConnectionError
            assert len(accepted) == 1, "no new connection to a server that stopped answering"
        finally:
            await store.close()


async def test_a_url_the_lean_client_does_not_read_runs_every_call_on_redis_py():
    problem = _redis_problem(REDIS_SERVER)
    if problem is not None:
        _unavailable("Redis", REDIS_SERVER, problem)
    url = REDIS_SERVER.rpartition("/")[0] + "/9?max_connections=8"   # an option only redis-py reads
    prefix = f"qzt{uuid.uuid4().hex[:10]}"
    store = RedisStore(url, prefix)
    try:
        assert store._resp is None
        assert await store.ping()
        await store.set(store.key("state", "u1"), "one", ttl=60)
        assert await _begin(store, 1) == ("ok", "one", 1)
        assert await _begin(store, 1, token="r1") == ("seen", "P", 0)
        assert await _begin(store, 2, prefix="n") == ("ok", None, 1)
        await store.end_turn(store.key("state", "u1"), "two", 60, store.key("seen", "m1"), "D", 60,
                             store.key("lock", "u1"), "t1")
        assert await store.get(store.key("state", "u1")) == "two"
        assert await store.get(store.key("lock", "u1")) is None
        assert await store.set_if_absent(store.key("nonce", "a"), "x", ttl=30) is True
        assert await store.set_if_absent(store.key("nonce", "a"), "y", ttl=30) is False
        await store.release(store.key("lock", "u2"), "not-its-token")
        assert await store.get(store.key("lock", "u2")) == "t2"
        await store.release(store.key("lock", "u2"), "t2")
        await store.delete(store.key("nonce", "a"))
        assert await store.get(store.key("lock", "u2")) is None and await store.get(store.key("nonce", "a")) is None
    finally:
        await store.close()
        _forget_keys(REDIS_SERVER.rpartition("/")[0] + "/9", prefix)


async def _script_loaded(port: int) -> None:
    """The turn's script known to Redis, so that the call cut is one that runs
    (not the NOSCRIPT answer before the script is sent whole)."""
    store = RedisStore(f"redis://127.0.0.1:{port}/0", "qzwarm", timeout=3)
    try:
        await _begin(store, 9)
    finally:
        await store.close()


class CutAfterRun(_LocalServer):
    """A proxy before a real Redis that, for the first command naming
    `word`, lets Redis run it and then cuts the client's connection before
    the answer reaches it (a network cut at the worst moment)."""

    def __init__(self, redis_port: int, word: str) -> None:
        super().__init__()
        self.redis_port, self.word, self.cut = redis_port, word.encode(), 0

    async def _serve(self, reader, writer) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.redis_port)
        self._writers += [writer, up_writer]
        try:
            while data := await reader.read(65536):
                up_writer.write(data)
                await up_writer.drain()
                if not self.cut and self.word in data:
                    self.cut += 1
                    await up_reader.read(65536)   # Redis ran it and answered: the answer is lost
                    _reset(writer)
                    return
                writer.write(await up_reader.read(65536))
                await writer.drain()
        except OSError:
            pass
        finally:
            up_writer.close()
            writer.close()


async def test_a_turn_start_whose_answer_is_lost_after_it_ran_is_sent_again_and_answers_as_it_ran(
        private_redis, admin):
    """Before, the turn failed: its message stayed marked and its user's lock
    held until it expired, so WeChat's resend waited for that lock too."""
    port = private_redis[0]
    await _script_loaded(port)
    async with CutAfterRun(port, "EVALSHA") as proxy:
        store = RedisStore(f"redis://127.0.0.1:{proxy.port}/0", "qzt", timeout=3)
        try:
            await admin.set("qzt:state:u1", "saved state")
            assert await _begin(store, 1) == ("ok", "saved state", 1)
            assert proxy.cut == 1, "the first answer was lost"
            assert await admin.get("qzt:lock:u1") == "t1", "the lock is the turn's own"
            assert await admin.get("qzt:rate:u1") == "1", "counted once"
            assert await admin.get("qzt:seen:m1") == "P"
            assert await admin.get("qzt:nonce:m1") == "body-m1", "its own nonce did not stop the second run"
        finally:
            await store.close()


async def test_a_turn_start_that_found_the_lock_taken_and_lost_its_answer_finds_its_message_marked(
        private_redis, admin):
    port = private_redis[0]
    await _script_loaded(port)
    await admin.set("qzt:lock:u1", "another turn")
    async with CutAfterRun(port, "EVALSHA") as proxy:
        store = RedisStore(f"redis://127.0.0.1:{proxy.port}/0", "qzt", timeout=3)
        try:
            # The first run marked the message seen and found the lock taken; run
            # again it says the message is seen, with this process's own mark
            # (the service then takes the message up as abandoned by itself).
            assert await _begin(store, 1) == ("seen", "P", 0)
            assert proxy.cut == 1
            assert await admin.get("qzt:lock:u1") == "another turn"
            assert await admin.get("qzt:rate:u1") == "1", "counted once"
        finally:
            await store.close()


def _end(store, n, state, answer, token=None):
    return store.end_turn(store.key("state", f"u{n}"), state, 60, store.key("seen", f"m{n}"), answer, 60,
                          store.key("lock", f"u{n}"), token or f"t{n}")


async def test_a_turn_end_whose_answer_is_lost_after_it_ran_is_sent_again_and_writes_nothing_more(
        private_redis, admin):
    """Before, the turn failed after its changes were made: its dialog state
    was not known to be saved, and the failure was logged as such."""
    port = private_redis[0]
    warm = RedisStore(f"redis://127.0.0.1:{port}/0", "qzwarm", timeout=3)
    try:
        await _end(warm, 9, "s", "D:a")   # the script known to Redis: the call cut is one that runs
        sha = warm._end_turn_lua.sha
    finally:
        await warm.close()
    async with CutAfterRun(port, sha) as proxy:
        store = RedisStore(f"redis://127.0.0.1:{proxy.port}/0", "qzt", timeout=3)
        try:
            await admin.set("qzt:lock:u1", "t1")
            await admin.set("qzt:seen:m1", "P")
            await _end(store, 1, "the state after the turn", "D:the answer")
            assert proxy.cut == 1, "the first answer was lost"
            assert await admin.get("qzt:state:u1") == "the state after the turn"
            assert await admin.get("qzt:seen:m1") == "D:the answer"
            assert await admin.get("qzt:lock:u1") is None, "the lock freed"
        finally:
            await store.close()


async def test_a_turn_end_run_again_after_the_users_next_turn_began_leaves_that_turn_alone(private_redis, admin):
    port = private_redis[0]
    store = RedisStore(f"redis://127.0.0.1:{port}/0", "qzt", timeout=3)
    try:
        await admin.set("qzt:lock:u1", "t1")
        await _end(store, 1, "after the first message", "D:first answer")
        # The user's next message began: its turn holds the lock and saved its state.
        await admin.set("qzt:lock:u1", "t2")
        await admin.set("qzt:state:u1", "after the second message")
        await _end(store, 1, "after the first message", "D:first answer")   # the first end, run again
        assert await admin.get("qzt:state:u1") == "after the second message", "not written over"
        assert await admin.get("qzt:lock:u1") == "t2", "the next turn's lock kept"
    finally:
        await store.close()
