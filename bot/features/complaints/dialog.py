"""Lodging a complaint or feedback (clause 23): what kind, which job,
what happened, photos, a phone to call back; a summary; a ticket number.
A complaint said in one message with enough detail is not asked again
for what it already said. Then the user's side of their tickets: "my
complaints" (or one by its number) with the staff's replies, and the
satisfaction score asked for once one is closed (clause 24)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain import Job
from bot.engine.answers import SAVE, Choice, phone_answer, pick, summary_answer, words_only
from bot.engine.dialog import KEEP, Dialog, Invalid, Question, Result, Turn, ask_in_order
from bot.language.nlu import normalise, parse_number
from bot.features.post_job.dialog import job_vars, slots_from_job
from bot.features.complaints.messages import LodgeTicket, MyTickets, PendingSurvey, RateTicket
from bot.features.find_work.messages import MyApplications
from bot.i18n import Say, say

if TYPE_CHECKING:
    from bot.turn.conversation import Context

# In the order the question shows them; their words: bot/data/choices.json.
KINDS = Choice("complaint_kind", ("wages", "injury", "fake_job", "discrimination", "service", "other"))
FIELDS = ["kind", "job", "what", "photos", "phone"]
SUMMARY = ["kind", "job", "what", "photos", "phone"]
MIN_TEXT = 4
ENOUGH_DETAIL = 8
MAX_TEXT = 1000
MAX_PHOTOS = 6
MAX_VOICES = 3
RECENT = 5
# A closed ticket's satisfaction question stays open for a week.
SURVEY_OPEN = 7 * 24 * 3600


class ComplaintDialog(Dialog):
    name = "complaint"
    states = ["start", *[f"ask_{f}" for f in FIELDS], "confirm", "lodged"]

    def on_start(self) -> None:
        text = self.turn.raw_text.strip() if self.turn else ""
        kind = self.slots.get("kind") or (self.ctx.nlu.complaint_kind(text) if text else None)
        if kind:
            self.slots["kind"] = kind
        if text and len(normalise(text)) >= ENOUGH_DETAIL and not self.ctx.nlu.global_word(text) \
                and len(self.ctx.nlu.strip_intent_words(text)) >= ENOUGH_DETAIL // 2:
            self.slots["what"] = text[:MAX_TEXT]
            self._keep_voice(self.turn)
        if self.slots.get("kind") in ("feedback", "service") or not self._recent_jobs():
            self.slots.setdefault("job", 0)
        self.trigger("answer")

    # ---- which job -------------------------------------------------------
    def _recent_jobs(self) -> list[Job]:
        apps = self.ctx.need(MyApplications()) or []
        return [a.job for a in apps[:RECENT] if a.job is not None]

    def prompt_ask_kind(self) -> None:
        self.say("complaint-ask-kind")

    def parse_kind(self, turn: Turn) -> str:
        return pick(turn, KINDS)

    def prompt_ask_job(self) -> None:
        self.say("complaint-ask-job")
        for i, job in enumerate(self._recent_jobs(), 1):
            v = job_vars(slots_from_job(job, None), self.ctx.refdata)
            self.say("complaint-job-line", n=i, trades=v["trades"], area=v["area"], month=v["month"], day=v["day"],
                     contact=job.contact_name or "-")
        self.say("complaint-job-none")

    def parse_job(self, turn: Turn) -> int:
        jobs = self._recent_jobs()
        n = parse_number(words_only(turn))
        if not jobs or n == 0 or self.ctx.nlu.is_skip(turn.text) or self.ctx.nlu.means_none(turn.text):
            return 0
        if n is None or not 1 <= n <= len(jobs):
            raise Invalid("pick-a-number", max=len(jobs))
        return jobs[n - 1].id

    # ---- what happened, photos, phone --------------------------------------
    def parse_what(self, turn: Turn) -> str:
        words_only(turn)
        text = turn.raw_text.strip()
        if len(normalise(text)) < MIN_TEXT:
            raise Invalid("complaint-too-short")
        self._keep_voice(turn)
        return text[:MAX_TEXT]

    def _keep_voice(self, turn: Turn | None) -> None:
        """What happened, told by voice: the recording is kept as evidence
        too (WeChat's recognition can miss words; the voice does not)."""
        if turn is None or turn.kind != "voice" or not turn.media.get("media_id"):
            return
        voices = list(self.slots.get("voices") or [])
        if len(voices) < MAX_VOICES:
            voices.append({"media_id": turn.media["media_id"], "format": turn.media.get("format", ""),
                           "at": turn.now})
            self.slots["voices"] = voices

    def prompt_ask_photos(self) -> None:
        taken = self.slots.get("taken") or []
        if taken:
            self.say("complaint-photo-got", count=len(taken))
        else:
            self.say("complaint-ask-photos")

    def parse_photos(self, turn: Turn) -> Any:
        taken = list(self.slots.get("taken") or [])
        if turn.kind == "image":
            if len(taken) >= MAX_PHOTOS:
                raise Invalid("complaint-photos-enough", max=MAX_PHOTOS)
            taken.append({"media_id": turn.media.get("media_id", ""), "url": turn.media.get("url", ""), "at": turn.now})
            self.slots["taken"] = taken
            return KEEP  # still on this question: more photos, or "done"
        text = words_only(turn)
        if self.ctx.nlu.is_skip(text) or self.ctx.nlu.means_none(text) or self.ctx.nlu.is_done(text):
            self.slots["photos"] = taken
            return KEEP
        raise Invalid("complaint-photos-how")

    def parse_phone(self, turn: Turn) -> str:
        return phone_answer(self.ctx, turn)

    # ---- summary -------------------------------------------------------------
    def prompt_confirm(self) -> None:
        self.say("complaint-summary", kind=self.slots["kind"], job=f"#{self.slots['job']}" if self.slots["job"] else "-",
                 what=self.slots["what"], photos=len(self.slots.get("photos") or []),
                 voices=len(self.slots.get("voices") or []),
                 phone=self.slots.get("phone") or "none")
        self.say("complaint-confirm")

    def parse_confirm(self, turn: Turn) -> Any:
        field = summary_answer(self.ctx, turn, SUMMARY)
        if field == SAVE:
            self.slots["confirmed"] = True
            return KEEP
        if field == "job" and not self._recent_jobs():
            return KEEP   # no job of theirs to pick: nothing to change, the summary again
        if field is not None:
            self.slots[field] = None
            if field == "photos":
                self.slots["taken"] = []
            elif field == "what":
                self.slots["voices"] = []  # told again: the earlier recording is not sent
            return KEEP
        raise Invalid("pick-a-number", max=len(SUMMARY) + 1)

    def confirmed(self) -> bool:
        return bool(self.slots.pop("confirmed", False))

    def on_enter_lodged(self) -> None:
        s = self.slots
        self.do(LodgeTicket(s["kind"], text=s["what"], job_id=s["job"] or None, phone=s.get("phone") or None,
                            photos=tuple(s.get("photos") or ()), voices=tuple(s.get("voices") or ()),
                            context=self.name))
        self.say("complaint-lodged", id=Result("ticket_id"), called_back="yes" if s.get("phone") else "no")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "answer", "source": "confirm", "dest": "lodged", "conditions": confirmed},
        *ask_in_order(FIELDS, done="confirm"),
    ]
    questions = {
        "ask_kind": Question("complaint-ask-kind", parse_kind, slot="kind", ask=prompt_ask_kind),
        "ask_job": Question("complaint-ask-job", parse_job, slot="job", ask=prompt_ask_job),
        "ask_what": Question("complaint-ask-what", parse_what, slot="what", free_text=True),
        "ask_photos": Question("complaint-ask-photos", parse_photos, ask=prompt_ask_photos),
        "ask_phone": Question("complaint-ask-phone", parse_phone, slot="phone"),
        "confirm": Question("complaint-confirm", parse_confirm, ask=prompt_confirm),
    }
    on_enter = {"lodged": on_enter_lodged}


