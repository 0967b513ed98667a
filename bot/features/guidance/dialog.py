"""One-to-one career guidance (clause 10): book a half-day slot at a
market (nearest first) within its opening hours, be reminded the day
before, move or cancel it."""
from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Any

from bot import clock
from bot.domain import Appointment
from bot.engine.answers import Choice, pick, words_only
from bot.engine.lists import PickFromList
from bot.engine.dialog import KEEP, Dialog, Invalid, Question, Result, Turn, slot_empty
from bot.language import parsing
from bot.language.hours import OpeningHours, parse_hours
from bot.language.choices import choice_words
from bot.language.nlu import parse_number
from bot.features.guidance.messages import BookGuidance, CancelGuidance, MyBookings, TakenSlots, topic_words

DAYS_AHEAD = 5
HALVES = ("morning", "afternoon")
# A half-day said in words ("afternoon"); "my guidance"'s two actions. Words: bot/data/choices.json.
HALF_DAYS = Choice("half_day", HALVES)
ACTIONS = Choice("guidance_action", ("move", "cancel"))
# What the visit is about (clause 10), asked with the booking and shown to staff.
TOPICS = Choice("guidance_topic", ("work", "skills", "business", "rights", "other"))
# The services whose words answer the topic question (bot/turn/conversation.py SAME_SERVICE
# keeps them at this question rather than leaving for the service).
TOPIC_OF_INTENT = {"find_work": "work", "register": "work", "training": "skills", "training_needs": "skills",
                   "complaint": "rights", "dispute": "rights"}
SLOT_CAPACITY = 4
# A half-day is offered when the market is open at least this long within it
# (minutes from midnight: the morning until noon, the afternoon after).
HALF_SPANS = {"morning": (0, 12 * 60), "afternoon": (12 * 60, 24 * 60)}
MIN_OPEN_MINUTES = 60


@functools.lru_cache(maxsize=256)
def opening_hours(text: str) -> OpeningHours:
    """A market's hours text read (checked when markets were loaded; hours
    that cannot be read here are taken as unknown: nothing is offered)."""
    try:
        return parse_hours(text)
    except ValueError:
        return OpeningHours.unknown()


def open_halves(hours: str, day: date) -> list[str]:
    """The half-days of `day` a market with these opening hours can see someone."""
    read = opening_hours(hours)
    return [h for h in HALVES if read.minutes_open(day.isoweekday(), *HALF_SPANS[h]) >= MIN_OPEN_MINUTES]


def takes_bookings(hours: str) -> bool:
    """Whether a market's hours are known and open some half-day of the week."""
    read = opening_hours(hours)
    return read.known and any(read.minutes_open(d, *HALF_SPANS[h]) >= MIN_OPEN_MINUTES
                              for d in range(1, 8) for h in HALVES)


def working_days(today: date, n: int = DAYS_AHEAD) -> list[date]:
    """The next n working days after today (public holidays are not)."""
    out: list[date] = []
    d = today
    while len(out) < n:
        d += timedelta(days=1)
        if clock.is_workday(d):
            out.append(d)
    return out


def said_in_words(text: str, shown: list[tuple[str, str]], today: date) -> int | None:
    """The index of the (day, half-day) shown that the words say ("Tuesday
    afternoon", "tomorrow morning", "the 19th"); None when they name
    neither a day nor a half-day. Words that fit several (a day alone) ask
    which, by number; words that fit none say so."""
    said = parsing.parse_date(text, today)
    days = {d for d, _ in shown}
    if said is not None and said.isoformat() not in days and (said + timedelta(days=7)).isoformat() in days:
        said += timedelta(days=7)  # "Tuesday" said on a Tuesday: the one shown, next week
    halves = choice_words(HALF_DAYS.name).match(text, HALF_DAYS.codes)
    if said is None and not halves:
        return None
    fits = [i for i, (d, h) in enumerate(shown)
            if (said is None or d == said.isoformat()) and (not halves or h in halves)]
    if not fits:
        raise Invalid("guidance-slot-not-shown", max=len(shown))
    if len(fits) > 1:
        raise Invalid("pick-which", numbers=" / ".join(str(i + 1) for i in fits))
    return fits[0]


