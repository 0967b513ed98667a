"""Jobs and what follows them: a worker's application, the engagement an
accepted application becomes, and the ratings both sides give after it."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# (average score, how many ratings): what others rated an employer or a worker.
RatingStats = tuple[float, int]

CORRECTION_WINDOW = 24 * 3600   # a rating may be corrected this long after it was given

ACTIVE_APPLICATION = ("applied", "accepted")


@dataclass(frozen=True, slots=True)
class Job:
    """A job post with every field clause 9 asks for. Dates are ISO days
    (YYYY-MM-DD, Quanzhou), as stored and compared."""
    id: int
    employer_id: int
    trades: tuple[str, ...]
    area: str
    start_date: str
    end_date: str                       # the last work day
    days: int
    start_time: str                     # "HH:MM", or "" when the hours are said in words
    pay_min: int
    pay_max: int
    pay_unit: str
    pay_method: str
    headcount: int
    contact_phone: str
    status: str                         # review | open | closed (full) | refused | expired
    skills: str = ""
    address: str = ""
    lat: float | None = None
    lng: float | None = None
    end_time: str = ""
    work_hours: str = ""                # hours in words ("shifts", "flexible" …) when no clock times
    meals: bool | None = None
    lodging: bool | None = None
    contact_name: str = ""
    description: str = ""
    review_reasons: tuple[str, ...] = ()
    review_note: str = ""
    filled: int = 0                     # accepted applicants
    kind: str = "normal"                # normal | welfare (a public-welfare post, clause 13)
    # Welfare posts: {"hardship": True, "min_age": 40, "max_age": 60, "areas": [...]}, every key optional.
    eligibility: Mapping[str, Any] = field(default_factory=dict)
    market_code: str | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    # What workers rated its employer, when the job was read with it (search, a job's detail).
    employer_rating: RatingStats | None = None

    @property
    def places_left(self) -> int:
        return max(0, self.headcount - self.filled)

    @property
    def is_full(self) -> bool:
        return self.filled >= self.headcount

    @property
    def takes_applications(self) -> bool:
        """Open and not full: a worker may apply, an employer accept one more."""
        return self.status == "open" and not self.is_full

    @property
    def is_welfare(self) -> bool:
        return self.kind == "welfare"

    @property
    def first_day(self) -> date:
        return date.fromisoformat(self.start_date)

    @property
    def last_day(self) -> date:
        return date.fromisoformat(self.end_date)

    def is_over(self, today: date) -> bool:
        """Its last work day is past."""
        return self.end_date < today.isoformat()

    def is_open_on(self, today: date) -> bool:
        """Shown to workers on `today`: open, and its last work day not past."""
        return self.status == "open" and not self.is_over(today)

    def status_on(self, today: date) -> str:
        """The status as its employer reads it: an open job past its last day has expired."""
        return "expired" if self.status == "open" and self.is_over(today) else self.status


@dataclass(frozen=True, slots=True)
class Application:
    """A worker's application to a job (clause 8)."""
    id: int
    job_id: int
    worker_openid: str
    status: str                         # applied | accepted | declined | withdrawn
    created_at: float = 0.0
    updated_at: float = 0.0
    ended_at: float | None = None       # an accepted one (an engagement) ends when the work is done
    ended_by: str | None = None         # worker | employer | auto
    disputed: bool = False
    job: Job | None = None              # the job, when read with it ("my applications")

    @property
    def is_active(self) -> bool:
        """Still waiting for the employer, or accepted: the worker may withdraw it."""
        return self.status in ACTIVE_APPLICATION


@dataclass(frozen=True, slots=True)
class Applicant:
    """An application as the job's employer sees it: who applied, and
    their phone only once accepted or when the worker chose to show it."""
    application: Application
    name: str | None = None
    phone: str | None = None            # None: not shown (or they have none)
    phone_hidden: bool = False          # they have a phone the employer may not see yet
    trades: tuple[str, ...] = ()
    rating: RatingStats | None = None   # what employers rated the worker

    @property
    def id(self) -> int:
        return self.application.id

    @property
    def status(self) -> str:
        return self.application.status


@dataclass(frozen=True, slots=True)
class Rating:
    """What one side of an engagement said of the other (clause 24)."""
    id: int
    application_id: int
    rater_role: str                     # worker | employer
    rater_openid: str
    worker_openid: str
    employer_id: int
    score: int
    tags: tuple[str, ...] = ()
    comment: str = ""
    created_at: float = 0.0
    updated_at: float = 0.0

    def correctable(self, now: float) -> bool:
        """A rating may be corrected within 24 hours of giving it."""
        return now - self.created_at <= CORRECTION_WINDOW


@dataclass(frozen=True, slots=True)
class Engagement:
    """An accepted application: a worker and an employer who agreed on a
    job. Its id is the application's."""
    id: int
    job_id: int
    worker_openid: str
    employer_id: int
    employer_openid: str
    trades: tuple[str, ...] = ()
    area: str = ""
    start_date: str = ""
    end_date: str = ""
    contact_name: str = ""
    employer_name: str = ""
    worker_name: str | None = None
    ended_at: float | None = None
    ended_by: str | None = None
    disputed: bool = False
    role: str | None = None             # the reader's side (worker | employer), when read for them
    my_rating: Rating | None = None     # the reader's rating of the other side

    def side_of(self, openid: str) -> str | None:
        """worker, employer, or None for a third party."""
        if openid == self.worker_openid:
            return "worker"
        if openid == self.employer_openid:
            return "employer"
        return None

    def other_side(self, role: str) -> str:
        """The openid of the other party to `role`."""
        return self.employer_openid if role == "worker" else self.worker_openid

    @property
    def rateable(self) -> bool:
        """Ended and not disputed: both sides may rate."""
        return self.ended_at is not None and not self.disputed

    def started_by(self, today: date) -> bool:
        """The work has begun by `today` (a Quanzhou calendar day): only then
        can a side say it is done. A job without a start date counts as begun."""
        return not self.start_date or self.start_date <= today.isoformat()

    @property
    def first_day(self) -> date | None:
        """The job's first work day, None when it has none."""
        return date.fromisoformat(self.start_date) if self.start_date else None
