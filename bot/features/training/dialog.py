"""Training (clauses 14-16): find upcoming courses by trade and area, one in
detail, sign up (registering briefly if needed), the waiting list when a
course is full; "my training" to see and cancel; a short needs survey."""
from __future__ import annotations

import re
from typing import Any

from bot import clock
from bot.domain import Course, Enrollment
from bot.engine.answers import KEEP_IT, UNDO, Choice, area_in_words, pick, undo_answer, words_only, yes_no
from bot.engine.lists import PickFromList
from bot.engine.dialog import KEEP, Dialog, Invalid, Question, Turn
from bot.language.nlu import normalise, parse_number
from bot.language.words import Loaded
from bot.features.training.messages import AddTrainingNeed, CancelEnrollment, Courses, Enroll, MyTraining
from bot.features.register.dialog import BriefRegistration
from bot.features.register.messages import WorkerProfile

SHOWN = 5
# The survey's numbered choices, in the order shown; their words: bot/data/choices.json.
CLASS_TIMES = Choice("class_time", ("weekdays", "weekends", "evenings", "any"))
CLASS_MODES = Choice("class_mode", ("offline", "online", "any"))
# "Cancel this course? 1 yes 2 no": "not going any more" is a yes.
CANCEL = Choice("cancel_confirm", (UNDO, KEEP_IT))


