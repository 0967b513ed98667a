"""Job search against the database: narrow by indexed filters, rank in
Python, and widen a search that found nothing (same trade anywhere; same
area, related trades)."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from bot.domain import Job, Worker
from bot.features.find_work.messages import FindJobs
from bot.features.find_work.ranking import bbox, rank
from bot.services.pushes import eligible, of_worker
from bot.store.repos import JobRepo, RatingRepo

if TYPE_CHECKING:
    from bot.services.open_jobs import OpenJobs

NEAR_KM = 30.0
KEEP = 50


async def search(conn, spec: FindJobs, *, today: date, now: float, refdata: Any, profile: Worker | None = None,
                 market_code: str | None = None, ratings: dict | None = None, page: int = 0,
                 open_jobs: OpenJobs | None = None) -> dict:
    """{"results": [[job_id, km], …] best first, "jobs": {id: Job} of the
    first `page` results (each with its employer's rating, read as
    `JobsByIds` reads them), "widened": None | kind}. The candidates come from
    `open_jobs`, the process's index of open jobs, once it is loaded, else
    from the database; the first page is read from the database either way."""
    repo = JobRepo(conn)
    index = open_jobs if open_jobs is not None and await open_jobs.caught_up() else None
    origin = spec.origin
    centers = {a.code: (a.lat, a.lng) for a in refdata.areas}
    trades, areas = list(spec.trades), list(spec.areas)
    near_box = bbox(origin, NEAR_KM) if origin is not None and spec.near and not areas else None
    seeker = of_worker(profile)

    async def run(trades_, areas_, box) -> list:
        asked: dict[str, Any] = dict(trades=trades_, areas=areas_, bbox=box, today=today.isoformat(),
                                     date_from=spec.date_from, date_to=spec.date_to, pay_method=spec.pay_method,
                                     welfare=spec.welfare, meals=spec.meals, lodging=spec.lodging,
                                     with_text=any(spec.words))
        rows = index.to_rank(**asked) if index is not None else await repo.to_rank(**asked)
        ratings_ = await RatingRepo(conn).employer_stats(r.employer_id for r in rows) if rows else {}
        # A public-welfare post is found only by those who qualify (clause 13), as it is pushed only to them.
        # (`eligible` reads a welfare post's `kind` and `eligibility`, which a candidate has.)
        rows = [r for r in rows if not r.is_welfare or eligible(seeker, cast(Job, r), today)]
        pay_min, pay_unit = spec.pay_min, spec.pay_unit
        if pay_min:
            rows = [r for r in rows if r.pay_max >= pay_min and (not pay_unit or r.pay_unit == pay_unit)]
        return rank(rows, today=today, now=now, trades=trades_, areas=areas_, words=spec.words,
                    origin=origin, profile=profile, market_code=market_code, area_centers=centers,
                    ratings=ratings_ or ratings, pay_first=spec.pay_first)

    ranked = await run(trades, areas, near_box)
    widened = None
    if not ranked and trades and (areas or near_box):
        ranked, widened = await run(trades, [], None), "same_trade_any_area"
    if not ranked and (areas or near_box):
        categories = {refdata.trade_by_code(t).category for t in trades if refdata.trade_by_code(t)}
        related = [t.code for t in refdata.trades if t.category in categories] if categories else []
        ranked, widened = await run(related, areas, near_box), "same_area_related"
    ranked = ranked[:KEEP]
    # The first page in full, as JobsByIds reads it.
    shown: dict[int, Job | None] = {}
    while page:
        # A job closed or filled since the candidates were read (the index is
        # a second or so behind the database) is not shown: the next one moves up.
        wanted = [r.job.id for r in ranked[:page] if r.job.id not in shown]
        if not wanted:
            break
        shown.update(await repo.get_many(wanted, rated=True))
        gone = {job_id for job_id in wanted if not _shown_on(shown[job_id], today)}
        if not gone:
            break
        ranked = [r for r in ranked if r.job.id not in gone]
        for job_id in gone:
            del shown[job_id]
    return {"results": [[r.job.id, None if r.km is None else round(r.km, 1)] for r in ranked],
            "jobs": shown,
            "widened": widened if ranked else None}


def _shown_on(job: Job | None, today: date) -> bool:
    """Still there to apply to: open, not full, its last day not past."""
    return job is not None and job.takes_applications and not job.is_over(today)
