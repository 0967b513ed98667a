"""The staff console against the store: tickets through the Tickets
service (bot/features/complaints/tickets.py), and the shortage trades.

Only STAFF_OPENIDS read a ticket or act on one: the conversation routes
nobody else here, and these handlers check again, so a command that
reached the bus some other way changes nothing and shows nothing."""
from __future__ import annotations

import json
import logging

from bot import clock
from bot.bus import Deps, Router
from bot.domain import Ticket
from bot.features.staff.messages import (CloseTicket, MarkTicketInProgress, OpenTicketCount, OpenTickets, ReplyToTicket,
                                         ShortageTrades, TicketDetails, TicketForStaff)
from bot.masking import mask_openid
from bot.services import evidence
from bot.services.report import SupplyRow, shortage_of, trade_supply
from bot.store.repos import EvidenceRepo, TicketRepo

router = Router("staff")
log = logging.getLogger("bot.staff")


def _is_staff(deps: Deps, what: str) -> bool:
    if deps.openid in deps.settings.staff_openids:
        return True
    log.warning(json.dumps({"event": "staff_only", "what": what, "user": mask_openid(deps.openid)}))
    return False


@router.query(OpenTickets)
async def open_tickets(q: OpenTickets, deps: Deps) -> list[Ticket]:
    if not _is_staff(deps, "todo"):
        deps.answer_ahead(OpenTicketCount(), 0)
        return []
    queue, total = await TicketRepo(deps.conn).open_queue()
    deps.answer_ahead(OpenTicketCount(), total)
    return queue


@router.query(OpenTicketCount)
async def open_ticket_count(q: OpenTicketCount, deps: Deps) -> int:
    if not _is_staff(deps, "todo"):
        return 0
    return (await TicketRepo(deps.conn).open_queue(limit=1))[1]


@router.query(TicketDetails)
async def ticket_details(q: TicketDetails, deps: Deps) -> TicketForStaff | None:
    if not _is_staff(deps, "view"):
        return None
    repo = TicketRepo(deps.conn)
    t = await repo.get(q.ticket_id)
    if t is None:
        return None
    # Photos and voice, each with a fresh signed link once it is kept.
    kept = evidence.for_view(deps.settings, await EvidenceRepo(deps.conn).for_ticket(t.id))
    return TicketForStaff(await repo.with_messages(t), tuple(kept))


@router.command(ReplyToTicket)
async def reply(c: ReplyToTicket, deps: Deps) -> bool:
    if not _is_staff(deps, "reply"):
        return False
    return bool(await deps.services["tickets"].staff_reply(deps.conn, deps.openid, deps.msg_key, c.ticket_id,
                                                          c.text))


@router.command(MarkTicketInProgress)
async def in_progress(c: MarkTicketInProgress, deps: Deps) -> bool:
    if not _is_staff(deps, "progress"):
        return False
    return bool(await deps.services["tickets"].in_progress(deps.conn, deps.openid, deps.msg_key, c.ticket_id))


@router.command(CloseTicket)
async def close(c: CloseTicket, deps: Deps) -> bool:
    if not _is_staff(deps, "close"):
        return False
    return bool(await deps.services["tickets"].close(deps.conn, deps.openid, deps.msg_key, c.ticket_id, c.note))


@router.query(ShortageTrades)
async def shortage_trades(q: ShortageTrades, deps: Deps) -> list[SupplyRow]:
    """Today's open places against everyone registered now: the weekly
    report's computation, for today."""
    rows = await trade_supply(deps.conn, deps.refdata, open_from=clock.today(deps.now), before=deps.now)
    return shortage_of(rows)
