"""Finding work and applying: queries and commands (clause 8)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.bus import Query


@dataclass(frozen=True)
class MyApplications(Query[list[dict]]):
    """The user's applications, newest first, each with its job (`job`)."""
