"""The tickets page: the queue (urgent, overdue, mine, closed), a ticket's
thread with its evidence, and the typed staff commands' actions — reply,
in progress, close with a note (intents.json "staff") — done by
the same Tickets service, so the user gets the same WeChat message through
the outbox; and assigning a ticket to a staff user. Every change audited."""
from __future__ import annotations

import time
from typing import Any

from aiohttp import web
from sqlalchemy import select

from bot import clock
from bot.console.accounts import StaffAccounts, StaffUser
from bot.console.web import audit, once, page, render, staff_ident, tr
from bot.domain import Ticket
from bot.handlers.keys import DB, SENDER, SETTINGS, TURNS
from bot.masking import mask_openid, mask_phone
from bot.services import evidence
from bot.settings import Settings
from bot.store.repos import EvidenceRepo, TicketRepo, _ticket
from bot.store.tables import tickets

NAV = (10, "console-nav-tickets", "/console/tickets", "reviewer")
FILTERS = ("all", "urgent", "overdue", "mine", "closed")
QUEUE_LIMIT = 500
CLOSED_SHOWN = 100
MAX_TEXT = 1000
SUMMARY = 60
DONE = {"replied": "console-ticket-replied", "progress": "console-ticket-progressed",
        "closed": "console-ticket-closed-done", "unassigned": "console-ticket-unassigned-done",
        "again": "console-ticket-done-before"}


def is_overdue(t: Ticket, settings: Settings, now: float) -> bool:
    """Not closed, never answered, and waited longer than TICKET_SLA_HOURS of
    working time: as the staff notices count it (Tickets.follow_up_overdue)."""
    if t.is_closed or t.touched_at is not None:
        return False
    if t.overdue_at is not None:
        return True
    waited = clock.working_seconds(t.created_at, now, settings.working_hours)
    return waited >= settings.ticket_sla_hours * 3600


async def queue(conn, which: str, staff: StaffUser, settings: Settings, now: float) -> list[Ticket]:
    repo_rows: Any
    if which == "closed":
        repo_rows = (await conn.execute(select(tickets).where(tickets.c.status == "closed")
                                        .order_by(tickets.c.closed_at.desc()).limit(CLOSED_SHOWN))).mappings().all()
    else:
        q = select(tickets).where(tickets.c.status != "closed")
        if which == "urgent":
            q = q.where(tickets.c.urgent.is_(True))
        elif which == "mine":
            q = q.where(tickets.c.assigned_to == staff.id)
        repo_rows = (await conn.execute(q.order_by(tickets.c.created_at).limit(QUEUE_LIMIT))).mappings().all()
    found = [_ticket(r) for r in repo_rows]
    if which == "overdue":
        found = [t for t in found if is_overdue(t, settings, now)]
    if which != "closed":
        found.sort(key=lambda t: (not t.urgent, t.created_at))
    return found


def _summary(text: str) -> str:
    one_line = " ".join((text or "").split())
    return one_line[:SUMMARY] + ("…" if len(one_line) > SUMMARY else "")


async def _names(conn) -> dict[int, str]:
    return {a.id: a.name for a in await StaffAccounts(conn).all()}


@page(role="reviewer")
async def ticket_list(request: web.Request) -> web.StreamResponse:
    which = request.query.get("f", "all")
    if which not in FILTERS:
        which = "all"
    now = time.time()
    settings = request.app[SETTINGS]
    async with request.app[DB].reading() as conn:
        found = await queue(conn, which, request["staff"], settings, now)
        names = await _names(conn)
    rows = [{"ticket": t, "overdue": is_overdue(t, settings, now), "summary": _summary(t.text),
             "assigned": names.get(t.assigned_to or 0, "")} for t in found]
    return render(request, "tickets/list.html", rows=rows, which=which, filters=FILTERS)


def _ticket_id(request: web.Request) -> int:
    try:
        ticket_id = int(request.match_info["id"])
    except ValueError:
        raise web.HTTPNotFound() from None
    if not 0 < ticket_id < 2**31:
        raise web.HTTPNotFound()
    return ticket_id


def _author(m) -> str:
    who = m.staff_openid or ""
    if who.startswith("console:"):
        return who[len("console:"):]
    return mask_openid(who) if who else "-"


@page(role="reviewer")
async def ticket_view(request: web.Request) -> web.StreamResponse:
    ticket_id = _ticket_id(request)
    staff: StaffUser = request["staff"]
    settings = request.app[SETTINGS]
    show_phone = request.query.get("show") == "phone" and staff.can("staff")
    async with request.app[DB].reading() as conn:
        repo = TicketRepo(conn)
        t = await repo.get(ticket_id)
        if t is None:
            return render(request, "error.html", status=404, message=tr(request, "console-ticket-not-found"))
        t = await repo.with_messages(t)
        kept = evidence.for_view(settings, await EvidenceRepo(conn).for_ticket(t.id))
        accounts = [a for a in await StaffAccounts(conn).all() if a.active and a.role in ("admin", "staff")]
    if show_phone and t.phone:
        # The whole number, to call back: seen by whom and when, in the audit log.
        async with request.app[DB].transaction_now() as conn:
            await audit(conn, request, "ticket.phone_view", f"ticket:{t.id}")
    thread = [{"staff": m.author == "staff", "who": _author(m), "text": m.text, "at": m.created_at}
              for m in t.messages]
    done = request.query.get("done", "")
    notice = tr(request, DONE[done]) if done in DONE else ""
    if done == "assigned":
        notice = tr(request, "console-ticket-assigned-done",
                    name=next((a.name for a in accounts if a.id == t.assigned_to), "-"))
    error = request.query.get("error", "")
    return render(request, "tickets/view.html", ticket=t, thread=thread, kept=kept, accounts=accounts,
                  user=mask_openid(t.openid), overdue=is_overdue(t, settings, time.time()),
                  phone=(t.phone if show_phone else mask_phone(t.phone)) if t.phone else "",
                  phone_whole=show_phone, can_act=staff.can("staff"), notice=notice,
                  error=tr(request, error, max=MAX_TEXT) if error in _ERRORS else "")


