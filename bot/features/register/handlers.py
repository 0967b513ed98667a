"""Worker registration against the store."""
from __future__ import annotations

from bot.bus import Deps, Router
from bot.domain import Worker
from bot.features.hardship.categories import CATEGORIES
from bot.features.register.messages import SaveWorker, WorkerProfile
from bot.masking import mask_phone
from bot.services import staff_notices
from bot.store.repos import WorkerRepo

router = Router("register")


@router.query(WorkerProfile)
async def worker_profile(q: WorkerProfile, deps: Deps) -> Worker | None:
    return await WorkerRepo(deps.conn).get(deps.openid)


@router.command(SaveWorker)
async def save_worker(c: SaveWorker, deps: Deps) -> bool:
    repo = WorkerRepo(deps.conn)
    before = await repo.get(deps.openid)
    await repo.save(deps.openid, c.fields())
    return await _tell_staff_of_hardship_said(before, c, deps)


async def _tell_staff_of_hardship_said(before: Worker | None, c: SaveWorker, deps: Deps) -> bool:
    """A worker who newly says a hardship category (clause 13) waits for
    staff to check it: only a recognised category opens public-welfare
    posts, so staff are told once, with the phone masked (they check in
    person, with the worker's papers, and then use the recognise command)."""
    if c.hardship_said is None:
        return False
    already = set(before.hardship_said) | set(before.hardship_recognised) if before is not None else set()
    new = [code for code in c.hardship_said if code not in already]
    if not new:
        return False
    categories = CATEGORIES.get()
    notice = staff_notices.notice(
        deps.catalog, "staff-hardship-said",
        vars=dict(phone=mask_phone(c.phone or (before.phone if before is not None else None)),
                  categories=categories.labels(new, staff_notices.STAFF_LOCALE)),
        user=dict(name=c.name or (before.name if before is not None else "") or "-"))
    return await staff_notices.queue(deps.conn, notice, f"staff:hardship-said:{deps.msg_key}")
