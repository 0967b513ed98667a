# moved to bot.language; this shim goes once every importer is updated
from bot.language.rules import *  # noqa: F401,F403
