"""Faults, each against real `python -m bot serve` processes and local fake
WeChat-API and WeCom servers: the server killed with SIGKILL mid-load;
two processes sharing resends; Redis killed and restarted; the database
unreachable for a few seconds; the staff robot and the WeChat API down.
Also the server killed while registrations, job posts, applications and
complaints are being saved. Each ends by counting what was sent, answered,
stored and delivered: nothing a user was told is saved is lost, and
nothing is done twice."""
import asyncio
import contextlib
import os
import random
import re
import secrets
import signal
import socket
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.i18n import Catalog
from bot.store.tables import applications, employers, jobs, outbox, tickets, workers
from tests.wx import new_openid, sign, text

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = "fault-token"
USERS = 40
IN_FLIGHT = 8


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def start(env, port, log):
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "serve", "--port", str(port), cwd=ROOT,
                                                env=env, stdout=log, stderr=log)
    async with aiohttp.ClientSession() as s:
        for _ in range(300):
            if proc.returncode is not None:
                raise RuntimeError(f"the bot exited at start ({proc.returncode}); see {log.name}")
            try:
                async with s.get(f"http://127.0.0.1:{port}/healthz") as r:
                    if r.status == 200:
                        return proc
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
    proc.kill()
    await proc.wait()
    raise RuntimeError("the bot did not start")


async def post(session, port, xml):
    import time

    ts, nonce = str(int(time.time())), str(secrets.randbelow(10**9))
    q = {"signature": sign(TOKEN, ts, nonce), "timestamp": ts, "nonce": nonce}
    try:
        async with session.post(f"http://127.0.0.1:{port}/wechat", params=q, data=xml.encode(),
                                timeout=aiohttp.ClientTimeout(total=10)) as r:
            return r.status, await r.text()
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return 0, ""


@pytest.mark.timeout(180)
async def test_sigkill_mid_load_then_restart_loses_nothing_and_doubles_nothing(tmp_path, database_url, fake_wecom):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "STAFF_", "REDIS_", "DATABASE_"))}
    env.update(WECHAT_TOKEN=TOKEN, DATABASE_URL=database_url, STAFF_WEBHOOK_URL=fake_wecom.url, PYTHONUNBUFFERED="1")
    if os.environ.get("TEST_REDIS_URL"):
        env["REDIS_URL"] = os.environ["TEST_REDIS_URL"]
    port = free_port()
    log = open(tmp_path / "bot.log", "ab")
    users = [new_openid("k") for _ in range(USERS)]
    messages = {u: text(u, "人工", msg_id=secrets.randbelow(10**15) + 10**15) for u in users}
    told_saved = set()
    proc = await start(env, port, log)
    try:
        async with aiohttp.ClientSession() as s:
            # At most IN_FLIGHT requests at a time, so that the kill, after a
            # third are answered, always finds some in the server and some not
            # yet sent: with all 40 at once, a loaded machine answered them all
            # between two looks at the count.
            gate = asyncio.Semaphore(IN_FLIGHT)

            async def one(u):
                async with gate:
                    status, body = await post(s, port, messages[u])
                if status == 200 and "#" in body:
                    told_saved.add(u)

            tasks = [asyncio.create_task(one(u)) for u in users]
            while len(told_saved) < USERS // 3:
                await asyncio.sleep(0.005)
            proc.send_signal(signal.SIGKILL)  # in the middle of the load
            await proc.wait()
            await asyncio.gather(*tasks)
        assert 0 < len(told_saved) < USERS, "the kill landed in the middle"
        proc = await start(env, port, log)
        async with aiohttp.ClientSession() as s:
            # WeChat resends what it got no answer to, three times, 5 s apart;
            # here everything is resent so answered messages test de-duplication too.
            for n in range(3):
                await asyncio.gather(*(post(s, port, messages[u]) for u in users))
                if n < 2:
                    await asyncio.sleep(5)
        engine = create_async_engine(database_url)
        try:
            for _ in range(250):  # up to 50 s: messages leased by the killed process wait out the lease
                async with engine.connect() as conn:
                    rows = (await conn.execute(select(tickets.c.id, tickets.c.openid))).all()
                keys = set(fake_wecom.keys())
                if len(rows) >= USERS and len(keys) >= USERS:
                    break
                await asyncio.sleep(0.2)
        finally:
            await engine.dispose()
        per_user = {}
        for _, openid in rows:
            per_user[openid] = per_user.get(openid, 0) + 1
        assert told_saved <= set(per_user), "every request a user was told is saved is in the database"
        assert set(per_user) == set(users) and max(per_user.values()) == 1, "each message acted on once"
        keys = fake_wecom.keys()
        assert len(set(keys)) == USERS, "one staff notice per ticket, none lost"
        notices = {}
        for p in fake_wecom.posts:
            for u in users:
                if u[-8:] in p["markdown"]["content"]:
                    notices[u] = notices.get(u, 0) + 1
        assert set(notices) == set(users)
        # At-least-once delivery: the post in flight at the kill (one notice, or
        # several waiting ones posted together) may go again, with the same keys.
        assert_repeats_are_one_post(fake_wecom)
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            await proc.wait()
        log.close()


# ---------------------------------------------------------------- helpers for the faults below

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
CAT = Catalog()
BUSY = CAT.text("zh_CN", "system-busy")


def handed(n: int) -> str:
    return CAT.text("zh_CN", "handed-to-staff", id=n)


