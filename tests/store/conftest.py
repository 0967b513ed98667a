"""What the store tests share: a migrated database on the test's backend
(SQLite, or PostgreSQL from tests/conftest.py's `database_url`)."""
from __future__ import annotations

import pytest

from bot.store.db import Database


@pytest.fixture
async def db(database_url):
    d = Database(database_url)
    await d.migrate()
    yield d
    await d.close()
