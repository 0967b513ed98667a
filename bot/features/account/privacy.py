"""Privacy: a deletion that is true (the "delete" command: DeleteMyData), and retention limits.

`erase_user` removes or anonymises everything the bot keeps about one user,
table by table (ERASERS, one entry for every table that can hold personal
data according to tables.INVENTORY: tests/store/test_privacy.py checks
both), in the turn's transaction, and reports what had to stay and why:

- an open complaint of theirs stays so staff can finish it (their names,
  phone and identity numbers in it masked, callback phone and photos gone);
  staff replies still reach them; once closed it is anonymised;
- complaints others made about them as an employer, still open: their
  employer name, phone and credit code stay until those are closed;
- scores they gave or got stay under a random pseudonym (others' averages
  hold); the comments go;
- messages already delivered to others' phones or the staff group chat
  are beyond our reach (the copies we kept are deleted or redacted);
- answers kept for WeChat's resends (5 minutes) that carry their phone are
  emptied; the rest expire within those 5 minutes.

`apply_retention` runs from the periodic loop (one process at a time) and
purges or anonymises what is older than the configured periods.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from bot import clock
from bot.domain import Employer, Job, Ticket, Worker
from bot.features.account.messages import DataHeld
from bot.services import evidence
from bot.masking import mask_openid, mask_phone, mask_text
from bot.settings import Settings
from bot.store.repos import (ERASED_PREFIX, EmployerRepo, PrivacyRepo, TrainingRepo, WorkerRepo,
                             cleared_values, new_pseudonym)
from bot.store.tables import (INVENTORY, appointments, audit_log, course_pushes, enrollments, job_alerts, metadata, push_log,
                              surveys, training_needs, users, workers)

log = logging.getLogger("bot.privacy")

# What replaces a deleted user's identifiers in messages that must still
# go out (a staff notice about their open complaint): not a sentence.
REDACTED = "***"
# Identity and bank card numbers a user typed (kept out of every copy).
_LONG_NUMBER = re.compile(r"(?<![\dA-Za-z])\d{15,19}(?![\dA-Za-z])|(?<![\dA-Za-z])\d{17}[Xx](?![\dA-Za-z])")
# A name shorter than this is not searched for in others' messages (too
# likely to be part of other words).
MIN_NAME = 2

Notify = Callable[..., Awaitable[bool]]


def personal_tables() -> set[str]:
    """Tables with at least one column that can hold personal data."""
    return {t for t, cols in INVENTORY.items() if any(k is not None for k in cols.values())}


@dataclass
class Subject:
    """One user about to be erased, and every identifier of theirs the
    other tables' copies may carry."""
    openid: str
    pseudonym: str
    now: float
    worker: Worker | None = None
    employer: Employer | None = None
    jobs: list[Job] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    complaints_open: int = 0
    phones: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)

    @property
    def open_ticket_ids(self) -> list[int]:
        return [t.id for t in self.tickets if not t.is_closed]

    @property
    def closed_ticket_ids(self) -> list[int]:
        return [t.id for t in self.tickets if t.awaits_anonymising]

    @property
    def keep_employer_identity(self) -> bool:
        return self.employer is not None and self.complaints_open > 0

    def strong(self) -> list[str]:
        """Identifiers that point to this user wherever they appear."""
        out = {self.openid, mask_openid(self.openid)}
        for p in self.phones:
            out |= {p, mask_phone(p)}
        for n in self.numbers:
            out |= {n, mask_text(n)}
        return sorted((x for x in out if x and len(x) >= 6), key=len, reverse=True)

    def name_list(self) -> list[str]:
        return sorted((n for n in self.names if len(n) >= MIN_NAME), key=len, reverse=True)


@dataclass
class Erasure:
    """What an erasure did: rows touched per table, and what stays."""
    tables: dict[str, int] = field(default_factory=dict)
    kept_open_tickets: list[int] = field(default_factory=list)
    kept_employer_identity: bool = False
    needles: list[str] = field(default_factory=list)   # to clear from the key-value store


def redactor(needles: list[str]) -> Callable[[str], str]:
    """Text with each needle replaced by REDACTED, and any identity, card
    or mobile numbers masked."""
    pattern = re.compile("|".join(re.escape(n) for n in needles)) if needles else None

    def redact(text: str) -> str:
        if not text:
            return text
        if pattern is not None:
            text = pattern.sub(REDACTED, text)
        return mask_text(text)
    return redact


