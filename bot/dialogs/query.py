# moved to bot.language; this shim goes once every importer is updated
from bot.language.query import *  # noqa: F401,F403
