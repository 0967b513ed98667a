"""Worker registration (clauses 10 and 11): consent first, then only
what matching needs (name, phone, trades, areas; what the opening words
already said is not asked), a summary that shows the rest at its
defaults, saved. After saving, "add info" asks the rest in turn, each
question skippable. The same dialog, opened at its summary, lets a
worker change any field of their profile ("my info",
bot/features/account). `BriefRegistration`: the three questions other
dialogs ask to register someone in passing."""
from __future__ import annotations

import functools
from typing import Any, Callable

from bot.domain import Worker
from bot.i18n import Listed, Say, say
from bot.language import parsing
from bot.language.choices import choice_words
from bot.engine.answers import (SAVE, YES_NO, Choice, name_answer, optional_text, phone_answer, pick, say_area_choices,
                                 summary_answer, trades_from_answer, words_only, yes_no)
from bot.engine.dialog import KEEP, Dialog, Invalid, Question, Turn, ask_in_order
from bot.language.nlu import normalise, parse_number
from bot.language.query import left_open
from bot.features.hardship.categories import CATEGORIES
from bot.features.register.messages import SaveWorker, WorkerProfile

# The summary's lines, in order (its numbers pick them).
FIELDS = ["name", "phone", "show_phone", "age", "areas", "trades", "skills", "days", "hours", "pay", "method", "push",
          "hardship"]
# Asked of every new worker: what matching needs.
REQUIRED = ["name", "phone", "trades", "areas"]
# Not asked when registering: these defaults instead, shown on the summary to change there; asked in turn,
# each skippable, after "add info" (the optional part offered once saved).
OPTIONAL = ["age", "days", "hours", "pay", "method", "push", "show_phone", "skills"]
DEFAULTS: dict[str, Any] = {"age": "", "days": "any", "hours": "any", "pay": {"amount": None, "unit": None},
                            "method": "any", "push": False, "show_phone": False, "skills": "", "hardship": []}
# The defaults the summary's note names as not asked, in the summary's order.
NOTED_DEFAULTS = ("age", "days", "hours", "pay", "push")
# Hardship categories (clause 13): never asked in turn, neither when registering nor after "add info"; one line of
# the summary (and of "my info"), explained there, asked only when the worker picks that line.
ON_REQUEST = ["hardship"]
# A name taken from the opening words ("I am Old Wang, a helper, in Fengze") is at most this long; a longer one is asked.
MAX_HEARD_NAME = 4
# The numbered choices, in the order the questions show them; their words: bot/data/choices.json.
DAYS = Choice("days", ("any", "weekdays", "weekends", "short"))
HOURS = Choice("hours", ("any", "morning", "afternoon", "evening"))
# Their words that can be taken before the question is asked (no "all fine").
DAYS_SAID_EARLY = Choice("days_said_early", DAYS.codes)
HOURS_SAID_EARLY = Choice("hours_said_early", HOURS.codes)
# An age said before its question is taken within these (a worker's age, not a count).
MIN_AGE, MAX_AGE_SAID = 16, 90
METHODS = Choice("pay_method", ("daily", "hourly", "piece", "monthly", "any"))
# Not offered to workers, but understood when said (as parse_pay_method reads "paid when done" too).
METHODS_UNLISTED = Choice("pay_method", ("on_completion",))
# Said with a change at the summary ("Nan'an too"): the places or the work are added, not put instead.
CHANGES = Choice("summary_changes", ("add",))
# A summary's line named in words ("the phone is wrong"): that question asked again.
LINES = Choice("reg_line", tuple(FIELDS))
MAX_SKILLS = 200


def profile_vars(slots: dict, refdata: Any, locale: str = "zh_CN") -> dict:
    """What the summary and "my info" show, as catalog variables."""
    areas = [refdata.area_by_code(c) for c in slots.get("areas") or []]
    names = [a.label(locale) for a in areas if a is not None]
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
        "birth_year": slots.get("age") or "none",
        "areas": " / ".join(n for n in names if n != "near") or "-",
        # Every area ("anywhere is fine"): said so, not thirteen names.
        "near": "yes" if slots.get("near") else
                "anywhere" if len(names) == len(refdata.areas) else "no",
        "trades": " / ".join(t.label(locale) for t in trades if t is not None) or "-",
        "skills": slots.get("skills") or "none",
        "days": slots.get("days") or "any",
        "hours": slots.get("hours") or "any",
        "pay_amount": str(pay.get("amount")) if pay.get("amount") else "none",
        "pay_unit": pay.get("unit") or "day",
        "method": slots.get("method") or "any",
        "push": "yes" if slots.get("push") else "no",
        "hardship": CATEGORIES.get().labels(slots.get("hardship"), locale) if slots.get("hardship") else "none",
        "recognised": (CATEGORIES.get().labels(slots.get("hardship_recognised"), locale)
                       if slots.get("hardship_recognised") else "none"),
    }


