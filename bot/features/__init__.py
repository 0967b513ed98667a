"""One package per service a user can use. Each holds:

    dialog.py     the conversation (pure: no I/O), as `transitions` machines
    messages.py   its queries and commands (frozen dataclasses, pure)
    handlers.py   `router`: one handler per query and command, and the
                  feature's periodic work (reminders); these touch the store
    __init__.py   DIALOGS (its dialog classes) and INTENTS (the intents,
                  named in bot/data/intents.json, that simply open one)

The conversation and the turn find features here by discovery: adding one
touches its own package, the locales and, if it stores something new, a
migration (docs/ARCHITECTURE.md walks through it).
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.bus import Router


def _packages() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.ispkg)


def features() -> list[ModuleType]:
    """Every feature package (pure: importing them loads no handlers)."""
    return [importlib.import_module(f"{__name__}.{name}") for name in _packages()]


def dialogs() -> list[Any]:
    return [d for f in features() for d in getattr(f, "DIALOGS", ())]


def intents() -> dict[str, str]:
    """intent name -> the name of the dialog it opens."""
    out: dict[str, str] = {}
    for f in features():
        for intent, dialog in getattr(f, "INTENTS", {}).items():
            if intent in out:
                raise ValueError(f"the intent {intent!r} opens two dialogs")
            out[intent] = dialog.name
    return out


def load_data() -> None:
    """Read and check every feature's own data files, once, at start: a
    feature package may define `load_data()` (nothing is read at import; a
    broken file raises a ValueError naming it)."""
    for f in features():
        load = getattr(f, "load_data", None)
        if load is not None:
            load()


def routers() -> list["Router"]:
    """Every feature's handlers (importing these touches the store layer)."""
    out = []
    for name in _packages():
        try:
            module = importlib.import_module(f"{__name__}.{name}.handlers")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}.handlers":
                raise
            continue
        out.append(module.router)
    return out
