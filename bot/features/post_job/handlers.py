"""Posting jobs against the store."""
from __future__ import annotations

from bot.bus import Deps, Router
from bot.features.post_job.messages import EmployerProfile
from bot.store.repos import EmployerRepo

router = Router("post_job")


@router.query(EmployerProfile)
async def employer_profile(q: EmployerProfile, deps: Deps) -> dict | None:
    return await EmployerRepo(deps.conn).by_openid(deps.openid)
