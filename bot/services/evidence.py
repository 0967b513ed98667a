"""Complaint evidence that outlives WeChat's three days.

A photo or voice message a user sends with a complaint is only a WeChat
media id: WeChat deletes temporary media three days after they were sent.
So, with the ticket, each one becomes an `evidence` row (same transaction);
a background loop (EvidenceFetcher, one per process, rows leased so each is
fetched once) downloads it through WeChat's media API within seconds and
keeps the bytes, in the table or in a folder (EVIDENCE_DIR). A download
that keeps failing is given up and told to staff, never dropped silently.

Staff open evidence through signed, expiring links served by the bot
(bot/handlers/evidence.py): in the ticket's staff notice, and fresh ones in
the staff ticket view ("view N").

Retention: evidence follows its ticket; `erase_for_tickets` and
`erase_for_user` delete the rows and their files.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import os
import random
import secrets
import socket
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Awaitable, Callable

import filetype

from bot.handlers.outbound import TransientError
from bot.i18n import Catalog
from bot.masking import scrub_url_secrets
from bot.settings import Settings
from bot.store.db import Database
from bot.services import staff_notices
from bot.store.repos import EvidenceRepo

log = logging.getLogger("bot.evidence")

STAFF_LOCALE = "zh_CN"
KINDS = ("image", "voice")
# WeChat deletes temporary media three days after they were sent.
MEDIA_LIFETIME = 3 * 24 * 3600
# WeChat's own limits for temporary media: images up to 10 MB, voice up to
# 2 MB (60 s of AMR/MP3). Anything larger is not what WeChat hands out.
MAX_BYTES = {"image": 10 * 1024 * 1024, "voice": 2 * 1024 * 1024}
# What is kept, by the bytes' own signature (not the sender's header).
ACCEPTED = {
    "image": {"image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp", "image/heic"},
    "voice": {"audio/amr", "audio/mpeg", "audio/ogg", "audio/x-wav", "audio/mp4", "audio/aac"},
}
SPEEX = "audio/speex"           # WeChat's other voice format; no magic number to recognise it by
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
              "image/bmp": "bmp", "image/heic": "heic", "audio/amr": "amr", "audio/mpeg": "mp3",
              "audio/ogg": "ogg", "audio/x-wav": "wav", "audio/mp4": "m4a", "audio/aac": "aac", SPEEX: "spx"}
# A refusal by WeChat (40007 invalid media_id: expired, or never ours) is
# tried this many times in all before it is given up and told to staff.
REFUSED_TRIES = 3
LEASE = 90.0                     # longer than a download may take (DOWNLOAD_TIMEOUT)
DOWNLOAD_TIMEOUT = 60.0
MAX_BACKOFF = 600.0
MAX_PER_KIND = {"image": 6, "voice": 3}
REPORT_BATCH = 200

Download = Callable[[str, str], Awaitable[tuple[bytes, str]]]


class MediaRefused(Exception):
    """WeChat will not give these bytes, or they are not what we keep.
    `reason` is a catalog selector: expired, refused, too_large, bad_type."""

    def __init__(self, reason: str, detail: str = "", permanent: bool = False) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.permanent = permanent


# ---------------------------------------------------------------- links

def link_key(settings: Settings) -> bytes | None:
    """The key that signs evidence links: EVIDENCE_LINK_SECRET, or else
    derived from the official account's AppSecret (with the token and AES
    key), which only the operator knows. None: no links can be made."""
    if settings.evidence_link_secret:
        material = settings.evidence_link_secret.reveal()
    elif settings.wechat_app_secret:
        material = "\0".join((settings.wechat_app_id, settings.wechat_app_secret.reveal(),
                              settings.wechat_token.reveal(), settings.wechat_aes_key.reveal()))
    else:
        return None
    return hmac.new(b"qzbot evidence links v1", material.encode("utf-8"), hashlib.sha256).digest()


def signature(key: bytes, evidence_id: int, nonce: str, expires: int) -> str:
    mac = hmac.new(key, f"{evidence_id}.{nonce}.{expires}".encode("ascii"), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


def signed(key: bytes | None, evidence_id: int, nonce: str, expires: int, sig: str, now: float) -> bool:
    """A link is good when it has not expired and its signature is ours."""
    if key is None or expires < now:
        return False
    return hmac.compare_digest(signature(key, evidence_id, nonce, expires).encode("ascii"),
                               sig.encode("ascii", "replace"))


def link(settings: Settings, row: dict, now: float) -> str | None:
    """A signed link to one piece of evidence, good for EVIDENCE_LINK_HOURS;
    None without PUBLIC_BASE_URL or a key."""
    key = link_key(settings)
    if not settings.public_base_url or key is None:
        return None
    expires = int(now + settings.evidence_link_hours * 3600)
    sig = signature(key, row["id"], row["nonce"], expires)
    return f"{settings.public_base_url}/evidence/{row['id']}?exp={expires}&sig={sig}"


# ---------------------------------------------------------------- recording

async def record(conn, settings: Settings, ticket_id: int, openid: str, data: dict,
                 now: float | None = None) -> list[dict]:
    """Rows for a new ticket's photos and voice, in the ticket's transaction.
    Without WeChat credentials nothing can be fetched: the rows say so
    (`unfetchable`), and the staff notice too."""
    now = time.time() if now is None else now
    fetchable = settings.outbound_wechat_enabled
    repo = EvidenceRepo(conn)
    rows: list[dict] = []
    for kind, items in (("image", data.get("photos") or []), ("voice", data.get("voices") or [])):
        seq = 0
        for item in items[:MAX_PER_KIND[kind]]:
            media_id = str((item or {}).get("media_id") or "")
            if not media_id:
                continue
            seq += 1
            try:
                received = min(now, float(item.get("at") or now))
            except (TypeError, ValueError):
                received = now
            rows.append(await repo.add(
                ticket_id=ticket_id, openid=openid, kind=kind, seq=seq, media_id=media_id[:256],
                source_url=str(item.get("url") or "")[:2000], fmt=str(item.get("format") or "")[:16],
                nonce=secrets.token_urlsafe(12), status="pending" if fetchable else "unfetchable",
                reason=None if fetchable else "no_credentials", received_at=received, now=now))
    return rows


def _counts(rows: list[dict]) -> dict[str, int]:
    return {"photos": sum(r["kind"] == "image" for r in rows), "voices": sum(r["kind"] == "voice" for r in rows)}


def notice_field(catalog: Catalog, settings: Settings, rows: list[dict], now: float | None = None) -> str:
    """The staff notice's evidence field: a signed link per photo and voice
    message, or, where links cannot be given, what happened to them."""
    if not rows:
        return "-"
    now = time.time() if now is None else now
    if all(r["status"] == "unfetchable" for r in rows):
        return catalog.text(STAFF_LOCALE, "evidence-notice-unfetchable", **_counts(rows))
    links = [link(settings, r, now) for r in rows]
    if any(url is None for url in links):
        return catalog.text(STAFF_LOCALE, "evidence-notice-no-links", **_counts(rows))
    return " ".join(catalog.text(STAFF_LOCALE, "evidence-link", kind=r["kind"], n=r["seq"], url=url)
                    for r, url in zip(rows, links))


def for_view(settings: Settings, rows: list[dict], now: float | None = None) -> list[dict]:
    """The staff ticket view's evidence: each item's state and, once it is
    kept, a fresh link."""
    now = time.time() if now is None else now
    out = []
    for r in rows:
        state, url = r["status"], None
        if state == "stored":
            url = link(settings, r, now)
            if url is None:
                state = "nolink"
        out.append({"kind": r["kind"], "n": r["seq"], "state": state, "link": url,
                    "reason": r.get("reason") or "refused"})
    return out


# ---------------------------------------------------------------- erasing

async def erase_for_tickets(conn, ticket_ids) -> int:
    """Delete the evidence of these tickets, bytes and files (retention,
    deletion). Returns how many pieces were erased."""
    ids = [int(t) for t in ticket_ids]
    if not ids:
        return 0
    return await _erase(conn, ticket_ids=ids)


async def erase_for_user(conn, openid: str) -> int:
    """Delete all evidence a user sent, bytes and files."""
    return await _erase(conn, openid=openid)


async def _erase(conn, **which: Any) -> int:
    erased, paths = await EvidenceRepo(conn).delete(**which)
    # Files go now, not after the commit: a rollback then leaves a row whose
    # file is gone (served as "no longer kept"), never a file nobody can find.
    await asyncio.to_thread(EvidenceFiles.remove, paths)
    return erased


# ---------------------------------------------------------------- checking and keeping bytes

def content_type_of(kind: str, data: bytes, declared: str) -> str:
    """The type the bytes say they are, if it is one we keep for `kind`."""
    guess = filetype.guess(data[:8192])
    mime = guess.mime if guess is not None else ""
    if mime in ACCEPTED.get(kind, ()):
        return mime
    if kind == "voice" and not mime and "speex" in declared.lower():
        return SPEEX
    raise MediaRefused("bad_type", f"{mime or 'unknown'} (declared {declared[:60] or 'nothing'})", permanent=True)


class EvidenceFiles:
    """Evidence kept as files under EVIDENCE_DIR (instead of the table):
    written whole or not at all (a temporary file renamed), owner-only."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder).expanduser().resolve()
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def write(self, ticket_id: int, evidence_id: int, sha256: str, ext: str, data: bytes) -> str:
        folder = self.folder / f"t{ticket_id}"
        folder.mkdir(exist_ok=True, mode=0o700)
        final = folder / f"{evidence_id}-{sha256[:16]}.{ext}"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, final)
        except BaseException:
            EvidenceFiles.remove([tmp])
            raise
        return str(final)

    @staticmethod
    def read(path: str) -> bytes | None:
        try:
            return Path(path).read_bytes()
        except FileNotFoundError:
            return None

    @staticmethod
    def remove(paths: list[str]) -> None:
        for path in paths:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
            except OSError as exc:
                log.error(json.dumps({"event": "evidence_file_not_removed", "error": str(exc)[:300]}))


