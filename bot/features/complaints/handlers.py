"""Complaints against the store: lodged as tickets (the Tickets service,
bot/features/complaints/tickets.py, which staff and ratings' disputes use
too, through `deps.services["tickets"]`), read back and rated by their
users, and followed up when nobody touched them in time."""
from __future__ import annotations

from bot.bus import Deps, Router
from bot.features.complaints.messages import (LodgeTicket, MyTickets, PendingSurvey, RateTicket, ReplyFromUser,
                                              TicketInTalk)
from bot.domain import Ticket
from bot.store.repos import TicketRepo

router = Router("complaints")
# A ticket staff answered within this long is one the user may be answering;
# one lodged this recently is one the user may be adding to (voice input
# sends a story in pieces, some after the summary was confirmed).
IN_TALK = 3 * 24 * 3600
JUST_LODGED = 10 * 60

# What the reply says instead when the request was added to an open one.
SAID_WHEN_REPEATED = {"handed-to-staff": "handed-to-staff-again", "complaint-lodged": "ticket-repeated",
                      "reported": "ticket-repeated"}


@router.command(LodgeTicket)
async def lodge(c: LodgeTicket, deps: Deps) -> bool:
    tickets = deps.services["tickets"]
    deps.results["ticket_id"], sent = await tickets.lodge(deps.conn, deps.openid, f"{deps.msg_key}:{deps.index}",
                                                         c.data(), deps.results)
    if deps.results.get("ticket_again") == deps.results["ticket_id"]:
        deps.say_instead(SAID_WHEN_REPEATED, id=deps.results["ticket_id"])
    return bool(sent)


@router.query(MyTickets)
async def my_tickets(q: MyTickets, deps: Deps) -> list[Ticket]:
    repo = TicketRepo(deps.conn)
    return [await repo.with_messages(t) for t in await repo.for_user(deps.openid)]


@router.query(PendingSurvey)
async def pending_survey(q: PendingSurvey, deps: Deps) -> Ticket | None:
    return await TicketRepo(deps.conn).pending_survey(deps.openid)


@router.query(TicketInTalk)
async def ticket_in_talk(q: TicketInTalk, deps: Deps) -> Ticket | None:
    """The open ticket the user's words most likely answer: of those staff
    answered lately and those just lodged, the one where something happened
    last (staff's latest touch, or the lodging). A thanks for a staff reply
    that came after another ticket was lodged goes to the one answered."""
    latest: tuple[float, Ticket] | None = None
    for t in await TicketRepo(deps.conn).for_user(deps.openid):
        if t.is_closed:
            continue
        moments = [t.touched_at or 0.0] if t.first_reply_at is not None else []
        moments += [t.created_at]
        at = max(moments)
        talking = (t.first_reply_at is not None and (t.touched_at or 0.0) >= deps.now - IN_TALK) \
            or t.created_at >= deps.now - JUST_LODGED
        if talking and (latest is None or at > latest[0]):
            latest = (at, t)
    return latest[1] if latest else None


@router.command(ReplyFromUser)
async def reply_from_user(c: ReplyFromUser, deps: Deps) -> bool:
    return bool(await deps.services["tickets"].user_replied(deps.conn, deps.openid, f"{deps.msg_key}:{deps.index}",
                                                           c.ticket_id, c.text))


@router.command(RateTicket)
async def rate(c: RateTicket, deps: Deps) -> None:
    await deps.services["tickets"].rate(deps.conn, deps.openid, c.ticket_id, c.score)


@router.periodic
async def follow_up_overdue(deps: Deps) -> int:
    """Tickets nobody touched within the working time allowed go to the
    staff group again, marked overdue; their users are told."""
    n: int = await deps.services["tickets"].follow_up_overdue(deps.conn, deps.now)
    return n
