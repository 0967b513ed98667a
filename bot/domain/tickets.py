"""Tickets: a complaint, a request for a person, or feedback (clause 23),
answered by staff through the bot."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Ticket:
    id: int
    openid: str
    kind: str                           # wages | injury | fake_job | … | question | feedback
    status: str = "open"                # open | in_progress | closed
    urgent: bool = False
    text: str = ""
    job_id: int | None = None
    employer_id: int | None = None
    phone: str | None = None            # only when the user asked to be called
    photos: tuple[Mapping[str, str], ...] = ()   # {"media_id", "url"}
    context: str | None = None
    market_code: str | None = None
    created_at: float = 0.0
    first_reply_at: float | None = None
    touched_at: float | None = None
    closed_at: float | None = None
    close_note: str = ""
    overdue_at: float | None = None
    survey_asked_at: float | None = None
    satisfaction: int | None = None
    repeat_noticed_at: float | None = None
    anonymised_at: float | None = None
    erase_requested_at: float | None = None
    # The console staff user handling it (staff_users.id), if any (#15).
    assigned_to: int | None = None
    # What the user and staff wrote on it, oldest first, when read with them.
    messages: tuple[TicketMessage, ...] = ()

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"

    @property
    def last_told_staff(self) -> float:
        """When staff last heard of it: lodged, or the user wrote again."""
        return max(self.created_at, self.repeat_noticed_at or 0.0)

    @property
    def answered_since_told(self) -> bool:
        """Staff touched it after they last heard of it."""
        return self.touched_at is not None and self.touched_at >= self.last_told_staff

    @property
    def awaits_anonymising(self) -> bool:
        """Closed, its texts and phones still there."""
        return self.is_closed and self.anonymised_at is None

    def first_reply_or(self, now: float) -> float:
        """When staff first answered: kept once set."""
        return self.first_reply_at or now

    @property
    def staff_replies(self) -> tuple[TicketMessage, ...]:
        return tuple(m for m in self.messages if m.author == "staff")


@dataclass(frozen=True, slots=True)
class TicketMessage:
    id: int
    ticket_id: int
    author: str                         # user | staff
    text: str
    staff_openid: str | None = None
    created_at: float = 0.0
