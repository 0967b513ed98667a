"""Posting a job (clause 9), with employer registration inside the
first post. One message is enough: everything it says is parsed, the
first reply says what was understood and names what is missing, and the
dialog asks only for that; what people rarely say has a default shown in
the summary, to change there (one day; paid daily when the pay is per
day; no skills needed; hiring for oneself, under the contact's name).
The summary carries the short privacy terms: "publish" is both the
employer's consent and the confirmation. Before publishing, the content
rules (clauses 9 and 20) decide: published, refused with the reasons and
the lawful way to say it, or held for staff review.

"My jobs": an employer's jobs, their applicants (accept, decline), close,
repost or edit (both continue in the posting dialog, at its summary).

`job_vars` and `slots_from_job` (a saved job as the posting dialog's
slots, and as the variables of its summary) are how every dialog that
shows a job shows it."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from bot import domain
from bot.language import parsing
from bot.engine.answers import (SAVE, Choice, area_from_answer, area_in_words, name_answer, optional_text,
                                 phone_answer, pick, rating_vars, said_alone, say_area_choices, summary_answer,
                                 trades_from_answer, words_only, yes_no)
from bot.i18n import Listed
from bot.language.choices import choice_words
from bot.engine.dialog import KEEP, Dialog, Invalid, Location, Question, Result, Turn, ask_in_order
from bot.engine.lists import one_of_one
from bot.language.nlu import parse_number
from bot.language.query import says_long_term
from bot.language.minimum_wage import STANDARD_DAY_HOURS
from bot.language.minimum_wage import fmt as fmt_amount
from bot.language.rules import normalise
from bot.features.post_job.messages import (ApplicantCounts, Applicants, CloseJob, DecideApplication, Employer,
                                            EmployerProfile, JobPost, MyJobs, PostsToday, PublishJob,
                                            WaitingApplicants)
from bot.features.account.messages import PrivacyTerms

# Asked in this order when still unknown (days, method, skills and the
# employer's kind have defaults: asked only when changed at the summary).
FIELDS = ["trades", "area", "address", "date", "days", "time", "pay", "method", "headcount", "skills",
          "description", "meals", "employer_kind", "employer_name", "phone", "credit"]
# The summary's numbered lines (1, 2, …), in this order; a yes or a publish word publishes.
SUMMARY = ["trades", "area", "address", "date", "days", "time", "pay", "method", "headcount", "skills",
           "description", "employer_name", "phone", "meals"]
# The numbered choices, in the order the questions show them; their words: bot/data/choices.json.
METHODS = Choice("pay_method", ("daily", "hourly", "piece", "monthly", "on_completion"))
EMPLOYER_KINDS = Choice("employer_kind", ("person", "company"))
# Meals and a bed, as the summary's line asks them (said in words too: "meals, no bed").
BOARD = Choice("post_board", ("both", "meals", "lodging", "neither"))
BOARD_VALUES = {"both": (True, True), "meals": (True, False), "lodging": (False, True), "neither": (False, False)}
# "As soon as possible" at the start day's question: today.
START_DAY = Choice("start_day", ("today",))
JOB_ACTIONS = Choice("job_action", ("close", "repost", "edit", "applicants"))
DECISIONS = Choice("decision", ("accepted", "declined"))
# Said at the summary in words: publish (also the consent), or not agree to what is kept.
PUBLISH = Choice("post_publish", ("publish", "hold", "disagree"))
# "No wait, 4 of them", "make it the day after tomorrow": a correction of what was said.
CORRECTION = Choice("post_correction", ("correct",))
# "No address beyond the area": workers call to ask.
ADDRESS_LATER = Choice("post_address", ("later",))
# Hours that have no clock times: shifts, day or night shifts only, not
# fixed, agreed on the phone. At the hours' question any of their words; in
# a whole post only the unmistakable ones ("face to face" alone there is
# usually said of the pay).
WORK_HOURS = Choice("work_hours", ("shifts", "day_shift", "night_shift", "flexible", "agreed"))
WORK_HOURS_IN_POST = Choice("work_hours_in_post", WORK_HOURS.codes)
# A summary line named in words ("change the pay", "the days are wrong").
LINES = Choice("post_line", tuple(SUMMARY))
UNIT_OF_METHOD = {"daily": "day", "hourly": "hour", "piece": "piece", "monthly": "month", "on_completion": "job"}
METHOD_OF_UNIT = {unit: method for method, unit in UNIT_OF_METHOD.items()}
# What the first reply can name as missing (post-missing), in the order asked.
MISSING_SHOWN = ["trades", "area", "address", "date", "time", "pay", "headcount", "employer_name", "company_name",
                 "phone", "credit"]
# Defaults the summary says were taken (post-defaults).
DEFAULTS_SHOWN = ["date", "days", "method", "skills", "employer_kind"]
# A word of publishing counts only as (nearly) the whole answer: "pay when it is done" is not "post it".
PUBLISH_WORDS_MAX = 6
MAX_DAYS = 92
MAX_TEXT = 300
# An answer that names this many of trade, area, day, hours, pay, head count and phone is a whole post.
NEW_POST_FIELDS = 3
LIST_SIZE = 9  # "my jobs" lists this many, newest first
BOARD_FIELDS = ("meals", "lodging")
# A working day longer than this is counted with an hour for a meal, unpaid (the day's minimum wage).
MEAL_AFTER_HOURS = 8


def slots_from_job(job: domain.Job, employer: domain.Employer | None) -> dict:
    """A saved job as the dialog's slots (to edit or repost it): plain JSON
    values, as the saved dialog keeps them."""
    slots = {
        "job_id": job.id, "trades": list(job.trades), "area": job.area, "address": job.address,
        "location": [job.lat, job.lng] if job.lat is not None else None,
        "date": job.start_date, "days": job.days,
        "time": ({"start": job.start_time, "end": job.end_time} if job.start_time or not job.work_hours
                 else {"start": "", "end": "", "words": job.work_hours}),
        "pay": {"min": job.pay_min, "max": job.pay_max, "unit": job.pay_unit},
        "method": job.pay_method, "headcount": job.headcount, "skills": job.skills,
        "description": job.description, "meals": job.meals, "lodging": job.lodging,
        "contact_name": job.contact_name, "phone": job.contact_phone,
    }
    slots.update(_employer_slots(employer))
    return slots


def _employer_slots(employer: domain.Employer | None) -> dict:
    if not employer:
        return {}
    return {"employer_kind": employer.kind, "employer_name": employer.name,
            "phone": employer.phone, "credit": employer.credit_code or "",
            "contact_name": employer.contact_name or "",
            # Agreed to what is kept before (an employer from before consent was asked is asked once).
            "consent": True if employer.has_consented else None}


def job_vars(slots: dict, refdata: Any, locale: str = "zh") -> dict:
    """What a post's summary shows, as catalog variables (trade and area
    names in the reader's language)."""
    trades = [refdata.trade_by_code(c) for c in slots.get("trades") or []]
    area = refdata.area_by_code(slots["area"]) if slots.get("area") else None
    day = date.fromisoformat(slots["date"]) if slots.get("date") else None
    pay = slots.get("pay") or {}
    time = slots.get("time") or {}
    return {
        "trades": " / ".join(t.label(locale) for t in trades if t is not None) or "-",
        "area": area.label(locale) if area else "-",
        "address": slots.get("address") or ("location" if slots.get("location") else "-"),
        "month": day.month if day else 0, "day": day.day if day else 0,
        "days": slots.get("days") or 1,
        "time": time_words(time),
        "amount": (str(pay.get("min")) if pay.get("min") == pay.get("max")
                   else f"{pay.get('min')}-{pay.get('max')}"),
        "pay_unit": pay.get("unit") or "day",
        "method": slots.get("method") or "daily",
        "headcount": slots.get("headcount") or 0,
        "skills": slots.get("skills") or "none",
        "description": slots.get("description") or "none",
        "employer": slots.get("employer_name") or "-",
        "phone": slots.get("phone") or "-",
        "meals": _yes_no_unknown(slots.get("meals")),
        "lodging": _yes_no_unknown(slots.get("lodging")),
    }


def time_words(time: dict) -> str | Listed:
    """A post's hours as the reader sees them: "08:00-17:00", or the words
    they were said in ("two shifts", in the reader's language)."""
    if time.get("words") and not time.get("start"):
        return Listed("work-hours", "hours", (time["words"],))
    return "-".join(t for t in (time.get("start"), time.get("end")) if t) or "-"