def _redact_json(raw: str, redact: Callable[[str], str]) -> str:
    """A JSON payload with every string in it redacted."""
    def walk(v: Any) -> Any:
        if isinstance(v, str):
            return redact(v)
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        return v
    try:
        return json.dumps(walk(json.loads(raw)), ensure_ascii=False)
    except ValueError:
        return redact(raw)


async def gather(conn, openid: str, now: float) -> Subject:
    repo = PrivacyRepo(conn)
    s = Subject(openid, new_pseudonym(), now)
    s.worker = await WorkerRepo(conn).get(openid)
    s.employer = await EmployerRepo(conn).by_openid(openid)
    if s.worker:
        s.names.add(s.worker.name)
        s.phones.add(s.worker.phone or "")
    if s.employer:
        s.names |= {s.employer.name, s.employer.contact_name or ""}
        s.phones.add(s.employer.phone)
        s.numbers.add(s.employer.credit_code or "")
        s.jobs = await repo.jobs_of(s.employer.id)
        for j in s.jobs:
            s.names.add(j.contact_name or "")
            s.phones.add(j.contact_phone or "")
        s.complaints_open, _ = await repo.complaints_about(s.employer.id)
    s.tickets = await repo.tickets_of(openid)
    texts = [t.text for t in s.tickets] + await repo.ticket_texts([t.id for t in s.tickets])
    for t in s.tickets:
        s.phones.add(t.phone or "")
    for text in texts:
        s.numbers |= set(m.group(0) for m in _LONG_NUMBER.finditer(text or ""))
    s.phones.discard("")
    s.names.discard("")
    s.numbers.discard("")
    return s


async def summary(conn, openid: str, settings: Settings) -> DataHeld:
    """What the deletion dialog tells the user before and after: what they
    have, and what would have to stay."""
    repo = PrivacyRepo(conn)
    worker = await WorkerRepo(conn).get(openid)
    employer = await EmployerRepo(conn).by_openid(openid)
    open_jobs = 0
    complaints_open = complaints_closed = 0
    if employer:
        open_jobs = sum(1 for j in await repo.jobs_of(employer.id) if j.status in ("open", "review"))
        complaints_open, complaints_closed = await repo.complaints_about(employer.id)
    own = await repo.tickets_of(openid)
    return DataHeld(
        worker=worker is not None, employer=employer is not None, open_jobs=open_jobs,
        open_tickets=tuple(t.id for t in own if not t.is_closed),
        complaints_open=complaints_open, complaints_closed=complaints_closed,
        ratings_given=await repo.ratings_given(openid),
        records=await repo.records(openid),
        ticket_days=int(settings.retention_ticket_days),
    )


# ---- erasure, table by table ------------------------------------------------

async def _outbox(conn, s: Subject, ctx: dict) -> int:
    """Messages to the user: deleted. Messages about them: deleted once
    sent; one still to be sent (a staff notice about their complaint) goes
    out with their identifiers taken out."""
    repo = PrivacyRepo(conn)
    staff_names = [] if s.keep_employer_identity else s.name_list()
    rows = await repo.messages_to_or_about(s.openid, s.strong(), staff_names)
    redact = redactor(s.strong() + s.name_list())
    gone = [r["id"] for r in rows if r["recipient"] == s.openid or r["status"] != "pending"]
    for r in rows:
        if r["id"] not in gone:
            await repo.rewrite_message(r["id"], _redact_json(r["payload"], redact))
    return await repo.delete_messages(gone) + len(rows) - len(gone)


async def _inbox(conn, s: Subject, ctx: dict) -> int:
    return await PrivacyRepo(conn).erase_inbox(s.openid, s.strong(), redactor(s.strong() + s.name_list()))


async def _enrollments(conn, s: Subject, ctx: dict) -> int:
    """Sign-ups cancelled (the first on a waiting list moves up and is
    told), then kept under the pseudonym for the course statistics."""
    training = TrainingRepo(conn)
    for code in await PrivacyRepo(conn).active_enrollments(s.openid):
        promoted = await training.cancel(code, s.openid)
        if not promoted:
            continue
        course = await training.course(code)
        if course is not None:   # a course deleted meanwhile: nothing to tell them about
            await ctx["notify"](conn, promoted, "training-promoted", f"promoted:erasure:{s.pseudonym}:{code}",
                                name=course.name, **clock.month_days(start=course.start_date),
                                schedule=course.schedule or "-", place=course.place or "-")
    return await PrivacyRepo(conn).anonymise_rows(enrollments, s.openid, s.pseudonym)


