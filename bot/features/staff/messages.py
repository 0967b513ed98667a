"""The staff console's queries and commands."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.bus import Command, Query
from bot.domain import Ticket

if TYPE_CHECKING:
    from bot.services.report import SupplyRow  # noqa: F401  (named in a string annotation)


@dataclass(frozen=True)
class OpenTickets(Query[list[Ticket]]):
    """Tickets not closed yet, the first 20 of the staff's to-do list:
    urgent ones first, then those no one has taken up, each oldest first."""


@dataclass(frozen=True)
class OpenTicketCount(Query[int]):
    """How many tickets are not closed (the list shows the first 20).
    Answered ahead with `OpenTickets`."""


@dataclass(frozen=True)
class TicketForStaff:
    """A ticket with its messages, and its photos and voice as the staff
    view lists them (bot/services/evidence.for_view: kind, n, state, link, reason)."""
    ticket: Ticket
    evidence: tuple[dict, ...] = ()


@dataclass(frozen=True)
class TicketDetails(Query[TicketForStaff | None]):
    """One ticket as staff see it: with its messages, and its photos and
    voice (each with a fresh signed link once kept); None when there is
    no such ticket."""
    ticket_id: int


@dataclass(frozen=True)
class ReplyToTicket(Command):
    """Staff answer a ticket; its user gets the text at once."""
    ticket_id: int
    text: str


@dataclass(frozen=True)
class MarkTicketInProgress(Command):
    """Staff are on it; its user is told."""
    ticket_id: int


@dataclass(frozen=True)
class CloseTicket(Command):
    """Staff close a ticket with a note its user reads; the user is then
    asked how it was handled (complaints.messages.RateTicket)."""
    ticket_id: int
    note: str = ""


@dataclass(frozen=True)
class ShortageTrades(Query["list[SupplyRow]"]):
    """The trades short of people now (open places minus registered
    workers), most short first: the same numbers as the staff report's."""
