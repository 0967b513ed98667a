"""Repositories: the queries the services need, on a connection handed in
by `Database.transaction()` (the unit of work)."""
from __future__ import annotations

import asyncio
import dataclasses
import functools
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, AsyncIterator, Callable, TypeVar

from sqlalchemy import bindparam, case, delete, event, func, insert, select, union_all, update
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain import (Applicant, Application, Appointment, Course, Employer, Engagement, Enrollment, Job, Rating,
                        Ticket, TicketMessage, Worker)
from bot.masking import scrub_url_secrets
from bot.store.db import UNIT_COMMITTED
from bot.store.held import HeldWrite, Record
from bot.store.tables import (applications, course_pushes, employers, job_alerts, job_trades, jobs, outbox, push_log,
                              appointments, courses, enrollments, inbox, ratings, surveys, ticket_messages, tickets, training_needs, users,
                              workers)


# The statements of every turn, built once: SQLAlchemy then skips building
# and keying them again on each message (a good part of a simple turn).
_USER_BY_OPENID = select(users).where(users.c.openid == bindparam("openid"))
_WORKER_BY_OPENID = select(workers).where(workers.c.openid == bindparam("openid"))
_EMPLOYER_BY_OPENID = select(employers).where(employers.c.openid == bindparam("openid"))
_JOB_BY_ID = select(jobs).where(jobs.c.id == bindparam("job_id"))
_JOBS_BY_IDS = select(jobs).where(jobs.c.id.in_(bindparam("job_ids", expanding=True)))
# A job as a worker is shown it: with the average and count of the ratings
# workers gave its employer, read in the same statement (a round trip less on
# PostgreSQL for every job or page of jobs shown; `ratings.employer_id` is indexed).
_WORKERS_RATINGS = ratings.c.employer_id == jobs.c.employer_id, ratings.c.rater_role == "worker"
_JOB_RATED = select(jobs,
                    select(func.avg(ratings.c.score)).where(*_WORKERS_RATINGS).scalar_subquery().label("_rating_avg"),
                    select(func.count()).where(*_WORKERS_RATINGS).scalar_subquery().label("_rating_count"))
_JOB_RATED_BY_ID = _JOB_RATED.where(jobs.c.id == bindparam("job_id"))
_JOBS_RATED_BY_IDS = _JOB_RATED.where(jobs.c.id.in_(bindparam("job_ids", expanding=True)))
_INBOX_REPLY = select(inbox.c.reply).where(inbox.c.msg_key == bindparam("msg_key"))
# Writes whose columns vary (a profile's changed fields): the statement is
# built once and its SET or VALUES clause comes from the parameters' names,
# so no per-call statement is keyed (SQLAlchemy caches one compilation per
# set of names).
_WORKER_UPDATE = update(workers).where(workers.c.openid == bindparam("by_openid"))
_WORKER_INSERT = insert(workers)
_OUTBOX_KEY_TAKEN = select(outbox.c.id).where(outbox.c.idempotency_key == bindparam("key"))
_OUTBOX_INSERT = insert(outbox)

T = TypeVar("T")


class CommittedJobWrites:
    """How many transactions of this process that wrote to `jobs` have
    committed: the process's index of open jobs (bot/services/open_jobs.py)
    catches up before a search when this moved, so a user finds at once
    the job they just posted or stops seeing one just closed."""
    count = 0


_JOBS_WRITTEN = "qzbot_jobs_written"


def _note_jobs_written(conn: Any) -> None:
    """Say that this transaction wrote jobs (counted when it commits)."""
    sync = getattr(conn, "sync", None)   # a connection run in the loop (bot/store/db.py `_InLoop`)
    try:
        info = sync.info if sync is not None else conn.info
    except AttributeError:   # a test's stand-in connection
        return
    info[_JOBS_WRITTEN] = True


def _count_job_writes_in(info: dict) -> None:
    if info.pop(_JOBS_WRITTEN, False):
        CommittedJobWrites.count += 1


@event.listens_for(Engine, "commit")
def _count_job_writes(conn: Any) -> None:
    _count_job_writes_in(conn.info)


UNIT_COMMITTED.append(_count_job_writes_in)   # a turn's unit of work on PostgreSQL (bot/store/pg.py)


@event.listens_for(Engine, "rollback")
def _forget_job_writes(conn: Any) -> None:
    if conn.invalidated:
        # The connection broke (the database went away): its info went with
        # it, and asking for it would raise in place of the error that broke it.
        return
    conn.info.pop(_JOBS_WRITTEN, None)


# Users read together by `UserRepo.locales`: well under SQLite's limit of
# bound parameters (32,766) and a short statement for PostgreSQL.
LOCALES_AT_ONCE = 500


# Workers who asked for pushes, read this many at a time (`PushRepo.opted_in`).
OPTED_IN_PAGE = 200


class UserRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def get(self, openid: str) -> dict | None:
        row = (await self.conn.execute(_USER_BY_OPENID, {"openid": openid})).mappings().first()
        return dict(row) if row else None

    async def locales(self, openids: list[str]) -> dict[str, str]:
        """Each user's language, for many at once (a push round's thousands):
        one read per LOCALES_AT_ONCE users, not one each."""
        found: dict[str, str] = {}
        for start in range(0, len(openids), LOCALES_AT_ONCE):
            some = openids[start:start + LOCALES_AT_ONCE]
            rows = await self.conn.execute(select(users.c.openid, users.c.locale).where(users.c.openid.in_(some)))
            found.update({openid: locale for openid, locale in rows.all() if locale})
        return found

    async def upsert(self, openid: str, **fields: Any) -> None:
        """Create the user on first contact, or change the given fields: one
        statement either way (a first message was an update that found no
        row, then an insert)."""
        now = time.time()
        dialect, changed = _dialect_name(self.conn), tuple(sorted(fields))
        values = {"openid": openid, "created_at": now, "updated_at": now, **fields}
        hold = getattr(self.conn, "hold_write", None)
        if hold is not None:
            # Nothing reads its result: it may go with the unit's record (bot/store/held.py).
            await hold(HeldWrite(_user_upsert(dialect, changed), values, _user_upsert_after, changed))
            return
        await self.conn.execute(_user_upsert(dialect, changed), values)


def _dialect_name(conn: Any) -> str:
    # SQLAlchemy's connection, or a turn's (bot/store/db.py `_InLoop`, bot/store/pg.py).
    return conn.dialect.name


@functools.lru_cache(maxsize=64)
def _user_upsert(dialect: str, changed: tuple[str, ...]) -> Any:
    """INSERT .. ON CONFLICT (openid) DO UPDATE of `changed` and updated_at,
    built once per dialect and set of fields."""
    statement = _dialect_insert(dialect, users)
    return statement.on_conflict_do_update(
        index_elements=[users.c.openid],
        set_={name: statement.excluded[name] for name in (*changed, "updated_at")})


def _user_upsert_after(recorded: Any, prefix: str, changed: tuple[str, ...]) -> Any:
    """PostgreSQL's user upsert made only when the unit's record is (its row
    comes from the record's CTE; bot/store/held.py), RETURNING so that it
    can be a CTE itself."""
    from sqlalchemy.dialects import postgresql

    names = ["openid", "created_at", "updated_at", *changed]
    row = select(*[bindparam(prefix + name, type_=users.c[name].type) for name in names]).select_from(recorded)
    statement = postgresql.insert(users).from_select(names, row)
    return statement.on_conflict_do_update(
        index_elements=[users.c.openid],
        set_={name: statement.excluded[name] for name in (*changed, "updated_at")}).returning(users.c.openid)


def _inbox_record(dialect: str) -> Any:
    """The inbox's INSERT .. ON CONFLICT DO NOTHING with RETURNING, its
    values named as `InboxRepo.done` names them: the record as a CTE."""
    values = {name: bindparam(name, type_=inbox.c[name].type) for name in ("msg_key", "reply", "created_at", "openid")}
    return _dialect_insert(dialect, inbox).values(values).on_conflict_do_nothing(
        index_elements=[inbox.c.msg_key]).returning(inbox.c.msg_key)


@functools.lru_cache(maxsize=4)
def _inbox_done(dialect: str) -> Any:
    """INSERT .. ON CONFLICT (msg_key) DO NOTHING: a message done before
    is told by the row count, in the same round trip as the record (and,
    on PostgreSQL, after waiting for an earlier copy still committing)."""
    return _dialect_insert(dialect, inbox).on_conflict_do_nothing(index_elements=[inbox.c.msg_key])


def _dialect_insert(dialect: str, table: Any) -> Any:
    """The dialect's own INSERT (with ON CONFLICT), PostgreSQL's or SQLite's."""
    module: Any
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql as module
    else:
        from sqlalchemy.dialects import sqlite as module
    return module.insert(table)


@dataclass
class OutboxMessage:
    id: int
    idempotency_key: str
    channel: str
    recipient: str
    payload: dict
    attempts: int
    created_at: float
    priority: int = 0
    erase_when_done: bool = False


_OUTBOX_FIELDS = (outbox.c.id, outbox.c.idempotency_key, outbox.c.channel, outbox.c.recipient, outbox.c.payload,
                  outbox.c.attempts, outbox.c.created_at, outbox.c.priority, outbox.c.erase_when_done)


def _message(r) -> OutboxMessage:
    return OutboxMessage(r.id, r.idempotency_key, r.channel, r.recipient, json.loads(r.payload), r.attempts,
                         r.created_at, r.priority or 0, bool(r.erase_when_done))


def _error_text(error: str | None) -> str | None:
    """An error as kept in outbox.last_error: no secret from a URL (the
    robot's key=, an access_token=), and short."""
    return None if error is None else scrub_url_secrets(error)[:500]


