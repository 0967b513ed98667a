"""Test backends.

Where the backends differ is the store: SQL on SQLite or PostgreSQL, and
the key-value store in process or on Redis (Lua scripts, expiry, locks
across processes). So every run of `./dev test` runs

- the store tests (everything in tests/store/) on every backend: a test
  that takes `database_url` on SQLite and on PostgreSQL, one that takes
  `kv` on the in-process store and on Redis, one that takes both on the
  two ways the bot is deployed (SQLite + in-process, PostgreSQL + Redis);
- twelve end-to-end tests (E2E_ON_EVERY_BACKEND below, and any marked
  `every_backend`) on both deployments too: the deletion, which fills and
  erases every table, the search, a complaint, ratings, limits, evidence,
  reminders, a flood of one user's messages and a resend;
- every other test once, on SQLite + the in-process store, or on
  PostgreSQL + Redis when TEST_DATABASE_URL / TEST_REDIS_URL are set.

Running all the end-to-end tests twice would nearly double the run (they
are most of its time) and mostly repeat dialogs that do not reach the store
in a new way; the twelve chosen run most of the store code the end-to-end
tests reach at all, for about 25 s. CI (.ci/run) then runs the whole suite
once more with TEST_DATABASE_URL and TEST_REDIS_URL set, so every
end-to-end test runs on PostgreSQL + Redis before a merge.

PostgreSQL and Redis are looked for at TEST_DATABASE_URL / TEST_REDIS_URL,
else on 127.0.0.1 (DEFAULT_PG_URL, DEFAULT_REDIS_URL). Their cases skip,
saying why, when the server is not reachable; with
TEST_BACKENDS_REQUIRED=1 (CI) they fail instead. The tests create their
own PostgreSQL database and drop it afterwards, and use their own Redis
key prefix, deleting its keys afterwards.
"""
from __future__ import annotations

import asyncio
import functools
import os
import secrets
import uuid
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.settings import Secret, Settings
from tests.fakes import FakeWeChatAPI, FakeWeCom
from tests.wx import WeChat

PG_URL = os.environ.get("TEST_DATABASE_URL", "")     # set: every test runs on PostgreSQL
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")     # set: every test runs on Redis
DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
PG_SERVER = PG_URL or DEFAULT_PG_URL
REDIS_SERVER = REDIS_URL or DEFAULT_REDIS_URL
BACKENDS_REQUIRED = os.environ.get("TEST_BACKENDS_REQUIRED", "").strip().lower() in ("1", "true", "yes")

DATABASES = ("sqlite", "postgresql")
STORES = ("memory", "redis")
# How the bot is deployed: the embedded default, and several processes.
DEPLOYMENTS = (("sqlite", "memory"), ("postgresql", "redis"))
STORE_TESTS = Path(__file__).parent / "store"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "every_backend: run this test on SQLite + the in-process store and on PostgreSQL + Redis "
                   "in every run (tests/store/ always is)")


def pytest_report_header(config):
    default = f"{'postgresql' if PG_URL else 'sqlite'} + {'redis' if REDIS_URL else 'memory'}"
    return [f"backends: tests/store and @every_backend on sqlite, postgresql ({_safe(PG_SERVER)}), memory, "
            f"redis ({REDIS_SERVER}); the rest on {default}"]


# The end-to-end tests that also run on PostgreSQL + Redis in every run.
# Chosen by measurement (coverage per test, 2026-12): of the lines in the
# code that reaches the database or the key-value store (bot/store, the
# services, the feature handlers, the outbound senders) that the end-to-end
# tests run and the store tests do not, these twelve run 78 % (90 % of
# bot/store's), where all 100 in-process end-to-end tests run 100 %; the
# deletion journey alone runs 57 %, since it fills and erases every table.
# The search and complaint journeys are here as the core of the service.
# They add about 25 s to a run; all end-to-end tests take about 5 minutes.
# (Tests that start `python -m bot serve` processes, test_faults and the
# like, read TEST_DATABASE_URL / TEST_REDIS_URL themselves: CI's second
# pass.) A name here that no longer exists stops the run.
E2E_ON_EVERY_BACKEND = frozenset(f"tests/e2e/{name}" for name in (
    "test_privacy.py::test_delete_erases_every_personal_column_of_a_worker_and_employer_and_leaves_others_untouched",
    "test_evidence.py::test_an_expired_media_id_is_retried_then_reported_to_staff_once",
    "test_ratings.py::test_an_employer_whose_average_falls_low_is_flagged_once",
    "test_ratings.py::test_engagements_end_by_themselves_and_unpaid_wages_are_flagged",
    "test_limits.py::test_a_worker_at_the_daily_limit_is_told_at_apply_and_the_save_refuses_past_it",
    "test_limits.py::test_sixty_human_presses_in_half_a_second_make_one_ticket_and_one_staff_notice",
    "test_register_and_post.py::test_borderline_post_waits_for_staff_who_decide_and_the_employer_hears",
    "test_staff_notices.py::test_an_injury_complaint_of_a_thousand_characters_and_six_photos_reaches_staff_with_its_mention",
    "test_policy_and_training.py::test_reminders_go_out_the_day_before_once",
    "test_webhook.py::test_a_resend_waiting_on_a_copy_that_gives_up_does_the_work_itself",
    "test_find_and_apply.py::test_worker_finds_by_words_and_location_applies_and_is_accepted",
    "test_tickets.py::test_complaint_in_one_message_reaches_staff_who_reply_and_close_and_the_user_rates",
))
_generated: set[str] = set()


