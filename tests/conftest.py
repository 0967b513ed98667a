"""Test backends: SQLite + in-process store by default; PostgreSQL + Redis
when TEST_DATABASE_URL / TEST_REDIS_URL are set (CI runs both)."""
from __future__ import annotations

import asyncio
import os
import secrets
import uuid

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.settings import Secret, Settings
from tests.fakes import FakeWeChatAPI, FakeWeCom
from tests.wx import WeChat

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


def pytest_report_header(config):
    return [f"backends: database={'postgresql' if PG_URL else 'sqlite'}, store={'redis' if REDIS_URL else 'memory'}"]


@pytest.fixture(scope="session")
def pg_database():
    """A fresh PostgreSQL database for this test session, dropped after."""
    if not PG_URL:
        yield None
        return
    import asyncpg

    server = PG_URL.replace("postgresql+asyncpg://", "postgresql://")
    name = f"qzbot_test_{os.getpid()}_{secrets.token_hex(3)}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(server)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    base, _, _ = PG_URL.rpartition("/")
    yield f"{base}/{name}"
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def database_url(tmp_path, pg_database):
    if pg_database is None:
        yield f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
        return
    # Each test starts from empty tables.
    import asyncpg

    conn = await asyncpg.connect(pg_database.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        tables = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                  "AND tablename <> 'alembic_version'")
        if tables:
            await conn.execute("TRUNCATE " + ", ".join(f'"{t["tablename"]}"' for t in tables)
                               + " RESTART IDENTITY CASCADE")
    finally:
        await conn.close()
    yield pg_database


@pytest.fixture
def key_prefix():
    return f"qzt{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def kv(key_prefix):
    from bot.store.kv import open_store

    store = open_store(REDIS_URL, key_prefix)
    yield store
    await store.close()


@pytest.fixture
async def fake_wechat():
    fake = await FakeWeChatAPI("wxtestappid0001", "testsecret").start()
    yield fake
    await fake.close()


@pytest.fixture
async def fake_wecom():
    fake = await FakeWeCom().start()
    yield fake
    await fake.stop()


AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
TOKEN = "test-token-123"


@pytest.fixture
def settings(database_url, key_prefix, fake_wechat, fake_wecom) -> Settings:
    return Settings(
        wechat_token=Secret(TOKEN), wechat_app_id=fake_wechat.app_id,
        wechat_app_secret=Secret(fake_wechat.secret), wechat_aes_key=Secret(AES_KEY),
        wechat_allow_plaintext=True,
        wechat_api_base=fake_wechat.base, database_url=database_url, redis_url=REDIS_URL,
        staff_webhook_url=Secret(fake_wecom.url), key_prefix=key_prefix, outbox_poll_interval=0.2)


class Bot:
    """The bot over HTTP (aiohttp's test client), restartable."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client: TestClient | None = None
        self.wechat: WeChat | None = None

    async def start(self, **overrides) -> "Bot":
        from dataclasses import replace

        from bot.app import create_app

        if overrides:
            self.settings = replace(self.settings, **overrides)
        self.client = TestClient(TestServer(create_app(self.settings), host="127.0.0.1"))
        await self.client.start_server()
        s = self.settings
        self.wechat = WeChat(self.client, str(s.wechat_token), str(s.wechat_aes_key), s.wechat_app_id)
        return self

    @property
    def app(self):
        return self.client.server.app

    async def stop(self) -> None:
        if self.client is not None:
            await self.client.close()
            self.client = None

    async def say(self, openid: str, content: str, **kw) -> str:
        return await self.wechat.say(openid, content, **kw)


@pytest.fixture
async def bot(settings):
    b = await Bot(settings).start()
    yield b
    await b.stop()
