"""Review in the console (#15): the posts the content rules held (what the
typed review command lists), each with its reasons in words and the post as a
worker would read it; approved, or rejected with a reason its employer
reads. The decision is the typed approve / reject commands' own command
(`DecideReview`), so the employer gets the same WeChat message and an
approved post is in workers' search at once. Reviewers may do this."""
from __future__ import annotations

from typing import Any

from aiohttp import web

from bot import clock
from bot.console.web import audit, console_deps, once, page, render, tr
from bot.domain import Employer, Job
from bot.engine.answers import rating_vars
from bot.features.post_job.dialog import job_vars, slots_from_job
from bot.features.post_job.messages import DecideReview
from bot.handlers.keys import DB, TURNS
from bot.masking import mask_phone
from bot.services.staff_posts import MAX_REASON, job_record
from bot.store.repos import EmployerRepo, JobRepo

NAV = (20, "console-review-title", "/console/review", "reviewer")
QUEUE_LIMIT = 50
# What the page says after a decision (?done=…): the typed commands' own sentences.
DONE = ("approved", "rejected", "gone", "note")


def refdata(request: web.Request) -> Any:
    return request.app[TURNS].conversation.refdata


def locale_of(request: web.Request) -> str:
    return request.get("locale") or "zh_CN"


def job_id_of(request: web.Request) -> int | None:
    """The post's number in the address; None for anything else (a number
    too large for the column, words): the page then changes nothing."""
    raw = request.match_info.get("job_id", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


def as_worker_sees(request: web.Request, job: Job) -> str:
    """The post as a worker reads it in the chat (`job-detail`), in the staff member's language."""
    v = job_vars(slots_from_job(job, None), refdata(request), locale_of(request))
    return tr(request, "job-detail", id=job.id, left=job.places_left, contact=job.contact_name or "-",
              welfare="yes" if job.is_welfare else "no", **rating_vars(job.employer_rating), **v)


def reasons_in_words(request: web.Request, job: Job) -> list[str]:
    return [tr(request, "staff-review-reason", reasons=code) for code in job.review_reasons]


def post_line(request: web.Request, job: Job) -> str:
    v = job_vars(slots_from_job(job, None), refdata(request), locale_of(request))
    return tr(request, "console-posts-line", id=job.id, trades=v["trades"], area=v["area"], month=v["month"],
              day=v["day"], headcount=job.headcount)


def employer_line(request: web.Request, employer: Employer | None, at: float) -> str:
    return tr(request, "console-review-employer", name=employer.name if employer else "-",
              phone=mask_phone(employer.phone if employer else None), time=clock.stamp(at) if at else "-")


async def queue(request: web.Request) -> web.Response:
    async with request.app[DB].reading() as conn:
        held, waiting = await JobRepo(conn).in_review(limit=QUEUE_LIMIT)
        employers = EmployerRepo(conn)
        items = [{"id": job.id, "line": post_line(request, job), "reasons": reasons_in_words(request, job),
                  "preview": as_worker_sees(request, job),
                  "note": tr(request, "console-post-note", note=job.review_note) if job.review_note else "",
                  "employer": employer_line(request, await employers.by_id(job.employer_id), job.created_at)}
                 for job in held]
    done = request.query.get("done", "")
    shown = _done_text(request, done, request.query.get("id", ""))
    return render(request, "review/queue.html", items=items, waiting=waiting, done=shown,
                  done_ok=done in ("approved", "rejected"))


def _done_text(request: web.Request, done: str, job_id: str) -> str:
    if done not in DONE or not job_id.isdigit():
        return ""
    if done == "note":
        return tr(request, "console-review-note-needed")
    if done == "gone":
        return tr(request, "staff-no-such-review", id=int(job_id))
    return tr(request, "staff-decided", id=int(job_id), approved="yes" if done == "approved" else "no")


async def decide(request: web.Request) -> web.StreamResponse:
    """Approve or reject one held post (form: action=approve|reject, note)."""
    here = request.app.router["console-review"].url_for()
    job_id = job_id_of(request)
    if job_id is None:
        raise web.HTTPFound(here)
    form = await request.post()
    action = form.get("action")
    note = str(form.get("note") or "").strip()[:MAX_REASON]
    if action not in ("approve", "reject"):
        raise web.HTTPFound(here)
    if action == "reject" and not note:
        raise web.HTTPFound(here.with_query(done="note", id=job_id))
    if not await once(request):
        raise web.HTTPFound(here)
    approve = action == "approve"
    async with request.app[DB].transaction_now() as conn:
        jobs = JobRepo(conn)
        before = await jobs.get(job_id)
        if before is None or before.status != "review":
            done = "gone"
        else:
            deps = console_deps(request, conn, f"console-review:{job_id}:{before.updated_at}")
            await request.app[TURNS].bus.run(DecideReview(job_id, approve=approve, note=note), deps)
            after = await jobs.get(job_id)
            await audit(conn, request, "review.approve" if approve else "review.reject", f"job:{job_id}",
                        before=job_record(before), after=job_record(after) if after else None)
            done = "approved" if approve else "rejected"
    request.app[TURNS].wake_sender()
    raise web.HTTPFound(here.with_query(done=done, id=job_id))


def add_routes(router: web.UrlDispatcher, prefix: str) -> None:
    router.add_get(f"{prefix}/review", page(role="reviewer")(queue), name="console-review")
    router.add_post(prefix + "/review/{job_id}", page(role="reviewer")(decide), name="console-review-decide")
