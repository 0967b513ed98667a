"""What is kept about a user, for how long, and deleting it: queries and commands."""
from __future__ import annotations

from dataclasses import dataclass

from bot.bus import Query


@dataclass(frozen=True)
class PrivacyTerms(Query[dict]):
    """How long what a user gives is kept, in days (said when asking consent)."""
