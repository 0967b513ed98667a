"""The review part of the staff console (STAFF_OPENIDS only): the list of
posts the content rules held ("queue"), and the decision on one ("approve
12", "reject 12 reason"; the words are in bot/data/intents.json); the
employer is told (`DecideReview`). Pure, like a dialog: it asks for
records with `ctx.need` and says what to do."""
from __future__ import annotations

from typing import Any

from bot.features.find_work.messages import JobById
from bot.features.post_job.dialog import job_vars, slots_from_job
from bot.features.post_job.messages import DecideReview, ReviewQueue, ReviewQueueSize
from bot.i18n import Listed, Say, say

def staff_review(kind: str, job_id: int | None, note: str, ctx: Any, out: list[Say], commands: list) -> str:
    """One review command (`kind`: queue | approve | reject); the intent it was."""
    if kind == "queue":
        return _queue(ctx, out)
    job = ctx.need(JobById(job_id)) if job_id is not None else None
    if job_id is None or job is None or job.status != "review":
        out.append(say("staff-no-such-review", id=job_id))
        return "staff:unknown"
    approve = kind == "approve"
    commands.append(DecideReview(job_id, approve=approve, note=note))
    out.append(say("staff-decided", id=job_id, approved="yes" if approve else "no"))
    return f"staff:{kind}"


def _queue(ctx: Any, out: list[Say]) -> str:
    queue = ctx.need(ReviewQueue())
    if not queue:
        out.append(say("staff-queue-empty"))
        return "staff:queue"
    total = ctx.need(ReviewQueueSize())
    out.append(say("staff-queue", count=total, shown=len(queue), more="yes" if total > len(queue) else "no"))
    for job in queue:
        v = job_vars(slots_from_job(job, None), ctx.refdata)
        out.append(say("staff-queue-line", id=job.id, trades=v["trades"], area=v["area"],
                       reasons=Listed("staff-review-reason", "reasons", tuple(job.review_reasons)),
                       text=(job.description or job.skills or "-")[:120]))
    out.append(say("staff-queue-hint"))
    return "staff:queue"
