"""The user's own record: what is kept about them, for how long, keeping
it up to date, and deleting it (the "delete" command): queries and commands."""
from __future__ import annotations

from dataclasses import dataclass, fields

from bot.bus import Command, Query


@dataclass(frozen=True)
class PrivacyTerms(Query[dict]):
    """How long what a user gives is kept, in days (said when asking consent)."""


@dataclass(frozen=True)
class DataHeld:
    """What is kept about a user, as the deletion dialog tells it before
    and after: what they have, and what a deletion would have to leave."""
    worker: bool                     # a worker profile
    employer: bool                   # an employer profile
    open_jobs: int                   # their posts still open or in review (closed by a deletion)
    open_tickets: tuple[int, ...]    # their own complaints still open (kept, masked, for staff to finish)
    complaints_open: int             # complaints others made about them as an employer
    complaints_closed: int
    ratings_given: int               # kept under a pseudonym (others' averages hold)
    records: int                     # rows anywhere that name them
    ticket_days: int                 # how long a closed complaint is kept

    @property
    def anything(self) -> bool:
        return self.worker or self.employer or self.records > 0


@dataclass(frozen=True)
class MyData(Query[DataHeld]):
    """What is kept about the user (before they decide to delete it)."""


@dataclass(frozen=True)
class UpdateUser(Command):
    """Keep the user's own record up to date (created on first contact).
    A field left None is left as it is."""
    locale: str | None = None             # the language they chose
    subscribed: bool | None = None        # they follow the account (False: they unfollowed)
    market_code: str | None = None        # the market whose QR code they scanned
    last_message_at: float | None = None  # when they last wrote (the 48-hour customer-service window)

    def changes(self) -> dict:
        # (not asdict, which deep-copies: about four times slower here)
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None}


@dataclass(frozen=True)
class DeleteMyData(Command):
    """Erase or anonymise everything kept about the user, in this turn's
    transaction (bot/features/account/privacy.py); the turn then forgets
    them outside the database too (`Deps.forget_user`)."""
