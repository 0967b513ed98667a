"""Finding work and applying, against the store."""
from __future__ import annotations

from bot.bus import Deps, Router
from bot.features.find_work.messages import JobById, JobsByIds, MyApplications
from bot.store.repos import ApplicationRepo, JobRepo, RatingRepo

router = Router("find_work")


@router.query(MyApplications)
async def my_applications(q: MyApplications, deps: Deps) -> list[dict]:
    apps = await ApplicationRepo(deps.conn).for_worker(deps.openid)
    their_jobs = await JobRepo(deps.conn).get_many(a["job_id"] for a in apps)
    for app in apps:
        app["job"] = their_jobs[app["job_id"]]
    return [a for a in apps if a["job"] is not None]


@router.query(JobById)
async def job_by_id(q: JobById, deps: Deps) -> dict | None:
    job = await JobRepo(deps.conn).get(q.job_id)
    if job is not None:
        job["_rating"] = (await RatingRepo(deps.conn).employer_stats([job["employer_id"]])).get(job["employer_id"])
    return job


@router.query(JobsByIds)
async def jobs_by_ids(q: JobsByIds, deps: Deps) -> dict[int, dict | None]:
    rows = await JobRepo(deps.conn).get_many(q.job_ids)
    stats = await RatingRepo(deps.conn).employer_stats(r["employer_id"] for r in rows.values() if r)
    for r in rows.values():
        if r is not None:
            r["_rating"] = stats.get(r["employer_id"])
    return rows
