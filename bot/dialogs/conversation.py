"""One turn of the conversation, without I/O: given what the user sent
and their saved state, decide what to say, which effects to apply and the
new state. Global words first, then the open dialog, then intents.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.clock import QUANZHOU
from bot.masking import mask_text
from bot.dialogs.account import DeleteDialog, MyApplicationsDialog, MyJobsDialog
from bot.dialogs.complaint import ComplaintDialog, feedback_slots
from bot.dialogs.engine import Dialog, Effect, Location, NeedData, Result, StepResult, Turn, plain_copy
from bot.dialogs.find_work import FindWorkDialog
from bot.language.query import is_vague, parse_query
from bot.dialogs.markets import MarketsDialog
from bot.language.nlu import Nlu, normalise, parse_number
from bot.dialogs.post_job import PostJobDialog, job_vars, slots_from_job
from bot.dialogs.ratings import DisputeDialog, DoneDialog, RateDialog, SurveyDialog, tag_label
from bot.dialogs.register import RegisterDialog, slots_from_worker
from bot import features
from bot.bus import Query, R
from bot.features.guidance.messages import BookingsOn
from bot.i18n import Say, say
from bot.features.register.messages import WorkerProfile
from bot.features.post_job.messages import EmployerProfile
from bot.features.complaints.messages import LodgeTicket
from bot.features.find_work.messages import JobById

DIALOGS: dict[str, type[Dialog]] = {d.name: d for d in (
    MarketsDialog, ComplaintDialog, RegisterDialog, PostJobDialog, DeleteDialog, MyJobsDialog, FindWorkDialog,
    MyApplicationsDialog, DoneDialog, DisputeDialog, RateDialog, SurveyDialog, *features.dialogs())}
# Intents that simply open a dialog.
INTENT_DIALOGS = {
    **features.intents(),
    "my_applications": MyApplicationsDialog.name,
    "markets": MarketsDialog.name,
    "register": RegisterDialog.name,
    "post_job": PostJobDialog.name,
    "delete": DeleteDialog.name,
    "my_jobs": MyJobsDialog.name,
    "complaint": ComplaintDialog.name,
    "rating": RateDialog.name,
    "done": DoneDialog.name,
    "dispute": DisputeDialog.name,
}
# The 48-hour customer-service window is counted from the user's last
# message; the database learns of it at most once an hour.
SEEN_EVERY = 3600
# A closed ticket's satisfaction question stays open for a week.
SURVEY_OPEN = 7 * 24 * 3600

# Events WeChat sends for the record; a reply to them would only be noise.
SILENT_EVENTS = {"view", "templatesendjobfinish", "masssendjobfinish", "kf_create_session",
                 "kf_close_session", "kf_switch_session", "subscribe_msg_popup_event",
                 "subscribe_msg_change_event", "subscribe_msg_sent_event", "pic_sysphoto",
                 "pic_photo_or_album", "pic_weixin", "view_miniprogram"}
LOCATION_FRESH = 6 * 3600  # a shared location is "where I am" for six hours


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
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return datetime.fromtimestamp(self.now, QUANZHOU).date()

    def need(self, key: "str | Query[R]") -> Any:
        if key not in self.data:
            raise NeedData(key)
        return self.data[key]


@dataclass
class Outcome:
    out: list[Say]
    effects: list[Effect]
    state: dict
    intent: str = ""

    @property
    def locale(self) -> str:
        return self.state.get("locale", "zh_CN")


class Conversation:
    def __init__(self, nlu: Nlu, refdata: Any, default_locale: str = "zh_CN",
                 idle_timeout: float = 30 * 60, rules: Any = None,
                 staff_openids: frozenset[str] = frozenset(), policies: Any = None) -> None:
        self.nlu = nlu
        self.policies = policies
        self.refdata = refdata
        self.default_locale = default_locale
        self.idle_timeout = idle_timeout
        self.rules = rules
        self.staff_openids = staff_openids
        self._lost = False

    # ------------------------------------------------------------------
    def handle(self, msg: Inbound, saved: dict | None, now: float | None = None,
               data: dict[str, Any] | None = None, owned: bool = False) -> Outcome:
        """Pure: the same message, state and data give the same outcome (so a
        turn that raised NeedData can simply run again with the data).
        `owned`: the caller hands over `saved` (no copy is made; it may be
        changed)."""
        self._data = data or {}
        now = time.time() if now is None else now
        if not saved:
            state = {"locale": self.default_locale}
        else:
            state = saved if owned else plain_copy(saved)
        self._lost = bool(state.pop("lost", False))
        turn = Turn(text=normalise(msg.text), raw_text=msg.text, kind=msg.kind,
                    location=msg.location, media=msg.media, now=now)
        out: list[Say] = []
        effects: list[Effect] = []
        if not state.get("known"):
            effects.append(Effect("user", {"locale": state["locale"], "last_message_at": now}))
            state["known"] = True
            state["seen"] = now
        elif msg.kind != "event" and now - float(state.get("seen", 0)) > SEEN_EVERY:
            effects.append(Effect("user", {"last_message_at": now}))
            state["seen"] = now
        if msg.location is not None:
            state["loc"] = [msg.location.lat, msg.location.lng, now]
        idle = now - float(state.get("at", now))
        if msg.kind != "event" or msg.event in ("click", "subscribe", "scan"):
            if state.get("dialog") and idle > self.idle_timeout:
                state["dialog"] = None
                out.append(say("dialog-expired"))
        intent = self._route(msg, turn, state, out, effects)
        if out or msg.kind != "event":
            state["at"] = now
        return Outcome(out, effects, state, intent)

    # ------------------------------------------------------------------
    def _ctx(self, state: dict, openid: str, now: float) -> Context:
        loc = state.get("loc")
        location = None
        if loc and now - loc[2] <= LOCATION_FRESH:
            location = Location(loc[0], loc[1])
        return Context(self.nlu, self.refdata, state.get("locale", self.default_locale), openid, now,
                       location, state.get("market"), self.rules, openid in self.staff_openids, self._data)

    def _route(self, msg: Inbound, turn: Turn, state: dict, out: list[Say], effects: list[Effect]) -> str:
        self._openid, self._now = msg.openid, turn.now
        ctx = self._ctx(state, msg.openid, turn.now)
        if msg.kind == "event":
            return self._event(msg, ctx, state, out, effects)
        if msg.kind == "voice" and not turn.text:
            out.append(say("voice-not-understood"))
            return "voice_unclear"
        if msg.kind in ("text", "voice"):
            if ctx.is_staff:
                staff = self.nlu.staff_command(turn.raw_text)
                if staff is not None:
                    return self._staff(staff, ctx, out, effects)
            command = self.nlu.global_word(turn.text)
            if command:
                return self._command(command, msg, ctx, state, out, effects)
        dialog = state.get("dialog")
        if dialog and dialog.get("name") in DIALOGS and msg.kind in ("text", "voice") \
                and self.nlu.is_question(turn.text) and self._policy_aside(turn, ctx, out):
            # A policy question in the middle of a dialog: answered, and the
            # dialog goes on where it was.
            self._apply(DIALOGS[dialog["name"]].reprompt(ctx, dialog), state, out, effects)
            return "policy:aside"
        if dialog and dialog.get("name") in DIALOGS:
            kind = DIALOGS[dialog["name"]]
            result = kind.step(ctx, dialog, turn)
            if not (result.invalid and kind.optional):
                self._apply(result, state, out, effects)
                return f"dialog:{dialog['name']}"
        state["dialog"] = None
        if msg.kind == "location":
            return self._run_intent("find_work", ctx, turn, state, out, effects)
        if msg.kind not in ("text", "voice"):
            out.append(say("media-not-understood", kind=msg.kind))
            out.append(say("menu-hint"))
            return f"media:{msg.kind}"
        number = parse_number(turn.text)
        if number is not None and 1 <= number <= 5 and not state.get("menu"):
            survey = ctx.need("pending_survey")
            if survey is not None and ctx.now - survey["survey_asked_at"] < SURVEY_OPEN:
                # The number answers "how did we handle your complaint?".
                effects.append(Effect("ticket_rating", {"ticket_id": survey["id"], "score": number}))
                out.append(say("survey-thanks"))
                return "survey"
        asked = self.nlu.ticket_number(turn.text)
        if asked is not None:
            return self._show_tickets(ctx, out, only=asked)
        if self.nlu.wants_details(turn.text) and state.get("policy"):
            return self._policy_details(state["policy"], ctx, out)
        choices = state.get("policy_choices") or []
        if number is not None and not state.get("menu") and 1 <= number <= len(choices):
            return self._policy_answer(choices[number - 1], ctx, state, out)
        if number is not None and state.get("menu") and 1 <= number <= len(self.nlu.menu_numbers):
            return self._run_intent(self.nlu.menu_numbers[number - 1], ctx, turn, state, out, effects)
        found = self.nlu.intent(turn.text)
        yields = found is None or found.name in ("find_work", "post_job", "greeting", "markets", "complaint") \
            or bool(self.nlu.intent_scores(turn.text).get("policy"))
        if yields and found is not None and found.name == "find_work" \
                and not is_vague(parse_query(turn.text, self.refdata, ctx.today)):
            yields = False  # "any public-welfare posts?" names what to search for: a search
        if yields and self.nlu.is_question(turn.text) and self.policies is not None \
                and self.policies.confident(self.policies.search(turn.text, k=3)):
            # "Do I pay anything at the market to find work?" is a policy
            # question, though it names work; "the boss does not pay, what
            # can I do?" gets the answer, and the way to complain.
            intent = self._run_intent("policy", ctx, turn, state, out, effects)
            if found is not None and found.name == "complaint":
                out.append(say("policy-complaint-offer"))
            return intent
        if found is None:
            # After a lost dialog state a bare "1" was most likely an answer
            # to a question asked before: say so, rather than "not understood".
            out.append(say("dialog-lost" if self._lost else "not-understood"))
            out.append(say("menu-list"))
            state["menu"] = True
            return "unknown"
        return self._run_intent(found.name, ctx, turn, state, out, effects)

    def _event(self, msg: Inbound, ctx: Context, state: dict, out: list[Say], effects: list[Effect]) -> str:
        ev = msg.event
        if ev in ("subscribe", "scan"):
            market = self._market_for_scene(msg.event_key)
            if market is not None:
                state["market"] = market.code
                effects.append(Effect("user", {"market_code": market.code, "subscribed": True}))
            elif ev == "subscribe":
                effects.append(Effect("user", {"subscribed": True}))
            if ev == "subscribe":
                out.append(say("welcome"))
                if market is not None:
                    out.append(say("welcome-market", market=market.name))
                out.append(say("menu-list"))
                state["menu"] = True
            elif market is not None:
                out.append(say("welcome-market", market=market.name))
                out.append(say("menu-hint"))
            return ev
        if ev == "unsubscribe":
            state["dialog"] = None
            effects.append(Effect("user", {"subscribed": False}))
            return ev
        if ev == "click":
            intent = self.nlu.menu_keys.get(msg.event_key)
            if intent is None:
                out.append(say("menu-list"))
                state["menu"] = True
                return "click:unknown"
            if intent in ("help", "human"):
                return self._command(intent, msg, ctx, state, out, effects)
            state["dialog"] = None
            return self._run_intent(intent, ctx, Turn(now=ctx.now), state, out, effects)
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
    def _command(self, command: str, msg: Inbound, ctx: Context, state: dict, out: list[Say],
                 effects: list[Effect]) -> str:
        dialog = state.get("dialog")
        if command == "cancel":
            state["dialog"] = None
            out.append(say("cancelled" if dialog else "nothing-to-cancel"))
            out.append(say("menu-hint"))
        elif command == "help":
            out.append(say("menu-list"))
            if dialog:
                out.append(say("dialog-resume-hint"))
            state["menu"] = True
        elif command == "back":
            if dialog and dialog.get("name") in DIALOGS:
                self._apply(DIALOGS[dialog["name"]].back(ctx, dialog), state, out, effects)
            else:
                out.append(say("nothing-to-go-back"))
                out.append(say("menu-hint"))
        elif command == "human":
            context = f"{dialog['name']}:{dialog['state']}" if dialog else None
            # A user whose request is still open gets the same ticket again
            # (Tickets.lodge adds what they said to it; the service then says
            # "handed-to-staff-again" instead): pressing it ten times makes
            # one ticket, not ten notices in the staff group.
            effects.append(LodgeTicket("question", context=context, said=msg.text.strip()[:200]))
            out.append(say("handed-to-staff", id=Result("ticket_id")))
            if dialog:
                out.append(say("dialog-resume-hint"))
        elif command == "more":
            pages = state.get("pages") or []
            if pages:
                out.append(say("plain", text=pages.pop(0)))
                state["pages"] = pages
            elif dialog and getattr(DIALOGS.get(dialog.get("name")), "accepts_more", False):
                # A dialog that pages on its own (search results).
                self._apply(DIALOGS[dialog["name"]].step(ctx, dialog, Turn(
                    text=normalise(msg.text), raw_text=msg.text, kind=msg.kind, now=ctx.now)), state, out, effects)
            else:
                out.append(say("no-more"))
        elif command in ("lang_en", "lang_zh"):
            locale = "en" if command == "lang_en" else "zh_CN"
            state["locale"] = locale
            effects.append(Effect("user", {"locale": locale}))
            out.append(say("language-switched"))
            out.append(say("menu-hint"))
        return command

    def _run_intent(self, intent: str, ctx: Context, turn: Turn, state: dict, out: list[Say],
                    effects: list[Effect]) -> str:
        state["menu"] = False
        if intent in INTENT_DIALOGS:
            # An intent that is simply a dialog, started with the words that named it.
            self._apply(DIALOGS[INTENT_DIALOGS[intent]].start(ctx, turn), state, out, effects)
            return intent
        if intent == "help":
            out.append(say("menu-list"))
            state["menu"] = True
        elif intent == "human":
            return self._command("human", Inbound(ctx.openid, "text"), ctx, state, out, effects)
        elif intent == "greeting":
            out.append(say("greeting"))
            out.append(say("menu-list"))
            state["menu"] = True
        elif intent == "find_work":
            self._apply(FindWorkDialog.start(ctx, turn), state, out, effects)
            if turn.location is not None:
                nearest = self.refdata.nearest_markets(turn.location.lat, turn.location.lng, limit=1)
                if nearest:
                    out.append(say("nearest-market", name=nearest[0][0].name, km=round(nearest[0][1], 1)))
        elif intent == "unsubscribe":
            effects.append(Effect("stop_pushes", {}))
            out.append(say("unsubscribed"))
        elif intent == "policy":
            self._policy(turn, ctx, state, out)
        elif intent == "my_info":
            self._my_info(ctx, turn, state, out, effects)
        elif intent == "feedback":
            self._apply(ComplaintDialog.start(ctx, turn, feedback_slots()), state, out, effects)
        elif intent == "my_tickets":
            self._show_tickets(ctx, out)
        elif intent == "shortage":
            rows = ctx.need("shortage")
            if not rows:
                out.append(say("shortage-none"))
            else:
                out.append(say("shortage-intro"))
                for n, (trade, demand, supply) in enumerate(rows, 1):
                    out.append(say("shortage-line", n=n, trade=trade, demand=demand, supply=supply))
        elif intent == "my_rating":
            self._my_rating(ctx, out)
        return intent

    def _my_info(self, ctx: Context, turn: Turn, state: dict, out: list[Say], effects: list[Effect]) -> None:
        worker, employer = ctx.need(WorkerProfile()), ctx.need(EmployerProfile())
        if worker is None and employer is None:
            out.append(say("profile-none"))
            return
        if employer is not None:
            out.append(say("profile-employer", name=employer["name"], phone=employer["phone"],
                           kind=employer["kind"]))
        if worker is not None:
            out.append(say("profile-intro"))
            self._apply(RegisterDialog.resume(ctx, "confirm", slots_from_worker(worker), turn), state, out,
                        effects)
        else:
            out.append(say("profile-employer-hint"))

    # ---- policy Q&A (clauses 12, 13, 17-19) --------------------------------
    def _policy(self, turn: Turn, ctx: Context, state: dict, out: list[Say]) -> str:
        hits = self.policies.search(turn.text, k=3) if self.policies else []
        if hits and self.policies.confident(hits):
            return self._policy_answer(hits[0].entry.id, ctx, state, out)
        # Not sure: say so, show the two closest topics, offer a person.
        out.append(say("policy-not-sure"))
        state["policy_choices"] = [h.entry.id for h in hits[:2]]
        for n, h in enumerate(hits[:2], 1):
            out.append(say("numbered", n=n, text=h.entry.text("title", ctx.locale)))
        out.append(say("policy-not-sure-hint"))
        return "policy:unsure"

    def _policy_answer(self, entry_id: str, ctx: Context, state: dict, out: list[Say]) -> str:
        entry = self.policies.entry(entry_id)
        out.append(say("policy-answer", title=entry.text("title", ctx.locale), short=entry.text("short", ctx.locale)))
        related = [r for r in entry.related if self.policies.entry(r)]
        state["policy"] = entry.id
        state["policy_choices"] = related
        state["menu"] = False
        out.append(say("policy-details-hint"))
        if related:
            out.append(say("policy-related"))
            for n, r in enumerate(related, 1):
                out.append(say("numbered", n=n, text=self.policies.entry(r).text("title", ctx.locale)))
        return f"policy:{entry.id}"

    def _policy_details(self, entry_id: str, ctx: Context, out: list[Say]) -> str:
        entry = self.policies.entry(entry_id)
        out.append(say("policy-details", title=entry.text("title", ctx.locale),
                       details=entry.text("details", ctx.locale), where=entry.text("where", ctx.locale),
                       source=entry.source, checked=entry.checked))
        return f"policy-details:{entry.id}"

    def _policy_aside(self, turn: Turn, ctx: Context, out: list[Say]) -> bool:
        hits = self.policies.search(turn.text, k=1) if self.policies else []
        if not (hits and self.policies.confident(hits)):
            return False
        entry = hits[0].entry
        out.append(say("policy-answer", title=entry.text("title", ctx.locale), short=entry.text("short", ctx.locale)))
        out.append(say("policy-aside-back"))
        return True

    def _my_rating(self, ctx: Context, out: list[Say]) -> None:
        """Why a user's rating is what it is: the average, how many, and
        the tags others chose most."""
        stats = ctx.need("my_rating_stats")
        shown = False
        for role in ("worker", "employer"):
            got = stats.get(role)
            if not got or not got["count"]:
                continue
            shown = True
            out.append(say("my-rating", role=role, avg=f"{got['avg']:.1f}", count=got["count"]))
            rater = "employer" if role == "worker" else "worker"
            for code, n in got["tags"][:5]:
                out.append(say("my-rating-tag", tag=tag_label(rater, code, ctx.locale), count=n))
        if not shown:
            out.append(say("my-rating-none"))

    def _show_tickets(self, ctx: Context, out: list[Say], only: int | None = None) -> str:
        """"My complaints" (or one ticket by number): status and staff replies."""
        tickets = [t for t in ctx.need("my_tickets") if only is None or t["id"] == only]
        if not tickets:
            out.append(say("tickets-none" if only is None else "ticket-not-yours"))
            return "my_tickets"
        for t in tickets:
            out.append(say("ticket-line", id=t["id"], kind=t["kind"], status=t["status"]))
            replies = [m for m in t.get("messages", []) if m["author"] == "staff"]
            if replies:
                out.append(say("ticket-last-reply", text=replies[-1]["text"][:300]))
        return "my_tickets"

    def _ticket_command(self, kind: str, number: int | None, note: str, ctx: Context, out: list[Say],
                        effects: list[Effect]) -> str:
        if kind == "todo":
            queue = ctx.need("ticket_queue")
            if not queue:
                out.append(say("staff-todo-empty"))
            else:
                out.append(say("staff-todo", count=len(queue)))
                for t in queue:
                    out.append(say("staff-todo-line", id=t["id"], kind=t["kind"], status=t["status"],
                                   urgent="yes" if t["urgent"] else "no", text=(t["text"] or "-")[:60]))
            return "staff:todo"
        t = ctx.need(f"ticket:{number}")
        if t is None:
            out.append(say("staff-no-such-ticket", id=number))
            return "staff:unknown"
        if kind == "view":
            # The callback phone in full (staff call it); identity and card
            # numbers inside what was written stay masked even here.
            out.append(say("staff-ticket-view", id=t["id"], kind=t["kind"], status=t["status"],
                           text=mask_text(t["text"] or "-"), phone=t.get("phone") or "-"))
            for m in t.get("messages", []):
                out.append(say("staff-ticket-message", author=m["author"], text=mask_text(m["text"][:300])))
            for e in t.get("evidence", []):
                out.append(say("staff-ticket-evidence", kind=e["kind"], n=e["n"], state=e["state"],
                               link=e["link"] or "-", reason=e["reason"]))
            return "staff:view"
        if kind == "reply":
            if not note:
                out.append(say("staff-reply-needs-text"))
                return "staff:reply"
            effects.append(Effect("ticket_reply", {"ticket_id": number, "text": note}))
        elif kind == "progress":
            effects.append(Effect("ticket_progress", {"ticket_id": number}))
        elif kind == "close":
            effects.append(Effect("ticket_close", {"ticket_id": number, "note": note}))
        out.append(say("staff-ticket-done", id=number, action=kind))
        return f"staff:{kind}"

    def _staff(self, command: tuple[str, int | None, str], ctx: Context, out: list[Say],
               effects: list[Effect]) -> str:
        """Staff commands (STAFF_OPENIDS only): tickets, and posts held for review."""
        kind, job_id, note = command
        if kind == "bookings":
            day = ctx.today + timedelta(days=job_id or 0)
            rows = ctx.need(BookingsOn(day.isoformat()))
            out.append(say("staff-bookings", month=day.month, day=day.day, count=len(rows)))
            for r in rows:
                market = self.refdata.market_by_code(r["market_code"])
                out.append(say("staff-booking-line", market=market.name if market else r["market_code"],
                               half=r["half"], name=r.get("name") or "-", phone=r.get("phone") or "-"))
            return "staff:bookings"
        if kind in ("reply", "progress", "close", "view", "todo"):
            return self._ticket_command(kind, job_id, note, ctx, out, effects)
        if kind == "queue":
            queue = ctx.need("review_queue")
            if not queue:
                out.append(say("staff-queue-empty"))
            else:
                out.append(say("staff-queue", count=len(queue)))
                for job in queue:
                    v = job_vars(slots_from_job(job, None), self.refdata)
                    out.append(say("staff-queue-line", id=job["id"], trades=v["trades"], area=v["area"],
                                   reasons=", ".join(job.get("review_reasons") or []) or "-",
                                   text=(job.get("description") or job.get("skills") or "-")[:120]))
                out.append(say("staff-queue-hint"))
            return "staff:queue"
        job = ctx.need(JobById(job_id))
        if job is None or job["status"] != "review":
            out.append(say("staff-no-such-review", id=job_id))
            return "staff:unknown"
        approved = kind == "approve"
        effects.append(Effect("review_decision", {"job_id": job_id, "approved": approved, "note": note}))
        out.append(say("staff-decided", id=job_id, approved="yes" if approved else "no"))
        return f"staff:{kind}"

    def _apply(self, result: StepResult, state: dict, out: list[Say], effects: list[Effect]) -> None:
        out.extend(result.out)
        effects.extend(result.effects)
        state["dialog"] = result.saved
        if result.handover is not None:
            name, at, slots = result.handover
            ctx = self._ctx(state, self._openid, self._now)
            self._apply(DIALOGS[name].resume(ctx, at, slots), state, out, effects)