def bot_env(database_url: str, fake_wecom=None, fake_wechat=None, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "STAFF_", "REDIS_", "DATABASE_"))}
    env.update(WECHAT_TOKEN=TOKEN, DATABASE_URL=database_url, PYTHONUNBUFFERED="1")
    if fake_wecom is not None:
        env["STAFF_WEBHOOK_URL"] = fake_wecom.url
    if fake_wechat is not None:
        env.update(WECHAT_APP_ID=fake_wechat.app_id, WECHAT_APP_SECRET=fake_wechat.secret,
                   WECHAT_API_BASE=fake_wechat.base)
    env.update(extra)
    return env


def content(body: str) -> str:
    """What the user reads in a passive reply ('' for `success`)."""
    if not body.strip() or body.strip() == "success":
        return ""
    return ET.fromstring(body).findtext("Content") or ""


def number(said: str) -> int | None:
    m = re.search(r"#(\d+)", said)
    return int(m.group(1)) if m else None


def new_msg_id() -> int:
    return secrets.randbelow(10**15) + 10**15


def allowed(said: str) -> bool:
    """A ticket answer, the kind "please send it again", or `success` (the
    answer then follows as a customer-service message)."""
    return said in ("", BUSY) or (number(said) is not None and said == handed(number(said)))


async def stopped(proc) -> None:
    if proc is not None and proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 15)
        except asyncio.TimeoutError:
            proc.kill()
            await proc.wait()


async def stored(database_url: str) -> tuple[dict[str, list[int]], list[dict]]:
    """Tickets per user, and the outbox, straight from the database."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(select(tickets.c.id, tickets.c.openid))).all()
            out = (await conn.execute(select(outbox.c.idempotency_key, outbox.c.channel, outbox.c.recipient,
                                             outbox.c.status, outbox.c.attempts))).mappings().all()
    finally:
        await engine.dispose()
    per_user: dict[str, list[int]] = {}
    for tid, openid in rows:
        per_user.setdefault(openid, []).append(tid)
    return per_user, [dict(r) for r in out]


async def settled(database_url: str, users, fake_wecom, fake_wechat, timeout: float = 40.0):
    """Poll until every user has a ticket and every outbox row is sent and
    arrived (nothing left pending or leased that could still go out again),
    or the time is up; then what is stored."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        per_user, rows = await stored(database_url)
        staff = {r["idempotency_key"] for r in rows if r["channel"] == "staff"}
        to_users = {r["idempotency_key"] for r in rows if r["channel"] != "staff"}
        done = (set(users) <= set(per_user) and all(r["status"] == "sent" for r in rows)
                and staff <= set(fake_wecom.keys())
                and to_users <= {m["_key"] for m in fake_wechat.messages})
        if done or loop.time() >= deadline:
            return per_user, rows
        await asyncio.sleep(0.3)


def told_numbers(user: str, passive: list[str], fake_wechat) -> set[int]:
    """The ticket numbers a user was told: in passive replies and in
    customer-service messages (an answer that came late)."""
    return {n for said in passive + fake_wechat.texts_to(user) if (n := number(said)) is not None}


def assert_each_user_one_ticket_told_and_announced(users, per_user, told: dict[str, set[int]], fake_wecom):
    missing = [u for u in users if u not in per_user]
    assert not missing, f"{len(missing)} users have no ticket"
    doubled = {u: ids for u, ids in per_user.items() if u in users and len(ids) != 1}
    assert not doubled, f"one ticket per user: {doubled}"
    wrong = {u: (told[u], per_user[u]) for u in users if told[u] != set(per_user[u])}
    assert not wrong, f"each user was told their ticket's number, and only it: {wrong}"
    notices = fake_wecom.texts()
    for u in users:
        naming = [t for t in notices if u[-8:] in t]
        assert len(naming) == 1, f"one staff notice naming {u[-8:]}, got {len(naming)}"
        assert re.search(rf"#{per_user[u][0]}\b", naming[0]), "the notice carries the ticket's number"


def assert_outbox_delivered_once(rows, fake_wecom, fake_wechat):
    assert [r for r in rows if r["status"] != "sent"] == [], "every outbox message was delivered"
    for name, keys, channel in (("staff group", fake_wecom.keys(), "staff"),
                                ("users", [m["_key"] for m in fake_wechat.messages], None)):
        queued = {r["idempotency_key"] for r in rows if (r["channel"] == "staff") == (channel == "staff")}
        sent = Counter(keys)
        assert set(sent) == queued, f"what reached the {name} is what was queued"
        assert [k for k, n in sent.items() if n > 1] == [], f"each message to the {name} arrived once"


def assert_repeats_are_one_post(fake_wecom):
    """Staff notices go one post at a time (a post may carry several waiting
    notices): what a kill can make go twice is the notices of the one post
    in flight, once more."""
    sent = Counter(fake_wecom.keys())
    repeated = {k for k, n in sent.items() if n > 1}
    assert max(sent.values(), default=0) <= 2, sent.most_common(3)
    assert not repeated or any(repeated <= set(p["_keys"]) for p in fake_wecom.posts), \
        f"only the notices of one post went twice: {sorted(repeated)}"


async def start_redis(port: int, log, folder) -> asyncio.subprocess.Process:
    """A private redis-server (never the machine's shared one)."""
    proc = await asyncio.create_subprocess_exec(
        "redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", str(folder), stdout=log, stderr=log)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 15
    while loop.time() < deadline and proc.returncode is None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                writer.write(b"PING\r\n")
                await writer.drain()
                if (await asyncio.wait_for(reader.readline(), 2)).startswith(b"+PONG"):
                    return proc
            finally:
                writer.close()
        except (OSError, asyncio.TimeoutError):
            pass
        await asyncio.sleep(0.05)
    if proc.returncode is None:
        proc.kill()
        await proc.wait()
    raise RuntimeError("redis-server did not start")


