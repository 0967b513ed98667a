"""Sends new jobs to the workers who asked for them (clauses 10 and 13),
and the courses on offer to the workers they suit (clauses 14-16): a
background round every few minutes plans pushes with the rules in
pushes.py and writes them to the outbox, each with its push log, a few
dozen to a transaction. Several processes may run: one round at a time (a
lock).

A round is planned on a read, with no write lock held, and written in
short units of work: one transaction for the whole round held SQLite's
write lock (and the process's writer) while thousands of pushes were
rendered and inserted, and every user's turn that saves something waited
behind it. A round cut short (a crash between batches) loses nothing: the
next round plans again from the push logs, and a push's outbox key stops
it being queued twice."""
from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime

from bot.features.find_work.dialog import line_vars
from bot.i18n import Catalog
from bot.features.training.dialog import course_vars
from bot.services.pushes import (CHANNEL_CUSTOM, QUANZHOU, Learner, PushPolicy, WorkerProfile, in_quiet_hours, plan,
                                 plan_courses)
from bot.turn.service import custom_text
from bot.settings import Settings
from bot.store.db import Database
from bot.store.kv import KeyValueStore, LockTimeout
from bot.store.repos import JobRepo, OutboxRepo, PushRepo, TrainingRepo, UserRepo

log = logging.getLogger("bot.push")
LOOKBACK = 3 * 86400      # new jobs: posted within three days
REMEMBER = 30 * 86400     # a job is never pushed twice to one worker
# Pushes written per transaction, in the loop's thread like a turn's unit of
# work: each is an outbox row and its push log, about a millisecond and a
# half (bench/push_round.py), so a batch holds the loop no longer than a slow
# turn; the loop's other work goes between batches.
PUSH_BATCH = 10
# Workers matched to the day's jobs at a time, between the loop's other work.
PLAN_CHUNK = 25


@dataclass(frozen=True)
class Push:
    """One planned message: to whom, how, what it says, its outbox key, and
    what it tells of (recorded in the push logs when it is queued)."""
    openid: str
    channel: str
    text: str
    key: str
    job_ids: tuple[int, ...] = ()
    course_codes: tuple[str, ...] = ()


def day_start(now: float) -> float:
    d = datetime.fromtimestamp(now, QUANZHOU)
    return d.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def profile(row: dict, alert: bool = False) -> WorkerProfile:
    near = (row["near_lat"], row["near_lng"]) if row.get("near_lat") is not None else None
    return WorkerProfile(
        openid=row["openid"], trades=tuple(row.get("trades") or ()), areas=tuple(row.get("areas") or ()),
        near=near, pay_amount=None if alert else row.get("pay_amount"),
        pay_unit=None if alert else row.get("pay_unit"), wants_push=True,
        last_message_at=row.get("last_message_at"), hardship=bool(row.get("hardship")),
        birth_year=None if alert else row.get("birth_year"),
        hardship_recognised=tuple(row.get("hardship_recognised") or ()),
        alert=alert, meals=bool(row.get("meals")) if alert else False,
        lodging=bool(row.get("lodging")) if alert else False,
        pay_method=row.get("pay_method") if alert else None, pay_min=row.get("pay_min") if alert else None,
        pay_min_unit=row.get("pay_unit") if alert else None)


def learner(row: dict) -> Learner:
    """A person a course may be pushed to (PushRepo.learners)."""
    w = row.get("worker")
    p = None
    if w is not None:
        near = (w["near_lat"], w["near_lng"]) if w.get("near_lat") is not None else None
        p = WorkerProfile(openid=w["openid"], trades=tuple(w.get("trades") or ()), areas=tuple(w.get("areas") or ()),
                          near=near, pay_amount=None, pay_unit=None, wants_push=bool(w.get("wants_push")),
                          last_message_at=row.get("last_message_at"))
    return Learner(openid=row["openid"], profile=p, wanted=frozenset(row.get("wanted") or ()),
                   modes=frozenset(row.get("modes") or ()), last_message_at=row.get("last_message_at"))