class GuidanceDialog(Dialog):
    name = "guidance"
    states = ["start", "pick_market", "pick_slot", "pick_topic", "booked"]

    def on_start(self) -> None:
        self.trigger("known")

    def has_market(self) -> bool:
        return bool(self.slots.get("market"))

    def _markets(self) -> list[Any]:
        """Markets that take bookings (their opening hours known), the user's own or the nearest first."""
        refdata = self.ctx.refdata
        if self.ctx.location is not None:
            ranked = [m for m, _ in refdata.nearest_markets(self.ctx.location.lat, self.ctx.location.lng,
                                                            limit=len(refdata.markets))]
        else:
            mine = refdata.market_by_code(self.ctx.market_code) if self.ctx.market_code else None
            ranked = ([mine] if mine else []) + [m for m in refdata.markets if m is not mine]
        return [m for m in ranked if takes_bookings(m.hours)]

    def prompt_pick_market(self) -> None:
        self.say("guidance-pick-market")
        for i, m in enumerate(self._markets()[:8], 1):
            self.say("numbered", n=i, text=m.name)
        self.say("markets-or-location")

    def parse_market(self, turn: Turn) -> str:
        if turn.location is not None:
            nearest = self.ctx.refdata.nearest_markets(turn.location.lat, turn.location.lng,
                                                       limit=len(self.ctx.refdata.markets))
            return next((m.code for m, _ in nearest if takes_bookings(m.hours)), nearest[0][0].code)
        markets = self._markets()[:8]
        # By its number or by a part of its name that only it has.
        return pick(turn, markets, labels=[m.name for m in markets]).code

    def _slots(self) -> list[tuple[str, str, int]]:
        """The half-days of the coming working days that the market is open, with the places left."""
        taken = self.ctx.need(TakenSlots(self.slots["market"]))
        market = self.ctx.refdata.market_by_code(self.slots["market"])
        out = []
        for d in working_days(self.ctx.today):
            for half in (open_halves(market.hours, d) if market else ()):
                left = SLOT_CAPACITY - int(taken.get(f"{d.isoformat()}|{half}", 0))
                out.append((d.isoformat(), half, left))
        return out

    def prompt_pick_slot(self) -> None:
        market = self.ctx.refdata.market_by_code(self.slots["market"])
        slots = self._slots()
        name = market.name if market else self.slots["market"]
        if not slots:
            self.say("guidance-no-slots", market=name)
            return
        example_day, example_half, _ = slots[-1]     # an example of saying one in words, as shown
        self.say("guidance-pick-slot", market=name, weekday=date.fromisoformat(example_day).isoweekday(),
                 half=example_half)
        for i, (day, half, left) in enumerate(slots, 1):
            d = date.fromisoformat(day)
            self.say("guidance-slot-line", n=i, month=d.month, day=d.day, weekday=d.isoweekday(), half=half,
                     left=max(0, left))
        self._offer_the_time_said(slots)

    def _offer_the_time_said(self, slots: list[tuple[str, str, int]]) -> None:
        """The time said before the market was chosen ("tomorrow morning"):
        offered for a yes when this market has it free, else said it has not."""
        when = self.slots.pop("when_said", None)
        if not when:
            return
        try:
            found = said_in_words(when, [(d, h) for d, h, _ in slots], self.ctx.today)
        except Invalid:
            found = None
        if found is None or slots[found][2] <= 0:
            self.say("guidance-when-not-free", when=when)
            return
        self.slots["offered"] = found
        d = date.fromisoformat(slots[found][0])
        self.say("guidance-when-offer", when=when, month=d.month, day=d.day, half=slots[found][1])

    def parse_slot(self, turn: Turn) -> dict:
        slots = self._slots()
        if not slots:
            market = self.ctx.refdata.market_by_code(self.slots["market"])
            raise Invalid("guidance-no-slots", market=market.name if market else self.slots["market"])
        offered = self.slots.get("offered")
        if offered is not None and offered < len(slots) and self.ctx.nlu.yes_no(turn.text or ""):
            day, half, left = slots[offered]   # "yes" to the time they had said
            if left <= 0:
                raise Invalid("guidance-slot-full")
            return {"day": day, "half": half}
        text = words_only(turn)
        said = said_in_words(text, [(d, h) for d, h, _ in slots], self.ctx.today) \
            if parse_number(text) is None else None
        day, half, left = slots[said] if said is not None else pick(turn, slots)
        if left <= 0:
            raise Invalid("guidance-slot-full")
        return {"day": day, "half": half}

    def parse_topic(self, turn: Turn) -> str:
        # 1 find work ... 5 other; or in words ("I want to learn a trade", "my wages were not paid").
        try:
            return pick(turn, TOPICS)
        except Invalid:
            topic = self._topic_said(turn)
            if topic is None:
                raise
            return topic

    def _topic_said(self, turn: Turn) -> str | None:
        """"I want to find some work", "the boss owes me money": words that would ask for
        that service elsewhere are, in a guidance booking, what the visit is about."""
        if turn.kind not in ("text", "voice") or not turn.text:
            return None
        said = choice_words(TOPICS.name).match(turn.text, TOPICS.codes)
        if len(said) == 1:
            return said[0]
        found = self.ctx.nlu.intent(turn.text)
        return TOPIC_OF_INTENT.get(found.name) if found is not None else None

    def _when_said(self, turn: Turn) -> bool:
        """"Tomorrow morning" before the market: kept, to offer once the market is chosen."""
        text = turn.text if turn.kind in ("text", "voice") else ""
        if not text or parse_number(text) is not None:
            return False
        if parsing.parse_date(text, self.ctx.today) is None and not choice_words(HALF_DAYS.name).match(text, HALF_DAYS.codes):
            return False
        self.slots["when_said"] = turn.raw_text.strip()[:20]
        self.say("guidance-when-noted", when=self.slots["when_said"])
        return True

    def answers_another_question(self, turn: Turn) -> bool:
        """What the visit is about, said at the market's or the time's
        question ("I want to change the kind of work I do"): noted and said,
        the question asked again, and not asked later. Not "anything", which
        at those questions means any market or time."""
        if self.state == "pick_market" and self._when_said(turn):
            return True
        if self.state not in ("pick_market", "pick_slot") or self.slots.get("topic"):
            return False
        topic = self._topic_said(turn)
        if topic is None or topic == "other":
            return False
        self.slots["topic"] = topic
        self.say("guidance-topic-noted", topic=topic_words(topic))
        return True

    def on_enter_booked(self) -> None:
        market = self.ctx.refdata.market_by_code(self.slots["market"])
        slot = self.slots["slot"]
        d = date.fromisoformat(slot["day"])
        topic = self.slots.get("topic")
        self.do(BookGuidance(market.code, slot["day"], slot["half"], self.slots.get("replaces"), topic))
        self.say("guidance-booked", ok=Result("booked"), market=market.name, address=market.address,
                 month=d.month, day=d.day, half=slot["half"], topic=topic_words(topic))
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "known", "source": "start", "dest": "pick_slot", "conditions": has_market},
        {"trigger": "known", "source": "start", "dest": "pick_market"},
        {"trigger": "answer", "source": "pick_market", "dest": "pick_slot"},
        # a booking being moved keeps its topic
        {"trigger": "answer", "source": "pick_slot", "dest": "pick_topic", "conditions": slot_empty("topic")},
        {"trigger": "answer", "source": "pick_slot", "dest": "booked"},
        {"trigger": "answer", "source": "pick_topic", "dest": "booked"},
    ]
    questions = {
        "pick_market": Question("guidance-pick-market", parse_market, slot="market", ask=prompt_pick_market),
        "pick_slot": Question("guidance-pick-slot", parse_slot, slot="slot", ask=prompt_pick_slot),
        "pick_topic": Question("guidance-ask-topic", parse_topic, slot="topic"),
    }
    on_enter = {"booked": on_enter_booked}


