"""Training's queries and commands (clauses 14-16)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.bus import Command, Query
from bot.domain import Course, Enrollment


@dataclass(frozen=True)
class Courses(Query[list[Course]]):
    """Upcoming courses, with how many have signed up."""


@dataclass(frozen=True)
class MyTraining(Query[list[Enrollment]]):
    """The user's sign-ups (enrolled or waiting) with their courses."""


@dataclass(frozen=True)
class Enroll(Command):
    """Sign up for a course, or join its waiting list (`wait`); the reply
    learns which (`enroll_status`)."""
    course: str
    wait: bool


@dataclass(frozen=True)
class CancelEnrollment(Command):
    """Leave a course; the first on its waiting list moves up and is told."""
    course: str


@dataclass(frozen=True)
class AddTrainingNeed(Command):
    """An answer to the training-needs survey."""
    trades: tuple[str, ...]
    wish: str
    when: str
    mode: str
