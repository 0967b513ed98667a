"""One turn, end to end: de-duplicate, lock the user, load state, run the
conversation, apply its effects in one transaction (outbox rows included),
save state, and hand back the reply.
"""
from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta

from bot import clock
from bot.dialogs.conversation import Conversation, Inbound, Outcome
from bot.dialogs.engine import Effect, NeedData, Result
from bot.i18n import Catalog, Say
from bot.services.replies import paginate
from bot.settings import Settings
from bot.store.db import Database
from bot.store.kv import KeyValueStore
from bot.services import staff_notices
from bot.services.search import search
from bot.services.tickets import Tickets, mask_openid, quote
from bot.store.repos import (ApplicationRepo, AppointmentRepo, EmployerRepo, InboxRepo, JobRepo, OutboxRepo,
                             PushRepo, RatingRepo, SurveyRepo, TicketRepo, TrainingRepo, UserRepo, WorkerRepo)

log = logging.getLogger("bot.turn")

STATE_TTL = 180 * 24 * 3600
PROCESSING = "P"
TAKE_OVER = object()
# A turn takes well under WeChat's 5 s; a lock left by a killed process
# frees itself before WeChat's last resend (about 15 s after the first).
TURN_LOCK_TTL = 8.0
DONE = "D:"
# A user heard from this recently whose dialog state is gone (the in-process
# store restarted) may have been in the middle of a dialog. The last message
# time is written at most hourly (conversation.SEEN_EVERY), hence two hours.
RECENTLY = 2 * 3600
STAFF_LOCALE = "zh_CN"


class Overloaded(Exception):
    """The process had no time for this message: WeChat's resend gets it."""


@dataclass
class Ticket:
    """Shared between the HTTP handler and the turn running for it: the
    handler marks it late when WeChat's time is nearly up, and the turn
    then sends its answer as a customer-service message instead."""
    late: bool = False
    answered: bool = False
    info: dict = field(default_factory=dict)


