"""Career guidance's queries and commands."""
from __future__ import annotations

from dataclasses import dataclass

from bot.bus import Command, Query
from bot.domain import Appointment
from bot.i18n import Listed


def topic_words(topic: str | None) -> Listed:
    """A booking's topic (work | skills | business | rights | other) in the
    reader's words; "none" for bookings made before it was asked."""
    return Listed("guidance-topic-name", "topic", (topic or "none",))


@dataclass(frozen=True)
class TakenSlots(Query[dict[str, int]]):
    """Bookings per half-day at a market over the coming days: {"2026-12-07|morning": 2}."""
    market: str


@dataclass(frozen=True)
class MyBookings(Query[list[Appointment]]):
    """The user's bookings from today on."""


@dataclass(frozen=True)
class BookingsOn(Query[list[Appointment]]):
    """Everyone booked on a day, every market, with their name and phone (staff)."""
    day: str


@dataclass(frozen=True)
class BookGuidance(Command):
    """A half-day slot at a market; `replaces` a booking being moved; `topic`
    what the visit is about (work | skills | business | rights | other). The
    reply learns whether it was booked (`booked`: yes | no)."""
    market: str
    day: str
    half: str
    replaces: int | None = None
    topic: str | None = None


@dataclass(frozen=True)
class CancelGuidance(Command):
    appointment_id: int
