"""One turn of the conversation, without I/O: given what the user sent
and their saved state, decide what to say, which commands to apply and the
new state. Global words first, then the open dialog, then intents.
"""
from __future__ import annotations

import copy
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.clock import QUANZHOU
from bot.domain.session import Session, SharedLocation
from bot.features.complaints.dialog import MAX_TEXT as MAX_STORY
from bot.features.complaints.dialog import ComplaintDialog, answer_survey, feedback_slots, score_in_words, show_tickets
from bot.bus import Command
from bot.engine.dialog import Dialog, Location, NeedData, Result, StepResult, Turn, plain_copy
from bot.language.query import asks_by_terms, is_vague, parse_query, reads_as_english
from bot.features.policy.desk import PolicyDesk
from bot.language.choices import choice_words
from bot.language.nlu import CLEAR_SCORE, THANKS, Intent, Nlu, normalise, parse_number
from bot.language.parsing import arabic_numerals
from bot import features
from bot.bus import Query, R
from bot.features.hardship import staff as hardship_staff
from bot.features.staff import console as staff_console
from bot.features.staff import drafts as staff_drafts
from bot.i18n import Say, say
from bot.features.account.dialog import my_info
from bot.features.account.messages import UpdateUser
from bot.features.complaints.messages import LodgeTicket, ReplyFromUser, TicketInTalk
from bot.features.staff.messages import OpenTickets, ReplyToTicket
from bot.features.find_work import dialog as find_work
from bot.features.post_job.dialog import reads_as_post
from bot.features.post_job.messages import ReviewQueue
from bot.features.post_job.review import staff_review
from bot.features.ratings.dialog import my_rating

# Every feature's dialogs, and the intents that simply open one (bot/features/*/__init__.py).
DIALOGS: dict[str, type[Dialog]] = {d.name: d for d in features.dialogs()}
INTENT_DIALOGS = features.intents()
# The 48-hour customer-service window is counted from the user's last
# message; the database learns of it at most once an hour.
SEEN_EVERY = 3600

LOCATION_FRESH = 6 * 3600  # a shared location is "where I am" for six hours
PAUSED_FOR = 24 * 3600     # a half-done dialog can be gone on with for a day
STORY_KEPT = 30 * 60       # trouble told as a question: "complain" within this lodges it
MAX_ASKED = 1000           # what a request for a person said, kept on its ticket
STAFF_FOLLOW_UP = 10 * 60  # staff's words after a ticket or the to-do list are about it this long
MAX_STAFF_REPLY = 1000     # a staff reply written after looking at a ticket
# Intents that are not "another service" when said in the middle of a dialog
# (a policy question there is answered as an aside, when the answer is sure).
NOT_A_CHANGE_OF_MIND = frozenset({"greeting", "thanks", "policy", "unsubscribe"})
# Services a dialog (or one question of it, "dialog:question") counts as its
# own besides the intents that open it: asking for them there is an answer
# ("I want to get a licence" is what a worker wants to learn).
SAME_SERVICE: dict[str, frozenset[str]] = {
    "complaint": frozenset({"feedback"}),
    "find_work:detail": frozenset({"complaint"}),       # reporting the job shown ("a scam")
    "find_work:ask_report": frozenset({"complaint"}),
    "training": frozenset({"training_needs"}),
    "training_needs": frozenset({"training"}),
    "register": frozenset({"my_info", "delete"}),   # a profile shown to correct can be deleted there
    "rate": frozenset({"my_rating"}),
    # what a guidance visit is about: "I want to find work", "the boss owes me money"
    "guidance:pick_topic": frozenset({"find_work", "register", "training", "training_needs", "complaint", "dispute"}),
}
# ... said before it is asked, at the market's or the time's question (kept for later).
SAME_SERVICE["guidance:pick_market"] = SAME_SERVICE["guidance:pick_slot"] = SAME_SERVICE["guidance:pick_topic"]


@dataclass
class Inbound:
    """A WeChat message or event, reduced to what the conversation needs."""
    openid: str
    kind: str                      # text voice location image video shortvideo link file event unknown
    text: str = ""                 # Content, or voice Recognition
    event: str = ""                # lower-case event name
    event_key: str = ""
    location: Location | None = None
    media: dict[str, str] = field(default_factory=dict)


@dataclass
class Context:
    """What a dialog may read during a turn: all in memory. Records from
    the store arrive in `data`; asking for one that is not there raises
    NeedData, and the service loads it and runs the turn again."""
    nlu: Nlu
    refdata: Any
    locale: str
    openid: str
    now: float
    location: Location | None = None
    market_code: str | None = None
    rules: Any = None
    is_staff: bool = False
    data: dict[Any, Any] = field(default_factory=dict)   # query -> answer

    @property
    def today(self) -> date:
        return datetime.fromtimestamp(self.now, QUANZHOU).date()

    def need(self, query: Query[R]) -> R:
        """The answer to a query: from this turn's data, or NeedData (the
        turn asks the bus and runs the conversation again)."""
        if query not in self.data:
            raise NeedData(query)
        answer: R = self.data[query]
        return answer


@dataclass
class Outcome:
    out: list[Say]
    commands: list[Command]
    state: Session
    intent: str = ""

    @property
    def locale(self) -> str:
        return self.state.locale


_LATIN_WORDS = re.compile(r"[A-Za-z]{2,}")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _joined_user_updates(commands: list[Command]) -> list[Command]:
    """Updates of the user's own record made one after another in a turn (a
    first contact's and a follow's) joined into one, the later value of a
    field winning: one statement instead of two."""
    if len(commands) < 2:
        return commands
    joined: list[Command] = []
    for command in commands:
        if isinstance(command, UpdateUser) and joined and isinstance(joined[-1], UpdateUser):
            joined[-1] = UpdateUser(**{**joined[-1].changes(), **command.changes()})
        else:
            joined.append(command)
    return joined


