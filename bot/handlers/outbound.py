"""Outbound calls: the WeChat API (access token, customer-service and
template messages, menu), the staff group's WeCom robot, and the sender
that drains the durable outbox.

Nothing here runs in a user's request path: a turn writes outbox rows,
the sender delivers them with back-off until they arrive.

Staff notices go to one robot, which takes at most 20 messages a minute
(WeCom answers 45009 beyond that). Every process may run a sender, so the
robot's minute is kept in the key-value store, and one process at a time
posts to it (a lock): urgent notices first, a few places of each minute
kept free for them, and when more ordinary notices wait than the minute
has room for, they go together in one post (each once, in order). What
WeCom answers decides what happens next: a rate limit or a busy robot
waits, a configuration error (a bad key, a disabled robot) keeps the
notices, says so once in the log and in /healthz, and waits; a notice
refused for its content is replaced by its short form, which points to
the ticket. No redirect is followed, and no secret from a URL reaches a
log line or `outbox.last_error`.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import random
import secrets
import socket
import time
import uuid
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

import aiohttp
from multidict import CIMultiDict

from bot import clock
from bot.masking import scrub_url_secrets
from bot.services import staff_notices
from bot.settings import Settings
from bot.store.db import Database
from bot.store.kv import KeyValueStore, LockTimeout, MemoryStore
from bot.store.repos import OutboxMessage, OutboxRepo

log = logging.getLogger("bot.outbound")

TOKEN_ERRORS = {40001, 42001, 40014}
# The user cannot be reached by a customer-service message now: the 48-hour
# window closed (45015), the per-window quota is used up (45047), or the
# user unfollowed / is unknown (43004, 40003). Retrying will not help.
UNREACHABLE = {45015, 45047, 43004, 40003}
BUSY = {-1, 45009, 45011}

WECHAT_MAX_AGE = 48 * 3600        # past the customer-service window anyway
MAX_BACKOFF = 300.0
LEASE = 15.0                      # how long a claimed message is ours (OutboxRepo.claim_due)
# While messages to users wait after failures (WeChat down, no access
# token), the one due soonest is tried this often, ahead of its back-off:
# once one goes, the rest are made due at once. So a message queued during
# an outage goes out within about this long of WeChat coming back, not
# after its own back-off of up to five minutes, and a long outage costs
# WeChat one call this often, not one per waiting message.
WECHAT_PROBE_EVERY = 15.0

# The access token: after this many failures in a row, or this long failing,
# an alert (an error log line and a staff notice), once per incident.
TOKEN_ALERT_AFTER = 5
TOKEN_ALERT_AFTER_S = 600.0
# Asking for a token again waits at most this long: a minute is what a
# message waits for a token that is back, and at most 1,440 asks a day
# (the classic token endpoint allows 2,000).
TOKEN_MAX_BACKOFF = 60.0

# ---- the staff robot (WeCom group robot)
# What WeCom answers a robot post with (errcode), by what it means.
ROBOT_RATE_LIMITED = {45009, 45033}           # over 20 a minute / too many at once: wait
ROBOT_BUSY = {-1}                             # system busy: try again shortly
# The webhook's key is wrong (93000), the robot is disabled (93004) or no
# longer in the group chat (93008): no message will go until staff fix it.
ROBOT_CONFIG = {93000, 93004, 93008}
# This message will never be taken as it is: invalid message type (40008),
# invalid parameter (40035, 40058: content over 4,096/2,048 bytes), invalid
# characters (40033), empty content (44004), content too long (45002),
# forbidden words (85002).
ROBOT_CONTENT = {40008, 40033, 40035, 40058, 44004, 45002, 85002}
ROBOT_WINDOW = 61.0               # the robot's minute, and a second for clocks and latency
URGENT_RESERVE = 4                # places of each minute ordinary notices leave for urgent ones
ROUND_LOCK_TTL = 20.0             # a round holds the robot this long at most (a dead process's too)
ROUND_STARTS_FOR = 8.0            # no new post after this in a round (a post may take 10 s)
WAITING_LOOKED_AT = 500
RATE_LIMITED_HOLD = 10.0          # a 45009 our own count does not explain (others post too): wait this long
UNKNOWN_REFUSALS = 3              # an unknown refusal this often: taken as a refusal of the content
ROBOT_AWAY_MAX = 15.0             # a robot that is away is tried again at least this often


class WeChatError(Exception):
    def __init__(self, errcode: int, errmsg: str = "") -> None:
        super().__init__(f"errcode {errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


class TransientError(Exception):
    """Network trouble or a 5xx: try again later."""


class TokenUnavailable(TransientError, WeChatError):
    """No access token now (WeChat busy or down, or refusing the app's
    credentials): every message waiting on it is retried, none fails for it."""

    def __init__(self, errcode: int, errmsg: str = "") -> None:
        WeChatError.__init__(self, errcode, errmsg)


class RobotRefused(Exception):
    """The staff robot answered, but did not take the message."""

    def __init__(self, kind: str, errcode: int, detail: str) -> None:
        super().__init__(f"staff robot: {detail}")
        self.kind = kind          # rate | busy | config | content | other
        self.errcode = errcode


def robot_refusal(errcode: int) -> str:
    if errcode in ROBOT_RATE_LIMITED:
        return "rate"
    if errcode in ROBOT_BUSY:
        return "busy"
    if errcode in ROBOT_CONFIG:
        return "config"
    if errcode in ROBOT_CONTENT:
        return "content"
    return "other"


def _error(exc: BaseException) -> str:
    """An exception as a log line or `last_error` keeps it: no URL secrets."""
    return scrub_url_secrets(f"{exc}")[:300]


def _errcode(trouble: dict) -> int:
    """WeChat's return code of the last failure, as the staff's catalog names it (-1: none, or no answer)."""
    try:
        return int(trouble.get("errcode", -1))
    except (TypeError, ValueError):
        return -1


def token_backoff(failures: int) -> float:
    """Seconds every process waits before asking for an access token again
    after `failures` in a row: 1 s, 2 s, 4 s … up to a minute."""
    return min(TOKEN_MAX_BACKOFF, 2.0 ** max(0, failures - 1))


def config_retry(failures: int) -> float:
    """Seconds before trying a misconfigured robot again (someone may have
    fixed it): 30 s, 60 s … up to 2 minutes."""
    return min(120.0, 30.0 * max(1, failures))


def robot_away_retry(failures: int) -> float:
    """Seconds before trying a robot that is away (network, 5xx, busy)
    again: the back-off of one message, but never more than 15 s, since
    every staff notice waits for it."""
    return min(ROBOT_AWAY_MAX, backoff(failures))


class WeChatAPI:
    """The official account's side of api.weixin.qq.com."""

    def __init__(self, settings: Settings, kv: KeyValueStore, session: aiohttp.ClientSession) -> None:
        self.base = settings.wechat_api_base
        self.app_id = settings.wechat_app_id
        self.secret = settings.wechat_app_secret
        self.kv = kv
        self.session = session
        self._token_key = kv.key("wechat", "token", self.app_id or "none")
        self._trouble_key = kv.key("wechat", "token-trouble", self.app_id or "none")
        # Called with ("down" | "back", the incident) once per incident of
        # repeated token failures; the sender turns it into a staff notice.
        self.on_token_incident: Callable[[str, dict], Awaitable[None]] | None = None

    async def _json(self, method: str, url: str, **kw: Any) -> dict:
        where = url.split("?")[0]
        try:
            # A redirect is never followed: it would carry access_token= or
            # secret= to another address (and into error texts).
            async with self.session.request(method, url, allow_redirects=False, **kw) as resp:
                if resp.status >= 500:
                    raise TransientError(f"HTTP {resp.status} from {where}")
                if 300 <= resp.status < 400:
                    raise TransientError(f"HTTP {resp.status} from {where} (a redirect, not followed)")
                body = await resp.read()
        except (aiohttp.ClientError, asyncio.TimeoutError, socket.gaierror) as exc:
            raise TransientError(f"{type(exc).__name__}: {_error(exc)}") from exc
        try:
            doc = json.loads(body or b"{}")
        except ValueError as exc:
            raise TransientError(f"not JSON from {where}") from exc
        return doc if isinstance(doc, dict) else {}

    async def access_token(self, stale: str | None = None) -> str:
        """The cached token, shared by every process through the store;
        one process at a time refreshes it. `stale` is a token WeChat just
        refused: it is not handed out again. When WeChat gives no token
        (busy, down, or refusing the credentials), TokenUnavailable: the
        caller tries again later, and every process waits a growing while
        before asking again."""
        cached = await self._cached()
        if cached and cached != stale:
            return cached
        trouble = await self.token_trouble()
        if trouble and time.time() < trouble.get("retry_at", 0):
            raise TokenUnavailable(int(trouble.get("errcode", -1)),
                                   f"no access token ({trouble.get('count')} failures): {trouble.get('last', '')}")
        try:
            async with self.kv.lock(f"wechat-token-{self.app_id}", ttl=20, wait=15):
                cached = await self._cached()
                if cached and cached != stale:
                    return cached
                try:
                    token, expires_in = await self._fetch_token(force=stale is not None and cached == stale)
                    if token == stale:
                        token, expires_in = await self._fetch_token(force=True)
                except (TransientError, WeChatError) as exc:
                    raise await self._token_failed(exc) from exc
                ttl = max(60, int(expires_in) - 300)
                await self.kv.set(self._token_key, token, ttl=ttl)
                await self._token_back()
                return token
        except LockTimeout as exc:
            raise TransientError("another process is refreshing the access token") from exc

    async def _cached(self) -> str | None:
        return await self.kv.get(self._token_key)

    async def token_trouble(self) -> dict | None:
        """The current incident of token failures, if any (shared by every process)."""
        raw = await self.kv.get(self._trouble_key)
        return json.loads(raw) if raw else None

    async def _token_failed(self, exc: Exception) -> TokenUnavailable:
        """Count a failure (shared by every process), alert once per
        incident; the error for the caller to raise."""
        now = time.time()
        trouble = await self.token_trouble() or {"count": 0, "since": now, "alerted": False}
        trouble["count"] += 1
        trouble["errcode"] = getattr(exc, "errcode", -1)
        trouble["last"] = _error(exc)
        trouble["retry_at"] = now + token_backoff(trouble["count"])
        alert = not trouble["alerted"] and (trouble["count"] >= TOKEN_ALERT_AFTER
                                            or now - trouble["since"] >= TOKEN_ALERT_AFTER_S)
        trouble["alerted"] = trouble["alerted"] or alert
        await self.kv.set(self._trouble_key, json.dumps(trouble), ttl=30 * 24 * 3600)
        log.warning(json.dumps({"event": "wechat_token_failed", "failures": trouble["count"],
                                "retry_in_s": round(trouble["retry_at"] - now, 1), "error": trouble["last"]}))
        if alert:
            log.error(json.dumps({"event": "wechat_token_alert", "failures": trouble["count"],
                                  "since": clock.stamp(trouble["since"]), "error": trouble["last"],
                                  "note": "messages to users wait and are retried; check the IP allow-list "
                                          "and the AppSecret"}))
            await self._incident("down", trouble)
        return TokenUnavailable(int(trouble["errcode"]), trouble["last"])

    async def _token_back(self) -> None:
        trouble = await self.token_trouble()
        await self.kv.delete(self._trouble_key)
        if trouble:
            log.info(json.dumps({"event": "wechat_token_back", "failures": trouble.get("count"),
                                 "since": clock.stamp(trouble.get("since", time.time()))}))
            if trouble.get("alerted"):
                await self._incident("back", trouble)

    async def _incident(self, what: str, trouble: dict) -> None:
        if self.on_token_incident is None:
            return
        try:
            await self.on_token_incident(what, trouble)
        except Exception:
            log.exception("the staff notice about the access token could not be queued")

    async def _fetch_token(self, force: bool) -> tuple[str, int]:
        doc = await self._json("POST", f"{self.base}/cgi-bin/stable_token", json={
            "grant_type": "client_credential", "appid": self.app_id, "secret": self.secret.reveal(),
            "force_refresh": force})
        if not doc.get("access_token"):
            # Fall back to the classic endpoint (older gateways, proxies).
            doc = await self._json("GET", f"{self.base}/cgi-bin/token", params={
                "grant_type": "client_credential", "appid": self.app_id, "secret": self.secret.reveal()})
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

    @property
    def robot_id(self) -> str:
        """A name for the robot that does not give its key away."""
        return hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:12]

    async def post(self, payload: dict, keys: list[str] | tuple[str, ...] | str = ()) -> None:
        """Post one message. Network trouble or a 5xx: TransientError. An
        answer that refuses it: RobotRefused, with what the refusal means."""
        if isinstance(keys, str):
            keys = [keys] if keys else []
        headers = CIMultiDict([("Content-Type", "application/json; charset=utf-8")]
                              + [("X-Idempotency-Key", k) for k in keys])
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            async with self.session.post(self.url, data=data, headers=headers, allow_redirects=False) as resp:
                status = resp.status
                body = await resp.read()
        except (aiohttp.ClientError, asyncio.TimeoutError, socket.gaierror) as exc:
            raise TransientError(f"staff webhook: {type(exc).__name__}: {_error(exc)}") from exc
        if status >= 500:
            raise TransientError(f"staff webhook answered HTTP {status}")
        if status == 429:
            raise RobotRefused("rate", 429, "HTTP 429")
        if 300 <= status < 400 or status in (401, 403, 404):
            # The address is not the robot's (moved, mistyped, a proxy's login page).
            raise RobotRefused("config", status, f"HTTP {status}" + (" (a redirect, not followed)"
                                                                     if status < 400 else ""))
        if status >= 400:
            raise RobotRefused("content", status, f"HTTP {status}")
        try:
            doc = json.loads(body or b"{}")
        except ValueError as exc:
            raise TransientError("staff webhook: the answer is not JSON") from exc
        code = int(doc.get("errcode", 0) or 0) if isinstance(doc, dict) else 0
        if code:
            errmsg = scrub_url_secrets(str(doc.get("errmsg", "")))[:200]
            raise RobotRefused(robot_refusal(code), code, f"errcode {code}: {errmsg}")


