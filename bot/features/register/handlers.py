"""Worker registration against the store."""
from __future__ import annotations

from bot.bus import Deps, Router
from bot.domain import Worker
from bot.features.register.messages import SaveWorker, WorkerProfile
from bot.store.repos import WorkerRepo

router = Router("register")


@router.query(WorkerProfile)
async def worker_profile(q: WorkerProfile, deps: Deps) -> Worker | None:
    return await WorkerRepo(deps.conn).get(deps.openid)


@router.command(SaveWorker)
async def save_worker(c: SaveWorker, deps: Deps) -> None:
    await WorkerRepo(deps.conn).save(deps.openid, c.fields())
