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
    # Later rounds: every statement through the driver (SQLAlchemy sent only the transactions' BEGIN).
    later = through_sqlalchemy[first_round:]
    assert first_round > 4 and all(sql.startswith("BEGIN") for sql in later), later


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
    # Run twice, a statement is compiled, and the compiled one holds it: no more than KEPT stay.
    statements.KEPT = 20
    for n in range(50):
        built = select(users.c.openid).where(users.c.openid == f"o_{n}")
        for _ in range(2):
            async with sqlite_db.reading_now() as conn:
                assert (await conn.execute(built)).all() == []
    assert len(statements._by_id) <= 20


async def test_a_turns_reads_give_what_sqlalchemy_gives_on_either_database(db):
    """On PostgreSQL a SELECT seen before runs on asyncpg itself (PgReads),
    on SQLite through the driver: rows, types and order as SQLAlchemy's."""
    async with db.transaction() as conn:
        for n, on in enumerate((True, False, True)):
            await conn.execute(ADD, {**a_user(f"o_{n}", subscribed=on), "last_message_at": 1.5 + n})
    expected = {}
    async with db.reading() as conn:
        for name, statement, params in (("by_openid", BY_OPENID, {"openid": "o_1"}),
                                        ("subscribed", SUBSCRIBED, {"on": True}),
                                        ("count", COUNT, None), ("none", BY_OPENID, {"openid": "nobody"})):
            expected[name] = [tuple(r) for r in (await conn.execute(statement, params)).all()]
    assert expected["by_openid"] and expected["subscribed"] and expected["none"] == []
    through_sqlalchemy: list[str] = []
    engine = db._reader if db.is_sqlite else db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", lambda *a: through_sqlalchemy.append(a[2]))
    for round_ in range(3):
        if round_ == 1:
            through_sqlalchemy.clear()   # what each statement's first sight sent through SQLAlchemy
        async with db.reading_now() as conn:
            assert [tuple(r) for r in (await conn.execute(BY_OPENID, {"openid": "o_1"})).all()] == \
                expected["by_openid"]
            row = (await conn.execute(BY_OPENID, {"openid": "o_1"})).mappings().first()
            assert row["subscribed"] is False and row["last_message_at"] == 2.5
            assert [tuple(r) for r in (await conn.execute(SUBSCRIBED, {"on": True})).all()] == expected["subscribed"]
            assert (await conn.execute(COUNT)).scalar() == expected["count"][0][0] == 3
            assert (await conn.execute(BY_OPENID, {"openid": "nobody"})).first() is None
            assert sorted((await conn.execute(IN_LIST, {"ids": ["o_0", "o_2"]})).scalars().all()) == ["o_0", "o_2"]
            assert (await conn.execute(IN_LIST, {"ids": ["o_1"]})).scalars().all() == ["o_1"]
            assert (await conn.execute(IN_LIST, {"ids": []})).scalars().all() == []
    assert through_sqlalchemy == [], through_sqlalchemy


async def test_a_read_that_fails_on_asyncpg_is_run_through_sqlalchemy(db, monkeypatch, caplog):
    if db.is_sqlite:
        pytest.skip("PostgreSQL's reads only")
    from bot.store import prepared

    async with db.transaction() as conn:
        await conn.execute(ADD, a_user("o_1"))

    async def broken(*_args, **_kw):
        raise ConnectionResetError("the connection went away")

    for round_ in range(2):
        if round_ == 1:
            monkeypatch.setattr(prepared._Prepared, "run_async", broken)
        async with db.reading_now() as conn:
            row = (await conn.execute(BY_OPENID, {"openid": "o_1"})).mappings().first()
        assert row["openid"] == "o_1"
    assert "through SQLAlchemy" in caplog.text
