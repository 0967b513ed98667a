"""The account feature's handlers (bot/features/account/handlers.py) on the
real store: the users row kept up to date field by field, what is kept
about a user, and a deletion that tells the turn to forget them; run
through the bus as the turn runs them, on SQLite and on PostgreSQL."""
from __future__ import annotations

import pytest

from bot.app import language_resources
from bot.bus import Bus, Deps, forgotten
from bot.features.account.handlers import router as account
from bot.features.account.messages import DataHeld, DeleteMyData, MyData, PrivacyTerms, UpdateUser
from bot.features.register.handlers import router as register
from bot.features.register.messages import SaveWorker, WorkerProfile
from bot.i18n import Catalog
from bot.turn.service import OutboxNotifier
from bot.settings import Settings
from bot.store.db import Database
from bot.store.repos import UserRepo

NOW = 1_800_000_000.0
ME = "o_account_me"


@pytest.fixture(scope="module")
def refdata():
    return language_resources()[0]


class Handlers:
    """The account and register handlers, each call in its own transaction (as a turn's)."""

    def __init__(self, db: Database, refdata, settings: Settings) -> None:
        self.db, self.refdata, self.settings = db, refdata, settings
        self.bus = Bus(account, register)
        self.catalog = Catalog()

    def _deps(self, conn, openid: str, results: dict | None = None) -> Deps:
        return Deps(conn, openid, NOW, self.settings, self.catalog, self.refdata,
                    OutboxNotifier(self.settings, self.catalog), msg_key=f"m:{openid}",
                    results=results if results is not None else {})

    async def run(self, openid: str, *commands) -> tuple[bool, dict]:
        results: dict = {}
        async with self.db.transaction() as conn:
            deps = self._deps(conn, openid, results)
            queued = False
            for n, c in enumerate(commands):
                deps.index = n
                queued |= await self.bus.run(c, deps)
        return queued, results

    async def ask(self, openid: str, query):
        async with self.db.reading() as conn:
            return await self.bus.ask(query, self._deps(conn, openid))

    async def user(self, openid: str) -> dict | None:
        async with self.db.reading() as conn:
            return await UserRepo(conn).get(openid)


@pytest.fixture
def handlers(db, refdata):
    return Handlers(db, refdata, Settings(retention_ticket_days=200, retention_engagement_days=300))


async def test_update_user_creates_the_row_then_changes_only_the_fields_it_names(handlers):
    await handlers.run(ME, UpdateUser(locale="zh_CN", last_message_at=NOW))
    first = await handlers.user(ME)
    assert (first["locale"], first["last_message_at"], first["subscribed"], first["market_code"]) \
        == ("zh_CN", NOW, True, None)
    await handlers.run(ME, UpdateUser(market_code="fz-market", subscribed=True))
    await handlers.run(ME, UpdateUser(locale="en"))
    await handlers.run(ME, UpdateUser(subscribed=False))
    now = await handlers.user(ME)
    assert (now["locale"], now["last_message_at"], now["subscribed"], now["market_code"]) \
        == ("en", NOW, False, "fz-market"), "a field left None stays as it was"
    assert await handlers.user("o_account_other") is None


def test_update_user_says_only_what_it_changes():
    assert UpdateUser().changes() == {}
    assert UpdateUser(subscribed=False, locale="en").changes() == {"subscribed": False, "locale": "en"}


async def test_my_data_says_what_is_kept_and_for_how_long(handlers):
    nothing = await handlers.ask(ME, MyData())
    assert nothing == DataHeld(worker=False, employer=False, open_jobs=0, open_tickets=(), complaints_open=0,
                               complaints_closed=0, ratings_given=0, records=0, ticket_days=200)
    assert not nothing.anything
    await handlers.run(ME, UpdateUser(locale="zh_CN"), SaveWorker(name="老王", phone="13905951234"))
    held = await handlers.ask(ME, MyData())
    assert held.worker and not held.employer and held.records >= 1 and held.anything
    assert await handlers.ask(ME, PrivacyTerms()) == {"engagement_days": 300, "ticket_days": 200}


async def test_delete_my_data_erases_the_user_and_tells_the_turn_to_forget_them(handlers):
    await handlers.run(ME, UpdateUser(locale="zh_CN"), SaveWorker(name="老王", phone="13905951234"))
    await handlers.run("o_account_other", UpdateUser(locale="en"), SaveWorker(name="老李", phone="13905950000"))
    queued, results = await handlers.run(ME, DeleteMyData())
    assert queued is True
    forget = forgotten(results)
    assert forget is not None and ME in forget.identifiers and "13905951234" in forget.identifiers
    assert await handlers.user(ME) is None and await handlers.ask(ME, WorkerProfile()) is None
    assert not (await handlers.ask(ME, MyData())).anything
    # someone else's record is untouched, and other commands forget nobody
    assert (await handlers.ask("o_account_other", WorkerProfile())).name == "老李"
    _, results = await handlers.run("o_account_other", UpdateUser(locale="zh_CN"))
    assert forgotten(results) is None
