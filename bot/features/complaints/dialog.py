"""Lodging a complaint or feedback (clause 23): what kind, which job,
what happened, photos, a phone to call back; a summary; a ticket number.
A complaint said in one message with enough detail is not asked again
for what it already said. Then the user's side of their tickets: "my
complaints" (or one by its number) with the staff's replies, and the
satisfaction score asked for once one is closed (clause 24)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain import Job
from bot.engine.answers import SAVE, Choice, phone_answer, pick, said_alone, summary_answer, words_only
from bot.language.choices import choice_words
from bot.engine.dialog import KEEP, Dialog, Invalid, Question, Result, Turn, ask_in_order
from bot.language import parsing
from bot.language.nlu import CLEAR_SCORE, normalise, parse_number
from bot.features.post_job.dialog import job_vars, slots_from_job
from bot.features.complaints.messages import LodgeTicket, MyTickets, PendingSurvey, RateTicket
from bot.features.find_work.messages import MyApplications
from bot.features.ratings.dialog import SCORES   # the same 1-5 and its words
from bot.i18n import Say, say
from bot.masking import mask_phone

if TYPE_CHECKING:
    from bot.turn.conversation import Context

# In the order the question shows them; their words: bot/data/choices.json.
KINDS = Choice("complaint_kind", ("wages", "injury", "fake_job", "discrimination", "service", "other"))
# "I want to add something" at the summary, alone or before the words to add.
MORE = Choice("complaint_more", ("more",))
# "I have (photos)" at the photos' question, said alone: how to send them.
PHOTOS = Choice("complaint_photos", ("have",))
FIELDS = ["kind", "job", "what", "photos", "phone"]
# "My phone is 138…": the words a phone said alone may come with.
PHONE_WORDS_MAX = 8
SUMMARY = ["kind", "job", "what", "photos", "phone"]
MIN_TEXT = 4
ENOUGH_DETAIL = 8
# A story is kept whole up to this (several WeChat messages' worth); the
# staff notice shows its start with a pointer to the ticket (the staff command to view it).
MAX_TEXT = 5000
# The summary shows the start of a longer story, and says it is all kept.
SHOWN_TEXT = 300
# A message this long right after the story is more of it, whatever words it
# has ("cannot find him" is not "find people"); a shorter one that asks for
# another service is a change of mind.
LONG_PIECE = 16
# Intents that a piece of story may seem to say without asking for another service.
STORY_INTENTS = frozenset({"complaint", "policy", "thanks", "greeting", "feedback"})
MAX_PHOTOS = 6
MAX_VOICES = 3
RECENT = 5
# A closed ticket's satisfaction question stays open for a week.
SURVEY_OPEN = 7 * 24 * 3600


def _size(text: str) -> int:
    """How much a message says: its characters (Chinese), or twice its
    words in a Latin script ("no photos" is not a piece of story)."""
    return 2 * len(text.split()) if text.isascii() else len(normalise(text))


class ComplaintDialog(Dialog):
    name = "complaint"
    states = ["start", *[f"ask_{f}" for f in FIELDS], "confirm", "ask_more", "lodged"]

    def on_start(self) -> None:
        text = self.turn.raw_text.strip() if self.turn else ""
        carried = self.slots.pop("story_carried", False)
        kind = self.slots.get("kind") or (self.ctx.nlu.complaint_kind(text) if text else None)
        if kind:
            self.slots["kind"] = kind
        if text and len(normalise(text)) >= ENOUGH_DETAIL and not self.ctx.nlu.global_word(text) \
                and len(self.ctx.nlu.strip_intent_words(text)) >= ENOUGH_DETAIL // 2:
            self.slots["what"] = self._kept(text)
            self._keep_voice(self.turn)
            if not carried:
                # Told in the first message: said so, or the next question
                # (photos) reads as if the story was not heard.
                self.say("complaint-heard")
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
        text = turn.raw_text.strip() if turn.kind in ("text", "voice") else ""
        kind: str | None
        try:
            kind = pick(turn, KINDS)
            # A story that names its kind with the kind's own words ("the boss
            # owes me three months' wages, 12,000 …") is what happened too: it
            # was dropped and asked for again.
            story = self._tells_a_story(text)
        except Invalid:
            # The story told instead ("worked five days, not a cent paid"):
            # its words say the kind, and it is what happened, not asked again.
            kind = self.ctx.nlu.complaint_kind(text) if text else None
            if kind is None:
                raise
            story = len(normalise(text)) >= ENOUGH_DETAIL
        if story and not self.slots.get("what"):
            self.slots["what"] = self._kept(text)
            self._keep_voice(turn)
        return kind

    def _tells_a_story(self, text: str) -> bool:
        """More than a kind or a wish to complain ("I want to complain about
        unpaid wages"): detail a staff member reads, once the words that
        name a complaint and its kinds are taken out."""
        if _size(text) < ENOUGH_DETAIL or parse_number(normalise(text)) is not None:
            return False
        rest = choice_words(KINDS.name).without(self.ctx.nlu.strip_intent_words(text))
        return _size(rest) >= ENOUGH_DETAIL

    def prompt_ask_job(self) -> None:
        self.say("complaint-ask-job")
        for i, job in enumerate(self._recent_jobs(), 1):
            v = job_vars(slots_from_job(job, None), self.ctx.refdata, self.ctx.locale)
            self.say("complaint-job-line", n=i, trades=v["trades"], area=v["area"], month=v["month"], day=v["day"],
                     contact=job.contact_name or "-")
        self.say("complaint-job-none")

    def parse_job(self, turn: Turn) -> Any:
        jobs = self._recent_jobs()
        n = parse_number(words_only(turn))
        if not jobs or n == 0 or self.ctx.nlu.is_skip(turn.text) or self.ctx.nlu.means_none(turn.text):
            return 0
        if n is None or not 1 <= n <= len(jobs):
            if n is None and self._more_story(turn):
                return KEEP   # more of the story told at once (voice input sends it in pieces)
            raise Invalid("pick-a-number", max=len(jobs))
        return jobs[n - 1].id

    # ---- what happened, photos, phone --------------------------------------
    def parse_what(self, turn: Turn) -> str:
        words_only(turn)
        text = turn.raw_text.strip()
        if len(normalise(text)) < MIN_TEXT:
            raise Invalid("complaint-too-short")
        self._keep_voice(turn)
        return self._kept(text)

    def _kept(self, text: str) -> str:
        """The story as kept: whole up to MAX_TEXT; past it the user is told
        plainly how much was kept."""
        if len(text) > MAX_TEXT:
            self.say("complaint-story-cut", kept=MAX_TEXT, total=len(text))
        return text[:MAX_TEXT]

    def _add_to_story(self, text: str) -> None:
        story = self.slots.get("what") or ""
        self.slots["what"] = self._kept(f"{story}\n{text}" if story else text)
        self.say("complaint-story-added", length=len(self.slots["what"]))

    def _more_story(self, turn: Turn) -> bool:
        """A message right after the story that is clearly more of it (long
        enough, not a skip or a number, not asking for another service) is
        added to it, and the question is asked again: True when it was."""
        if turn.kind not in ("text", "voice") or not self.slots.get("what"):
            return False
        if self._add_more(turn):
            return True       # "add ...": said so
        text = turn.raw_text.strip()
        if self.ctx.nlu.global_word(text) or parse_number(words_only(turn)) is not None:
            return False
        # "About 8,000 yuan", "at the site in Nan'an": short, but the sum owed
        # and where it happened are what staff ask first.
        if _size(text) < ENOUGH_DETAIL and not parsing.sums_of_money(text) and not parsing.names_a_place(text, self.ctx.refdata):
            return False
        found = self.ctx.nlu.intent(turn.text) if _size(text) < LONG_PIECE else None
        if found is not None and found.name not in STORY_INTENTS and found.score >= CLEAR_SCORE:
            return False   # "never mind, I want to hire": a change of mind, not story
        self._keep_voice(turn)
        self._add_to_story(text)
        return True

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
        if self.ctx.nlu.is_skip(text) or self.ctx.nlu.means_none(text) or self.ctx.nlu.is_done(text) \
                or (taken and self.ctx.nlu.yes_no(text)):
            # "OK" once photos came: they are done.
            self.slots["photos"] = taken
            return KEEP
        phone = self._phone_alone(text)
        if phone:
            # The phone for the call back, said before it was asked: the
            # photos are done (those sent are kept) and it is not asked.
            self.slots["photos"], self.slots["phone"] = taken, phone
            return KEEP
        if self._more_story(turn):
            return KEEP   # still on this question
        raise Invalid("complaint-photos-how")

    @staticmethod
    def _phone_alone(text: str) -> str | None:
        """A mobile number with at most a few words around it ("my phone
        138…"), not a story that mentions one."""
        phone = parsing.parse_mobile(text)
        if phone is None or len(normalise(parsing.strip_phones(text))) > PHONE_WORDS_MAX:
            return None
        return phone

    def answers_aside(self, turn: Turn) -> bool:
        """"Yes", "I have" at the photos' question before any came: how to
        send them, and the question again (no miss)."""
        if self.state != "ask_photos" or self.slots.get("taken") or turn.kind not in ("text", "voice"):
            return False
        if not (said_alone(turn.text, choice_words(PHOTOS.name).words.get("have", ())) or self.ctx.nlu.yes_no(turn.text)):
            return False
        self.say("complaint-photos-send-how")
        return True

    def _phone_in_story(self) -> str | None:
        """The one mobile number the story gave ("call me on 136…"): offered
        at the phone's question rather than typed again; not one it says is
        someone else's ("his phone 136…"). (Offered, not taken: a story may
        not say whose it is.)"""
        numbers = set(parsing.own_mobiles_in(self.slots.get("what") or ""))
        return numbers.pop() if len(numbers) == 1 else None

    def prompt_ask_phone(self) -> None:
        said = self._phone_in_story()
        if said:
            self.say("complaint-ask-phone-said", phone=mask_phone(said))
        else:
            self.say("complaint-ask-phone")

    def parse_phone(self, turn: Turn) -> Any:
        said = self._phone_in_story()
        if said and turn.kind in ("text", "voice") and self.ctx.nlu.yes_no(turn.text):
            return said   # "yes": the number in the story
        try:
            return phone_answer(self.ctx, turn)
        except Invalid:
            if self._more_story(turn):
                return KEEP   # more of the story; the phone question again
            raise

    # ---- summary -------------------------------------------------------------
    def prompt_confirm(self) -> None:
        what = " ".join(self.slots["what"].split("\n"))   # pieces added to it, on one line
        shown = what if len(what) <= SHOWN_TEXT else what[:SHOWN_TEXT] + "\u2026\u2026"
        self.say("complaint-summary", kind=self.slots["kind"], job=f"#{self.slots['job']}" if self.slots["job"] else "-",
                 what=shown, photos=len(self.slots.get("photos") or []),
                 voices=len(self.slots.get("voices") or []),
                 phone=self.slots.get("phone") or "none")
        if shown != what:
            self.say("complaint-story-long", length=len(what))
        self.say("complaint-confirm")
        self.say("complaint-more-hint")

    def _wants_to_add(self, turn: Turn) -> str | None:
        """A word of MORE ("add") at the start of the answer: the
        words after it ('' when none), else None."""
        text = turn.raw_text.strip()
        lowered = text.lower()
        for word in sorted(choice_words(MORE.name).words["more"], key=len, reverse=True):
            rest = lowered[len(word):]
            if lowered.startswith(word) and not (word[-1].isascii() and rest[:1].isascii() and rest[:1].isalnum()):
                return text[len(word):].strip(" \t\r\n:,.;!\uff1a\uff0c\u3002\uff1b\uff01\u3001")
        return None

    def prompt_ask_more(self) -> None:
        self.say("complaint-ask-more")

    def parse_more(self, turn: Turn) -> Any:
        words_only(turn)
        text = turn.raw_text.strip()
        if len(normalise(text)) < MIN_TEXT:
            raise Invalid("complaint-too-short")
        self._keep_voice(turn)
        self._add_to_story(text)
        return KEEP

    def adding(self) -> bool:
        return bool(self.slots.pop("adding", False))

    def _add_more(self, turn: Turn) -> bool:
        """A word of MORE ("add"), alone (then what to add is asked next) or
        before the words to add: True when the answer was that."""
        more = self._wants_to_add(turn)
        if more is None:
            return False
        if len(normalise(more)) >= MIN_TEXT:
            self._keep_voice(turn)
            self._add_to_story(more)      # the same question again
        else:
            self.slots["adding"] = True   # the word alone: ask what to add
        return True

    def parse_confirm(self, turn: Turn) -> Any:
        if self._add_more(turn):
            return KEEP
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
        raise Invalid("summary-invalid", max=len(SUMMARY))

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
        # "add" at any question after the story: what to add, then on where it was.
        {"trigger": "answer", "source": "*", "dest": "ask_more", "conditions": adding},
        *ask_in_order(FIELDS, done="confirm"),
    ]
    questions = {
        "ask_kind": Question("complaint-ask-kind", parse_kind, slot="kind", ask=prompt_ask_kind),
        "ask_job": Question("complaint-ask-job", parse_job, slot="job", ask=prompt_ask_job),
        "ask_what": Question("complaint-ask-what", parse_what, slot="what", free_text=True),
        "ask_photos": Question("complaint-ask-photos", parse_photos, ask=prompt_ask_photos),
        "ask_phone": Question("complaint-ask-phone", parse_phone, slot="phone", ask=prompt_ask_phone),
        "confirm": Question("complaint-confirm", parse_confirm, ask=prompt_confirm),
        "ask_more": Question("complaint-ask-more", parse_more, ask=prompt_ask_more, free_text=True),
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
    for t in tickets:
        out.append(say("ticket-line", id=t.id, kind=t.kind, status=t.status))
        replies = t.staff_replies
        if replies:
            out.append(say("ticket-last-reply", text=replies[-1].text[:300]))
    out.append(say("menu-hint"))   # the way on from here
    return "my_tickets"


def score_in_words(text: str) -> int | None:
    """A satisfaction score said in words, when the words are the whole
    message ("very satisfied" is 5; bot/data/choices.json, "score")."""
    t = normalise(text).lower()
    for code, words in choice_words(SCORES.name).words.items():
        if t in words:
            return int(code)
    return None


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
