"""The people: a registered worker, and an employer who posts jobs."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Worker:
    """A registered job seeker (clause 10): kept only after their consent."""
    openid: str
    name: str
    phone: str | None = None
    # The phone goes to an employer with each application, not only once accepted.
    show_phone: bool = False
    birth_year: int | None = None
    areas: tuple[str, ...] = ()
    near_lat: float | None = None       # "near me": a shared location
    near_lng: float | None = None
    trades: tuple[str, ...] = ()
    skills: str = ""
    days: str = "any"                   # any | weekends | weekdays | short
    hours: str = "any"                  # any | morning | afternoon | evening
    pay_amount: int | None = None       # expected pay; None: any
    pay_unit: str | None = None         # day | hour | piece | month
    pay_method: str | None = None
    wants_push: bool = False
    hardship: bool = False              # recognised by staff in a hardship category (hardship_recognised)
    # Hardship categories (clause 13, bot/data/hardship_categories.json): what the worker said of
    # themselves, and what staff recognised (rending): only these count for welfare posts.
    hardship_said: tuple[str, ...] = ()
    hardship_recognised: tuple[str, ...] = ()
    hardship_recognised_at: float | None = None
    consent_at: float = 0.0
    created_at: float = 0.0
    updated_at: float = 0.0

    @property
    def near(self) -> tuple[float, float] | None:
        """(lat, lng) when the worker chose "near me"."""
        if self.near_lat is None or self.near_lng is None:
            return None
        return self.near_lat, self.near_lng

    def age_on(self, today: date) -> int | None:
        """The age the worker turns in `today`'s year (what welfare posts'
        age limits are checked against); None when the birth year is unknown."""
        return None if self.birth_year is None else today.year - self.birth_year

    @property
    def phone_for_applications(self) -> str | None:
        """The phone an employer sees with an application (before accepting):
        only when the worker chose to show it."""
        return self.phone if self.phone and self.show_phone else None


@dataclass(frozen=True, slots=True)
class Employer:
    """A person or company that posts jobs (clause 9)."""
    id: int
    openid: str
    kind: str                           # person | company
    name: str
    phone: str
    contact_name: str = ""
    credit_code: str | None = None      # unified social credit code (companies)
    consent_at: float | None = None     # when they agreed to what is kept
    # Deleted on request while complaints about them were open: name and phone kept for staff meanwhile.
    erase_requested_at: float | None = None
    created_at: float = 0.0
    updated_at: float = 0.0

    @property
    def has_consented(self) -> bool:
        return bool(self.consent_at)