class OutboxRepo:
    """Outbound messages kept durably until delivered."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(self, channel: str, recipient: str, payload: dict, idempotency_key: str,
                  delay: float = 0.0, about: str | None = None, priority: int = 0,
                  erase_when_done: bool = False) -> bool:
        """Queue a message; a second message with the same key is ignored
        (False), so a retried turn never sends twice. `about`: the user whose
        personal data it carries to someone else (see tables.outbox). Staff
        notices with a higher `priority` go first (an urgent ticket before a
        backlog). `erase_when_done`: the row is deleted once the message is
        done with, not kept for the record (it is to a user already erased)."""
        exists = (await self.conn.execute(_OUTBOX_KEY_TAKEN, {"key": idempotency_key})).first()
        if exists:
            return False
        now = time.time()
        await self.conn.execute(_OUTBOX_INSERT, dict(
            idempotency_key=idempotency_key, channel=channel, recipient=recipient,
            payload=json.dumps(payload, ensure_ascii=False), status="pending", attempts=0,
            next_attempt_at=now + delay, created_at=now, about=about, priority=priority,
            erase_when_done=erase_when_done))
        return True

    async def claim_due(self, owner: str, limit: int = 20, lease: float = 15.0,
                        exclude_channel: str | None = None, channel: str | None = None) -> list[OutboxMessage]:
        """Lease due messages to `owner`; a message leased by another
        process is skipped (FOR UPDATE SKIP LOCKED on PostgreSQL), and a
        lease that ran out (a sender died) is taken over. A send times out
        after 10 s, so a 15 s lease is never taken from a live sender, and
        a killed one's messages go out again within seconds of a restart."""
        now = time.time()
        due = (select(outbox.c.id)
               .where(outbox.c.status == "pending", outbox.c.next_attempt_at <= now,
                      (outbox.c.lease_until.is_(None)) | (outbox.c.lease_until < now))
               .order_by(outbox.c.next_attempt_at, outbox.c.id)
               .limit(limit)
               .with_for_update(skip_locked=True))
        if exclude_channel is not None:
            due = due.where(outbox.c.channel != exclude_channel)
        if channel is not None:
            due = due.where(outbox.c.channel == channel)
        ids = [r[0] for r in (await self.conn.execute(due)).all()]
        if not ids:
            return []
        rows = (await self.conn.execute(
            update(outbox).where(outbox.c.id.in_(ids))
            .values(lease_until=now + lease, lease_owner=owner, attempts=outbox.c.attempts + 1)
            .returning(*_OUTBOX_FIELDS))).all()
        return sorted((_message(r) for r in rows), key=lambda m: m.id)

    async def claim_retry_early(self, owner: str, exclude_channel: str, lease: float = 15.0) -> OutboxMessage | None:
        """Lease, ahead of its time, the one message that failed before and
        is due again soonest: a probe of whether what it waits for is back."""
        now = time.time()
        soonest = (select(outbox.c.id)
                   .where(outbox.c.status == "pending", outbox.c.attempts > 0, outbox.c.next_attempt_at > now,
                          outbox.c.channel != exclude_channel,
                          (outbox.c.lease_until.is_(None)) | (outbox.c.lease_until < now))
                   .order_by(outbox.c.next_attempt_at, outbox.c.id)
                   .limit(1)
                   .with_for_update(skip_locked=True))
        row = (await self.conn.execute(soonest)).first()
        if row is None:
            return None
        claimed = (await self.conn.execute(
            update(outbox).where(outbox.c.id == row[0])
            .values(lease_until=now + lease, lease_owner=owner, attempts=outbox.c.attempts + 1)
            .returning(*_OUTBOX_FIELDS))).first()
        return _message(claimed) if claimed is not None else None

    async def retry_now(self, exclude_channel: str) -> int:
        """Make every message that failed before and waits for its next try
        due now (what they waited for is back); how many. Messages queued
        for later on purpose have not been tried yet and keep their time."""
        now = time.time()
        changed = await self.conn.execute(
            update(outbox)
            .where(outbox.c.status == "pending", outbox.c.attempts > 0, outbox.c.next_attempt_at > now,
                   outbox.c.channel != exclude_channel,
                   (outbox.c.lease_until.is_(None)) | (outbox.c.lease_until < now))
            .values(next_attempt_at=now))
        return changed.rowcount or 0

    async def waiting(self, channel: str, limit: int = 400) -> list[OutboxMessage]:
        """A channel's messages that could go now (due, not leased), the
        most urgent first, then in the order they were queued. Nothing is
        leased here: `claim` the ones about to be sent."""
        now = time.time()
        rows = (await self.conn.execute(
            select(*_OUTBOX_FIELDS)
            .where(outbox.c.channel == channel, outbox.c.status == "pending", outbox.c.next_attempt_at <= now,
                   (outbox.c.lease_until.is_(None)) | (outbox.c.lease_until < now))
            .order_by(outbox.c.priority.desc(), outbox.c.id)
            .limit(limit))).all()
        return [_message(r) for r in rows]

    async def claim(self, ids: list[int], owner: str, lease: float = 15.0) -> list[OutboxMessage]:
        """Lease these messages to `owner`: those still pending and not
        leased by someone else (each row is taken by one claimer only)."""
        if not ids:
            return []
        now = time.time()
        rows = (await self.conn.execute(
            update(outbox)
            .where(outbox.c.id.in_(ids), outbox.c.status == "pending",
                   (outbox.c.lease_until.is_(None)) | (outbox.c.lease_until < now))
            .values(lease_until=now + lease, lease_owner=owner, attempts=outbox.c.attempts + 1)
            .returning(*_OUTBOX_FIELDS))).all()
        return sorted((_message(r) for r in rows), key=lambda m: m.id)

    async def finish(self, msg: OutboxMessage, owner: str, status: str, error: str | None = None) -> None:
        """Done with a message: sent, recorded or failed. An earlier error
        stays for the record unless there is a new one. A message marked
        `erase_when_done` leaves no record: its row is deleted."""
        mine = (outbox.c.id == msg.id) & (outbox.c.lease_owner == owner)
        if msg.erase_when_done:
            await self.conn.execute(delete(outbox).where(mine))
            return
        values: dict[str, Any] = {"status": status, "sent_at": time.time(), "lease_until": None}
        if error is not None:
            values["last_error"] = _error_text(error)
        await self.conn.execute(update(outbox).where(mine).values(**values))

    async def retry_later(self, msg_id: int, owner: str, delay: float, error: str) -> None:
        await self.conn.execute(
            update(outbox).where(outbox.c.id == msg_id, outbox.c.lease_owner == owner)
            .values(next_attempt_at=time.time() + delay, lease_until=None, last_error=_error_text(error)))

    async def reroute(self, msg_id: int, owner: str, channel: str, payload: dict) -> None:
        """Turn a message into another kind (e.g. a template message when
        the customer-service window has closed) and send it again soon."""
        await self.conn.execute(
            update(outbox).where(outbox.c.id == msg_id, outbox.c.lease_owner == owner)
            .values(channel=channel, payload=json.dumps(payload, ensure_ascii=False),
                    next_attempt_at=time.time(), lease_until=None, attempts=0))

    async def replace(self, msg_id: int, owner: str, payload: dict, error: str) -> None:
        """Send another payload instead, soon (a staff notice WeCom refused
        for its content becomes the short notice that points to the ticket)."""
        await self.conn.execute(
            update(outbox).where(outbox.c.id == msg_id, outbox.c.lease_owner == owner)
            .values(payload=json.dumps(payload, ensure_ascii=False), next_attempt_at=time.time(),
                    lease_until=None, last_error=_error_text(error)))

    async def backlog(self, channel: str) -> tuple[int, float | None]:
        """How many of a channel's messages wait, and since when the oldest."""
        row = (await self.conn.execute(
            select(func.count(), func.min(outbox.c.created_at))
            .where(outbox.c.channel == channel, outbox.c.status == "pending"))).first()
        return int(row[0] or 0), row[1]

    async def counts(self) -> dict[str, int]:
        rows = (await self.conn.execute(
            select(outbox.c.status, func.count()).group_by(outbox.c.status))).all()
        return {status: n for status, n in rows}

    async def list(self, recipient: str | None = None, channel: str | None = None) -> list[dict]:
        q = select(outbox).order_by(outbox.c.id)
        if recipient is not None:
            q = q.where(outbox.c.recipient == recipient)
        if channel is not None:
            q = q.where(outbox.c.channel == channel)
        return [dict(r) for r in (await self.conn.execute(q)).mappings().all()]


_JSON_LISTS = ("areas", "trades", "review_reasons", "eligibility", "photos", "tags", "hardship_said",
               "hardship_recognised")


_EMPTY: dict[str, list[Any] | dict[str, Any]] = {"": [], "[]": [], "{}": {}}

# A result row as SQLAlchemy gives it (`.mappings()`), or any mapping of column names.
Row = Mapping[Any, Any]


def _decoded(row: Row) -> dict[str, Any]:
    """A row as a plain dict, JSON list columns decoded."""
    d = dict(row)
    for key in _JSON_LISTS:
        value = d.get(key)
        if isinstance(value, str):
            # Most are empty: skip the parser for them (search decodes hundreds of rows).
            d[key] = type(_EMPTY[value])() if value in _EMPTY else json.loads(value)
    return d


def _record(kind: type[T], row: Row, **extra: Any) -> T:
    """A row as a domain record: the record's fields taken from the row
    (JSON list columns decoded, lists made tuples), `extra` on top. Search
    maps up to 150 rows a turn: one pass over the record's own fields, and
    only its own JSON columns decoded."""
    fields, json_fields = _plan_of(kind)
    d = dict(row)
    values = {f: d[f] for f in fields if f in d}
    for f in json_fields:
        value = values.get(f)
        if isinstance(value, str):
            # Most are empty: skip the parser for them.
            value = _EMPTY_JSON[value] if value in _EMPTY_JSON else json.loads(value)
        if isinstance(value, list):
            value = tuple(value)
        if f in values:
            values[f] = value
    if extra:
        values.update((k, v) for k, v in extra.items() if k in fields)
    return kind(**values)


# What a decoded empty JSON column is in a record (records are immutable: tuples).
_EMPTY_JSON: dict[str, tuple[()] | dict[str, Any]] = {"": (), "[]": (), "{}": {}}
_PLANS: dict[type[Any], tuple[frozenset[str], tuple[str, ...]]] = {}


def _plan_of(kind: type[Any]) -> tuple[frozenset[str], tuple[str, ...]]:
    """A record type's field names, and those of them that are JSON list
    columns (asked for every row: kept)."""
    found = _PLANS.get(kind)
    if found is None:
        names = tuple(f.name for f in dataclasses.fields(kind))
        found = _PLANS[kind] = (frozenset(names), tuple(n for n in names if n in _JSON_LISTS))
    return found


def _maybe(mapping: Callable[[Row], T], row: Row | None) -> T | None:
    return None if row is None else mapping(row)


# One mapping per record: what a repository returns.
def _worker(row: Row) -> Worker:
    return _record(Worker, row)


def _employer(row: Row) -> Employer:
    return _record(Employer, row)


def _job(row: Row) -> Job:
    return _record(Job, row)


def _rated_job(row: Row) -> Job:
    """A job read with its employer's rating (`_JOB_RATED`): None when no worker rated them."""
    count = row["_rating_count"]
    return _record(Job, row, employer_rating=(float(row["_rating_avg"]), int(count)) if count else None)


def _application(row: Row) -> Application:
    return _record(Application, row)


def _applicant(row: Row) -> Applicant:
    """An application read with its worker's name, trades and (when shown) phone."""
    return Applicant(application=_application(row), name=row["name"], phone=row["phone"],
                     phone_hidden=bool(row["phone_hidden"]), trades=_record_tuple(row["trades"]))


def _ticket(row: Row) -> Ticket:
    return _record(Ticket, row)


def _ticket_message(row: Row) -> TicketMessage:
    return _record(TicketMessage, row)


def _course(row: Row, enrolled: int = 0) -> Course:
    return _record(Course, row, enrolled=enrolled)


def _enrollment(row: Row) -> Enrollment:
    """A sign-up, with its course's name, start, schedule, place and mode when read with them."""
    return _record(Enrollment, row)


def _appointment(row: Row) -> Appointment:
    """A booking, with its worker's name and phone when read with them (staff)."""
    return _record(Appointment, row)


def _rating(row: Row) -> Rating:
    return _record(Rating, row)


def _engagement(row: Row, **extra: Any) -> Engagement:
    """An accepted application read with its job, employer and worker's name."""
    return _record(Engagement, row, **extra)


def _record_tuple(value: Any) -> tuple[str, ...]:
    """A JSON list column (None for a worker who is gone) as a tuple."""
    if not value:
        return ()
    return tuple(json.loads(value) if isinstance(value, str) else value)


def _encode(fields: dict) -> dict:
    return {k: (json.dumps(v, ensure_ascii=False) if k in _JSON_LISTS else v) for k, v in fields.items()}


class WorkerRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def get(self, openid: str) -> Worker | None:
        return _maybe(_worker, (await self.conn.execute(_WORKER_BY_OPENID, {"openid": openid})).mappings().first())

    async def save(self, openid: str, fields: dict) -> None:
        now = time.time()
        values = _encode(fields)
        changed = await self.conn.execute(_WORKER_UPDATE, {"by_openid": openid, "updated_at": now, **values})
        if changed.rowcount == 0:
            await self.conn.execute(_WORKER_INSERT, {"openid": openid, "created_at": now, "updated_at": now,
                                                     "consent_at": now, **values})
        if fields.get("wants_push"):
            # Pushes asked for again after "unsubscribe": courses too.
            await self.conn.execute(delete(course_pushes).where(course_pushes.c.openid == openid,
                                                                course_pushes.c.course_code == "-"))

    async def by_phone(self, phone: str) -> list[Worker]:
        """The workers registered with this phone (staff find a worker by it)."""
        rows = (await self.conn.execute(select(workers).where(workers.c.phone == phone)
                                        .order_by(workers.c.openid))).mappings().all()
        return [_worker(r) for r in rows]

    async def recognise(self, openid: str, categories: tuple[str, ...], now: float) -> Worker | None:
        """Set the hardship categories staff recognised (rending), and the flag
        welfare posts read (any category); None when there is no such worker."""
        changed = await self.conn.execute(update(workers).where(workers.c.openid == openid).values(
            hardship_recognised=json.dumps(list(categories)), hardship=bool(categories),
            hardship_recognised_at=now, updated_at=now))
        return await self.get(openid) if changed.rowcount else None


class EmployerRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def by_openid(self, openid: str) -> Employer | None:
        return _maybe(_employer, (await self.conn.execute(_EMPLOYER_BY_OPENID, {"openid": openid})).mappings().first())

    async def by_id(self, employer_id: int) -> Employer | None:
        return _maybe(_employer, (await self.conn.execute(
            select(employers).where(employers.c.id == employer_id))).mappings().first())

    async def save(self, openid: str, fields: dict) -> int:
        """Create or update the employer; `consent` (True: they agreed to
        what is kept, in this post) records when, the first time."""
        now = time.time()
        existing = await self.by_openid(openid)
        fields = dict(fields)
        if fields.pop("consent", False) and not (existing and existing.has_consented):
            fields["consent_at"] = now
        if existing:
            if fields:
                await self.conn.execute(update(employers).where(employers.c.id == existing.id)
                                        .values(updated_at=now, **fields))
            return existing.id
        result = await self.conn.execute(insert(employers).values(
            openid=openid, created_at=now, updated_at=now, **fields).returning(employers.c.id))
        return int(result.scalar_one())


def _json_tuple(value: Any) -> tuple[Any, ...]:
    """A JSON list column as a tuple (PostgreSQL may hand it decoded)."""
    if isinstance(value, str):
        return _json_text_tuple(value)
    return tuple(value or ())


@functools.lru_cache(maxsize=4096)
def _json_text_tuple(text: str) -> tuple[Any, ...]:
    # The same few trade lists ('["porter"]') come back on most rows.
    return tuple(_EMPTY_JSON[text] if text in _EMPTY_JSON else json.loads(text))


@dataclass(frozen=True, slots=True)
class JobCandidate:
    """An open job as search ranks it (bot/features/find_work/ranking.py):
    only the columns ranking and its filters read, with the same names and
    meaning as `Job`'s. Search reads up to 150 and shows a page of them
    (read in full then): a whole row, a `Job` of 33 fields, cost most of a
    search to read and decode. `description` and `skills` are read only
    when the search has words to find in them (else "")."""
    id: int
    employer_id: int
    trades: tuple[str, ...]
    area: str
    start_date: str
    lat: float | None
    lng: float | None
    pay_max: int
    pay_unit: str
    kind: str
    market_code: str | None
    created_at: float
    eligibility_json: Any
    description: str = ""
    skills: str = ""

    @classmethod
    def of(cls, row: Any) -> "JobCandidate":
        """From a row of `_RANK_COLUMNS` (and the text columns, when read)."""
        return cls(row[0], row[1], _json_tuple(row[2]), *row[3:])

    @property
    def first_day(self) -> date:
        return date.fromisoformat(self.start_date)

    @property
    def is_welfare(self) -> bool:
        return self.kind == "welfare"

    @property
    def eligibility(self) -> Mapping[str, Any]:
        """Who may see a welfare post (read only for those), as `Job.eligibility`."""
        value = self.eligibility_json
        if isinstance(value, str):
            value = _EMPTY_JSON[value] if value in _EMPTY_JSON else json.loads(value)
        return value


# What search ranks on, in `JobCandidate`'s order; the text it looks for words in.
_RANK_COLUMNS = (jobs.c.id, jobs.c.employer_id, jobs.c.trades, jobs.c.area, jobs.c.start_date, jobs.c.lat,
                 jobs.c.lng, jobs.c.pay_max, jobs.c.pay_unit, jobs.c.kind, jobs.c.market_code, jobs.c.created_at,
                 jobs.c.eligibility)
_TEXT_COLUMNS = (jobs.c.description, jobs.c.skills)
_CANDIDATES: dict[tuple[Any, ...], Any] = {}
# What the in-process index of open jobs keeps (bot/services/open_jobs.py):
# a `JobCandidate` with its text, then what its filters read.
_INDEX_COLUMNS = _RANK_COLUMNS + _TEXT_COLUMNS + (jobs.c.end_date, jobs.c.pay_method, jobs.c.status, jobs.c.filled,
                                                  jobs.c.headcount, jobs.c.updated_at, jobs.c.meals, jobs.c.lodging)
# In search's order (the index walks `ix_jobs_status_start`): sorting them
# again in Python then takes one pass, not a stall of the event loop.
_OPEN_TO_INDEX = (select(*_INDEX_COLUMNS).where(jobs.c.status == "open", jobs.c.end_date >= bindparam("today"),
                                                jobs.c.filled < jobs.c.headcount)
                  .order_by(jobs.c.start_date, jobs.c.id.desc()))
_CHANGED_SINCE = select(*_INDEX_COLUMNS).where(jobs.c.updated_at >= bindparam("since"))


def _candidates_statement(columns: str, trades: int, areas: bool, date_from: bool, date_to: bool,
                          pay_method: bool, welfare: bool, bbox: bool, meals: bool = False,
                          lodging: bool = False) -> Any:
    """The statement of `JobRepo.candidates`, built once per kind of search
    (the values are bound parameters: building and keying it on every
    search cost more than running it). `columns`: "all" (whole rows),
    "rank" (`_RANK_COLUMNS`) or "rank+text" (and `_TEXT_COLUMNS`).
    `trades`: how many trades are asked (bound as trade_0, trade_1 …)."""
    shape = (columns, trades, areas, date_from, date_to, pay_method, welfare, bbox, meals, lodging)
    found = _CANDIDATES.get(shape)
    if found is not None:
        return found
    selected = (tuple(jobs.c) if columns == "all"
                else _RANK_COLUMNS + (_TEXT_COLUMNS if columns == "rank+text" else ()))

    def narrowed(q: Any) -> Any:
        q = q.where(jobs.c.status == "open", jobs.c.end_date >= bindparam("today"),
                    jobs.c.filled < jobs.c.headcount)
        if areas:
            q = q.where(jobs.c.area.in_(bindparam("areas", expanding=True)))
        if date_to:
            q = q.where(jobs.c.start_date <= bindparam("date_to"))
        if date_from:
            q = q.where(jobs.c.end_date >= bindparam("date_from"))
        if pay_method:
            q = q.where(jobs.c.pay_method == bindparam("pay_method"))
        if welfare:
            q = q.where(jobs.c.kind == "welfare")
        if meals:
            q = q.where(jobs.c.meals.is_(True))
        if lodging:
            q = q.where(jobs.c.lodging.is_(True))
        if bbox:
            q = q.where(jobs.c.lat.between(bindparam("south"), bindparam("north")),
                        jobs.c.lng.between(bindparam("west"), bindparam("east")))
        return q

    limit: Any = bindparam("limit")
    if not trades:
        found = narrowed(select(*selected)).order_by(jobs.c.start_date, jobs.c.id.desc()).limit(limit)
    else:
        # Start from the trade index: a few hundred jobs per trade, not a
        # scan of every open job in date order; read in the index's own
        # order. Each trade is read on its own and the lists merged: with
        # `trade IN (…)` the database sorted every job of those trades.
        def of_trade(n: int, order: tuple[Any, ...] = ()) -> Any:
            return (narrowed(select(*selected, *order)
                             .select_from(job_trades.join(jobs, jobs.c.id == job_trades.c.job_id))
                             .where(job_trades.c.trade == bindparam(f"trade_{n}")))
                    .order_by(job_trades.c.start_date, job_trades.c.job_id.desc()).limit(limit))
        if trades == 1:
            found = of_trade(0)
        else:
            order = (job_trades.c.start_date.label("by_start"), job_trades.c.job_id.label("by_id"))
            merged = union_all(*(select(of_trade(n, order).subquery()) for n in range(trades))).subquery()
            found = (select(*(merged.c[c.name] for c in selected))
                     .order_by(merged.c.by_start, merged.c.by_id.desc()).limit(limit))
    _CANDIDATES[shape] = found
    return found


class JobRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def create(self, employer_id: int, fields: dict) -> int:
        now = time.time()
        _note_jobs_written(self.conn)
        result = await self.conn.execute(insert(jobs).values(
            employer_id=employer_id, created_at=now, updated_at=now, **_encode(fields)).returning(jobs.c.id))
        job_id = int(result.scalar_one())
        await self._index_trades(job_id, fields.get("trades") or [], fields.get("start_date", ""))
        return job_id

    async def update(self, job_id: int, fields: dict) -> None:
        _note_jobs_written(self.conn)
        await self.conn.execute(update(jobs).where(jobs.c.id == job_id)
                                .values(updated_at=time.time(), **_encode(fields)))
        if "trades" in fields or "start_date" in fields:
            job = await self.get(job_id)
            await self.conn.execute(delete(job_trades).where(job_trades.c.job_id == job_id))
            if job is not None:
                await self._index_trades(job_id, list(job.trades), job.start_date)

    async def _index_trades(self, job_id: int, trades: list[str], start_date: str) -> None:
        if trades:
            await self.conn.execute(insert(job_trades), [{"job_id": job_id, "trade": t, "start_date": start_date}
                                                         for t in dict.fromkeys(trades)])

    async def candidates(self, *, today: str, trades=(), areas=(), date_from: str | None = None,
                         date_to: str | None = None, pay_method: str | None = None, welfare: bool = False,
                         bbox: tuple[float, float, float, float] | None = None, limit: int = 150,
                         meals: bool = False, lodging: bool = False) -> list[Job]:
        """Open jobs that are not over and not full, narrowed by the
        filters that have an index; ranking happens in Python."""
        rows = await self._candidate_rows("all", today=today, trades=trades, areas=areas, date_from=date_from,
                                          date_to=date_to, pay_method=pay_method, welfare=welfare, bbox=bbox,
                                          limit=limit, meals=meals, lodging=lodging)
        return [_job(r._mapping) for r in rows]

    async def to_rank(self, *, today: str, trades=(), areas=(), date_from: str | None = None,
                      date_to: str | None = None, pay_method: str | None = None, welfare: bool = False,
                      bbox: tuple[float, float, float, float] | None = None, limit: int = 150,
                      with_text: bool = False, meals: bool = False, lodging: bool = False) -> list[JobCandidate]:
        """`candidates`, read only as far as ranking needs (`JobCandidate`);
        `with_text`: their description and skills too. `meals`, `lodging`:
        only jobs that provide them."""
        rows = await self._candidate_rows("rank+text" if with_text else "rank", today=today, trades=trades,
                                          areas=areas, date_from=date_from, date_to=date_to, pay_method=pay_method,
                                          welfare=welfare, bbox=bbox, limit=limit, meals=meals, lodging=lodging)
        return [JobCandidate.of(r) for r in rows]

    async def _candidate_rows(self, columns: str, *, today: str, trades, areas, date_from: str | None,
                              date_to: str | None, pay_method: str | None, welfare: bool,
                              bbox: tuple[float, float, float, float] | None, limit: int, meals: bool = False,
                              lodging: bool = False) -> list[Any]:
        trades = list(dict.fromkeys(trades))
        statement = _candidates_statement(columns, len(trades), bool(areas), bool(date_from), bool(date_to),
                                          bool(pay_method), welfare, bbox is not None, meals, lodging)
        params: dict[str, Any] = {"today": today, "limit": limit}
        params.update((f"trade_{n}", trade) for n, trade in enumerate(trades))
        if areas:
            params["areas"] = list(areas)
        if date_from:
            params["date_from"] = date_from
        if date_to:
            params["date_to"] = date_to
        if pay_method:
            params["pay_method"] = pay_method
        if bbox:
            params["south"], params["west"], params["north"], params["east"] = bbox
        seen: set[int] = set()
        out = []
        for r in (await self.conn.execute(statement, params)).all():
            if r[0] not in seen:  # a job with two of the trades asked for
                seen.add(r[0])
                out.append(r)
        return out

    async def open_to_index(self, today: str, rows: int) -> AsyncIterator[list[Any]]:
        """The open jobs (not over, not full) as the in-process index of open
        jobs keeps them (`_INDEX_COLUMNS`), `rows` at a time, from one query
        (one snapshot; the loop runs other work between the parts)."""
        result = await self.conn.stream(_OPEN_TO_INDEX, {"today": today})
        async for part in result.partitions(rows):
            yield list(part)

    async def changed_since(self, since: float) -> list[Any]:
        """Every job written at or after `since` (`updated_at`), whatever its
        status, as `open_to_index` reads them: what the index must redo."""
        return list((await self.conn.execute(_CHANGED_SINCE, {"since": since})).all())

    async def sweep_ended(self, today: str) -> int:
        """Jobs whose last work day is past leave the open set (and the
        trade index search walks in date order), so search stays fast as
        months of jobs pile up. Reposting or editing one makes it anew."""
        ended = select(jobs.c.id).where(jobs.c.status == "open", jobs.c.end_date < today)
        await self.conn.execute(delete(job_trades).where(job_trades.c.job_id.in_(ended)))
        _note_jobs_written(self.conn)
        done = await self.conn.execute(update(jobs).where(jobs.c.status == "open", jobs.c.end_date < today)
                                       .values(status="expired", updated_at=time.time()))
        return done.rowcount or 0

    async def open_since(self, since: float, today: str, limit: int = 500) -> list[Job]:
        q = (select(jobs).where(jobs.c.status == "open", jobs.c.end_date >= today, jobs.c.created_at >= since,
                                jobs.c.filled < jobs.c.headcount)
             .order_by(jobs.c.id).limit(limit))
        return [_job(r) for r in (await self.conn.execute(q)).mappings().all()]

    async def add_filled(self, job_id: int, delta: int) -> Job | None:
        """Count an accepted (or un-accepted) worker; a job is closed when full."""
        _note_jobs_written(self.conn)
        await self.conn.execute(update(jobs).where(jobs.c.id == job_id)
                                .values(filled=jobs.c.filled + delta, updated_at=time.time()))
        job = await self.get(job_id)
        if job is None:
            return None
        if job.is_full and job.status == "open":
            await self.update(job_id, {"status": "closed"})
            job = dataclasses.replace(job, status="closed")
        elif not job.is_full and job.status == "closed" and delta < 0:
            await self.update(job_id, {"status": "open"})
            job = dataclasses.replace(job, status="open")
        return job

    async def get(self, job_id: int) -> Job | None:
        return _maybe(_job, (await self.conn.execute(_JOB_BY_ID, {"job_id": job_id})).mappings().first())

    async def get_many(self, job_ids, *, rated: bool = False) -> dict[int, Job | None]:
        """Several jobs in one query, by id (None where there is no such job);
        `rated`: each with its employer's rating (`Job.employer_rating`), as
        a worker is shown it."""
        ids = list(dict.fromkeys(job_ids))
        found: dict[int, Job | None] = dict.fromkeys(ids)
        if ids:
            mapping = _rated_job if rated else _job
            for r in (await self.conn.execute(_JOBS_RATED_BY_IDS if rated else _JOBS_BY_IDS,
                                              {"job_ids": ids})).mappings():
                found[r["id"]] = mapping(r)
        return found

    async def get_rated(self, job_id: int) -> Job | None:
        """A job with its employer's rating, as a worker is shown it."""
        return _maybe(_rated_job, (await self.conn.execute(_JOB_RATED_BY_ID, {"job_id": job_id})).mappings().first())

    async def for_employer(self, employer_id: int, limit: int = 20) -> list[Job]:
        rows = (await self.conn.execute(select(jobs).where(jobs.c.employer_id == employer_id)
                                        .order_by(jobs.c.id.desc()).limit(limit))).mappings().all()
        return [_job(r) for r in rows]

    async def in_review(self, limit: int = 20) -> tuple[list[Job], int]:
        """The oldest posts held for review, and how many are held in all (one read)."""
        q = (select(jobs, func.count().over().label("_total")).where(jobs.c.status == "review")
             .order_by(jobs.c.id).limit(limit))
        rows = (await self.conn.execute(q)).mappings().all()
        return [_job(r) for r in rows], int(rows[0]["_total"]) if rows else 0

    async def with_status(self, status: str) -> list[Job]:
        rows = (await self.conn.execute(select(jobs).where(jobs.c.status == status)
                                        .order_by(jobs.c.id))).mappings().all()
        return [_job(r) for r in rows]


class ApplicationRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def get(self, job_id: int, openid: str) -> Application | None:
        row = (await self.conn.execute(select(applications).where(
            applications.c.job_id == job_id, applications.c.worker_openid == openid))).mappings().first()
        return _maybe(_application, row)

    async def by_id(self, application_id: int) -> Application | None:
        row = (await self.conn.execute(select(applications).where(
            applications.c.id == application_id))).mappings().first()
        return _maybe(_application, row)

    async def apply(self, job_id: int, openid: str) -> tuple[Application, bool]:
        """(the application, whether it is new). Applying twice changes
        nothing; applying again after withdrawing re-opens it."""
        existing = await self.get(job_id, openid)
        now = time.time()
        if existing and existing.is_active:
            return existing, False
        if existing:
            await self.set_status(existing.id, "applied")
            return dataclasses.replace(existing, status="applied"), True
        await self.conn.execute(insert(applications).values(job_id=job_id, worker_openid=openid, status="applied",
                                                            created_at=now, updated_at=now))
        made = await self.get(job_id, openid)
        assert made is not None
        return made, True

    async def set_status(self, application_id: int, status: str) -> None:
        await self.conn.execute(update(applications).where(applications.c.id == application_id)
                                .values(status=status, updated_at=time.time()))

    async def for_job(self, job_id: int) -> list[Applicant]:
        """The applicants: a phone only once accepted, or when the worker
        chose to show it when applying (`phone_hidden`: they have one)."""
        return await self._applicants(applications.c.job_id == job_id)

    async def waiting_for_employer(self, employer_id: int, job_ids: list[int]) -> list[Applicant]:
        """Those still waiting for a decision on any of `job_ids` that are
        the employer's, oldest first (one read for all the jobs)."""
        if not job_ids:
            return []
        mine = select(jobs.c.id).where(jobs.c.employer_id == employer_id, jobs.c.id.in_(job_ids))
        return await self._applicants(applications.c.job_id.in_(mine), applications.c.status == "applied")

    async def _applicants(self, *where: Any) -> list[Applicant]:
        shown = (applications.c.status == "accepted") | (workers.c.show_phone.is_(True))
        q = (select(applications, workers.c.name, case((shown, workers.c.phone), else_=None).label("phone"),
                    (workers.c.phone.is_not(None) & (workers.c.phone != "") & ~shown).label("phone_hidden"),
                    workers.c.trades)
             .select_from(applications.outerjoin(workers, workers.c.openid == applications.c.worker_openid))
             .where(*where).order_by(applications.c.id))
        return [_applicant(r) for r in (await self.conn.execute(q)).mappings().all()]

    async def counts_for_jobs(self, job_ids: list[int]) -> dict[int, int]:
        """How many applied to each job and did not withdraw (jobs with none left out)."""
        if not job_ids:
            return {}
        q = (select(applications.c.job_id, func.count())
             .where(applications.c.job_id.in_(job_ids), applications.c.status != "withdrawn")
             .group_by(applications.c.job_id))
        return {job_id: n for job_id, n in (await self.conn.execute(q)).all()}

    async def for_worker(self, openid: str, limit: int = 20) -> list[Application]:
        q = (select(applications).where(applications.c.worker_openid == openid)
             .order_by(applications.c.id.desc()).limit(limit))
        return [_application(r) for r in (await self.conn.execute(q)).mappings().all()]


class PushRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def opted_in(self) -> list[dict]:
        """The workers who asked for pushes, with when they last wrote, read
        OPTED_IN_PAGE at a time: a push round reads thousands, and turning
        them all into dicts at once held the event loop (every user's turn)
        for a fifth of a second."""
        found: list[dict] = []
        after = ""
        while True:
            q = (select(workers, users.c.last_message_at)
                 .select_from(workers.outerjoin(users, users.c.openid == workers.c.openid))
                 .where(workers.c.wants_push.is_(True), workers.c.openid > after)
                 .order_by(workers.c.openid).limit(OPTED_IN_PAGE))
            page = [_decoded(r) for r in (await self.conn.execute(q)).mappings().all()]
            found += page
            if len(page) < OPTED_IN_PAGE:
                return found
            after = page[-1]["openid"]
            await asyncio.sleep(0)

    async def alerts(self, now: float) -> list[dict]:
        q = (select(job_alerts, users.c.last_message_at)
             .select_from(job_alerts.outerjoin(users, users.c.openid == job_alerts.c.openid))
             .where(job_alerts.c.expires_at > now))
        return [_decoded(r) for r in (await self.conn.execute(q)).mappings().all()]

    async def add_alert(self, openid: str, trades: list[str], areas: list[str], days: int = 30, *,
                        meals: bool = False, lodging: bool = False, near: tuple[float, float] | None = None,
                        pay_method: str | None = None, pay_min: int | None = None,
                        pay_unit: str | None = None) -> None:
        """Tell of new jobs like these for `days`: no trades is any work, no
        areas (and not `near` a place) anywhere; `meals`, `lodging`: only
        jobs that provide them; `pay_method`, `pay_min` per `pay_unit`: only
        jobs paid so."""
        now = time.time()
        await self.conn.execute(insert(job_alerts).values(
            openid=openid, trades=json.dumps(trades), areas=json.dumps(areas), created_at=now,
            expires_at=now + days * 86400, meals=meals, lodging=lodging,
            near_lat=near[0] if near else None, near_lng=near[1] if near else None,
            pay_method=pay_method, pay_min=pay_min, pay_unit=pay_unit))

    async def stop(self, openid: str) -> None:
        """Unsubscribe: no more pushes or alerts for this user."""
        await self.conn.execute(update(workers).where(workers.c.openid == openid).values(wants_push=False))
        await self.conn.execute(delete(job_alerts).where(job_alerts.c.openid == openid))
        # Course pushes too, also those promised in the needs survey (a row
        # with the course code "-" says so).
        if (await self.conn.execute(select(course_pushes.c.openid).where(
                course_pushes.c.openid == openid, course_pushes.c.course_code == "-"))).first() is None:
            await self.conn.execute(insert(course_pushes).values(openid=openid, course_code="-", sent_at=time.time()))

    async def learners(self) -> list[dict]:
        """Who a course may be pushed to: workers who opted in, and everyone
        who answered the needs survey (their wanted trades and class modes,
        merged over their answers), with when they last wrote."""
        out: dict[str, dict] = {}
        for w in await self.opted_in():
            out[w["openid"]] = {"openid": w["openid"], "worker": w, "wanted": set(), "modes": set(),
                                "last_message_at": w.get("last_message_at")}
        q = (select(training_needs.c.openid, training_needs.c.trades, training_needs.c.mode,
                    users.c.last_message_at)
             .select_from(training_needs.outerjoin(users, users.c.openid == training_needs.c.openid))
             .order_by(training_needs.c.id))
        needs = (await self.conn.execute(q)).all()
        missing = {n.openid for n in needs} - set(out)
        profiles = {}
        if missing:
            rows = (await self.conn.execute(select(workers).where(workers.c.openid.in_(missing)))).mappings().all()
            profiles = {r["openid"]: _decoded(r) for r in rows}
        for n in needs:
            got = out.setdefault(n.openid, {"openid": n.openid, "worker": profiles.get(n.openid), "wanted": set(),
                                            "modes": set(), "last_message_at": n.last_message_at})
            try:
                trades = json.loads(n.trades or "[]")
            except ValueError:
                trades = []
            got["wanted"].update(t for t in trades if isinstance(t, str))
            got["modes"].add(n.mode)
        return list(out.values())

    async def courses_told(self) -> list[tuple[str, str, float]]:
        """(openid, course code, when) of every course push, and of every
        sign-up (a course someone signed up for is not pushed to them)."""
        rows = [tuple(r) for r in (await self.conn.execute(
            select(course_pushes.c.openid, course_pushes.c.course_code, course_pushes.c.sent_at))).all()]
        rows += [(r.openid, r.course_code, 0.0) for r in (await self.conn.execute(
            select(enrollments.c.openid, enrollments.c.course_code))).all()]
        return rows

    async def record_courses(self, openid: str, codes: list[str], now: float) -> None:
        await self.conn.execute(insert(course_pushes), [{"openid": openid, "course_code": c, "sent_at": now}
                                                        for c in codes])

    async def sent_since(self, since: float) -> list[tuple[str, int, float]]:
        rows = (await self.conn.execute(select(push_log.c.openid, push_log.c.job_id, push_log.c.sent_at)
                                        .where(push_log.c.sent_at >= since))).all()
        return [tuple(r) for r in rows]

    async def record(self, openid: str, job_ids: list[int], now: float) -> None:
        await self.conn.execute(insert(push_log), [{"openid": openid, "job_id": j, "sent_at": now}
                                                   for j in job_ids])


class TicketRepo:
    """Complaints, requests for a person and feedback, with the messages
    between the user and staff."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def create(self, openid: str, kind: str, **fields: Any) -> int:
        result = await self.conn.execute(insert(tickets).values(
            openid=openid, kind=kind, status="open", created_at=time.time(), **_encode(fields))
            .returning(tickets.c.id))
        return int(result.scalar_one())

    async def get(self, ticket_id: int) -> Ticket | None:
        return _maybe(_ticket, (await self.conn.execute(select(tickets).where(tickets.c.id == ticket_id))
                                ).mappings().first())

    async def update(self, ticket_id: int, **fields: Any) -> None:
        await self.conn.execute(update(tickets).where(tickets.c.id == ticket_id).values(**_encode(fields)))

    async def for_user(self, openid: str, limit: int = 5) -> list[Ticket]:
        rows = (await self.conn.execute(select(tickets).where(tickets.c.openid == openid)
                                        .order_by(tickets.c.id.desc()).limit(limit))).mappings().all()
        return [_ticket(r) for r in rows]

    async def open_queue(self, limit: int = 20) -> tuple[list[Ticket], int]:
        """The tickets not closed, as many as `limit`, and how many there are
        in all (one read). Urgent ones first, then those no one has taken
        up yet, each oldest first: tickets kept in progress for days must
        not hide a new one from the list."""
        untouched = case((tickets.c.status == "open", 0), else_=1)
        q = (select(tickets, func.count().over().label("_total")).where(tickets.c.status != "closed")
             .order_by(tickets.c.urgent.desc(), untouched, tickets.c.created_at, tickets.c.id).limit(limit))
        rows = (await self.conn.execute(q)).mappings().all()
        return [_ticket(r) for r in rows], int(rows[0]["_total"]) if rows else 0

    async def untouched_open(self) -> list[Ticket]:
        rows = (await self.conn.execute(select(tickets).where(
            tickets.c.status == "open", tickets.c.touched_at.is_(None), tickets.c.overdue_at.is_(None))
            .order_by(tickets.c.created_at))).mappings().all()
        return [_ticket(r) for r in rows]

    async def open_for_employer(self, employer_id: int) -> int:
        return int((await self.conn.execute(select(func.count()).select_from(tickets).where(
            tickets.c.employer_id == employer_id, tickets.c.status != "closed"))).scalar_one())

    async def pending_survey(self, openid: str) -> Ticket | None:
        row = (await self.conn.execute(select(tickets).where(
            tickets.c.openid == openid, tickets.c.survey_asked_at.is_not(None), tickets.c.satisfaction.is_(None))
            .order_by(tickets.c.survey_asked_at.desc()).limit(1))).mappings().first()
        return _maybe(_ticket, row)

    async def add_message(self, ticket_id: int, author: str, text: str, staff_openid: str | None = None) -> None:
        await self.conn.execute(insert(ticket_messages).values(
            ticket_id=ticket_id, author=author, staff_openid=staff_openid, text=text, created_at=time.time()))

    async def messages(self, ticket_id: int) -> list[TicketMessage]:
        rows = (await self.conn.execute(select(ticket_messages).where(ticket_messages.c.ticket_id == ticket_id)
                                        .order_by(ticket_messages.c.id))).mappings().all()
        return [_ticket_message(r) for r in rows]

    async def with_messages(self, ticket: Ticket) -> Ticket:
        return dataclasses.replace(ticket, messages=tuple(await self.messages(ticket.id)))




# Built once: search asks it on every turn.
_EMPLOYER_STATS = (select(ratings.c.employer_id, func.avg(ratings.c.score), func.count())
                   .where(ratings.c.employer_id.in_(bindparam("ids", expanding=True)), ratings.c.rater_role == "worker")
                   .group_by(ratings.c.employer_id))


class RatingRepo:
    """Engagements (accepted applications), how they end, and the ratings
    both sides give each other."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    def _engagements(self):
        return (select(applications.c.id, applications.c.job_id, applications.c.worker_openid,
                       applications.c.ended_at, applications.c.ended_by, applications.c.disputed,
                       jobs.c.employer_id, jobs.c.trades, jobs.c.area, jobs.c.start_date, jobs.c.end_date,
                       jobs.c.contact_name, employers.c.openid.label("employer_openid"),
                       employers.c.name.label("employer_name"), workers.c.name.label("worker_name"))
                .select_from(applications.join(jobs, jobs.c.id == applications.c.job_id)
                             .join(employers, employers.c.id == jobs.c.employer_id)
                             .outerjoin(workers, workers.c.openid == applications.c.worker_openid))
                .where(applications.c.status == "accepted"))

    async def engagement(self, application_id: int) -> Engagement | None:
        return _maybe(_engagement, (await self.conn.execute(
            self._engagements().where(applications.c.id == application_id))).mappings().first())

    async def engagements_of(self, openid: str, limit: int = 20) -> list[Engagement]:
        """Engagements where the user is the worker or the employer, newest
        first, each with the user's side and their rating of the other side."""
        q = self._engagements().where((applications.c.worker_openid == openid) | (employers.c.openid == openid))
        rows = (await self.conn.execute(q.order_by(applications.c.id.desc()).limit(limit))).mappings().all()
        out = []
        for r in rows:
            role = "worker" if r["worker_openid"] == openid else "employer"
            out.append(_engagement(r, role=role, my_rating=await self.rating(r["id"], role)))
        return out

    async def end(self, application_id: int, by: str, now: float) -> bool:
        done = await self.conn.execute(update(applications).where(
            applications.c.id == application_id, applications.c.ended_at.is_(None))
            .values(ended_at=now, ended_by=by, updated_at=now))
        return done.rowcount > 0

    async def dispute(self, application_id: int) -> None:
        await self.conn.execute(update(applications).where(applications.c.id == application_id)
                                .values(disputed=True, updated_at=time.time()))

    async def due_to_end(self, today: str) -> list[Engagement]:
        """Engagements whose job's last work day is past and nobody ended."""
        q = self._engagements().where(applications.c.ended_at.is_(None), jobs.c.end_date < today)
        return [_engagement(r) for r in (await self.conn.execute(q)).mappings().all()]

    async def rating(self, application_id: int, role: str) -> Rating | None:
        """The rating the `role` side of an engagement gave; None before they rate."""
        return _maybe(_rating, (await self.conn.execute(select(ratings).where(
            ratings.c.application_id == application_id, ratings.c.rater_role == role))).mappings().first())

    async def rate(self, engagement: Engagement, role: str, rater: str, score: int, tags: list[str], comment: str,
                   now: float) -> str:
        """'new', 'corrected' (within 24 hours), or 'too_late'."""
        existing = await self.rating(engagement.id, role)
        fields = {"score": score, "tags": json.dumps(tags, ensure_ascii=False), "comment": comment, "updated_at": now}
        if existing is None:
            await self.conn.execute(insert(ratings).values(
                application_id=engagement.id, rater_role=role, rater_openid=rater,
                worker_openid=engagement.worker_openid, employer_id=engagement.employer_id,
                created_at=now, **fields))
            return "new"
        if not existing.correctable(now):
            return "too_late"
        await self.conn.execute(update(ratings).where(ratings.c.id == existing.id).values(**fields))
        return "corrected"

    async def employer_stats(self, employer_ids) -> dict[int, tuple[float, int]]:
        """(average, count) of the ratings workers gave each employer."""
        ids = list(set(employer_ids))
        if not ids:
            return {}
        rows = (await self.conn.execute(_EMPLOYER_STATS, {"ids": ids})).all()
        return {int(e): (float(a), int(n)) for e, a, n in rows}

    async def worker_stats(self, openids) -> dict[str, tuple[float, int]]:
        ids = list(set(openids))
        if not ids:
            return {}
        rows = (await self.conn.execute(
            select(ratings.c.worker_openid, func.avg(ratings.c.score), func.count())
            .where(ratings.c.worker_openid.in_(ids), ratings.c.rater_role == "employer")
            .group_by(ratings.c.worker_openid))).all()
        return {w: (float(a), int(n)) for w, a, n in rows}

    async def received(self, openid: str, role: str, employer_id: int | None = None) -> list[Rating]:
        """The ratings a user received (as worker, or as employer)."""
        q = select(ratings)
        if role == "worker":
            q = q.where(ratings.c.worker_openid == openid, ratings.c.rater_role == "employer")
        else:
            q = q.where(ratings.c.employer_id == employer_id, ratings.c.rater_role == "worker")
        return [_rating(r) for r in (await self.conn.execute(q.order_by(ratings.c.id))).mappings().all()]


class SurveyRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def last_asked(self, openid: str) -> float | None:
        return (await self.conn.execute(select(func.max(surveys.c.asked_at)).where(
            surveys.c.openid == openid))).scalar_one()

    async def ask(self, openid: str, reason: str, now: float) -> int:
        result = await self.conn.execute(insert(surveys).values(openid=openid, reason=reason, asked_at=now)
                                         .returning(surveys.c.id))
        return int(result.scalar_one())

    async def answer(self, survey_id: int, overall: int | None, improve: str, **parts: int | None) -> None:
        """`parts`: environment, process and result (1-5, None: skipped)."""
        await self.conn.execute(update(surveys).where(surveys.c.id == survey_id).values(
            overall=overall, improve=improve, answered_at=time.time(),
            **{k: parts.get(k) for k in ("environment", "process", "result")}))

    async def answer_latest(self, openid: str, overall: int | None, improve: str, **parts: int | None) -> bool:
        """The answers to the survey the user was asked last; False when
        they were never asked one."""
        last = (await self.conn.execute(select(surveys.c.id).where(surveys.c.openid == openid)
                                        .order_by(surveys.c.id.desc()).limit(1))).scalar()
        if last is None:
            return False
        await self.answer(last, overall, improve, **parts)
        return True


class TrainingRepo:
    """Courses, sign-ups with a waiting list, and training needs."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def upcoming(self, today: str) -> list[Course]:
        """Courses still running or to come, each with how many signed up."""
        q = (select(courses).where(courses.c.active.is_(True), courses.c.end_date >= today)
             .order_by(courses.c.start_date, courses.c.code))
        rows = (await self.conn.execute(q)).mappings().all()
        counts: dict[str, int] = dict((await self.conn.execute(
            select(enrollments.c.course_code, func.count()).where(enrollments.c.status == "enrolled")
            .group_by(enrollments.c.course_code))).all())
        return [_course(r, enrolled=int(counts.get(r["code"], 0))) for r in rows]

    async def course(self, code: str) -> Course | None:
        """The course with how many signed up; None when there is no such course."""
        row = (await self.conn.execute(select(courses).where(courses.c.code == code))).mappings().first()
        return None if row is None else _course(row, enrolled=await self.enrolled_count(code))

    async def enrolled_count(self, code: str) -> int:
        return int((await self.conn.execute(select(func.count()).select_from(enrollments).where(
            enrollments.c.course_code == code, enrollments.c.status == "enrolled"))).scalar_one())

    async def enrollment(self, code: str, openid: str) -> Enrollment | None:
        return _maybe(_enrollment, (await self.conn.execute(select(enrollments).where(
            enrollments.c.course_code == code, enrollments.c.openid == openid))).mappings().first())

    async def enroll(self, code: str, openid: str, wait_if_full: bool) -> str:
        """'enrolled', 'waiting', 'full' (and not waiting), or 'already'."""
        course = await self.course(code)
        if course is None or not course.active:
            return "gone"
        mine = await self.enrollment(code, openid)
        if mine and mine.is_active:
            return "already"
        full = course.is_full
        status = "waiting" if full else "enrolled"
        if full and not wait_if_full:
            return "full"
        now = time.time()
        if mine:
            await self.conn.execute(update(enrollments).where(enrollments.c.id == mine.id).values(
                status=status, created_at=now, updated_at=now, reminded_at=None))
        else:
            await self.conn.execute(insert(enrollments).values(course_code=code, openid=openid, status=status,
                                                               created_at=now, updated_at=now))
        return status

    async def cancel(self, code: str, openid: str) -> str | None:
        """Cancel a sign-up; when a place frees up, the first on the waiting
        list moves up: their openid is returned."""
        mine = await self.enrollment(code, openid)
        if mine is None or not mine.is_active:
            return None
        now = time.time()
        await self.conn.execute(update(enrollments).where(enrollments.c.id == mine.id)
                                .values(status="cancelled", updated_at=now))
        if mine.status != "enrolled":
            return None
        first = (await self.conn.execute(select(enrollments.c.id, enrollments.c.openid).where(
            enrollments.c.course_code == code, enrollments.c.status == "waiting")
            .order_by(enrollments.c.created_at, enrollments.c.id).limit(1))).first()
        if first is None:
            return None
        await self.conn.execute(update(enrollments).where(enrollments.c.id == first.id)
                                .values(status="enrolled", updated_at=now))
        return str(first.openid)

    def _with_course(self):
        """Sign-ups read with what their worker needs of the course."""
        return (select(enrollments, courses.c.name, courses.c.start_date, courses.c.schedule, courses.c.place,
                       courses.c.mode)
                .select_from(enrollments.join(courses, courses.c.code == enrollments.c.course_code)))

    async def mine(self, openid: str) -> list[Enrollment]:
        """The user's sign-ups (enrolled or waiting), the soonest course first."""
        q = (self._with_course().where(enrollments.c.openid == openid, enrollments.c.status != "cancelled")
             .order_by(courses.c.start_date))
        return [_enrollment(r) for r in (await self.conn.execute(q)).mappings().all()]

    async def due_reminders(self, day: str) -> list[Enrollment]:
        """Sign-ups (not waiting) to courses starting on `day`, not yet reminded."""
        q = self._with_course().where(enrollments.c.status == "enrolled", enrollments.c.reminded_at.is_(None),
                                      courses.c.start_date == day)
        return [_enrollment(r) for r in (await self.conn.execute(q)).mappings().all()]

    async def reminded(self, enrollment_id: int) -> None:
        await self.conn.execute(update(enrollments).where(enrollments.c.id == enrollment_id)
                                .values(reminded_at=time.time()))

    async def add_need(self, openid: str, trades: list[str], wish: str, when: str, mode: str) -> None:
        await self.conn.execute(insert(training_needs).values(
            openid=openid, trades=json.dumps(trades), wish=wish, when=when, mode=mode, created_at=time.time()))
        # The survey promises to tell them when a course opens: that holds even after an "unsubscribe".
        await self.conn.execute(delete(course_pushes).where(course_pushes.c.openid == openid,
                                                            course_pushes.c.course_code == "-"))


SLOT_CAPACITY = 4  # guidance sessions a market offers per half day


class AppointmentRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def taken(self, market_code: str, days: list[str]) -> dict[tuple[str, str], int]:
        rows = (await self.conn.execute(
            select(appointments.c.day, appointments.c.half, func.count())
            .where(appointments.c.market_code == market_code, appointments.c.day.in_(days),
                   appointments.c.status == "booked")
            .group_by(appointments.c.day, appointments.c.half))).all()
        return {(d, h): int(n) for d, h, n in rows}

    async def book(self, openid: str, market_code: str, day: str, half: str, replaces: int | None = None,
                   topic: str | None = None) -> bool:
        """Book a slot if it has room (moving an earlier booking when given), with what the visit is about."""
        taken = (await self.taken(market_code, [day])).get((day, half), 0)
        if taken >= SLOT_CAPACITY:
            return False
        if replaces:
            await self.cancel(openid, replaces)
        await self.conn.execute(insert(appointments).values(
            openid=openid, market_code=market_code, day=day, half=half, status="booked", created_at=time.time(),
            topic=topic))
        return True

    async def cancel(self, openid: str, appointment_id: int) -> bool:
        done = await self.conn.execute(update(appointments).where(
            appointments.c.id == appointment_id, appointments.c.openid == openid,
            appointments.c.status == "booked").values(status="cancelled"))
        return done.rowcount > 0

    async def mine(self, openid: str, today: str) -> list[Appointment]:
        """The user's bookings from `today` on, the soonest first."""
        rows = (await self.conn.execute(select(appointments).where(
            appointments.c.openid == openid, appointments.c.status == "booked", appointments.c.day >= today)
            .order_by(appointments.c.day, appointments.c.half))).mappings().all()
        return [_appointment(r) for r in rows]

    async def on_day(self, day: str) -> list[Appointment]:
        """Everyone booked on a day, every market, with their name and phone (staff)."""
        q = (select(appointments, workers.c.name, workers.c.phone)
             .select_from(appointments.outerjoin(workers, workers.c.openid == appointments.c.openid))
             .where(appointments.c.day == day, appointments.c.status == "booked")
             .order_by(appointments.c.market_code, appointments.c.half, appointments.c.id))
        return [_appointment(r) for r in (await self.conn.execute(q)).mappings().all()]

    async def due_reminders(self, day: str) -> list[Appointment]:
        rows = (await self.conn.execute(select(appointments).where(
            appointments.c.day == day, appointments.c.status == "booked", appointments.c.reminded_at.is_(None))
            )).mappings().all()
        return [_appointment(r) for r in rows]

    async def reminded(self, appointment_id: int) -> None:
        await self.conn.execute(update(appointments).where(appointments.c.id == appointment_id)
                                .values(reminded_at=time.time()))


class InboxRepo:
    """Messages whose changes were made (see tables.inbox)."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def reply_if_done(self, msg_key: str) -> str | None:
        row = (await self.conn.execute(_INBOX_REPLY, {"msg_key": msg_key})).first()
        return None if row is None else row[0]

    async def done(self, msg_key: str, reply: str, openid: str | None = None) -> bool:
        """Record that the message's changes were made, with its answer;
        False when it was recorded before (by an earlier copy of it, whose
        changes committed first: a caller then rolls back its own)."""
        dialect = _dialect_name(self.conn)
        values = {"msg_key": msg_key, "reply": reply, "created_at": time.time(), "openid": openid}
        end_with_record = getattr(self.conn, "end_with_record", None)
        if end_with_record is not None:
            # With the writes its unit held back, when nothing else ran (bot/store/held.py).
            return await end_with_record(Record(_inbox_done(dialect), values, _inbox_record, dialect))
        found = await self.conn.execute(_inbox_done(dialect), values)
        return found.rowcount == 1

    async def forget_before(self, when: float) -> None:
        await self.conn.execute(delete(inbox).where(inbox.c.created_at < when))


class LimitsRepo:
    """What the abuse limits look at: a user's posts and applications since
    a moment (the start of a Quanzhou day), and their open tickets that a
    new request repeats."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def posts_since(self, openid: str, since: float) -> int:
        """Jobs the user's employer record created since then (edits are
        not new posts; reposts are)."""
        q = (select(func.count()).select_from(jobs.join(employers, employers.c.id == jobs.c.employer_id))
             .where(employers.c.openid == openid, jobs.c.created_at >= since))
        return int((await self.conn.execute(q)).scalar_one())

    async def applications_since(self, openid: str, since: float) -> int:
        """Applications the worker made since then, re-applications after a
        withdrawal included (those keep their first created_at)."""
        q = select(func.count()).select_from(applications).where(
            applications.c.worker_openid == openid,
            (applications.c.created_at >= since)
            | ((applications.c.status == "applied") & (applications.c.updated_at >= since)))
        return int((await self.conn.execute(q)).scalar_one())

    async def open_ticket(self, openid: str, kind: str, job_id: int | None = None, text: str | None = None,
                          phone: str | None = None, photos: list | None = None) -> Ticket | None:
        """The user's newest ticket of this kind that is not closed; with
        `text`, only one with the same text, job, callback phone and photos
        (an exact repeat)."""
        q = select(tickets).where(tickets.c.openid == openid, tickets.c.kind == kind, tickets.c.status != "closed")
        if text is not None:
            q = q.where(tickets.c.text == text,
                        tickets.c.job_id.is_(None) if job_id is None else tickets.c.job_id == job_id,
                        tickets.c.phone.is_(None) if not phone else tickets.c.phone == phone)
        for row in (await self.conn.execute(q.order_by(tickets.c.id.desc()).limit(20))).mappings().all():
            t = _ticket(row)
            if text is None or [p.get("media_id") for p in t.photos] == [p.get("media_id") for p in photos or []]:
                return t
        return None

    async def user_messages(self, ticket_id: int) -> int:
        return int((await self.conn.execute(select(func.count()).select_from(ticket_messages).where(
            ticket_messages.c.ticket_id == ticket_id, ticket_messages.c.author == "user"))).scalar_one())


