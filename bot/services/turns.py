"""One turn, end to end: de-duplicate, lock the user, load state, run the
conversation, apply its effects in one transaction (outbox rows included),
save state, and hand back the reply.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field

from bot.dialogs.conversation import Conversation, Inbound, Outcome
from bot.dialogs.engine import Effect
from bot.i18n import Catalog
from bot.services.replies import paginate
from bot.settings import Settings
from bot.store.db import Database
from bot.store.kv import KeyValueStore
from bot.store.repos import HandoffRepo, OutboxRepo, UserRepo

log = logging.getLogger("bot.turn")

STATE_TTL = 180 * 24 * 3600
PROCESSING = "P"
DONE = "D:"
STAFF_LOCALE = "zh_CN"


def mask_openid(openid: str) -> str:
    """How staff see a user: enough to find them, not the whole id."""
    return "…" + openid[-8:]


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

    async def handle(self, msg: Inbound, msg_key: str, ticket: Ticket | None = None) -> str:
        """The passive reply for this message ('' for none). A resend of a
        message already handled gets the first answer again and changes
        nothing."""
        ticket = ticket or Ticket()
        seen_key = self.kv.key("seen", msg_key)
        if not await self.kv.set_if_absent(seen_key, PROCESSING, ttl=self.settings.dedup_ttl):
            ticket.info["resend"] = True
            return await self._earlier_answer(seen_key)
        try:
            async with self.kv.lock(f"user:{msg.openid}", ttl=30, wait=25):
                reply = await self._turn(msg, msg_key, ticket)
        except BaseException:
            # Not handled: let WeChat's resend try again.
            await asyncio.shield(self.kv.delete(seen_key))
            raise
        await self.kv.set(seen_key, DONE + ("" if ticket.late else reply), ttl=self.settings.dedup_ttl)
        return reply

    async def _earlier_answer(self, seen_key: str) -> str:
        """Wait for the first copy's answer (it may still be running)."""
        deadline = time.monotonic() + self.settings.reply_budget
        while True:
            value = await self.kv.get(seen_key)
            if value is None or value.startswith(DONE):
                return (value or DONE)[len(DONE):]
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
        return {"locale": user["locale"], "market": user["market_code"], "known": True}

    async def _decide(self, msg: Inbound, saved: dict | None) -> Outcome:
        return self.conversation.handle(msg, saved)

    async def _turn(self, msg: Inbound, msg_key: str, ticket: Ticket) -> str:
        state_key = self.kv.key("state", msg.openid)
        raw = await self.kv.get(state_key)
        saved = json.loads(raw) if raw else await self._state_from_profile(msg.openid)
        outcome = await self._decide(msg, saved)
        locale = outcome.locale
        text = self.catalog.render(locale, outcome.out)
        pages = paginate(text, self.catalog.text(locale, "more-hint"))
        reply = pages[0] if pages else ""
        if len(pages) > 1:
            outcome.state["pages"] = pages[1:]
        elif outcome.out and not any(s.id == "plain" for s in outcome.out):
            outcome.state.pop("pages", None)
        ticket.info.update(intent=outcome.intent, state=_dialog_state(outcome.state), locale=locale)
        if outcome.effects:
            async with self.db.transaction() as conn:
                queued = await self.apply_effects(conn, msg.openid, msg_key, outcome.effects)
            if queued:
                self.wake_sender()
        await self.kv.set(state_key, json.dumps(outcome.state, ensure_ascii=False), ttl=STATE_TTL)
        if ticket.late and reply:
            # WeChat stopped waiting: the answer goes as a customer-service message.
            async with self.db.transaction() as conn:
                await OutboxRepo(conn).add("wechat_custom", msg.openid, custom_text(msg.openid, reply),
                                           f"late:{msg_key}")
            self.wake_sender()
            return ""
        ticket.answered = True
        return reply

    async def apply_effects(self, conn, openid: str, msg_key: str, effects: list[Effect]) -> bool:
        """Make the turn's changes; True when an outbound message was queued."""
        queued = False
        users = UserRepo(conn)
        for n, e in enumerate(effects):
            if e.kind == "user":
                await users.upsert(openid, **e.data)
            elif e.kind == "handoff":
                handoff_id = await HandoffRepo(conn).add(openid, e.data["reason"], e.data.get("text", ""),
                                                        e.data.get("phone"), e.data.get("context"))
                notice = self.catalog.text(
                    STAFF_LOCALE, f"staff-{e.data['reason']}", id=handoff_id, user=mask_openid(openid),
                    text=_quote(e.data.get("text", "")), phone=e.data.get("phone") or "-",
                    context=e.data.get("context") or "-",
                    time=time.strftime("%Y-%m-%d %H:%M", time.localtime()))
                queued |= await OutboxRepo(conn).add(
                    "staff", "staff", {"msgtype": "markdown", "markdown": {"content": notice}},
                    f"staff:{msg_key}:{n}")
            else:
                raise ValueError(f"unknown effect {e.kind!r}")
        return queued


def custom_text(openid: str, text: str) -> dict:
    return {"touser": openid, "msgtype": "text", "text": {"content": text}}


def _quote(text: str) -> str:
    """User text inside a markdown notice: quoted, so it cannot pose as ours."""
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    return "\n".join("> " + ln.replace("<", "＜").replace(">", "＞") for ln in lines) or "> -"


def _dialog_state(state: dict) -> str:
    d = state.get("dialog")
    return f"{d['name']}:{d['state']}" if d else "-"
