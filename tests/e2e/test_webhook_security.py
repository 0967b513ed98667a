"""Forged requests are refused: an old signature, a captured signature put
on another body, a plaintext message while the account is in safe mode.
WeChat's own resend (same signature, same body) is still answered once."""
import asyncio
import os
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from bot.store.db import Database
from bot.store.tables import tickets
from tests.conftest import Bot
from tests.wx import new_openid, sign, text

DAY = 24 * 3600


def content(reply_xml: str) -> str:
    return ET.fromstring(reply_xml).findtext("Content") or ""


def signed(token: str, ts: int, nonce: str = "31415926") -> dict:
    return {"signature": sign(token, str(ts), nonce), "timestamp": str(ts), "nonce": nonce}


async def ticket_count(bot) -> int:
    db = Database(bot.settings.database_url)
    try:
        async with db.reading() as conn:
            return (await conn.execute(select(func.count()).select_from(tickets))).scalar()
    finally:
        await db.close()


async def test_a_request_signed_400_days_ago_is_refused_and_changes_nothing(bot, fake_wecom):
    user = new_openid()
    token = bot.settings.wechat_token.reveal()
    xml = text(user, "人工", msg_id=77001)
    old = signed(token, int(time.time()) - 400 * DAY)
    resp = await bot.client.post("/wechat", params=old, data=xml.encode())
    assert resp.status == 403
    ahead = signed(token, int(time.time()) + 400)       # a clock far ahead is no better
    resp = await bot.client.post("/wechat", params=ahead, data=xml.encode())
    assert resp.status == 403
    for bad_ts in ("", "yesterday", "1e9"):
        resp = await bot.client.post("/wechat", params={**old, "timestamp": bad_ts}, data=xml.encode())
        assert resp.status == 403
    await asyncio.sleep(0.3)
    assert await ticket_count(bot) == 0 and fake_wecom.posts == []
    # Nothing was consumed: the same message, signed now, is taken.
    resp = await bot.client.post("/wechat", params=signed(token, int(time.time())), data=xml.encode())
    assert resp.status == 200 and "#" in await resp.text()
    assert await ticket_count(bot) == 1


async def test_the_verification_url_expires_too(bot):
    token = bot.settings.wechat_token.reveal()
    fresh = {**signed(token, int(time.time())), "echostr": "5577"}
    resp = await bot.client.get("/wechat", params=fresh)
    assert resp.status == 200 and await resp.text() == "5577"
    saved = {**signed(token, int(time.time()) - 30 * DAY), "echostr": "5577"}
    resp = await bot.client.get("/wechat", params=saved)
    assert resp.status == 403


async def test_a_captured_signature_on_another_body_is_refused_but_wechats_resend_is_answered(settings, fake_wecom):
    """Posing as staff with a signature seen once (a proxy's access log):
    the forged `待办` gets 403; WeChat's own resend of the message the
    signature came with gets the first answer, and acts once."""
    staff, citizen = new_openid("staff"), new_openid("c")
    bot = await Bot(replace(settings, staff_openids=frozenset({staff}))).start()
    try:
        token = bot.settings.wechat_token.reveal()
        first = await bot.say(citizen, "工资被拖欠了，电话13655556666，请打给我")
        assert first
        query = signed(token, int(time.time()), nonce="271828")
        genuine = text(citizen, "人工", msg_id=88001)
        resp = await bot.client.post("/wechat", params=query, data=genuine.encode())
        answer = await resp.text()
        assert resp.status == 200 and "#" in answer

        for forged in (text(staff, "待办"), text(staff, "查看 1"), text(staff, "回复 1 请把身份证照片发到…"),
                       text(citizen, "人工", msg_id=88002), genuine.replace("人工", "人工 ")):
            resp = await bot.client.post("/wechat", params=query, data=forged.encode())
            assert resp.status == 403, forged
            assert "13655556666" not in await resp.text()

        resend = await bot.client.post("/wechat", params=query, data=genuine.encode())
        assert resend.status == 200 and content(await resend.text()) == content(answer)
        await fake_wecom.wait_posts(1, timeout=5)
        await asyncio.sleep(0.5)
        assert await ticket_count(bot) == 1
        assert len([p for p in fake_wecom.posts if citizen[-8:] in str(p)]) == 1
    finally:
        await bot.stop()


async def test_in_safe_mode_a_plaintext_post_is_refused(settings):
    """With an EncodingAESKey set, WeChat encrypts every message; a
    plaintext one is refused unless WECHAT_ALLOW_PLAINTEXT is on."""
    bot = await Bot(replace(settings, wechat_allow_plaintext=False)).start()
    try:
        user = new_openid()
        r = await bot.wechat.post(text(user, "帮助"))
        assert r.status == 403
        r = await bot.wechat.post(text(user, "帮助"), aes=True)
        assert r.status == 200 and r.encrypted and "找工作" in r.text
        # A GET to verify the URL carries no message and still works.
        resp = await bot.client.get("/wechat", params=bot.wechat.query(echostr="42"))
        assert await resp.text() == "42"
    finally:
        await bot.stop()


async def test_an_encrypted_message_cannot_be_replayed_after_its_time(bot):
    user = new_openid()
    old = int(time.time()) - 2 * DAY
    q = signed(bot.settings.wechat_token.reveal(), old)
    r = await bot.wechat.post(text(user, "人工"), aes=True, query=q)
    assert r.status == 403


def test_the_setting_reads_the_environment():
    from bot.settings import Settings

    assert Settings.from_env({"WECHAT_TOKEN": "t", "WECHAT_ALLOW_PLAINTEXT": "true"}).wechat_allow_plaintext
    assert not Settings.from_env({"WECHAT_TOKEN": "t"}).wechat_allow_plaintext
    assert not Settings.from_env({"WECHAT_TOKEN": "t", "WECHAT_ALLOW_PLAINTEXT": "no"}).wechat_allow_plaintext


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_the_development_token_is_refused_on_a_public_address(tmp_path, host):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "DATABASE_", "REDIS_"))}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    done = subprocess.run([sys.executable, "-m", "bot", "serve", "--host", host, "--port", str(_free_port())],
                          env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode != 0
    assert "WECHAT_TOKEN" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