def hours_in_words(text: str, choice: Choice = WORK_HOURS) -> str | None:
    """The code of hours said in words ("two shifts" -> "shifts"); day and night
    shifts both said are shifts."""
    found = choice_words(choice.name).match(text, choice.codes)
    if {"day_shift", "night_shift"} <= set(found):
        return "shifts"
    return found[0] if found else None


def day_hours(time: dict | None) -> float | None:
    """A day's working hours from the post's start and end ("08:00",
    "17:00"): the span, less an hour for a meal when it is longer than 8
    hours; None when the end is not said."""
    time = time or {}
    try:
        (h1, m1), (h2, m2) = ((int(p) for p in str(t).split(":")) for t in (time.get("start"), time.get("end")))
    except (TypeError, ValueError):
        return None
    span = ((h2 * 60 + m2) - (h1 * 60 + m1)) % (24 * 60) / 60
    if span <= 0:
        return None
    return span - 1 if span > MEAL_AFTER_HOURS else span


def _yes_no_unknown(value: bool | None) -> str:
    return "unknown" if value is None else "yes" if value else "no"


# The slots a worker reads as written: checked by the content rules whenever one of them changes.
TEXT_FIELDS = ["description", "skills", "address", "employer_name", "contact_name"]


def rules_text(slots: dict) -> str:
    """Every word of the post a worker would read, for the content rules."""
    return "\n".join(p for p in (slots.get(f) for f in TEXT_FIELDS) if p)


def _employer_kinds_in(text: str) -> list[str]:
    """Who is hiring, in the words ("company", "just me"): every kind named."""
    return choice_words(EMPLOYER_KINDS.name).match(text, EMPLOYER_KINDS.codes)


def reads_as_post(ctx: Any, turn: Turn) -> bool:
    """A message that is a job post, whatever else it mentions (a deposit,
    a fee): answered as a post, so the content rules refuse it with the
    reason, not with the leaflet on deposits a worker asking would get.

    Not a question, a complaint or a worker's own story; a pay, a place, a
    phone or a head count; and a hiring word at least as strong as any word
    of looking for work, or a hiring word of content_rules.json within a
    word ("hire-loaders" written as one) with at most one weak word of
    looking for work ("paid daily" is how a post pays too), or, with
    no word of either, a trade and words the content rules refuse ("a
    nanny, only people from Anxi")."""
    text = turn.text
    if not text or ctx.nlu.is_question(text):
        return False
    scores = ctx.nlu.intent_scores(text)
    folded = normalise(turn.raw_text or text)
    if scores.get("complaint") or ctx.rules is None or any(w in folded for w in ctx.rules.worker_story_words):
        return False
    found = parsing.parse_post(turn.raw_text or text, ctx.refdata, ctx.today)
    if not (found.pay or found.area or found.town or found.phone or found.headcount):
        return False
    hiring = scores.get("post_job", 0.0)
    seeking = scores.get("find_work", 0.0) if _says_looking_for_work(ctx.nlu, text) else 0.0
    if hiring and hiring >= seeking:
        return True
    if parsing.hires_by_trade(turn.raw_text or text, ctx.refdata) or parsing.hires_by_lack(text, ctx.refdata):
        return True  # "need 3 cleaners", "short of a dishwasher": the trade word alone reads as looking for work
    # The hiring word inside a longer word ("hire-loaders" as one word) is
    # not a token of its own; one weak word of looking for work ("paid
    # daily" is also how a post pays) does not outweigh it.
    if seeking <= max(hiring, 1.0) and any(w in folded for w in ctx.rules.hiring_words):
        return True
    if seeking or not found.trades:
        return False
    trade = ctx.refdata.trade_by_code(found.trades[0]) if found.trades else None
    verdict = ctx.rules.check(parsing.strip_phones(turn.raw_text or text),
                              trade_category=trade.category if trade else None)
    return bool(verdict.decision == "refuse")


def _says_looking_for_work(nlu: Any, text: str) -> bool:
    """Whether a word of looking for work was said (a trade alone also
    scores as looking for work, without one)."""
    t = text.lower()
    return (any("find_work" in nlu.keywords.get(tok, ()) for tok in nlu.tokens(t))
            or any(intent == "find_work" and phrase in t for phrase, intent in nlu.phrases))


# Where the parts of the notes split: punctuation, and in Chinese a space too (voice text has no commas).
_BREAK_CHARS = " ,;.!?\n\uff0c\u3002\uff1b\uff01\uff1f\u3001"
_CLAUSE_RE = re.compile(r"((?:[,;!?\n\uff0c\u3002\uff1b\uff01\uff1f\u3001]|\.(?![0-9]))\s*)")
_CLAUSE_OR_SPACE_RE = re.compile(r"([\s,;.!?\uff0c\u3002\uff1b\uff01\uff1f\u3001]+)")
_LATIN_RE = re.compile(r"[A-Za-z]")
# The applicant's number, and the marks around it, taken off a pick that also decides ("2, hire").
_PICK_NUMBER = re.compile(r"[0-9#\s,.\uff0c\u3002\u3001]+")


def _listed(fields: list[str], shown: list[str]) -> dict:
    """One flag per field a sentence can list ("first", "yes" after
    another, "no"), so that a catalog sentence lists them on one line."""
    flags = {f: "no" for f in shown}
    for f in [f for f in shown if f in fields][:1]:
        flags[f] = "first"
    for f in [f for f in shown if f in fields][1:]:
        flags[f] = "yes"
    return flags


# Questions whose answer is not read for other fields as well (Dialog.also_answers):
# a whole post, free text kept as said, a credit code, yes/no, the summary.
# Questions where a bare yes or no answers the post said back before them
# ("right"): acknowledged and the question asked again, never kept as the answer.
YES_NO_ACKNOWLEDGED = frozenset({"ask_address", "ask_employer_name"})
NOT_READ_FOR_MORE = frozenset({"ask_post", "ask_skills", "ask_description", "ask_credit", "ask_consent",
                               "ask_employer_kind", "confirm"})


