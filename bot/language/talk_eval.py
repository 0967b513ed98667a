"""The talk corpus: conversations written as real workers and employers
type, each user turn with what it should lead to, run through the pure
Conversation (bot/turn/conversation.py) against records declared in the
corpus, without a database. Prints the turns, the pass rate, the intent
accuracy and each failure.

    python -m bot talk-eval [FILE ...]          (default: tests/corpus/*.json)

A corpus file:

    {"conversations": [
      {"id": "reg-voice", "about": "register", "setup": {...}, "turns": [
        {"say": "<what the user types>", "expect": {"intent": "register", "dialog": "register"}},
        ...]}]}

A turn sends one of: "say" (typed text), "voice" (WeChat's recognition of
a voice message), "location" ([lat, lng]), "image" (true), "click" (a menu
key). "wait": seconds since the turn before (default 5).

"fill" answers a dialog by its questions rather than in a fixed order:
{"fill": {"ask_address": "<an address>", "ask_days": "<how many days>", ...}}
sends, while the open dialog asks a question named there, that answer (each
question at most once). Each answer sent is a user turn, which passes when
the dialog took it (it moved on, or ended); the turn's "expect" is checked
after the last. So a case survives questions being added, dropped or
reordered: what it tests is that every question asked is answered in words.

What a turn expects (every key given must hold; the turn passes when all do):

  intent      where the message was routed: an intent name ("find_work",
              "complaint", "human", "policy", "thanks" …), "dialog:NAME" for
              an answer taken by the open dialog, "policy:aside", "cancel",
              "back", "resume" … (Outcome.intent)
  dialog      the dialog open after the turn (null: none)
  state       the dialog's question after the turn ("ask_phone")
  not_state   the dialog is not at this question (or these)
  slot        {name: value}: the open dialog's slots hold these values
  reply_id    catalog id(s) among those said
  no_reply_id catalog id(s) not among those said
  reply_has   text(s) found in the reply as the user reads it
  reply_lacks text(s) not found in it
  command     a command name, a list of them, or {name: {field: value}}:
              asked for in this turn (fields compared by dotted path)
  no_command  command name(s) not asked for in this turn
  search      {field: value}: the last job search asked in this turn
  understood  true: the reply is not "not understood"

A conversation with "separate": true is a list of first messages: each
turn is sent by a new user (no dialog open), the same setup.

The setup of a conversation (records the dialogs ask for; all optional):

  worker      a registered worker (Worker's fields; name at least)
  employer    the user as a registered employer (Employer's fields)
  jobs        jobs in the market (Job's fields; "start": days from today);
              a search finds them all, in order, unless "found" lists ids
  found       the job ids a search finds
  my_jobs     ids of those jobs that are the user's own posts
  applicants  {job id: [Applicant fields + "status"]}
  applications [{"job": id, "status": "applied"}]: the user's applications
  tickets     the user's complaints (Ticket's fields)
  survey      a ticket id whose satisfaction question is pending
  in_talk     a ticket id staff answered lately (what the user says next may be for them)
  engagements [Engagement's fields]
  courses     [Course's fields; "start": days from today]
  my_training [Enrollment's fields]
  bookings    [Appointment's fields]
  staff       true: the user is staff (STAFF_OPENIDS)
  open_tickets [Ticket's fields]: the staff queue
  rating      what MyRating answers ({"worker": {"avg", "count", "tags"}})
  locale      "en": the user chose English before the first turn
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = ROOT / "tests" / "corpus"
START = 1_800_000_000.0      # a Friday afternoon in Quanzhou (2027-01-15 16:00)
OPENID = "o_talk_corpus_user"
SENDS = ("say", "voice", "location", "image", "click", "fill")
EXPECTS = frozenset({"intent", "dialog", "state", "not_state", "slot", "reply_id", "no_reply_id", "reply_has",
                     "reply_lacks", "command", "no_command", "search", "understood"})
SETUP = frozenset({"worker", "employer", "jobs", "found", "my_jobs", "applicants", "applications", "tickets",
                   "survey", "in_talk", "engagements", "courses", "my_training", "bookings", "staff", "open_tickets",
                   "rating", "locale"})
TURN_KEYS = frozenset({*SENDS, "wait", "expect", "note"})


# ---------------------------------------------------------------------------
# Reading the corpus

def corpus_files(paths: list[Path] | None = None) -> list[Path]:
    if paths:
        out: list[Path] = []
        for p in paths:
            out.extend(sorted(p.glob("*.json")) if p.is_dir() else [p])
        return out
    return sorted(DEFAULT_DIR.glob("*.json"))


def load(paths: list[Path] | None = None) -> list[dict[str, Any]]:
    """Every conversation of the files, checked for shape; ValueError naming
    the conversation and turn."""
    conversations: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in corpus_files(paths):
        doc = json.loads(path.read_text(encoding="utf-8"))
        convs = doc.get("conversations") if isinstance(doc, dict) else doc
        if not isinstance(convs, list):
            raise ValueError(f"{path}: expected a 'conversations' list")
        for i, conv in enumerate(convs):
            cid = conv.get("id") if isinstance(conv, dict) else None
            if not isinstance(cid, str) or not cid or cid in seen:
                raise ValueError(f"{path}: conversations[{i}]: id {cid!r} missing or repeated")
            seen.add(cid)
            unknown = set(conv.get("setup") or {}) - SETUP
            if unknown:
                raise ValueError(f"{path}: {cid}: unknown setup {sorted(unknown)}")
            turns = conv.get("turns")
            if not isinstance(turns, list) or not turns:
                raise ValueError(f"{path}: {cid}: no turns")
            for n, turn in enumerate(turns, 1):
                where = f"{path.name}: {cid} turn {n}"
                if not isinstance(turn, dict) or set(turn) - TURN_KEYS:
                    raise ValueError(f"{where}: unknown keys {sorted(set(turn) - TURN_KEYS)}")
                if sum(k in turn for k in SENDS) != 1:
                    raise ValueError(f"{where}: send exactly one of {SENDS}")
                expect = turn.get("expect")
                if not isinstance(expect, dict) or not expect:
                    raise ValueError(f"{where}: every turn needs an expected outcome")
                if set(expect) - EXPECTS:
                    raise ValueError(f"{where}: unknown expectation(s) {sorted(set(expect) - EXPECTS)}")
            conv["file"] = path.name
            conversations.append(conv)
    if not conversations:
        raise ValueError("no conversations found")
    return conversations


# ---------------------------------------------------------------------------
# The records a conversation declares

def _record(kind: type, row: dict[str, Any], **defaults: Any) -> Any:
    names = {f.name: f for f in dataclasses.fields(kind)}
    values = {**defaults, **{k: v for k, v in row.items() if k in names}}
    for k, v in values.items():
        if isinstance(v, list):
            values[k] = tuple(v)
    return kind(**values)


def _day(today: date, offset: Any) -> str:
    if isinstance(offset, str):
        return offset
    return (today + timedelta(days=int(offset or 0))).isoformat()


class Records:
    """Answers the conversation's queries from a conversation's setup."""

    def __init__(self, setup: dict[str, Any], today: date) -> None:
        from bot import domain

        self.setup = setup
        self.today = today
        s = setup
        self.worker = _record(domain.Worker, s["worker"], openid=OPENID) if s.get("worker") else None
        self.employer = (_record(domain.Employer, s["employer"], id=1, openid=OPENID)
                         if s.get("employer") else None)
        self.jobs: dict[int, Any] = {}
        for i, row in enumerate(s.get("jobs") or [], 1):
            start = _day(today, row.get("start", 1))
            days = int(row.get("days", 1))
            job = _record(domain.Job, row, id=i, employer_id=9, trades=("porter",), area="fengze",
                          start_date=start, end_date=(date.fromisoformat(start) + timedelta(days=days - 1))
                          .isoformat(), days=days, start_time="08:00", end_time="17:00", pay_min=200,
                          pay_max=200, pay_unit="day", pay_method="daily", headcount=2,
                          contact_phone="13905951111", contact_name="Chen", status="open")
            self.jobs[job.id] = job
        self.found = list(s["found"]) if "found" in s else list(self.jobs)
        self.my_jobs = [self.jobs[i] for i in s.get("my_jobs") or []]
        self.applicants = {
            int(job_id): [_record(domain.Applicant, a, application=domain.Application(
                id=100 * int(job_id) + n, job_id=int(job_id), worker_openid=f"o_w{n}",
                status=a.get("status", "applied"))) for n, a in enumerate(rows, 1)]
            for job_id, rows in (s.get("applicants") or {}).items()}
        self.applications = [domain.Application(id=50 + n, job_id=int(a["job"]), worker_openid=OPENID,
                                                status=a.get("status", "applied"), job=self.jobs.get(int(a["job"])))
                             for n, a in enumerate(s.get("applications") or [], 1)]
        self.tickets = [_record(domain.Ticket, t, openid=OPENID) for t in s.get("tickets") or []]
        self.engagements = [_record(domain.Engagement, e, worker_openid=OPENID, employer_id=9,
                                    employer_openid="o_boss") for e in s.get("engagements") or []]
        self.courses = [_record(domain.Course, dict(c, start_date=_day(today, c.get("start", 7)),
                                                    end_date=_day(today, c.get("start", 7) + 2)),
                                mode="offline", capacity=30) for c in s.get("courses") or []]
        self.my_training = [_record(domain.Enrollment, e, openid=OPENID) for e in s.get("my_training") or []]
        self.bookings = [_record(domain.Appointment, b, openid=OPENID) for b in s.get("bookings") or []]
        self.open_tickets = [_record(domain.Ticket, t) for t in s.get("open_tickets") or []]
        self.asked: list[Any] = []

    def answer(self, q: Any) -> Any:
        from bot.features.account.messages import DataHeld
        from bot.features.find_work.messages import DailyUse
        from bot.features.post_job.messages import DailyPosts
        from bot.features.staff.messages import TicketForStaff

        self.asked.append(q)
        name = type(q).__name__
        if name == "WorkerProfile":
            return self.worker
        if name == "EmployerProfile":
            return self.employer
        if name == "FindJobs":
            return {"results": [[i, 1.0] for i in self.found if i in self.jobs], "jobs": {}, "widened": None}
        if name == "JobsByIds":
            return {i: self.jobs.get(i) for i in q.job_ids}
        if name == "JobById":
            return self.jobs.get(q.job_id)
        if name == "MyApplicationTo":
            return next((a for a in self.applications if a.job_id == q.job_id), None)
        if name == "MyApplications":
            return self.applications
        if name == "ApplicationsToday":
            return DailyUse(0, 20)
        if name == "PostsToday":
            return DailyPosts(used=0, limit=10)
        if name == "MyJobs":
            return self.my_jobs
        if name == "ApplicantCounts":
            counts = {job_id: len([a for a in rows if a.status != "withdrawn"])
                      for job_id, rows in self.applicants.items()}
            return {job_id: n for job_id, n in counts.items() if n}
        if name == "Applicants":
            return self.applicants.get(q.job_id, [])
        if name == "WaitingApplicants":
            return [a for job_id in q.job_ids for a in self.applicants.get(job_id, []) if a.status == "applied"]
        if name == "PrivacyTerms":
            return {"engagement_days": 365, "ticket_days": 365}
        if name == "MyData":
            return DataHeld(worker=self.worker is not None, employer=self.employer is not None,
                            open_jobs=len([j for j in self.my_jobs if j.status in ("open", "review")]),
                            open_tickets=tuple(t.id for t in self.tickets if t.status != "closed"),
                            complaints_open=0, complaints_closed=0, ratings_given=0,
                            records=int(self.worker is not None) + int(self.employer is not None)
                            + len(self.tickets) + len(self.applications), ticket_days=365)
        if name == "MyTickets":
            return self.tickets
        if name == "PendingSurvey":
            sid = self.setup.get("survey")
            return next((t for t in self.tickets if t.id == sid), None) if sid else None
        if name == "TicketInTalk":
            tid = self.setup.get("in_talk")
            return next((t for t in self.tickets if t.id == tid), None) if tid else None
        if name == "Engagements":
            return self.engagements
        if name == "SurveyDue":
            return False
        if name == "MyRating":
            return self.setup.get("rating") or {}
        if name == "Courses":
            return self.courses
        if name == "MyTraining":
            return self.my_training
        if name == "TakenSlots":
            return {}
        if name == "MyBookings":
            return self.bookings
        if name == "OpenTickets":
            return self.open_tickets
        if name == "OpenTicketCount":
            return len(self.open_tickets)
        if name == "ReviewQueueSize":
            return 0
        if name == "TicketDetails":
            t = next((t for t in self.open_tickets if t.id == q.ticket_id), None)
            return TicketForStaff(t) if t else None
        if name in ("BookingsOn", "ReviewQueue", "ShortageTrades"):
            return []
        raise KeyError(f"the talk corpus has no fake answer for {name}")


# ---------------------------------------------------------------------------
# Running

@dataclass
class Failure:
    conversation: str
    turn: int
    said: str
    expected: str
    got: str


@dataclass
class Report:
    turns: int = 0
    passed: int = 0
    intent_turns: int = 0
    intent_right: int = 0
    conversations: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def pass_rate(self) -> float:
        return self.passed / self.turns if self.turns else 0.0

    @property
    def intent_accuracy(self) -> float:
        return self.intent_right / self.intent_turns if self.intent_turns else 1.0

    def by_conversation(self) -> dict[str, list[Failure]]:
        out: dict[str, list[Failure]] = {}
        for f in self.failures:
            out.setdefault(f.conversation, []).append(f)
        return out


class _Resources:
    conversation: Any = None
    staff_conversation: Any = None
    catalog: Any = None


def _conversation(staff: bool) -> Any:
    if _Resources.conversation is None:
        from bot.app import content_rules, language_resources, policy_base
        from bot.i18n import Catalog
        from bot.turn.conversation import Conversation

        refdata, nlu = language_resources()
        policies, rules = policy_base(), content_rules()
        _Resources.conversation = Conversation(nlu, refdata, rules=rules, policies=policies)
        _Resources.staff_conversation = Conversation(nlu, refdata, rules=rules, policies=policies,
                                                     staff_openids=frozenset({OPENID}))
        _Resources.catalog = Catalog()
    return _Resources.staff_conversation if staff else _Resources.conversation


def _inbound(turn: dict[str, Any]) -> Any:
    from bot.engine.dialog import Location
    from bot.turn.conversation import Inbound

    if "say" in turn:
        return Inbound(OPENID, "text", text=turn["say"])
    if "voice" in turn:
        return Inbound(OPENID, "voice", text=turn["voice"])
    if "location" in turn:
        lat, lng = turn["location"]
        return Inbound(OPENID, "location", location=Location(float(lat), float(lng)))
    if "image" in turn:
        return Inbound(OPENID, "image", media={"media_id": "m_corpus", "url": "http://example.invalid/1.jpg"})
    return Inbound(OPENID, "event", event="click", event_key=turn["click"])


def _said(turn: dict[str, Any]) -> str:
    for k in SENDS:
        if k in turn:
            return turn[k] if isinstance(turn[k], str) else f"<{k} {turn[k]}>"
    return ""


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _at_path(value: Any, path: str) -> Any:
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, list) and isinstance(got, (list, tuple)):
        return list(want) == [_plain(g) for g in got]
    if isinstance(want, (int, float)) and not isinstance(want, bool) and isinstance(got, str):
        return got.strip() == str(want)
    return bool(want == got)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _render(out: list[Any], locale: str) -> str:
    from bot.engine.dialog import Result
    from bot.i18n import Say

    items = [Say(s.id, {k: ("1" if isinstance(v, Result) else v) for k, v in s.vars.items()}) for s in out]
    try:
        return _Resources.catalog.render(locale, items)
    except Exception as exc:   # a reply that cannot be rendered is a failure of the turn, shown as such
        return f"<cannot render: {exc}>"


def check(expect: dict[str, Any], outcome: Any, commands: list[Any], searches: list[Any]) -> list[tuple[str, str]]:
    """The expectations of one turn that do not hold: (expected, got)."""
    ids = [s.id for s in outcome.out]
    dialog = outcome.state.dialog
    name, state = (dialog.get("name"), dialog.get("state")) if dialog else (None, None)
    slots = (dialog or {}).get("slots") or {}
    text: str | None = None
    misses: list[tuple[str, str]] = []

    def miss(what: str, got: Any) -> None:
        misses.append((what, got if isinstance(got, str) else json.dumps(got, ensure_ascii=False, default=str)))

    for key, want in expect.items():
        if key == "intent" and outcome.intent != want:
            miss(f"intent {want}", outcome.intent)
        elif key == "dialog" and name != want:
            miss(f"dialog {want}", f"{name}:{state}" if name else None)
        elif key == "state" and state != want:
            miss(f"state {want}", f"{name}:{state}" if name else None)
        elif key == "not_state" and state in _as_list(want):
            miss(f"not state {want}", f"{name}:{state}")
        elif key == "slot":
            for slot, value in want.items():
                if not _same(value, slots.get(slot)):
                    miss(f"slot {slot}={json.dumps(value, ensure_ascii=False)}", slots.get(slot))
        elif key == "reply_id":
            lacking = [i for i in _as_list(want) if i not in ids]
            if lacking:
                miss(f"reply_id {lacking}", ids)
        elif key == "no_reply_id":
            found = [i for i in _as_list(want) if i in ids]
            if found:
                miss(f"no reply_id {found}", ids)
        elif key in ("reply_has", "reply_lacks"):
            text = _render(outcome.out, outcome.locale) if text is None else text
            for words in _as_list(want):
                if (words in text) != (key == "reply_has"):
                    miss(f"{key} {words!r}", text)
        elif key == "command":
            names = [type(c).__name__ for c in commands]
            wanted = want if isinstance(want, dict) else {n: {} for n in _as_list(want)}
            for cname, fields in wanted.items():
                asked = [_plain(c) for c in commands if type(c).__name__ == cname]
                if not asked:
                    miss(f"command {cname}", names)
                elif fields and not any(all(_same(v, _at_path(a, p)) for p, v in fields.items()) for a in asked):
                    miss(f"command {cname} {json.dumps(fields, ensure_ascii=False)}", asked)
        elif key == "no_command":
            found = [type(c).__name__ for c in commands if type(c).__name__ in _as_list(want)]
            if found:
                miss(f"no command {found}", found)
        elif key == "search":
            if not searches:
                miss(f"search {json.dumps(want, ensure_ascii=False)}", "no search")
            else:
                last = _plain(searches[-1])
                bad = {k: last.get(k) for k, v in want.items() if not _same(v, last.get(k))}
                if bad:
                    miss(f"search {json.dumps(want, ensure_ascii=False)}", bad)
        elif key == "understood" and bool(want) == ("not-understood" in ids):
            miss("understood" if want else "not understood", ids)
    return misses


def _step(conversation: Any, records: Records, msg: Any, state: dict[str, Any] | None, now: float) -> Any:
    from bot.engine.dialog import NeedData

    data: dict[Any, Any] = {}
    for _ in range(50):
        try:
            return conversation.handle(msg, state, now=now, data=data)
        except NeedData as need:
            data.update({q: records.answer(q) for q in need.queries})
    raise RuntimeError("the turn kept asking for data")


def _at(state: dict[str, Any] | None) -> tuple[Any, Any]:
    dialog = (state or {}).get("dialog")
    return (dialog.get("name"), dialog.get("state")) if dialog else (None, None)


def run_conversation(conv: dict[str, Any], report: Report) -> None:
    from bot.clock import QUANZHOU
    from bot.features.account.messages import UpdateUser
    from bot.features.find_work.messages import FindJobs
    from bot.turn.conversation import Inbound

    setup = conv.get("setup") or {}
    conversation = _conversation(bool(setup.get("staff")))
    now = START
    records = Records(setup, datetime.fromtimestamp(now, QUANZHOU).date())
    first = {"locale": setup["locale"], "known": True, "seen": now} if setup.get("locale") else None
    state: dict[str, Any] | None = first
    report.conversations += 1
    n = 0

    def fail(said: str, expected: str, got: str) -> None:
        report.failures.append(Failure(conv["id"], n, said, expected, got))

    for turn in conv["turns"]:
        now += float(turn.get("wait", 5))
        if conv.get("separate"):
            state = first
        if "fill" in turn:
            # Answer each question the dialog asks from the map, once.
            answered: set[str] = set()
            outcome, last_ok, said = None, False, ""
            commands: list[Any] = []
            searches: list[Any] = []
            while True:
                name, at = _at(state)
                if at not in turn["fill"] or at in answered:
                    break
                answered.add(at)
                n += 1
                report.turns += 1
                said = turn["fill"][at]
                before = len(records.asked)
                try:
                    outcome = _step(conversation, records, Inbound(OPENID, "text", text=said), state, now)
                except Exception as exc:
                    fail(said, "no exception", f"{type(exc).__name__}: {exc}")
                    break
                now += 5
                state = outcome.state.saved()
                commands = [c for c in outcome.commands if not isinstance(c, UpdateUser)]
                searches = [q for q in records.asked[before:] if isinstance(q, FindJobs)]
                last_ok = _at(state) != (name, at)
                if last_ok:
                    report.passed += 1
                else:
                    fail(said, f"answer taken at {name}:{at}", f"asked again: {[s.id for s in outcome.out]}")
            if outcome is None:
                n += 1
                report.turns += 1
                fail("<fill>", f"a question among {sorted(turn['fill'])}", "{}:{}".format(*_at(state)))
                continue
            misses = check(turn["expect"], outcome, commands, searches)
            if misses and last_ok:
                report.passed -= 1   # the last answer carries the turn's expectation
            for expected, got in misses:
                fail(said, expected, got)
            stuck, at = _at(state)
            if misses and at is not None and at not in turn["fill"]:
                # A question this case has no answer for (a dialog that now asks more).
                fail(said, f"an answer in the fill for the question {stuck}:{at}", "none given")
            continue
        n += 1
        msg = _inbound(turn)
        before = len(records.asked)
        report.turns += 1
        if "intent" in turn["expect"]:
            report.intent_turns += 1
        try:
            outcome = _step(conversation, records, msg, state, now)
        except Exception as exc:   # an exception to the user is a failure of the turn, never of the run
            fail(_said(turn), "no exception", f"{type(exc).__name__}: {exc}")
            continue
        state = outcome.state.saved()
        commands = [c for c in outcome.commands if not isinstance(c, UpdateUser)]
        searches = [q for q in records.asked[before:] if isinstance(q, FindJobs)]
        misses = check(turn["expect"], outcome, commands, searches)
        if "intent" in turn["expect"]:
            report.intent_right += outcome.intent == turn["expect"]["intent"]
        for expected, got in misses:
            fail(_said(turn), expected, got)
        if not misses:
            report.passed += 1


def evaluate(paths: list[Path] | None = None,
             conversations: list[dict[str, Any]] | None = None) -> Report:
    convs = conversations if conversations is not None else load(paths)
    report = Report()
    started = time.perf_counter()
    for conv in convs:
        run_conversation(conv, report)
    report.seconds = time.perf_counter() - started
    return report


def print_report(report: Report, out: Any = None) -> None:
    w = (out or sys.stdout).write
    failed_turns = {(f.conversation, f.turn) for f in report.failures}
    w(f"conversations: {report.conversations}, user turns: {report.turns}\n")
    w(f"pass rate: {report.pass_rate:.1%} ({report.passed}/{report.turns})\n")
    w(f"intent accuracy: {report.intent_accuracy:.1%} ({report.intent_right}/{report.intent_turns})\n")
    w(f"failed turns: {len(failed_turns)}\n")
    for f in report.failures:
        w(f"  {f.conversation} turn {f.turn}: {f.said!r}\n      expected {f.expected}\n      got {f.got[:300]}\n")
    w(f"time: {report.seconds:.1f} s\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot talk-eval",
                                     description="Run the talk corpus through the conversation; print the "
                                                 "pass rate, the intent accuracy and every failure.")
    parser.add_argument("files", nargs="*", type=Path, help=f"corpus files or folders (default {DEFAULT_DIR})")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        report = evaluate(args.files or None)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"turns": report.turns, "passed": report.passed, "pass_rate": report.pass_rate,
                          "intent_turns": report.intent_turns, "intent_accuracy": report.intent_accuracy,
                          "failures": [dataclasses.asdict(f) for f in report.failures]},
                         ensure_ascii=False, indent=2))
    else:
        print_report(report)
    return 0 if report.pass_rate >= 0.95 and report.intent_accuracy >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
