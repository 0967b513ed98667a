"""Faults: the server killed with SIGKILL in the middle of load, then
restarted, with WeChat resending. Nothing a user was told is saved is
lost, and nothing is done twice."""
import asyncio
import os
import secrets
import signal
import socket
import sys

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store.tables import tickets
from tests.wx import new_openid, sign, text

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = "fault-token"
USERS = 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def start(env, port, log):
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "serve", "--port", str(port), cwd=ROOT,
                                                env=env, stdout=log, stderr=log)
    async with aiohttp.ClientSession() as s:
        for _ in range(300):
            try:
                async with s.get(f"http://127.0.0.1:{port}/healthz") as r:
                    if r.status == 200:
                        return proc
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
    proc.kill()
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
            async def one(u):
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
                keys = {p["_key"] for p in fake_wecom.posts}
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
        keys = [p["_key"] for p in fake_wecom.posts]
        assert len(set(keys)) == USERS, "one staff notice per ticket, none lost"
        notices = {}
        for p in fake_wecom.posts:
            for u in users:
                if u[-8:] in p["markdown"]["content"]:
                    notices[u] = notices.get(u, 0) + 1
        assert set(notices) == set(users)
        # At-least-once delivery: a notice sent just before the kill may go
        # again, with the same idempotency key (the robot's side can drop it).
        assert sum(notices.values()) - USERS <= 2
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            await proc.wait()
        log.close()
