"""Complaints against the store: lodged as tickets (bot/services/tickets.py)."""
from __future__ import annotations

from bot.bus import Deps, Router
from bot.features.complaints.messages import LodgeTicket

router = Router("complaints")

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
