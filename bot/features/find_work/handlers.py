"""Finding work and applying, against the store."""
from __future__ import annotations

from bot.bus import Deps, Router
from bot.features.find_work.messages import MyApplications
from bot.store.repos import ApplicationRepo, JobRepo

router = Router("find_work")


@router.query(MyApplications)
async def my_applications(q: MyApplications, deps: Deps) -> list[dict]:
    apps = await ApplicationRepo(deps.conn).for_worker(deps.openid)
    their_jobs = await JobRepo(deps.conn).get_many(a["job_id"] for a in apps)
    for app in apps:
        app["job"] = their_jobs[app["job_id"]]
    return [a for a in apps if a["job"] is not None]