def feedback_slots() -> dict:
    return {"kind": "feedback", "job": 0, "photos": [], "phone": ""}


# ---- the user's tickets ----------------------------------------------------
def show_tickets(ctx: "Context", out: list[Say], only: int | None = None) -> str:
    """"My complaints" (or one ticket by number): status and staff replies."""
    tickets = [t for t in ctx.need(MyTickets()) if only is None or t.id == only]
    if not tickets:
        out.append(say("tickets-none" if only is None else "ticket-not-yours"))
        return "my_tickets"
    for t in tickets:
        out.append(say("ticket-line", id=t.id, kind=t.kind, status=t.status))
        replies = t.staff_replies
        if replies:
            out.append(say("ticket-last-reply", text=replies[-1].text[:300]))
    return "my_tickets"


def answer_survey(number: int, ctx: "Context", out: list[Say], commands: list[Any],
                  asked_after: float | None = None) -> bool:
    """A score from 1 to 5 while a closed ticket's satisfaction question is
    open answers "how did we handle your complaint?": True when it did.
    With `asked_after` (when the bot last answered), only a question asked
    since then: it is the last thing the user was asked, so their number
    answers it, not the menu or the dialog question they saw before."""
    if not 1 <= number <= 5:
        return False
    survey = ctx.need(PendingSurvey())
    if survey is None or survey.survey_asked_at is None or ctx.now - survey.survey_asked_at >= SURVEY_OPEN:
        return False
    if asked_after is not None and survey.survey_asked_at <= asked_after:
        return False
    commands.append(RateTicket(survey.id, number))
    out.append(say("survey-thanks"))
    return True