def course_words(courses: list[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    """Each course's own words (the certificate's name, say) from
    the course file staff edit, by course code."""
    return {c["code"]: tuple(c.get("keywords") or ()) for c in courses}


def _shipped_course_words() -> dict[str, tuple[str, ...]]:
    # The file's reader lives with the course import (it is not imported with the dialog).
    from bot.services.courses import read_courses

    return course_words(read_courses())


# Set by the app at start from the courses it loads (bot/app.py); tests and
# tools that never start the app get the shipped file on first use.
COURSE_WORDS: Loaded[dict[str, tuple[str, ...]]] = Loaded(_shipped_course_words)


def course_vars(c: Course, refdata: Any, locale: str = "zh_CN") -> dict:
    trade = refdata.trade_by_code(c.trade) if c.trade else None
    area = refdata.area_by_code(c.area) if c.area else None
    return {"name": c.name, "trade": trade.label(locale) if trade else "-", "area": area.label(locale) if area else "-",
            "teaches": c.teaches or "-", "start": c.start_date, "end": c.end_date,
            "schedule": c.schedule or "-", "place": c.place or "-", "mode": c.mode,
            "left": c.seats_left, "capacity": c.capacity,
            "cost": c.cost or "-", "subsidy": c.subsidy or "-", "who": c.who or "-",
            **clock.month_days(start=c.start_date, end=c.end_date)}


def matching(courses: list[Course], text: str, refdata: Any, anywhere: bool = False) -> list[Course]:
    """Courses for the trades or topics the words name, near the area they
    name (online courses anywhere; every area when `anywhere`); all upcoming
    courses if they name none."""
    t = normalise(text)
    trades = {tr.code for tr in refdata.match_trades(t)}
    area = area_in_words(refdata, t)
    picked = [c for c in courses
              if (c.trade and c.trade in trades) or any(k in t for k in COURSE_WORDS.get().get(c.code, ()))]
    if not trades and not picked:
        picked = list(courses)
    if area and not anywhere:
        picked = [c for c in picked if c.area in (None, area) or c.mode != "offline"]
    return picked


class TrainingDialog(BriefRegistration, Dialog):
    name = "training"
    browsing = frozenset({"pick", "detail"})
    states = ["start", "pick", "detail", "ask_consent", "ask_name", "ask_phone", "ask_wait", "signed_up",
              "waiting", "declined", "none"]

    def _courses(self) -> list[Course]:
        return self.ctx.need(Courses())

    def _shown(self) -> list[Course]:
        by_code = {c.code: c for c in self._courses()}
        return [by_code[c] for c in self.slots.get("shown", []) if c in by_code]

    def _course(self) -> Course:
        return next(c for c in self._courses() if c.code == self.slots["course"])

    def on_start(self) -> None:
        text = self.turn.text if self.turn else ""
        found = matching(self._courses(), text, self.ctx.refdata)
        area = area_in_words(self.ctx.refdata, normalise(text)) if text else None
        if not found and area:
            # "An electrician course in Licheng": none there, but there is one
            # elsewhere; said so, and shown, rather than "no course fits".
            found = matching(self._courses(), text, self.ctx.refdata, anywhere=True)
            if found:
                self.say("training-elsewhere", area=self.ctx.refdata.area_by_code(area).label(self.ctx.locale))
        self.slots["shown"] = [c.code for c in found[:SHOWN]]
        self.trigger("listed")

    def has_any(self) -> bool:
        return bool(self.slots["shown"])

    def prompt_pick(self) -> None:
        self.say("training-list")
        for i, c in enumerate(self._shown(), 1):
            v = course_vars(c, self.ctx.refdata, self.ctx.locale)
            self.say("training-line", n=i, name=v["name"], start_month=v["start_month"], start_day=v["start_day"],
                     area=v["area"], mode=v["mode"],
                     left=v["left"])
        self.say("training-pick")

    def parse_pick(self, turn: Turn) -> str:
        shown = self._shown()
        self.slots["sign_up_now"] = False
        text = turn.text if turn.kind in ("text", "voice") else ""
        if text and parse_number(text) is None:
            # "Sign me up" or a yes to the one course listed is that course;
            # "sign me up" goes on to signing up, as the course's own "1" would.
            sign_up = self.ctx.nlu.wants_apply(text)
            if sign_up or self.ctx.nlu.yes_no(text):
                if len(shown) != 1:
                    raise Invalid("training-which", max=len(shown))
                if sign_up:
                    self._not_signed_up_yet(shown[0].code)
                    self.slots["sign_up_now"] = True
                return shown[0].code
            area = area_in_words(self.ctx.refdata, text)
            if area and not any(c.area == area or c.mode != "offline" for c in shown):
                raise Invalid("training-not-in-area", area=self.ctx.refdata.area_by_code(area).label(self.ctx.locale),
                              max=len(shown))
        # By its number, or by words only it has: a part of its name, or its area ("the one in Fengze").
        return pick(turn, shown, labels=[self._label(c) for c in shown]).code

    def _trade_not_listed(self, text: str, shown: list[Course]) -> bool:
        """"Welding" at a list with no welding course: said so, with how to
        ask for one (no miss); the list stays."""
        if parse_number(text) is not None:
            return False
        trades = self.ctx.refdata.match_trades(text)
        if not trades or any(c.trade in {t.code for t in trades} for c in shown):
            return False
        self.say("training-trade-none", trade=" / ".join(t.label(self.ctx.locale) for t in trades))
        self.say("training-needs-offer")
        return True

    def _label(self, c: Course) -> str:
        area = self.ctx.refdata.area_by_code(c.area) if c.area and c.mode == "offline" else None
        return f"{c.name} {area.label(self.ctx.locale)}" if area else c.name

    def signing_up_now(self) -> bool:
        return bool(self.slots.get("sign_up_now"))

    def prompt_detail(self) -> None:
        self.say("training-detail", **course_vars(self._course(), self.ctx.refdata, self.ctx.locale))
        self.say("training-detail-actions")

    def parse_detail(self, turn: Turn) -> Any:
        text = words_only(turn)
        n = parse_number(text)
        said = None if n is not None else self.ctx.nlu.yes_no(text)
        if n == 2 or said is False or self.ctx.nlu.global_word(text) == "back":
            self.slots["course"] = None
            return KEEP
        if n == 1 or said or self.ctx.nlu.wants_apply(text):
            self._not_signed_up_yet(self.slots["course"])
            return KEEP
        if n is None and area_in_words(self.ctx.refdata, text):
            # "The one in Fengze?": where this one is held, and the choice again.
            v = course_vars(self._course(), self.ctx.refdata, self.ctx.locale)
            raise Invalid("training-detail-place", area=v["area"], place=v["place"], mode=v["mode"])
        raise Invalid("pick-a-number", max=2)

    def _not_signed_up_yet(self, code: str) -> None:
        mine = [e for e in self.ctx.need(MyTraining()) if e.course_code == code]
        if mine:
            raise Invalid("training-already", status=mine[0].status)

    def answers_aside(self, turn: Turn) -> bool:
        """"Is it free?", "how much?", "where is the class?" at the list or a
        course: what each costs or where it is held, as staff entered it."""
        if self.state not in ("pick", "detail"):
            return super().answers_aside(turn)   # the consent's (BriefRegistration)
        if turn.request:
            return False
        courses = self._shown() if self.state == "pick" else [self._course()]
        if self.state == "pick" and self._trade_not_listed(turn.text, courses):
            return True
        names = [c.name for c in courses] + [t.label(self.ctx.locale) for c in courses
                                             if c.trade and (t := self.ctx.refdata.trade_by_code(c.trade))]
        if self.ctx.nlu.asks_where(turn.text, about=names):
            # "Where is the class?": each one's place, as staff entered it.
            self.say("training-places")
            for i, c in enumerate(courses, 1):
                v = course_vars(c, self.ctx.refdata, self.ctx.locale)
                # "Fengze, Fengze market's classroom": the area only when the place does not name it.
                area = "none" if v["area"] in v["place"] else v["area"]
                self.say("training-place-line", n=i if len(courses) > 1 else 0, name=c.name, mode=c.mode,
                         area=area, place=v["place"])
            return True
        if not self.ctx.nlu.asks_cost(turn.text, about=names):
            return False
        if self.state == "detail":
            c = courses[0]
            self.say("training-cost-one", cost=c.cost or "-", subsidy=c.subsidy or "-")
            return True
        self.say("training-costs")
        for i, c in enumerate(courses, 1):
            self.say("training-cost-line", n=i, name=c.name, cost=c.cost or "-")
        return True

    def back_to_list(self) -> bool:
        return self.slots.get("course") is None

    def registered(self) -> bool:
        return self.ctx.need(WorkerProfile()) is not None

    def full(self) -> bool:
        return self._course().is_full

    def full_and_registered(self) -> bool:
        return self.full() and self.registered()

    def prompt_ask_wait(self) -> None:
        self.say("training-full")
        self.say("training-ask-wait")

    def parse_wait(self, turn: Turn) -> bool:
        return yes_no(self.ctx, turn)

    def wants_wait(self) -> bool:
        return bool(self.slots.get("wait"))

    def _sign_up(self, wait: bool) -> None:
        c = self._course()
        self.register_briefly([c.trade] if c.trade else [], [c.area] if c.area else [])
        self.do(Enroll(c.code, wait))

    def on_enter_signed_up(self) -> None:
        self._sign_up(wait=False)
        v = course_vars(self._course(), self.ctx.refdata, self.ctx.locale)
        # The reminder comes the day before: said only when there is one to come.
        today = self.ctx.today.isoformat()
        when = "later" if v["start"] > today else "online" if v["mode"] != "offline" else \
            "today" if v["start"] == today else "started"
        if when == "today" and _class_over(v["schedule"], self.ctx.now):
            when = "today-over"   # signing up in the evening: not "go on time" to a class already over
        self.say("training-signed-up", name=v["name"], schedule=v["schedule"], place=v["place"], when=when,
                 **clock.month_days(start=v["start"]))
        self.say("menu-hint")

    def on_enter_waiting(self) -> None:
        self._sign_up(wait=True)
        self.say("training-waiting")
        self.say("menu-hint")

    def on_enter_declined(self) -> None:
        self.say("training-not-signed")
        self.say("menu-hint")

    def on_enter_none(self) -> None:
        self.say("training-none")
        self.say("training-needs-offer")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "listed", "source": "start", "dest": "pick", "conditions": has_any},
        {"trigger": "listed", "source": "start", "dest": "none"},
        # "Sign me up" at the list of one course: on as from the course's "1".
        {"trigger": "answer", "source": "pick", "dest": "ask_wait", "conditions": [signing_up_now, full_and_registered]},
        {"trigger": "answer", "source": "pick", "dest": "signed_up", "conditions": [signing_up_now, registered]},
        {"trigger": "answer", "source": "pick", "dest": "ask_consent", "conditions": signing_up_now},
        {"trigger": "answer", "source": "pick", "dest": "detail"},
        {"trigger": "answer", "source": "detail", "dest": "pick", "conditions": back_to_list},
        {"trigger": "answer", "source": "detail", "dest": "ask_wait", "conditions": full_and_registered},
        {"trigger": "answer", "source": "detail", "dest": "signed_up", "conditions": registered},
        {"trigger": "answer", "source": "detail", "dest": "ask_consent"},
        {"trigger": "answer", "source": "ask_consent", "dest": "declined", "conditions": BriefRegistration.no_consent},
        {"trigger": "answer", "source": "ask_consent", "dest": "ask_name"},
        {"trigger": "answer", "source": "ask_name", "dest": "ask_phone"},
        {"trigger": "answer", "source": "ask_phone", "dest": "ask_wait", "conditions": full},
        {"trigger": "answer", "source": "ask_phone", "dest": "signed_up"},
        {"trigger": "answer", "source": "ask_wait", "dest": "waiting", "conditions": wants_wait},
        {"trigger": "answer", "source": "ask_wait", "dest": "declined"},
    ]
    questions = {
        "pick": Question("training-pick", parse_pick, slot="course", ask=prompt_pick),
        "detail": Question("training-detail-actions", parse_detail, ask=prompt_detail),
        "ask_consent": Question("training-consent", BriefRegistration.parse_consent),
        "ask_name": Question("reg-ask-name", BriefRegistration.parse_name, slot="name"),
        "ask_phone": Question("training-ask-phone", BriefRegistration.parse_phone, slot="phone"),
        "ask_wait": Question("training-ask-wait", parse_wait, slot="wait", ask=prompt_ask_wait),
    }
    on_enter = {
        "signed_up": on_enter_signed_up,
        "waiting": on_enter_waiting,
        "declined": on_enter_declined,
        "none": on_enter_none,
    }


