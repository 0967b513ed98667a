"""Finding work and applying: queries and commands (clause 8)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from bot.bus import Command, Query, field_values
from bot.domain import Application, Job


@dataclass(frozen=True)
class MyApplications(Query[list[Application]]):
    """The user's applications, newest first, each with its job (`job`)."""


@dataclass(frozen=True)
class JobById(Query["Job | None"]):
    """One job with its employer's rating (`employer_rating`), None if there is none."""
    job_id: int


@dataclass(frozen=True)
class JobsByIds(Query["dict[int, Job | None]"]):
    """Several jobs at once, each with its employer's rating."""
    job_ids: tuple[int, ...]


@dataclass(frozen=True)
class FindJobs(Query[dict]):
    """Open jobs for a search, best first: {"results": [[job_id, km], …],
    "jobs": {job_id: Job} of the first page shown, "widened": None | how it
    was widened}, ranked with the worker's profile and the market they came
    through. Its handler answers the first page's `JobsByIds` ahead.

    The search spec is this frozen dataclass, not a JSON string, so its
    fields are typed where they are made and read (and it is hashable: the
    turn keeps the answer under the query). The dialog keeps it in its
    saved slots as canonical JSON (`to_json`, the same text older versions
    saved), since a dialog's state is JSON."""
    trades: tuple[str, ...] = ()          # trade codes
    areas: tuple[str, ...] = ()           # area codes
    near: bool = False                    # "near me": jobs within reach of `origin`
    date_from: str | None = None          # ISO dates
    date_to: str | None = None
    pay_method: str | None = None
    pay_min: int | None = None            # the lowest pay wanted, whole yuan, per `pay_unit`
    pay_unit: str | None = None
    welfare: bool = False                 # public-welfare posts only
    meals: bool = False                   # only jobs that provide meals
    lodging: bool = False                 # only jobs that provide a bed
    pay_first: bool = False               # the better paid first (pay against the usual for its unit)
    words: tuple[str, ...] = ()           # other words, matched in the text
    origin: tuple[float, float] | None = None  # where the worker is (lat, lng)

    def to_json(self) -> str:
        values = field_values(self)
        for later in ("meals", "lodging", "pay_first"):
            if not values[later]:
                del values[later]   # not asked: the same text as before they could be
        return json.dumps(values, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "FindJobs":
        d = json.loads(text)
        origin = d.get("origin")
        return cls(trades=tuple(d.get("trades") or ()), areas=tuple(d.get("areas") or ()),
                   near=bool(d.get("near")), date_from=d.get("date_from"), date_to=d.get("date_to"),
                   pay_method=d.get("pay_method"), pay_min=d.get("pay_min"), pay_unit=d.get("pay_unit"),
                   welfare=bool(d.get("welfare")), meals=bool(d.get("meals")), lodging=bool(d.get("lodging")),
                   pay_first=bool(d.get("pay_first")),
                   words=tuple(d.get("words") or ()),
                   origin=(float(origin[0]), float(origin[1])) if origin else None)


@dataclass(frozen=True)
class MyApplicationTo(Query["Application | None"]):
    """The user's application to this job (any status), None if they never applied."""
    job_id: int


@dataclass(frozen=True)
class DailyUse:
    """How many applications a worker made today (Quanzhou calendar day)
    and the day's limit (0: no limit)."""
    used: int
    limit: int

    @property
    def reached(self) -> bool:
        return bool(self.limit) and self.used >= self.limit


@dataclass(frozen=True)
class ApplicationsToday(Query[DailyUse]):
    """The worker's applications today against the daily limit."""


@dataclass(frozen=True)
class Apply(Command):
    """Apply to a job; the employer is told who applied. Refused (the reply
    says so instead of "applied") when the daily limit was reached meanwhile."""
    job_id: int


@dataclass(frozen=True)
class Withdraw(Command):
    """Withdraw an application; the employer is told."""
    application_id: int


@dataclass(frozen=True)
class AddJobAlert(Command):
    """Tell the worker of new jobs like these for a while (bot/services/pushes.py):
    no trades is any work, no areas anywhere in the city."""
    trades: tuple[str, ...]
    areas: tuple[str, ...]
    meals: bool = False      # only jobs that provide meals
    lodging: bool = False    # only jobs that provide a bed
    near: tuple[float, float] | None = None   # jobs near here (lat, lng), when the search was "near me"
    pay_method: str | None = None             # only jobs paid so ("daily")
    pay_min: int | None = None                # only jobs paying at least this, per `pay_unit` (any unit: None)
    pay_unit: str | None = None


@dataclass(frozen=True)
class StopPushes(Command):
    """Unsubscribe: no more pushed jobs or alerts for this user."""
