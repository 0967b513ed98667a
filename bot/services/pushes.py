"""Which new jobs to push to which opted-in workers, and when.

This module only decides; it does no I/O.  The caller loads the workers who
opted in, the open jobs, what was already pushed (today and ever), asks
`plan()` for the pushes and writes them to the outbox.

Rules it applies:

* nothing is pushed during quiet hours (21:00 to 08:00 Quanzhou time by
  default); `next_allowed()` says when to try again;
* a worker only gets jobs that `matches()`: opted in, job not expired, a
  trade in common, an area in common or the job within the "near me"
  radius, pay not below the worker's expectation (same unit only), and for
  public-welfare posts every eligibility condition met;
* no job is pushed twice to the same worker, at most ``daily_cap`` jobs a
  worker per Quanzhou calendar day, and the jobs go out batched, at most
  ``per_message`` in one message, best first (`score()`);
* WeChat lets the account send customer-service messages only within 48
  hours of the user's last message; outside that window only a template
  message can reach the user, and only if the operator configured one.
  Workers nothing can reach now are skipped (not counted, so their jobs
  stay unsent for a later run).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.clock import QUANZHOU
from bot.domain import Job, Worker
from bot.refdata import haversine_km

__all__ = [
    "CHANNEL_CUSTOM",
    "CHANNEL_TEMPLATE",
    "QUANZHOU",
    "CoursePush",
    "Learner",
    "Push",
    "PushPolicy",
    "WorkerProfile",
    "eligible",
    "in_quiet_hours",
    "local_date",
    "matches",
    "next_allowed",
    "course_offered",
    "course_reason",
    "of_worker",
    "plan",
    "plan_courses",
    "score",
]

#: Quanzhou (China Standard Time, no daylight saving).

CHANNEL_CUSTOM = "custom"
CHANNEL_TEMPLATE = "template"

#: Eligibility keys a welfare post may carry; any other key is a condition
#: this module cannot check, so nobody is treated as meeting it.
ELIGIBILITY_KEYS = frozenset({"hardship", "min_age", "max_age", "areas"})


@dataclass(frozen=True)
class WorkerProfile:
    openid: str
    trades: tuple[str, ...]
    areas: tuple[str, ...]
    near: tuple[float, float] | None       # (lat, lng) when the worker chose "near me"
    pay_amount: int | None                 # expected pay; None = any
    pay_unit: str | None                   # "day" | "hour" | "piece" | "month"
    wants_push: bool
    last_message_at: float | None          # epoch seconds of the worker's last message (None = unknown)
    hardship: bool = False                 # recognised by staff in any hardship category
    birth_year: int | None = None
    hardship_recognised: tuple[str, ...] = ()   # the categories staff recognised (bot/data/hardship_categories.json)
    # An alert a search left ("notify me"), not a registered profile: no trades
    # is any work, no areas (and no "near me") anywhere in the city; meals,
    # lodging: only jobs that provide them.
    alert: bool = False
    meals: bool = False
    lodging: bool = False
    pay_method: str | None = None          # an alert's: only jobs paid so
    pay_min: int | None = None             # an alert's: only jobs paying at least this, per pay_min_unit
    pay_min_unit: str | None = None


@dataclass(frozen=True)
class PushPolicy:
    daily_cap: int = 3                 # pushed jobs per worker per day (Quanzhou calendar day)
    per_message: int = 3               # jobs listed in one batched message
    quiet_start: time = time(21, 0)    # no pushes from 21:00 ...
    quiet_end: time = time(8, 0)       # ... to 08:00 Quanzhou time
    window_hours: float = 48.0         # customer-service window
    near_km: float = 15.0              # "near me" radius
    template_configured: bool = False


@dataclass(frozen=True)
class Push:
    openid: str
    job_ids: tuple[int, ...]           # best first, at most per_message
    channel: str                       # "custom" (inside the 48h window) or "template"


# -- time ---------------------------------------------------------------------

def _local(now: float) -> datetime:
    return datetime.fromtimestamp(now, QUANZHOU)


def local_date(now: float) -> date:
    """The Quanzhou calendar day of an epoch time (what ``daily_cap`` and
    ``sent_today`` count by)."""
    return _local(now).date()


def in_quiet_hours(now: float, policy: PushPolicy) -> bool:
    """True from ``quiet_start`` (included) to ``quiet_end`` (excluded),
    Quanzhou time, whatever the machine's timezone.  The window may wrap
    midnight (the default does); equal start and end mean no quiet hours."""
    t = _local(now).time()
    start, end = policy.quiet_start, policy.quiet_end
    if start == end:
        return False
    if start < end:
        return start <= t < end
    return t >= start or t < end


def next_allowed(now: float, policy: PushPolicy) -> float:
    """The next epoch second pushes are allowed: `now` itself when it is not
    quiet, else the coming ``quiet_end`` in Quanzhou time."""
    if not in_quiet_hours(now, policy):
        return now
    local = _local(now)
    end = datetime.combine(local.date(), policy.quiet_end, tzinfo=QUANZHOU)
    if end <= local:
        end += timedelta(days=1)
    return end.timestamp()


def _channel(worker: WorkerProfile, now: float, policy: PushPolicy) -> str | None:
    """How the worker can be reached now, or None if not at all."""
    last = worker.last_message_at
    if last is not None and now - last < policy.window_hours * 3600:
        return CHANNEL_CUSTOM
    if policy.template_configured:
        return CHANNEL_TEMPLATE
    return None


# -- matching -----------------------------------------------------------------

def _age(birth_year: int, today: date) -> int:
    # Same convention as the registration dialog: the birthday is not asked.
    return today.year - birth_year


def eligible(worker: WorkerProfile, job: Job, today: date) -> bool:
    """Whether the worker meets every eligibility condition of a welfare
    post (always True for ordinary posts).

    ``hardship``: ``true``: staff recognised the worker in some hardship
    category; a list of category codes: in one of these (what the worker
    only said of themselves does not count: the post is for those staff
    checked).  ``min_age`` / ``max_age`` (inclusive): the worker's age
    from ``birth_year``; an unknown birth year does not qualify.  ``areas``:
    one of the worker's registered areas is listed (a worker who only shared
    a "near me" location does not qualify).  An unknown key is a condition
    nobody can be shown to meet.
    """
    if not job.is_welfare:
        return True
    cond = job.eligibility or {}
    if set(cond) - ELIGIBILITY_KEYS:
        return False
    hardship = cond.get("hardship")
    if isinstance(hardship, list):
        if not set(worker.hardship_recognised) & set(hardship):
            return False
    elif hardship and not (worker.hardship or worker.hardship_recognised):
        return False
    min_age, max_age = cond.get("min_age"), cond.get("max_age")
    if min_age is not None or max_age is not None:
        if worker.birth_year is None:
            return False
        age = _age(worker.birth_year, today)
        if min_age is not None and age < min_age:
            return False
        if max_age is not None and age > max_age:
            return False
    areas = cond.get("areas")
    if areas is not None and not set(worker.areas) & set(areas):
        return False
    return True


def of_worker(worker: Worker | None) -> WorkerProfile:
    """What eligibility reads of a registered worker (None: someone not
    registered, who meets no condition but the absence of any)."""
    if worker is None:
        return WorkerProfile(openid="", trades=(), areas=(), near=None, pay_amount=None, pay_unit=None,
                             wants_push=False, last_message_at=None)
    return WorkerProfile(openid=worker.openid, trades=worker.trades, areas=worker.areas, near=worker.near,
                         pay_amount=worker.pay_amount, pay_unit=worker.pay_unit, wants_push=worker.wants_push,
                         last_message_at=None, hardship=worker.hardship, birth_year=worker.birth_year,
                         hardship_recognised=worker.hardship_recognised)


def _job_point(job: Job, area_centers: Mapping[str, tuple[float, float]]) -> tuple[float, float] | None:
    if job.lat is not None and job.lng is not None:
        return (job.lat, job.lng)
    return area_centers.get(job.area)


def _place_ok(worker: WorkerProfile, job: Job, policy: PushPolicy,
              area_centers: Mapping[str, tuple[float, float]]) -> bool:
    if job.area in worker.areas or (worker.alert and not worker.areas and worker.near is None):
        return True
    if worker.near is None:
        return False
    point = _job_point(job, area_centers)
    if point is None:
        return False
    return haversine_km(worker.near[0], worker.near[1], point[0], point[1]) <= policy.near_km


def _pay_ok(worker: WorkerProfile, job: Job) -> bool:
    if worker.pay_amount is None or worker.pay_unit != job.pay_unit:
        return True   # no expectation, or units that cannot be compared
    return job.pay_max >= worker.pay_amount


def matches(worker: WorkerProfile, job: Job, today: date, policy: PushPolicy, *,
            area_centers: Mapping[str, tuple[float, float]] = {}) -> bool:
    """Whether the job may be pushed to the worker.

    `today` is the Quanzhou calendar day.  A job without coordinates is
    placed at its area's center from `area_centers` for the "near me"
    radius; without either it matches only by area.
    """
    return (worker.wants_push
            and not job.is_over(today)
            and (bool(set(worker.trades) & set(job.trades)) or (worker.alert and not worker.trades))
            and _place_ok(worker, job, policy, area_centers)
            and _pay_ok(worker, job)
            and (not worker.meals or bool(job.meals)) and (not worker.lodging or bool(job.lodging))
            and (not worker.pay_method or job.pay_method == worker.pay_method)
            and (not worker.pay_min or (job.pay_max >= worker.pay_min
                                        and (not worker.pay_min_unit or job.pay_unit == worker.pay_min_unit)))
            and eligible(worker, job, today))


# -- ranking ------------------------------------------------------------------

# score() packs four criteria into one float, each bounded so that it can
# never outweigh the one before it:
#   welfare tier    0 or 1           x 1e10
#   start           0..999 (sooner)  x 1e7
#   pay ratio       0..1000          x 1e3   (pay / expectation, in 0.01 steps, capped at 10x)
#   freshness       0..999 (hours)   x 1
_MAX_DAYS = 999
_MAX_PAY_STEPS = 1000
_MAX_AGE_HOURS = 999.0


def score(worker: WorkerProfile, job: Job, now: float) -> float:
    """Higher first: welfare posts the worker is eligible for, then the
    sooner start (a job already under way counts as starting today), then
    the higher pay relative to the worker's expectation (the job's
    ``pay_max`` over the expected amount; neutral when there is no
    expectation or the units differ), then the fresher post."""
    today = local_date(now)
    tier = 1 if job.is_welfare and eligible(worker, job, today) else 0
    days = min(max((job.first_day - today).days, 0), _MAX_DAYS)
    if worker.pay_amount and worker.pay_unit == job.pay_unit:
        ratio = job.pay_max / worker.pay_amount
    else:
        ratio = 1.0
    pay_steps = min(max(round(ratio * 100), 0), _MAX_PAY_STEPS)
    age_hours = min(max((now - job.created_at) / 3600.0, 0.0), _MAX_AGE_HOURS)
    return tier * 1e10 + (_MAX_DAYS - days) * 1e7 + pay_steps * 1e3 + (_MAX_AGE_HOURS - age_hours)


# -- planning -----------------------------------------------------------------

def plan(workers: Iterable[WorkerProfile], jobs: Iterable[Job], now: float,
         sent_today: Mapping[str, int], already_sent: Mapping[str, set[int]],
         policy: PushPolicy = PushPolicy(),
         area_centers: Mapping[str, tuple[float, float]] = {}) -> list[Push]:
    """The pushes to send now: at most one batched `Push` per worker, in the
    order the workers were given (a worker given more than once, their
    profile and the alerts they left, gets one push of what any matches).

    Nothing at all during quiet hours (the caller tries again at
    `next_allowed()`).  `sent_today` counts the jobs already pushed to each
    worker on the current Quanzhou day; `already_sent` holds every job id
    ever pushed to each worker.  Each worker gets the matching jobs not sent
    before, best first, at most ``daily_cap - sent_today`` and at most
    ``per_message``; by customer-service message inside the window, else by
    template if one is configured, else not at all.
    """
    if in_quiet_hours(now, policy):
        return []
    today = local_date(now)
    unique: dict[int, Job] = {}
    for job in jobs:
        unique.setdefault(job.id, job)
    # Only a job of one of the worker's trades can match (`matches`): each
    # worker is checked against those, not every open job (a round matches
    # thousands of workers to hundreds of jobs). An alert for any work is
    # checked against every one.
    by_trade: dict[str, list[Job]] = {}
    current: list[Job] = []
    for job in unique.values():
        if not job.is_over(today):
            current.append(job)
            for trade in dict.fromkeys(job.trades):
                by_trade.setdefault(trade, []).append(job)

    # A worker's profile and the alerts they left make one push: the jobs
    # any of them matches, ranked by the first (the profile, with its pay).
    people: dict[str, list[WorkerProfile]] = {}
    for worker in workers:
        if worker.wants_push:
            people.setdefault(worker.openid, []).append(worker)
    pushes: list[Push] = []
    for openid, profiles in people.items():
        first = profiles[0]
        room = min(policy.daily_cap - sent_today.get(openid, 0), policy.per_message)
        if room <= 0:
            continue
        channel = _channel(first, now, policy)
        if channel is None:
            continue
        done = already_sent.get(openid) or ()
        picked: dict[int, Job] = {}
        for worker in profiles:
            candidates = (current if worker.alert and not worker.trades
                          else [j for trade in worker.trades for j in by_trade.get(trade, ())])
            for j in candidates:
                if j.id not in done and j.id not in picked \
                        and matches(worker, j, today, policy, area_centers=area_centers):
                    picked[j.id] = j
        if not picked:
            continue
        best = sorted(picked.values(), key=lambda j: (-score(first, j, now), j.id))
        pushes.append(Push(openid, tuple(j.id for j in best[:room]), channel))
    return pushes


# -- courses (clauses 14-16) --------------------------------------------------
#
# A course that is offered (active, not over, places left) is pushed once to
# each worker it suits, under the same rules as jobs: not in quiet hours,
# within the day's cap (a course counts as one pushed item), by
# customer-service message inside the 48-hour window, else by template if
# configured, else not now (tried again next round).
#
# Who it suits: a worker who opted in to pushes and registered the course's
# trade, in their area (an online course, or one with no area, anywhere); or
# a person who asked to learn the course's trade in the needs survey, in the
# class mode they asked for (the survey promised to tell them when a course opens: they
# need not have opted in to job pushes, and they come first).

ONLINE_MODES = frozenset({"live", "on_demand"})
#: What `already_sent` holds for a person who unsubscribed: no course pushes at all.
STOPPED = "-"


@dataclass(frozen=True)
class Learner:
    """A person a course may be pushed to: their worker profile (when they
    registered one) and what they asked to learn in the needs survey."""
    openid: str
    profile: WorkerProfile | None      # None: only answered the needs survey
    wanted: frozenset[str] = frozenset()   # trade codes asked for in the needs survey
    modes: frozenset[str] = frozenset()    # class modes asked for: offline | online | any
    last_message_at: float | None = None


@dataclass(frozen=True)
class CoursePush:
    openid: str
    course_codes: tuple[str, ...]      # soonest first, at most per_message
    channel: str


def course_offered(course, today: date) -> bool:
    """Active, not over and with places left (a full course is not pushed:
    its waiting list is for those who asked)."""
    return bool(course.active) and course.end_date >= today.isoformat() and not course.is_full


def _mode_ok(learner: Learner, course) -> bool:
    if not learner.modes or "any" in learner.modes:
        return True
    return ("online" if course.mode in ONLINE_MODES else "offline") in learner.modes


def _course_place_ok(profile: WorkerProfile | None, course, policy: PushPolicy,
                     area_centers: Mapping[str, tuple[float, float]]) -> bool:
    if course.mode in ONLINE_MODES or not course.area:
        return True
    if profile is None or (not profile.areas and profile.near is None):
        return True     # no area given: anywhere in the city
    if course.area in profile.areas:
        return True
    point = area_centers.get(course.area)
    return (profile.near is not None and point is not None
            and haversine_km(profile.near[0], profile.near[1], point[0], point[1]) <= policy.near_km)


def course_reason(learner: Learner, course, policy: PushPolicy = PushPolicy(),
                  area_centers: Mapping[str, tuple[float, float]] = {}) -> str | None:
    """Why the course suits the person: "needs" (they asked to learn its
    trade), "profile" (they opted in and registered its trade), or None."""
    if not course.trade or not _course_place_ok(learner.profile, course, policy, area_centers):
        return None
    if course.trade in learner.wanted and _mode_ok(learner, course):
        return "needs"
    p = learner.profile
    if p is not None and p.wants_push and course.trade in p.trades:
        return "profile"
    return None


def plan_courses(learners: Iterable[Learner], offered: Iterable, now: float,
                 sent_today: Mapping[str, int], already_sent: Mapping[str, set[str]],
                 policy: PushPolicy = PushPolicy(),
                 area_centers: Mapping[str, tuple[float, float]] = {}) -> list[CoursePush]:
    """The course pushes to send now, at most one message a person: those
    who asked in the needs survey first. `sent_today` counts everything
    pushed to each person on the current Quanzhou day (jobs and courses);
    `already_sent` holds the courses each was ever told about or signed up
    for."""
    if in_quiet_hours(now, policy):
        return []
    today = local_date(now)
    courses = sorted((c for c in offered if course_offered(c, today)), key=lambda c: (c.start_date, c.code))
    if not courses:
        return []
    picks: list[tuple[int, int, CoursePush]] = []
    seen: set[str] = set()
    for n, learner in enumerate(learners):
        if learner.openid in seen:
            continue
        seen.add(learner.openid)
        room = min(policy.daily_cap - sent_today.get(learner.openid, 0), policy.per_message)
        if room <= 0:
            continue
        last = learner.profile.last_message_at if learner.profile is not None else learner.last_message_at
        if learner.last_message_at is not None and (last is None or learner.last_message_at > last):
            last = learner.last_message_at
        channel = _channel(WorkerProfile(learner.openid, (), (), None, None, None, True, last), now, policy)
        if channel is None:
            continue
        done = already_sent.get(learner.openid) or ()
        reasons = [(c, course_reason(learner, c, policy, area_centers)) for c in courses if c.code not in done]
        fits = sorted(((c, r) for c, r in reasons if r is not None),
                      key=lambda cr: (cr[1] != "needs", cr[0].start_date, cr[0].code))
        if not fits or STOPPED in done:
            continue
        first = 0 if any(r == "needs" for _, r in fits) else 1
        picks.append((first, n, CoursePush(learner.openid, tuple(c.code for c, _ in fits[:room]), channel)))
    return [p for _, _, p in sorted(picks, key=lambda t: (t[0], t[1]))]