# ---------------------------------------------------------------- the fetcher

def backoff(attempts: int, base: float) -> float:
    """base, 2×base, 4×base … up to 10 minutes, with jitter."""
    return min(MAX_BACKOFF, base * 2.0 ** max(0, attempts - 1)) * random.uniform(0.5, 1.0)


class EvidenceFetcher:
    """Downloads pending evidence in the background, with back-off; gives
    up when WeChat cannot have it any more and tells staff, once per piece.
    Several processes may each run one: a row is leased to one of them."""

    def __init__(self, settings: Settings, db: Database, catalog: Catalog, download: Download | None,
                 files: EvidenceFiles | None = None, wake_sender: Callable[[], None] | None = None) -> None:
        self.settings = settings
        self.db = db
        self.catalog = catalog
        self.download = download
        self.files = files
        self.wake_sender = wake_sender or (lambda: None)
        self.poll_interval = settings.evidence_poll_interval
        self.retry_base = settings.evidence_retry_base
        self.owner = f"{socket.gethostname()[:20]}-{uuid.uuid4().hex[:8]}"
        self._wake = asyncio.Event()
        self._stopping = False
        self._round: asyncio.Future | None = None
        # Something was given up and staff are not told yet (also true at
        # start: a process may have died between the two).
        self._to_report = True

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """Stop now: downloads in flight are abandoned and their rows given
        back at once (a restart, or another process, fetches them again)."""
        self._stopping = True
        self._wake.set()
        if self._round is not None and not self._round.done():
            self._round.cancel()

    async def run(self) -> None:
        try:
            await self.start()
        except Exception:
            log.exception("evidence: start-up check failed; going on")
        while not self._stopping:
            self._round = asyncio.ensure_future(self.drain_once())
            try:
                busy = await self._round
            except asyncio.CancelledError:
                if self._stopping:
                    return
                raise
            except Exception:
                log.exception("evidence fetcher: a round failed; trying again")
                busy = 0
            if busy:
                continue
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), self.poll_interval)
            except asyncio.TimeoutError:
                pass

    async def start(self) -> None:
        """With credentials, rows recorded while they were missing and that
        WeChat may still have are fetched after all; without, rows left
        waiting cannot be fetched, and staff are told."""
        now = time.time()
        async with self.db.transaction() as conn:
            repo = EvidenceRepo(conn)
            if self.download is not None:
                n = await repo.requeue_unfetchable(now - MEDIA_LIFETIME, now)
                if n:
                    log.info(json.dumps({"event": "evidence_requeued", "count": n}))
            else:
                n = await repo.pending_to_unfetchable()
                if n:
                    self._to_report = True
                    log.warning(json.dumps({"event": "evidence_unfetchable", "count": n}))

    async def drain_once(self, limit: int = 4) -> int:
        """One round: lease what is due, download it, then tell staff of
        anything given up. The number of pieces worked on."""
        now = time.time()
        async with self.db.transaction_now() as conn:   # every poll: as the sender's (see OutboxSender.drain_once)
            batch = await EvidenceRepo(conn).claim_due(self.owner, now, limit, LEASE)
        if batch:
            await asyncio.gather(*(self._fetch(row) for row in batch))
        if self._to_report:
            self._to_report = False
            try:
                await self.report_failures()
            except BaseException:
                self._to_report = True
                raise
        return len(batch)

    async def _fetch(self, row: dict) -> None:
        try:
            await self._fetch_one(row)
        except asyncio.CancelledError:
            await asyncio.shield(self._give_back(row))
            raise

    async def _give_back(self, row: dict) -> None:
        try:
            async with self.db.transaction() as conn:
                await EvidenceRepo(conn).release([row["id"]], self.owner)
        except Exception:  # the lease runs out by itself
            log.warning("evidence %s: could not give the lease back", row["id"], exc_info=True)

    async def _fetch_one(self, row: dict) -> None:
        if self.download is None:
            await self._give_up(row, "no_credentials", "WECHAT_APP_ID/WECHAT_APP_SECRET not set")
            return
        started = time.monotonic()
        try:
            data, declared = await asyncio.wait_for(self.download(row["media_id"], row["kind"]), DOWNLOAD_TIMEOUT)
            if len(data) > MAX_BYTES[row["kind"]]:
                raise MediaRefused("too_large", f"{len(data)} bytes", permanent=True)
            content_type = content_type_of(row["kind"], data, declared)
        except MediaRefused as exc:
            if exc.permanent or row["attempts"] >= REFUSED_TRIES:
                await self._give_up(row, exc.reason, str(exc))
            else:
                await self._later(row, str(exc))
            return
        except (TransientError, asyncio.TimeoutError) as exc:
            await self._transient(row, f"{type(exc).__name__}: {exc}")
            return
        except Exception as exc:  # a bug must not lose the evidence
            log.exception("evidence %s: unexpected error", row["id"])
            await self._transient(row, f"{type(exc).__name__}: {exc}")
            return
        await self._keep(row, data, content_type, time.monotonic() - started)

    async def _keep(self, row: dict, data: bytes, content_type: str, took: float) -> None:
        digest = hashlib.sha256(data).hexdigest()
        path = None
        if self.files is not None:
            path = await asyncio.to_thread(self.files.write, row["ticket_id"], row["id"], digest,
                                           EXTENSIONS[content_type], data)
        async with self.db.transaction() as conn:
            kept = await EvidenceRepo(conn).stored(
                row["id"], self.owner, content_type=content_type, size=len(data), sha256=digest,
                content=None if path else data, path=path, now=time.time())
        if not kept:
            # Erased while it was downloading (or the lease was lost): keep nothing.
            if path:
                await asyncio.to_thread(EvidenceFiles.remove, [path])
            log.info(json.dumps({"event": "evidence_discarded", "id": row["id"]}))
            return
        log.info(json.dumps({"event": "evidence_stored", "id": row["id"], "ticket": row["ticket_id"],
                             "kind": row["kind"], "type": content_type, "bytes": len(data),
                             "attempts": row["attempts"], "ms": round(took * 1000)}))

    async def _later(self, row: dict, error: str) -> None:
        error = scrub_url_secrets(error)
        delay = backoff(row["attempts"], self.retry_base)
        async with self.db.transaction() as conn:
            await EvidenceRepo(conn).retry_later(row["id"], self.owner, time.time() + delay, error)
        log.warning(json.dumps({"event": "evidence_retry", "id": row["id"], "attempts": row["attempts"],
                                "in_s": round(delay, 1), "error": error[:300]}))

    async def _transient(self, row: dict, error: str) -> None:
        """WeChat unreachable or busy: again later, for as long as WeChat may
        still have the media; past that, give up."""
        if time.time() + backoff(row["attempts"], self.retry_base) > row["received_at"] + MEDIA_LIFETIME:
            await self._give_up(row, "wechat_down", error)
        else:
            await self._later(row, error)

    async def _give_up(self, row: dict, reason: str, error: str) -> None:
        error = scrub_url_secrets(error)
        async with self.db.transaction() as conn:
            await EvidenceRepo(conn).failed(row["id"], self.owner, reason, error)
        self._to_report = True
        log.error(json.dumps({"event": "evidence_gave_up", "id": row["id"], "ticket": row["ticket_id"],
                              "reason": reason, "error": error[:300]}))

    async def report_failures(self) -> int:
        """One staff notice per ticket for the pieces given up since the
        last one (written with the marks that they were told: once)."""
        async with self.db.transaction() as conn:
            repo = EvidenceRepo(conn)
            rows = await repo.unreported_failures(REPORT_BATCH)
            if not rows:
                return 0
            by_ticket: dict[int, list[dict]] = {}
            for r in rows:
                by_ticket.setdefault(r["ticket_id"], []).append(r)
            for ticket_id, items in by_ticket.items():
                lines = "\n".join(self.catalog.text(STAFF_LOCALE, "evidence-failed-line", kind=r["kind"], n=r["seq"],
                                                    reason=r["reason"] or "refused") for r in items)
                notice = self.catalog.text(STAFF_LOCALE, "staff-evidence-failed", id=ticket_id, items=lines)
                key = "evidence-failed:" + ",".join(str(r["id"]) for r in items)
                await staff_notices.queue(conn, staff_notices.markdown(notice), key[:200])
            await repo.reported([r["id"] for r in rows], time.time())
            if len(rows) >= REPORT_BATCH:
                self._to_report = True  # more than one round's worth: the rest next round
        self.wake_sender()
        log.warning(json.dumps({"event": "evidence_failures_reported", "tickets": sorted(by_ticket),
                                "count": len(rows)}))
        return len(rows)