def slots_from_worker(worker: Worker) -> dict:
    """A saved profile as the dialog's slots (to show and correct it): plain
    JSON values, as the saved dialog keeps them."""
    near = list(worker.near) if worker.near is not None else None
    pay = {"amount": worker.pay_amount, "unit": worker.pay_unit}
    # An unknown birth year is "" (known to be unknown), not None (which asks it).
    return {"consent": True, "editing": True, "name": worker.name, "phone": worker.phone or "",
            "show_phone": worker.show_phone, "age": worker.birth_year or "", "areas": list(worker.areas), "near": near,
            "trades": list(worker.trades), "skills": worker.skills or "", "days": worker.days or "any",
            "hours": worker.hours or "any", "pay": pay, "method": worker.pay_method or "any",
            "push": worker.wants_push, "hardship": list(worker.hardship_said),
            "hardship_recognised": list(worker.hardship_recognised)}


def skippable(field: str) -> Callable[[Callable[[Any, Turn], Any]], Callable[[Any, Turn], Any]]:
    """An optional question's parser that also takes "skip": the
    answer stays what it was (or the default)."""
    def wrap(parse: Callable[[Any, Turn], Any]) -> Callable[[Any, Turn], Any]:
        @functools.wraps(parse)
        def parse_or_skip(self: RegisterDialog, turn: Turn) -> Any:
            try:
                return parse(self, turn)
            except Invalid:
                if self.ctx.nlu.is_skip(words_only(turn)):
                    return self.kept(field)
                raise
        return parse_or_skip
    return wrap


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

    def hardship_asked(self) -> bool:
        """Asked only when the worker picked its line of the summary (its slot emptied there)."""
        return "hardship" in self.slots and self.slots["hardship"] is None

    def missing_show_phone(self) -> bool:
        """Asked only of a worker who gave a phone (without one: not shown)."""
        if not self.slots.get("phone"):
            self.slots["show_phone"] = False
            return False
        return self.slots.get("show_phone") is None

    # ---- starting -------------------------------------------------------
    @classmethod
    def start(cls, ctx: Any, turn: Turn, slots: dict | None = None) -> Any:
        result = super().start(ctx, turn, slots)
        if result.saved is not None and result.saved["slots"].get("editing"):
            # A saved profile opened to correct or complete: there is nothing
            # before its first question ("back" there must not go to a consent
            # with every answer gone, and so to a new profile over the old).
            result.saved["history"] = []
        return result

    def on_start(self) -> None:
        worker = self.ctx.need(WorkerProfile())
        if worker is not None:
            self.slots.update(slots_from_worker(worker))
            if self.wants_more(self.turn):
                # "add info": the optional questions in turn, then the summary.
                self.say("reg-more-intro")
                self.open_more()
                self.trigger("answer")
                return
            # Already registered: show the profile to correct instead.
            self.say("reg-already")
            self.trigger("edit")
            return
        self.slots.update(DEFAULTS)
        self.fill_from_opening()

    def wants_more(self, turn: Turn | None) -> bool:
        """The words ask to complete one's profile ("add info")."""
        if turn is None or turn.kind not in ("text", "voice") or not turn.text:
            return False
        found = self.ctx.nlu.intent(turn.text)
        return found is not None and found.name == "register_more"

    def open_more(self) -> None:
        """Empty the optional fields, so that they are asked in turn; what
        they held is kept for a "skip"."""
        kept = self.slots.setdefault("kept", {})
        for field in OPTIONAL:
            if field == "show_phone" and not self.slots.get("phone"):
                continue
            value = self.slots.get(field)
            kept[field] = DEFAULTS[field] if value is None else value
            self.slots[field] = None

    def kept(self, field: str) -> Any:
        """What an optional field held before it was asked again (a skip keeps it)."""
        return (self.slots.get("kept") or {}).get(field, DEFAULTS[field])

    def fill_from_opening(self) -> None:
        """What the opening words already say ("I am Old Wang, a helper, in
        Fengze, phone 138...") is not asked again (the summary shows it to correct)."""
        turn = self.turn
        if turn is None or turn.kind not in ("text", "voice") or not turn.text:
            return
        refdata, text = self.ctx.refdata, turn.text
        phone = parsing.parse_mobile(text)
        if phone:
            self.slots["phone"] = phone
        trades = list(dict.fromkeys(t.code for t in refdata.match_trades(text)))[:8]
        if trades:
            self.slots["trades"] = trades
        self.areas_in(text)
        name = parsing.name_in_phrase(turn.raw_text or text)
        if name and len(name) <= MAX_HEARD_NAME and not refdata.match_trades(name) \
                and not refdata.match_areas(name) and not refdata.match_towns(name):
            self.slots["name"] = name

    def answers_another_question(self, turn: Turn) -> bool:
        """A phone at the name's question, the work or the places at the
        phone's ("bricks, Fengze"): what matching needs, taken when still
        missing, and the question asked again."""
        return self.take_missing(turn)

    def also_answers(self, turn: Turn) -> None:
        """"I'm Old Wang, phone 138…" at the name's question, "porter,
        Fengze" at the work's: the phone, the work or the places said with
        the answer are taken too when still missing, and not asked."""
        self.take_missing(turn)

    def take_missing(self, turn: Turn) -> bool:
        """What matching needs that the words give and the worker has not
        said yet (a phone, the work, the places): taken and said back;
        whether anything was."""
        if self.state not in ("ask_name", "ask_phone", "ask_trades", "ask_areas") \
                or turn.kind not in ("text", "voice") or not turn.text:
            return False
        refdata, text, s = self.ctx.refdata, turn.text, self.slots
        taken = []
        phone = parsing.parse_mobile(text)
        if phone and not s.get("phone"):
            s["phone"] = phone
            taken.append(phone)
        if phone and self.state == "ask_name" and not s.get("name"):
            # "Old Wang 138…": a number is no name, but what is left of it is (it
            # was dropped, and the next answer, the work, saved as the name).
            rest = parsing.strip_phones(turn.raw_text)
            name = parsing.parse_contact_name(rest) or parsing.name_in_phrase(rest)
            if name:
                s["name"] = name
                taken.insert(0, name)
        trades = list(dict.fromkeys(t.code for t in refdata.match_trades(text)))[:8]
        if trades and not s.get("trades"):
            s["trades"] = trades
            taken.append(" / ".join(t.label(self.ctx.locale) for t in map(refdata.trade_by_code, trades) if t))
        if not s.get("areas") and not s.get("near"):
            self.areas_in(text)
            if s.get("areas"):
                taken.append(" / ".join(a.label(self.ctx.locale) for a in map(refdata.area_by_code, s["areas"]) if a))
        later = self._later_answers(text)
        if not taken and not later:
            return False
        if taken:
            self.say("answer-kept", what=" / ".join(taken))
        self.out.extend(later)
        return True

    def _later_answers(self, text: str) -> list[Say]:
        """The age, the days or the hours told before they were asked
        ("fifty-eight now", "any day" at the phone's question): kept, each said back,
        and not asked later. Only words that can mean nothing else count
        ("fine" alone may answer anything)."""
        # Not said yet: empty, or the default a first registration fills in unasked.
        s, said = self.slots, []
        # The phone's digits taken out first: they are no age ("55, phone 139…");
        # and numbers alone are no age ("2 6" picks two places from the list).
        words = parsing.strip_phones(text)
        if not s.get("age"):
            # The whole, else each piece ("Old Chen, fifty-eight now": the age is the second).
            for piece in (words, *words.split()):
                year = None if parsing.numbers_alone(piece) else parsing.parse_birth_year(piece, self.ctx.today)
                age = parsing.age_from(year, self.ctx.today) if year is not None else None
                if age is not None and MIN_AGE <= age <= MAX_AGE_SAID:
                    s["age"] = year
                    said.append(say("answer-kept-age", age=age))
                    break
        for slot, early in (("days", DAYS_SAID_EARLY), ("hours", HOURS_SAID_EARLY)):
            found = choice_words(early.name).match(text, early.codes)
            if s.get(slot) in (None, DEFAULTS[slot]) and len(found) == 1:
                s[slot] = found[0]
                # Told, even when it is the default ("any day"): not "not asked" on the summary.
                s["told"] = sorted({*(s.get("told") or ()), slot})
                said.append(say(f"answer-kept-{slot}", **{slot: found[0]}))
        return said

    # ---- questions -----------------------------------------------------
    def ask_optional(self) -> None:
        """An optional question, and that it can be skipped."""
        self.say(self.questions[self.state].prompt)
        self.say("reg-skip-hint")

    def parse_consent(self, turn: Turn) -> Any:
        self.slots["consent"] = yes_no(self.ctx, turn)
        return KEEP

    def answers_aside(self, turn: Turn) -> bool:
        """A name, age or phone said at the consent question: consent first
        (nothing is kept before it), said plainly, not "not understood"."""
        return consent_first(self, turn, "consent")

    def parse_name(self, turn: Turn) -> str:
        return name_answer(self.ctx, turn)

    def parse_phone(self, turn: Turn) -> str:
        return phone_answer(self.ctx, turn)

    @skippable("show_phone")
    def parse_show_phone(self, turn: Turn) -> bool:
        # The options' own words first (bot/data/intents.json), then yes or no.
        said = self.ctx.nlu.show_phone_now(words_only(turn))
        return said if said is not None else yes_no(self.ctx, turn)

    @skippable("age")
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
            if not codes and "place" in left_open(text):
                codes = [a.code for a in refdata.areas]   # "anywhere is fine": every area
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
        trades = trades_from_answer(self.ctx.refdata, turn, limit=8)
        if self.slots.get("areas") is None and not self.slots.get("near"):
            # "moving, in Fengze": the places said with the work are not asked again.
            self.areas_in(turn.text)
        return trades

    def areas_in(self, text: str) -> None:
        """The areas (or towns' areas) the words name, as the answer to where."""
        areas = self._areas_named(text)
        if areas:
            self.slots["areas"], self.slots["near"] = areas, None

    def _areas_named(self, text: str) -> list[str]:
        """The areas the words name, or whose towns they name, once each."""
        refdata = self.ctx.refdata
        return list(dict.fromkeys([a.code for a in refdata.match_areas(text)]
                                  + [a.code for _, a in refdata.match_towns(text)]))

    def parse_skills(self, turn: Turn) -> str:
        text = words_only(turn)
        if self.ctx.nlu.is_skip(text) and not self.ctx.nlu.means_none(text):
            return str(self.kept("skills"))
        return optional_text(self.ctx, turn, MAX_SKILLS)

    @skippable("days")
    def parse_days(self, turn: Turn) -> str:
        return pick(turn, DAYS)

    @skippable("hours")
    def parse_hours(self, turn: Turn) -> str:
        return pick(turn, HOURS)

    @skippable("pay")
    def parse_pay(self, turn: Turn) -> dict:
        text = words_only(turn)
        if self.ctx.nlu.means_any(text):
            return {"amount": None, "unit": None}
        pay = parsing.parse_pay(text)
        if pay is None or pay.min <= 0:
            raise Invalid("pay-invalid")
        return {"amount": pay.min, "unit": pay.unit or "day"}

    @skippable("method")
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

    @skippable("push")
    def parse_push(self, turn: Turn) -> bool:
        return yes_no(self.ctx, turn)

    @skippable("hardship")
    def parse_hardship(self, turn: Turn) -> list[str]:
        text = words_only(turn)
        categories = CATEGORIES.get()
        if categories.means_none(text) or self.ctx.nlu.means_none(text):
            return []
        found = categories.read(text)
        if not found:
            raise Invalid("reg-hardship-invalid")
        return list(found)

    # ---- summary -------------------------------------------------------
    def prompt_confirm(self) -> None:
        self.say("reg-summary", **profile_vars(self.slots, self.ctx.refdata, self.ctx.locale))
        unasked = self._unasked()
        if not self.slots.get("editing") and unasked:
            # What was not asked, said plainly: the defaults, which can be changed right here.
            # Only what is still a default: an age or days told early were not "not asked".
            self.say("reg-defaults-note", fields=Listed("reg-unasked-field", "field", unasked))
        self.say("reg-confirm")

    def _unasked(self) -> tuple[str, ...]:
        """The fields the summary shows with their defaults because nobody asked."""
        told = self.slots.get("told") or ()
        return tuple(f for f in NOTED_DEFAULTS if self.slots.get(f) in (None, DEFAULTS[f]) and f not in told)

    def parse_confirm(self, turn: Turn) -> Any:
        field = summary_answer(self.ctx, turn, FIELDS)
        if field == SAVE:
            self.slots["confirmed"] = True
            return KEEP
        if field is not None:
            return self._ask_again(field)
        text = words_only(turn)
        if parse_number(text) is not None:
            raise Invalid("summary-invalid", max=len(FIELDS))   # a number that is no line
        if self.wants_more(turn):
            self.open_more()
            return KEEP
        found = self.ctx.nlu.intent(text) if self.slots.get("editing") else None
        if found is not None and found.name == "delete":
            self.slots["delete"] = True
            return KEEP
        said = CATEGORIES.get().read(text)
        if said:
            # "I am disabled" at the summary answers its hardship line: shown again, to confirm.
            self.slots["hardship"] = list(said)
            return KEEP
        if self._changed_in_words(turn):
            return KEEP
        lines = choice_words(LINES.name)
        named = lines.match(text, LINES.codes)
        if named == ["push"]:
            # "No notices", "notices, yes": the answer itself, not the question again.
            answer = choice_words(YES_NO.name).match(lines.without(text, ("push",), " "), YES_NO.codes)
            if len(answer) == 1:
                self.slots["push"] = answer[0] == "yes"
                return KEEP
        if len(named) == 1:
            return self._ask_again(named[0])   # "the phone is wrong": its question again
        raise Invalid("summary-invalid", max=len(FIELDS))

    def _ask_again(self, field: str) -> Any:
        """A summary's line picked: its question asked again."""
        if field in OPTIONAL or field in ON_REQUEST:
            # asked again; "skip" keeps what it was
            self.slots.setdefault("kept", {})[field] = self.slots.get(field)
        self.slots[field] = None
        return KEEP

    def _changed_in_words(self, turn: Turn) -> bool:
        """A change said at the summary in words ("any day", "200 a day",
        "Nan'an too", "an electrician", "my phone is 139…", "58 now"): taken,
        and the summary shown again to confirm it. Only words that can mean
        nothing else count (a number alone picks a line; "fine" alone
        answers nothing); whether any field was said."""
        text, s, refdata = words_only(turn), self.slots, self.ctx.refdata
        if self.ctx.nlu.is_question(text):
            return False   # "any work in Nan'an?" asks; it does not move the places
        taken: list[str] = []
        phone = parsing.parse_mobile(text)
        if phone:
            s["phone"] = phone
            taken.append("phone")
        words = parsing.strip_phones(text)
        pay = parsing.parse_pay(words)
        if pay is not None and pay.min > 0:
            s["pay"] = {"amount": pay.min, "unit": pay.unit or (s.get("pay") or {}).get("unit") or "day"}
            taken.append("pay")
        method = parsing.parse_pay_method(words)
        if method:
            s["method"] = method
            taken.append("method")
        year = parsing.parse_birth_year(words, self.ctx.today) if pay is None else None
        if year is not None:
            s["age"] = year
            taken.append("age")
        name = parsing.name_in_phrase(turn.raw_text or text)
        if name and len(name) <= MAX_HEARD_NAME and not refdata.match_trades(name) \
                and not parsing.names_a_place(name, refdata):
            s["name"] = name
            taken.append("name")
        also = bool(choice_words(CHANGES.name).match(text, CHANGES.codes))
        trades = [t.code for t in refdata.match_trades(text)]
        if trades:
            s["trades"] = list(dict.fromkeys([*(s.get("trades") or ()), *trades] if also else trades))[:8]
            taken.append("trades")
        areas = self._areas_named(text)
        if areas:
            s["areas"] = list(dict.fromkeys([*(s.get("areas") or ()), *areas] if also else areas))
            if not also:
                s["near"] = None
            taken.append("areas")
        for slot, early in (("days", DAYS_SAID_EARLY), ("hours", HOURS_SAID_EARLY)):
            found = choice_words(early.name).match(text, early.codes)
            if len(found) == 1:
                s[slot] = found[0]
                s["told"] = sorted({*(s.get("told") or ()), slot})
                taken.append(slot)
        if self.ctx.nlu.wants_alert(text):
            s["push"] = not choice_words(YES_NO.name).match(text, ("no",))
            taken.append("push")
        return bool(taken)

    def on_enter_saved(self) -> None:
        s = self.slots
        pay = s.get("pay") or {}
        near = s.get("near")
        self.do(SaveWorker(name=s["name"], phone=s["phone"] or None,
                           show_phone=bool(s["phone"] and s.get("show_phone")), birth_year=s.get("age") or None,
                           areas=tuple(s.get("areas") or ()), near_lat=near[0] if near else None,
                           near_lng=near[1] if near else None, trades=tuple(s["trades"]), skills=s["skills"],
                           days=s["days"], hours=s["hours"], pay_amount=pay.get("amount"), pay_unit=pay.get("unit"),
                           pay_method=s["method"], wants_push=bool(s["push"]),
                           # what the worker said of their hardship (staff's recognition is kept apart)
                           hardship_said=tuple(s.get("hardship") or ()) if s.get("hardship") or s.get("editing") else None))
        self.say("reg-saved", push="yes" if s["push"] else "no")
        if not s.get("editing"):
            self.say("reg-clause11")
            more = self._unasked()
            if more:
                # What "add info" would ask that is still a default: an age told at the
                # name's question is not offered again.
                self.say("reg-more-offer", fields=Listed("reg-more-field", "field", more))
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
        *ask_in_order(REQUIRED + OPTIONAL + ON_REQUEST, done="confirm",
                      missing={"show_phone": missing_show_phone, "hardship": hardship_asked}),
    ]
    questions = {
        "consent": Question("reg-consent", parse_consent),
        "ask_name": Question("reg-ask-name", parse_name, slot="name"),
        "ask_phone": Question("reg-ask-phone", parse_phone, slot="phone"),
        "ask_show_phone": Question("reg-ask-show-phone", parse_show_phone, slot="show_phone", ask=ask_optional),
        "ask_age": Question("reg-ask-age", parse_age, slot="age", ask=ask_optional),
        "ask_areas": Question("reg-ask-areas", parse_areas, ask=prompt_ask_areas),
        "ask_trades": Question("reg-ask-trades", parse_trades, slot="trades"),
        "ask_skills": Question("reg-ask-skills", parse_skills, slot="skills", free_text=True, ask=ask_optional),
        "ask_days": Question("reg-ask-days", parse_days, slot="days", ask=ask_optional),
        "ask_hours": Question("reg-ask-hours", parse_hours, slot="hours", ask=ask_optional),
        "ask_pay": Question("reg-ask-pay", parse_pay, slot="pay", ask=ask_optional),
        "ask_method": Question("reg-ask-method", parse_method, slot="method", ask=ask_optional),
        "ask_push": Question("reg-ask-push", parse_push, slot="push", ask=ask_optional),
        "ask_hardship": Question("reg-ask-hardship", parse_hardship, slot="hardship", ask=ask_optional),
        "confirm": Question("reg-confirm", parse_confirm, ask=prompt_confirm),
    }
    on_enter = {"saved": on_enter_saved, "declined": on_enter_declined, "to_delete": on_enter_to_delete}


