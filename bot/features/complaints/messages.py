"""Complaints, requests for a person and feedback (clause 23): queries and commands."""
from __future__ import annotations

from dataclasses import dataclass

from bot.bus import Command


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

    def data(self) -> dict:
        return {"kind": self.kind, "text": self.text, "job_id": self.job_id, "phone": self.phone,
                "photos": [dict(p) for p in self.photos], "voices": [dict(v) for v in self.voices],
                "context": self.context, "said": self.said, "hide_job": self.hide_job}
