"""Posting jobs against the store: publishing (with the daily limit and
staff review), an employer's jobs and applicants, their decisions, and
staff review decisions."""
from __future__ import annotations

import logging

from dataclasses import replace

from bot import clock, domain
from bot.bus import Deps, Router
from bot.features.post_job.dialog import job_vars
from bot.features.post_job.messages import (ApplicantCounts, Applicants, CloseJob, DailyPosts, DecideApplication,
                                            DecideReview, EmployerProfile, MyJobs, PostsToday, PublishJob,
                                            ReviewQueue, ReviewQueueSize, WaitingApplicants)
from bot.i18n import Listed
from bot.masking import mask_openid
from bot.services import staff_notices
from bot.store.repos import ApplicationRepo, EmployerRepo, JobRepo, LimitsRepo, RatingRepo, UserRepo, WorkerRepo

log = logging.getLogger(__name__)

router = Router("post_job")

# The dialog says "published" (or "held for review") before the post is
# saved; when the daily limit was reached meanwhile, the reply says this instead.
SAID_WHEN_POSTS_CAPPED = {"post-published": "post-cap-refused", "post-in-review": "post-cap-refused"}


@router.query(EmployerProfile)
async def employer_profile(q: EmployerProfile, deps: Deps) -> domain.Employer | None:
    return await EmployerRepo(deps.conn).by_openid(deps.openid)


async def posts_today(deps: Deps) -> DailyPosts:
    limit = deps.settings.daily_post_limit
    if not limit:
        return DailyPosts(used=0, limit=0)
    since = clock.day_start(clock.today(deps.now))
    return DailyPosts(used=await LimitsRepo(deps.conn).posts_since(deps.openid, since), limit=limit)


@router.query(PostsToday)
async def posts_today_query(q: PostsToday, deps: Deps) -> DailyPosts:
    return await posts_today(deps)


@router.query(MyJobs)
async def my_jobs(q: MyJobs, deps: Deps) -> list[domain.Job]:
    employer = await EmployerRepo(deps.conn).by_openid(deps.openid)
    jobs = await JobRepo(deps.conn).for_employer(employer.id) if employer else []
    # The list shows how many applied to each: read now, not on a second pass.
    deps.answer_ahead(ApplicantCounts(), await ApplicationRepo(deps.conn).counts_for_jobs([j.id for j in jobs]))
    return jobs


@router.query(ApplicantCounts)
async def applicant_counts(q: ApplicantCounts, deps: Deps) -> dict[int, int]:
    # Counted for the jobs the list shows: my_jobs reads both and answers
    # the counts ahead (and the jobs themselves are then known too).
    deps.answer_ahead(MyJobs(), await my_jobs(MyJobs(), deps))
    return deps.answered_ahead[ApplicantCounts()]


@router.query(Applicants)
async def applicants(q: Applicants, deps: Deps) -> list[domain.Applicant]:
    if await _own_job(deps, q.job_id) is None:
        return []  # only the employer sees who applied
    found = await ApplicationRepo(deps.conn).for_job(q.job_id)
    stats = await RatingRepo(deps.conn).worker_stats([a.application.worker_openid for a in found])
    return [replace(a, rating=stats.get(a.application.worker_openid)) for a in found]


@router.query(WaitingApplicants)
async def waiting_applicants(q: WaitingApplicants, deps: Deps) -> list[domain.Applicant]:
    employer = await EmployerRepo(deps.conn).by_openid(deps.openid)
    if employer is None:
        return []
    return await ApplicationRepo(deps.conn).waiting_for_employer(employer.id, list(q.job_ids))


@router.query(ReviewQueue)
async def review_queue(q: ReviewQueue, deps: Deps) -> list[domain.Job]:
    queue, total = await JobRepo(deps.conn).in_review()
    deps.answer_ahead(ReviewQueueSize(), total)
    return queue


@router.query(ReviewQueueSize)
async def review_queue_size(q: ReviewQueueSize, deps: Deps) -> int:
    return (await JobRepo(deps.conn).in_review(limit=1))[1]


async def _own_job(deps: Deps, job_id: int) -> domain.Job | None:
    """The job, if it is one of the user's (as an employer)."""
    employer = await EmployerRepo(deps.conn).by_openid(deps.openid)
    job = await JobRepo(deps.conn).get(job_id) if employer else None
    return job if job is not None and employer and job.employer_id == employer.id else None