class RobotState:
    """What every process knows of the staff robot, in the key-value store:
    when the last posts went (its minute), until when nobody posts (a rate
    limit, an outage, a configuration error), and a configuration problem
    for /healthz. Written by the process that holds the robot's lock."""

    def __init__(self, store: KeyValueStore, robot_id: str, per_minute: int) -> None:
        self.store = store
        self.per_minute = per_minute
        self._sent_key = store.key("wecom", robot_id, "sent")
        self._hold_key = store.key("wecom", robot_id, "hold")
        self._problem_key = store.key("wecom", robot_id, "problem")

    async def _json(self, key: str) -> Any:
        raw = await self.store.get(key)
        return json.loads(raw) if raw else None

    async def sent_times(self, now: float) -> list[float]:
        return [t for t in (await self._json(self._sent_key) or []) if t > now - ROBOT_WINDOW]

    async def posted(self, at: float) -> None:
        times = (await self.sent_times(at) + [at])[-max(self.per_minute, 1) * 2:]
        await self.store.set(self._sent_key, json.dumps(times), ttl=ROBOT_WINDOW * 2)

    async def held_until(self) -> float:
        hold = await self._json(self._hold_key)
        return float(hold["until"]) if hold else 0.0

    async def failures(self) -> int:
        hold = await self._json(self._hold_key)
        return int(hold.get("failures", 0)) if hold else 0

    async def hold(self, until: float, reason: str, failures: int = 0) -> None:
        await self.store.set(self._hold_key, json.dumps({"until": until, "reason": reason, "failures": failures}),
                             ttl=max(1.0, until - time.time()) + 3600)

    async def problem(self) -> dict | None:
        return await self._json(self._problem_key)

    async def set_problem(self, detail: str, errcode: int) -> bool:
        """Record a configuration problem; True when it is news (to be said once)."""
        found = await self.problem()
        if found and found.get("errcode") == errcode:
            return False
        await self.store.set(self._problem_key, json.dumps(
            {"detail": detail, "errcode": errcode, "since": time.time()}), ttl=30 * 24 * 3600)
        return True

    async def all_well(self) -> dict | None:
        """The robot took a post: no hold, no problem. The problem there was, if any."""
        found = await self.problem()
        if found:
            await self.store.delete(self._problem_key)
        if await self.store.get(self._hold_key):
            await self.store.delete(self._hold_key)
        return found


