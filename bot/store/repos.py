"""Repositories: the queries the services need, on a connection handed in
by `Database.transaction()` (the unit of work)."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.tables import employers, handoffs, jobs, outbox, users, workers


class UserRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def get(self, openid: str) -> dict | None:
        row = (await self.conn.execute(select(users).where(users.c.openid == openid))).mappings().first()
        return dict(row) if row else None

    async def upsert(self, openid: str, **fields: Any) -> None:
        """Create the user on first contact, or change the given fields."""
        now = time.time()
        changed = await self.conn.execute(
            update(users).where(users.c.openid == openid).values(updated_at=now, **fields))
        if changed.rowcount == 0:
            values = {"openid": openid, "created_at": now, "updated_at": now, **fields}
            await self.conn.execute(insert(users).values(**values))


class HandoffRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(self, openid: str, reason: str, text: str = "", phone: str | None = None,
                  context: str | None = None) -> int:
        result = await self.conn.execute(insert(handoffs).values(
            openid=openid, reason=reason, text=text, phone=phone, context=context,
            created_at=time.time()).returning(handoffs.c.id))
        return int(result.scalar_one())

    async def count_for(self, openid: str) -> int:
        return int((await self.conn.execute(
            select(func.count()).select_from(handoffs).where(handoffs.c.openid == openid))).scalar_one())


@dataclass
class OutboxMessage:
    id: int
    idempotency_key: str
    channel: str
    recipient: str
    payload: dict
    attempts: int
    created_at: float


class OutboxRepo:
    """Outbound messages kept durably until delivered."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(self, channel: str, recipient: str, payload: dict, idempotency_key: str,
                  delay: float = 0.0) -> bool:
        """Queue a message; a second message with the same key is ignored
        (False), so a retried turn never sends twice."""
        exists = (await self.conn.execute(
            select(outbox.c.id).where(outbox.c.idempotency_key == idempotency_key))).first()
        if exists:
            return False
        now = time.time()
        await self.conn.execute(insert(outbox).values(
            idempotency_key=idempotency_key, channel=channel, recipient=recipient,
            payload=json.dumps(payload, ensure_ascii=False), status="pending", attempts=0,
            next_attempt_at=now + delay, created_at=now))
        return True

    async def claim_due(self, owner: str, limit: int = 20, lease: float = 60.0) -> list[OutboxMessage]:
        """Lease due messages to `owner`; a message leased by another
        process is skipped (FOR UPDATE SKIP LOCKED on PostgreSQL), and a
        lease that ran out (a sender died) is taken over."""
        now = time.time()
        due = (select(outbox.c.id)
               .where(outbox.c.status == "pending", outbox.c.next_attempt_at <= now,
                      (outbox.c.lease_until.is_(None)) | (outbox.c.lease_until < now))
               .order_by(outbox.c.next_attempt_at, outbox.c.id)
               .limit(limit)
               .with_for_update(skip_locked=True))
        ids = [r[0] for r in (await self.conn.execute(due)).all()]
        if not ids:
            return []
        rows = (await self.conn.execute(
            update(outbox).where(outbox.c.id.in_(ids))
            .values(lease_until=now + lease, lease_owner=owner, attempts=outbox.c.attempts + 1)
            .returning(outbox.c.id, outbox.c.idempotency_key, outbox.c.channel, outbox.c.recipient,
                       outbox.c.payload, outbox.c.attempts, outbox.c.created_at))).all()
        return sorted((OutboxMessage(r.id, r.idempotency_key, r.channel, r.recipient, json.loads(r.payload),
                                     r.attempts, r.created_at) for r in rows), key=lambda m: m.id)

    async def finish(self, msg_id: int, owner: str, status: str, error: str | None = None) -> None:
        await self.conn.execute(
            update(outbox).where(outbox.c.id == msg_id, outbox.c.lease_owner == owner)
            .values(status=status, sent_at=time.time(), lease_until=None, last_error=error))

    async def retry_later(self, msg_id: int, owner: str, delay: float, error: str) -> None:
        await self.conn.execute(
            update(outbox).where(outbox.c.id == msg_id, outbox.c.lease_owner == owner)
            .values(next_attempt_at=time.time() + delay, lease_until=None, last_error=error[:500]))

    async def reroute(self, msg_id: int, owner: str, channel: str, payload: dict) -> None:
        """Turn a message into another kind (e.g. a template message when
        the customer-service window has closed) and send it again soon."""
        await self.conn.execute(
            update(outbox).where(outbox.c.id == msg_id, outbox.c.lease_owner == owner)
            .values(channel=channel, payload=json.dumps(payload, ensure_ascii=False),
                    next_attempt_at=time.time(), lease_until=None, attempts=0))

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