class PostJobDialog(Dialog):
    name = "post_job"
    # ask_consent: consent is part of the summary now; a dialog saved at
    # the question before that still gets its answer read there.
    states = ["start", "ask_post", *[f"ask_{f}" for f in FIELDS], "ask_consent", "confirm", "published",
              "in_review", "no_consent"]

    # ---- opening: everything the first message says --------------------
    def on_start(self) -> None:
        cap = self.ctx.need(PostsToday())
        if cap.reached:
            # Said before a whole post is typed; the dialog ends here.
            self.say("post-cap-reached", limit=cap.limit)
            return
        self.slots.setdefault("description", "")
        self.slots.update(_employer_slots(self.ctx.need(EmployerProfile())))
        text = self.turn.raw_text.strip() if self.turn else ""
        understood = False
        if text:
            # The phone and the contact the post gives are this job's, even
            # for an employer known with others.
            found = self._fill_from(text, prefer=("phone", "contact_name"))
            # Checked as soon as it is seen: an unlawful post is told so in
            # the first reply, before any question about it.
            if self._refuse_text(parsing.strip_phones(text)):
                self._drop_refused_words()
            elif found >= 2:
                self.slots["description"] = self._description_of(text)
                understood = True
        self._defaults(text)
        if understood:
            self._say_understood()
        self.trigger("answer")

    # ---- defaults instead of questions ------------------------------------
    def _defaults(self, text: str) -> None:
        """What a post rarely says, taken as most posts have it (shown in
        the summary, to change there): one day, or as long as a post runs
        when the work is long-term (a monthly wage, "long-term"): a factory's
        post would otherwise leave the search after a day; paid daily when the pay is
        per day (hourly per hour ...); no skills needed; hiring for oneself
        unless the words say a company, a factory, a shop ..., under the
        contact's name."""
        s = self.slots
        defaulted = set(s.get("defaulted") or ())
        # A default is decided again by a later whole post: "I want to hire"
        # first, then the post, must not keep what the first words gave.
        if s.get("days") is None or "days" in defaulted:
            monthly = (s.get("pay") or {}).get("unit") == "month" or s.get("method") == "monthly"
            s["days"] = MAX_DAYS if monthly or (text and says_long_term(text)) else 1
            defaulted.add("days")
        # Long-term work (a factory's standing post) starts when someone comes:
        # from today, not a question of which day.
        if "days" in defaulted and s["days"] == MAX_DAYS and s.get("date") is None:
            s["date"] = self.ctx.today.isoformat()
            defaulted.add("date")
        elif "date" in defaulted and s.get("days") != MAX_DAYS:
            s["date"] = None   # no longer long-term: the day is asked
            defaulted.discard("date")
        if s.get("skills") is None:
            s["skills"] = ""
            defaulted.add("skills")
        said = _employer_kinds_in(text) if text else []
        if s.get("employer_kind") is None:
            s["employer_kind"] = "company" if said == ["company"] else "person"
            if said != ["company"]:
                defaulted.add("employer_kind")
        elif "employer_kind" in defaulted and said == ["company"]:
            # Taken as a person's before the post said "factory": the company's now,
            # and the person default's name and credit code undone (they are asked).
            if s.get("employer_name") == s.get("contact_name"):
                s["employer_name"] = None
            s["employer_kind"], s["credit"] = "company", None
            defaulted.discard("employer_kind")
        s["defaulted"] = sorted(defaulted)
        self._person_defaults()
        self._default_method()

    def _person_defaults(self) -> None:
        """Hiring for oneself: no credit code, and the contact's name ("master Chen") is the employer's."""
        s = self.slots
        if s.get("employer_kind") != "person":
            return
        if s.get("credit") is None:
            s["credit"] = ""
        if not s.get("employer_name") and s.get("contact_name"):
            s["employer_name"] = s["contact_name"]

    def _default_method(self) -> None:
        """Paid daily when the pay is per day (hourly per hour, ...), unless said."""
        pay = self.slots.get("pay") or {}
        if self.slots.get("method") is None and pay.get("unit") in METHOD_OF_UNIT:
            self.slots["method"] = METHOD_OF_UNIT[pay["unit"]]
            self.slots["defaulted"] = sorted({*(self.slots.get("defaulted") or ()), "method"})

    def _not_default(self, *fields: str) -> None:
        self.slots["defaulted"] = [f for f in self.slots.get("defaulted") or () if f not in fields]

    def answers_another_question(self, turn: Turn) -> bool:
        """"8 to 5" at the day's question, "two hundred a day" at the
        address: the fields it gives are filled (when still empty, and
        through the content rules), said back, and the question is asked
        again."""
        raw = turn.raw_text.strip()
        if not raw or turn.kind not in ("text", "voice"):
            return False
        if self._refuse_text(parsing.strip_phones(raw)):
            return False   # refused words are not taken, the miss is told as it is
        if self._corrects(raw):
            # "No wait, 4 of them" at the address: what it names is replaced
            # (not only filled when empty), said back, and the question again.
            self._fill_from(raw, replace=True)
            self._person_defaults()
            self._default_method()
            self._say_understood()
            return True
        if self._take_and_say(raw):
            return True
        kind = self._employer_kind_said(raw)
        if kind is not None:
            # "Just me" at the address (who is hiring was never asked: it is
            # taken as a person unless said): noted and said, the question again.
            self._take_employer_kind(kind)
            self.say("post-kind-taken", kind=kind)
            self._say_missing()
            return True
        name = parsing.company_name_alone(raw, self.ctx.refdata)
        if name is None or self.slots.get("employer_kind") != "company" or self.slots.get("employer_name"):
            return False
        # The company's name, said at the start day's question before it was asked.
        self.slots["employer_name"] = name[:MAX_TEXT]
        self.say("post-company-taken", name=self.slots["employer_name"])
        self._say_missing()
        return True

    def answers_aside(self, turn: Turn) -> bool:
        """"Publish" before the post is whole: what is still missing, and the
        question asked again; a yes or a no at the address or the name (to the
        post said back): acknowledged, and the question asked again."""
        if self.state in ("ask_post", "ask_consent", "confirm") or turn.kind not in ("text", "voice"):
            return False
        said = self.ctx.nlu.yes_no(turn.raw_text) if self.state in YES_NO_ACKNOWLEDGED else None
        if said is not None:
            # "Right" to the post said back, "wrong" to it: not a miss.
            self.say("post-said-yes" if said else "post-said-no")
            return True
        contact = parsing.only_a_contact(turn.raw_text) if self.state == "ask_address" else None
        if contact is not None:
            # Who to ask for, once the contact is known (a new one is taken
            # when not, before this): the latest said, and not a miss.
            s = self.slots
            if s.get("employer_kind") == "person" and s.get("employer_name") == s.get("contact_name"):
                s["employer_name"] = contact[:MAX_TEXT]
            s["contact_name"] = contact[:MAX_TEXT]
            self._say_understood()
            return True
        if self._publish_word(turn.raw_text) != "publish":
            return False
        self.say("post-publish-not-yet")
        self._say_missing()
        return True

    def also_answers(self, turn: Turn) -> None:
        """"Tomorrow, 8 to 5" at the day's question, "Master Chen 138…" at
        the name's: the other fields it gives are filled too (when still
        empty, and when the content rules pass the words), said back, and
        not asked. Not at the questions whose answer is free text or a
        code, nor at the consent and the summary."""
        raw = turn.raw_text.strip()
        if not raw or turn.kind not in ("text", "voice") or self.state in NOT_READ_FOR_MORE:
            return
        if self.ctx.rules is not None and self._verdict(parsing.strip_phones(raw)).decision == "refuse":
            return
        self._take_and_say(raw)

    def _take_and_say(self, raw: str) -> bool:
        """The empty fields the words give, filled (with the defaults they
        bring) and the post said back; whether any was. A contact's name or
        the meals alone count here ("Master Chen" at the hours' question is
        taken and said), though they make no post on their own."""
        before = dict(self.slots)
        self._fill_from(raw)
        if self.slots == before:
            return False
        self._person_defaults()
        self._default_method()
        self._say_understood()
        return True

    # ---- what was understood ------------------------------------------------
    def _say_understood(self) -> None:
        """The post in one line as understood ("hiring 3 movers, Fengze,
        tomorrow 08:00-17:00, 200 yuan/day, paid daily"), then what is still missing, by name
        (the summary follows when nothing is)."""
        self.say("post-understood", **self._understood_vars())
        self._say_missing()

    def _say_missing(self) -> None:
        """What is still missing, by name (a company's name for a company)."""
        missing = self._missing()
        if self.slots.get("employer_kind") == "company":
            missing = ["company_name" if f == "employer_name" else f for f in missing]
        if missing:
            self.say("post-missing", **_listed(missing, MISSING_SHOWN))

    def _address_after_area(self, area: str) -> str:
        """The address as said after the area's name ("Fengze, Donghu
        Street", not "Fengze, Fengze Donghu Street")."""
        address = self.slots.get("address") or ""
        if self.slots.get("area") and area and address.startswith(area):
            address = address[len(area):].lstrip(" ,，、")
        return address or "none"

    def _understood_vars(self) -> dict:
        s = self.slots
        v = job_vars(s, self.ctx.refdata, self.ctx.locale)
        when = "none"
        if s.get("date"):
            ahead = (date.fromisoformat(s["date"]) - self.ctx.today).days
            when = {0: "today", 1: "tomorrow", 2: "after_tomorrow"}.get(ahead, "date")
        return {
            "headcount": s.get("headcount") or 0, "trades": v["trades"] if s.get("trades") else "none",
            "area": v["area"] if s.get("area") else "none", "address": self._address_after_area(v["area"]),
            "when": when, "month": v["month"], "day": v["day"],
            "time": v["time"] if s.get("time") else "none",
            "amount": v["amount"] if s.get("pay") else "none", "pay_unit": v["pay_unit"],
            "method": s.get("method") or "none",
            "days": 0 if "days" in (s.get("defaulted") or ()) else int(s.get("days") or 0),
            "meals": v["meals"], "lodging": v["lodging"],
            "contact": s.get("contact_name") or "none",
        }

    def _missing(self) -> list[str]:
        """The questions still to ask, in order."""
        special = {"address": PostJobDialog.missing_address, "credit": PostJobDialog.missing_credit,
                   "meals": PostJobDialog.missing_meals}
        return [f for f in FIELDS if (special[f](self) if f in special else self.slots.get(f) is None)]

    def _fill_from(self, text: str, replace: bool = False, prefer: tuple[str, ...] = ()) -> int:
        """Fill empty slots from a message (every slot it names, with
        `replace`; the `prefer` ones even when known); how many fields it
        gave. A pay without its unit ("250") keeps the unit it had."""
        f = parsing.parse_post(text, self.ctx.refdata, self.ctx.today)
        pay_unit = (f.pay.unit if f.pay else "") or (self.slots.get("pay") or {}).get("unit") or ""
        found = {
            "trades": list(f.trades) or None, "area": f.area,
            "address": f.address, "date": f.start_date.isoformat() if f.start_date else None,
            "days": f.days, "time": self._time_in_post(f, text),
            "pay": ({"min": f.pay.min, "max": f.pay.max, "unit": pay_unit} if f.pay and pay_unit and f.pay.min > 0
                    else None),
            "method": f.pay_method, "headcount": f.headcount, "phone": f.phone,
            "contact_name": f.contact_name, "meals": f.meals, "lodging": f.lodging, "skills": f.skills,
        }
        if f.employer and not self.slots.get("employer_name"):
            # "Hongxing shoe factory is hiring": a company, by that name (its credit code is still asked, skippable).
            found["employer_name"] = f.employer
            if self.slots.get("employer_kind") != "company":
                self.slots["employer_kind"] = "company"
                self.slots["credit"] = None
            self._not_default("employer_kind")
        if f.town:
            # A town is finer than the area: where to go, when nothing finer is said.
            towns = self.ctx.refdata.match_towns(f.town)
            if towns and f.area in (None, towns[0][1].code):
                found["area"] = towns[0][1].code
                found["address"] = found["address"] or f.town
        n = 0
        defaulted = set(self.slots.get("defaulted") or ())
        for key, value in found.items():
            # A field filled by default is as good as empty: what the words say replaces it.
            # Meals and lodging said again are a change of mind ("meals" then "no meals").
            if value is not None and (replace or key in prefer or self.slots.get(key) in (None, "")
                                      or key in defaulted or key in BOARD_FIELDS):
                self.slots[key] = value
                self._not_default(key)
                n += key not in ("contact_name", *BOARD_FIELDS)
        return n

    # ---- the content rules, at every change ---------------------------------
    def _verdict(self, text: str, pay: dict | None = None) -> Any:
        trade = self.ctx.refdata.trade_by_code((self.slots.get("trades") or [""])[0])
        pay = pay or {}
        return self.ctx.rules.check(text, trade_category=trade.category if trade else None,
                                    pay_amount=pay.get("max"), pay_unit=pay.get("unit"))

    def _lang(self) -> str:
        return "en" if self.ctx.locale == "en" else "zh"

    def _refuse_text(self, text: str) -> bool:
        """Check words the employer just wrote; when the rules refuse them,
        keep what to tell (said before the next question) and say so. Pay
        far above the market only goes to staff: that is decided when
        publishing, not here."""
        if self.ctx.rules is None or not text:
            return False
        verdict = self._verdict(text)
        if verdict.decision != "refuse":
            return False
        # Every sign of discrimination or a scam, the ones staff would only
        # look at too (an age limit): the employer rewrites the post once.
        lang = self._lang()
        self.slots["refused"] = [{"matched": h.matched, "why": h.why[lang], "fix": h.fix[lang]}
                                 for h in verdict.hits if h.action == "refuse" or h.category != "review"]
        return True

    def _drop_refused_words(self) -> None:
        """After a refused first message: the employer's own words go
        (nothing refused may be published), what was read from them as
        fields (trade, pay, place, phone) stays for the corrected post."""
        self.slots["description"] = ""
        for field in TEXT_FIELDS[1:]:
            value = self.slots.get(field)
            if value and self._verdict(value).decision == "refuse":
                self.slots[field] = None

    def is_refused(self) -> bool:
        return bool(self.slots.get("refused"))

    def _prompt(self) -> None:
        # The refusal comes first, then the question (the post again, or
        # the answer that was refused, said another way). At the summary,
        # prompt_confirm tells it with the lines to change.
        if self.state != "confirm":
            hits = self.slots.pop("refused", None)
            if hits:
                self._say_refusal(hits)
                if self.state != "ask_post":
                    self.say("post-refused-reanswer")
        super()._prompt()

    def _say_refusal(self, hits: list[dict]) -> None:
        self.say("post-refused")
        for hit in hits:
            if "minimum" in hit:
                self.say("post-below-minimum", **hit["minimum"])
            else:
                self.say("rule-hit", words=hit["matched"], why=hit["why"], fix=hit["fix"])

    def _checked(self, field: str, value: Any) -> Any:
        """An answer that a worker would read: refused words are not kept
        (the question is asked again, after the reason and the lawful
        wording)."""
        if isinstance(value, str) and self._refuse_text(value):
            if field == "description":
                self.slots["description"] = None  # asked again: an empty description is never asked
            return KEEP
        return value

    def parse_post_again(self, turn: Turn) -> Any:
        """The post, corrected after a refusal: what it says replaces what
        the refused one said."""
        text = turn.raw_text.strip()
        words = words_only(turn)
        if len(words) < 2 or parse_number(words) is not None:
            raise Invalid("post-resend-invalid")  # a number or a word is not a post
        self._fill_from(text, replace=True)
        if self._refuse_text(parsing.strip_phones(text)):
            self._drop_refused_words()
            return KEEP
        if self._fields_said(text) >= 2:
            # The post written again. A piece of one (a street, the address
            # alone) fills its field but is no description of the work.
            self.slots["description"] = self._description_of(text)
        self._defaults(text)
        self._say_understood()
        return KEEP

    def _description_of(self, text: str) -> str:
        """A post's words as workers read them: no phone numbers (they see
        the contact line), and "tomorrow" written as the day it meant, for
        they read it on other days."""
        return parsing.with_dates(parsing.strip_phones(text), self.ctx.today)[:MAX_TEXT]

    def _fields_said(self, text: str) -> int:
        f = parsing.parse_post(text, self.ctx.refdata, self.ctx.today)
        return sum(1 for x in (f.trades, f.area, f.start_date, f.start_time, f.pay, f.headcount, f.phone) if x)

    def _new_post(self, turn: Turn) -> bool:
        """A whole post sent as the answer to a question (after "I want to
        hire", or a change of mind): what it says replaces what was known,
        as a first message would, and the question still open is asked."""
        text = (turn.raw_text or "").strip()
        if not text or turn.location is not None:
            return False
        if self._fields_said(text) < NEW_POST_FIELDS:
            return False
        before = self.slots.get("contact_name")
        self._fill_from(text, replace=True)
        if self.slots.get("employer_kind") == "person" and before and self.slots.get("employer_name") == before:
            self.slots["employer_name"] = self.slots.get("contact_name")  # hiring for oneself, under the new name
        if self._refuse_text(parsing.strip_phones(text)):
            self._drop_refused_words()
            return True
        self.slots["description"] = self._description_of(text)
        self._defaults(text)
        self._say_understood()
        return True

    # ---- conditions ------------------------------------------------------
    def missing_meals(self) -> bool:
        """Meals and lodging are asked only when their summary line is
        picked: most posts say nothing of them, and that is shown as such."""
        return bool(self.slots.get("ask_board"))

    def missing_credit(self) -> bool:
        return self.slots.get("employer_kind") == "company" and self.slots.get("credit") is None

    def verdict_pass(self) -> bool:
        return self.slots.get("verdict") == "pass"

    def verdict_review(self) -> bool:
        return self.slots.get("verdict") == "review"

    def consent_refused(self) -> bool:
        return self.slots.get("consent") is False

    # ---- consent (an employer's first post) ---------------------------------
    def prompt_ask_consent(self) -> None:
        self.say("post-consent", days=self.ctx.need(PrivacyTerms())["engagement_days"])

    def parse_consent(self, turn: Turn) -> bool:
        # A dialog saved at this question before consent moved into the summary.
        return yes_no(self.ctx, turn)

    def on_enter_no_consent(self) -> None:
        self.say("post-consent-declined")
        self.say("menu-hint")

    # ---- questions -------------------------------------------------------
    def parse_trades(self, turn: Turn) -> Any:
        if self._new_post(turn):
            return KEEP  # a whole post, not an answer
        return trades_from_answer(self.ctx.refdata, turn, limit=3)

    def prompt_ask_area(self) -> None:
        say_area_choices(self, "post-ask-area")

    def parse_area(self, turn: Turn) -> Any:
        if self._new_post(turn):
            return KEEP  # a whole post, not an answer
        if turn.location is not None:
            self._set_location(turn.location)
            return KEEP
        text = words_only(turn)
        if parsing.says_a_count(text) and not area_in_words(self.ctx.refdata, text):
            # "3 of them" at the numbered districts is three workers (taken
            # as the head count when it is still open), not the third district.
            raise Invalid("post-area-is-a-count", said=turn.raw_text.strip()[:20])
        self.slots["area"] = area_from_answer(self.ctx.refdata, text)
        if self.ctx.refdata.match_towns(text) and not self.slots.get("address"):
            self.slots["address"] = turn.raw_text.strip()[:MAX_TEXT]
        return KEEP

    def _set_location(self, loc: Location) -> None:
        self.slots["location"] = [loc.lat, loc.lng]
        if not self.slots.get("area"):
            nearest = min(self.ctx.refdata.areas,
                          key=lambda a: (a.lat - loc.lat) ** 2 + (a.lng - loc.lng) ** 2)
            self.slots["area"] = nearest.code
        if not self.slots.get("address"):
            self.slots["address"] = loc.label or ""

    def missing_address(self) -> bool:
        """Asked once: "" is "not known yet" said (the area is enough to
        publish; workers call to ask)."""
        return self.slots.get("address") is None and not self.slots.get("location")

    def parse_address(self, turn: Turn) -> Any:
        if self._new_post(turn):
            return KEEP  # a whole post, not an answer
        if turn.location is not None:
            self._set_location(turn.location)
            return KEEP
        text = words_only(turn)
        if self._corrects(turn.raw_text):
            raise Invalid("address-not-a-place")   # read for what it changes (answers_another_question)
        if self.ctx.nlu.yes_no(text) is not None:
            # "Right" after the post said back, "no" to it: never kept as an
            # address (answers_aside acknowledges it before this is reached).
            raise Invalid("address-too-short")
        if self._no_address(text):
            self.slots["address"] = ""
            return KEEP
        if len(text) < 2:
            raise Invalid("address-too-short")
        if self._not_a_place(text) or self._employer_kind_said(text) is not None:
            raise Invalid("address-not-a-place")
        address = parsing.strip_meals_lodging(turn.raw_text)[:MAX_TEXT]   # the meals go to their own line
        if not self._refuse_text(address):
            self.slots["address"] = address
        return KEEP

    def _not_a_place(self, text: str) -> bool:
        """"tomorrow", "8 to 5", "200 a day", "no meals": a day, hours, pay,
        a head count, a phone, meals or a bed, and nothing that reads as a
        place; or only who to ask for ("just ask for Mr Chen"), which was
        saved as the address."""
        if parsing.parse_address(text, self.ctx.refdata) or self.ctx.refdata.match_towns(text):
            return False
        f = parsing.parse_post(text, self.ctx.refdata, self.ctx.today)
        return (any((f.start_date, f.start_time, f.pay, f.headcount, f.phone)) or f.meals is not None
                or f.lodging is not None or bool(parsing.only_a_contact(text)))

    def _no_address(self, text: str) -> bool:
        """"skip", "not known yet", "ask me by phone", or only the area again ("in Fengze"):
        no address beyond the area."""
        if parsing.parse_address(text, self.ctx.refdata) or self.ctx.refdata.match_towns(text):
            return False
        if self.ctx.nlu.is_skip(text) or self.ctx.nlu.means_none(text) \
                or choice_words(ADDRESS_LATER.name).match(text, ADDRESS_LATER.codes):
            return True
        area = self.ctx.refdata.match_areas(text)
        if area and len(text) <= 8:
            self.slots["area"] = area[0].code
            return True
        return False

    def parse_date(self, turn: Turn) -> Any:
        if self._new_post(turn):
            return KEEP  # a whole post, not an answer
        text = words_only(turn)
        day = parsing.parse_date(text, self.ctx.today)
        if day is None and choice_words(START_DAY.name).match(text, START_DAY.codes):
            day = self.ctx.today   # "as soon as possible", "any time", "long-term": from today (said in the summary)
        if day is None or day > self.ctx.today + timedelta(days=180):
            raise Invalid("date-invalid")
        return day.isoformat()

    def parse_days(self, turn: Turn) -> int:
        text = words_only(turn)
        days = parsing.parse_days(text)
        if days is None:
            days = parse_number(text)
        if days is None:
            numbers = re.findall(r"[0-9]+", parsing.arabic_numerals(text))
            days = int(numbers[0]) if len(numbers) == 1 else None  # "2 days", "about 3"
        said_day = parsing.parse_date(text, self.ctx.today) if days is None else None
        if said_day is not None and said_day.isoformat() == self.slots.get("date"):
            days = 1  # "just tomorrow": only the day it starts
        if days is None or not 1 <= days <= MAX_DAYS:
            raise Invalid("days-invalid", max=MAX_DAYS)
        return days

    def parse_time(self, turn: Turn) -> Any:
        if self._new_post(turn):
            return KEEP  # a whole post, not an answer
        text = words_only(turn)
        found = parsing.parse_time_range(text)
        if found is not None and found[0]:
            return {"start": found[0], "end": found[1] or ""}
        words = hours_in_words(text)
        if words is None:
            raise Invalid("time-invalid")
        # "Two shifts", "not fixed": a factory's hours have no clock times.
        return {"start": "", "end": "", "words": words}

    def parse_pay(self, turn: Turn) -> Any:
        if self._new_post(turn):
            return KEEP  # a whole post, not an answer
        pay = parsing.parse_pay(words_only(turn))
        if pay is None or pay.min <= 0 or pay.max < pay.min:
            raise Invalid("pay-invalid")
        unit = pay.unit or UNIT_OF_METHOD.get(self.slots.get("method") or "", "")
        if not unit:
            raise Invalid("pay-need-unit")
        self.slots["pay"] = {"min": pay.min, "max": pay.max, "unit": unit}
        self._default_method()
        return KEEP

    def prompt_ask_method(self) -> None:
        self.say("post-ask-method")

    def parse_method(self, turn: Turn) -> str:
        method = parsing.parse_pay_method(words_only(turn))
        self._not_default("method")
        return method or pick(turn, METHODS)

    def parse_headcount(self, turn: Turn) -> Any:
        if self._new_post(turn):
            return KEEP  # a whole post, not an answer
        text = words_only(turn)
        n = parsing.parse_headcount(text, self.ctx.refdata)
        if n is None:
            n = parse_number(text)
        if n is None or not 1 <= n <= 999:
            raise Invalid("headcount-invalid")
        return n

    def parse_skills(self, turn: Turn) -> Any:
        return self._checked("skills", parsing.strip_phones(optional_text(self.ctx, turn, MAX_TEXT)))

    def parse_description(self, turn: Turn) -> Any:
        return self._checked("description", parsing.strip_phones(optional_text(self.ctx, turn, MAX_TEXT)))

    def parse_board(self, turn: Turn) -> Any:
        """Meals and lodging: a number of the question's, words ("meals, no bed",
        "just meals"), or "not said" (skipped: shown as not said)."""
        meals, lodging = parsing.parse_meals_lodging(turn.raw_text)
        if meals is None and lodging is None:
            try:
                meals, lodging = BOARD_VALUES[pick(turn, BOARD)]   # "none" is "neither" here, not a skip
            except Invalid:
                if not self.ctx.nlu.is_skip(words_only(turn)):
                    raise
        elif meals is None or lodging is None:
            # "Meals provided" alone, at a question that offers "meals only": the bed is not.
            meals, lodging = bool(meals), bool(lodging)
        self.slots.pop("ask_board", None)
        self.slots["meals"], self.slots["lodging"] = meals, lodging
        return KEEP

    def parse_employer_kind(self, turn: Turn) -> Any:
        try:
            kind = pick(turn, EMPLOYER_KINDS)
        except Invalid as bad:
            # "hiring" (both options say it) or anything else: the question again, said plainly.
            if bad.reason.id == "pick-a-number":
                raise
            raise Invalid("post-kind-which") from None
        self.slots["employer_kind"] = kind
        self._not_default("employer_kind")
        self.slots["credit"] = "" if kind == "person" else None
        return KEEP

    def prompt_ask_employer_name(self) -> None:
        self.say("post-ask-company-name" if self.slots.get("employer_kind") == "company" else "post-ask-employer-name")

    def _corrects(self, raw: str) -> bool:
        """Words that correct the post ("no wait", "make it ...") and name
        what changes (a day, a head count, the pay ...): no answer to a name
        or an address question ("never mind, make it the day after tomorrow" was
        saved as the name)."""
        if not choice_words(CORRECTION.name).match(raw, CORRECTION.codes):
            return False
        found = parsing.parse_post(raw, self.ctx.refdata, self.ctx.today)
        return any((found.trades, found.area, found.start_date, found.days, found.start_time, found.pay,
                    found.headcount, found.pay_method))

    def parse_employer_name(self, turn: Turn) -> Any:
        text = words_only(turn)
        if self._corrects(turn.raw_text):
            raise Invalid("name-invalid")   # read for what it changes (answers_another_question)
        kind = self._employer_kind_said(turn.raw_text)
        if kind is not None and kind != self.slots.get("employer_kind"):
            # "Just me" at the company's name (or "a company" at a person's):
            # who is hiring changes, and that kind's name is asked ("myself"
            # was saved as the company's name) ...
            self._take_employer_kind(kind)
            self.say("post-kind-taken", kind=kind)
            company = parsing.company_name_alone(turn.raw_text, self.ctx.refdata) if kind == "company" else None
            if company is None:
                return KEEP
            # ... unless it was the name: "Licheng Snack Shop" at a person's name is a
            # shop hiring, and that is its name (not asked for a second time).
            return self._checked("employer_name", company[:MAX_TEXT])
        if kind is not None and said_alone(turn.raw_text, choice_words(EMPLOYER_KINDS.name).words.get(kind, ())):
            # The kind said again ("a company" at the company's name, "myself" at
            # a person's): who is hiring, not their name (found in ./dev chat:
            # "company" was published as the company's name).
            raise Invalid("post-company-name-needed" if kind == "company" else "name-invalid")
        if self.ctx.nlu.is_skip(text):
            # Workers need a name to ask for, and to know which firm it is.
            raise Invalid("post-company-name-needed" if self.slots.get("employer_kind") == "company"
                          else "name-invalid")
        if self._publish_word(turn.raw_text) is not None:
            raise Invalid("name-not-a-word", said=turn.raw_text.strip()[:10])  # no one is called "publish"
        name = self._checked("employer_name", name_answer(self.ctx, turn))
        if name is not KEEP and self.slots.get("employer_kind") == "person" and not self.slots.get("contact_name"):
            self.slots["contact_name"] = name  # the name workers ask for
        return name

    def parse_phone(self, turn: Turn) -> Any:
        if self._new_post(turn):
            return KEEP  # a whole post, not an answer
        # Workers must be able to reach the employer: no skipping here.
        phone = phone_answer(self.ctx, turn, optional=False, invalid="post-phone-invalid")
        contact = parsing.parse_contact_name(parsing.strip_phones(turn.raw_text))
        if contact and not self._refuse_text(contact):
            self.slots["contact_name"] = contact  # "13812345678, ask for master Chen"
        return phone

    def parse_credit(self, turn: Turn) -> str:
        code = optional_text(self.ctx, turn, 40).upper().replace(" ", "")
        if not code:
            return ""
        if not parsing.valid_credit_code(code):
            raise Invalid("credit-invalid")
        return code

    # ---- summary and publishing -------------------------------------------
    def prompt_confirm(self) -> None:
        s = self.slots
        hits = s.pop("refused", None)
        if hits:
            self._say_refusal(hits)
            self.say("post-refused-edit", description=SUMMARY.index("description") + 1,
                     skills=SUMMARY.index("skills") + 1)
        if self._trim_description():
            self.say("post-description-trimmed")
        if "date" in (s.get("defaulted") or ()) and (s.get("date") or "") < self.ctx.today.isoformat():
            s["date"] = self.ctx.today.isoformat()   # "from today" was said on an earlier day
        v = job_vars(s, self.ctx.refdata, self.ctx.locale)
        if not s.get("address") and not s.get("location"):
            v["address"] = "none"
        self.say("post-summary", **v, kind=s.get("employer_kind") or "person", contact=s.get("contact_name") or "none")
        defaulted = [f for f in DEFAULTS_SHOWN if f in (s.get("defaulted") or ())]
        if defaulted:
            self.say("post-defaults", **_listed(defaulted, DEFAULTS_SHOWN), method_code=s.get("method") or "daily",
                     day_count=int(s.get("days") or 1))
        if s.get("consent") is not True:
            # What is kept, why and how long, said where it is agreed to: "publish" is the consent.
            self.say("post-consent-short", days=self.ctx.need(PrivacyTerms())["engagement_days"])
        self.say("post-confirm")

    def _trim_description(self) -> bool:
        """The notes never contradict the lines above them: when the notes
        say another trade, place, day, time, pay, head count, number of
        days, meals or bed than the post now has (changed at the summary, or
        a repost on another day), the parts of them that say it are taken out; the rest
        stays as written. Whether anything was taken out."""
        text = self.slots.get("description") or ""
        changed = self._differs(text) if text else set()
        if not changed:
            return False
        breaks = _CLAUSE_RE if _LATIN_RE.search(text) else _CLAUSE_OR_SPACE_RE
        pieces = breaks.split(text)  # a part, what follows it, a part, ...
        pairs = [(pieces[i], pieces[i + 1] if i + 1 < len(pieces) else "") for i in range(0, len(pieces), 2)]
        kept = [(part, after) for part, after in pairs if not (part.strip() and self._differs(part.strip()) & changed)]
        self.slots["description"] = "".join(part + after for part, after in kept).strip(_BREAK_CHARS)
        return True

    @staticmethod
    def _time_in_post(f: parsing.PostFields, text: str) -> dict | None:
        """The hours a whole post gives: clock times, or words for them."""
        if f.start_time:
            return {"start": f.start_time, "end": f.end_time or ""}
        words = hours_in_words(text, WORK_HOURS_IN_POST)
        return {"start": "", "end": "", "words": words} if words else None

    def _differs(self, words: str) -> set[str]:
        """The fields these words state otherwise than the post has them."""
        s = self.slots
        f = parsing.parse_post(words, self.ctx.refdata, self.ctx.today)
        time, pay = s.get("time") or {}, s.get("pay") or {}
        checks = {
            "trades": f.trades and not set(f.trades) & set(s.get("trades") or ()),
            "area": f.area and f.area != s.get("area"),
            "date": f.start_date and f.start_date.isoformat() != s.get("date"),
            "time": f.start_time and (f.start_time != time.get("start")
                                      or bool(f.end_time and f.end_time != time.get("end"))),
            "pay": f.pay and (f.pay.min, f.pay.max) != (pay.get("min"), pay.get("max")),
            "headcount": f.headcount and f.headcount != s.get("headcount"),
            "days": f.days and f.days != s.get("days"),
            "meals": f.meals is not None and f.meals != s.get("meals"),
            "lodging": f.lodging is not None and f.lodging != s.get("lodging"),
        }
        return {field for field, differs in checks.items() if differs}

    def parse_confirm(self, turn: Turn) -> Any:
        s = self.slots
        s.pop("verdict", None)
        text = words_only(turn)
        said = self._publish_word(text)
        if said == "disagree" and s.get("consent") is not True:
            s["consent"] = False
            return KEEP
        if said == "hold":
            raise Invalid("post-summary-invalid")  # "not yet": nothing published, the summary again
        field = SAVE if said == "publish" else summary_answer(self.ctx, turn, SUMMARY)
        if field == SAVE:
            # The summary showed the terms to whoever had not agreed yet.
            s["consent"] = True
            self._judge()
            return KEEP
        if field is None and parse_number(text) is None:
            if self._changed_in_words(turn):
                return KEEP
            field = self._line_in_words(text)
        if field is not None:
            self._ask_again(field)
            return KEEP
        raise Invalid("post-summary-invalid")

    def _publish_word(self, text: str) -> str | None:
        """publish | hold | disagree, said as (nearly) the whole answer; a
        word of one character only as the whole answer."""
        said = normalise(text).lower()
        if len(said) > PUBLISH_WORDS_MAX:
            return None
        words = choice_words(PUBLISH.name)
        found = [code for code in words.match(text, PUBLISH.codes)
                 if any(len(w) > 1 and w in said or w == said for w in words.words[code])]
        return found[0] if len(found) == 1 else None

    def _changed_in_words(self, turn: Turn) -> bool:
        """A change said at the summary ("two days", "pay 250", "the address is
        ... compound"): taken at once, checked by the content rules."""
        raw = turn.raw_text.strip()
        if self._refuse_text(parsing.strip_phones(raw)):
            return True  # told with the summary, nothing changed
        board = self._board()
        if self._fill_from(raw, replace=True) > 0 or self._board() != board:
            return True
        kind = self._employer_kind_said(raw)
        if kind is not None:
            self._take_employer_kind(kind)
            return True
        return False

    def _board(self) -> tuple:
        """Meals and bed as the post has them (a change of them alone is a change too)."""
        return tuple(self.slots.get(f) for f in BOARD_FIELDS)

    def _employer_kind_said(self, raw: str) -> str | None:
        """"Company", "just me" said alone (short): who is hiring."""
        kinds = _employer_kinds_in(raw)
        return kinds[0] if len(normalise(raw)) <= PUBLISH_WORDS_MAX and len(kinds) == 1 else None

    def _take_employer_kind(self, kind: str) -> None:
        """Who is hiring, as said; a company's name is then asked."""
        if kind != self.slots.get("employer_kind"):
            self.slots["employer_kind"] = kind
            self.slots["employer_name"] = None if kind == "company" else self.slots.get("contact_name")
            self.slots["credit"] = None
        self._not_default("employer_kind")
        self._person_defaults()

    def _line_in_words(self, text: str) -> str | None:
        found = choice_words(LINES.name).match(text, LINES.codes)
        return found[0] if len(found) == 1 else None

    def _ask_again(self, field: str) -> None:
        if field == "meals":
            self.slots["ask_board"] = True   # "not said" is an answer too: asked by this mark
            return
        self.slots[field] = None
        self._not_default(field)
        if field == "address":
            self.slots["location"] = None
        if field == "employer_name":
            # Who is hiring, then the name (a person's or a company's).
            self.slots["employer_kind"] = None

    def _judge(self) -> None:
        s = self.slots
        pay = s.get("pay") or {}
        trade = self.ctx.refdata.trade_by_code((s.get("trades") or [""])[0])
        verdict = self.ctx.rules.check(rules_text(s), trade_category=trade.category if trade else None,
                                       pay_amount=pay.get("max"), pay_unit=pay.get("unit"),
                                       pay_min=pay.get("min"), area=s.get("area"),
                                       hours=day_hours(s.get("time")), today=self.ctx.today)
        lang = self._lang()
        s["verdict"] = verdict.decision
        s["reasons"] = [h.rule_id for h in verdict.hits]
        if verdict.decision == "refuse":
            s["refused"] = [self._minimum_vars(h.minimum) if h.minimum is not None
                            else {"matched": h.matched, "why": h.why[lang], "fix": h.fix[lang]}
                            for h in verdict.hits if h.action == "refuse"]

    def _minimum_vars(self, short: Any) -> dict:
        """Pay below the minimum wage, as the refusal tells it: the pay, the
        minimum (a day's: the hourly minimum times the hours), the area,
        the document and its date, and the summary line to change."""
        figure, locale = short.figure, self.ctx.locale
        area = self.ctx.refdata.area_by_code(short.area) if short.area else None
        return {"minimum": {
            "paid": fmt_amount(short.paid), "least": fmt_amount(short.least), "unit": short.unit,
            "hourly": fmt_amount(figure.hourly), "hours": fmt_amount(short.hours or STANDARD_DAY_HOURS),
            "hours_said": "yes" if short.hours else "no",
            "area": area.label(locale) if area else "none",
            "document": figure.standard.name(locale), "effective": figure.standard.effective.isoformat(),
            "newer": "yes" if figure.newer is not None else "no",
            "check": self.ctx.rules.minimum_wage.check_place(locale),
            "line": SUMMARY.index("pay") + 1}}

    def _save(self, for_review: bool) -> None:
        s = self.slots
        day = date.fromisoformat(s["date"])
        location = s.get("location")
        self.do(PublishJob(
            job=JobPost(trades=tuple(s["trades"]), skills=s.get("skills") or "", area=s["area"],
                        address=s.get("address") or "", lat=location[0] if location else None,
                        lng=location[1] if location else None, start_date=s["date"],
                        end_date=(day + timedelta(days=int(s["days"]) - 1)).isoformat(), days=int(s["days"]),
                        start_time=s["time"]["start"], end_time=s["time"].get("end") or "",
                        work_hours=s["time"].get("words") or "",
                        pay_min=s["pay"]["min"], pay_max=s["pay"]["max"], pay_unit=s["pay"]["unit"],
                        pay_method=s["method"], headcount=int(s["headcount"]), meals=s.get("meals"),
                        lodging=s.get("lodging"), contact_name=s.get("contact_name") or s.get("employer_name") or "",
                        contact_phone=s["phone"], description=s.get("description") or ""),
            employer=Employer(kind=s["employer_kind"], name=s["employer_name"], phone=s["phone"],
                              credit_code=s.get("credit") or None, contact_name=s.get("contact_name") or "",
                              consent=s.get("consent") is True),
            for_review=for_review, reasons=tuple(s.get("reasons") or ()), job_id=s.get("job_id")))

    def on_enter_published(self) -> None:
        self._save(for_review=False)
        self.say("post-published")
        self.say("menu-hint")

    def on_enter_in_review(self) -> None:
        self._save(for_review=True)
        self.say("post-in-review")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        # A refused post (the first message, or the corrected one): the
        # reason first, then the post again before any other question.
        {"trigger": "answer", "source": ["start", "ask_post"], "dest": "ask_post", "conditions": is_refused},
        {"trigger": "answer", "source": "confirm", "dest": "published", "conditions": verdict_pass},
        {"trigger": "answer", "source": "confirm", "dest": "in_review", "conditions": verdict_review},
        # Consent before a first post (said "publish" at the summary, or "I do not agree"): without it nothing is
        # kept and nothing published.
        {"trigger": "answer", "source": ["ask_consent", "confirm"], "dest": "no_consent",
         "conditions": consent_refused},
        *ask_in_order(FIELDS, done="confirm", missing={"address": missing_address, "credit": missing_credit,
                                                       "meals": missing_meals}),
    ]
    questions = {
        "ask_post": Question("post-ask-corrected", parse_post_again),
        "ask_trades": Question("post-ask-trade", parse_trades, slot="trades"),
        "ask_area": Question("post-ask-area", parse_area, ask=prompt_ask_area),
        "ask_address": Question("post-ask-address", parse_address),
        "ask_date": Question("post-ask-date", parse_date, slot="date"),
        "ask_days": Question("post-ask-days", parse_days, slot="days"),
        "ask_time": Question("post-ask-time", parse_time, slot="time"),
        "ask_pay": Question("post-ask-pay", parse_pay),
        "ask_method": Question("post-ask-method", parse_method, slot="method", ask=prompt_ask_method),
        "ask_headcount": Question("post-ask-headcount", parse_headcount, slot="headcount"),
        "ask_skills": Question("post-ask-skills", parse_skills, slot="skills", free_text=True),
        "ask_description": Question("post-ask-description", parse_description, slot="description", free_text=True),
        "ask_meals": Question("post-ask-board", parse_board),
        "ask_consent": Question("post-consent", parse_consent, slot="consent", ask=prompt_ask_consent),
        "ask_employer_kind": Question("post-ask-employer-kind", parse_employer_kind),
        "ask_employer_name": Question("post-ask-employer-name", parse_employer_name, slot="employer_name",
                                      ask=prompt_ask_employer_name),
        "ask_phone": Question("post-ask-phone", parse_phone, slot="phone"),
        "ask_credit": Question("post-ask-credit", parse_credit, slot="credit"),
        "confirm": Question("post-confirm", parse_confirm, ask=prompt_confirm),
    }
    on_enter = {"published": on_enter_published, "in_review": on_enter_in_review, "no_consent": on_enter_no_consent}