# ---- complaint evidence (bot/services/evidence.py) ---------------------------

from bot.store.tables import evidence as _evidence  # noqa: E402

# Everything but the bytes: listing and leasing never drag megabytes along.
_EVIDENCE_META = [c for c in _evidence.c if c.name != "content"]


class EvidenceRepo:
    """Photos and voice of complaints, downloaded from WeChat in the
    background: rows are leased to one fetcher at a time, like the outbox."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(self, *, ticket_id: int, openid: str, kind: str, seq: int, media_id: str, source_url: str,
                  fmt: str, nonce: str, status: str, received_at: float, now: float,
                  reason: str | None = None) -> dict:
        result = await self.conn.execute(insert(_evidence).values(
            ticket_id=ticket_id, openid=openid, kind=kind, seq=seq, media_id=media_id, source_url=source_url,
            format=fmt, nonce=nonce, status=status, attempts=0, next_attempt_at=now, received_at=received_at,
            created_at=now, reason=reason, reported_at=now if status != "pending" else None)
            .returning(*_EVIDENCE_META))
        return dict(result.mappings().one())

    async def get(self, evidence_id: int) -> dict | None:
        row = (await self.conn.execute(select(*_EVIDENCE_META).where(_evidence.c.id == evidence_id))).mappings().first()
        return None if row is None else dict(row)

    async def content(self, evidence_id: int) -> bytes | None:
        return (await self.conn.execute(select(_evidence.c.content).where(_evidence.c.id == evidence_id))).scalar()

    async def for_ticket(self, ticket_id: int) -> list[dict]:
        rows = (await self.conn.execute(select(*_EVIDENCE_META).where(_evidence.c.ticket_id == ticket_id)
                                        .order_by(_evidence.c.kind, _evidence.c.seq))).mappings().all()
        return [dict(r) for r in rows]

    async def claim_due(self, owner: str, now: float, limit: int, lease: float) -> list[dict]:
        """Lease due rows to `owner`. The update re-checks that each row is
        still free, so two fetchers that read the same rows (SQLite has no
        SKIP LOCKED) never both get one; PostgreSQL skips locked rows."""
        free = (_evidence.c.lease_until.is_(None)) | (_evidence.c.lease_until < now)
        due = (select(_evidence.c.id)
               .where(_evidence.c.status == "pending", _evidence.c.next_attempt_at <= now, free)
               .order_by(_evidence.c.next_attempt_at, _evidence.c.id)
               .limit(limit)
               .with_for_update(skip_locked=True))
        ids = [r[0] for r in (await self.conn.execute(due)).all()]
        if not ids:
            return []
        rows = (await self.conn.execute(
            update(_evidence).where(_evidence.c.id.in_(ids), _evidence.c.status == "pending", free)
            .values(lease_until=now + lease, lease_owner=owner, attempts=_evidence.c.attempts + 1)
            .returning(*_EVIDENCE_META))).mappings().all()
        return sorted((dict(r) for r in rows), key=lambda r: r["id"])

    def _mine(self, evidence_id: int, owner: str):
        return (_evidence.c.id == evidence_id) & (_evidence.c.lease_owner == owner) & (_evidence.c.status == "pending")

    async def stored(self, evidence_id: int, owner: str, *, content_type: str, size: int, sha256: str,
                     content: bytes | None, path: str | None, now: float) -> bool:
        """False when the row is gone (erased meanwhile) or no longer ours."""
        result = await self.conn.execute(update(_evidence).where(self._mine(evidence_id, owner)).values(
            status="stored", content_type=content_type, size=size, sha256=sha256, content=content, path=path,
            stored_at=now, lease_until=None, last_error=None, reason=None))
        return result.rowcount == 1

    async def retry_later(self, evidence_id: int, owner: str, at: float, error: str) -> None:
        await self.conn.execute(update(_evidence).where(self._mine(evidence_id, owner)).values(
            next_attempt_at=at, lease_until=None, last_error=error[:500]))

    async def failed(self, evidence_id: int, owner: str, reason: str, error: str) -> None:
        await self.conn.execute(update(_evidence).where(self._mine(evidence_id, owner)).values(
            status="failed", reason=reason, lease_until=None, last_error=error[:500]))

    async def release(self, ids: list[int], owner: str) -> None:
        """Give back leases (a fetcher stopping): another process, or this
        one after a restart, takes them at once."""
        if ids:
            await self.conn.execute(update(_evidence).where(
                _evidence.c.id.in_(ids), _evidence.c.lease_owner == owner, _evidence.c.status == "pending")
                .values(lease_until=None, attempts=_evidence.c.attempts - 1))

    async def unreported_failures(self, limit: int = 200) -> list[dict]:
        rows = (await self.conn.execute(select(*_EVIDENCE_META).where(
            _evidence.c.status.in_(("failed", "unfetchable")), _evidence.c.reported_at.is_(None))
            .order_by(_evidence.c.ticket_id, _evidence.c.kind, _evidence.c.seq).limit(limit))).mappings().all()
        return [dict(r) for r in rows]

    async def reported(self, ids: list[int], now: float) -> None:
        await self.conn.execute(update(_evidence).where(_evidence.c.id.in_(ids), _evidence.c.reported_at.is_(None))
                                .values(reported_at=now))

    async def requeue_unfetchable(self, since: float, now: float) -> int:
        """Rows recorded while WeChat credentials were missing, young enough
        that WeChat may still have them: fetch them now."""
        result = await self.conn.execute(update(_evidence).where(
            _evidence.c.status == "unfetchable", _evidence.c.received_at >= since)
            .values(status="pending", next_attempt_at=now, attempts=0, reason=None, lease_until=None,
                    reported_at=None))
        return result.rowcount or 0

    async def pending_to_unfetchable(self) -> int:
        """No WeChat credentials (any more): rows still waiting cannot be
        fetched; they become failures staff are told about."""
        result = await self.conn.execute(update(_evidence).where(_evidence.c.status == "pending")
                                         .values(status="unfetchable", reason="no_credentials", lease_until=None,
                                                 reported_at=None))
        return result.rowcount or 0

    async def delete(self, *, ticket_ids: list[int] | None = None,
                     openid: str | None = None) -> tuple[int, list[str]]:
        """Delete rows (bytes included): how many, and the paths of their
        files for the caller to remove."""
        if ticket_ids is None and openid is None:
            raise ValueError("which evidence?")
        cond = _evidence.c.ticket_id.in_(list(ticket_ids)) if ticket_ids is not None else _evidence.c.openid == openid
        paths = [r[0] for r in (await self.conn.execute(select(_evidence.c.path).where(cond))).all() if r[0]]
        result = await self.conn.execute(delete(_evidence).where(cond))
        return result.rowcount or 0, paths

    async def counts(self) -> dict[str, int]:
        rows = (await self.conn.execute(select(_evidence.c.status, func.count()).group_by(_evidence.c.status))).all()
        return {status: n for status, n in rows}
# ---- Privacy: erasure on request, and retention -------------------------------
# The queries bot/features/account/privacy.py runs table by table. What a column may
# hold is its `info["personal"]` kind (tables.INVENTORY): cleared kinds are
# emptied, openids replaced by a pseudonym, profile facts kept in rows that
# no longer point to anyone.

ERASED_PREFIX = "erased:"   # WeChat openids never start like this
CLEARED_KINDS = ("name", "phone", "address", "text", "media", "location")


def new_pseudonym() -> str:
    """What replaces a deleted user's openid in rows kept for statistics:
    random, so nothing leads back to them; one per deletion."""
    import secrets

    return ERASED_PREFIX + secrets.token_hex(8)


def is_pseudonym(openid: str | None) -> bool:
    return openid is not None and openid.startswith(ERASED_PREFIX)


def cleared_values(table, kinds=CLEARED_KINDS) -> dict:
    """The values that empty every column of `table` whose kind is in `kinds`."""
    out: dict[str, Any] = {}
    for c in table.c:
        kind = c.info.get("personal")
        if kind in kinds:
            out[c.name] = "[]" if kind == "media" else (None if c.nullable else "")
    return out


def openid_columns(table) -> list:
    return [c for c in table.c if c.info.get("personal") == "openid"]


def _in_batches(table, condition, limit: int):
    """Rows of `table` matching `condition`, at most `limit`, by primary key."""
    keys = list(table.primary_key.columns)
    if len(keys) == 1:
        return keys[0].in_(select(keys[0]).where(condition).limit(limit))
    from sqlalchemy import tuple_

    return tuple_(*keys).in_(select(*keys).where(condition).limit(limit))


class PrivacyRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    # ---- what there is about a user ---------------------------------------
    async def records(self, openid: str) -> int:
        """Rows anywhere that name the user by openid (their messages and
        the user row itself not counted)."""
        from bot.store.tables import metadata

        n = 0
        for table in metadata.tables.values():
            if table.name in ("users", "outbox", "inbox"):
                continue
            for col in openid_columns(table):
                n += int((await self.conn.execute(
                    select(func.count()).select_from(table).where(col == openid))).scalar_one())
        return n

    async def jobs_of(self, employer_id: int) -> list[Job]:
        rows = (await self.conn.execute(select(jobs).where(jobs.c.employer_id == employer_id)
                                        .order_by(jobs.c.id))).mappings().all()
        return [_job(r) for r in rows]

    async def tickets_of(self, openid: str) -> list[Ticket]:
        rows = (await self.conn.execute(select(tickets).where(tickets.c.openid == openid)
                                        .order_by(tickets.c.id))).mappings().all()
        return [_ticket(r) for r in rows]

    async def ticket_texts(self, ticket_ids: list[int]) -> list[str]:
        if not ticket_ids:
            return []
        return [r[0] for r in (await self.conn.execute(
            select(ticket_messages.c.text).where(ticket_messages.c.ticket_id.in_(ticket_ids)))).all()]

    async def complaints_about(self, employer_id: int) -> tuple[int, int]:
        """(open, closed but not yet anonymised) tickets others lodged about an employer."""
        rows = (await self.conn.execute(
            select(tickets.c.status, func.count()).where(tickets.c.employer_id == employer_id,
                                                         tickets.c.anonymised_at.is_(None))
            .group_by(tickets.c.status))).all()
        counts = {status: int(n) for status, n in rows}
        closed = counts.pop("closed", 0)
        return sum(counts.values()), closed

    async def ratings_given(self, openid: str) -> int:
        return int((await self.conn.execute(select(func.count()).select_from(ratings).where(
            ratings.c.rater_openid == openid))).scalar_one())

    # ---- erasure, table by table -------------------------------------------
    async def delete_rows(self, table, openid: str) -> int:
        """Delete every row naming the user in one of the table's openid columns."""
        from sqlalchemy import or_

        cols = openid_columns(table)
        done = await self.conn.execute(delete(table).where(or_(*(c == openid for c in cols))))
        return done.rowcount or 0

    async def anonymise_rows(self, table, openid: str, pseudonym: str) -> int:
        """Rows naming the user: what they wrote emptied, their openid replaced."""
        from sqlalchemy import or_

        cols = openid_columns(table)
        values = cleared_values(table)
        n = 0
        if values:
            done = await self.conn.execute(update(table).where(or_(*(c == openid for c in cols))).values(**values))
            n = done.rowcount or 0
        for col in cols:
            done = await self.conn.execute(update(table).where(col == openid).values({col.name: pseudonym}))
            n = max(n, done.rowcount or 0)
        return n

    async def messages_to_or_about(self, openid: str, needles: list[str], staff_needles: list[str]) -> list[dict]:
        """Outbox rows to the user, about them, or carrying one of their
        identifiers (`staff_needles`: only in staff notices)."""
        from sqlalchemy import and_, or_

        cond = [outbox.c.recipient == openid, outbox.c.about == openid]
        cond += [outbox.c.payload.contains(x, autoescape=True) for x in needles if x]
        staff = [outbox.c.payload.contains(x, autoescape=True) for x in staff_needles if x]
        if staff:
            cond.append(and_(outbox.c.channel == "staff", or_(*staff)))
        rows = (await self.conn.execute(
            select(outbox.c.id, outbox.c.recipient, outbox.c.status, outbox.c.payload).where(or_(*cond))
        )).mappings().all()
        return [dict(r) for r in rows]

    async def delete_messages(self, ids: list[int]) -> int:
        if not ids:
            return 0
        return (await self.conn.execute(delete(outbox).where(outbox.c.id.in_(ids)))).rowcount or 0

    async def rewrite_message(self, msg_id: int, payload: str) -> None:
        await self.conn.execute(update(outbox).where(outbox.c.id == msg_id, outbox.c.status == "pending")
                                .values(payload=payload, about=None))

    async def erase_inbox(self, openid: str, needles: list[str], redact) -> int:
        """The user's stored replies emptied (a resend still changes
        nothing twice), keys that embed their openid gone, and their
        identifiers taken out of replies kept for others."""
        from sqlalchemy import or_

        n = (await self.conn.execute(delete(inbox).where(inbox.c.msg_key.contains(openid, autoescape=True)))
             ).rowcount or 0
        n += (await self.conn.execute(update(inbox).where(inbox.c.openid == openid)
                                      .values(reply="", openid=None))).rowcount or 0
        cond = [inbox.c.reply.contains(x, autoescape=True) for x in needles if x]
        if cond:
            for key, reply in (await self.conn.execute(select(inbox.c.msg_key, inbox.c.reply)
                                                       .where(or_(*cond)))).all():
                await self.conn.execute(update(inbox).where(inbox.c.msg_key == key).values(reply=redact(reply)))
                n += 1
        return n

    async def withdraw_applications(self, openid: str, pseudonym: str) -> list[dict]:
        """The worker's applications: those still waiting are withdrawn
        (returned, with the job's employer, so they can be told); all are
        kept under the pseudonym (an accepted one is an engagement others
        may still rate)."""
        waiting = (await self.conn.execute(
            select(applications.c.id, applications.c.job_id, employers.c.openid.label("employer_openid"))
            .select_from(applications.join(jobs, jobs.c.id == applications.c.job_id)
                         .join(employers, employers.c.id == jobs.c.employer_id))
            .where(applications.c.worker_openid == openid, applications.c.status == "applied"))).mappings().all()
        now = time.time()
        await self.conn.execute(update(applications).where(
            applications.c.worker_openid == openid, applications.c.status == "applied")
            .values(status="withdrawn", updated_at=now))
        await self.conn.execute(update(applications).where(applications.c.worker_openid == openid)
                                .values(worker_openid=pseudonym))
        return [dict(r) for r in waiting]

    async def close_and_clear_jobs(self, employer_id: int) -> tuple[int, list[dict]]:
        """An employer's jobs: those open (or held for review) closed and
        out of search; every job's contact, address and texts emptied.
        (how many were closed, the applicants still waiting on them)."""
        live = select(jobs.c.id).where(jobs.c.employer_id == employer_id, jobs.c.status.in_(("open", "review")))
        live_ids = [r[0] for r in (await self.conn.execute(live)).all()]
        waiting: list[dict] = []
        now = time.time()
        if live_ids:
            waiting = [dict(r) for r in (await self.conn.execute(
                select(applications.c.id, applications.c.job_id, applications.c.worker_openid)
                .where(applications.c.job_id.in_(live_ids), applications.c.status == "applied"))).mappings().all()]
            await self.conn.execute(update(jobs).where(jobs.c.id.in_(live_ids))
                                    .values(status="closed", updated_at=now))
            await self.conn.execute(delete(job_trades).where(job_trades.c.job_id.in_(live_ids)))
        _note_jobs_written(self.conn)
        await self.conn.execute(update(jobs).where(jobs.c.employer_id == employer_id)
                                .values(updated_at=now, **cleared_values(jobs)))
        return len(live_ids), waiting

    async def erase_employer(self, employer_id: int, pseudonym: str, keep_identity: bool, now: float) -> None:
        """Detach the employer from the user (their openid replaced) and
        empty what identifies them; with complaints about them still open,
        the name, phone and credit code stay until those are closed."""
        values = cleared_values(employers)
        if keep_identity:
            values = {"contact_name": "", "erase_requested_at": now}
        await self.conn.execute(update(employers).where(employers.c.id == employer_id)
                                .values(openid=pseudonym, updated_at=now, **values))

    async def finish_employer_erasures(self, now: float, limit: int = 200) -> int:
        """Employers deleted while complaints about them were open: once
        none is, what was kept for staff goes too."""
        still_open = select(tickets.c.id).where(tickets.c.employer_id == employers.c.id,
                                                tickets.c.status != "closed").exists()
        ids = [r[0] for r in (await self.conn.execute(
            select(employers.c.id).where(employers.c.erase_requested_at.is_not(None), ~still_open)
            .limit(limit))).all()]
        if ids:
            await self.conn.execute(update(employers).where(employers.c.id.in_(ids)).values(
                erase_requested_at=None, updated_at=now, **cleared_values(employers)))
        return len(ids)

    async def keep_open_tickets(self, ticket_ids: list[int], now: float, mask) -> None:
        """A deleted user's open tickets stay so staff can finish them (and
        reply): the text and messages through `mask` (their names, phone and
        identity numbers out), the callback phone and photos gone;
        anonymised when closed."""
        for tid, text in (await self.conn.execute(select(tickets.c.id, tickets.c.text)
                                                  .where(tickets.c.id.in_(ticket_ids)))).all():
            await self.conn.execute(update(tickets).where(tickets.c.id == tid).values(
                text=mask(text), phone=None, photos="[]", erase_requested_at=now))
        for mid, text in (await self.conn.execute(select(ticket_messages.c.id, ticket_messages.c.text)
                                                  .where(ticket_messages.c.ticket_id.in_(ticket_ids)))).all():
            await self.conn.execute(update(ticket_messages).where(ticket_messages.c.id == mid)
                                    .values(text=mask(text)))

    async def anonymise_tickets(self, ticket_ids: list[int], openid_value: str, now: float) -> int:
        """Closed tickets: kind, dates, urgency and satisfaction stay (the
        statistics); text, phones, photos, notes and openids go."""
        if not ticket_ids:
            return 0
        await self.conn.execute(update(tickets).where(tickets.c.id.in_(ticket_ids)).values(
            openid=openid_value, anonymised_at=now, **cleared_values(tickets)))
        await self.conn.execute(update(ticket_messages).where(ticket_messages.c.ticket_id.in_(ticket_ids))
                                .values(staff_openid=None, **cleared_values(ticket_messages)))
        return len(ticket_ids)

    async def erase_ratings(self, openid: str, pseudonym: str, employer_id: int | None) -> int:
        """Ratings the user gave or got: the comments go (words by or about
        them); the scores stay under the pseudonym, so others' averages hold."""
        from sqlalchemy import or_

        about = [ratings.c.rater_openid == openid, ratings.c.worker_openid == openid]
        if employer_id is not None:
            about.append(ratings.c.employer_id == employer_id)
        n = (await self.conn.execute(update(ratings).where(or_(*about)).values(**cleared_values(ratings)))
             ).rowcount or 0
        for col in (ratings.c.rater_openid, ratings.c.worker_openid):
            await self.conn.execute(update(ratings).where(col == openid).values({col.name: pseudonym}))
        return n

    async def active_enrollments(self, openid: str) -> list[str]:
        return [r[0] for r in (await self.conn.execute(select(enrollments.c.course_code).where(
            enrollments.c.openid == openid, enrollments.c.status.in_(("enrolled", "waiting"))))).all()]

    async def cancel_appointments(self, openid: str, today: str) -> int:
        return (await self.conn.execute(update(appointments).where(
            appointments.c.openid == openid, appointments.c.status == "booked", appointments.c.day >= today)
            .values(status="cancelled"))).rowcount or 0

    # ---- retention ---------------------------------------------------------
    async def purge_outbox(self, before: float, limit: int) -> int:
        """Messages delivered, recorded or given up on (never one still to send)."""
        cond = outbox.c.status.in_(("sent", "failed", "recorded")) & (outbox.c.created_at < before)
        return (await self.conn.execute(delete(outbox).where(_in_batches(outbox, cond, limit)))).rowcount or 0

    async def purge_push_log(self, before: float, limit: int) -> int:
        return (await self.conn.execute(delete(push_log).where(
            _in_batches(push_log, push_log.c.sent_at < before, limit)))).rowcount or 0

    async def purge_course_pushes(self, before: float, limit: int) -> int:
        """Which courses were pushed to whom, kept as long as the push log
        (not an "unsubscribe", which stays)."""
        old = (course_pushes.c.sent_at < before) & (course_pushes.c.course_code != "-")
        return (await self.conn.execute(delete(course_pushes).where(
            _in_batches(course_pushes, old, limit)))).rowcount or 0

    async def purge_inbox(self, before: float, limit: int) -> int:
        return (await self.conn.execute(delete(inbox).where(
            _in_batches(inbox, inbox.c.created_at < before, limit)))).rowcount or 0

    async def purge_alerts(self, expired_before: float, limit: int) -> int:
        return (await self.conn.execute(delete(job_alerts).where(
            _in_batches(job_alerts, job_alerts.c.expires_at < expired_before, limit)))).rowcount or 0

    async def tickets_due_for_anonymising(self, closed_before: float, limit: int) -> list[int]:
        """Closed tickets not yet anonymised: closed before the period
        began, or whose user asked for deletion while they were open."""
        q = (select(tickets.c.id).where(
            tickets.c.status == "closed", tickets.c.anonymised_at.is_(None),
            (tickets.c.closed_at < closed_before) | tickets.c.erase_requested_at.is_not(None))
            .order_by(tickets.c.id).limit(limit))
        return [r[0] for r in (await self.conn.execute(q)).all()]

    async def clear_old_comments(self, ended_before: float, limit: int) -> int:
        """Comments on engagements that ended before the period began."""
        old = select(applications.c.id).where(applications.c.ended_at < ended_before)
        cond = ratings.c.application_id.in_(old) & (ratings.c.comment != "")
        return (await self.conn.execute(update(ratings).where(_in_batches(ratings, cond, limit))
                                        .values(comment=""))).rowcount or 0

    async def clear_old_job_contacts(self, ended_before: str, limit: int) -> int:
        """The contact name and phone of jobs whose last day is long past."""
        cond = (jobs.c.end_date < ended_before) & (jobs.c.status != "open") & (jobs.c.contact_phone != "")
        return (await self.conn.execute(update(jobs).where(_in_batches(jobs, cond, limit))
                                        .values(contact_name="", contact_phone=""))).rowcount or 0
