"""Tickets (clause 23): complaints, requests for a person and feedback.
Lodged by users, announced in the staff group at once, answered by staff
through the bot, followed up when nobody touched them in time, and
rated by the user when closed (clause 24)."""
from __future__ import annotations

import json
import logging
import time
from typing import Any

from bot import clock
from bot.masking import mask_openid, mask_phone  # noqa: F401  (re-exported)
from bot.language import parsing
from bot.services import evidence, staff_notices
from bot.i18n import Catalog
from bot.settings import Settings
from bot.store.repos import EmployerRepo, JobRepo, LimitsRepo, TicketRepo, UserRepo, WorkerRepo

log = logging.getLogger("bot.tickets")
STAFF_LOCALE = "zh_CN"
URGENT_KINDS = {"injury"}
LARGE_WAGE_SUM = 5000        # yuan: a wage complaint about more is urgent
SEVERAL = 3                  # open complaints about one employer make the next urgent
# Requests for a person ("human"): one open ticket per user, a repeat adds to it.
REQUEST_KINDS = ("question",)


# Someone's words inside a markdown notice: quoted, masked and inert
# (bot/services/staff_notices.py), so they cannot pose as ours.
quote = staff_notices.quote


def largest_sum(text: str) -> int:
    """The largest amount of money named in a text (0 if none): amounts,
    not the phone, ID or job numbers, dates or counts of days beside them."""
    return max(parsing.sums_of_money(text or ""), default=0)


staff_markdown = staff_notices.markdown