class TcpProxy:
    """A TCP relay in front of a server that can be cut: every connection
    through it closed at once, new ones refused, until restored."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self.server: asyncio.AbstractServer | None = None
        self.pairs: set[tuple] = set()

    async def start(self) -> "TcpProxy":
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        return self

    async def _accept(self, reader, writer) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        pair = (writer, up_writer)
        self.pairs.add(pair)
        try:
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        finally:
            self.pairs.discard(pair)

    @staticmethod
    async def _pipe(reader, writer) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (OSError, ConnectionError):
            pass
        finally:
            writer.transport.abort()

    async def cut(self) -> None:
        server, self.server = self.server, None
        server.close()
        for pair in list(self.pairs):
            for w in pair:
                w.transport.abort()
        try:
            await asyncio.wait_for(server.wait_closed(), 5)
        except asyncio.TimeoutError:
            pass

    async def close(self) -> None:
        if self.server is not None:
            await self.cut()


# ---------------------------------------------------------------- two processes, one PostgreSQL, one Redis

@pytest.mark.skipif(not (PG_URL and REDIS_URL), reason="needs TEST_DATABASE_URL and TEST_REDIS_URL")
@pytest.mark.timeout(90)
async def test_two_processes_recognise_each_others_resends(tmp_path, database_url, fake_wecom, fake_wechat):
    env = bot_env(database_url, fake_wecom, fake_wechat, REDIS_URL=REDIS_URL)
    ports = [free_port(), free_port()]
    logs = [open(tmp_path / f"bot{n}.log", "ab") for n in range(2)]
    procs = []
    try:
        # Both start at once: the schema is migrated by one at a time.
        started = await asyncio.gather(*(start(env, p, log) for p, log in zip(ports, logs)), return_exceptions=True)
        procs = [p for p in started if not isinstance(p, BaseException)]
        for p in started:
            if isinstance(p, BaseException):
                raise p
        a, b = ports
        users = [new_openid("t") for _ in range(30)]
        messages = {u: text(u, "人工", msg_id=new_msg_id()) for u in users}
        answers: dict[str, list[tuple[int, int, str]]] = {u: [] for u in users}
        async with aiohttp.ClientSession() as s:
            async def send(u, port):
                status, body = await post(s, port, messages[u])
                answers[u].append((port, status, content(body) if status == 200 else body))

            async def user(n, u):
                await asyncio.sleep(n * 0.03)
                if n % 3 == 0:    # the resend reaches the other process while the first copy is at work
                    first = asyncio.create_task(send(u, a))
                    await asyncio.sleep(random.uniform(0.0, 0.2))
                    await send(u, b)
                    await first
                elif n % 3 == 1:  # two copies at the same moment, one at each process
                    await asyncio.gather(send(u, a), send(u, b))
                else:             # the resend reaches the other process after the first was answered
                    await send(u, b)
                    await send(u, a)

            await asyncio.gather(*(user(n, u) for n, u in enumerate(users)))
            # WeChat's last resend of every message, to both processes at once.
            await asyncio.gather(*(send(u, p) for u in users for p in ports))
        per_user, rows = await settled(database_url, users, fake_wecom, fake_wechat)
        flat = [x for u in users for x in answers[u]]
        assert len(flat) == 4 * len(users)
        assert [x for x in flat if x[1] != 200] == [], "every copy answered, none with an error"
        assert [x for x in flat if not allowed(x[2]) or x[2] == BUSY] == [], "only ticket answers or `success`"
        told = {u: told_numbers(u, [x[2] for x in answers[u]], fake_wechat) for u in users}
        assert_each_user_one_ticket_told_and_announced(users, per_user, told, fake_wecom)
        assert_outbox_delivered_once(rows, fake_wecom, fake_wechat)
        assert len(fake_wecom.keys()) == len(users)
    finally:
        for p in procs:
            await stopped(p)
        for log in logs:
            log.close()
    for n in range(2):
        assert b'"resend": true' in (tmp_path / f"bot{n}.log").read_bytes(), \
            f"process {n} recognised copies the other one had taken"


# ---------------------------------------------------------------- Redis killed and restarted mid-load

@pytest.mark.timeout(90)
async def test_redis_killed_and_restarted_mid_load(tmp_path, database_url, fake_wecom, fake_wechat):
    log = open(tmp_path / "bot.log", "ab")
    rlog = open(tmp_path / "redis.log", "ab")
    rport, port = free_port(), free_port()
    redis = await start_redis(rport, rlog, tmp_path)
    proc = None
    try:
        env = bot_env(database_url, fake_wecom, fake_wechat, REDIS_URL=f"redis://127.0.0.1:{rport}/0")
        proc = await start(env, port, log)
        users = [new_openid("r") for _ in range(40)]
        replies: list[tuple[str, float, int, str]] = []   # user, when sent, HTTP status, what the user read
        back = asyncio.Event()
        async with aiohttp.ClientSession() as s:
            async def user(n, u):
                await asyncio.sleep(n * 0.1)   # a steady stream over four seconds
                mid = new_msg_id()
                for _ in range(6):
                    sent_at = time.monotonic()
                    status, body = await post(s, port, text(u, "人工", msg_id=mid))
                    said = content(body) if status == 200 else body
                    replies.append((u, sent_at, status, said))
                    if status != 200:      # no answer: WeChat sends the same message again
                        await asyncio.sleep(1.0)
                    elif said == BUSY:     # the user does as asked: sends it again a little later
                        await back.wait()
                        await asyncio.sleep(random.uniform(0.1, 1.0))
                        mid = new_msg_id()
                    else:                  # the answer (or `success`: it follows as a customer-service message)
                        return

            tasks = [asyncio.create_task(user(n, u)) for n, u in enumerate(users)]
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 30
            while sum(1 for r in replies if number(r[3])) < 8 and loop.time() < deadline:
                await asyncio.sleep(0.01)
            redis.kill()   # SIGKILL, in the middle of the stream
            await redis.wait()
            killed = time.monotonic()
            await asyncio.sleep(1.0)
            redis = await start_redis(rport, rlog, tmp_path)   # empty, same port; the bot is not restarted
            restarted = time.monotonic()
            back.set()
            await asyncio.gather(*tasks)
            # Redis is back: new users get the normal answer straight away.
            fresh = [new_openid("f") for _ in range(5)]
            for u in fresh:
                status, body = await post(s, port, text(u, "人工", msg_id=new_msg_id()))
                said = content(body) if status == 200 else body
                replies.append((u, time.monotonic(), status, said))
                assert status == 200 and number(said) and said == handed(number(said)), said
        everyone = users + fresh
        per_user, rows = await settled(database_url, everyone, fake_wecom, fake_wechat)
        assert [r for r in replies if r[2] != 200] == [], "no 5xx and no request left unanswered"
        assert [r for r in replies if not allowed(r[3])] == [], "only ticket answers, `success` or please-resend"
        assert any(r[1] < killed and number(r[3]) for r in replies), "answers before the kill"
        assert any(killed <= r[1] < restarted for r in replies), "messages arrived while Redis was down"
        told = {u: told_numbers(u, [r[3] for r in replies if r[0] == u], fake_wechat) for u in everyone}
        assert_each_user_one_ticket_told_and_announced(everyone, per_user, told, fake_wecom)
        assert_outbox_delivered_once(rows, fake_wecom, fake_wechat)
    finally:
        await stopped(proc)
        await stopped(redis)
        log.close()
        rlog.close()


# ---------------------------------------------------------------- the database unreachable for a few seconds

@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL behind a TCP proxy)")
@pytest.mark.timeout(90)
async def test_database_unreachable_for_three_seconds_then_resends_are_processed(tmp_path, database_url,
                                                                                 fake_wecom, fake_wechat):
    url = make_url(database_url)
    proxy = await TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    via_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    env = bot_env(via_proxy, fake_wecom, fake_wechat, **({"REDIS_URL": REDIS_URL} if REDIS_URL else {}))
    log = open(tmp_path / "bot.log", "ab")
    port = free_port()
    proc = None
    try:
        proc = await start(env, port, log)
        users = [new_openid("p") for _ in range(36)]
        replies: list[tuple[str, float, int, str]] = []
        loop = asyncio.get_running_loop()
        async with aiohttp.ClientSession() as s:
            async def user(n, u):
                await asyncio.sleep(n * 0.08)   # a steady stream over three seconds
                xml = text(u, "人工", msg_id=new_msg_id())
                give_up = loop.time() + 30
                while True:
                    status, body = await post(s, port, xml)
                    said = content(body) if status == 200 else body
                    replies.append((u, time.monotonic(), status, said))
                    if (status == 200 and said != BUSY) or loop.time() > give_up:
                        return
                    # No answer, or "please send again": the same message again (same MsgId) a bit later.
                    await asyncio.sleep(random.uniform(1.0, 2.0))

            tasks = [asyncio.create_task(user(n, u)) for n, u in enumerate(users)]
            deadline = loop.time() + 30
            while sum(1 for r in replies if number(r[3])) < 6 and loop.time() < deadline:
                await asyncio.sleep(0.01)
            await proxy.cut()   # every connection to the database gone, new ones refused
            cut = time.monotonic()
            await asyncio.sleep(3.0)
            await proxy.start()
            restored = time.monotonic()
            await asyncio.gather(*tasks)
        per_user, rows = await settled(database_url, users, fake_wecom, fake_wechat)
        assert [r for r in replies if r[2] != 200] == [], "no 5xx and no request left unanswered"
        assert [r for r in replies if not allowed(r[3])] == [], "only ticket answers, `success` or please-resend"
        assert any(r[1] < cut and number(r[3]) for r in replies), "answers before the cut"
        assert any(cut <= r[1] < restored for r in replies), "messages arrived while the database was away"
        first = {}
        for u, _, _, said in replies:
            first.setdefault(u, said)
        failed_first = [u for u in users if first[u] == BUSY]
        assert failed_first, "some users' first try failed while the database was away"
        told = {u: told_numbers(u, [r[3] for r in replies if r[0] == u], fake_wechat) for u in users}
        assert all(told[u] for u in failed_first), "each of them got the ticket on a resend"
        # Nothing half-written: every ticket has its staff notice, each delivered once.
        assert_each_user_one_ticket_told_and_announced(users, per_user, told, fake_wecom)
        assert_outbox_delivered_once(rows, fake_wecom, fake_wechat)
    finally:
        await stopped(proc)
        await proxy.close()
        log.close()


# ---------------------------------------------------------------- the staff robot and the WeChat API down

@pytest.mark.timeout(180)
async def test_staff_robot_and_wechat_api_down_then_back_everything_delivered_once(tmp_path, database_url,
                                                                                   fake_wecom, fake_wechat):
    staff = new_openid("s")
    env = bot_env(database_url, fake_wecom, fake_wechat, STAFF_OPENIDS=staff,
                  **({"REDIS_URL": REDIS_URL} if REDIS_URL else {}))
    log = open(tmp_path / "bot.log", "ab")
    port = free_port()
    await fake_wecom.stop()    # the robot's address refuses connections
    fake_wechat.down = True    # WeChat answers 503 to everything, the access token included
    proc = None
    try:
        proc = await start(env, port, log)
        users = [new_openid("d") for _ in range(8)]
        numbers: dict[str, int] = {}
        async with aiohttp.ClientSession() as s:
            for u in users:
                status, body = await post(s, port, text(u, "人工", msg_id=new_msg_id()))
                said = content(body) if status == 200 else body
                assert status == 200 and number(said) and said == handed(number(said)), said
                numbers[u] = number(said)
            for u in users:   # staff answer each through the bot: customer-service messages to the users
                status, body = await post(s, port, text(staff, f"回复 {numbers[u]} 已收到，第{numbers[u]}号马上处理",
                                                         msg_id=new_msg_id()))
                said = content(body) if status == 200 else body
                assert said == CAT.text("zh_CN", "staff-ticket-done", id=numbers[u], action="reply"), said

        async def tried() -> int:
            _, rows = await stored(database_url)
            # (besides, once WeChat has refused tokens for a while, an alert to staff: it waits too)
            rows = [r for r in rows if not r["idempotency_key"].startswith("alert:")]
            assert len(rows) == 2 * len(users) and all(r["status"] == "pending" for r in rows)
            return sum(r["attempts"] for r in rows)

        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        while loop.time() < deadline:
            _, rows = await stored(database_url)
            # Every message to users is tried; staff notices wait for their robot, which is tried.
            tried_all = all(r["attempts"] >= 1 for r in rows if r["channel"] != "staff") and \
                any(r["attempts"] >= 1 for r in rows if r["channel"] == "staff")
            if tried_all and fake_wechat.down_calls:
                break
            await asyncio.sleep(0.2)
        assert tried_all, "the sender tried every message to users, and the staff robot, while both were down"
        assert fake_wecom.posts == [] and fake_wechat.messages == []
        # The bot is restarted while they are down: what is queued survives it.
        await stopped(proc)
        proc = None
        before = await tried()
        proc = await start(env, port, log)
        deadline = loop.time() + 20
        while await tried() == before and loop.time() < deadline:
            await asyncio.sleep(0.2)
        assert await tried() > before, "the restarted bot keeps trying"
        assert fake_wecom.posts == [] and fake_wechat.messages == []
        # Both come back.
        await fake_wecom.start()
        fake_wechat.down = False
        # (after a minute of outage a message's own back-off and the access token's can reach 30-60 s)
        per_user, rows = await settled(database_url, users, fake_wecom, fake_wechat, timeout=120.0)
        told = {u: {numbers[u]} for u in users}
        assert_each_user_one_ticket_told_and_announced(users, per_user, told, fake_wecom)
        assert_outbox_delivered_once(rows, fake_wecom, fake_wechat)
        for u in users:
            texts = fake_wechat.texts_to(u)
            assert len(texts) == 1 and f"第{numbers[u]}号马上处理" in texts[0], texts
    finally:
        await stopped(proc)
        log.close()


# ---------------------------------------------------------------- the store lost right after a commit

class _FlakyStore:
    """The bot's key-value store, unreachable on demand: every call then
    fails as it does when the Redis server has died."""

    def __init__(self, inner) -> None:
        self._inner, self.down = inner, False

    def __getattr__(self, name):
        attr = getattr(self._inner, name)
        if not asyncio.iscoroutinefunction(attr):
            return attr

        async def call(*args, **kw):
            if self.down:
                from redis.exceptions import ConnectionError as RedisConnectionError

                raise RedisConnectionError("Connection closed by server.")
            return await attr(*args, **kw)
        return call


class _AfterCommit:
    """The bot's database, calling `hook` after each transaction commits."""

    def __init__(self, inner, hook) -> None:
        self._inner, self._hook = inner, hook

    def __getattr__(self, name):
        return getattr(self._inner, name)

    @contextlib.asynccontextmanager
    async def transaction(self):
        async with self._inner.transaction() as conn:
            yield conn
        self._hook()