_ERRORS = ("console-ticket-reply-empty", "console-ticket-too-long", "console-ticket-is-closed")


def _back(ticket_id: int, **query: str) -> web.HTTPSeeOther:
    from urllib.parse import urlencode

    return web.HTTPSeeOther(f"/console/tickets/{ticket_id}" + (f"?{urlencode(query)}" if query else ""))


async def _text(request: web.Request, field: str) -> str:
    form = await request.post()
    value = form.get(field)
    return value.strip() if isinstance(value, str) else ""


def _msg_key(request: web.Request, form_once: str) -> str:
    import secrets

    return f"console:{form_once or secrets.token_hex(8)}"


async def _once_token(request: web.Request) -> str:
    form = await request.post()
    value = form.get("once")
    return value[:64] if isinstance(value, str) else ""


@page(role="staff")
async def reply(request: web.Request) -> web.StreamResponse:
    ticket_id = _ticket_id(request)
    text = await _text(request, "text")
    if not text:
        raise _back(ticket_id, error="console-ticket-reply-empty")
    if len(text) > MAX_TEXT:
        raise _back(ticket_id, error="console-ticket-too-long")
    if not await once(request):
        raise _back(ticket_id, done="again")
    staff: StaffUser = request["staff"]
    key = _msg_key(request, await _once_token(request))
    async with request.app[DB].transaction_now() as conn:
        t = await TicketRepo(conn).get(ticket_id)
        if t is None:
            raise web.HTTPNotFound()
        queued = await request.app[TURNS].tickets.staff_reply(conn, staff_ident(staff), key, ticket_id, text)
        after = await TicketRepo(conn).get(ticket_id)
        await audit(conn, request, "ticket.reply", f"ticket:{ticket_id}", {"status": t.status},
                    {"status": after.status if after else t.status, "reply_chars": len(text)})
    if queued:
        request.app[SENDER].wake()
    raise _back(ticket_id, done="replied")


@page(role="staff")
async def in_progress(request: web.Request) -> web.StreamResponse:
    ticket_id = _ticket_id(request)
    if not await once(request):
        raise _back(ticket_id, done="again")
    staff: StaffUser = request["staff"]
    key = _msg_key(request, await _once_token(request))
    async with request.app[DB].transaction_now() as conn:
        t = await TicketRepo(conn).get(ticket_id)
        if t is None:
            raise web.HTTPNotFound()
        if t.is_closed:
            raise _back(ticket_id, error="console-ticket-is-closed")
        queued = await request.app[TURNS].tickets.in_progress(conn, staff_ident(staff), key, ticket_id)
        await audit(conn, request, "ticket.in_progress", f"ticket:{ticket_id}", {"status": t.status},
                    {"status": "in_progress"})
    if queued:
        request.app[SENDER].wake()
    raise _back(ticket_id, done="progress")


@page(role="staff")
async def close(request: web.Request) -> web.StreamResponse:
    ticket_id = _ticket_id(request)
    note = await _text(request, "note")
    if len(note) > MAX_TEXT:
        raise _back(ticket_id, error="console-ticket-too-long")
    if not await once(request):
        raise _back(ticket_id, done="again")
    staff: StaffUser = request["staff"]
    key = _msg_key(request, await _once_token(request))
    async with request.app[DB].transaction_now() as conn:
        t = await TicketRepo(conn).get(ticket_id)
        if t is None:
            raise web.HTTPNotFound()
        if t.is_closed:
            raise _back(ticket_id, error="console-ticket-is-closed")
        queued = await request.app[TURNS].tickets.close(conn, staff_ident(staff), key, ticket_id, note)
        await audit(conn, request, "ticket.close", f"ticket:{ticket_id}", {"status": t.status},
                    {"status": "closed", "note_chars": len(note)})
    if queued:
        request.app[SENDER].wake()
    raise _back(ticket_id, done="closed")


@page(role="staff")
async def assign(request: web.Request) -> web.StreamResponse:
    ticket_id = _ticket_id(request)
    raw = await _text(request, "staff_id")
    async with request.app[DB].transaction_now() as conn:
        repo = TicketRepo(conn)
        t = await repo.get(ticket_id)
        if t is None:
            raise web.HTTPNotFound()
        target: int | None = None
        if raw:
            try:
                account = await StaffAccounts(conn).by_id(int(raw))
            except ValueError:
                account = None
            if account is None or not account.active or account.role not in ("admin", "staff"):
                raise _back(ticket_id)
            target = account.id
        if target == t.assigned_to:
            raise _back(ticket_id)
        await repo.update(ticket_id, assigned_to=target)
        await audit(conn, request, "ticket.assign", f"ticket:{ticket_id}", {"assigned_to": t.assigned_to},
                    {"assigned_to": target})
    raise _back(ticket_id, done="assigned" if target is not None else "unassigned")


def add_routes(router: web.UrlDispatcher, prefix: str) -> None:
    router.add_get(prefix + "/tickets", ticket_list)
    router.add_get(prefix + "/tickets/{id}", ticket_view)
    router.add_post(prefix + "/tickets/{id}/reply", reply)
    router.add_post(prefix + "/tickets/{id}/progress", in_progress)
    router.add_post(prefix + "/tickets/{id}/close", close)
    router.add_post(prefix + "/tickets/{id}/assign", assign)
