"""Outbound calls: the WeChat API (access token, customer-service and
template messages, menu), the staff group's WeCom robot, and the sender
that drains the durable outbox.

Nothing here runs in a user's request path: a turn writes outbox rows,
the sender delivers them with back-off until they arrive.
"""
from __future__ import annotations

import asyncio
import json
import logging
import random
import socket
import time
import uuid
from typing import Any, Awaitable, Callable

import aiohttp

from bot.settings import Settings
from bot.store.db import Database
from bot.store.kv import KeyValueStore, LockTimeout
from bot.store.repos import OutboxMessage, OutboxRepo

log = logging.getLogger("bot.outbound")

TOKEN_ERRORS = {40001, 42001, 40014}
# The user cannot be reached by a customer-service message now: the 48-hour
# window closed (45015), the per-window quota is used up (45047), or the
# user unfollowed / is unknown (43004, 40003). Retrying will not help.
UNREACHABLE = {45015, 45047, 43004, 40003}
BUSY = {-1, 45009, 45011}

STAFF_MAX_AGE = 3 * 24 * 3600     # a staff notice is retried for three days
WECHAT_MAX_AGE = 48 * 3600        # past the customer-service window anyway
MAX_BACKOFF = 300.0
LEASE = 15.0                      # how long a claimed message is ours (OutboxRepo.claim_due)


class WeChatError(Exception):
    def __init__(self, errcode: int, errmsg: str = "") -> None:
        super().__init__(f"errcode {errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


class TransientError(Exception):
    """Network trouble or a 5xx: try again later."""


class WeChatAPI:
    """The official account's side of api.weixin.qq.com."""

    def __init__(self, settings: Settings, kv: KeyValueStore, session: aiohttp.ClientSession) -> None:
        self.base = settings.wechat_api_base
        self.app_id = settings.wechat_app_id
        self.secret = settings.wechat_app_secret
        self.kv = kv
        self.session = session
        self._token_key = kv.key("wechat", "token", self.app_id or "none")

    async def _json(self, method: str, url: str, **kw: Any) -> dict:
        try:
            async with self.session.request(method, url, **kw) as resp:
                if resp.status >= 500:
                    raise TransientError(f"HTTP {resp.status} from {url.split('?')[0]}")
                body = await resp.read()
        except (aiohttp.ClientError, asyncio.TimeoutError, socket.gaierror) as exc:
            raise TransientError(f"{type(exc).__name__}: {exc}") from exc
        try:
            doc = json.loads(body or b"{}")
        except ValueError as exc:
            raise TransientError(f"not JSON from {url.split('?')[0]}") from exc
        return doc if isinstance(doc, dict) else {}

    async def access_token(self, stale: str | None = None) -> str:
        """The cached token, shared by every process through the store;
        one process at a time refreshes it. `stale` is a token WeChat just
        refused: it is not handed out again."""
        cached = await self._cached()
        if cached and cached != stale:
            return cached
        try:
            async with self.kv.lock(f"wechat-token-{self.app_id}", ttl=20, wait=15):
                cached = await self._cached()
                if cached and cached != stale:
                    return cached
                token, expires_in = await self._fetch_token(force=stale is not None and cached == stale)
                if token == stale:
                    token, expires_in = await self._fetch_token(force=True)
                ttl = max(60, int(expires_in) - 300)
                await self.kv.set(self._token_key, token, ttl=ttl)
                return token
        except LockTimeout as exc:
            raise TransientError("another process is refreshing the access token") from exc

    async def _cached(self) -> str | None:
        return await self.kv.get(self._token_key)

    async def _fetch_token(self, force: bool) -> tuple[str, int]:
        doc = await self._json("POST", f"{self.base}/cgi-bin/stable_token", json={
            "grant_type": "client_credential", "appid": self.app_id, "secret": str(self.secret),
            "force_refresh": force})
        if not doc.get("access_token"):
            # Fall back to the classic endpoint (older gateways, proxies).
            doc = await self._json("GET", f"{self.base}/cgi-bin/token", params={
                "grant_type": "client_credential", "appid": self.app_id, "secret": str(self.secret)})
        if not doc.get("access_token"):
            raise WeChatError(int(doc.get("errcode", -2)), str(doc.get("errmsg", "no access_token")))
        return str(doc["access_token"]), int(doc.get("expires_in", 7200))

    async def call(self, path: str, payload: dict, idempotency_key: str = "") -> dict:
        """POST to a /cgi-bin API; a refused token is refreshed once and
        the call retried."""
        headers = {"X-Idempotency-Key": idempotency_key} if idempotency_key else {}
        token = await self.access_token()
        for attempt in (1, 2):
            doc = await self._json("POST", f"{self.base}{path}", params={"access_token": token},
                                   data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                                   headers={"Content-Type": "application/json", **headers})
            code = int(doc.get("errcode", 0) or 0)
            if code in TOKEN_ERRORS and attempt == 1:
                token = await self.access_token(stale=token)
                continue
            if code in BUSY:
                raise TransientError(f"WeChat busy: errcode {code}")
            if code:
                raise WeChatError(code, str(doc.get("errmsg", "")))
            return doc
        raise TransientError("access token refused twice")


class StaffWebhook:
    """The staff group chat's WeCom robot."""

    def __init__(self, url: str, session: aiohttp.ClientSession) -> None:
        self.url = url
        self.session = session

    async def post(self, payload: dict, idempotency_key: str = "") -> None:
        headers = {"X-Idempotency-Key": idempotency_key} if idempotency_key else {}
        try:
            async with self.session.post(self.url, json=payload, headers=headers) as resp:
                if resp.status >= 400:
                    raise TransientError(f"staff webhook answered HTTP {resp.status}")
                doc = json.loads(await resp.read() or b"{}")
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError, socket.gaierror) as exc:
            raise TransientError(f"staff webhook: {type(exc).__name__}: {exc}") from exc
        code = int(doc.get("errcode", 0) or 0) if isinstance(doc, dict) else 0
        if code:
            # Rate limits (45009) and a mistyped key alike: keep it and try later.
            raise TransientError(f"staff webhook errcode {code}: {doc.get('errmsg', '')}")


