"""The audit page: the audit log, newest first, for admins."""
from __future__ import annotations

from aiohttp import web
from sqlalchemy import select

from bot.console.web import page, render
from bot.handlers.keys import DB
from bot.store.tables import audit_log

NAV = (90, "console-nav-audit", "/console/audit", "admin")
PER_PAGE = 100


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@page(role="admin")
async def audit_page(request: web.Request) -> web.StreamResponse:
    before_id = _int(request.query.get("before"))
    action = (request.query.get("action") or "").strip()[:60]
    who = (request.query.get("who") or "").strip()[:64]
    q = select(audit_log).order_by(audit_log.c.id.desc()).limit(PER_PAGE + 1)
    if before_id is not None:
        q = q.where(audit_log.c.id < before_id)
    if action:
        q = q.where(audit_log.c.action.startswith(action, autoescape=True))
    if who:
        q = q.where(audit_log.c.staff_name == who)
    async with request.app[DB].reading() as conn:
        rows = [dict(r) for r in (await conn.execute(q)).mappings().all()]
    more = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    return render(request, "audit/list.html", rows=rows, action=action, who=who,
                  older=rows[-1]["id"] if more and rows else None)


def add_routes(router: web.UrlDispatcher, prefix: str) -> None:
    router.add_get(prefix + "/audit", audit_page)