class TurnService:
    def __init__(self, settings: Settings, db: Database, kv: KeyValueStore,
                 conversation: Conversation, catalog: Catalog, wake_sender=None) -> None:
        self.settings = settings
        self.db = db
        self.kv = kv
        self.conversation = conversation
        self.catalog = catalog
        self.wake_sender = wake_sender or (lambda: None)
        self.tickets = Tickets(settings, catalog, conversation.refdata, self.notify)
        self._working = asyncio.Semaphore(settings.turn_concurrency)

    async def handle(self, msg: Inbound, msg_key: str, ticket: Ticket | None = None) -> str:
        """The passive reply for this message ('' for none). A resend of a
        message already handled gets the first answer again and changes
        nothing."""
        ticket = ticket or Ticket()
        seen_key = self.kv.key("seen", msg_key)
        lock_key = self.kv.key("lock", f"user:{msg.openid}")
        state_key = self.kv.key("state", msg.openid)
        token = secrets.token_hex(8)
        # Usually one round trip: marked seen, the user's lock taken, the state read.
        status, raw_state = await self.kv.begin_turn(seen_key, PROCESSING, self.settings.dedup_ttl,
                                                     lock_key, token, TURN_LOCK_TTL, state_key)
        if status == "seen":
            ticket.info["resend"] = True
            earlier = await self._earlier_answer(seen_key, msg.openid)
            if earlier is not TAKE_OVER:
                return earlier
            # The first copy's process died mid-turn: this copy does the work
            # (the inbox keeps its changes from being made twice).
            await self.kv.set(seen_key, PROCESSING, ttl=self.settings.dedup_ttl)
        try:
            if status != "ok":  # another message of this user is being worked on: wait for it
                await self.kv.acquire(lock_key, token, TURN_LOCK_TTL, wait=25)
                raw_state = await self.kv.get(state_key)
            # A slot after the user's lock (a waiting turn holds no slot), but
            # not for longer than the lock lasts: an overloaded process lets
            # the message go (WeChat resends it) rather than lose the lock.
            if self._working.locked():
                try:
                    await asyncio.wait_for(self._working.acquire(), TURN_LOCK_TTL - 2)
                except asyncio.TimeoutError:
                    raise Overloaded(f"no turn slot within {TURN_LOCK_TTL - 2:.0f} s") from None
            else:
                await self._working.acquire()  # free: no timer needed
            try:
                reply, state = await self._turn(msg, msg_key, ticket, raw_state)
            finally:
                self._working.release()
            # The state and the answer a resend gets are saved together, and the lock freed.
            try:
                await self.kv.end_turn(state_key, state, STATE_TTL, seen_key, DONE + ("" if ticket.late else reply),
                                       self.settings.dedup_ttl, lock_key, token)
            except Exception:
                if not ticket.info.get("changed"):
                    raise  # nothing was changed: "please send it again" is the truth
                # The store failed after the changes were made (the inbox has
                # them for resends): the user is told what was done, not to
                # send it again, which would do it twice.
                log.exception("state of %s not saved after its changes were made", mask_openid(msg.openid))
                await asyncio.shield(self._abandon(seen_key, lock_key, token))
        except BaseException:
            # Not handled: let WeChat's resend try again.
            await asyncio.shield(self._abandon(seen_key, lock_key, token))
            raise
        return reply

    async def _abandon(self, seen_key: str, lock_key: str, token: str) -> None:
        try:
            await self.kv.delete(seen_key)
            await self.kv.release(lock_key, token)
        except Exception:  # the store is down: the marks expire by themselves
            log.warning("could not clear the marks of an unfinished turn", exc_info=True)

    async def _earlier_answer(self, seen_key: str, openid: str):
        """Wait for the first copy's answer (it may still be running). A
        copy still marked in progress while nobody holds the user's lock was
        left by a process that died: TAKE_OVER."""
        deadline = time.monotonic() + self.settings.reply_budget
        lock_key = self.kv.key("lock", f"user:{openid}")
        free = 0
        while True:
            value = await self.kv.get(seen_key)
            if value is None:
                # The first copy gave up (it failed, or the process was too
                # busy) and cleared its mark: one resend claims the work.
                if await self.kv.set_if_absent(seen_key, PROCESSING, ttl=self.settings.dedup_ttl):
                    return TAKE_OVER
                continue
            if value.startswith(DONE):
                return value[len(DONE):]
            free = free + 1 if await self.kv.get(lock_key) is None else 0
            if free >= 3:
                return TAKE_OVER
            if time.monotonic() >= deadline:
                return ""
            await asyncio.sleep(0.05)

    async def _state_from_profile(self, openid: str) -> dict | None:
        """No dialog state (a new user, or the in-process store restarted):
        start from what the database remembers, e.g. the language chosen."""
        async with self.db.reading() as conn:
            user = await UserRepo(conn).get(openid)
        if user is None:
            return None
        state = {"locale": user["locale"], "market": user["market_code"], "known": True}
        last = user.get("last_message_at")
        if last and time.time() - last < RECENTLY:
            state["lost"] = True  # they were probably in the middle of something
        return state

    async def _decide(self, msg: Inbound, saved: str | dict | None) -> Outcome:
        """Run the conversation; when it asks for records it does not have,
        load them and run it again (it is pure, so that is safe). `saved`:
        the state as stored (JSON text, decoded afresh for each run, which
        is cheaper than copying it) or as a dict."""
        data: dict = {}
        now = time.time()
        for _ in range(5):
            try:
                if isinstance(saved, str):
                    return self.conversation.handle(msg, json.loads(saved), now=now, data=data, owned=True)
                return self.conversation.handle(msg, saved, now=now, data=data)
            except NeedData as need:
                data.update(await self.load(msg.openid, need.keys, data))
        raise RuntimeError("the conversation kept asking for data")

    async def load(self, openid: str, keys, have: dict) -> dict:
        """The records a turn may ask for, by name."""
        found: dict = {}
        async with self.db.reading() as conn:
            for key in keys:
                if key == "worker":
                    found[key] = await WorkerRepo(conn).get(openid)
                elif key == "employer":
                    found[key] = await EmployerRepo(conn).by_openid(openid)
                elif key == "my_jobs":
                    employer = have.get("employer") or await EmployerRepo(conn).by_openid(openid)
                    found[key] = await JobRepo(conn).for_employer(employer["id"]) if employer else []
                elif key == "review_queue":
                    found[key] = await JobRepo(conn).in_review()
                elif key.startswith("job:"):
                    job = await JobRepo(conn).get(int(key[4:]))
                    if job is not None:
                        job["_rating"] = (await RatingRepo(conn).employer_stats([job["employer_id"]])).get(
                            job["employer_id"])
                    found[key] = job
                elif key.startswith("jobs:"):
                    jobs = JobRepo(conn)
                    ids = [int(x) for x in key[5:].split(",") if x]
                    rows = await jobs.get_many(ids)
                    stats = await RatingRepo(conn).employer_stats(r["employer_id"] for r in rows.values() if r)
                    for r in rows.values():
                        if r is not None:
                            r["_rating"] = stats.get(r["employer_id"])
                    found[key] = rows
                elif key.startswith("search:"):
                    worker = have["worker"] if "worker" in have else await WorkerRepo(conn).get(openid)
                    user = await UserRepo(conn).get(openid)
                    now = time.time()
                    found[key] = await search(conn, json.loads(key[7:]), today=clock.today(now), now=now,
                                              refdata=self.conversation.refdata, profile=worker,
                                              market_code=(user or {}).get("market_code"))
                elif key.startswith("application:"):
                    found[key] = await ApplicationRepo(conn).get(int(key[12:]), openid)
                elif key.startswith("applicants:"):
                    applicants = await ApplicationRepo(conn).for_job(int(key[11:]))
                    stats = await RatingRepo(conn).worker_stats([a["worker_openid"] for a in applicants])
                    for a in applicants:
                        a["_rating"] = stats.get(a["worker_openid"])
                    found[key] = applicants
                elif key.startswith("slots:"):
                    days = [(clock.today(time.time()) + timedelta(days=i)).isoformat() for i in range(1, 10)]
                    taken = await AppointmentRepo(conn).taken(key[6:], days)
                    found[key] = {f"{d}|{h}": n for (d, h), n in taken.items()}
                elif key == "my_guidance":
                    found[key] = await AppointmentRepo(conn).mine(openid, clock.today(time.time()).isoformat())
                elif key.startswith("bookings:"):
                    found[key] = await AppointmentRepo(conn).on_day(key[9:])
                elif key == "courses":
                    found[key] = await TrainingRepo(conn).upcoming(clock.today(time.time()).isoformat())
                elif key == "my_training":
                    found[key] = await TrainingRepo(conn).mine(openid)
                elif key == "engagements":
                    found[key] = await RatingRepo(conn).engagements_of(openid)
                elif key == "survey_due":
                    last = await SurveyRepo(conn).last_asked(openid)
                    found[key] = last is None or time.time() - last > SURVEY_EVERY
                elif key == "my_rating_stats":
                    found[key] = await rating_stats(conn, openid)
                elif key.startswith("ticket:"):
                    t = await TicketRepo(conn).get(int(key[7:]))
                    if t is not None:
                        t["messages"] = await TicketRepo(conn).messages(t["id"])
                    found[key] = t
                elif key == "ticket_queue":
                    found[key] = await TicketRepo(conn).open_queue()
                elif key == "my_tickets":
                    mine = await TicketRepo(conn).for_user(openid)
                    for t in mine:
                        t["messages"] = await TicketRepo(conn).messages(t["id"])
                    found[key] = mine
                elif key == "pending_survey":
                    found[key] = await TicketRepo(conn).pending_survey(openid)
                elif key == "shortage":
                    found[key] = await shortage(conn, self.conversation.refdata, clock.today(time.time()))
                elif key == "my_applications":
                    apps = await ApplicationRepo(conn).for_worker(openid)
                    their_jobs = await JobRepo(conn).get_many(a["job_id"] for a in apps)
                    for app in apps:
                        app["job"] = their_jobs[app["job_id"]]
                    found[key] = [a for a in apps if a["job"] is not None]
                else:
                    raise KeyError(key)
        return found

    async def _turn(self, msg: Inbound, msg_key: str, ticket: Ticket, raw: str | None) -> tuple[str, str | None]:
        """(the reply, the dialog state to save; None: leave it as it is)."""
        outcome = await self._decide(msg, raw or await self._state_from_profile(msg.openid))
        ticket.info["changed"] = bool(outcome.effects)  # made (or found made) once this returns
        locale = outcome.locale
        results: dict = {}
        if not outcome.effects and ticket.info.get("resend"):
            # This copy took over from one whose process died mid-turn, perhaps
            # after its changes were committed, and they can change the decision
            # (an application already made is now refused as a duplicate, with no
            # changes): the inbox is asked all the same, for the first answer.
            async with self.db.reading() as conn:
                earlier = await InboxRepo(conn).reply_if_done(msg_key)
            if earlier is not None:
                ticket.info["changed"] = True
                ticket.answered = True
                return earlier, raw
        if outcome.effects:
            async with self.db.transaction() as conn:
                # The changes and the record that they were made commit
                # together: a resend after a crash (or after the in-process
                # store forgot it) finds the record and changes nothing.
                earlier = await InboxRepo(conn).reply_if_done(msg_key)
                if earlier is not None:
                    ticket.info["resend"] = True
                    ticket.answered = True
                    # The same decision as the first copy's: its state is the one
                    # that copy would have saved (the dialog left at the question
                    # just answered would take a further "1" as a second post).
                    return earlier, json.dumps(outcome.state, ensure_ascii=False)
                queued = await self.apply_effects(conn, msg.openid, msg_key, outcome.effects, results)
                text, pages = self._render(outcome, results)
                await InboxRepo(conn).done(msg_key, pages[0] if pages else "")
            if queued:
                self.wake_sender()
        else:
            text, pages = self._render(outcome, results)
        reply = pages[0] if pages else ""
        if len(pages) > 1:
            outcome.state["pages"] = pages[1:]
        elif outcome.out and not any(s.id == "plain" for s in outcome.out):
            outcome.state.pop("pages", None)
        ticket.info.update(intent=outcome.intent, state=_dialog_state(outcome.state), locale=locale)
        state = json.dumps(outcome.state, ensure_ascii=False)
        if ticket.late and reply:
            # WeChat stopped waiting: the answer goes as a customer-service message.
            async with self.db.transaction() as conn:
                await OutboxRepo(conn).add("wechat_custom", msg.openid, custom_text(msg.openid, reply),
                                           f"late:{msg_key}")
            self.wake_sender()
            return "", state
        ticket.answered = True
        return reply, state

    def _render(self, outcome: Outcome, results: dict) -> tuple[str, list[str]]:
        locale = outcome.locale
        text = self.catalog.render(locale, [_filled(s, results) for s in outcome.out])
        return text, paginate(text, self.catalog.text(locale, "more-hint"))

    async def apply_effects(self, conn, openid: str, msg_key: str, effects: list[Effect],
                            results: dict | None = None) -> bool:
        """Make the turn's changes; True when an outbound message was queued.
        Values the reply needs (a new ticket's number) go into `results`."""
        results = {} if results is None else results
        queued = False
        users = UserRepo(conn)
        for n, e in enumerate(effects):
            if e.kind == "user":
                await users.upsert(openid, **e.data)
            elif e.kind == "ticket":
                results["ticket_id"], sent = await self.tickets.lodge(conn, openid, f"{msg_key}:{n}", e.data)
                queued |= sent
            elif e.kind == "ticket_reply":
                queued |= await self.tickets.staff_reply(conn, openid, msg_key, e.data["ticket_id"], e.data["text"])
            elif e.kind == "ticket_progress":
                queued |= await self.tickets.in_progress(conn, openid, msg_key, e.data["ticket_id"])
            elif e.kind == "ticket_close":
                queued |= await self.tickets.close(conn, openid, msg_key, e.data["ticket_id"], e.data["note"])
            elif e.kind == "end_engagement":
                queued |= await self._end_engagement(conn, openid, msg_key, e.data)
            elif e.kind == "dispute":
                queued |= await self._dispute(conn, openid, msg_key, e.data["application_id"], results)
            elif e.kind == "rate":
                queued |= await self._rate(conn, openid, msg_key, e.data)
            elif e.kind == "book_guidance":
                ok = await AppointmentRepo(conn).book(openid, e.data["market"], e.data["day"], e.data["half"],
                                                      e.data.get("replaces"))
                results["booked"] = "yes" if ok else "no"
            elif e.kind == "cancel_guidance":
                await AppointmentRepo(conn).cancel(openid, e.data["appointment_id"])
            elif e.kind == "enroll":
                status = await TrainingRepo(conn).enroll(e.data["course"], openid, e.data["wait"])
                results["enroll_status"] = status
            elif e.kind == "cancel_enrollment":
                promoted = await TrainingRepo(conn).cancel(e.data["course"], openid)
                if promoted:
                    course = await TrainingRepo(conn).course(e.data["course"])
                    queued |= await self.notify(conn, promoted, "training-promoted", f"promoted:{msg_key}",
                                                name=course["name"], start=course["start_date"],
                                                schedule=course["schedule"] or "-", place=course["place"] or "-")
            elif e.kind == "training_need":
                await TrainingRepo(conn).add_need(openid, e.data["trades"], e.data["wish"], e.data["when"],
                                                  e.data["mode"])
            elif e.kind == "survey_asked":
                await SurveyRepo(conn).ask(openid, e.data["reason"], time.time())
            elif e.kind == "survey_answer":
                from sqlalchemy import select as _select

                from bot.store.tables import surveys

                last = (await conn.execute(_select(surveys.c.id).where(surveys.c.openid == openid)
                                           .order_by(surveys.c.id.desc()).limit(1))).scalar()
                if last is not None:
                    await SurveyRepo(conn).answer(last, e.data["overall"], e.data["improve"])
            elif e.kind == "ticket_rating":
                await self.tickets.rate(conn, openid, e.data["ticket_id"], e.data["score"])
            elif e.kind == "save_worker":
                await WorkerRepo(conn).save(openid, e.data)
            elif e.kind == "delete_worker":
                await WorkerRepo(conn).delete(openid)
            elif e.kind == "save_job":
                queued |= await self._save_job(conn, openid, msg_key, e.data)
            elif e.kind == "job_status":
                employer = await EmployerRepo(conn).by_openid(openid)
                job = await JobRepo(conn).get(e.data["job_id"])
                if employer and job and job["employer_id"] == employer["id"]:
                    await JobRepo(conn).update(job["id"], {"status": e.data["status"]})
            elif e.kind == "review_decision":
                queued |= await self._review_decision(conn, msg_key, e.data)
            elif e.kind == "apply":
                queued |= await self._apply(conn, openid, msg_key, e.data["job_id"])
            elif e.kind == "application_decision":
                queued |= await self._decide_application(conn, openid, msg_key, e.data)
            elif e.kind == "withdraw":
                queued |= await self._withdraw(conn, openid, msg_key, e.data["application_id"])
            elif e.kind == "add_alert":
                await PushRepo(conn).add_alert(openid, e.data["trades"], e.data["areas"])
            elif e.kind == "stop_pushes":
                await PushRepo(conn).stop(openid)
            else:
                raise ValueError(f"unknown effect {e.kind!r}")
        return queued

    async def _save_job(self, conn, openid: str, msg_key: str, data: dict) -> bool:
        employer_id = await EmployerRepo(conn).save(openid, data["employer"])
        fields = {**data["job"], "status": data["status"], "review_reasons": data["reasons"],
                  "review_note": ""}
        if fields.get("lat") is None:
            # Without a shared location, the job is placed at its area's centre
            # (so distance still ranks it).
            area = self.conversation.refdata.area_by_code(fields["area"])
            if area is not None:
                fields["lat"], fields["lng"] = area.lat, area.lng
        user = await UserRepo(conn).get(openid)
        if user and user.get("market_code"):
            fields["market_code"] = user["market_code"]
        jobs = JobRepo(conn)
        job_id = data.get("job_id")
        existing = await jobs.get(job_id) if job_id else None
        if existing is not None and existing["employer_id"] == employer_id:
            await jobs.update(job_id, fields)
        else:
            job_id = await jobs.create(employer_id, fields)
        if data["status"] != "review":
            return False
        job = await jobs.get(job_id)
        from bot.dialogs.post_job import job_vars, slots_from_job

        v = job_vars(slots_from_job(job, None), self.conversation.refdata)
        notice = staff_notices.notice(
            self.catalog, "staff-review",
            vars=dict(id=job_id, user=mask_openid(openid), reasons=", ".join(data["reasons"]) or "-"),
            user=dict(trades=v["trades"], area=v["area"]),
            story=job["description"] or job["skills"] or "-",
            more=self.catalog.text(STAFF_LOCALE, "staff-cut-review"),
            short=("staff-review-short", {"id": job_id}))
        return await staff_notices.queue(conn, notice, f"staff:review:{msg_key}:{job_id}")

    async def _review_decision(self, conn, msg_key: str, data: dict) -> bool:
        jobs = JobRepo(conn)
        job = await jobs.get(data["job_id"])
        if job is None or job["status"] != "review":
            return False
        status = "open" if data["approved"] else "refused"
        await jobs.update(job["id"], {"status": status, "review_note": data["note"]})
        employer = await EmployerRepo(conn).by_id(job["employer_id"])
        if employer is None:
            return False
        return await self.notify(conn, employer["openid"], "review-result", f"review:{msg_key}:{job['id']}",
                                 id=job["id"], approved="yes" if data["approved"] else "no",
                                 note=data["note"] or "-")

    async def _apply(self, conn, openid: str, msg_key: str, job_id: int) -> bool:
        """An application; the employer is told who applied and how to
        reach them (the phone goes to the other party only)."""
        job = await JobRepo(conn).get(job_id)
        if job is None or job["status"] != "open" or job["filled"] >= job["headcount"]:
            return False
        app, new = await ApplicationRepo(conn).apply(job_id, openid)
        if not new:
            return False
        worker = await WorkerRepo(conn).get(openid) or {}
        employer = await EmployerRepo(conn).by_id(job["employer_id"])
        if employer is None:
            return False
        trades = [self.conversation.refdata.trade_by_code(c) for c in worker.get("trades") or []]
        return await self.notify(conn, employer["openid"], "new-applicant", f"apply:{msg_key}",
                                 id=job_id, name=worker.get("name") or "-", phone=worker.get("phone") or "none",
                                 trades=" / ".join(t.name for t in trades if t) or "-")

    async def _decide_application(self, conn, openid: str, msg_key: str, data: dict) -> bool:
        apps = ApplicationRepo(conn)
        app = await apps.by_id(data["application_id"])
        if app is None:
            return False
        job = await JobRepo(conn).get(app["job_id"])
        employer = await EmployerRepo(conn).by_openid(openid)
        if job is None or employer is None or job["employer_id"] != employer["id"]:
            return False
        status, before = data["status"], app["status"]
        if status == before or before == "withdrawn":
            return False
        if status == "accepted" and (job["status"] != "open" or job["filled"] >= job["headcount"]):
            return False
        await apps.set_status(app["id"], status)
        if status == "accepted":
            await JobRepo(conn).add_filled(job["id"], +1)
        elif before == "accepted":
            await JobRepo(conn).add_filled(job["id"], -1)
        return await self.notify(conn, app["worker_openid"], "application-result", f"decision:{msg_key}",
                                 id=job["id"], status=status, contact=job.get("contact_name") or "-",
                                 phone=job["contact_phone"])

    async def _withdraw(self, conn, openid: str, msg_key: str, application_id: int) -> bool:
        apps = ApplicationRepo(conn)
        app = await apps.by_id(application_id)
        if app is None or app["worker_openid"] != openid or app["status"] not in ("applied", "accepted"):
            return False
        await apps.set_status(app["id"], "withdrawn")
        job = await JobRepo(conn).get(app["job_id"])
        if app["status"] == "accepted":
            job = await JobRepo(conn).add_filled(app["job_id"], -1)
        employer = await EmployerRepo(conn).by_id(job["employer_id"]) if job else None
        if employer is None:
            return False
        worker = await WorkerRepo(conn).get(openid) or {}
        return await self.notify(conn, employer["openid"], "applicant-withdrew", f"withdraw:{msg_key}",
                                 id=job["id"], name=worker.get("name") or "-")

    async def _party(self, conn, openid: str, application_id: int) -> tuple[dict | None, str | None]:
        """The engagement and the user's side of it; (None, None) for a third party."""
        e = await RatingRepo(conn).engagement(application_id)
        if e is None:
            return None, None
        if e["worker_openid"] == openid:
            return e, "worker"
        if e["employer_openid"] == openid:
            return e, "employer"
        return None, None

    async def _end_engagement(self, conn, openid: str, msg_key: str, data: dict) -> bool:
        e, role = await self._party(conn, openid, data["application_id"])
        if e is None or not await RatingRepo(conn).end(e["id"], role, time.time()):
            return False
        other = e["employer_openid"] if role == "worker" else e["worker_openid"]
        return await self.notify(conn, other, "partner-says-done", f"done:{msg_key}", id=e["job_id"])

    async def _dispute(self, conn, openid: str, msg_key: str, application_id: int, results: dict) -> bool:
        e, role = await self._party(conn, openid, application_id)
        if e is None:
            return False
        await RatingRepo(conn).dispute(e["id"])
        results["ticket_id"], sent = await self.tickets.lodge(conn, openid, f"dispute:{msg_key}", {
            "kind": "dispute", "text": f"#{e['job_id']}", "job_id": e["job_id"], "context": "dispute"})
        return sent

    async def _rate(self, conn, openid: str, msg_key: str, data: dict) -> bool:
        """Only the two parties of a real engagement rate, once each
        (corrections within 24 hours). Safety signals go to staff."""
        e, role = await self._party(conn, openid, data["application_id"])
        if e is None or role != data["role"] or e["ended_at"] is None or e["disputed"]:
            return False
        from bot.dialogs.ratings import TABLE

        status = await RatingRepo(conn).rate(e, role, openid, int(data["score"]), list(data["tags"]),
                                             data["comment"], time.time())
        if status == "too_late" or role != "worker":
            return False
        flags = {t["code"] for t in TABLE["employer_tags"] if t.get("flag")}
        queued = False
        if flags & set(data["tags"]):
            queued |= await staff_notices.queue(conn, staff_notices.notice(
                self.catalog, "staff-flag-unpaid", vars=dict(id=e["job_id"]), user=dict(employer=e["employer_name"])),
                f"flag:unpaid:{e['id']}")
        avg, count = (await RatingRepo(conn).employer_stats([e["employer_id"]])).get(e["employer_id"], (5.0, 0))
        if count >= TABLE["low_average_min_count"] and avg < TABLE["low_average"]:
            queued |= await staff_notices.queue(conn, staff_notices.notice(
                self.catalog, "staff-flag-low", vars=dict(avg=f"{avg:.1f}", count=count),
                user=dict(employer=e["employer_name"])), f"flag:low:{e['employer_id']}")
        return queued

    async def remind_training(self, conn, now: float) -> int:
        """The day before a course starts, everyone signed up is reminded;
        so is everyone with a guidance appointment."""
        repo = TrainingRepo(conn)
        tomorrow = (clock.today(now) + timedelta(days=1)).isoformat()
        n = 0
        for e in await repo.due_reminders(tomorrow):
            await self.notify(conn, e["openid"], "training-reminder", f"course-reminder:{e['id']}",
                              name=e["name"], start=e["start_date"], schedule=e["schedule"] or "-",
                              place=e["place"] or "-")
            await repo.reminded(e["id"])
            n += 1
        bookings = AppointmentRepo(conn)
        for a in await bookings.due_reminders(tomorrow):
            market = self.conversation.refdata.market_by_code(a["market_code"])
            await self.notify(conn, a["openid"], "guidance-reminder", f"guidance-reminder:{a['id']}",
                              market=market.name if market else a["market_code"],
                              address=market.address if market else "-", half=a["half"])
            await bookings.reminded(a["id"])
            n += 1
        return n

    async def end_due_engagements(self, conn, now: float) -> int:
        """Engagements end by themselves the day after the last work day;
        both sides are asked to rate."""
        repo = RatingRepo(conn)
        n = 0
        for e in await repo.due_to_end(clock.today(now).isoformat()):
            if await repo.end(e["id"], "auto", now):
                for who in (e["worker_openid"], e["employer_openid"]):
                    await self.notify(conn, who, "rate-please", f"rate-please:{e['id']}:{who}", id=e["job_id"])
                n += 1
        return n

    async def notify(self, conn, openid: str, msg_id: str, key: str, **vars) -> bool:
        """A customer-service message to another user, in their language."""
        user = await UserRepo(conn).get(openid)
        locale = (user or {}).get("locale") or self.settings.default_locale
        text = self.catalog.text(locale, msg_id, **vars)
        return await OutboxRepo(conn).add("wechat_custom", openid, custom_text(openid, text), key)