class Conversation:
    def __init__(self, nlu: Nlu, refdata: Any, default_locale: str = "zh_CN",
                 idle_timeout: float = 30 * 60, rules: Any = None,
                 staff_openids: frozenset[str] = frozenset(), policies: Any = None,
                 staff_data: Any = None) -> None:
        self.nlu = nlu
        # staff_data (bot/services/staff_data.py): the reference data and the
        # policy index staff keep in the database, its latest copy read at
        # each use; without it, the ones given here.
        self._staff_data = staff_data
        self._policies = policies
        self._refdata = refdata
        self._desk = PolicyDesk(policies)
        self._pinned: Conversation | None = None   # the last `pinned` copy
        self.default_locale = default_locale
        self.idle_timeout = idle_timeout
        self.rules = rules
        self.staff_openids = staff_openids

    @property
    def refdata(self) -> Any:
        return self._staff_data.current.refdata if self._staff_data is not None else self._refdata

    @property
    def policies(self) -> Any:
        return self._staff_data.current.policies if self._staff_data is not None else self._policies

    @property
    def policy(self) -> PolicyDesk:
        policies = self.policies
        if self._desk.policies is not policies:
            self._desk = PolicyDesk(policies)
        return self._desk

    def pinned(self) -> Conversation:
        """This conversation with the staff data as it is now, for one turn:
        its runs (again after each NeedData) all read the same copy, so a
        change arriving mid-turn cannot make them disagree."""
        if self._staff_data is None:
            return self
        refdata, policies, desk = self.refdata, self.policies, self.policy
        kept = self._pinned
        if kept is not None and kept._refdata is refdata and kept._policies is policies and kept._desk is desk:
            return kept   # the staff data has not changed since: the same copy serves (it keeps nothing of a turn)
        other = copy.copy(self)
        other._refdata, other._policies, other._desk = refdata, policies, desk
        other._staff_data = other._pinned = None
        self._pinned = other
        return other

    # ------------------------------------------------------------------
    def handle(self, msg: Inbound, saved: dict | None, now: float | None = None,
               data: dict[str, Any] | None = None, owned: bool = False) -> Outcome:
        """Pure: the same message, state and data give the same outcome (so a
        turn that raised NeedData can simply run again with the data).
        `owned`: the caller hands over `saved` (no copy is made; it may be
        changed). Everything a turn works with is passed along, nothing is
        kept on the instance: one Conversation serves every user."""
        now = time.time() if now is None else now
        session = Session.from_saved(saved if owned or not saved else plain_copy(saved), self.default_locale)
        lost, session.lost = session.lost, False
        # A policy answer is followed up by the very next message only (a
        # policy answer this turn sets it again).
        policy_answered_at, session.policy_at = session.policy_at, 0.0
        turn = Turn(text=normalise(msg.text), raw_text=msg.text, kind=msg.kind,
                    location=msg.location, media=msg.media, now=now)
        out: list[Say] = []
        commands: list[Command] = []
        if session.locale != "en" and not session.locale_chosen and not session.dialog and msg.kind == "text" \
                and msg.openid not in self.staff_openids and self.writes_english(msg.text) \
                and self.nlu.global_word(turn.text) not in ("lang_en", "lang_zh"):   # those say it themselves
            # Someone who writes in English is answered in English, once and
            # for all unless they switch back (the switch is said, with the
            # word to switch back).
            session.locale, session.locale_chosen = "en", True
            out.append(say("language-switched"))
            if session.known:
                commands.append(UpdateUser(locale="en"))
        if not session.known:
            commands.append(UpdateUser(locale=session.locale, last_message_at=now))
            session.known = True
            session.seen = now
        elif msg.kind != "event" and now - session.seen > SEEN_EVERY:
            commands.append(UpdateUser(last_message_at=now))
            session.seen = now
        if msg.location is not None:
            session.location = SharedLocation(msg.location.lat, msg.location.lng, now)
        idle = now - (now if session.at is None else session.at)
        if msg.kind != "event" or msg.event in ("click", "subscribe", "scan"):
            if session.dialog and idle > self.idle_timeout:
                session.dialog = None
                out.append(say("dialog-expired"))
        ctx = self._ctx(session, msg.openid, now, data or {})
        intent = self._route(msg, turn, ctx, session, out, commands, lost, policy_answered_at)
        if out or msg.kind != "event":
            session.at = now
        return Outcome(out, _joined_user_updates(commands), session, intent)

    # ------------------------------------------------------------------
    def writes_english(self, text: str) -> bool:
        """No Chinese, and English: two words or more, one of them a common
        English word ("I need 2 cleaners"), or one the bot knows ("hello",
        "help"); not a name or a place in pinyin ("laowang", "lao wang"),
        letters at random, nor "ok"."""
        if not text or _HAN.search(text):
            return False
        words = _LATIN_WORDS.findall(text)
        if len(words) >= 2:
            return reads_as_english(words)
        return len(words) == 1 and len(words[0]) >= 3 and \
            (self.nlu.global_word(text) is not None or self.nlu.intent(text) is not None)

    def _ctx(self, session: Session, openid: str, now: float, data: dict[Any, Any]) -> Context:
        loc = session.location
        location = Location(loc.lat, loc.lng) if loc is not None and now - loc.at <= LOCATION_FRESH else None
        return Context(self.nlu, self.refdata, session.locale, openid, now,
                       location, session.market, self.rules, openid in self.staff_openids, data)

    def _route(self, msg: Inbound, turn: Turn, ctx: Context, session: Session, out: list[Say],
               commands: list[Command], lost: bool, policy_answered_at: float = 0.0) -> str:
        if msg.kind == "event":
            return self._event(msg, ctx, session, out, commands)
        if msg.kind == "voice" and not turn.text:
            out.append(say("voice-not-understood"))
            return "voice_unclear"
        if msg.kind in ("text", "voice"):
            if ctx.is_staff:
                routed = self._staff_turn(turn, ctx, session, out, commands)
                if routed:
                    return routed
            command = self.nlu.global_word(turn.text)
            if command == "cancel" and session.dialog and self._answers_question(session.dialog, turn.text):
                command = None   # "cancel it?" was asked: "cancel" answers it
            if command:
                return self._command(command, msg, ctx, session, out, commands)
        dialog = session.dialog
        number = parse_number(turn.text) if msg.kind in ("text", "voice") else None
        if number is not None and 1 <= number <= 5 and session.menu and not dialog \
                and answer_survey(number, ctx, out, commands, asked_after=session.at or 0.0):
            # Staff closed a ticket since the bot last answered: "how did we
            # do? 1-5" is the last question asked, so "5" answers it, not the
            # menu shown before. (In a dialog its question keeps the number:
            # the survey stays open for a week.)
            return "survey"
        request = self._change_of_mind(turn, dialog) if dialog and dialog.get("name") in DIALOGS else ""
        if dialog and request:
            return self._answer_or_leave(request, dialog, ctx, turn, session, out, commands)
        if dialog and dialog.get("name") in DIALOGS and msg.kind in ("text", "voice") \
                and self.nlu.is_question(turn.text) \
                and (aside := DIALOGS[dialog["name"]].aside(ctx, dialog, turn)) is not None:
            # A question about what the step shows ("is it free?" at a course
            # list): the dialog's own answer comes before the knowledge base's.
            self._apply(aside, ctx, session, out, commands)
            return f"dialog:{dialog['name']}"
        # Words at a question that does not take free text: a policy question may be an aside.
        policy_aside = bool(dialog and dialog.get("name") in DIALOGS and msg.kind in ("text", "voice")
                            and not self._asks_free_text(dialog)
                            and not DIALOGS[dialog["name"]].own_words(ctx, dialog, turn))
        if policy_aside and number is None \
                and self.policy.asks_where_to_go(turn.text, session, ctx.now - policy_answered_at, self.nlu):
            # "Where do I pay, then?" just after a policy answer given aside: that
            # topic's office, and the dialog goes on (not a try at its question).
            self.policy.where_to_go(ctx, session, out, in_dialog=True)
            return self._back_to_dialog(dialog, ctx, session, out, commands)
        if policy_aside and self.nlu.is_question(turn.text) \
                and (topic := self.policy.aside(turn, ctx, out, session)) is not None:
            # A policy question in the middle of a dialog: answered, and the
            # dialog goes on where it was (the way to complain first, for trouble told).
            self._offer_to_lodge(topic, self.nlu.intent(turn.text), turn, ctx, session, out)
            return self._back_to_dialog(dialog, ctx, session, out, commands)
        if dialog and dialog.get("name") in DIALOGS:
            kind = DIALOGS[dialog["name"]]
            result = kind.step(ctx, dialog, turn)
            other = self._other_service(turn, dialog["name"], dialog.get("state", "")) \
                if (result.invalid or result.draft is not None) and not kind.optional else None
            if other is not None:
                # "never mind, I want to hire" at the phone question: not an answer but a
                # change of mind. The half-done dialog is kept for "go on".
                return self._leave_for(other, dialog, kind, ctx, turn, session, out, commands)
            if (result.invalid or result.draft is not None) and self._words_for_staff(turn) \
                    and self._reply_to_staff(turn, ctx, out, commands, asked_from=dialog["name"]):
                # After "human" was asked in this dialog ("I can't fill this in, help
                # me"): words, not a try at the answer, go to the staff on that
                # ticket; no miss, and the dialog waits where it was.
                out.append(say("dialog-resume-hint"))
                return "ticket_reply"
            if (result.invalid or result.draft is not None) and self._only_thanks(turn):
                # "Thanks" at a question (after an answer given aside, or just
                # politeness) is no wrong answer: welcomed, and the question
                # again; at a list only looked at (search results), the end of it.
                if dialog.get("state") in kind.browsing:
                    session.dialog = None
                    out.append(say("thanks-reply"))
                    return THANKS
                out.append(say("thanks-in-dialog"))
                self._apply(kind.reprompt(ctx, dialog), ctx, session, out, commands)
                return f"dialog:{dialog['name']}"
            if result.invalid and result.saved is not None \
                    and all(step.get("state") == "start" for step in dialog.get("history", ())) \
                    and self._names_this_service(turn, dialog["name"]):
                # "Register" said again at registration's first question (the
                # user thinks it did not take): it goes on where it is, with
                # no "not understood" (counted as a try all the same: said
                # over and over, the dialog gives up as for any answer).
                # Only there: at a later question the dialog's own re-asking
                # fits better ("hiring" at "a person or a company?").
                out.append(say("dialog-resumed-same"))
                self._apply(kind.reprompt(ctx, result.saved), ctx, session, out, commands)
                return f"dialog:{dialog['name']}"
            if not (result.invalid and kind.optional):
                self._apply(result, ctx, session, out, commands)
                return f"dialog:{dialog['name']}"
        session.dialog = None
        if msg.kind == "location":
            return self._run_intent("find_work", ctx, turn, session, out, commands)
        if msg.kind not in ("text", "voice"):
            out.append(say("media-not-understood", kind=msg.kind))
            out.append(say("menu-hint"))
            return f"media:{msg.kind}"
        if number is not None and not session.menu and answer_survey(number, ctx, out, commands):
            return "survey"   # the number answered "how did we handle your complaint?"
        score = score_in_words(turn.text) if number is None else None
        if score is not None and answer_survey(score, ctx, out, commands, asked_after=session.at or 0.0):
            return "survey"   # "very satisfied", the survey being the last question asked
        asked = self.nlu.ticket_number(turn.text)
        if asked is not None:
            return show_tickets(ctx, out, only=asked)
        if self.nlu.wants_details(turn.text) and session.policy is not None:
            return self.policy.details(session.policy, ctx, out, session)
        if number is None and self.policy.asks_where_to_go(turn.text, session, ctx.now - policy_answered_at, self.nlu):
            # "Where do I do it?" just after the answer on pension insurance: its
            # office, not the markets' district question.
            return self.policy.where_to_go(ctx, session, out)
        choices = session.policy_choices
        if number is not None and not session.menu and 1 <= number <= len(choices):
            return self.policy.answer_entry(choices[number - 1], ctx, session, out)
        if number is not None and session.menu and 1 <= number <= len(self.nlu.menu_numbers):
            # The number picks the service; it says nothing of what is wanted there (not "1 yuan").
            return self._run_intent(self.nlu.menu_numbers[number - 1], ctx, Turn(now=ctx.now), session, out,
                                    commands)
        if reads_as_post(ctx, turn):
            # A post that asks for a deposit is a post: the content rules
            # refuse it with the reason, rather than a leaflet on deposits.
            return self._run_intent("post_job", ctx, turn, session, out, commands)
        found = self.nlu.intent(turn.text)
        if lost and found is not None and found.name == THANKS:
            found = None  # most likely an answer to the question whose dialog was lost: say so
        yields = found is None or found.name in ("find_work", "post_job", "greeting", "markets", "complaint") \
            or bool(self.nlu.intent_scores(turn.text).get("policy"))
        if yields and found is not None and self.nlu.how_to(turn.text) == found.name:
            yields = False  # "how do I post a job?" asks for the service, not for a rule about it
        if yields and found is not None and found.name == "markets" and self.nlu.asks_about_a_market(turn.text):
            yields = False  # "when does the station nearby open?" asks for the markets, not the rules
        if yields and found is not None and found.name == "find_work" \
                and not is_vague(parse_query(turn.text, self.refdata, ctx.today)):
            yields = False  # "any public-welfare posts?" names what to search for: a search
        if yields and asks_by_terms(parse_query(turn.text, self.refdata, ctx.today)):
            yields = False  # "any better paid?" is no question about wages
        if yields and self.nlu.is_question(turn.text) and self.policy.confident_about(turn.text):
            # "Do I pay anything at the market to find work?" is a policy
            # question, though it names work; "the boss does not pay, what
            # can I do?" gets the answer, and the way to complain.
            intent = self._run_intent("policy", ctx, turn, session, out, commands)
            self._offer_to_lodge(session.policy, found, turn, ctx, session, out)
            return intent
        if found is None and not lost and self._reply_to_staff(turn, ctx, out, commands):
            return "ticket_reply"   # words for the staff who answered the user's ticket
        if found is None and not lost and self._answers_the_draft_just_kept(turn, ctx, session, out, commands):
            return "dialog:resumed"
        if found is None and session.story is not None and ctx.now - session.story_at <= STORY_KEPT \
                and number is None:
            # More of the trouble just told ("he does not answer the phone"):
            # added to it, and the way to complain offered again.
            session.remember_story(f"{session.story} {turn.raw_text.strip()}"[:MAX_STORY], ctx.now,
                                   session.story_kind)
            out.append(say("story-more-kept"))
            out.append(say("policy-complaint-offer"))
            return "story"
        if found is None and not lost and number is None \
                and asks_by_terms(parse_query(turn.text, self.refdata, ctx.today)):
            # "Any with meals and a bed?", "any better paid?": a search by what
            # the job provides, or by its pay.
            return self._run_intent("find_work", ctx, turn, session, out, commands)
        offered = self.policy.picks_offered(turn.text, session, ctx.now - policy_answered_at) \
            if found is None and not lost and number is None else None
        if offered is not None:
            # "How is it recognised?" just after "not sure, did you mean ...?":
            # the topic offered that the words are about.
            return self.policy.answer_entry(offered, ctx, session, out, turn.text)
        if found is None and not lost and number is None \
                and self.policy.follows_up(turn.text, session, ctx.now - policy_answered_at, self.nlu):
            # "How much a month?" just after the answer on pension insurance.
            return self.policy.follow_up(ctx, session, out)
        if found is None and not lost and number is None and self.policy.reads_as_policy(turn.text, self.nlu):
            # "Minimum wage in Fengze" (no question word), or a policy
            # question the knowledge base is not sure of: the answer, or
            # the honest "not sure" with the two closest topics and the way
            # to a person; never "not understood".
            intent = self._run_intent("policy", ctx, turn, session, out, commands)
            self._offer_to_lodge(session.policy, found, turn, ctx, session, out)
            return intent
        if found is None and not lost and number is None and self.nlu.yes_no(turn.text) is False:
            # "Never mind, no need" with nothing asked (after an offer, a list):
            # taken kindly, not "not understood".
            out.append(say("no-thanks-reply"))
            return "declined"
        if found is None:
            # After a lost dialog state a bare "1" was most likely an answer
            # to a question asked before: say so, rather than "not understood".
            out.append(say("dialog-lost" if lost else "not-understood"))
            out.append(say("menu-list"))
            session.menu = True
            return "unknown"
        return self._run_intent(found.name, ctx, turn, session, out, commands)

    def _event(self, msg: Inbound, ctx: Context, session: Session, out: list[Say], commands: list[Command]) -> str:
        ev = msg.event
        if ev in ("subscribe", "scan"):
            market = self._market_for_scene(msg.event_key)
            if market is not None:
                session.market = market.code
                commands.append(UpdateUser(market_code=market.code, subscribed=True))
            elif ev == "subscribe":
                commands.append(UpdateUser(subscribed=True))
            if ev == "subscribe":
                out.append(say("welcome"))
                if market is not None:
                    out.append(say("welcome-market", market=market.name))
                out.append(say("menu-list"))
                session.menu = True
            elif market is not None:
                out.append(say("welcome-market", market=market.name))
                out.append(say("menu-hint"))
            return ev
        if ev == "unsubscribe":
            session.dialog = None
            commands.append(UpdateUser(subscribed=False))
            return ev
        if ev == "click":
            intent = self.nlu.menu_keys.get(msg.event_key)
            if intent is None:
                out.append(say("menu-list"))
                session.menu = True
                return "click:unknown"
            if intent in ("help", "human"):
                return self._command(intent, msg, ctx, session, out, commands)
            session.dialog = None
            return self._run_intent(intent, ctx, Turn(now=ctx.now), session, out, commands)
        if ev in ("scancode_push", "scancode_waitmsg"):
            out.append(say("scan-not-supported"))
            out.append(say("menu-hint"))
            return ev
        # LOCATION reports, location_select, menu views, delivery reports…
        return f"event:{ev or 'unknown'}"

    def _market_for_scene(self, key: str):
        scene = (key or "").removeprefix("qrscene_")
        return self.refdata.market_for_scene(scene) if scene else None

    # ------------------------------------------------------------------
    def _command(self, command: str, msg: Inbound, ctx: Context, session: Session, out: list[Say],
                 commands: list[Command]) -> str:
        dialog = session.dialog
        if command == "cancel":
            # The open dialog, or else the one kept for later.
            dropped = dialog or session.take_paused(ctx.now, PAUSED_FOR)
            session.dialog = None
            out.append(say("cancelled" if dropped else "nothing-to-cancel"))
            out.append(say("menu-hint"))
        elif command == "resume":
            paused = session.take_paused(ctx.now, PAUSED_FOR)
            if paused is None and dialog and dialog.get("name") in DIALOGS:
                # Nothing kept aside, but one open: its question again (after
                # "human" the user is told they can go on with it).
                paused, dialog = dialog, None
            if paused is None or paused.get("name") not in DIALOGS:
                out.append(say("nothing-to-resume"))
                out.append(say("menu-hint"))
            else:
                if dialog:
                    session.pause(dialog, ctx.now)   # the open one waits in its place
                self._apply(DIALOGS[paused["name"]].reprompt(ctx, paused), ctx, session, out, commands)
        elif command == "help":
            out.append(say("menu-list"))
            if dialog:
                out.append(say("dialog-resume-hint"))
            session.menu = True
        elif command == "back":
            if dialog and dialog.get("name") in DIALOGS:
                self._apply(DIALOGS[dialog["name"]].back(ctx, dialog), ctx, session, out, commands)
            else:
                out.append(say("nothing-to-go-back"))
                out.append(say("menu-hint"))
        elif command == "human":
            context = f"{dialog['name']}:{dialog['state']}" if dialog else None
            # What they had filled in (the open dialog, or the one kept for
            # "go on") goes with the ticket, so staff help without asking again.
            draft = dialog or (session.paused if ctx.now - session.paused_at <= PAUSED_FOR else None)
            kind = DIALOGS.get((draft or {}).get("name") or "")
            filled = staff_drafts.fields(kind, draft, ctx.refdata) if kind is not None and draft else ()
            words = msg.text.strip()
            # A request in a sentence ("I want to talk to staff about my pay") is the ticket's text.
            asked = words if words and not self.nlu.global_word(normalise(words)) else ""
            # A user whose request is still open gets the same ticket again
            # (Tickets.lodge adds what they said to it; the service then says
            # "handed-to-staff-again" instead): pressing it ten times makes
            # one ticket, not ten notices in the staff group.
            commands.append(LodgeTicket("question", text=asked[:MAX_ASKED], context=context, said=words[:200],
                                        draft_of=kind.name if filled and kind is not None else "",
                                        draft=filled))
            out.append(say("handed-to-staff", id=Result("ticket_id")))
            if filled:
                out.append(say("human-draft-sent"))
            if dialog:
                out.append(say("dialog-resume-hint"))
        elif command == "more":
            pages = session.pages
            if pages:
                out.append(say("plain", text=pages.pop(0)))
                session.pages = pages
            elif dialog and getattr(DIALOGS.get(dialog.get("name") or ""), "accepts_more", False):
                # A dialog that pages on its own (search results).
                more = Turn(text=normalise(msg.text), raw_text=msg.text, kind=msg.kind, now=ctx.now)
                self._apply(DIALOGS[dialog["name"]].step(ctx, dialog, more), ctx, session, out, commands)
            else:
                out.append(say("no-more"))
        elif command in ("lang_en", "lang_zh"):
            locale = "en" if command == "lang_en" else "zh_CN"
            session.locale, session.locale_chosen = locale, True
            commands.append(UpdateUser(locale=locale))
            out.append(say("language-switched"))
            out.append(say("menu-hint"))
        return command

    def _back_to_dialog(self, dialog: dict[str, Any] | None, ctx: Context, session: Session, out: list[Say],
                        commands: list[Command]) -> str:
        """After a policy answer given aside: the dialog's question again."""
        assert dialog is not None
        out.append(say("policy-aside-back"))
        self._apply(DIALOGS[dialog["name"]].reprompt(ctx, dialog), ctx, session, out, commands)
        return "policy:aside"

    def _offer_to_lodge(self, answered: str | None, found: Intent | None, turn: Turn, ctx: Context,
                        session: Session, out: list[Say]) -> None:
        """Their own trouble, answered with a policy (`answered`: the topic,
        None when none was sure): "complain" next lodges it with these
        words, not told a second time. Trouble is what the words say of a
        complaint, or a story told of what happened ("I worked twenty days on
        a site in Jinjiang, the boss said ...") that the answer's topic is one
        of (intents.json 'story_topics', with the complaint's kind)."""
        kind = ""
        told = found is not None and found.name == "complaint"
        if not told and answered in self.nlu.story_topics and self.nlu.tells_a_story(turn.raw_text):
            told, kind = True, self.nlu.story_topics[answered or ""]
        if told:
            session.remember_story(turn.raw_text.strip()[:MAX_STORY], ctx.now, kind)
            out.append(say("policy-complaint-offer"))

    def _run_intent(self, intent: str, ctx: Context, turn: Turn, session: Session, out: list[Say],
                    commands: list[Command]) -> str:
        session.menu = False
        told = session.take_story(ctx.now, STORY_KEPT)
        slots: dict | None = None
        if intent == "complaint" and told is not None and self._only_service_words(turn):
            # A bare "complain" right after telling the trouble: the complaint
            # starts from what was told (its kind, its story).
            story, kind = told
            turn = Turn(text=normalise(story), raw_text=story, kind="text", now=turn.now)
            slots = {"kind": kind} if kind and self.nlu.complaint_kind(story) is None else {}
            slots["story_carried"] = True   # said here; the dialog does not say it heard it again
            out.append(say("complaint-story-kept"))
        if intent in INTENT_DIALOGS:
            paused = session.paused
            if paused is not None and paused.get("name") == INTENT_DIALOGS[intent] and turn.text \
                    and self._only_service_words(turn) \
                    and session.take_paused(ctx.now, PAUSED_FOR) is not None:
                # "Complain" again, the complaint left half-way being kept: that
                # one goes on (what was told is not asked again).
                out.append(say("dialog-resumed-same"))
                self._apply(DIALOGS[paused["name"]].reprompt(ctx, paused), ctx, session, out, commands)
                return intent
            # An intent that is simply a dialog, started with the words that named it.
            self._apply(DIALOGS[INTENT_DIALOGS[intent]].start(ctx, turn, slots), ctx, session, out, commands)
            return intent
        if intent == "help":
            out.append(say("menu-list"))
            session.menu = True
        elif intent == "human":
            # What they said goes with the ticket ("I want to talk to staff about ...").
            return self._command("human", Inbound(ctx.openid, "text", text=turn.raw_text), ctx, session, out,
                                 commands)
        elif intent == THANKS:
            # Most often the answer to a staff reply ("ok thanks, I'll go on
            # Monday"): it goes to them on the ticket; else the user hears it
            # was received, not "not understood".
            if not self._reply_to_staff(turn, ctx, out, commands):
                out.append(say("thanks-reply"))
        elif intent == "greeting":
            out.append(say("greeting"))
            out.append(say("menu-list"))
            session.menu = True
        elif intent == "unsubscribe":
            self._apply(find_work.unsubscribe(), ctx, session, out, commands)
        elif intent == "policy":
            self.policy.answer(turn, ctx, session, out)
        elif intent == "my_info":
            self._apply(my_info(ctx, turn), ctx, session, out, commands)
        elif intent == "feedback":
            self._apply(ComplaintDialog.start(ctx, turn, feedback_slots()), ctx, session, out, commands)
        elif intent == "my_tickets":
            show_tickets(ctx, out)
        elif intent == "shortage":
            staff_console.shortage(ctx, out)
        elif intent == "my_rating":
            out.extend(my_rating(ctx))
        return intent

    def _staff_turn(self, turn: Turn, ctx: Context, session: Session, out: list[Say],
                    commands: list[Command]) -> str | None:
        """A staff member's message: a staff command; or, within minutes of
        the to-do list or a ticket, a number from the list (that ticket) or
        words to its user, sent once staff confirm ("send", or a yes). None:
        an ordinary message (staff use the bot as anyone does)."""
        now = turn.now
        fresh = now - session.staff_ticket_at <= STAFF_FOLLOW_UP
        draft, session.staff_draft = session.staff_draft, None
        staff = self.nlu.staff_command(turn.raw_text)
        if (staff is not None and staff[0] == "send") or (draft is not None and self.nlu.yes_no(turn.text)):
            if draft is None or not fresh or not session.staff_ticket:
                out.append(say("staff-send-nothing"))
                return "staff:send"
            commands.append(ReplyToTicket(session.staff_ticket, draft))
            out.append(say("staff-ticket-done", id=session.staff_ticket, action="reply"))
            return "staff:reply"
        if draft is not None and (self.nlu.yes_no(turn.text) is False or self.nlu.global_word(turn.text) == "cancel"):
            out.append(say("staff-draft-dropped"))
            return "staff:draft_dropped"
        if draft is not None:
            # Something else instead of "send" ("close" the ticket): the words
            # waiting to be sent were not, and staff must not think they were.
            out.append(say("staff-draft-unsent", id=session.staff_ticket))
        if staff is not None and staff[1] is None and staff[0] in staff_console.TICKET_COMMANDS \
                and staff[0] != "todo" and fresh and session.staff_ticket:
            # "Reply ...", "in progress" without a number, just after a ticket
            # was opened: that ticket. A reply is shown back before it goes,
            # as words written after opening it are.
            kind, _, note = staff
            if kind == "reply" and note:
                session.staff_draft = note[:MAX_STAFF_REPLY]
                session.staff_ticket_at = now
                out.append(say("staff-draft-confirm", id=session.staff_ticket, text=session.staff_draft))
                return "staff:draft"
            staff = (kind, session.staff_ticket, note)
        if staff is not None and staff[1] is None and staff[0] in ("approve", "reject") and fresh \
                and len(session.staff_posts) == 1:
            staff = (staff[0], session.staff_posts[0], staff[2])   # the one post the review list showed
        if staff is None and not session.dialog and fresh:
            number = parse_number(turn.text)
            if number is not None and number in session.staff_posts:
                # A post picked from the review list: how to decide on it.
                out.append(say("staff-review-how", id=number))
                return "staff:review_how"
            if number is not None and number in session.staff_shown:
                staff = ("view", number, "")   # a ticket picked from the list just shown
            elif number is None and session.staff_ticket and self.nlu.global_word(turn.text) is None \
                    and len(normalise(turn.text)) >= 2:
                session.staff_draft = turn.raw_text.strip()[:MAX_STAFF_REPLY]
                session.staff_ticket_at = now
                out.append(say("staff-draft-confirm", id=session.staff_ticket, text=session.staff_draft))
                return "staff:draft"
        if staff is None:
            return None
        routed = self._staff(staff, ctx, out, commands)
        if routed == "staff:queue":
            session.staff_posts = [j.id for j in ctx.need(ReviewQueue())]
            session.staff_shown, session.staff_ticket, session.staff_ticket_at = [], 0, now
        if routed == "staff:todo":
            session.staff_shown, session.staff_posts = [t.id for t in ctx.need(OpenTickets())], []
            session.staff_ticket, session.staff_ticket_at = 0, now
            if session.staff_shown:
                out.append(say("staff-todo-hint", first=session.staff_shown[0]))
        elif routed == "staff:view" and staff[1] is not None:
            session.staff_ticket, session.staff_ticket_at = staff[1], now
            out.append(say("staff-view-hint", id=staff[1]))
        return routed

    def _staff(self, command: tuple[str, int | None, str], ctx: Context, out: list[Say],
               commands: list[Command]) -> str:
        """Staff commands (STAFF_OPENIDS only): their help, tickets, and posts held for review."""
        kind, job_id, note = command
        if kind == "help":
            return staff_console.help_list(ctx, out)
        if kind in hardship_staff.COMMANDS:
            return hardship_staff.command(kind, note, ctx, out, commands)
        if job_id is None and kind in staff_console.NEEDS_NUMBER:
            return staff_console.needs_number(kind, out)
        if kind == "bookings":
            return staff_console.bookings(job_id, ctx, out)
        if kind in staff_console.TICKET_COMMANDS:
            return staff_console.ticket_command(kind, job_id, note, ctx, out, commands)
        return staff_review(kind, job_id, note, ctx, out, commands)

    @staticmethod
    def _reply_to_staff(turn: Turn, ctx: Context, out: list[Say], commands: list[Command],
                        asked_from: str | None = None) -> bool:
        """Words sent while staff are talking with the user on an open
        ticket go to that ticket (and to staff): True when they did.
        `asked_from`: only a ticket asked for from that dialog ("human" at
        one of its questions), not a complaint lodged before it began."""
        ticket = ctx.need(TicketInTalk())
        if ticket is None or not turn.raw_text.strip():
            return False
        if asked_from is not None and (ticket.context or "").split(":", 1)[0] != asked_from:
            return False
        commands.append(ReplyFromUser(ticket.id, turn.raw_text.strip()[:MAX_ASKED]))
        out.append(say("human-reply-sent", id=ticket.id))
        return True

    def _answers_the_draft_just_kept(self, turn: Turn, ctx: Context, session: Session, out: list[Say],
                                     commands: list[Command]) -> bool:
        """Right after a dialog gave up on answers that did not fit (its
        draft kept), the next message that nothing else explains is tried
        as the answer: "myself" (a person hiring), the right word at last, goes on with the
        draft rather than "not understood". An answer that still does not
        fit leaves the draft kept as it was."""
        paused, paused_at = session.paused, session.paused_at
        if paused is None or paused.get("name") not in DIALOGS or session.dialog is not None \
                or session.at is None or paused_at != session.at or turn.kind not in ("text", "voice"):
            return False
        result = DIALOGS[paused["name"]].step(ctx, plain_copy(paused), turn)
        if result.invalid or result.draft is not None:
            return False
        session.take_paused(ctx.now, PAUSED_FOR)
        self._apply(result, ctx, session, out, commands)
        return True

    @staticmethod
    def _answers_question(dialog: dict[str, Any], text: str) -> bool:
        """The words are, whole, one of the open question's own words (`Question.own_words`)."""
        dialog_class = DIALOGS.get(dialog.get("name", ""))
        question = dialog_class.questions.get(dialog.get("state", "")) if dialog_class else None
        if question is None or question.own_words is None:
            return False
        said = normalise(text).lower()
        return any(said == word for words in choice_words(question.own_words).words.values() for word in words)

    @staticmethod
    def _words_for_staff(turn: Turn) -> bool:
        """Words, not a mistyped answer: no digits (a phone, a day, a
        number), and more than a word or two."""
        text = turn.text if turn.kind in ("text", "voice") else ""
        return len(normalise(text)) >= 4 and not re.search(r"[0-9]", arabic_numerals(text))

    def _only_thanks(self, turn: Turn) -> bool:
        """Thanks, not a mere okay (an okay that answers nothing is a miss as before)."""
        if turn.kind not in ("text", "voice") or not turn.text or self.nlu.yes_no(turn.text) is not None:
            return False
        found = self.nlu.intent(turn.text)
        return found is not None and found.name == THANKS

    @staticmethod
    def _asks_free_text(dialog: dict[str, Any]) -> bool:
        question = DIALOGS[dialog["name"]].questions.get(dialog.get("state", ""))
        return question is not None and question.free_text

    def _change_of_mind(self, turn: Turn, dialog: dict[str, Any]) -> str:
        """The service a message clearly asks for (`Nlu.clear_request`: mostly
        the request, "I want to complain", "wait, let me see my applications") when it is another
        than the open dialog's, else "". The rule, both ways, for every
        question that takes words: tests/unit/test_change_of_mind.py.

        Not a change of mind: a greeting, thanks or a policy question (answered
        aside); the dialog's own service (SAME_SERVICE), also when the words after
        the request name it ("I wanted work, the boss did not pay" at a complaint is the story).
        A request to ask ("never mind, I'd like to ask about social insurance")
        is one: it names no question to answer aside, and no question takes it
        as its answer (it was taken as a name)."""
        if turn.kind not in ("text", "voice") or not turn.raw_text.strip():
            return ""
        found = self.nlu.clear_request(turn.raw_text)
        if found is not None and found.intent == "policy" and not self.nlu.is_question(turn.text):
            return "policy"
        if found is None or found.intent in NOT_A_CHANGE_OF_MIND:
            return ""
        current = dialog["name"]
        own = {i for i, d in INTENT_DIALOGS.items() if d == current} | SAME_SERVICE.get(current, frozenset()) \
            | SAME_SERVICE.get(f"{current}:{dialog.get('state')}", frozenset())
        if found.intent in own or (found.tail and own & set(self.nlu.intent_scores(found.tail))):
            return ""
        return found.intent

    def _answer_or_leave(self, request: str, dialog: dict[str, Any], ctx: Context, turn: Turn, session: Session,
                         out: list[Say], commands: list[Command]) -> str:
        """Words that clearly ask for another service: no free-text question
        takes them as its answer, nor any other but as a choice's own word
        said alone (Turn.request, bot/engine/answers.py); else the dialog is left."""
        kind = DIALOGS[dialog["name"]]
        turn.request = request
        result = None if self._asks_free_text(dialog) else kind.step(ctx, dialog, turn)
        turn.request = ""
        if result is not None and not (result.invalid or result.draft is not None):
            self._apply(result, ctx, session, out, commands)
            return f"dialog:{dialog['name']}"
        return self._leave_for(request, dialog, kind, ctx, turn, session, out, commands)

    def _leave_for(self, intent: str, dialog: dict[str, Any], kind: type[Dialog], ctx: Context, turn: Turn,
                   session: Session, out: list[Say], commands: list[Command]) -> str:
        """Leave the open dialog for another service: kept for "go on"
        and said so; an optional one (a survey), or one where the user was
        only looking (`Dialog.browsing`), simply steps aside."""
        session.dialog = None
        if not kind.optional and dialog.get("state") not in kind.browsing:
            session.pause(dialog, turn.now)
            out.append(say("dialog-paused"))
        return self._run_intent(intent, ctx, turn, session, out, commands)

    def _other_service(self, turn: Turn, current: str, state: str = "") -> str | None:
        """The intent of an answer that did not fit when it clearly asks for
        another service (not the dialog's own), or None. The dialog's own,
        asked where only a list is looked at, starts it again: "my jobs" at
        "Old Wang: 1 hire 2 not a fit" is the list of jobs (it was the same
        question again, and a "1" next, meant for the list, hired him)."""
        found = self.nlu.intent(turn.text) if turn.kind in ("text", "voice") else None
        if found is None or found.name in NOT_A_CHANGE_OF_MIND:
            return None
        if INTENT_DIALOGS.get(found.name) == current and state not in DIALOGS[current].browsing:
            return None
        if found.score < CLEAR_SCORE:
            return None   # one word of a service ("at work", said in a story), not a request for it
        return found.name

    def _only_service_words(self, turn: Turn) -> bool:
        """Nothing said beyond the words that name a service ("complain", "I want to complain")."""
        return len(self.nlu.strip_intent_words(turn.text)) < 2

    def _names_this_service(self, turn: Turn, current: str) -> bool:
        """The words are only the open dialog's own service asked for again
        ("register" at its consent question)."""
        found = self.nlu.intent(turn.text) if turn.kind in ("text", "voice") else None
        return found is not None and INTENT_DIALOGS.get(found.name) == current and found.score >= CLEAR_SCORE \
            and self._only_service_words(turn)

    def _apply(self, result: StepResult, ctx: Context, session: Session, out: list[Say],
               commands: list[Command]) -> None:
        out.extend(result.out)
        commands.extend(result.commands)
        session.dialog = result.saved
        if result.draft is not None:
            session.pause(result.draft, ctx.now)
        if result.handover is not None:
            name, at, slots = result.handover
            self._apply(DIALOGS[name].resume(ctx, at, slots), ctx, session, out, commands)