class MyTrainingDialog(PickFromList, Dialog):
    """"My training": the sign-ups; cancel one (the waiting list moves up)."""

    name = "my_training"
    states = ["start", "pick", "confirm", "cancelled", "kept", "none"]
    list_says = ("mytraining-list", "mytraining-pick")

    def items(self) -> list[Enrollment]:
        return self.ctx.need(MyTraining())

    def say_item(self, n: int, e: Enrollment) -> None:
        self.say("mytraining-line", n=n, name=e.name, **clock.month_days(start=e.start_date), schedule=e.schedule or "-",
                 status=e.status)

    def label(self, e: Enrollment) -> str:
        return e.name  # a part of its name that only it has

    def value(self, e: Enrollment) -> str:
        return e.course_code

    def parse_confirm(self, turn: Turn) -> bool:
        return undo_answer(self.ctx, turn, CANCEL)

    def agreed(self) -> bool:
        return bool(self.slots.get("confirm"))

    def on_enter_cancelled(self) -> None:
        self.do(CancelEnrollment(self.slots["pick"]))
        self.say("mytraining-cancelled")
        self.say("menu-hint")

    def on_enter_kept(self) -> None:
        self.say("mytraining-kept")
        self.say("menu-hint")

    def on_enter_none(self) -> None:
        self.say("mytraining-none")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "listed", "source": "start", "dest": "pick", "conditions": PickFromList.has_any},
        {"trigger": "listed", "source": "start", "dest": "none"},
        {"trigger": "answer", "source": "pick", "dest": "confirm"},
        {"trigger": "answer", "source": "confirm", "dest": "cancelled", "conditions": agreed},
        {"trigger": "answer", "source": "confirm", "dest": "kept"},
    ]
    questions = {
        "pick": Question("mytraining-pick", PickFromList.parse_pick, ask=PickFromList.prompt_pick),
        "confirm": Question("mytraining-cancel", parse_confirm, own_words=CANCEL.name),
    }
    on_enter = {"cancelled": on_enter_cancelled, "kept": on_enter_kept, "none": on_enter_none}