class PushRunner:
    def __init__(self, settings: Settings, db: Database, kv: KeyValueStore, refdata, catalog: Catalog,
                 wake_sender=None, interval: float = 300.0) -> None:
        self.settings, self.db, self.kv, self.refdata, self.catalog = settings, db, kv, refdata, catalog
        self.wake_sender = wake_sender or (lambda: None)
        self.interval = interval
        self.policy = PushPolicy(template_configured=bool(settings.template_notice_id))
        self._stopping = asyncio.Event()

    async def run(self, first_after: float = 10.0) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), first_after)
            return
        except asyncio.TimeoutError:
            pass
        while not self._stopping.is_set():
            try:
                async with self.kv.lock("push-round", ttl=120, wait=0.05):
                    await self.round(time.time())
            except LockTimeout:
                pass  # another process is doing this round
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("push round failed; trying again next round")
            try:
                await asyncio.wait_for(self._stopping.wait(), self.interval)
            except asyncio.TimeoutError:
                pass

    def stop(self) -> None:
        self._stopping.set()

    async def round(self, now: float) -> int:
        """Plan and queue one round of pushes; how many messages."""
        if in_quiet_hours(now, self.policy):
            return 0
        async with self.db.reading() as conn:
            jobs = await self._jobs(conn, now)
        queued = await self._write(jobs, now)
        # Planned after the jobs' pushes are written: the day's cap counts them.
        async with self.db.reading() as conn:
            courses = await self._courses(conn, now)
        queued += await self._write(courses, now)
        if queued:
            self.wake_sender()
            log.info(json.dumps({"event": "push_round", "messages": queued}))
        return queued

    async def _write(self, pushes: list[Push], now: float) -> int:
        """Queue the planned pushes with their push logs, PUSH_BATCH to a
        transaction; how many were queued (not those queued before)."""
        queued = 0
        for start in range(0, len(pushes), PUSH_BATCH):
            async with self.db.transaction_now() as conn:
                repo = PushRepo(conn)
                for p in pushes[start:start + PUSH_BATCH]:
                    if not await self._queue(conn, p.openid, p.channel, p.text, p.key):
                        continue
                    if p.job_ids:
                        await repo.record(p.openid, list(p.job_ids), now)
                    else:
                        await repo.record_courses(p.openid, list(p.course_codes), now)
                    queued += 1
            await asyncio.sleep(0)   # the turns waiting on the loop go first
        return queued

    async def _jobs(self, conn, now: float) -> list[Push]:
        today = datetime.fromtimestamp(now, QUANZHOU).date()
        pushes_repo = PushRepo(conn)
        jobs = {j.id: j for j in await JobRepo(conn).open_since(now - LOOKBACK, today.isoformat())}
        if not jobs:
            return []
        people = [profile(w) for w in await pushes_repo.opted_in()]
        people += [profile(a, alert=True) for a in await pushes_repo.alerts(now)]
        sent_today: dict[str, int] = {}
        already: dict[str, set[int]] = {}
        start = day_start(now)
        for openid, job_id, sent_at in await pushes_repo.sent_since(now - REMEMBER):
            already.setdefault(openid, set()).add(job_id)
            if sent_at >= start:
                sent_today[openid] = sent_today.get(openid, 0) + 1
        centers = {a.code: (a.lat, a.lng) for a in self.refdata.areas}
        # Matching thousands of workers to the day's jobs is seconds of pure
        # Python: a few hundred workers at a time, the loop's turns between
        # (a thread would starve the loop of the GIL instead). Each worker's
        # push is planned once, from their profile and their alerts together.
        by_person: dict[str, list[WorkerProfile]] = {}
        for person in people:
            by_person.setdefault(person.openid, []).append(person)
        groups = list(by_person.values())
        plans = []
        for start in range(0, len(groups), PLAN_CHUNK):
            chunk = [person for group in groups[start:start + PLAN_CHUNK] for person in group]
            plans += plan(chunk, list(jobs.values()), now, sent_today, already, self.policy, area_centers=centers)
            await asyncio.sleep(0)
        locales = await UserRepo(conn).locales([p.openid for p in plans])
        pushes = []
        for n, p in enumerate(plans, 1):
            if n % PUSH_BATCH == 0:
                await asyncio.sleep(0)   # rendering thousands: the turns waiting on the loop go first
            locale = locales.get(p.openid) or self.settings.default_locale
            lines = [self.catalog.text(locale, "push-intro", count=len(p.job_ids))]
            for n, job_id in enumerate(p.job_ids, 1):
                lines.append(self.catalog.text(locale, "job-line", n=n, **line_vars(jobs[job_id], None,
                                                                                   self.refdata, locale)))
            lines.append(self.catalog.text(locale, "push-footer"))
            text = "\n".join(lines)
            key = f"push:{p.openid}:{','.join(map(str, p.job_ids))}"
            pushes.append(Push(p.openid, p.channel, text, key, job_ids=tuple(p.job_ids)))
        return pushes

    async def _courses(self, conn, now: float) -> list[Push]:
        """The courses on offer, once to each person they suit (the day's
        cap counts the jobs pushed today too)."""
        repo = PushRepo(conn)
        offered = {c.code: c for c in await TrainingRepo(conn).upcoming(
            datetime.fromtimestamp(now, QUANZHOU).date().isoformat())}
        if not offered:
            return []
        start = day_start(now)
        sent_today: dict[str, int] = {}
        for openid, _, sent_at in await repo.sent_since(start):
            sent_today[openid] = sent_today.get(openid, 0) + 1
        told: dict[str, set[str]] = {}
        for openid, code, sent_at in await repo.courses_told():
            told.setdefault(openid, set()).add(code)
            if sent_at >= start:
                sent_today[openid] = sent_today.get(openid, 0) + 1
        centers = {a.code: (a.lat, a.lng) for a in self.refdata.areas}
        plans = plan_courses([learner(r) for r in await repo.learners()], list(offered.values()), now,
                             sent_today, told, self.policy, area_centers=centers)
        locales = await UserRepo(conn).locales([p.openid for p in plans])
        pushes = []
        for n, p in enumerate(plans, 1):
            if n % PUSH_BATCH == 0:
                await asyncio.sleep(0)
            locale = locales.get(p.openid) or self.settings.default_locale
            lines = [self.catalog.text(locale, "course-push-intro", count=len(p.course_codes))]
            for n, code in enumerate(p.course_codes, 1):
                v = course_vars(offered[code], self.refdata, locale)
                lines.append(self.catalog.text(locale, "course-push-line", n=n, name=v["name"],
                                               start_month=v["start_month"], start_day=v["start_day"],
                                               mode=v["mode"], area=v["area"], place=v["place"],
                                               schedule=v["schedule"], left=v["left"], cost=v["cost"]))
            # "training <trade>" lists the courses of that trade: the one pushed among them.
            first = course_vars(offered[p.course_codes[0]], self.refdata, locale)
            lines.append(self.catalog.text(locale, "course-push-footer", trade=first["trade"]))
            text = "\n".join(lines)
            key = f"course-push:{p.openid}:{','.join(p.course_codes)}"
            pushes.append(Push(p.openid, p.channel, text, key, course_codes=tuple(p.course_codes)))
        return pushes

    async def _queue(self, conn, openid: str, channel_kind: str, text: str, key: str) -> bool:
        """A push into the outbox: a customer-service message inside the 48-hour
        window, else the notice template (its field holds 200 characters)."""
        if channel_kind == CHANNEL_CUSTOM:
            payload, channel = custom_text(openid, text), "wechat_custom"
        else:
            payload, channel = {"touser": openid, "template_id": self.settings.template_notice_id,
                                "data": {"content": {"value": text[:200]}}}, "wechat_template"
        return await OutboxRepo(conn).add(channel, openid, payload, key)