SURVEY_EVERY = 30 * 24 * 3600


async def rating_stats(conn, openid: str) -> dict:
    """A user's average as a worker and as an employer, and the tags
    others gave them most (why the rating is what it is)."""
    repo = RatingRepo(conn)
    out: dict = {}
    employer = await EmployerRepo(conn).by_openid(openid)
    for role, got in (("worker", await repo.received(openid, "worker")),
                      ("employer", await repo.received(openid, "employer", employer["id"]) if employer else [])):
        tags: dict[str, int] = {}
        for r in got:
            for t in r["tags"]:
                tags[t] = tags.get(t, 0) + 1
        out[role] = {"avg": sum(r["score"] for r in got) / len(got) if got else 0.0, "count": len(got),
                     "tags": sorted(tags.items(), key=lambda kv: -kv[1])}
    return out


async def shortage(conn, refdata, today) -> list[tuple[str, int, int]]:
    """Trades where open jobs want more people than are registered for
    them (shortage trades), most short first: counts only, no personal data."""
    from sqlalchemy import func, select

    from bot.store.tables import job_trades, jobs, workers

    demand = dict((await conn.execute(
        select(job_trades.c.trade, func.sum(jobs.c.headcount - jobs.c.filled))
        .select_from(job_trades.join(jobs, jobs.c.id == job_trades.c.job_id))
        .where(jobs.c.status == "open", jobs.c.end_date >= today.isoformat())
        .group_by(job_trades.c.trade))).all())
    supply: dict[str, int] = {}
    for (trades,) in (await conn.execute(select(workers.c.trades))).all():
        for code in json.loads(trades or "[]"):
            supply[code] = supply.get(code, 0) + 1
    gaps = sorted(((int(n) - supply.get(code, 0), code, int(n)) for code, n in demand.items() if n),
                  reverse=True)
    out = []
    for gap, code, n in gaps[:5]:
        trade = refdata.trade_by_code(code)
        if trade is not None and gap > 0:
            out.append((trade.name, n, supply.get(code, 0)))
    return out


def custom_text(openid: str, text: str) -> dict:
    return {"touser": openid, "msgtype": "text", "text": {"content": text}}


def _filled(s: Say, results: dict) -> Say:
    if not any(isinstance(v, Result) for v in s.vars.values()):
        return s
    return Say(s.id, {k: (results.get(v.name, "-") if isinstance(v, Result) else v) for k, v in s.vars.items()})


def _dialog_state(state: dict) -> str:
    d = state.get("dialog")
    return f"{d['name']}:{d['state']}" if d else "-"