class MyGuidanceDialog(PickFromList, Dialog):
    """My bookings: move one to another slot, or cancel it."""

    name = "my_guidance"
    states = ["start", "pick", "action", "cancelled", "moving", "none"]
    list_says = ("myguidance-list", "myguidance-pick")

    def items(self) -> list[Appointment]:
        return self.ctx.need(MyBookings())

    def say_item(self, n: int, a: Appointment) -> None:
        d = date.fromisoformat(a.day)
        self.say("guidance-slot-line", n=n, month=d.month, day=d.day, weekday=d.isoweekday(), half=a.half, left=-1)
        self.say("plain", text=self.label(a))
        self.say("myguidance-topic", topic=topic_words(a.topic))

    def label(self, a: Appointment) -> str:
        m = self.ctx.refdata.market_by_code(a.market_code)
        return m.name if m else a.market_code

    def parse_pick(self, turn: Turn) -> int:
        """By its number, its day or half-day ("the Tuesday one"), or its market's name."""
        mine = self.items()
        text = words_only(turn)
        if parse_number(text) is None:
            try:
                said = said_in_words(text, [(a.day, a.half) for a in mine], self.ctx.today)
            except Invalid as bad:
                if bad.reason.id != "guidance-slot-not-shown":
                    raise
                said = None
            if said is not None:
                return mine[said].id
        return PickFromList.parse_pick(self, turn)

    def parse_action(self, turn: Turn) -> Any:
        # 1 move it, 2 cancel it; or in words ("cancel, I am busy that day", "another day").
        self.slots["cancel"] = pick(turn, ACTIONS) == "cancel"
        return KEEP

    def wants_cancel(self) -> bool:
        return bool(self.slots.get("cancel"))

    def on_enter_cancelled(self) -> None:
        self.do(CancelGuidance(self.slots["pick"]))
        self.say("myguidance-cancelled")
        self.say("menu-hint")

    def on_enter_moving(self) -> None:
        a = next(a for a in self.items() if a.id == self.slots["pick"])
        self.handover = ("guidance", "pick_slot", {"market": a.market_code, "replaces": a.id, "topic": a.topic})

    def on_enter_none(self) -> None:
        self.say("myguidance-none")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "listed", "source": "start", "dest": "pick", "conditions": PickFromList.has_any},
        {"trigger": "listed", "source": "start", "dest": "none"},
        {"trigger": "answer", "source": "pick", "dest": "action"},
        {"trigger": "answer", "source": "action", "dest": "cancelled", "conditions": wants_cancel},
        {"trigger": "answer", "source": "action", "dest": "moving"},
    ]
    questions = {
        "pick": Question("myguidance-pick", parse_pick, ask=PickFromList.prompt_pick),
        "action": Question("myguidance-action", parse_action),
    }
    on_enter = {"cancelled": on_enter_cancelled, "moving": on_enter_moving, "none": on_enter_none}
