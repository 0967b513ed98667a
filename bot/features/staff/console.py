"""The staff console's answers, without I/O: what staff see for each
command, and the changes their commands ask for. The conversation routes
a staff member's command here (bot/turn/conversation.py, `_staff`)."""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot import clock
from bot.features.guidance.messages import BookingsOn, topic_words
from bot.features.staff.messages import (CloseTicket, MarkTicketInProgress, OpenTicketCount, OpenTickets, ReplyToTicket,
                                         ShortageTrades, TicketDetails)
from bot.i18n import Say, say
from bot.masking import mask_text

if TYPE_CHECKING:
    from bot.turn.conversation import Context

# The ticket commands (bot/data/intents.json, "staff"): the to-do list, one
# ticket, and what staff do with it.
TICKET_COMMANDS = ("todo", "view", "reply", "progress", "close")
# The commands that name a ticket or a post by its number: without one, staff are told how to write them.
NEEDS_NUMBER = ("view", "reply", "progress", "close", "approve", "reject")
MAX_TODO_TEXT = 60
MAX_MESSAGE_TEXT = 300


def ticket_command(kind: str, number: int | None, note: str, ctx: "Context", out: list[Say],
                   commands: list[Any]) -> str:
    if kind == "todo":
        queue = ctx.need(OpenTickets())
        if not queue:
            out.append(say("staff-todo-empty"))
        else:
            total = ctx.need(OpenTicketCount())
            out.append(say("staff-todo", count=total, shown=len(queue), more="yes" if total > len(queue) else "no"))
            for t in queue:
                # Masked before it is cut, so that a number cut short cannot slip past the mask.
                out.append(say("staff-todo-line", id=t.id, kind=t.kind, status=t.status, time=_when(t.created_at),
                               urgent="yes" if t.urgent else "no", wrote="yes" if t.text else "no",
                               text=mask_text(t.text or "")[:MAX_TODO_TEXT]))
        return "staff:todo"
    found = ctx.need(TicketDetails(number)) if number is not None else None   # the others name one
    if found is None or number is None:
        out.append(say("staff-no-such-ticket", id=number))
        return "staff:unknown"
    if kind == "view":
        # The callback phone in full (staff call it); identity and card
        # numbers inside what was written stay masked even here.
        t = found.ticket
        out.append(say("staff-ticket-view", id=t.id, kind=t.kind, status=t.status, time=_when(t.created_at),
                       wrote="yes" if t.text else "no", text=mask_text(t.text or ""), phone=t.phone or "none"))
        for m in t.messages:
            out.append(say("staff-ticket-message", author=m.author,
                           text=mask_text(m.text[:MAX_MESSAGE_TEXT])))
        for e in found.evidence:
            out.append(say("staff-ticket-evidence", kind=e["kind"], n=e["n"], state=e["state"],
                           link=e["link"] or "-", reason=e["reason"]))
        return "staff:view"
    if kind in ("progress", "close") and found.ticket.is_closed:
        # Nothing would change: say so, rather than "done, the user was told".
        out.append(say("staff-ticket-already-closed", id=number))
        return "staff:closed"
    if kind == "reply":
        if not note:
            out.append(say("staff-reply-needs-text"))
            return "staff:reply"
        commands.append(ReplyToTicket(number, note))
    elif kind == "progress":
        commands.append(MarkTicketInProgress(number))
    elif kind == "close":
        commands.append(CloseTicket(number, note))
    out.append(say("staff-ticket-done", id=number, action=kind))
    return f"staff:{kind}"


def help_list(ctx: "Context", out: list[Say]) -> str:
    """Staff's help: every staff command (the "staff" words of
    bot/data/intents.json, in their order), one line each with an example
    (`staff-help-<command>`); then where the users' menu is."""
    out.append(say("staff-help"))
    out.extend(say(f"staff-help-{kind}") for kind in ctx.nlu.staff_words if kind != "help")
    out.append(say("staff-help-end"))
    return "staff:help"


def needs_number(kind: str, out: list[Say]) -> str:
    """A command that names a ticket or a post, sent without its number:
    how to write it, rather than a guess at what was meant."""
    out.append(say("staff-needs-number"))
    out.append(say(f"staff-help-{kind}"))
    return "staff:needs_number"


def _when(at: float) -> str:
    """When a ticket came in, as staff read times: Quanzhou time."""
    return clock.stamp(at) if at else "-"


def bookings(days_ahead: int | None, ctx: "Context", out: list[Say]) -> str:
    """Everyone booked for career guidance on a day (today, or days ahead)."""
    day = ctx.today + timedelta(days=days_ahead or 0)
    rows = ctx.need(BookingsOn(day.isoformat()))
    out.append(say("staff-bookings", month=day.month, day=day.day, count=len(rows)))
    for r in rows:
        market = ctx.refdata.market_by_code(r.market_code)
        out.append(say("staff-booking-line", market=market.name if market else r.market_code,
                       half=r.half, name=r.name or "-", phone=r.phone or "-", topic=topic_words(r.topic)))
    return "staff:bookings"


def shortage(ctx: "Context", out: list[Say]) -> None:
    """Which trades need people now: counts only, no personal data."""
    rows = ctx.need(ShortageTrades())
    if not rows:
        out.append(say("shortage-none"))
        return
    out.append(say("shortage-intro"))
    for n, r in enumerate(rows, 1):
        out.append(say("shortage-line", n=n, trade=r.name, demand=r.open_places, supply=r.workers))
