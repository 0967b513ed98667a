"""Worker registration's queries and commands (clause 10)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.bus import Command, Query, field_values
from bot.domain import Worker


@dataclass(frozen=True)
class WorkerProfile(Query["Worker | None"]):
    """The user's worker profile, None when they have not registered."""


@dataclass(frozen=True)
class SaveWorker(Command):
    """Register the user as a worker, or update their profile (only after
    their consent: the dialogs ask it first)."""
    name: str
    phone: str | None = None
    show_phone: bool = False           # the phone goes to an employer when applying, not only once accepted
    birth_year: int | None = None
    areas: tuple[str, ...] = ()
    near_lat: float | None = None      # "near me": a shared location
    near_lng: float | None = None
    trades: tuple[str, ...] = ()
    skills: str = ""
    days: str = "any"
    hours: str = "any"
    pay_amount: int | None = None
    pay_unit: str | None = None
    pay_method: str | None = None
    wants_push: bool = False
    # Hardship categories the worker said (codes, bot/data/hardship_categories.json); None: left as they are.
    hardship_said: tuple[str, ...] | None = None

    def fields(self) -> dict:
        out = field_values(self)
        out["areas"], out["trades"] = list(self.areas), list(self.trades)
        if self.hardship_said is None:
            del out["hardship_said"]
        else:
            out["hardship_said"] = list(self.hardship_said)
        return out
