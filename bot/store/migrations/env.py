"""Alembic environment: runs on the connection the bot hands over
(see bot.store.db.Database.migrate); offline SQL generation is not used."""
from alembic import context

from bot.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
