"""After the job (clause 24): queries and commands.

An *engagement* is an accepted application: a worker and an employer who
agreed on a job. Its id is the application's id.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.bus import Command, Query
from bot.domain import Engagement


@dataclass(frozen=True)
class Engagements(Query[list[Engagement]]):
    """The user's engagements, as the worker or as the employer, newest
    first; each says the user's side (`role`) and their own rating of the
    other side (`my_rating`, None before they rate)."""


@dataclass(frozen=True)
class SurveyDue(Query[bool]):
    """Whether the service survey may be asked now (at most once a month)."""


@dataclass(frozen=True)
class MyRating(Query[dict]):
    """Why the user's rating is what it is: per side (`worker`, `employer`)
    the average, how many rated them, and the tags others chose most."""


@dataclass(frozen=True)
class WorkDone(Command):
    """One side says the work is done; the other side is told. Only the two
    parties end an engagement (the handler finds the user's side itself)."""
    engagement: int


@dataclass(frozen=True)
class DidNotHappen(Command):
    """The other side said the work is done, but it did not happen: the
    engagement is held (not rated) and a ticket goes to staff. The reply
    learns the ticket's number (`ticket_id`)."""
    engagement: int


@dataclass(frozen=True)
class Rate(Command):
    """Rate the other side of an ended engagement: once each, corrections
    within 24 hours. `role` is the rater's side, as the dialog saw it."""
    engagement: int
    role: str
    score: int
    tags: tuple[str, ...] = ()
    comment: str = ""


@dataclass(frozen=True)
class StartSurvey(Command):
    """The service survey was put to the user (counts for the monthly cap)."""
    reason: str


@dataclass(frozen=True)
class AnswerSurvey(Command):
    """The answers to the survey the user was asked last: the environment,
    the process and the result (clause 24), 1-5 each, None when skipped.
    `overall` and `improve` are the two questions asked before."""
    overall: int | None = None
    improve: str = ""
    environment: int | None = None
    process: int | None = None
    result: int | None = None
