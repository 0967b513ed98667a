"""Worker registration (clauses 10 and 11): consent first, then
one short question at a time, a summary to confirm or correct, saved.
The same dialog, opened at its summary, lets a worker change any field
of their profile ("my info", bot/features/account). `BriefRegistration`:
the three questions other dialogs ask to register someone in passing."""
from __future__ import annotations

from typing import Any

from bot.domain import Worker
from bot.language import parsing
from bot.engine.answers import (SAVE, Choice, name_answer, optional_text, phone_answer, pick, say_area_choices,
                                 summary_answer, trades_from_answer, words_only, yes_no)
from bot.engine.dialog import KEEP, Dialog, Invalid, Question, Turn, ask_in_order
from bot.language.nlu import normalise, parse_number
from bot.features.register.messages import SaveWorker, WorkerProfile

FIELDS = ["name", "phone", "show_phone", "age", "areas", "trades", "skills", "days", "hours", "pay", "method", "push"]
# The numbered choices, in the order the questions show them; their words: bot/data/choices.json.
DAYS = Choice("days", ("any", "weekdays", "weekends", "short"))
HOURS = Choice("hours", ("any", "morning", "afternoon", "evening"))
METHODS = Choice("pay_method", ("daily", "hourly", "piece", "monthly", "any"))
# Not offered to workers, but understood when said (as parse_pay_method reads "paid when done" too).
METHODS_UNLISTED = Choice("pay_method", ("on_completion",))
MAX_SKILLS = 200


def profile_vars(slots: dict, refdata: Any) -> dict:
    """What the summary and "my info" show, as catalog variables."""
    areas = [refdata.area_by_code(c) for c in slots.get("areas") or []]
    names = [a.name for a in areas if a is not None]
    if slots.get("near"):
        names.append("near")
    trades = [refdata.trade_by_code(c) for c in slots.get("trades") or []]
    pay = slots.get("pay") or {}
    return {
        "name": slots.get("name") or "-",
        "phone": slots.get("phone") or "none",
        # An employer sees the phone once they accept the worker, or with the
        # application when the worker chose so.
        "show_phone": ("none" if not slots.get("phone") else "yes" if slots.get("show_phone") else "no"),
        "birth_year": slots.get("age") or "-",
        "areas": " / ".join(n for n in names if n != "near") or "-",
        "near": "yes" if slots.get("near") else "no",
        "trades": " / ".join(t.name for t in trades if t is not None) or "-",
        "skills": slots.get("skills") or "none",
        "days": slots.get("days") or "any",
        "hours": slots.get("hours") or "any",
        "pay_amount": str(pay.get("amount")) if pay.get("amount") else "none",
        "pay_unit": pay.get("unit") or "day",
        "method": slots.get("method") or "any",
        "push": "yes" if slots.get("push") else "no",
    }


def slots_from_worker(worker: Worker) -> dict:
    """A saved profile as the dialog's slots (to show and correct it): plain
    JSON values, as the saved dialog keeps them."""
    near = list(worker.near) if worker.near is not None else None
    pay = {"amount": worker.pay_amount, "unit": worker.pay_unit}
    return {"consent": True, "editing": True, "name": worker.name, "phone": worker.phone or "",
            "show_phone": worker.show_phone, "age": worker.birth_year, "areas": list(worker.areas), "near": near,
            "trades": list(worker.trades), "skills": worker.skills or "", "days": worker.days or "any",
            "hours": worker.hours or "any", "pay": pay, "method": worker.pay_method or "any",
            "push": worker.wants_push}