_JSON_LISTS = ("areas", "trades", "review_reasons")


def _row(row) -> dict | None:
    """A row as a plain dict, JSON list columns decoded."""
    if row is None:
        return None
    d = dict(row)
    for key in _JSON_LISTS:
        if key in d and isinstance(d[key], str):
            d[key] = json.loads(d[key] or "[]")
    return d


def _encode(fields: dict) -> dict:
    return {k: (json.dumps(v, ensure_ascii=False) if k in _JSON_LISTS else v) for k, v in fields.items()}


class WorkerRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def get(self, openid: str) -> dict | None:
        return _row((await self.conn.execute(select(workers).where(workers.c.openid == openid))).mappings().first())

    async def save(self, openid: str, fields: dict) -> None:
        now = time.time()
        values = _encode(fields)
        changed = await self.conn.execute(
            update(workers).where(workers.c.openid == openid).values(updated_at=now, **values))
        if changed.rowcount == 0:
            await self.conn.execute(insert(workers).values(
                openid=openid, created_at=now, updated_at=now, consent_at=now, **values))

    async def delete(self, openid: str) -> bool:
        """Forget the worker (on their request): the profile goes, and so do the phone
        numbers they left with staff."""
        gone = await self.conn.execute(delete(workers).where(workers.c.openid == openid))
        await self.conn.execute(update(handoffs).where(handoffs.c.openid == openid).values(phone=None))
        return gone.rowcount > 0


class EmployerRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def by_openid(self, openid: str) -> dict | None:
        return _row((await self.conn.execute(
            select(employers).where(employers.c.openid == openid))).mappings().first())

    async def by_id(self, employer_id: int) -> dict | None:
        return _row((await self.conn.execute(
            select(employers).where(employers.c.id == employer_id))).mappings().first())

    async def save(self, openid: str, fields: dict) -> int:
        now = time.time()
        existing = await self.by_openid(openid)
        if existing:
            if fields:
                await self.conn.execute(update(employers).where(employers.c.id == existing["id"])
                                        .values(updated_at=now, **fields))
            return int(existing["id"])
        result = await self.conn.execute(insert(employers).values(
            openid=openid, created_at=now, updated_at=now, **fields).returning(employers.c.id))
        return int(result.scalar_one())


class JobRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def create(self, employer_id: int, fields: dict) -> int:
        now = time.time()
        result = await self.conn.execute(insert(jobs).values(
            employer_id=employer_id, created_at=now, updated_at=now, **_encode(fields)).returning(jobs.c.id))
        return int(result.scalar_one())

    async def update(self, job_id: int, fields: dict) -> None:
        await self.conn.execute(update(jobs).where(jobs.c.id == job_id)
                                .values(updated_at=time.time(), **_encode(fields)))

    async def get(self, job_id: int) -> dict | None:
        return _row((await self.conn.execute(select(jobs).where(jobs.c.id == job_id))).mappings().first())

    async def for_employer(self, employer_id: int, limit: int = 20) -> list[dict]:
        rows = (await self.conn.execute(select(jobs).where(jobs.c.employer_id == employer_id)
                                        .order_by(jobs.c.id.desc()).limit(limit))).mappings().all()
        return [_row(r) for r in rows]

    async def in_review(self, limit: int = 20) -> list[dict]:
        rows = (await self.conn.execute(select(jobs).where(jobs.c.status == "review")
                                        .order_by(jobs.c.id).limit(limit))).mappings().all()
        return [_row(r) for r in rows]

    async def with_status(self, status: str) -> list[dict]:
        rows = (await self.conn.execute(select(jobs).where(jobs.c.status == status)
                                        .order_by(jobs.c.id))).mappings().all()
        return [_row(r) for r in rows]