class MyJobsDialog(Dialog):
    """"My jobs": an employer's jobs, one to close (filled), repost or edit."""

    name = "my_jobs"
    # (Deciding on an applicant types nothing either: "hire or not" is a choice.)
    browsing = frozenset({"pick_job", "pick_action", "pick_applicant", "decide"})
    states = ["start", "pick_job", "pick_action", "ask_new_date", "closed", "handed_over", "empty",
              "pick_applicant", "decide", "decided"]

    def on_start(self) -> None:
        jobs = self.ctx.need(MyJobs())
        self.slots["jobs"] = [j.id for j in jobs[:LIST_SIZE]]
        turn = self.turn
        said = self.ctx.nlu.applicant_decision(turn.text) \
            if turn is not None and turn.kind in ("text", "voice") and self.slots["jobs"] else None
        if said is not None and self._decision_named(*said):
            self.trigger("named")
            return
        self.trigger("listed")

    def _decision_named(self, decision: str, name: str) -> bool:
        """"Hire Old Li" in one message (after the notice that he applied):
        the one applicant still waiting who is called so (or, with no name,
        the only one waiting) is decided on at once. Otherwise what was not
        found is said, and the jobs are listed as usual."""
        waiting = [(a.application.job_id, a) for a in self.ctx.need(WaitingApplicants(tuple(self.slots["jobs"])))]
        matches = waiting
        if name:
            keys = [(j, a, self.ctx.nlu.name_key(a.name)) for j, a in waiting if a.name]
            matches = [(j, a) for j, a, key in keys if key == name] \
                or [(j, a) for j, a, key in keys if key and (name in key or key in name)]
        if len(matches) != 1:
            self.say("applicant-named-none" if not matches else "applicant-named-several",
                     name=name or "none", count=len(matches))
            return False
        job_id, applicant = matches[0]
        self.slots.update(pick_job=job_id, pick_action="applicants", pick_applicant=applicant.id, decide=decision,
                          named=True)
        return True

    def has_jobs(self) -> bool:
        return bool(self.slots["jobs"])

    def _jobs(self) -> dict[int, domain.Job]:
        return {j.id: j for j in self.ctx.need(MyJobs())}

    def prompt_pick_job(self) -> None:
        jobs = self._jobs()
        applied = self.ctx.need(ApplicantCounts())
        self.say("myjobs-list")
        for i, job_id in enumerate(self.slots["jobs"], 1):
            job = jobs.get(job_id)
            if job is None:
                continue
            v = job_vars(slots_from_job(job, None), self.ctx.refdata, self.ctx.locale)
            self.say("myjobs-line", n=i, id=job_id, trades=v["trades"], area=v["area"], month=v["month"],
                     day=v["day"], headcount=v["headcount"], status=job.status_on(self.ctx.today),
                     applied=applied.get(job_id, 0))
        self.say("myjobs-pick")

    def parse_job(self, turn: Turn) -> int:
        if len(self.slots["jobs"]) == 1 and turn.kind in ("text", "voice") and turn.text \
                and parse_number(turn.text) is None and one_of_one(self.ctx, turn.text):
            return int(self.slots["jobs"][0])   # "show me" at a list of one
        jobs = self._jobs()
        labels = []
        for job_id in self.slots["jobs"]:
            job = jobs.get(job_id)
            v = job_vars(slots_from_job(job, None), self.ctx.refdata, self.ctx.locale) if job is not None else None
            # By its number or words only it has: its trade, area, day or #id.
            labels.append(f"#{job_id} {v['trades']} {v['area']}" if v else f"#{job_id}")
        return pick(turn, self.slots["jobs"], labels=labels)

    def prompt_pick_action(self) -> None:
        job = self._jobs().get(self.slots["pick_job"])
        if job is not None:
            self.say("post-summary-plain", **job_vars(slots_from_job(job, None), self.ctx.refdata, self.ctx.locale))
            self.say("job-status", status=job.status_on(self.ctx.today), id=job.id)
        self.say("myjobs-action", applied=self.ctx.need(ApplicantCounts()).get(self.slots["pick_job"], 0))

    def parse_action(self, turn: Turn) -> str:
        return pick(turn, JOB_ACTIONS)

    def wants_applicants(self) -> bool:
        return self.slots.get("pick_action") == "applicants"

    def _applicants(self) -> list[domain.Applicant]:
        return [a for a in self.ctx.need(Applicants(self.slots["pick_job"])) if a.status != "withdrawn"]

    def prompt_pick_applicant(self) -> None:
        applicants = self._applicants()
        if not applicants:
            self.say("applicants-none")
            return
        self.say("applicants-list", count=len(applicants))
        for i, a in enumerate(applicants, 1):
            trades = [self.ctx.refdata.trade_by_code(c) for c in a.trades]
            # The phone only once accepted, or when the worker chose to show it (ApplicationRepo.for_job).
            phone = a.phone or ("hidden" if a.phone_hidden else "none")
            self.say("applicant-line", n=i, name=a.name or "-", phone=phone,
                     trades=" / ".join(t.name for t in trades if t) or "-", status=a.status,
                     **rating_vars(a.rating))
        self.say("applicants-pick")

    def parse_applicant(self, turn: Turn) -> int:
        applicants = self._applicants()
        if not applicants:
            raise Invalid("pick-a-number", max=1)
        labels = [a.name or "" for a in applicants]
        # By the number or the name ("Old Wang").
        try:
            return pick(turn, applicants, labels=labels).id
        except Invalid:
            # "The first one, not a fit": the pick is what the decision's words leave
            # (the decision is then taken too, `also_answers`).
            rest = choice_words(DECISIONS.name).without(turn.text, DECISIONS.codes).strip()
            if not rest or rest == normalise(turn.text).lower():
                raise
            return pick(replace(turn, text=rest, raw_text=rest), applicants, labels=labels).id

    def prompt_decide(self) -> None:
        """"Old Wang: 1 hire 2 not a fit": the worker decided on, by name."""
        chosen = next((a for a in self._applicants() if a.id == self.slots.get("pick_applicant")), None)
        self.say("applicant-decide", name=(chosen.name if chosen else None) or "-")

    def parse_decision(self, turn: Turn) -> str:
        return pick(turn, DECISIONS)

    def also_answers(self, turn: Turn) -> None:
        """"Hire Old Li" (or "2 not a fit") when the applicants are listed:
        the decision said with the pick is taken, when what is left of the
        words after the name or number names one decision in words. Only
        in words: "the first one" picks the applicant, and is not also
        "1 hire" (that hired them unasked)."""
        if self.state != "pick_applicant" or turn.kind not in ("text", "voice"):
            return
        chosen = next((a for a in self._applicants() if a.id == self.slots.get("pick_applicant")), None)
        rest = normalise(turn.text)
        if chosen is not None and chosen.name:
            rest = rest.replace(normalise(chosen.name), "")
        rest = _PICK_NUMBER.sub("", rest).strip()
        said = choice_words(DECISIONS.name).match(rest, DECISIONS.codes) if rest else []
        if len(said) == 1:
            self.slots["decide"] = said[0]

    def decided_already(self) -> bool:
        return bool(self.slots.get("decide"))

    def on_enter_decided(self) -> None:
        self.do(DecideApplication(self.slots["pick_applicant"], accept=self.slots["decide"] == "accepted"))
        job = self._jobs().get(self.slots["pick_job"]) if self.slots.get("named") else None
        if job is not None:
            # Decided from one message, with no job picked: which job it was for.
            v = job_vars(slots_from_job(job, None), self.ctx.refdata, self.ctx.locale)
            self.say("applicant-decided-for", id=job.id, trades=v["trades"], month=v["month"], day=v["day"])
        # What was done, and on acceptance the worker's phone: known once the effect ran.
        self.say("applicant-decided", status=Result("decision"), name=Result("applicant_name"),
                 phone=Result("applicant_phone"))
        self.say("menu-hint")

    def wants_close(self) -> bool:
        return self.slots.get("pick_action") == "close"

    def wants_repost(self) -> bool:
        return self.slots.get("pick_action") == "repost"

    def wants_edit(self) -> bool:
        return self.slots.get("pick_action") == "edit"

    def parse_new_date(self, turn: Turn) -> str:
        day = parsing.parse_date(words_only(turn), self.ctx.today)
        if day is None or day > self.ctx.today + timedelta(days=180):
            raise Invalid("date-invalid")
        return day.isoformat()

    def on_enter_closed(self) -> None:
        self.do(CloseJob(self.slots["pick_job"]))
        self.say("myjobs-closed")
        self.say("menu-hint")

    def on_enter_handed_over(self) -> None:
        """Editing and reposting continue in the posting dialog, at its
        summary: checked by the content rules again before publishing."""
        job = self._jobs()[self.slots["pick_job"]]
        slots: dict[str, Any] = slots_from_job(job, self.ctx.need(EmployerProfile()))
        if self.slots.get("pick_action") == "repost":
            slots.pop("job_id")
            slots["date"] = self.slots["ask_new_date"]
        self.handover = (PostJobDialog.name, "confirm", slots)

    def on_enter_empty(self) -> None:
        self.say("myjobs-none")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "listed", "source": "start", "dest": "pick_job", "conditions": has_jobs},
        {"trigger": "listed", "source": "start", "dest": "empty"},
        {"trigger": "named", "source": "start", "dest": "decided"},
        {"trigger": "answer", "source": "pick_job", "dest": "pick_action"},
        {"trigger": "answer", "source": "pick_action", "dest": "closed", "conditions": wants_close},
        {"trigger": "answer", "source": "pick_action", "dest": "ask_new_date", "conditions": wants_repost},
        {"trigger": "answer", "source": "pick_action", "dest": "handed_over", "conditions": wants_edit},
        {"trigger": "answer", "source": "pick_action", "dest": "pick_applicant", "conditions": wants_applicants},
        {"trigger": "answer", "source": "pick_applicant", "dest": "decided", "conditions": decided_already},
        {"trigger": "answer", "source": "pick_applicant", "dest": "decide"},
        {"trigger": "answer", "source": "decide", "dest": "decided"},
        {"trigger": "answer", "source": "ask_new_date", "dest": "handed_over"},
    ]
    questions = {
        "pick_job": Question("myjobs-pick", parse_job, ask=prompt_pick_job),
        "pick_action": Question("myjobs-action", parse_action, ask=prompt_pick_action),
        "ask_new_date": Question("myjobs-new-date", parse_new_date),
        "pick_applicant": Question("applicants-pick", parse_applicant, ask=prompt_pick_applicant),
        "decide": Question("applicant-decide", parse_decision, ask=prompt_decide),
    }
    on_enter = {
        "closed": on_enter_closed,
        "handed_over": on_enter_handed_over,
        "empty": on_enter_empty,
        "decided": on_enter_decided,
    }
