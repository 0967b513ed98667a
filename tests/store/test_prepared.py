"""A turn's statements on a SQLite file run through the driver once
compiled (bot/store/prepared.py): what they give must be what SQLAlchemy
gives, row for row, error for error."""
from __future__ import annotations

import pytest
from sqlalchemy import bindparam, event, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from bot.store.db import Database
from bot.store.tables import users

BY_OPENID = select(users).where(users.c.openid == bindparam("openid"))
SUBSCRIBED = select(users.c.openid, users.c.subscribed).where(users.c.subscribed == bindparam("on")) \
    .order_by(users.c.openid).limit(5)
COUNT = select(func.count()).select_from(users)
ADD = insert(users)
ADD_RETURNING = insert(users).returning(users.c.openid)
CHANGE = update(users).where(users.c.openid == bindparam("by_openid"))
TEXT = text("SELECT openid, locale FROM users WHERE openid = :openid")
IN_LIST = select(users.c.openid).where(users.c.openid.in_(bindparam("ids", expanding=True)))


@pytest.fixture
async def sqlite_db(tmp_path):
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    await db.migrate()
    yield db
    await db.close()


def a_user(openid: str, subscribed: bool = True) -> dict:
    return {"openid": openid, "locale": "zh_CN", "subscribed": subscribed, "created_at": 1.0, "updated_at": 1.0}


async def test_the_driver_gives_what_sqlalchemy_gives(sqlite_db):
    through_sqlalchemy = []
    event.listen(sqlite_db._writer, "before_cursor_execute", lambda *a: through_sqlalchemy.append(a[2]))
    event.listen(sqlite_db._reader, "before_cursor_execute", lambda *a: through_sqlalchemy.append(a[2]))
    for round_ in range(3):      # the first sight of each statement goes through SQLAlchemy; later ones do not
        async with sqlite_db.transaction_now() as conn:
            changed = await conn.execute(ADD, a_user(f"o_{round_}_a"))
            assert changed.rowcount == 1
            new = await conn.execute(ADD_RETURNING, a_user(f"o_{round_}_b", subscribed=False))
            assert new.scalar_one() == f"o_{round_}_b"
            changed = await conn.execute(CHANGE, {"by_openid": f"o_{round_}_a", "locale": "en", "updated_at": 2.0})
            assert changed.rowcount == 1
            changed = await conn.execute(CHANGE, {"by_openid": "nobody", "locale": "en"})
            assert changed.rowcount == 0
        async with sqlite_db.reading_now() as conn:
            row = (await conn.execute(BY_OPENID, {"openid": f"o_{round_}_a"})).first()
            assert (row.openid, row.locale, row.subscribed, row.updated_at) == (f"o_{round_}_a", "en", True, 2.0)
            assert row.subscribed is True and row._mapping["locale"] == "en" and row[0] == f"o_{round_}_a"
            mapping = (await conn.execute(BY_OPENID, {"openid": f"o_{round_}_b"})).mappings().first()
            assert mapping["subscribed"] is False and mapping["locale"] == "zh_CN"
            assert (await conn.execute(BY_OPENID, {"openid": "nobody"})).mappings().first() is None
            rows = (await conn.execute(SUBSCRIBED, {"on": True})).all()
            assert [(o, s) for o, s in rows] == [(f"o_{n}_a", True) for n in range(round_ + 1)]
            assert (await conn.execute(COUNT)).scalar() == 2 * (round_ + 1)
            assert (await conn.execute(TEXT, {"openid": f"o_{round_}_b"})).one().locale == "zh_CN"
            assert (await conn.execute(SUBSCRIBED, {"on": False})).scalars().all() == \
                [f"o_{n}_b" for n in range(round_ + 1)]
            listed = (await conn.execute(IN_LIST, {"ids": ["o_0_a", "o_0_b"]})).scalars().all()
            assert sorted(listed) == ["o_0_a", "o_0_b"]
        if round_ == 0:
            first_round = len(through_sqlalchemy)
    # Later rounds: only what cannot be compiled once (a list expanded into IN) went through SQLAlchemy.
    later = through_sqlalchemy[first_round:]
    assert later and all("IN (" in sql for sql in later if not sql.startswith("BEGIN")), later


async def test_an_error_is_sqlalchemys_and_shows_no_values(sqlite_db):
    for _ in range(2):   # the second time through the driver
        async with sqlite_db.transaction_now() as conn:
            await conn.execute(ADD, a_user("o_twice"))
            with pytest.raises(IntegrityError) as caught:
                await conn.execute(ADD, a_user("o_twice"))
            raise_after = caught.value
        assert "o_twice" not in str(raise_after)
        async with sqlite_db.transaction_now() as conn:
            await conn.execute(text("DELETE FROM users"))


async def test_a_statement_built_for_one_call_is_not_kept(sqlite_db):
    statements = sqlite_db._statements
    for n in range(50):
        async with sqlite_db.reading_now() as conn:
            await conn.execute(select(users.c.openid).where(users.c.openid == f"o_{n}"))
    assert len(statements._by_id) < 10, "one entry for each statement built and dropped"