class RegisterDialog(Dialog):
    name = "register"
    states = ["consent", *[f"ask_{f}" for f in FIELDS], "confirm", "saved", "declined", "to_delete"]

    # ---- conditions ----------------------------------------------------
    def no_consent(self) -> bool:
        return self.slots.get("consent") is False

    def confirmed(self) -> bool:
        return bool(self.slots.pop("confirmed", False))

    def wants_delete(self) -> bool:
        return bool(self.slots.pop("delete", False))

    def on_enter_to_delete(self) -> None:
        self.handover = ("delete", "confirm", {})

    def missing_show_phone(self) -> bool:
        """Asked only of a worker who gave a phone (without one: not shown)."""
        if not self.slots.get("phone"):
            self.slots["show_phone"] = False
            return False
        return self.slots.get("show_phone") is None

    # ---- questions -----------------------------------------------------
    def on_start(self) -> None:
        worker = self.ctx.need(WorkerProfile())
        if worker is not None:
            # Already registered: show the profile to correct instead.
            self.slots.update(slots_from_worker(worker))
            self.say("reg-already")
            self.trigger("edit")

    def parse_consent(self, turn: Turn) -> Any:
        self.slots["consent"] = yes_no(self.ctx, turn)
        return KEEP

    def parse_name(self, turn: Turn) -> str:
        return name_answer(turn)

    def parse_phone(self, turn: Turn) -> str:
        return phone_answer(self.ctx, turn)

    def parse_show_phone(self, turn: Turn) -> bool:
        # The options' own words first (bot/data/intents.json), then yes or no.
        said = self.ctx.nlu.show_phone_now(words_only(turn))
        return said if said is not None else yes_no(self.ctx, turn)

    def parse_age(self, turn: Turn) -> int:
        text = words_only(turn)
        year = parsing.parse_birth_year(text, self.ctx.today)
        if year is None:
            said = parsing.stated_age(text, self.ctx.today)
            if said is not None and 0 < said < 16:
                raise Invalid("age-too-young")
            raise Invalid("age-invalid")
        if parsing.age_from(year, self.ctx.today) < 16:
            raise Invalid("age-too-young")
        return year

    def parse_areas(self, turn: Turn) -> Any:
        refdata = self.ctx.refdata
        if turn.location is not None:
            self.slots["near"] = [turn.location.lat, turn.location.lng]
            self.slots["areas"] = []
            return KEEP
        text = words_only(turn)
        if self.ctx.nlu.means_near(text):
            if self.ctx.location is None:
                raise Invalid("areas-need-location")
            self.slots["near"] = [self.ctx.location.lat, self.ctx.location.lng]
            self.slots["areas"] = []
            return KEEP
        codes: list[str] = []
        read = [parse_number(part) for part in normalise(text).replace(",", " ").split()]
        numbers = [n for n in read if n is not None]
        if numbers and len(numbers) == len(read):
            if not all(1 <= n <= len(refdata.areas) for n in numbers):
                raise Invalid("pick-a-number", max=len(refdata.areas))
            codes = [refdata.areas[n - 1].code for n in numbers]
        else:
            codes = [a.code for a in refdata.match_areas(text)]
            codes += [area.code for _, area in refdata.match_towns(text)]
        codes = list(dict.fromkeys(codes))
        if not codes:
            raise Invalid("area-not-found")
        self.slots["areas"] = codes
        self.slots["near"] = None
        return KEEP

    def prompt_ask_areas(self) -> None:
        say_area_choices(self, "reg-ask-areas")
        self.say("reg-areas-hint")

    def parse_trades(self, turn: Turn) -> list[str]:
        return trades_from_answer(self.ctx.refdata, turn, limit=8)

    def parse_skills(self, turn: Turn) -> str:
        return optional_text(self.ctx, turn, MAX_SKILLS)

    def parse_days(self, turn: Turn) -> str:
        return pick(turn, DAYS)

    def parse_hours(self, turn: Turn) -> str:
        return pick(turn, HOURS)

    def parse_pay(self, turn: Turn) -> dict:
        text = words_only(turn)
        if self.ctx.nlu.means_any(text):
            return {"amount": None, "unit": None}
        pay = parsing.parse_pay(text)
        if pay is None or pay.min <= 0:
            raise Invalid("pay-invalid")
        return {"amount": pay.min, "unit": pay.unit or "day"}

    def parse_method(self, turn: Turn) -> str:
        said = parsing.parse_pay_method(words_only(turn))
        if said:
            return said
        try:
            return pick(turn, METHODS)
        except Invalid as miss:
            try:
                return pick(turn, METHODS_UNLISTED)
            except Invalid:
                raise miss from None

    def parse_push(self, turn: Turn) -> bool:
        return yes_no(self.ctx, turn)

    # ---- summary -------------------------------------------------------
    def prompt_confirm(self) -> None:
        self.say("reg-summary", **profile_vars(self.slots, self.ctx.refdata))
        self.say("reg-confirm")

    def parse_confirm(self, turn: Turn) -> Any:
        field = summary_answer(self.ctx, turn, FIELDS)
        if field == SAVE:
            self.slots["confirmed"] = True
            return KEEP
        if field is not None:
            self.slots[field] = None
            return KEEP
        text = words_only(turn)
        found = self.ctx.nlu.intent(text) if parse_number(text) is None and self.slots.get("editing") else None
        if found is not None and found.name == "delete":
            self.slots["delete"] = True
            return KEEP
        raise Invalid("pick-a-number", max=len(FIELDS) + 1)

    def on_enter_saved(self) -> None:
        s = self.slots
        pay = s.get("pay") or {}
        near = s.get("near")
        self.do(SaveWorker(name=s["name"], phone=s["phone"] or None,
                           show_phone=bool(s["phone"] and s.get("show_phone")), birth_year=s["age"],
                           areas=tuple(s.get("areas") or ()), near_lat=near[0] if near else None,
                           near_lng=near[1] if near else None, trades=tuple(s["trades"]), skills=s["skills"],
                           days=s["days"], hours=s["hours"], pay_amount=pay.get("amount"), pay_unit=pay.get("unit"),
                           pay_method=s["method"], wants_push=bool(s["push"])))
        self.say("reg-saved", push="yes" if s["push"] else "no")
        if not s.get("editing"):
            self.say("reg-clause11")
        self.say("menu-hint")

    def on_enter_declined(self) -> None:
        self.say("reg-declined")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "answer", "source": "consent", "dest": "declined", "conditions": no_consent},
        {"trigger": "edit", "source": "consent", "dest": "confirm"},
        {"trigger": "answer", "source": "confirm", "dest": "saved", "conditions": confirmed},
        # "my info" says how to delete: the word works right there too
        {"trigger": "answer", "source": "confirm", "dest": "to_delete", "conditions": wants_delete},
        *ask_in_order(FIELDS, done="confirm", missing={"show_phone": missing_show_phone}),
    ]
    questions = {
        "consent": Question("reg-consent", parse_consent),
        "ask_name": Question("reg-ask-name", parse_name, slot="name"),
        "ask_phone": Question("reg-ask-phone", parse_phone, slot="phone"),
        "ask_show_phone": Question("reg-ask-show-phone", parse_show_phone, slot="show_phone"),
        "ask_age": Question("reg-ask-age", parse_age, slot="age"),
        "ask_areas": Question("reg-ask-areas", parse_areas, ask=prompt_ask_areas),
        "ask_trades": Question("reg-ask-trades", parse_trades, slot="trades"),
        "ask_skills": Question("reg-ask-skills", parse_skills, slot="skills", free_text=True),
        "ask_days": Question("reg-ask-days", parse_days, slot="days"),
        "ask_hours": Question("reg-ask-hours", parse_hours, slot="hours"),
        "ask_pay": Question("reg-ask-pay", parse_pay, slot="pay"),
        "ask_method": Question("reg-ask-method", parse_method, slot="method"),
        "ask_push": Question("reg-ask-push", parse_push, slot="push"),
        "confirm": Question("reg-confirm", parse_confirm, ask=prompt_confirm),
    }
    on_enter = {"saved": on_enter_saved, "declined": on_enter_declined, "to_delete": on_enter_to_delete}


class BriefRegistration(Dialog):
    """Three questions a dialog asks before signing up someone who has not
    registered (consent, a name, a phone): a base of the dialog class,
    whose states include ask_consent, ask_name and ask_phone (finding work
    and training use it to apply or sign up in one go)."""

    def parse_consent(self, turn: Turn) -> Any:
        self.slots["consent"] = yes_no(self.ctx, turn)
        return KEEP

    def no_consent(self) -> bool:
        return self.slots.get("consent") is False

    def parse_name(self, turn: Turn) -> str:
        return name_answer(turn)

    def parse_phone(self, turn: Turn) -> str:
        return phone_answer(self.ctx, turn)

    def register_briefly(self, trades: list[str], areas: list[str]) -> None:
        """Save the brief profile, when the three questions were asked."""
        if "name" in self.slots:
            self.do(SaveWorker(name=self.slots["name"], phone=self.slots.get("phone") or None,
                               trades=tuple(trades), areas=tuple(areas)))
