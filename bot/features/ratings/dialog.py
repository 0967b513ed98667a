"""After the job (clause 24): either side says the work is done, both
rate each other once (a score, a few tags, a comment that passes the
content rules), a rating can be corrected for 24 hours, and now and then
a three-question survey of the market's own service; "my rating" shows
why a user's rating is what it is."""
from __future__ import annotations

import re
from typing import Any

from bot.domain import Engagement
from bot.language import parsing
from bot.engine.answers import Choice, labels_in, pick, words_only
from bot.language.choices import choice_words
from bot.engine.lists import PickFromList
from bot.engine.dialog import KEEP, Dialog, Invalid, Question, Result, Turn
from bot.language.nlu import normalise, parse_number
from bot.features.post_job.dialog import job_vars
from bot.features.ratings.rules import RULES
from bot.features.ratings.messages import (AnswerSurvey, DidNotHappen, Engagements, MyRating, Rate, StartSurvey,
                                           SurveyDue, WorkDone)
from bot.i18n import Say, say

_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MAX_COMMENT = 200
SHOWN = 8
# A score from 1 to 5, also said in words ("very happy"): bot/data/choices.json.
SCORES = Choice("score", ("1", "2", "3", "4", "5"))
# A "not" in a tag said in words that the tag itself does not have ("did not
# fail to pay") makes it unclear: asked again rather than read the other way.
_NOT = re.compile("[\\u4e0d\\u6ca1\\u522b\\u672a]|not|n't|never")  # bu, mei, bie, wei: "not"


def comment_problem(text: str) -> str | None:
    """Why a comment cannot be shown to others, or None: no phone numbers,
    no ID numbers, no insults (the same spirit as the post rules)."""
    if parsing.parse_mobile(text) or _ID_NUMBER.search(normalise(text)):
        return "personal"
    low = normalise(text).lower().replace(" ", "")
    if any(w in low for w in RULES.get().insults):
        return "insult"
    return None


def tag_label(role: str, code: str, locale: str) -> str:
    for t in RULES.get().tags_for(role):
        if t.code == code:
            return t.text(locale)
    return code


def engagement_vars(e: Engagement, refdata: Any, locale: str) -> dict:
    v = job_vars({"trades": list(e.trades), "area": e.area, "date": e.start_date}, refdata, locale)
    other = e.employer_name if e.role == "worker" else (e.worker_name or "-")
    return {"trades": v["trades"], "area": v["area"], "month": v["month"], "day": v["day"], "other": other}


def engagement_label(e: Engagement, refdata: Any, locale: str) -> str:
    """What one calls a job in a list of them: its trades, area and the other party's name."""
    v = engagement_vars(e, refdata, locale)
    return f"{v['trades']} {v['area']} {v['other']}"


class EngagementList(PickFromList):
    """A list of the user's jobs with someone (done, disputed, to rate), each named by its trades,
    area and the other party ("Mr Chen's")."""

    def say_item(self, n: int, e: Engagement) -> None:
        self.say("engagement-line", n=n, **engagement_vars(e, self.ctx.refdata, self.ctx.locale))

    def label(self, e: Engagement) -> str:
        return engagement_label(e, self.ctx.refdata, self.ctx.locale)


class DoneDialog(EngagementList, Dialog):
    """"Work done": end an engagement, then rate the other side."""

    name = "done"
    named_by = frozenset({"done"})
    states = ["start", "pick", "ended", "none"]
    list_says = ("done-list", "done-pick")

    def _going_on(self) -> list[Engagement]:
        return [e for e in self.ctx.need(Engagements()) if e.ended_at is None]

    def items(self) -> list[Engagement]:
        """Engagements going on whose work has begun (Quanzhou's today)."""
        return [e for e in self._going_on() if e.started_by(self.ctx.today)][:SHOWN]

    def on_enter_ended(self) -> None:
        e = next(e for e in self.ctx.need(Engagements()) if e.id == self.slots["pick"])
        self.do(WorkDone(e.id))
        self.say("done-ok")
        self.handover = ("rate", "ask_score", {"engagement": e.id, "role": e.role})

    def on_enter_none(self) -> None:
        later = [e for e in self._going_on() if e.first_day is not None]
        if later:
            # Work that has not begun cannot be done yet: say from which day.
            first = min(later, key=lambda e: e.start_date)
            day = first.first_day
            assert day is not None
            self.say("done-not-yet", id=first.job_id, month=day.month, day=day.day)
            self.say("menu-hint")
            return
        if any(e.rateable and e.my_rating is None for e in self.ctx.need(Engagements())):
            # The other side already said it is done: rating is what is left.
            self.say("done-by-other")
            self.handover = ("rate", "pick", {})
            return
        self.say("done-none")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "listed", "source": "start", "dest": "pick", "conditions": PickFromList.has_any},
        {"trigger": "listed", "source": "start", "dest": "none"},
        {"trigger": "answer", "source": "pick", "dest": "ended"},
    ]
    questions = {"pick": Question("done-pick", PickFromList.parse_pick, ask=PickFromList.prompt_pick)}
    on_enter = {"ended": on_enter_ended, "none": on_enter_none}