@dataclass
class Post:
    """One post to the robot: one notice, or several waiting ordinary ones together."""
    messages: list[OutboxMessage]
    payload: dict

    @property
    def keys(self) -> list[str]:
        return [m.idempotency_key for m in self.messages]


def plan_posts(waiting: list[OutboxMessage], sent: list[float], now: float, per_minute: int,
               catalog) -> list[Post]:
    """What to post now, given the notices waiting (most urgent first, then
    in order) and when the robot's last posts went (`sent`, within its
    minute):

    * urgent notices go first, one each, as long as the minute has room;
    * ordinary ones leave a few places of each minute to urgent ones that
      may come. In a first burst (half their places) they go one each
      while there is room for every one waiting. After it, so that a flood
      does not use the minute up in its first seconds, what waits goes
      together, in as few posts as fit (4,096 bytes each), in order: a
      full post at once, one that is not full only after an equal share
      of the minute since the last post (more may come to fill it).
    """
    room = per_minute - len(sent)
    urgent = [m for m in waiting if m.priority > 0][:max(0, room)]
    posts = [Post([m], staff_notices.wire(m.payload)) for m in urgent]
    ordinary = [m for m in waiting if m.priority <= 0]
    reserve = min(URGENT_RESERVE, per_minute // 4)
    share = max(1, per_minute - reserve)
    allowed = share - len(sent) - len(posts)
    if allowed <= 0 or not ordinary:
        return posts
    burst_left = min(allowed, max(1, share // 2) - len(sent) - len(posts))
    if burst_left > 0:
        if len(ordinary) <= burst_left:
            return posts + [Post([m], staff_notices.wire(m.payload)) for m in ordinary]
        return posts + _together(ordinary, burst_left, catalog)
    together = _together(ordinary, allowed, catalog)
    last = max(sent) if sent else None
    if last is not None and now - last < ROBOT_WINDOW / share:
        together = together[:-1]   # the last one is not full: it waits a moment for more
    return posts + together


def _together(messages: list[OutboxMessage], at_most: int, catalog) -> list[Post]:
    posts: list[Post] = []
    group: list[tuple[OutboxMessage, str]] = []

    def close_group() -> None:
        if len(group) == 1:
            posts.append(Post([group[0][0]], staff_notices.wire(group[0][0].payload)))
        elif group:
            content = staff_notices.combined(catalog, [body for _, body in group])
            posts.append(Post([m for m, _ in group], staff_notices.wire(staff_notices.markdown(content))))
        group.clear()

    for m in messages:
        if len(posts) >= at_most:
            break
        if not staff_notices.combinable(m.payload):
            close_group()
            if len(posts) < at_most:
                posts.append(Post([m], staff_notices.wire(m.payload)))
            continue
        body = staff_notices.body_of(m.payload)
        bodies = [b for _, b in group] + [body]
        if group and staff_notices.size(staff_notices.combined(catalog, bodies)) > staff_notices.MARKDOWN_MAX_BYTES:
            close_group()
        group.append((m, body))
    if len(posts) < at_most:
        close_group()
    return posts


Recorder = Callable[[OutboxMessage], Awaitable[None] | None]


def backoff(attempts: int) -> float:
    """Exponential back-off with jitter: ~1 s, 2 s, 4 s … up to 5 minutes."""
    base = min(MAX_BACKOFF, 2.0 ** max(0, attempts - 1))
    return base * random.uniform(0.5, 1.0)


class OutboxSender:
    """Delivers outbox rows at least once, in the background. Several
    processes may run one each: a row is leased to one of them, and one of
    them at a time posts to the staff robot."""

    def __init__(self, settings: Settings, db: Database, wechat: WeChatAPI | None,
                 staff: StaffWebhook | None, poll_interval: float = 1.0, *,
                 kv: KeyValueStore | None = None, catalog=None) -> None:
        self.settings = settings
        self.db = db
        self.wechat = wechat
        self.staff = staff
        self.poll_interval = poll_interval
        self.owner = f"{socket.gethostname()[:20]}-{uuid.uuid4().hex[:8]}"
        self._wake = asyncio.Event()
        self._stopping = False
        self._next_probe = 0.0    # time.monotonic() of the next early try (WECHAT_PROBE_EVERY)
        self.recorders: list[Recorder] = []
        # The robot's minute and lock are shared through the store; while the
        # store is away, this process goes on alone with a store of its own.
        self.kv = kv if kv is not None else MemoryStore(settings.key_prefix)
        self._own_store = MemoryStore(settings.key_prefix)
        self._store_trouble_logged = 0.0
        if catalog is None:
            from bot.i18n import Catalog

            catalog = Catalog(settings.locales_dir)
        self.catalog = catalog
        self.per_minute = max(1, settings.staff_robot_per_minute)
        if wechat is not None:
            wechat.on_token_incident = self._token_incident

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
        """One round: messages to users (concurrently), and what the staff
        robot takes now. The number of messages handled."""
        # The claims of every poll and every message's mark run as a turn's
        # unit of work does (`transaction_now`): on SQLite a unit run in
        # aiosqlite's thread holds the file's write lock across hand-overs to
        # a loop busy with turns, and the turns' writes queue behind it.
        async with self.db.transaction_now() as conn:
            repo = OutboxRepo(conn)
            batch = await repo.claim_due(self.owner, limit, exclude_channel="staff")
            if not batch and time.monotonic() >= self._next_probe:
                # Looked for at most this often too: an idle sender does not
                # query for it every poll.
                self._next_probe = time.monotonic() + WECHAT_PROBE_EVERY
                early = await repo.claim_retry_early(self.owner, exclude_channel="staff", lease=LEASE)
                batch = [early] if early is not None else []
        if batch:
            went = await asyncio.gather(*(self._deliver(m) for m in batch))
            if any(ok and m.attempts > 1 for ok, m in zip(went, batch)):
                await self._retry_waiting_now()
        try:
            staff = await self._staff_round()
        except asyncio.CancelledError:
            raise
        except Exception:
            # Whatever went wrong, messages to users are not held by it.
            log.exception("outbox sender: the staff notices' round failed; trying again")
            staff = 0
        return len(batch) + staff

    # ---- messages to users ---------------------------------------------------

    async def _deliver(self, msg: OutboxMessage) -> bool:
        """Deliver one message: True when it went; when it failed for a
        reason that may pass it is tried again later."""
        try:
            recorded = await self._send(msg)
        except TransientError as exc:
            await self._retry_or_give_up(msg, _error(exc))
            return False
        except WeChatError as exc:
            await self._unsendable(msg, exc)
            return False
        except Exception as exc:  # a bug must not lose the message
            log.exception("outbox %s: unexpected error", msg.id)
            await self._retry_or_give_up(msg, f"{type(exc).__name__}: {_error(exc)}")
            return False
        await self._delivered(msg, recorded)
        return True

    async def _retry_waiting_now(self) -> None:
        """A message that had failed went: what kept it is likely back, so
        the others waiting after failures are tried now, not after their
        own back-off."""
        async with self.db.transaction() as conn:
            brought = await OutboxRepo(conn).retry_now(exclude_channel="staff")
        if brought:
            log.info(json.dumps({"event": "outbox_retry_now", "messages": brought}))
            self.wake()

    async def _delivered(self, msg: OutboxMessage, recorded: bool) -> None:
        await self._mark_delivered(msg, "recorded" if recorded else "sent")
        if recorded:
            for rec in self.recorders:
                result = rec(msg)
                if asyncio.iscoroutine(result):
                    await result
        log.info(json.dumps({"event": "outbox", "id": msg.id, "channel": msg.channel,
                             "status": "recorded" if recorded else "sent", "attempts": msg.attempts}))

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
                async with self.db.transaction_now() as conn:
                    await OutboxRepo(conn).finish(msg, self.owner, status)
                return
            except Exception as exc:
                if loop.time() + delay >= give_up:
                    raise
                log.warning(json.dumps({"event": "outbox_mark_retry", "id": msg.id,
                                        "error": f"{type(exc).__name__}: {_error(exc)}"}))
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def _send(self, msg: OutboxMessage) -> bool:
        """Send one message to a user; True when it was only recorded (outbound off)."""
        if self.wechat is None:
            return True
        path = {"wechat_custom": "/cgi-bin/message/custom/send",
                "wechat_template": "/cgi-bin/message/template/send"}[msg.channel]
        await self.wechat.call(path, msg.payload, msg.idempotency_key)
        return False

    async def _retry_or_give_up(self, msg: OutboxMessage, error: str) -> float:
        delay = backoff(msg.attempts)
        async with self.db.transaction() as conn:
            repo = OutboxRepo(conn)
            if time.time() - msg.created_at > WECHAT_MAX_AGE:
                await repo.finish(msg, self.owner, "failed", error)
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
                await repo.finish(msg, self.owner, "failed", _error(exc))
        log.warning(json.dumps({"event": "outbox_refused", "id": msg.id, "channel": msg.channel,
                                "errcode": exc.errcode}))

    async def _token_incident(self, what: str, trouble: dict) -> None:
        """Repeated access-token failures (or their end): the staff group
        hears of it once per incident, before other notices."""
        msg_id = "staff-alert-token" if what == "down" else "staff-alert-token-ok"
        payload = staff_notices.notice(
            self.catalog, msg_id, vars=dict(since=clock.stamp(trouble.get("since", time.time())),
                                            count=int(trouble.get("count", 0)),
                                            errcode=_errcode(trouble)),
            user=dict(error=trouble.get("last", "")))
        async with self.db.transaction() as conn:
            await staff_notices.queue(conn, payload, f"alert:wechat-token:{what}:{int(trouble.get('since', 0))}",
                                      urgent=True)
        self.wake()

    # ---- staff notices -------------------------------------------------------

    async def _staff_round(self) -> int:
        if self.staff is None:
            return await self._record_staff()
        store, lock_key, token = await self._take_robot()
        if store is None:
            return 0   # another process is posting to the robot now
        try:
            return await self._post_staff(RobotState(store, self.staff.robot_id, self.per_minute))
        finally:
            try:
                await store.release(lock_key, token)
            except Exception:
                pass   # the store is away: the lock runs out by itself

    async def _take_robot(self) -> tuple[KeyValueStore | None, str, str]:
        token = secrets.token_hex(8)
        assert self.staff is not None   # staff rounds run only with a robot
        name = f"wecom-{self.staff.robot_id}"
        try:
            key = self.kv.key("lock", name)
            await self.kv.acquire(key, token, ROUND_LOCK_TTL, wait=0)
            return self.kv, key, token
        except LockTimeout:
            return None, "", ""
        except Exception as exc:
            # The shared store is away: staff notices still go, paced by this
            # process alone (the robot's own 45009 then tells if others post too).
            if time.monotonic() - self._store_trouble_logged > 60:
                self._store_trouble_logged = time.monotonic()
                log.warning(json.dumps({"event": "staff_robot_store_away", "error": _error(exc),
                                        "note": "pacing staff notices in this process alone"}))
        key = self._own_store.key("lock", name)
        try:
            await self._own_store.acquire(key, token, ROUND_LOCK_TTL, wait=0)
        except LockTimeout:
            return None, "", ""
        return self._own_store, key, token

    async def _post_staff(self, robot: RobotState) -> int:
        now = time.time()
        if await robot.held_until() > now:
            return 0
        sent = await robot.sent_times(now)
        if len(sent) >= self.per_minute:
            return 0
        async with self.db.transaction() as conn:
            waiting = await OutboxRepo(conn).waiting("staff", WAITING_LOOKED_AT)
        if not waiting:
            return 0
        loop = asyncio.get_running_loop()
        started = loop.time()
        handled = 0
        for post in plan_posts(waiting, sent, now, self.per_minute, self.catalog):
            if loop.time() - started > ROUND_STARTS_FOR:
                break
            async with self.db.transaction() as conn:
                claimed = await OutboxRepo(conn).claim([m.id for m in post.messages], self.owner, LEASE)
                if len(claimed) != len(post.messages):
                    # Someone else has some of them (a lease not yet run out): not now.
                    for m in claimed:
                        await OutboxRepo(conn).retry_later(m.id, self.owner, 0, "waiting: taken elsewhere")
                    continue
            post.messages = claimed
            handled += len(claimed)
            if not await self._post(post, robot):
                break
            if post.messages[0].priority <= 0:
                # One ordinary post a round: an urgent notice queued meanwhile
                # waits for no more than the post in flight.
                break
        return handled

    async def _post(self, post: Post, robot: RobotState) -> bool:
        """Post one; False when the robot is not taking posts now (the rest wait)."""
        assert self.staff is not None
        try:
            await self.staff.post(post.payload, post.keys)
        except TransientError as exc:
            await robot.posted(time.time())   # it may have arrived: counted, to be safe
            await self._robot_away(post, robot, _error(exc))
            return False
        except RobotRefused as exc:
            await robot.posted(time.time())
            return await self._refused(post, robot, exc)
        # It arrived: recorded as sent first, so that nothing that fails
        # after this (the key-value store going away) sends it again.
        for m in post.messages:
            await self._mark_delivered(m, "sent")
        await robot.posted(time.time())
        fixed = await robot.all_well()
        if fixed:
            log.warning(json.dumps({"event": "staff_robot_ok", "was": fixed.get("detail"),
                                    "since": clock.stamp(fixed.get("since", time.time()))}))
        log.info(json.dumps({"event": "outbox", "channel": "staff", "status": "sent",
                             "ids": [m.id for m in post.messages], "attempts": max(m.attempts for m in post.messages),
                             "priority": max(m.priority for m in post.messages)}))
        return True

    async def _release(self, messages: list[OutboxMessage], error: str, delay: float = 0.0) -> None:
        async with self.db.transaction() as conn:
            repo = OutboxRepo(conn)
            for m in messages:
                await repo.retry_later(m.id, self.owner, delay, error)

    async def _robot_away(self, post: Post, robot: RobotState, error: str) -> None:
        """Network trouble, a 5xx or a busy robot: nobody posts for a growing
        while; the notices wait (every one of them: it is the robot, not them)."""
        failures = await robot.failures() + 1
        delay = robot_away_retry(failures)
        await robot.hold(time.time() + delay, error, failures)
        await self._release(post.messages, f"staff robot away: {error}")
        log.warning(json.dumps({"event": "staff_robot_away", "failures": failures, "in_s": round(delay, 2),
                                "waiting": len(post.messages), "error": error}))

    async def _refused(self, post: Post, robot: RobotState, exc: RobotRefused) -> bool:
        detail = _error(exc)
        now = time.time()
        if exc.kind == "rate":
            # Until the oldest post of the minute leaves it, when that explains
            # the refusal; else someone else posts through this robot too: a while.
            times = await robot.sent_times(now)
            until = min(times) + ROBOT_WINDOW if len(times) >= robot.per_minute else now + RATE_LIMITED_HOLD
            await robot.hold(until, detail, await robot.failures())
            await self._release(post.messages, detail)
            log.warning(json.dumps({"event": "staff_robot_rate_limited", "in_s": round(until - now, 1),
                                    "waiting": len(post.messages)}))
            return False
        if exc.kind == "busy":
            await self._robot_away(post, robot, detail)
            return False
        if exc.kind == "config":
            failures = await robot.failures() + 1
            await robot.hold(now + config_retry(failures), detail, failures)
            await self._release(post.messages, detail)
            if await robot.set_problem(detail, exc.errcode):
                log.error(json.dumps({"event": "staff_robot_misconfigured", "error": detail,
                                      "note": "staff notices are kept and go out once STAFF_WEBHOOK_URL is "
                                              "right; see /healthz"}))
            return False
        if exc.kind == "other" and all(m.attempts < UNKNOWN_REFUSALS for m in post.messages) \
                and len(post.messages) == 1:
            m = post.messages[0]
            delay = backoff(m.attempts)
            await self._release(post.messages, detail, delay)
            log.warning(json.dumps({"event": "staff_notice_refused", "id": m.id, "errcode": exc.errcode,
                                    "attempts": m.attempts, "in_s": round(delay, 1)}))
            return True
        await self._refused_content(post, detail)
        return True

    async def _refused_content(self, post: Post, detail: str) -> None:
        """WeCom will not take this as it is. Notices posted together go one
        by one next (so that the one refused holds none of the others); a
        notice alone is replaced by its short form, which points to the
        ticket; a short form refused too is failed, loudly."""
        async with self.db.transaction() as conn:
            repo = OutboxRepo(conn)
            if len(post.messages) > 1:
                for m in post.messages:
                    info = dict(m.payload.get("_notice") or {})
                    info["alone"] = True
                    await repo.replace(m.id, self.owner, {**m.payload, "_notice": info}, detail)
                log.warning(json.dumps({"event": "staff_notices_refused_together", "error": detail,
                                        "ids": [m.id for m in post.messages]}))
                return
            m = post.messages[0]
            if staff_notices.is_short(m.payload):
                await repo.finish(m, self.owner, "failed", detail)
                log.error(json.dumps({"event": "staff_notice_failed", "id": m.id, "error": detail,
                                      "ticket": staff_notices.ticket_of(m.payload)}))
                return
            await repo.replace(m.id, self.owner, staff_notices.short_of(self.catalog, m.payload), detail)
        log.warning(json.dumps({"event": "staff_notice_shortened", "id": m.id, "error": detail,
                                "ticket": staff_notices.ticket_of(m.payload)}))

    async def _record_staff(self) -> int:
        """No robot configured: staff notices are kept and logged, masked
        and short (a log is no place for a user's phone or story)."""
        async with self.db.transaction_now() as conn:
            batch = await OutboxRepo(conn).claim_due(self.owner, 20, channel="staff")
        for msg in batch:
            log.info(json.dumps({"event": "staff_notice_recorded", "id": msg.id,
                                 "ticket": staff_notices.ticket_of(msg.payload),
                                 "notice": staff_notices.for_log(msg.payload)}, ensure_ascii=False))
            await self._delivered(msg, recorded=True)
        return len(batch)

    # ---- health -------------------------------------------------------------

    async def health(self) -> dict:
        """For /healthz: the staff robot (a configuration problem, notices
        waiting and for how long) and the access token (failing since …)."""
        robot: dict[str, Any] = {"configured": self.staff is not None}
        async with self.db.reading() as conn:
            waiting, oldest = await OutboxRepo(conn).backlog("staff")
        robot["waiting"] = waiting
        if oldest is not None:
            robot["oldest_s"] = round(time.time() - oldest, 1)
        if self.staff is not None:
            problem = None
            for store in (self.kv, self._own_store):
                try:
                    problem = await RobotState(store, self.staff.robot_id, self.per_minute).problem()
                except Exception:
                    continue
                if problem:
                    break
            robot["ok"] = problem is None
            if problem:
                robot["problem"] = problem.get("detail")
                robot["since"] = clock.stamp(problem.get("since", time.time()))
        out: dict[str, Any] = {"staff_robot": robot}
        if self.wechat is not None:
            try:
                trouble = await self.wechat.token_trouble()
            except Exception:
                trouble = None
            out["wechat_token"] = {"ok": not trouble}
            if trouble:
                out["wechat_token"].update(failures=trouble.get("count"), error=trouble.get("last"),
                                           since=clock.stamp(trouble.get("since", time.time())))
        return out