Recorder = Callable[[OutboxMessage], Awaitable[None] | None]


def backoff(attempts: int) -> float:
    """Exponential back-off with jitter: ~1 s, 2 s, 4 s … up to 5 minutes."""
    base = min(MAX_BACKOFF, 2.0 ** max(0, attempts - 1))
    return base * random.uniform(0.5, 1.0)


class OutboxSender:
    """Delivers outbox rows at least once, in the background. Several
    processes may run one each: a row is leased to one of them."""

    def __init__(self, settings: Settings, db: Database, wechat: WeChatAPI | None,
                 staff: StaffWebhook | None, poll_interval: float = 1.0) -> None:
        self.settings = settings
        self.db = db
        self.wechat = wechat
        self.staff = staff
        self.poll_interval = poll_interval
        self.owner = f"{socket.gethostname()[:20]}-{uuid.uuid4().hex[:8]}"
        self._wake = asyncio.Event()
        self._stopping = False
        self.recorders: list[Recorder] = []

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while not self._stopping:
            try:
                sent = await self.drain_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox sender: a round failed; trying again")
                sent = 0
            if sent:
                continue
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), self.poll_interval)
            except asyncio.TimeoutError:
                pass

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def drain_once(self, limit: int = 20) -> int:
        async with self.db.transaction() as conn:
            batch = await OutboxRepo(conn).claim_due(self.owner, limit)
        if batch:
            staff = [m for m in batch if m.channel == "staff"]
            others = [m for m in batch if m.channel != "staff"]
            await asyncio.gather(self._deliver_in_order(staff), *(self._deliver(m) for m in others))
        return len(batch)

    async def _deliver_in_order(self, batch: list[OutboxMessage]) -> None:
        """The staff group reads notices in the order they happened, its robot
        takes about 20 a minute, and a message sent but not yet marked sent
        is the one a crash would repeat: so staff notices go one at a time.
        When the robot fails, the rest of the batch waits with the failed one
        rather than each timing out in turn."""
        for n, msg in enumerate(batch):
            delay = await self._deliver(msg)
            if delay is not None:
                async with self.db.transaction() as conn:
                    repo = OutboxRepo(conn)
                    for rest in batch[n + 1:]:
                        await repo.retry_later(rest.id, self.owner, delay, "waiting: an earlier staff notice failed")
                return

    async def _deliver(self, msg: OutboxMessage) -> float | None:
        """Deliver one message; the delay before the next try when it failed
        for a reason that may pass, else None."""
        try:
            recorded = await self._send(msg)
        except TransientError as exc:
            return await self._retry_or_give_up(msg, str(exc))
        except WeChatError as exc:
            await self._unsendable(msg, exc)
            return
        except Exception as exc:  # a bug must not lose the message
            log.exception("outbox %s: unexpected error", msg.id)
            return await self._retry_or_give_up(msg, f"{type(exc).__name__}: {exc}")
        await self._mark_delivered(msg, "recorded" if recorded else "sent")
        if recorded:
            for rec in self.recorders:
                result = rec(msg)
                if asyncio.iscoroutine(result):
                    await result
        log.info(json.dumps({"event": "outbox", "id": msg.id, "channel": msg.channel,
                             "status": "recorded" if recorded else "sent", "attempts": msg.attempts}))
        return None

    async def _mark_delivered(self, msg: OutboxMessage, status: str) -> None:
        """Record that a message went out. The database may be away for a
        moment (a restart, a network blip): a message sent but not recorded
        would go out a second time when its lease runs out, so keep trying
        for as long as the lease lasts."""
        loop = asyncio.get_running_loop()
        give_up = loop.time() + LEASE
        delay = 0.1
        while True:
            try:
                async with self.db.transaction() as conn:
                    await OutboxRepo(conn).finish(msg.id, self.owner, status)
                return
            except Exception as exc:
                if loop.time() + delay >= give_up:
                    raise
                log.warning(json.dumps({"event": "outbox_mark_retry", "id": msg.id,
                                        "error": f"{type(exc).__name__}: {exc}"[:300]}))
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def _send(self, msg: OutboxMessage) -> bool:
        """Send one message; True when it was only recorded (outbound off)."""
        if msg.channel == "staff":
            if self.staff is None:
                log.info(json.dumps({"event": "staff_notice_recorded", "id": msg.id,
                                     "payload": msg.payload}, ensure_ascii=False))
                return True
            await self.staff.post(msg.payload, msg.idempotency_key)
            return False
        if self.wechat is None:
            return True
        path = {"wechat_custom": "/cgi-bin/message/custom/send",
                "wechat_template": "/cgi-bin/message/template/send"}[msg.channel]
        await self.wechat.call(path, msg.payload, msg.idempotency_key)
        return False

    async def _retry_or_give_up(self, msg: OutboxMessage, error: str) -> float:
        max_age = STAFF_MAX_AGE if msg.channel == "staff" else WECHAT_MAX_AGE
        delay = backoff(msg.attempts)
        async with self.db.transaction() as conn:
            repo = OutboxRepo(conn)
            if time.time() - msg.created_at > max_age:
                await repo.finish(msg.id, self.owner, "failed", error)
                log.error(json.dumps({"event": "outbox_gave_up", "id": msg.id, "error": error}))
            else:
                await repo.retry_later(msg.id, self.owner, delay, error)
                log.warning(json.dumps({"event": "outbox_retry", "id": msg.id, "channel": msg.channel,
                                        "attempts": msg.attempts, "in_s": round(delay, 1), "error": error}))
        return delay

    async def _unsendable(self, msg: OutboxMessage, exc: WeChatError) -> None:
        """WeChat refused the message itself. Outside the customer-service
        window a template message is the way, where one is configured;
        otherwise it is recorded as failed, never retried forever."""
        template_id = self.settings.template_notice_id
        async with self.db.transaction() as conn:
            repo = OutboxRepo(conn)
            if exc.errcode in UNREACHABLE and msg.channel == "wechat_custom" and template_id \
                    and exc.errcode not in (43004, 40003):
                text = (msg.payload.get("text") or {}).get("content", "")
                await repo.reroute(msg.id, self.owner, "wechat_template", {
                    "touser": msg.recipient, "template_id": template_id,
                    "data": {"content": {"value": text[:200]}}})
                self.wake()
            else:
                await repo.finish(msg.id, self.owner, "failed", str(exc))
        log.warning(json.dumps({"event": "outbox_refused", "id": msg.id, "channel": msg.channel,
                                "errcode": exc.errcode}))
