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
