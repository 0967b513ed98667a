"""Posting jobs: queries and commands (clause 9)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.bus import Query


@dataclass(frozen=True)
class EmployerProfile(Query["dict | None"]):
    """The user's employer record, None when they have never posted."""