def pytest_generate_tests(metafunc):
    """The store tests and the `every_backend` tests, once per backend."""
    test = metafunc.definition
    _generated.add(test.nodeid)
    on_every = (test.get_closest_marker("every_backend") is not None or test.nodeid in E2E_ON_EVERY_BACKEND
                or STORE_TESTS in Path(str(test.path)).parents)
    if not on_every:
        return
    names = metafunc.fixturenames   # every fixture the test needs, directly or not
    takes_db, takes_kv = "database_backend" in names, "store_backend" in names
    if takes_db and takes_kv:
        metafunc.parametrize(("database_backend", "store_backend"), DEPLOYMENTS, indirect=True,
                             ids=[f"{d}-{s}" for d, s in DEPLOYMENTS])
    elif takes_db:
        metafunc.parametrize("database_backend", DATABASES, indirect=True)
    elif takes_kv:
        metafunc.parametrize("store_backend", STORES, indirect=True)


def pytest_collection_finish(session):
    modules = {nodeid.split("::")[0] for nodeid in _generated}
    gone = sorted(n for n in E2E_ON_EVERY_BACKEND if n.split("::")[0] in modules and n not in _generated)
    if gone:
        raise pytest.UsageError("tests/conftest.py E2E_ON_EVERY_BACKEND names tests that are not there "
                                f"(renamed or moved?): {', '.join(gone)}")


@pytest.fixture
def database_backend(request) -> str:
    """"sqlite" or "postgresql": set per case for tests on every backend, else this run's."""
    return getattr(request, "param", "postgresql" if PG_URL else "sqlite")


@pytest.fixture
def store_backend(request) -> str:
    """"memory" or "redis": set per case for tests on every backend, else this run's."""
    return getattr(request, "param", "redis" if REDIS_URL else "memory")


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _unavailable(what: str, url: str, error: BaseException) -> None:
    variable = "TEST_DATABASE_URL" if what == "PostgreSQL" else "TEST_REDIS_URL"
    reason = (f"{what} is not reachable at {_safe(url)} ({type(error).__name__}: {error}); "
              f"start it, or point {variable} at one")
    if BACKENDS_REQUIRED:
        pytest.fail(reason + " [TEST_BACKENDS_REQUIRED is set]", pytrace=False)
    pytest.skip(reason)


def _pg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def _pg_admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(_pg_dsn(PG_SERVER), timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _database_name(url: str) -> str:
    return url.rpartition("/")[2]


def _new_pg_database(tag: str) -> str:
    """A new database on the PostgreSQL server (skips when there is none)."""
    name = f"qzbot_test_{tag}_{os.getpid()}_{secrets.token_hex(3)}"
    problem: BaseException | None = None
    try:
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncio.TimeoutError) as exc:
        problem = exc
    except Exception as exc:  # asyncpg's own: authentication, no such database …
        if not type(exc).__module__.startswith("asyncpg"):
            raise
        problem = exc
    if problem is not None:
        _unavailable("PostgreSQL", PG_SERVER, problem)
    base, _, _ = PG_SERVER.rpartition("/")
    return f"{base}/{name}"


def _drop_pg_database(url: str) -> None:
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{_database_name(url)}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def pg_database():
    """A fresh PostgreSQL database for this test session, dropped after
    (each test empties its tables first: see database_url)."""
    url = _new_pg_database("s")
    yield url
    _drop_pg_database(url)


@pytest.fixture
def database_server(request, database_backend) -> str | None:
    """This test's PostgreSQL database (None on SQLite). A plain fixture,
    so that the session database is made outside the test's event loop."""
    return request.getfixturevalue("pg_database") if database_backend == "postgresql" else None


