"""The staff console's posts and workers (#15: the review, posts and workers pages) against
the store: posts found by trade, area, status, words or the employer's
phone; one post with its applicants counted and the reports against it;
a post closed (its employer told) or hidden from search (the path a
reported fraud takes: held for review, so review decides it later); a
worker found by the phone typed whole.

Deciding a held post and recognising a hardship category are not here:
the console runs the typed commands' own bus commands (DecideReview,
RecogniseHardship), so the employer and the worker get the same message."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select

from bot import clock
from bot.bus import Deps
from bot.domain import Employer, Job, Ticket, Worker
from bot.language import parsing
from bot.masking import mask_openid
from bot.store.repos import ApplicationRepo, EmployerRepo, JobRepo, TicketRepo, WorkerRepo
from bot.store.tables import applications, employers, jobs, tickets

log = logging.getLogger("bot.staff")

# What staff may filter posts by (the jobs table's statuses; "expired" is
# also an open post past its last day, as its employer reads it).
STATUSES = ("review", "open", "closed", "refused", "expired")
# The review reason of a post staff hid from search (beside the content
# rules' ids and "reported"; named in words by `staff-review-reason`).
HIDDEN = "hidden"
SEARCH_LIMIT = 50
MAX_REASON = 300


@dataclass(frozen=True)
class PostSearch:
    """What staff asked for on the posts page; empty: any."""
    trade: str = ""
    area: str = ""
    status: str = ""
    text: str = ""
    phone: str = ""

    @classmethod
    def from_query(cls, query: Any) -> "PostSearch":
        def get(name: str, size: int) -> str:
            return str(query.get(name, "") or "").strip()[:size]
        status = get("status", 10)
        return cls(get("trade", 32), get("area", 20), status if status in STATUSES else "", get("text", 50),
                   get("phone", 30))

    @property
    def phone_digits(self) -> str | None:
        """The employer's phone asked for, when one was typed (None: not a phone)."""
        return parsing.parse_mobile(self.phone) if self.phone else None

    @property
    def empty(self) -> bool:
        return not (self.trade or self.area or self.status or self.text or self.phone)


@dataclass(frozen=True)
class PostDetail:
    """One post as the posts page shows it."""
    job: Job
    employer: Employer | None
    applications: dict[str, int] = field(default_factory=dict)   # status -> how many
    reports: tuple[Ticket, ...] = ()                               # tickets about it, newest first

    @property
    def applied(self) -> int:
        return sum(self.applications.values())


async def search_posts(conn: Any, s: PostSearch, now: float, limit: int = SEARCH_LIMIT) -> list[Job]:
    """Posts matching every filter given, newest first (at most `limit`).
    A phone that is not a mobile number matches nothing."""
    q = select(jobs.c.id).select_from(jobs.outerjoin(employers, employers.c.id == jobs.c.employer_id))
    today = clock.today(now).isoformat()
    if s.trade:
        q = q.where(jobs.c.trades.contains(json.dumps(s.trade), autoescape=True))
    if s.area:
        q = q.where(jobs.c.area == s.area)
    if s.status == "open":
        q = q.where(jobs.c.status == "open", jobs.c.end_date >= today)
    elif s.status == "expired":
        q = q.where(or_(jobs.c.status == "expired", (jobs.c.status == "open") & (jobs.c.end_date < today)))
    elif s.status:
        q = q.where(jobs.c.status == s.status)
    if s.text:
        q = q.where(or_(*(c.contains(s.text, autoescape=True) for c in
                          (jobs.c.description, jobs.c.skills, jobs.c.address, jobs.c.contact_name, employers.c.name))))
    if s.phone:
        phone = s.phone_digits
        if phone is None:
            return []
        q = q.where(or_(employers.c.phone == phone, jobs.c.contact_phone == phone))
    ids = [r[0] for r in (await conn.execute(q.order_by(jobs.c.id.desc()).limit(limit))).all()]
    found = await JobRepo(conn).get_many(ids)
    return [j for j in (found[i] for i in ids) if j is not None]


async def post_detail(conn: Any, job_id: int) -> PostDetail | None:
    job = await JobRepo(conn).get(job_id)
    if job is None:
        return None
    employer = await EmployerRepo(conn).by_id(job.employer_id)
    counted = (await conn.execute(select(applications.c.status, func.count())
                                  .where(applications.c.job_id == job_id)
                                  .group_by(applications.c.status))).all()
    ids = [r[0] for r in (await conn.execute(select(tickets.c.id).where(tickets.c.job_id == job_id)
                                             .order_by(tickets.c.id.desc()))).all()]
    repo = TicketRepo(conn)
    reports = tuple(t for t in [await repo.get(i) for i in ids] if t is not None)
    return PostDetail(job, employer, {str(st): int(n) for st, n in counted}, reports)


def job_record(job: Job) -> dict:
    """What the audit log keeps of a post before and after a change."""
    return {"status": job.status, "review_reasons": list(job.review_reasons), "review_note": job.review_note}


async def close_post(deps: Deps, job_id: int, reason: str) -> tuple[Job, Job] | None:
    """Staff close a post (no longer searchable, no more applications);
    its employer is told why. (before, after), or None when the post is
    not there or no longer open or held (nothing changes)."""
    repo = JobRepo(deps.conn)
    job = await repo.get(job_id)
    if job is None or job.status not in ("open", "review"):
        return None
    reason = reason.strip()[:MAX_REASON]
    await repo.update(job_id, {"status": "closed", "review_note": reason})
    after = await repo.get(job_id)
    assert after is not None
    employer = await EmployerRepo(deps.conn).by_id(job.employer_id)
    if employer is not None:
        await deps.notify(employer.openid, "console-post-closed-notice", f"console-close:{deps.msg_key}:{job_id}",
                          id=job_id, reason=reason or "-")
    # Workers still waiting on it (applied, or hired and not yet done) are told too, as
    # when an employer's account is erased: otherwise the post just vanishes from their applications.
    for applicant in await ApplicationRepo(deps.conn).for_job(job_id):
        a = applicant.application
        if a.status == "applied" or (a.status == "accepted" and a.ended_at is None):
            await deps.notify(a.worker_openid, "console-post-closed-applicant",
                              f"console-close:{deps.msg_key}:{job_id}:{a.id}", id=job_id)
    log.info(json.dumps({"event": "post_closed_by_staff", "job": job_id, "staff": mask_openid(deps.openid)}))
    return job, after


async def hide_post(deps: Deps, job_id: int, reason: str) -> tuple[Job, Job] | None:
    """Staff take an open post out of search at once, as a reported fraud
    is (bot/features/complaints/tickets.py): held for review, so it waits
    in review for approval (back in search) or rejection (its employer is
    told then). Its employer is not told now. (before, after), or None
    when the post is not open (nothing changes)."""
    repo = JobRepo(deps.conn)
    job = await repo.get(job_id)
    if job is None or job.status != "open":
        return None
    reasons = [*(r for r in job.review_reasons if r != HIDDEN), HIDDEN]
    await repo.update(job_id, {"status": "review", "review_reasons": reasons,
                               "review_note": reason.strip()[:MAX_REASON]})
    after = await repo.get(job_id)
    assert after is not None
    log.info(json.dumps({"event": "post_hidden_by_staff", "job": job_id, "staff": mask_openid(deps.openid)}))
    return job, after


async def workers_by_phone(conn: Any, typed: str) -> list[Worker] | None:
    """The workers registered with the phone typed whole; None when what
    was typed is not a mobile number."""
    phone = parsing.parse_mobile(typed or "")
    if phone is None:
        return None
    return await WorkerRepo(conn).by_phone(phone)