async def _appointments(conn, s: Subject, ctx: dict) -> int:
    repo = PrivacyRepo(conn)
    await repo.cancel_appointments(s.openid, clock.today(s.now).isoformat())
    return await repo.anonymise_rows(appointments, s.openid, s.pseudonym)


async def _applications(conn, s: Subject, ctx: dict) -> int:
    """Applications still waiting are withdrawn (the employer is told, with
    no name); accepted ones stay, under the pseudonym."""
    waiting = await PrivacyRepo(conn).withdraw_applications(s.openid, s.pseudonym)
    for a in waiting:
        await ctx["notify"](conn, a["employer_openid"], "erasure-applicant-left", f"erasure-app:{a['id']}",
                            id=a["job_id"])
    return len(waiting)


async def _jobs(conn, s: Subject, ctx: dict) -> int:
    """Open jobs closed (never searchable without a contact); every job's
    contact, address, location and texts emptied. Workers still waiting
    on a closed job are told."""
    if s.employer is None:
        return 0
    closed, waiting = await PrivacyRepo(conn).close_and_clear_jobs(s.employer.id)
    for a in waiting:
        await ctx["notify"](conn, a["worker_openid"], "erasure-job-closed", f"erasure-job:{a['id']}",
                            id=a["job_id"])
    ctx["jobs_closed"] = closed
    return len(s.jobs)


async def _employers(conn, s: Subject, ctx: dict) -> int:
    if s.employer is None:
        return 0
    await PrivacyRepo(conn).erase_employer(s.employer.id, s.pseudonym, s.keep_employer_identity, s.now)
    return 1


async def _tickets(conn, s: Subject, ctx: dict) -> int:
    """Open tickets kept for staff, masked (replies still reach the user;
    anonymised once closed); closed ones anonymised now."""
    repo = PrivacyRepo(conn)
    if s.open_ticket_ids:
        await repo.keep_open_tickets(s.open_ticket_ids, s.now, redactor(s.strong() + s.name_list()))
    await repo.anonymise_tickets(s.closed_ticket_ids, s.pseudonym, s.now)
    return len(s.tickets)


async def _ticket_messages(conn, s: Subject, ctx: dict) -> int:
    return 0  # with their tickets, in _tickets


async def _evidence(conn, s: Subject, ctx: dict) -> int:
    """Photos and voice they sent, bytes and files, open complaints' too
    (the user is told so; staff keep the ticket's words)."""
    return await evidence.erase_for_user(conn, s.openid)


async def _ratings(conn, s: Subject, ctx: dict) -> int:
    return await PrivacyRepo(conn).erase_ratings(s.openid, s.pseudonym, s.employer.id if s.employer else None)


def _delete(table):
    async def erase(conn, s: Subject, ctx: dict) -> int:
        return await PrivacyRepo(conn).delete_rows(table, s.openid)
    return erase


def _anonymise(table):
    async def erase(conn, s: Subject, ctx: dict) -> int:
        return await PrivacyRepo(conn).anonymise_rows(table, s.openid, s.pseudonym)
    return erase


async def _nothing(conn, s: Subject, ctx: dict) -> int:
    return 0


async def _staff_accounts(conn, s: Subject, ctx: dict) -> int:
    """Console staff accounts (#15) belong to staff, never to a WeChat
    user: a user's erasure has nothing there to erase."""
    return 0


async def _audit_log(conn, s: Subject, ctx: dict) -> int:
    """The console's audit log (#15) keeps who changed what; a record that
    names the user (their openid or phone in its target or before/after)
    keeps the change with their identifiers taken out."""
    from sqlalchemy import or_, select, update

    needles = s.strong()
    if not needles:
        return 0
    cols = (audit_log.c.target, audit_log.c.before, audit_log.c.after)
    rows = (await conn.execute(select(audit_log.c.id, *cols).where(
        or_(*(c.contains(n, autoescape=True) for c in cols for n in needles))))).mappings().all()
    redact = redactor(needles + s.name_list())
    for r in rows:
        await conn.execute(update(audit_log).where(audit_log.c.id == r["id"]).values(
            target=redact(r["target"] or ""),
            before=_redact_json(r["before"], redact) if r["before"] else r["before"],
            after=_redact_json(r["after"], redact) if r["after"] else r["after"]))
    return len(rows)


