"""Finding work and applying: queries and commands (clause 8)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.bus import Query


@dataclass(frozen=True)
class MyApplications(Query[list[dict]]):
    """The user's applications, newest first, each with its job (`job`)."""


@dataclass(frozen=True)
class JobById(Query["dict | None"]):
    """One job with its employer's rating (`_rating`), None if there is none."""
    job_id: int


@dataclass(frozen=True)
class JobsByIds(Query["dict[int, dict | None]"]):
    """Several jobs at once, each with its employer's rating."""
    job_ids: tuple[int, ...]
