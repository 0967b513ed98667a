"""Hardship categories against the store: staff find a worker by openid
or phone and recognise (rending) categories or take them back; the worker is
told in their language. Each change is logged as a JSON line (event
`hardship_recognised`: which staff member, which worker, masked) and its
time kept on the worker (`hardship_recognised_at`)."""
from __future__ import annotations

import json
import logging

from bot.bus import Deps, Router
from bot.domain import Worker
from bot.features.hardship.categories import CATEGORIES
from bot.features.hardship.messages import RecogniseHardship, WorkersForStaff
from bot.features.staff.handlers import _is_staff
from bot.language import parsing
from bot.masking import mask_openid
from bot.store.repos import UserRepo, WorkerRepo

router = Router("hardship")
log = logging.getLogger("bot.staff")


@router.query(WorkersForStaff)
async def workers_for_staff(q: WorkersForStaff, deps: Deps) -> list[Worker]:
    if not _is_staff(deps, "recognise"):
        return []
    repo = WorkerRepo(deps.conn)
    phone = parsing.parse_mobile(q.who)
    if phone:
        return await repo.by_phone(phone)
    found = await repo.get(q.who.strip())
    return [found] if found is not None else []


@router.command(RecogniseHardship)
async def recognise(c: RecogniseHardship, deps: Deps) -> bool:
    if not _is_staff(deps, "recognise"):
        return False
    return await record_recognition(c, deps)


async def record_recognition(c: RecogniseHardship, deps: Deps) -> bool:
    """The change itself, once the caller knows a member of staff asks (the
    typed command: STAFF_OPENIDS; the staff console: a signed-in staff
    user): saved, logged, and the worker told. False when nothing changes."""
    repo = WorkerRepo(deps.conn)
    worker = await repo.get(c.openid)
    known = CATEGORIES.get()
    asked = [code for code in c.categories if known.by_code(code) is not None]
    if worker is None or not asked:
        return False
    before = set(worker.hardship_recognised)
    after = before | set(asked) if c.on else before - set(asked)
    if after == before:
        return False   # nothing changes: nothing to tell
    ordered = tuple(code for code in known.codes if code in after)
    ordered += tuple(sorted(after - set(ordered)))   # a code no longer in the file stays until taken back
    await repo.recognise(c.openid, ordered, deps.now)
    log.info(json.dumps({"event": "hardship_recognised", "staff": mask_openid(deps.openid),
                         "worker": mask_openid(c.openid), "categories": asked, "on": c.on,
                         "now": sorted(ordered)}))
    locale = ((await UserRepo(deps.conn).get(c.openid)) or {}).get("locale") or deps.settings.default_locale
    changed = [code for code in asked if (code in after) != (code in before)]
    return await deps.notify(c.openid, "hardship-recognised" if c.on else "hardship-unrecognised",
                             f"hardship:{deps.msg_key}", categories=known.labels(changed, locale))