async def test_store_lost_just_after_the_changes_are_made_the_user_is_told_the_truth(bot, fake_wecom):
    """Redis dies in the instant after a turn's changes were committed (the
    narrow window the Redis test above can only hit by luck): the user is
    told the ticket's number, not to send it again, which would lodge a
    second ticket and a second staff notice."""
    from bot.handlers.keys import DB, TURNS

    turns = bot.app[TURNS]
    store = _FlakyStore(turns.kv)
    turns.kv = store
    turns.db = _AfterCommit(turns.db, lambda: setattr(store, "down", True))
    user = new_openid("c")
    said = await bot.say(user, "人工")
    assert said != BUSY and number(said) and said == handed(number(said)), said
    async with bot.app[DB].reading() as conn:
        rows = (await conn.execute(select(tickets.c.id).where(tickets.c.openid == user))).all()
    assert [r[0] for r in rows] == [number(said)]
    posts = await fake_wecom.wait_posts(1)
    assert len(posts) == 1 and user[-8:] in posts[0]["markdown"]["content"]


# ---------------------------------------------------------------- SIGKILL while records of every kind are saved

PER_KIND = 12
KINDS = ("register", "post", "apply", "complain")
# A worker's registration up to its summary (the next "对" saves it); no pushes.
TO_REG_SUMMARY = ("求职登记", "1", "小李", "13811112222", "搬运", "丰泽")
POST_FILL = {"post-ask-address": "东海街道刺桐小区", "post-ask-employer-name": "陈先生",
             "post-ask-company-name": "晋江鸿星鞋厂", "post-ask-credit": "跳过",
             "post-ask-phone": "13905951234", "post-ask-date": "明天", "post-ask-time": "早上8点到下午5点",
             "post-ask-headcount": "3", "post-ask-method": "1", "post-ask-pay": "日结200", "post-ask-area": "6",
             "post-ask-trade": "小工"}