class TrainingNeedsDialog(Dialog):
    """The training-needs survey (clause 14): what, when, online or not."""

    name = "training_needs"
    states = ["ask_what", "ask_when", "ask_mode", "saved"]

    def parse_what(self, turn: Turn) -> str:
        words_only(turn)
        text = turn.raw_text.strip()
        if len(normalise(text)) < 2:
            raise Invalid("needs-say-what")
        return text[:200]

    def parse_when(self, turn: Turn) -> str:
        return pick(turn, CLASS_TIMES)

    def parse_mode(self, turn: Turn) -> str:
        return pick(turn, CLASS_MODES)

    def on_enter_saved(self) -> None:
        trades = [t.code for t in self.ctx.refdata.match_trades(self.slots["what"])]
        self.do(AddTrainingNeed(tuple(trades), self.slots["what"], self.slots["when"], self.slots["mode"]))
        self.say("needs-thanks")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "answer", "source": "ask_what", "dest": "ask_when"},
        {"trigger": "answer", "source": "ask_when", "dest": "ask_mode"},
        {"trigger": "answer", "source": "ask_mode", "dest": "saved"},
    ]
    questions = {
        "ask_what": Question("needs-ask-what", parse_what, slot="what", free_text=True),
        "ask_when": Question("needs-ask-when", parse_when, slot="when"),
        "ask_mode": Question("needs-ask-mode", parse_mode, slot="mode"),
    }
    on_enter = {"saved": on_enter_saved}


# A clock time in a course's schedule ("weekdays 8:30-11:30"): the day's class
# ends at the last one.
_CLOCK_TIME = re.compile(r"(\d{1,2})[:\uff1a](\d{2})")   # a colon, or the full-width one
# Without one, a day's class is taken to be over by then (Quanzhou time).
DAY_CLASS_OVER_HOUR = 18


def _class_over(schedule: str, now: float) -> bool:
    """Whether today's class of a course with this schedule is over."""
    times = [(int(h), int(m)) for h, m in _CLOCK_TIME.findall(schedule or "") if int(h) < 24 and int(m) < 60]
    local = clock.local(now)
    return (local.hour, local.minute) >= (times[-1] if times else (DAY_CLASS_OVER_HOUR, 0))