class DisputeDialog(EngagementList, Dialog):
    """"It did not happen": the other side said the work is done, but it did not happen."""

    name = "dispute"
    named_by = frozenset({"dispute"})
    states = ["start", "pick", "sent", "none"]
    list_says = ("dispute-list", "dispute-pick")

    def items(self) -> list[Engagement]:
        return [e for e in self.ctx.need(Engagements())
                if e.ended_at is not None and e.ended_by != e.role and not e.disputed][:SHOWN]

    def on_enter_sent(self) -> None:
        self.do(DidNotHappen(self.slots["pick"]))
        self.say("dispute-sent", id=Result("ticket_id"))
        self.say("menu-hint")

    def on_enter_none(self) -> None:
        self.say("dispute-none")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "listed", "source": "start", "dest": "pick", "conditions": PickFromList.has_any},
        {"trigger": "listed", "source": "start", "dest": "none"},
        {"trigger": "answer", "source": "pick", "dest": "sent"},
    ]
    questions = {"pick": Question("dispute-pick", PickFromList.parse_pick, ask=PickFromList.prompt_pick)}
    on_enter = {"sent": on_enter_sent, "none": on_enter_none}


class RateDialog(EngagementList, Dialog):
    """"Rate": the engagements waiting for the user's rating, then a score,
    tags and a comment."""

    name = "rate"
    named_by = frozenset({"rating"})
    states = ["start", "pick", "ask_score", "ask_tags", "ask_comment", "saved", "none"]
    list_says = ("rate-list", "rate-pick")

    def items(self) -> list[Engagement]:
        """Ended engagements (not disputed) this user has not rated, or
        rated less than 24 hours ago (a correction); newest first."""
        out = []
        for e in self.ctx.need(Engagements()):
            if not e.rateable:
                continue
            if e.my_rating is None or e.my_rating.correctable(self.ctx.now):
                out.append(e)
        return out[:SHOWN]

    def _rated_long_ago(self) -> bool:
        return any(e.my_rating is not None and not e.my_rating.correctable(self.ctx.now)
                   for e in self.ctx.need(Engagements()))

    def say_item(self, n: int, e: Engagement) -> None:
        EngagementList.say_item(self, n, e)
        if e.my_rating is not None:
            self.say("rate-can-correct")

    def value(self, e: Engagement) -> Engagement:
        return e

    def parse_pick(self, turn: Turn) -> Any:
        chosen = PickFromList.parse_pick(self, turn)
        self.slots["engagement"], self.slots["role"] = chosen.id, chosen.role
        return KEEP

    def prompt_ask_score(self) -> None:
        self.say("rate-ask-score", role=self.slots["role"])

    def parse_score(self, turn: Turn) -> int:
        try:
            return int(pick(turn, SCORES))
        except Invalid as bad:
            if bad.reason.id == "pick-which":
                raise
            raise Invalid("rate-score-invalid") from None

    def answers_another_question(self, turn: Turn) -> bool:
        """"Five points" at the words to pick: the score said again, changed
        to it, and the words asked again. Only a number said with its unit:
        "not bad" there is a word for the other side, not a new score."""
        if self.state != "ask_tags" or turn.kind not in ("text", "voice") or not turn.text \
                or parse_number(turn.text) is not None or choice_words(SCORES.name).match(turn.text, SCORES.codes):
            return False
        try:
            score = int(pick(turn, SCORES))
        except Invalid:
            return False
        self.slots["score"] = score
        self.say("rate-score-changed", score=score)
        return True

    def prompt_ask_tags(self) -> None:
        self.say("rate-ask-tags")
        for i, tag in enumerate(RULES.get().tags_for(self.slots["role"]), 1):
            self.say("numbered", n=i, text=tag.text(self.ctx.locale))
        self.say("rate-tags-hint")

    def parse_tags(self, turn: Turn) -> list[str]:
        text = words_only(turn)
        if self.ctx.nlu.is_skip(text) or self.ctx.nlu.means_none(text):
            return []
        tags = RULES.get().tags_for(self.slots["role"])
        labels = [t.text(self.ctx.locale) for t in tags]
        parts = [p for p in re.split(r"[\s,，、。;；]+", text) if p]
        picked: list[int] = []
        for part in parts:
            # Each part is a number ("1 3") or words of tags ("on time, good work").
            n = parse_number(part)
            named = [n - 1] if n is not None and 1 <= n <= len(tags) else [] if n is not None \
                else labels_in(part, labels)
            if not named or any(_NOT.search(part.lower()) and not _NOT.search(labels[i].lower()) for i in named):
                raise Invalid("pick-number-or-words", max=len(tags))
            said = normalise(part).lower()
            if len([i for i in named if said in normalise(labels[i]).lower()]) > 1:
                # Words that several tags have ("wages": paid on time, or not paid): which one.
                raise Invalid("pick-which", numbers=" / ".join(str(i + 1) for i in named))
            picked += named
        if not picked:
            raise Invalid("pick-number-or-words", max=len(tags))
        return list(dict.fromkeys(tags[i].code for i in picked))

    def parse_comment(self, turn: Turn) -> str:
        text = words_only(turn)
        if self.ctx.nlu.is_skip(text) or self.ctx.nlu.means_none(text):
            return ""
        problem = comment_problem(turn.raw_text)
        if problem is not None:
            raise Invalid("rate-comment-refused", why=problem)
        return turn.raw_text.strip()[:MAX_COMMENT]

    def on_enter_saved(self) -> None:
        self.do(Rate(self.slots["engagement"], self.slots["role"], self.slots["score"], tuple(self.slots["tags"]),
                     self.slots["comment"]))
        self.say("rate-saved")
        if self.ctx.need(SurveyDue()):
            self.handover = ("survey", "ask_environment", {"reason": "engagement"})
        else:
            self.say("menu-hint")

    def on_enter_none(self) -> None:
        self.say("rate-locked" if self._rated_long_ago() else "rate-none")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "listed", "source": "start", "dest": "pick", "conditions": PickFromList.has_any},
        {"trigger": "listed", "source": "start", "dest": "none"},
        {"trigger": "answer", "source": "pick", "dest": "ask_score"},
        {"trigger": "answer", "source": "ask_score", "dest": "ask_tags"},
        {"trigger": "answer", "source": "ask_tags", "dest": "ask_comment"},
        {"trigger": "answer", "source": "ask_comment", "dest": "saved"},
    ]
    questions = {
        "pick": Question("rate-pick", parse_pick, ask=PickFromList.prompt_pick),
        "ask_score": Question("rate-ask-score", parse_score, slot="score", ask=prompt_ask_score),
        "ask_tags": Question("rate-ask-tags", parse_tags, slot="tags", ask=prompt_ask_tags),
        "ask_comment": Question("rate-ask-comment", parse_comment, slot="comment", free_text=True),
    }
    on_enter = {"saved": on_enter_saved, "none": on_enter_none}