SAVING_WORDS = {"register": "对", "post": "发布", "apply": "报名", "complain": "提交"}


def first_line(msg_id: str, **kw) -> str:
    return CAT.text("zh_CN", msg_id, **kw).splitlines()[0]


def saved_reply(kind: str, said: str) -> bool:
    """The answer that tells the user their record is saved."""
    if kind == "register":
        return CAT.text("zh_CN", "reg-saved", push="no") in said
    if kind == "post":
        return first_line("post-published") in said
    if kind == "apply":
        return first_line("applied", contact="-", phone="-", id=0) in said
    n = number(said)
    return n is not None and first_line("complaint-lodged", id=n, called_back="yes") in said


class Webhook:
    """One user's side of a conversation with a `bot serve` process:
    each message answered, resent as WeChat would while it gets no
    answer or a please-resend, and an answer that came late (`success`)
    read from the customer-service messages the fake WeChat API got."""

    def __init__(self, session, port: int, fake_wechat) -> None:
        self.session, self.port, self.fake_wechat = session, port, fake_wechat

    async def say(self, user: str, words: str) -> str:
        xml = text(user, words, msg_id=new_msg_id())
        loop = asyncio.get_running_loop()
        give_up = loop.time() + 40
        while True:
            had = len(self.fake_wechat.texts_to(user))
            status, body = await post(self.session, self.port, xml)
            said = content(body) if status == 200 else None
            if said:
                if said != BUSY:
                    return said
            elif said == "":   # late: the answer follows as a customer-service message
                while loop.time() < give_up:
                    late = self.fake_wechat.texts_to(user)[had:]
                    if late:
                        return late[-1]
                    await asyncio.sleep(0.1)
            assert loop.time() < give_up, f"no answer to {words!r} from {user[-8:]}"
            await asyncio.sleep(0.5)