@router.command(PublishJob)
async def publish(c: PublishJob, deps: Deps) -> bool:
    """Save the post (a new job, or an edit of one of the user's); a post
    held for review goes to the staff group."""
    employers, jobs = EmployerRepo(deps.conn), JobRepo(deps.conn)
    if deps.settings.daily_post_limit:
        # The dialog checked the limit when the post began; checked again
        # here, where it counts (another post may have been made since).
        # Edits are not new posts; a repost is.
        if c.job_id is None or await _own_job(deps, c.job_id) is None:
            use = await posts_today(deps)
            if use.reached:
                deps.say_instead(SAID_WHEN_POSTS_CAPPED, limit=use.limit)
                return False
    known = await employers.by_openid(deps.openid)
    if not c.employer.consent and not (known and known.has_consented):
        log.warning("a post without the employer's consent was not saved")
        return False  # no consent, no post (the dialog asks for it first)
    employer_id = await employers.save(deps.openid, c.employer.fields())
    fields = {**c.job.fields(), "status": "review" if c.for_review else "open", "review_reasons": list(c.reasons),
              "review_note": ""}
    if fields.get("lat") is None:
        # Without a shared location, the job is placed at its area's centre
        # (so distance still ranks it).
        area = deps.refdata.area_by_code(fields["area"])
        if area is not None:
            fields["lat"], fields["lng"] = area.lat, area.lng
    user = await UserRepo(deps.conn).get(deps.openid)
    if user and user.get("market_code"):
        fields["market_code"] = user["market_code"]
    job_id = c.job_id
    existing = await jobs.get(job_id) if job_id else None
    if job_id and existing is not None and existing.employer_id == employer_id:
        await jobs.update(job_id, fields)
    else:
        job_id = await jobs.create(employer_id, fields)
    if not c.for_review:
        return False
    v = job_vars({"trades": list(c.job.trades), "area": c.job.area}, deps.refdata)
    notice = staff_notices.notice(
        deps.catalog, "staff-review",
        vars=dict(id=job_id, user=mask_openid(deps.openid),
                  reasons=Listed("staff-review-reason", "reasons", tuple(c.reasons))),
        user=dict(trades=v["trades"], area=v["area"]),
        story=c.job.description or c.job.skills or "-",
        more=deps.catalog.text(staff_notices.STAFF_LOCALE, "staff-cut-review"),
        short=("staff-review-short", {"id": job_id}))
    return await staff_notices.queue(deps.conn, notice, f"staff:review:{deps.msg_key}:{job_id}")


@router.command(CloseJob)
async def close(c: CloseJob, deps: Deps) -> None:
    if await _own_job(deps, c.job_id) is not None:
        await JobRepo(deps.conn).update(c.job_id, {"status": "closed"})


@router.command(DecideApplication)
async def decide_application(c: DecideApplication, deps: Deps) -> bool:
    """The employer accepts or declines an applicant. On acceptance the
    employer gets the worker's phone (in the reply) and the worker the
    employer's contact (a message). `decision` is not_done when the job
    filled or the worker withdrew meanwhile."""
    deps.results["decision"] = "not_done"
    apps, jobs = ApplicationRepo(deps.conn), JobRepo(deps.conn)
    app = await apps.by_id(c.application_id)
    if app is None:
        return False
    job = await _own_job(deps, app.job_id)
    if job is None:
        return False
    status, before = ("accepted" if c.accept else "declined"), app.status
    if status == before or before == "withdrawn":
        return False
    if status == "accepted" and not job.takes_applications:
        return False
    await apps.set_status(app.id, status)
    if status == "accepted":
        await jobs.add_filled(job.id, +1)
    elif before == "accepted":
        await jobs.add_filled(job.id, -1)
    worker = await WorkerRepo(deps.conn).get(app.worker_openid)
    deps.results.update(decision=status, applicant_name=(worker.name if worker else None) or "-",
                        applicant_phone=((worker.phone if worker else None) or "none") if status == "accepted"
                        else "none")
    return await deps.notify(app.worker_openid, "application-result", f"decision:{deps.msg_key}",
                             about=deps.openid, id=job.id, status=status, contact=job.contact_name or "-",
                             phone=job.contact_phone)


@router.command(DecideReview)
async def decide_review(c: DecideReview, deps: Deps) -> bool:
    """Staff open or refuse a post held for review; the employer is told."""
    jobs = JobRepo(deps.conn)
    job = await jobs.get(c.job_id)
    if job is None or job.status != "review":
        return False  # decided already (by another member of staff)
    await jobs.update(job.id, {"status": "open" if c.approve else "refused", "review_note": c.note})
    employer = await EmployerRepo(deps.conn).by_id(job.employer_id)
    if employer is None:
        return False
    return await deps.notify(employer.openid, "review-result", f"review:{deps.msg_key}:{job.id}",
                             id=job.id, approved="yes" if c.approve else "no", note=c.note or "-")