class Tickets:
    def __init__(self, settings: Settings, catalog: Catalog, refdata: Any, notify) -> None:
        self.settings, self.catalog, self.refdata, self.notify = settings, catalog, refdata, notify

    def _staff_text(self, msg_id: str, **vars: Any) -> str:
        return self.catalog.text(STAFF_LOCALE, msg_id, **vars)

    async def lodge(self, conn, openid: str, msg_key: str, data: dict,
                    results: dict | None = None) -> tuple[int, bool]:
        """(the ticket's number, whether a staff notice was queued). A
        request that repeats an open one is added to it (`results` gets
        `ticket_again`) instead of making another ticket."""
        draft = self._draft(data)
        if draft:
            # Asked for a person in the middle of filling something in: what
            # they had filled goes with the request (on the ticket, and in the
            # notice below, masked and fitted like a story).
            data = {**data, "text": "\n".join(t for t in (data.get("text") or "", draft) if t),
                    "said": "\n".join(t for t in (data.get("said") or "", draft) if t)}
        repeated = await self._repeat(conn, openid, msg_key, data)
        if repeated is not None:
            if results is not None:
                results["ticket_again"] = repeated[0]
            return repeated
        repo = TicketRepo(conn)
        kind = data["kind"]
        job = await JobRepo(conn).get(data["job_id"]) if data.get("job_id") else None
        employer = await EmployerRepo(conn).by_id(job.employer_id) if job else None
        user = await UserRepo(conn).get(openid) or {}
        urgent = kind in URGENT_KINDS or (kind == "wages" and largest_sum(data.get("text", "")) >= LARGE_WAGE_SUM)
        if employer is not None and await repo.open_for_employer(employer.id) >= SEVERAL - 1:
            urgent = True
        ticket_id = await repo.create(
            openid, kind, urgent=urgent, text=data.get("text", ""), job_id=job.id if job else None,
            employer_id=employer.id if employer else None, phone=data.get("phone") or None,
            photos=data.get("photos") or [], context=data.get("context"), market_code=user.get("market_code"))
        if data.get("hide_job") and job is not None and job.status == "open":
            # Reported as a fraud: hidden from search at once, until staff decide.
            await JobRepo(conn).update(job.id, {"status": "review", "review_reasons": ["reported"]})
        worker = await WorkerRepo(conn).get(openid)
        market = self.refdata.market_by_code(user.get("market_code") or "") if user.get("market_code") else None
        # Photos and voice are copied out of WeChat in the background; staff get signed links.
        photos = evidence.notice_field(self.catalog, self.settings,
                                       await evidence.record(conn, self.settings, ticket_id, openid, data))
        # The group chat sees a masked phone; the whole number is in the staff's
        # own ticket view. The story and photos are fitted to the robot's
        # limits there too, with a pointer to that view when cut.
        notice = staff_notices.notice(
            self.catalog, "staff-ticket", ticket=ticket_id,
            vars=dict(id=ticket_id, kind=kind, urgent="yes" if urgent else "no", user=mask_openid(openid),
                      job=f"#{job.id}" if job else "-", call="yes" if data.get("phone") else "no",
                      time=clock.stamp(time.time()),
                      # the dialog the user was in ("register:ask_trades" -> "register"), named in words
                      dialog=(data.get("context") or "none").split(":")[0]),
            user=dict(employer=employer.name if employer else "-",
                      market=market.name if market else "-",
                      phone=mask_phone(data.get("phone") or (worker.phone if worker else None))),
            story=data.get("text", ""), photos=photos,
            short=("staff-ticket-short", {"id": ticket_id, "urgent": "yes" if urgent else "no"}))
        await staff_notices.queue(conn, notice, f"ticket:{msg_key}", urgent=urgent)
        if urgent:
            # Only the staff on duty are ever mentioned, in a message of our own words.
            await staff_notices.queue(conn, staff_notices.mention(
                self.catalog, "staff-urgent", self.settings.staff_on_duty, id=ticket_id, kind=kind),
                f"ticket-urgent:{msg_key}", urgent=True)
        return ticket_id, True

    def _draft(self, data: dict) -> str:
        """The answers of the dialog the user was filling in, one per line
        under a heading naming it, in the staff's words; '' for none."""
        filled = data.get("draft") or []
        if not filled:
            return ""
        lines = [self._staff_text("staff-draft", dialog=data.get("draft_of") or "none")]
        lines += [self._staff_text("staff-draft-line", field=field, value=value) for field, value in filled]
        return "\n".join(lines)

    async def _repeat(self, conn, openid: str, msg_key: str, data: dict) -> tuple[int, bool] | None:
        """One open request for a person per user: "human" asked for again (or
        any request of the kind) goes to the open one; a complaint only
        when it is an exact repeat. What the user sent is added to the
        ticket; staff hear "wrote again" at most every few minutes (at once
        when they have answered since), never a second full notice."""
        kind = data["kind"]
        limits = LimitsRepo(conn)
        if kind in REQUEST_KINDS:
            t = await limits.open_ticket(openid, kind)
        else:
            t = await limits.open_ticket(openid, kind, job_id=data.get("job_id") or None, text=data.get("text", ""),
                                         phone=data.get("phone") or None, photos=data.get("photos") or [])
        if t is None:
            return None
        said = data.get("said") or data.get("text") or self._staff_text("ticket-user-again-blank")
        repo = TicketRepo(conn)
        await repo.add_message(t.id, "user", said)
        now = time.time()
        if not t.answered_since_told and now - t.last_told_staff < self.settings.ticket_repeat_notice_minutes * 60:
            return t.id, False
        await repo.update(t.id, repeat_noticed_at=now)
        notice = self._staff_text("staff-ticket-again", id=t.id, kind=kind,
                                  count=await limits.user_messages(t.id))
        sent = await staff_notices.queue(conn, staff_notices.text(notice), f"ticket-again:{msg_key}",
                                         urgent=t.urgent)
        return t.id, sent

    async def user_replied(self, conn, openid: str, msg_key: str, ticket_id: int, text: str) -> bool:
        """The user answered staff on their open ticket: the words are added
        to it; staff get them in a notice at once when they answered since
        they last heard from the user, else at most every few minutes (the
        rest is in the ticket's view)."""
        repo = TicketRepo(conn)
        t = await repo.get(ticket_id)
        if t is None or t.openid != openid or t.is_closed:
            return False
        await repo.add_message(t.id, "user", text)
        now = time.time()
        if not t.answered_since_told and now - t.last_told_staff < self.settings.ticket_repeat_notice_minutes * 60:
            return False
        await repo.update(t.id, repeat_noticed_at=now)
        notice = staff_notices.notice(self.catalog, "staff-ticket-user-reply", ticket=t.id, story=text,
                                      vars=dict(id=t.id, user=mask_openid(openid)))
        return await staff_notices.queue(conn, notice, f"ticket-reply:{msg_key}", urgent=t.urgent)

    async def staff_reply(self, conn, staff: str, msg_key: str, ticket_id: int, text: str) -> bool:
        repo = TicketRepo(conn)
        t = await repo.get(ticket_id)
        if t is None:
            return False
        now = time.time()
        await repo.add_message(ticket_id, "staff", text, staff)
        await repo.update(ticket_id, touched_at=now, first_reply_at=t.first_reply_or(now),
                          status="in_progress" if t.status == "open" else t.status)
        return await self.notify(conn, t.openid, "staff-replied", f"staff-reply:{msg_key}", id=ticket_id,
                                 text=text)

    async def in_progress(self, conn, staff: str, msg_key: str, ticket_id: int) -> bool:
        repo = TicketRepo(conn)
        t = await repo.get(ticket_id)
        if t is None or t.is_closed:
            return False
        await repo.update(ticket_id, status="in_progress", touched_at=time.time())
        return await self.notify(conn, t.openid, "ticket-in-progress", f"progress:{msg_key}", id=ticket_id)

    async def close(self, conn, staff: str, msg_key: str, ticket_id: int, note: str) -> bool:
        repo = TicketRepo(conn)
        t = await repo.get(ticket_id)
        if t is None or t.is_closed:
            return False
        now = time.time()
        if note:
            await repo.add_message(ticket_id, "staff", note, staff)
        await repo.update(ticket_id, status="closed", closed_at=now, close_note=note, touched_at=now,
                          first_reply_at=t.first_reply_or(now), survey_asked_at=now)
        return await self.notify(conn, t.openid, "ticket-closed", f"close:{msg_key}", id=ticket_id,
                                 note=note, wrote="yes" if note else "no")

    async def rate(self, conn, openid: str, ticket_id: int, score: int) -> None:
        repo = TicketRepo(conn)
        t = await repo.get(ticket_id)
        if t is not None and t.openid == openid and t.satisfaction is None:
            await repo.update(ticket_id, satisfaction=score)

    async def follow_up_overdue(self, conn, now: float) -> int:
        """Re-post tickets nobody touched within the working time allowed,
        marked overdue; tell their users they are being followed up."""
        repo = TicketRepo(conn)
        limit = self.settings.ticket_sla_hours * 3600
        n = 0
        for t in await repo.untouched_open():
            waited = clock.working_seconds(t.created_at, now, self.settings.working_hours)
            if waited < limit:
                continue
            await repo.update(t.id, overdue_at=now)
            notice = staff_notices.notice(
                self.catalog, "staff-overdue", ticket=t.id, story=t.text,
                vars=dict(id=t.id, kind=t.kind, user=mask_openid(t.openid), hours=round(waited / 3600, 1)))
            await staff_notices.queue(conn, notice, f"overdue:{t.id}", urgent=t.urgent)
            await self.notify(conn, t.openid, "ticket-followed-up", f"overdue-user:{t.id}", id=t.id)
            n += 1
        if n:
            log.info(json.dumps({"event": "tickets_overdue", "count": n}))
        return n
