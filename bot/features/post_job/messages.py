"""Posting jobs: queries and commands (clause 9), "my jobs" (applicants,
close, repost, edit), and staff review of posts the content rules held."""
from __future__ import annotations

from dataclasses import dataclass

from bot import domain
from bot.bus import Command, Query, field_values


@dataclass(frozen=True)
class EmployerProfile(Query["domain.Employer | None"]):
    """The user's employer record, None when they have never posted."""


@dataclass(frozen=True)
class DailyPosts:
    """How many jobs the user posted today (a Quanzhou calendar day) and
    the day's limit (0: no limit)."""
    used: int
    limit: int

    @property
    def reached(self) -> bool:
        return bool(self.limit) and self.used >= self.limit


@dataclass(frozen=True)
class PostsToday(Query[DailyPosts]):
    """The user's posts today against the daily limit (told when a post
    begins; `PublishJob` checks again where it counts)."""


@dataclass(frozen=True)
class MyJobs(Query[list[domain.Job]]):
    """The user's jobs as an employer, newest first (none when they never posted)."""


@dataclass(frozen=True)
class ApplicantCounts(Query[dict[int, int]]):
    """How many have applied (and not withdrawn) to each of the user's jobs,
    by job id; a job no one applied to is left out. Answered ahead with
    `MyJobs`, which every list of them asks first."""


@dataclass(frozen=True)
class Applicants(Query[list[domain.Applicant]]):
    """The applicants to one of the user's jobs, each with their rating
    (`rating`); a phone only once accepted or when the worker chose to show
    it. Empty for a job that is not theirs."""
    job_id: int


@dataclass(frozen=True)
class WaitingApplicants(Query[list[domain.Applicant]]):
    """Those still waiting for a decision on any of `job_ids` that are the
    user's, oldest first, without their ratings: read at once for "hire
    Old Li" said in one message. Empty for jobs that are not theirs."""
    job_ids: tuple[int, ...]


@dataclass(frozen=True)
class ReviewQueue(Query[list[domain.Job]]):
    """Posts held for staff review, the oldest 20 (staff)."""


@dataclass(frozen=True)
class ReviewQueueSize(Query[int]):
    """How many posts are held for review in all. Answered ahead with `ReviewQueue`."""


@dataclass(frozen=True)
class Employer:
    """Who posts: as the posting dialog collected it."""
    kind: str                       # person | company
    name: str
    phone: str
    credit_code: str | None = None  # unified social credit code (companies)
    contact_name: str = ""
    consent: bool = False           # agreed, in this post, to what is kept

    def fields(self) -> dict:
        return field_values(self)


@dataclass(frozen=True)
class JobPost:
    """What a post says, as the posting dialog collected it."""
    trades: tuple[str, ...]
    area: str
    start_date: str                 # ISO dates
    end_date: str
    days: int
    start_time: str                 # "HH:MM", or "" when the hours are said in words
    pay_min: int
    pay_max: int
    pay_unit: str                   # day | hour | piece | month | job
    pay_method: str                 # daily | hourly | piece | monthly | on_completion
    headcount: int
    contact_phone: str
    end_time: str = ""
    work_hours: str = ""            # a code of the choice `work_hours` when no clock times
    skills: str = ""
    address: str = ""
    lat: float | None = None        # a shared location; None: the area's centre
    lng: float | None = None
    meals: bool | None = None
    lodging: bool | None = None
    contact_name: str = ""
    description: str = ""

    def fields(self) -> dict:
        out = field_values(self)
        out["trades"] = list(self.trades)
        return out


@dataclass(frozen=True)
class PublishJob(Command):
    """Publish a post, or hold it for staff review (`for_review`; staff are
    told), registering or updating the employer. With `job_id`, an edit of
    that job (if it is the user's). Refused when the daily post limit is
    reached (the reply then says so) or without the employer's consent."""
    job: JobPost
    employer: Employer
    for_review: bool = False
    reasons: tuple[str, ...] = ()   # the content rules that matched
    job_id: int | None = None


@dataclass(frozen=True)
class CloseJob(Command):
    """The employer closes one of their jobs (filled, or no longer wanted)."""
    job_id: int


@dataclass(frozen=True)
class DecideApplication(Command):
    """The employer accepts or declines an applicant to one of their jobs;
    the worker is told. The reply learns what was done (`decision`:
    accepted | declined | not_done), the worker's name (`applicant_name`)
    and, once accepted, their phone (`applicant_phone`)."""
    application_id: int
    accept: bool


@dataclass(frozen=True)
class DecideReview(Command):
    """Staff approve (it opens) or refuse a post held for review; the
    employer is told, with the note."""
    job_id: int
    approve: bool
    note: str = ""