async def walk_post(w: Webhook, user: str, first: str) -> str:
    """An employer's post up to its confirmation, answering what is asked."""
    said = await w.say(user, first)
    for _ in range(15):
        if first_line("post-confirm") in said:
            return said
        pending = [k for k in POST_FILL if first_line(k) in said]
        assert pending, f"an unexpected question while posting: {said}"
        said = await w.say(user, POST_FILL[pending[0]])
    raise AssertionError(f"the post never reached its confirmation: {said}")


async def records_per_user(database_url: str) -> tuple[dict[str, Counter], dict[str, set[int]], list[dict]]:
    """Per kind, how many records each user has; each user's ticket numbers; and the outbox."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            got = {
                "register": (await conn.execute(select(workers.c.openid))).scalars().all(),
                "post": (await conn.execute(select(employers.c.openid).select_from(
                    jobs.join(employers, jobs.c.employer_id == employers.c.id)))).scalars().all(),
                "apply": (await conn.execute(select(applications.c.worker_openid))).scalars().all(),
            }
            numbers: dict[str, set[int]] = {}
            for tid, openid in (await conn.execute(select(tickets.c.id, tickets.c.openid))).all():
                numbers.setdefault(openid, set()).add(tid)
            out = (await conn.execute(select(outbox.c.idempotency_key, outbox.c.channel, outbox.c.recipient,
                                             outbox.c.status))).mappings().all()
    finally:
        await engine.dispose()
    per_kind = {kind: Counter(openids) for kind, openids in got.items()}
    per_kind["complain"] = Counter({openid: len(ids) for openid, ids in numbers.items()})
    return per_kind, numbers, [dict(r) for r in out]


@pytest.mark.timeout(240)
async def test_sigkill_while_registrations_posts_applications_and_complaints_are_saved(
        tmp_path, database_url, fake_wecom, fake_wechat):
    """48 users, each one message away from a saved record (a worker's
    registration, a job post, an application, a complaint), send that
    message at once; the server is killed with SIGKILL when about a third
    were answered, restarted on the same database (and Redis), and every
    message is resent three times, then sent once more as a new message.
    Nobody told "saved" lacks the record, nobody with a record goes untold,
    nothing is saved twice, and every outbox message (the staff notice of
    each complaint, the employer's news of each application) is delivered,
    each under its own idempotency key. With Redis the dialogs survive, so
    everyone ends with the record; the in-process store forgets them, so a
    message the killed process never saved gets an answer that is not
    "saved" (the user starts again)."""
    env = bot_env(database_url, fake_wecom, fake_wechat, **({"REDIS_URL": REDIS_URL} if REDIS_URL else {}))
    log = open(tmp_path / "bot.log", "ab")
    port = free_port()
    loop = asyncio.get_running_loop()
    began = loop.time()
    users = {kind: [new_openid(kind[0]) for _ in range(PER_KIND)] for kind in KINDS}
    kind_of = {u: kind for kind, us in users.items() for u in us}
    everyone = list(kind_of)
    seed_employer = new_openid("s")
    proc = None
    try:
        proc = await start(env, port, log)
        async with aiohttp.ClientSession() as s:
            w = Webhook(s, port, fake_wechat)
            # ---- preparation, not under fault: three open jobs to apply to, and
            # every user brought to the message that saves their record.
            for pay in (200, 210, 220):
                await walk_post(w, seed_employer, f"明天丰泽区搬家需要3个搬运工，日结{pay}元，早上8点到下午5点，"
                                                  "联系电话13905951234")
                said = await w.say(seed_employer, "发布")
                assert first_line("post-published") in said, said

            async def prepare(u: str, n: int) -> None:
                kind = kind_of[u]
                if kind in ("register", "apply"):
                    for words in TO_REG_SUMMARY:
                        said = await w.say(u, words)
                    assert first_line("reg-confirm") in said, said
                if kind == "apply":
                    said = await w.say(u, "对")
                    assert saved_reply("register", said), said
                    said = await w.say(u, "丰泽有没有搬运的活")
                    assert first_line("find-found", count=3) in said, said
                    said = await w.say(u, str(1 + n % 3))
                    assert first_line("job-detail-actions") in said, said
                elif kind == "post":
                    said = await walk_post(w, u, "明天丰泽区搬家要3个小工，日结200")
                    assert first_line("post-refused") not in said, said
                elif kind == "complain":
                    for words, expect in (("老板拖欠我三天工资不给，一共六百块", "complaint-ask-photos"),
                                          ("好了", "complaint-ask-phone"), ("13811112222", "complaint-confirm")):
                        said = await w.say(u, words)
                        assert first_line(expect) in said, (words, said)

            gate = asyncio.Semaphore(8)

            async def prepared(u: str, n: int) -> None:
                async with gate:
                    await prepare(u, n)

            await asyncio.gather(*(prepared(u, n) for n, u in enumerate(everyone)))
            before, _, _ = await records_per_user(database_url)
            assert [u for u in everyone if before[kind_of[u]].get(u)] == [], "nothing saved yet"
            assert all(before["register"].get(u) == 1 for u in users["apply"]), "the applicants are registered"
            assert fake_wechat.messages == [] and fake_wecom.posts == []
            prepared_at = loop.time()

            # ---- under fault: every saving message at once; SIGKILL when about a third were answered.
            saving = {u: text(u, SAVING_WORDS[kind_of[u]], msg_id=new_msg_id()) for u in everyone}
            answers: dict[str, list[tuple[str, int, str]]] = {u: [] for u in everyone}

            async def send(u: str, phase: str) -> None:
                status, body = await post(s, port, saving[u])
                answers[u].append((phase, status, content(body) if status == 200 else body))

            def told_saved_so_far() -> int:
                return sum(1 for u in everyone if any(saved_reply(kind_of[u], a[2]) for a in answers[u]))

            order = list(everyone)
            random.shuffle(order)

            async def send_after(u: str, delay: float) -> None:
                await asyncio.sleep(delay)
                await send(u, "first")

            # Sent 5 ms apart (a quarter of a second for all): a server that
            # answers all 48 within the few milliseconds the kill takes to
            # land would otherwise be killed after the last answer.
            tasks = [asyncio.create_task(send_after(u, n * 0.005)) for n, u in enumerate(order)]
            deadline = loop.time() + 30
            while told_saved_so_far() < len(everyone) // 3 and loop.time() < deadline:
                await asyncio.sleep(0.005)
            proc.send_signal(signal.SIGKILL)
            await proc.wait()
            await asyncio.gather(*tasks)
            answered_before = told_saved_so_far()
            # What reached the fakes from the killed process (the restarted one has sent nothing yet).
            reached_before_kill = set(fake_wecom.keys()) | {m["_key"] for m in fake_wechat.messages}
            assert len(everyone) // 3 <= answered_before < len(everyone), \
                f"the kill landed in the middle ({answered_before} of {len(everyone)} answered)"
            proc = await start(env, port, log)
            restarted = loop.time()
            # ---- WeChat's resends (same MsgId), three rounds a few seconds apart;
            # all 48 are resent, so answered messages test de-duplication too.
            for n in range(3):
                await asyncio.gather(*(send(u, f"resend{n + 1}") for u in everyone))
                if n < 2:
                    await asyncio.sleep(4)
            # ---- then each user sends the same words once more, as a new message (as one would
            # who doubts it went through): the dialog is over, nothing is saved a second time.
            again: dict[str, tuple[int, str]] = {}

            async def once_more(u: str) -> None:
                status, body = await post(s, port, text(u, SAVING_WORDS[kind_of[u]], msg_id=new_msg_id()))
                again[u] = (status, content(body) if status == 200 else body)

            await asyncio.gather(*(once_more(u) for u in everyone))

        # ---- what was answered, stored and delivered
        settle_by = loop.time() + 45   # rows leased by the killed process wait out their 15 s lease
        while True:
            per_kind, numbers, rows = await records_per_user(database_url)
            staff_keys = {r["idempotency_key"] for r in rows if r["channel"] == "staff"}
            user_keys = {r["idempotency_key"] for r in rows if r["channel"] != "staff"}
            done = (all(r["status"] == "sent" for r in rows)
                    and staff_keys <= set(fake_wecom.keys())
                    and user_keys <= {m["_key"] for m in fake_wechat.messages}
                    and (not REDIS_URL or all(per_kind[kind_of[u]].get(u) for u in everyone)))
            if done or loop.time() >= settle_by:
                break
            await asyncio.sleep(0.3)
        settled_at = loop.time()

        def told_saved(u: str) -> bool:
            late = fake_wechat.texts_to(u)   # an answer that came late, as a customer-service message
            return any(saved_reply(kind_of[u], said) for said in [a[2] for a in answers[u]] + late)

        stored = {u: per_kind[kind_of[u]].get(u, 0) for u in everyone}
        staff_sent, user_sent = Counter(fake_wecom.keys()), \
            Counter(m["_key"] for m in fake_wechat.messages)
        extra = sum((staff_sent + user_sent).values()) - len(staff_sent + user_sent)
        print(f"sigkill-all-kinds: sent {len(everyone)}, answered saved before the kill {answered_before}, "
              f"told saved in the end {sum(map(told_saved, everyone))}, stored {sum(stored.values())} "
              f"({', '.join(f'{k} {sum(stored[u] for u in users[k])}' for k in KINDS)}), "
              f"outbox {len(rows)} rows / {sum(r['status'] == 'sent' for r in rows)} sent, delivered staff "
              f"{sum(staff_sent.values())} ({len(staff_sent)} keys) users {sum(user_sent.values())} "
              f"({len(user_sent)} keys), repeated {extra}; "
              f"prepared in {prepared_at - began:.1f} s, restarted "
              f"{restarted - prepared_at:.1f} s later, settled {settled_at - restarted:.1f} s after; "
              f"store={'redis' if REDIS_URL else 'memory'}")

        after = [a for u in everyone for a in answers[u] if a[0] != "first"]
        assert [a for a in after if a[1] != 200] == [], "every copy after the restart answered, none with an error"
        assert [u for u in everyone if again[u][0] != 200 or saved_reply(kind_of[u], again[u][1])] == [], \
            "a further message after the dialog ended saves nothing"
        doubled = {u: n for u, n in stored.items() if n > 1}
        assert not doubled, f"nothing saved twice: {doubled}"
        unfounded = [u for u in everyone if told_saved(u) and not stored[u]]
        assert not unfounded, f"told it was saved, but it is not: {[(kind_of[u], answers[u]) for u in unfounded]}"
        untold = [u for u in everyone if stored[u] and not told_saved(u)]
        assert not untold, f"saved, but never told so: {[(kind_of[u], answers[u]) for u in untold]}"
        if REDIS_URL:
            # The dialogs survive the restart: a resend completes what the kill interrupted.
            missing = [u for u in everyone if not stored[u]]
            assert not missing, f"with Redis every user ends with the record: {[kind_of[u] for u in missing]}"
        else:
            # The in-process store forgot the dialogs: a message the killed process never
            # saved now arrives without its dialog. Its user is told something (not "saved"),
            # in the passive reply or, when that came late, a customer-service message.
            for u in everyone:
                if not stored[u]:
                    said = [a[2] for a in answers[u] if a[0] != "first" and a[2] not in ("", BUSY)]
                    said += fake_wechat.texts_to(u)
                    assert said and not any(saved_reply(kind_of[u], x) for x in said), (kind_of[u], answers[u])
        # A resend of a message whose record was saved gets the first answer again (the
        # inbox keeps it when the in-process store forgot it), never a fresh turn's answer.
        for u in everyone:
            if stored[u]:
                said = [a[2] for a in answers[u] if a[0] != "first" and a[2] not in ("", BUSY)]
                assert all(saved_reply(kind_of[u], x) for x in said), (kind_of[u], answers[u])
        # Complaints: the number the user was told is their ticket's.
        for u in users["complain"]:
            told = {n for said in [a[2] for a in answers[u]] + fake_wechat.texts_to(u)
                    if saved_reply("complain", said) and (n := number(said)) is not None}
            assert told == numbers.get(u, set()), (u[-8:], told, numbers.get(u))

        # The outbox: every message delivered, each under its own key, none twice but what the kill interrupted.
        assert [r for r in rows if r["status"] != "sent"] == [], "every outbox message was delivered"
        assert set(staff_sent) == staff_keys and set(user_sent) == user_keys, "what arrived is what was queued"
        complained = [u for u in users["complain"] if stored[u]]
        applied = [u for u in users["apply"] if stored[u]]
        assert len(staff_keys) == len(complained), "one staff notice per complaint"
        notices = fake_wecom.texts()
        for u in complained:
            naming = [(p["_keys"], t) for p, t in zip(fake_wecom.posts, notices) if u[-8:] in t]
            assert naming and set.intersection(*(set(k) for k, _ in naming)), \
                f"one staff notice naming {u[-8:]} (posted again at most): {naming}"
            assert re.search(rf"#{min(numbers[u])}\b", naming[0][1]), "the notice carries the ticket's number"
        to_employer = [m for m in fake_wechat.messages if m.get("touser") == seed_employer]
        assert len({m["_key"] for m in to_employer}) == len(applied), "the employer hears of each application once"
        # At-least-once delivery: only a message that reached its server before the kill,
        # which the killed process could not yet record as sent, goes again, with the same
        # key. Staff notices go one post at a time (the notices of one post at most);
        # messages to users go concurrently, up to one claimed batch (20).
        repeated = {k for k, n in (staff_sent + user_sent).items() if n > 1}
        assert repeated <= reached_before_kill, "only what the killed process had sent goes again"
        assert max([*staff_sent.values(), *user_sent.values()], default=0) <= 2, "at most once more"
        assert_repeats_are_one_post(fake_wecom)
        assert sum(user_sent.values()) - len(user_sent) <= 20, user_sent.most_common(3)
    finally:
        await stopped(proc)
        log.close()
