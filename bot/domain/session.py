"""A user's session: what the bot keeps of one conversation between two
messages (in the key-value store, as JSON). Every field is named here, with
what it is for; before, it was a dict whose dozen keys were set and popped
in different files."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class SharedLocation:
    """The last location the user shared, and when (a search "near me"
    uses it while it is fresh)."""
    lat: float
    lng: float
    at: float


@dataclass
class Session:
    locale: str = "zh_CN"
    # The language was chosen (the words for English or Chinese, or English
    # written to a Chinese session): it is not changed again by itself.
    locale_chosen: bool = False
    # The user's row exists in the database (written once, at the first message).
    known: bool = False
    # When the user's `last_message_at` was last written (it is written at most every so often).
    seen: float = 0.0
    # When the bot last answered a message: an open dialog left idle too long is dropped.
    at: float | None = None
    location: SharedLocation | None = None
    # The market whose QR code the user scanned (their nearest market).
    market: str | None = None
    # The open dialog, as the dialog engine saves it (bot/engine/dialog.py):
    # name, state, slots, history, tries. None: no dialog open.
    dialog: dict[str, Any] | None = None
    # The menu was the last thing shown: a bare number picks from it.
    menu: bool = False
    # The policy entry last answered ("details" shows them) and the
    # entries offered after it (a bare number picks one).
    policy: str | None = None
    policy_choices: list[str] = field(default_factory=list)
    # When that answer was given, while it is the last thing answered (0:
    # something else came after it): a question just after it is about it.
    policy_at: float = 0.0
    # Its details were shown (asked for, or after a question about it).
    policy_detailed: bool = False
    # The rest of a long answer, sent one page per "more".
    pages: list[str] = field(default_factory=list)
    # A dialog left half done (the user asked for something else in the
    # middle, or it gave up on answers that did not fit), kept for a day:
    # "go on" opens it again where it was.
    paused: dict[str, Any] | None = None
    paused_at: float = 0.0
    # The session was lost (the in-process store restarted) while the user
    # was probably in the middle of something: a bare "1" is explained.
    lost: bool = False
    # What a user told of their own trouble as a question ("the boss owes me
    # 2,400, what can I do?"), answered with the policy and the way to
    # complain: a "complain" soon after lodges it without telling it again.
    story: str | None = None
    story_at: float = 0.0
    # ... and the kind of complaint the answer's topic says it is, when its
    # words do not ("wages" after the answer on unpaid wages); "" to ask.
    story_kind: str = ""
    # Staff only: the ticket they last looked at, and when; the ticket numbers
    # of the to-do list just shown (a bare number opens one); words written
    # after looking, waiting for "send" to go to that ticket's user; the
    # posts of the review list just shown (one alone is what "approve" is for).
    staff_ticket: int = 0
    staff_ticket_at: float = 0.0
    staff_shown: list[int] = field(default_factory=list)
    staff_draft: str | None = None
    staff_posts: list[int] = field(default_factory=list)

    @classmethod
    def from_saved(cls, saved: Mapping[str, Any] | None, default_locale: str = "zh_CN") -> Session:
        """The session from its saved form (the JSON object `saved()`
        makes, or one saved by an earlier version: same keys)."""
        if not saved:
            return cls(locale=default_locale)
        loc = saved.get("loc")
        return cls(
            locale=str(saved.get("locale") or default_locale),
            locale_chosen=bool(saved.get("locale_chosen", False)),
            known=bool(saved.get("known", False)),
            seen=float(saved.get("seen") or 0.0),
            at=None if saved.get("at") is None else float(saved["at"]),
            location=SharedLocation(float(loc[0]), float(loc[1]), float(loc[2])) if loc else None,
            market=saved.get("market"),
            dialog=saved.get("dialog"),
            menu=bool(saved.get("menu", False)),
            policy=saved.get("policy"),
            policy_choices=list(saved.get("policy_choices") or []),
            policy_at=float(saved.get("policy_at") or 0.0),
            policy_detailed=bool(saved.get("policy_detailed", False)),
            pages=list(saved.get("pages") or []),
            lost=bool(saved.get("lost", False)),
            paused=saved.get("paused"),
            paused_at=float(saved.get("paused_at") or 0.0),
            story=saved.get("story"),
            story_at=float(saved.get("story_at") or 0.0),
            story_kind=str(saved.get("story_kind") or ""),
            staff_ticket=int(saved.get("staff_ticket") or 0),
            staff_ticket_at=float(saved.get("staff_ticket_at") or 0.0),
            staff_shown=[int(n) for n in saved.get("staff_shown") or []],
            staff_draft=saved.get("staff_draft"),
            staff_posts=[int(n) for n in saved.get("staff_posts") or []],
        )

    def saved(self) -> dict[str, Any]:
        """The JSON object kept in the store: only what is set, so a
        session stays a few dozen bytes."""
        out: dict[str, Any] = {"locale": self.locale}
        if self.locale_chosen:
            out["locale_chosen"] = True
        if self.known:
            out["known"] = True
        if self.seen:
            out["seen"] = self.seen
        if self.at is not None:
            out["at"] = self.at
        if self.location is not None:
            out["loc"] = [self.location.lat, self.location.lng, self.location.at]
        if self.market is not None:
            out["market"] = self.market
        if self.dialog is not None:
            out["dialog"] = self.dialog
        if self.menu:
            out["menu"] = True
        if self.policy is not None:
            out["policy"] = self.policy
        if self.policy_choices:
            out["policy_choices"] = list(self.policy_choices)
        if self.policy_at:
            out["policy_at"] = self.policy_at
        if self.policy_detailed:
            out["policy_detailed"] = True
        if self.pages:
            out["pages"] = list(self.pages)
        if self.lost:
            out["lost"] = True
        if self.paused is not None:
            out["paused"] = self.paused
            out["paused_at"] = self.paused_at
        if self.story is not None:
            out["story"] = self.story
            out["story_at"] = self.story_at
            if self.story_kind:
                out["story_kind"] = self.story_kind
        if self.staff_ticket:
            out["staff_ticket"] = self.staff_ticket
        if self.staff_ticket_at:
            out["staff_ticket_at"] = self.staff_ticket_at
        if self.staff_shown:
            out["staff_shown"] = list(self.staff_shown)
        if self.staff_draft is not None:
            out["staff_draft"] = self.staff_draft
        if self.staff_posts:
            out["staff_posts"] = list(self.staff_posts)
        return out

    @property
    def holds_a_draft(self) -> bool:
        """Something typed and not saved: an open dialog, a draft kept for
        "go on", or trouble told before complaining (kept days, not months).
        A staff reply waiting for "send" is not one: it goes with its ten
        minutes (see turn.service.kept_state)."""
        return bool(self.dialog or self.paused or self.story)

    def pause(self, dialog: dict[str, Any], now: float) -> None:
        """Keep a half-done dialog for later (one at a time: the newest)."""
        self.paused, self.paused_at = dialog, now

    def take_paused(self, now: float, keep_for: float) -> dict[str, Any] | None:
        """The dialog kept for later, if it is not older than `keep_for`
        seconds; it is no longer kept."""
        paused, at = self.paused, self.paused_at
        self.paused, self.paused_at = None, 0.0
        return paused if paused is not None and now - at <= keep_for else None

    def remember_story(self, text: str, now: float, kind: str = "") -> None:
        """Keep what the user told of their trouble, for a complaint soon
        after (and its kind, when known from the answer it was given)."""
        self.story, self.story_at, self.story_kind = text, now, kind

    def take_story(self, now: float, keep_for: float) -> tuple[str, str] | None:
        """The story told and its kind ("" when not known), if not older
        than `keep_for` seconds; it is no longer kept (used once, or forgotten)."""
        story, at, kind = self.story, self.story_at, self.story_kind
        self.story, self.story_at, self.story_kind = None, 0.0, ""
        return (story, kind) if story is not None and now - at <= keep_for else None

    @property
    def dialog_at(self) -> str:
        """The open dialog and its question, for logs ("register:ask_phone"), or "-"."""
        d = self.dialog
        return f"{d['name']}:{d['state']}" if d else "-"