# Every table that can hold personal data, in the order they are erased
# (messages first, while the identifiers they may carry are known).
ERASERS: dict[str, Callable[..., Awaitable[int]]] = {
    "outbox": _outbox,
    "inbox": _inbox,
    "enrollments": _enrollments,
    "appointments": _appointments,
    "applications": _applications,
    "jobs": _jobs,
    "employers": _employers,
    "tickets": _tickets,
    "ticket_messages": _ticket_messages,
    "evidence": _evidence,
    "ratings": _ratings,
    "surveys": _anonymise(surveys),
    "training_needs": _anonymise(training_needs),
    "push_log": _delete(push_log),
    "course_pushes": _delete(course_pushes),
    "job_alerts": _delete(job_alerts),
    "workers": _delete(workers),
    "users": _delete(users),
    # no personal data: courses (staff's), job_trades (trade codes of jobs)
    "courses": _nothing,
    "job_trades": _nothing,
    # no personal data: the staff data of #14 (markets, policy entries, their versions)
    "markets": _nothing,
    "policies": _nothing,
    # no personal data: markets' QR codes (#15)
    "qr_codes": _nothing,
    "data_versions": _nothing,
    # the staff console (#15)
    "audit_log": _audit_log,
    "staff_users": _staff_accounts,
}


async def erase_user(conn, openid: str, now: float, notify: Notify) -> Erasure:
    """Erase or anonymise every personal field about the user, in the
    caller's transaction."""
    missing = set(metadata.tables) - set(ERASERS)
    if missing:  # a table was added without saying how it is erased: refuse rather than claim it was
        raise RuntimeError(f"no eraser for {sorted(missing)}")
    s = await gather(conn, openid, now)
    ctx: dict[str, Any] = {"notify": notify}
    out = Erasure(kept_open_tickets=s.open_ticket_ids, kept_employer_identity=s.keep_employer_identity,
                  needles=s.strong())
    for name, erase in ERASERS.items():
        out.tables[name] = await erase(conn, s, ctx)
    log.info(json.dumps({"event": "erasure", "rows": {k: v for k, v in out.tables.items() if v},
                         "kept_tickets": len(out.kept_open_tickets),
                         "kept_employer": out.kept_employer_identity}))
    return out


# ---- retention ---------------------------------------------------------------

DAY = 86400.0
BATCH = 1000   # rows per table per round: a backlog goes over a few minutes, no long locks


async def apply_retention(db, settings: Settings, now: float | None = None, batch: int = BATCH) -> dict[str, int]:
    """Purge or anonymise what is older than its period (Settings.retention_*);
    one short transaction per step. How many rows each step touched."""
    now = time.time() if now is None else now
    done: dict[str, int] = {}

    async def step(name: str, work) -> None:
        # As a turn's unit of work (`transaction_now`): on SQLite, one run in
        # aiosqlite's thread holds the write lock across hand-overs to a loop
        # busy with turns, and every saving turn waits behind it.
        async with db.transaction_now() as conn:
            done[name] = await work(PrivacyRepo(conn))
        # On SQLite the step ran in the loop's thread without a pause: users'
        # turns go between steps (a backlog of 1,000 rows a table held the
        # loop 22 ms for the whole round, docs/BENCHMARKS.md).
        await asyncio.sleep(0)

    await step("outbox", lambda r: r.purge_outbox(now - settings.retention_outbox_days * DAY, batch))
    await step("push_log", lambda r: r.purge_push_log(now - settings.retention_push_log_days * DAY, batch))
    await step("course_pushes", lambda r: r.purge_course_pushes(now - settings.retention_push_log_days * DAY,
                                                                 batch))
    await step("inbox", lambda r: r.purge_inbox(now - settings.retention_inbox_days * DAY, batch))
    await step("job_alerts", lambda r: r.purge_alerts(now - settings.retention_alert_days * DAY, batch))

    async def tickets(r: PrivacyRepo) -> int:
        ids = await r.tickets_due_for_anonymising(now - settings.retention_ticket_days * DAY, batch)
        await evidence.erase_for_tickets(r.conn, ids)   # its photos and voice go with the ticket's words
        return await r.anonymise_tickets(ids, "", now)

    await step("tickets", tickets)
    await step("employers", lambda r: r.finish_employer_erasures(now))
    ended = now - settings.retention_engagement_days * DAY
    await step("ratings", lambda r: r.clear_old_comments(ended, batch))
    await step("jobs", lambda r: r.clear_old_job_contacts(clock.today(ended).isoformat(), batch))
    if any(done.values()):
        log.info(json.dumps({"event": "retention", "rows": {k: v for k, v in done.items() if v}}))
    return done


__all__ = ["ERASERS", "ERASED_PREFIX", "Erasure", "apply_retention", "cleared_values", "erase_user",
           "personal_tables", "summary"]
