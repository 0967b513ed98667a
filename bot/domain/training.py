"""Training courses and sign-ups with a waiting list (clauses 14-16), and
one-to-one guidance at a market (clause 10)."""
from __future__ import annotations

from dataclasses import dataclass

ACTIVE_ENROLLMENT = ("enrolled", "waiting")


@dataclass(frozen=True, slots=True)
class Course:
    code: str
    name: str
    mode: str                           # offline | live | on_demand
    start_date: str                     # YYYY-MM-DD
    end_date: str
    capacity: int
    trade: str = ""
    teaches: str = ""
    area: str | None = None
    place: str = ""
    schedule: str = ""
    cost: str = ""
    subsidy: str = ""
    who: str = ""
    active: bool = True
    updated_at: float = 0.0
    enrolled: int = 0                   # signed up (not waiting), when read with the count

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.enrolled)

    @property
    def is_full(self) -> bool:
        return self.enrolled >= self.capacity


@dataclass(frozen=True, slots=True)
class Enrollment:
    """A sign-up; read for its worker or for a reminder, with what they need
    of the course (name, start, schedule, place, mode)."""
    id: int
    course_code: str
    openid: str
    status: str                         # enrolled | waiting | cancelled
    created_at: float = 0.0
    updated_at: float = 0.0
    reminded_at: float | None = None
    name: str = ""
    start_date: str = ""
    schedule: str = ""
    place: str = ""
    mode: str = ""

    @property
    def is_active(self) -> bool:
        """Signed up or on the waiting list."""
        return self.status in ACTIVE_ENROLLMENT


@dataclass(frozen=True, slots=True)
class Appointment:
    """A booked half-day of one-to-one guidance at a market; staff read it
    with the worker's name and phone."""
    id: int
    openid: str
    market_code: str
    day: str                            # YYYY-MM-DD
    half: str                           # morning | afternoon
    status: str = "booked"              # booked | cancelled
    created_at: float = 0.0
    reminded_at: float | None = None
    name: str | None = None
    phone: str | None = None
    topic: str | None = None            # work | skills | business | rights | other; None: not asked

    @property
    def slot(self) -> tuple[str, str]:
        return self.day, self.half
