"""One-to-one career guidance (clause 10): book a half-day slot at a
market (nearest first), be reminded the day before, move or cancel it."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot import clock
from bot.domain import Appointment
from bot.engine.answers import Choice, pick, words_only
from bot.engine.lists import PickFromList
from bot.engine.dialog import KEEP, Dialog, Invalid, Question, Result, Turn
from bot.language import parsing
from bot.language.choices import choice_words
from bot.language.nlu import parse_number
from bot.features.guidance.messages import BookGuidance, CancelGuidance, MyBookings, TakenSlots

DAYS_AHEAD = 5
HALVES = ("morning", "afternoon")
# A half-day said in words ("afternoon"); "my guidance"'s two actions. Words: bot/data/choices.json.
HALF_DAYS = Choice("half_day", HALVES)
ACTIONS = Choice("guidance_action", ("move", "cancel"))
SLOT_CAPACITY = 4


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
    states = ["start", "pick_market", "pick_slot", "booked"]

    def on_start(self) -> None:
        self.trigger("known")

    def has_market(self) -> bool:
        return bool(self.slots.get("market"))

    def _markets(self) -> list[Any]:
        refdata = self.ctx.refdata
        if self.ctx.location is not None:
            return [m for m, _ in refdata.nearest_markets(self.ctx.location.lat, self.ctx.location.lng,
                                                          limit=len(refdata.markets))]
        mine = refdata.market_by_code(self.ctx.market_code) if self.ctx.market_code else None
        return ([mine] if mine else []) + [m for m in refdata.markets if m is not mine]

    def prompt_pick_market(self) -> None:
        self.say("guidance-pick-market")
        for i, m in enumerate(self._markets()[:8], 1):
            self.say("numbered", n=i, text=m.name)
        self.say("markets-or-location")

    def parse_market(self, turn: Turn) -> str:
        if turn.location is not None:
            nearest = self.ctx.refdata.nearest_markets(turn.location.lat, turn.location.lng, limit=1)
            return nearest[0][0].code
        markets = self._markets()[:8]
        # By its number or by a part of its name that only it has.
        return pick(turn, markets, labels=[m.name for m in markets]).code

    def _slots(self) -> list[tuple[str, str, int]]:
        taken = self.ctx.need(TakenSlots(self.slots["market"]))
        out = []
        for d in working_days(self.ctx.today):
            for half in HALVES:
                left = SLOT_CAPACITY - int(taken.get(f"{d.isoformat()}|{half}", 0))
                out.append((d.isoformat(), half, left))
        return out

    def prompt_pick_slot(self) -> None:
        market = self.ctx.refdata.market_by_code(self.slots["market"])
        self.say("guidance-pick-slot", market=market.name)
        for i, (day, half, left) in enumerate(self._slots(), 1):
            d = date.fromisoformat(day)
            self.say("guidance-slot-line", n=i, month=d.month, day=d.day, weekday=d.isoweekday(), half=half,
                     left=max(0, left))

    def parse_slot(self, turn: Turn) -> dict:
        slots = self._slots()
        text = words_only(turn)
        said = said_in_words(text, [(d, h) for d, h, _ in slots], self.ctx.today) \
            if parse_number(text) is None else None
        day, half, left = slots[said] if said is not None else pick(turn, slots)
        if left <= 0:
            raise Invalid("guidance-slot-full")
        return {"day": day, "half": half}

    def on_enter_booked(self) -> None:
        market = self.ctx.refdata.market_by_code(self.slots["market"])
        slot = self.slots["slot"]
        d = date.fromisoformat(slot["day"])
        self.do(BookGuidance(market.code, slot["day"], slot["half"], self.slots.get("replaces")))
        self.say("guidance-booked", ok=Result("booked"), market=market.name, address=market.address,
                 month=d.month, day=d.day, half=slot["half"])
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "known", "source": "start", "dest": "pick_slot", "conditions": has_market},
        {"trigger": "known", "source": "start", "dest": "pick_market"},
        {"trigger": "answer", "source": "pick_market", "dest": "pick_slot"},
        {"trigger": "answer", "source": "pick_slot", "dest": "booked"},
    ]
    questions = {
        "pick_market": Question("guidance-pick-market", parse_market, slot="market", ask=prompt_pick_market),
        "pick_slot": Question("guidance-pick-slot", parse_slot, slot="slot", ask=prompt_pick_slot),
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
        self.handover = ("guidance", "pick_slot", {"market": a.market_code, "replaces": a.id})

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