# A name said alone at the consent question: a surname and up to three more characters.
NAME_ALONE_MAX = 4


def consent_first(dialog: Dialog, turn: Turn, consent_state: str) -> bool:
    """At the consent question, words that give a name, an age, a phone, the
    work or a place ("I'm Wang Daming", "52 years old"), or that ask again to
    sign up: the person means to go on, and is told that agreeing comes
    first; whether they were."""
    if dialog.state != consent_state or turn.kind not in ("text", "voice") or not turn.text:
        return False
    if dialog.ctx.nlu.wants_apply(turn.text):
        # "Sign me up" said again at the consent before applying or a course.
        dialog.say("consent-first")
        return True
    if turn.request:
        return False
    text, refdata = turn.text, dialog.ctx.refdata
    age = parsing.stated_age(text, dialog.ctx.today)
    bare_name = len(text) <= NAME_ALONE_MAX and parsing.parse_contact_name(text)   # "Wang Jianguo" alone
    if not (parsing.parse_mobile(text) or parsing.name_in_phrase(turn.raw_text or text) or bare_name
            or (age is not None and 0 < age < 120) or refdata.match_trades(text) or refdata.match_areas(text)):
        return False
    dialog.say("consent-first")
    return True


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

    def answers_aside(self, turn: Turn) -> bool:
        return consent_first(self, turn, "ask_consent")

    def parse_name(self, turn: Turn) -> str:
        return name_answer(self.ctx, turn)

    def parse_phone(self, turn: Turn) -> str:
        return phone_answer(self.ctx, turn)

    def register_briefly(self, trades: list[str], areas: list[str]) -> None:
        """Save the brief profile, when the three questions were asked."""
        if "name" in self.slots:
            self.do(SaveWorker(name=self.slots["name"], phone=self.slots.get("phone") or None,
                               trades=tuple(trades), areas=tuple(areas)))