class SurveyDialog(Dialog):
    """The market's own service (clause 24), at most once a month: three
    short questions, the environment, the process and the result, each
    1 to 5 or in words ("good", "so so", "unhappy": bot/data/choices.json),
    each skippable; an answer that is none of these steps aside (the survey
    is optional) and is understood as a new request."""

    name = "survey"
    optional = True
    states = ["ask_environment", "ask_process", "ask_result", "thanks"]

    def prompt_ask_environment(self) -> None:
        if not self.slots.get("asked"):
            self.slots["asked"] = True
            self.do(StartSurvey(self.slots.get("reason", "engagement")))
            self.say("survey-intro")
        self.say("survey-ask-environment")

    def parse_score(self, turn: Turn) -> int | None:
        text = words_only(turn)
        if self.ctx.nlu.is_skip(text):
            return None
        return int(pick(turn, SCORES))

    def on_enter_thanks(self) -> None:
        self.do(AnswerSurvey(environment=self.slots["environment"], process=self.slots["process"],
                             result=self.slots["result"]))
        self.say("survey-thanks")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "answer", "source": "ask_environment", "dest": "ask_process"},
        {"trigger": "answer", "source": "ask_process", "dest": "ask_result"},
        {"trigger": "answer", "source": "ask_result", "dest": "thanks"},
    ]
    questions = {
        "ask_environment": Question("survey-ask-environment", parse_score, slot="environment",
                                    ask=prompt_ask_environment),
        "ask_process": Question("survey-ask-process", parse_score, slot="process"),
        "ask_result": Question("survey-ask-result", parse_score, slot="result"),
    }
    on_enter = {"thanks": on_enter_thanks}


def my_rating(ctx: Any) -> list[Say]:
    """"My rating": the average as a worker and as an employer, how many
    rated, and the tags others chose most (why it is what it is)."""
    out: list[Say] = []
    stats = ctx.need(MyRating())
    for role in ("worker", "employer"):
        got = stats.get(role)
        if not got or not got["count"]:
            continue
        out.append(say("my-rating", role=role, avg=f"{got['avg']:.1f}", count=got["count"]))
        rater = "employer" if role == "worker" else "worker"
        for code, n in got["tags"][:5]:
            out.append(say("my-rating-tag", tag=tag_label(rater, code, ctx.locale), count=n))
    return out or [say("my-rating-none")]
