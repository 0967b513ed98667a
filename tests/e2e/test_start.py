"""Start-up when what the bot needs is not there yet: one clear line, no
traceback; the database is waited for; Redis calls time out."""
import asyncio
import os
import socket
import subprocess
import sys
import time

import pytest

from tests.e2e.test_faults import PG_URL, TcpProxy, bot_env, free_port, start, stopped


def test_an_unreachable_database_is_waited_for_then_named_in_one_line(tmp_path):
    port = free_port()   # nothing listens there
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "DATABASE_", "REDIS_"))}
    env.update(WECHAT_TOKEN="t", DATABASE_START_WAIT="3",
               DATABASE_URL=f"postgresql+asyncpg://bot:s3cret@127.0.0.1:{port}/gigbot")
    began = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "bot", "serve", "--port", str(free_port())], env=env,
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    out = done.stdout + done.stderr
    assert done.returncode == 1
    assert time.monotonic() - began >= 3, "it kept trying for DATABASE_START_WAIT"
    assert "Traceback" not in out
    assert "s3cret" not in out, "no password in the log"
    assert sum("not reachable" in line for line in out.splitlines()) == 2   # trying again …, gave up
    assert "DATABASE_START_WAIT" in out


@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL behind a TCP proxy)")
async def test_a_database_that_comes_up_a_little_later_is_used(tmp_path, database_url):
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    proxy = await TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    await proxy.cut()
    via_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    log = open(tmp_path / "bot.log", "ab")
    try:
        task = asyncio.create_task(start(bot_env(via_proxy, DATABASE_START_WAIT="30"), free_port(), log))
        for _ in range(200):   # until it has tried and said so
            if "not reachable" in (tmp_path / "bot.log").read_text():
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
        assert not task.done(), "still waiting for the database"
        await proxy.start()   # the database is back, on the same address
        proc = await asyncio.wait_for(task, 30)
        await stopped(proc)
    finally:
        await proxy.close()
        log.close()
    text = (tmp_path / "bot.log").read_text()
    assert "not reachable" in text and "database reachable after" in text and "Traceback" not in text


async def test_a_redis_that_does_not_answer_fails_the_call_within_its_timeout():
    from bot.store.kv import RedisStore

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)   # accepts connections, never answers
    try:
        store = RedisStore(f"redis://127.0.0.1:{silent.getsockname()[1]}/0", "t", timeout=0.5)
        began = time.monotonic()
        with pytest.raises(Exception):
            await store.get("k")
        assert time.monotonic() - began < 3
        await store.close()
    finally:
        silent.close()


async def test_a_store_that_does_not_answer_at_start_leaves_nothing_open(settings):
    """Found in CI on a busy machine: Redis did not answer the first
    heartbeat within its timeout, the start failed, and its database
    connection and HTTP session were left open (the next test failed on
    their warnings). The start still fails; nothing it opened stays open."""
    import gc
    import warnings
    from dataclasses import replace

    from aiohttp.test_utils import TestServer

    from bot.app import WECHAT, create_app

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)   # accepts connections, never answers
    try:
        broken = replace(settings, redis_url=f"redis://127.0.0.1:{silent.getsockname()[1]}/0", redis_timeout=0.5)
        server = TestServer(create_app(broken), host="127.0.0.1")
        with pytest.raises(Exception, match="Timeout"):
            await server.start_server()
        assert server.app[WECHAT].session.closed, "the HTTP session for WeChat's API"
        del server
        # What was left open says so when collected: as a warning, or from
        # its __del__ through the unraisable hook.
        unclosed: list[str] = []
        hook = sys.unraisablehook
        sys.unraisablehook = lambda u: unclosed.append(f"{u.exc_value!r} {u.object!r}")
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                gc.collect()
        finally:
            sys.unraisablehook = hook
        unclosed += [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
        assert unclosed == [], unclosed
    finally:
        silent.close()
