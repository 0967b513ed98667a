"""Complaints, requests for a person and feedback (clause 23): queries and commands."""
from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Ticket
from bot.bus import Command, Query


@dataclass(frozen=True)
class LodgeTicket(Command):
    """A complaint, a request for a person (`question`), feedback or a
    report of a job. The reply learns the ticket's number (`ticket_id`);
    a request repeated while one is open is added to it instead (the
    reply then says so)."""
    kind: str
    text: str = ""
    job_id: int | None = None
    phone: str | None = None
    photos: tuple[dict, ...] = ()
    voices: tuple[dict, ...] = ()
    context: str | None = None
    said: str = ""                  # what the user wrote, when it is not the story ("human" pressed again)
    hide_job: bool = False          # a reported fake job leaves search at once
    # What the user had filled in when they asked for a person: the dialog's
    # name and its answers as (field, value) pairs (bot/features/staff/drafts.py).
    draft_of: str = ""
    draft: tuple[tuple[str, str], ...] = ()

    def data(self) -> dict:
        return {"kind": self.kind, "text": self.text, "job_id": self.job_id, "phone": self.phone,
                "photos": [dict(p) for p in self.photos], "voices": [dict(v) for v in self.voices],
                "context": self.context, "said": self.said, "hide_job": self.hide_job,
                "draft_of": self.draft_of, "draft": [list(f) for f in self.draft]}


@dataclass(frozen=True)
class MyTickets(Query[list[Ticket]]):
    """The user's tickets, newest first, each with its messages (staff
    replies among them): "my complaints" and a ticket asked for by number."""


@dataclass(frozen=True)
class PendingSurvey(Query[Ticket | None]):
    """The user's latest closed ticket still waiting for its satisfaction
    score (`id`, `survey_asked_at`), or None."""


@dataclass(frozen=True)
class RateTicket(Command):
    """How the user rates the handling of their closed ticket (1-5,
    clause 24); once, and only their own."""
    ticket_id: int
    score: int


@dataclass(frozen=True)
class TicketInTalk(Query[Ticket | None]):
    """The user's newest ticket that is not closed and that staff answered
    lately, or that was lodged a few minutes ago: a thanks or a message
    the bot does not understand is most likely the user's answer to staff
    ("ok thanks, I'll go on Monday"), or more of what they just told. None
    if none."""


@dataclass(frozen=True)
class ReplyFromUser(Command):
    """What the user answered staff on their open ticket: added to it, and
    staff told (with the words) unless they were told a moment ago."""
    ticket_id: int
    text: str
