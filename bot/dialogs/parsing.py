# moved to bot.language; this shim goes once every importer is updated
from bot.language.parsing import *  # noqa: F401,F403
from bot.language.parsing import _CREDIT_CHARS  # noqa: F401 (tests/e2e/test_privacy.py)
