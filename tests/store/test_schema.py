"""The Alembic migrations build exactly the schema the code queries."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.store.db import Database
from bot.store.tables import metadata


async def test_migrations_match_the_tables_and_run_twice(database_url):
    db = Database(database_url)
    try:
        await db.migrate()
        await db.migrate()  # a restart: nothing to do

        def diff(sync_conn):
            ctx = MigrationContext.configure(sync_conn, opts={"compare_server_default": False})
            return compare_metadata(ctx, metadata)

        async with db.reading() as conn:
            changes = await conn.run_sync(diff)
        assert changes == []
    finally:
        await db.close()


async def test_processes_starting_together_each_do_their_start_up_work_without_colliding(database_url):
    """Two replicas started at once (a deploy) both migrate and load the
    course list: neither may fail on the other's rows."""
    import asyncio

    from sqlalchemy import func, select

    from bot.app import language_resources
    from bot.services.courses import read_courses, sync_courses
    from bot.store.tables import courses

    refdata, _ = language_resources()
    items = read_courses(refdata=refdata)
    assert items
    replicas = [Database(database_url) for _ in range(4)]

    async def start(db):
        await db.migrate()
        async with db.startup_work() as conn:
            await sync_courses(conn, items)

    try:
        await asyncio.gather(*(start(db) for db in replicas))
        async with replicas[0].reading() as conn:
            assert (await conn.execute(select(func.count()).select_from(courses))).scalar() == len(items)
    finally:
        for db in replicas:
            await db.close()


async def test_the_handoffs_table_goes_and_the_requests_it_held_stay_tickets(empty_database_url):
    """0004 made every hand-off a ticket; 0015 drops the table, which held
    only copies (text and callback phone) out of reach of the tickets'
    retention. Going down gives the table back, empty."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect, text

    from bot.store.db import MIGRATIONS_DIR

    def to(revision: str, down: bool = False):
        def run(sync_conn):
            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
            cfg.attributes["connection"] = sync_conn
            (command.downgrade if down else command.upgrade)(cfg, revision)
        return run

    def tables(sync_conn):
        return set(inspect(sync_conn).get_table_names())

    db = Database(empty_database_url)
    try:
        async with db.startup_work() as conn:
            await conn.run_sync(to("0003"))
            await conn.execute(text("INSERT INTO handoffs (openid, reason, text, phone, created_at) "
                                    "VALUES ('o_old', 'human', '请回电', '13905958888', 1.0)"))
        await db.migrate()
        async with db.reading() as conn:
            assert "handoffs" not in await conn.run_sync(tables)
            rows = (await conn.execute(text("SELECT openid, kind, text, phone FROM tickets"))).all()
        assert [tuple(r) for r in rows] == [("o_old", "question", "请回电", "13905958888")]
        async with db.startup_work() as conn:
            await conn.run_sync(to("0014", down=True))
        async with db.reading() as conn:
            assert "handoffs" in await conn.run_sync(tables)
            assert (await conn.execute(text("SELECT count(*) FROM handoffs"))).scalar() == 0
        await db.migrate()
    finally:
        await db.close()


def test_the_newest_revision_read_from_the_file_names_is_alembics_one_head():
    """A start skips Alembic when the database is at `newest_revision()`:
    a migration named out of order, or a second head, would be skipped too."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from bot.store.db import MIGRATIONS_DIR, newest_revision

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_heads() == [newest_revision()]


async def test_a_start_loads_alembic_only_when_the_database_is_behind(empty_database_url):
    """Alembic, Mako and Pygments are 11-13 MB of a process: a start on an
    up-to-date database does without them, one behind is brought up to date."""
    import subprocess
    import sys

    from alembic import command
    from alembic.config import Config

    from bot.store.db import MIGRATIONS_DIR, newest_revision

    start = ("import asyncio, sys\n"
             "from bot.store.db import Database\n"
             "async def main():\n"
             f"    db = Database({empty_database_url!r})\n"
             "    await db.migrate()\n"
             "    await db.close()\n"
             "asyncio.run(main())\n"
             "print('alembic' in sys.modules, 'mako' in sys.modules)\n")

    def started() -> str:
        return subprocess.run([sys.executable, "-c", start], capture_output=True, text=True, check=True).stdout.strip()

    def revision(sync_conn):
        from sqlalchemy import text
        return sync_conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    assert started() == "True True"  # an empty database: the schema made
    assert started() == "False False"  # up to date: nothing to do, nothing loaded
    db = Database(empty_database_url)
    try:
        def one_back(sync_conn):
            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
            cfg.attributes["connection"] = sync_conn
            command.downgrade(cfg, "-1")
        async with db.startup_work() as conn:
            await conn.run_sync(one_back)
            assert await conn.run_sync(revision) != newest_revision()
        assert started() == "True True"  # behind: upgraded
        async with db.reading() as conn:
            assert await conn.run_sync(revision) == newest_revision()
    finally:
        await db.close()