@pytest.fixture
async def database_url(tmp_path, database_server):
    if database_server is None:
        yield f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
        return
    # Each test starts from empty tables.
    import asyncpg

    conn = await asyncpg.connect(_pg_dsn(database_server))
    try:
        tables = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                  "AND tablename <> 'alembic_version'")
        if tables:
            await conn.execute("TRUNCATE " + ", ".join(f'"{t["tablename"]}"' for t in tables)
                               + " RESTART IDENTITY CASCADE")
    finally:
        await conn.close()
    yield database_server


@pytest.fixture
def empty_database_url(tmp_path, database_backend):
    """A database of its own with nothing in it, not even a schema (for
    migration tests), dropped afterwards."""
    if database_backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
        return
    url = _new_pg_database("e")
    yield url
    _drop_pg_database(url)


@functools.lru_cache(maxsize=None)
def _redis_problem(url: str) -> BaseException | None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
        return None
    except redis.RedisError as exc:
        return exc
    finally:
        client.close()


def _forget_keys(url: str, prefix: str) -> None:
    """Delete a test's keys (never the whole database: others share it)."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
        for i in range(0, len(keys), 500):
            client.unlink(*keys[i:i + 500])
    except redis.RedisError:
        pass   # a test that stopped Redis: its keys expire or wait for the next run's prefix
    finally:
        client.close()


@pytest.fixture
def key_prefix():
    return f"qzt{uuid.uuid4().hex[:10]}"


@pytest.fixture
def store_url(store_backend, key_prefix):
    """"" for the in-process store, else this test's Redis (its keys deleted after)."""
    if store_backend == "memory":
        yield ""
        return
    problem = _redis_problem(REDIS_SERVER)
    if problem is not None:
        _unavailable("Redis", REDIS_SERVER, problem)
    yield REDIS_SERVER
    _forget_keys(REDIS_SERVER, key_prefix)


@pytest.fixture
async def kv(store_url, key_prefix):
    from bot.store.kv import open_store

    store = open_store(store_url, key_prefix)
    yield store
    await store.close()


@pytest.fixture
async def fake_wechat():
    # An app id of its own for each test: the bot keeps the access token and
    # its failure count under the app id in the store, and a Redis server
    # outlives a test (one test's WeChat outage must not delay the next).
    fake = await FakeWeChatAPI(f"wx{secrets.token_hex(8)}", "testsecret").start()
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
def settings(database_url, store_url, key_prefix, fake_wechat, fake_wecom) -> Settings:
    return Settings(
        wechat_token=Secret(TOKEN), wechat_app_id=fake_wechat.app_id,
        wechat_app_secret=Secret(fake_wechat.secret), wechat_aes_key=Secret(AES_KEY),
        wechat_allow_plaintext=True,
        wechat_api_base=fake_wechat.base, database_url=database_url, redis_url=store_url,
        staff_webhook_url=Secret(fake_wecom.url), key_prefix=key_prefix, outbox_poll_interval=0.2)


class Bot:
    """The bot over HTTP (aiohttp's test client), restartable."""

    def __init__(self, settings: Settings, fake_wechat=None) -> None:
        self.settings = settings
        self.client: TestClient | None = None
        self.wechat: WeChat | None = None
        # Where a late answer arrives (see `say`); None: only the passive reply.
        self.fake_wechat = fake_wechat

    async def start(self, **overrides) -> "Bot":
        from dataclasses import replace

        from bot.app import create_app

        if overrides:
            self.settings = replace(self.settings, **overrides)
        self.client = TestClient(TestServer(create_app(self.settings), host="127.0.0.1"))
        await self.client.start_server()
        s = self.settings
        self.wechat = WeChat(self.client, s.wechat_token.reveal(), s.wechat_aes_key.reveal(), s.wechat_app_id)
        return self

    @property
    def app(self):
        return self.client.server.app

    async def stop(self) -> None:
        if self.client is not None:
            await self.client.close()
            self.client = None

    async def say(self, openid: str, content: str, **kw) -> str:
        """What the user reads in answer: the passive reply, or, when the
        turn ran past the reply budget (the test process paused, say, for a
        garbage collection of its large heap), the customer-service message
        the answer follows as: what a WeChat user would read either way."""
        had = len(self.fake_wechat.texts_to(openid)) if self.fake_wechat is not None else 0
        said = await self.wechat.say(openid, content, **kw)
        if said or self.fake_wechat is None:
            return said
        loop = asyncio.get_running_loop()
        give_up = loop.time() + 20
        while loop.time() < give_up:
            late = self.fake_wechat.texts_to(openid)[had:]
            if late:
                return "\n".join(late)
            await asyncio.sleep(0.05)
        return said


@pytest.fixture
async def bot(settings, fake_wechat):
    b = await Bot(settings, fake_wechat).start()
    yield b
    await b.stop()
