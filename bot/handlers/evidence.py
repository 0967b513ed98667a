"""Complaint evidence at the edge: downloading it from WeChat's media API,
and serving it to staff through signed, expiring links.

    GET {WECHAT_API_BASE}/cgi-bin/media/get?access_token=…&media_id=…
        the file itself (Content-Type image/jpeg, audio/amr …), or JSON
        {"errcode": 40007, "errmsg": "invalid media_id"} when WeChat no
        longer has it (temporary media live three days).

    GET /evidence/{id}?exp=…&sig=…
        the bytes, with their type and `Cache-Control: private, no-store`;
        403 for a link that is not ours or has expired, saying nothing
        about the evidence.
"""
from __future__ import annotations

import asyncio
import json
import logging
import socket
import time

import aiohttp
from aiohttp import web

from bot.handlers.keys import CATALOG, DB, SETTINGS
from bot.handlers.outbound import BUSY, TOKEN_ERRORS, TransientError, WeChatAPI, WeChatError
from bot.services import evidence
from bot.store.repos import EvidenceRepo

log = logging.getLogger("bot.evidence")

STAFF_LOCALE = "zh_CN"
EXPIRED = {40007}                 # invalid media_id: expired, or never this account's
_JSON_TYPES = ("application/json", "text/plain", "text/html")


# ---------------------------------------------------------------- from WeChat

async def get_media(api: WeChatAPI, media_id: str, kind: str) -> tuple[bytes, str]:
    """The media's bytes and the type WeChat declared. A refused token is
    refreshed once; WeChat busy, 5xx and network trouble are TransientError;
    WeChat's refusals are MediaRefused; more than WeChat's own limit for the
    kind is refused without reading it all."""
    limit = evidence.MAX_BYTES[kind]
    try:
        token = await api.access_token()
    except WeChatError as exc:  # wrong AppSecret, IP not allow-listed: may be fixed in time
        raise TransientError(f"access token: {exc}") from exc
    for attempt in (1, 2):
        try:
            async with api.session.get(f"{api.base}/cgi-bin/media/get",
                                       params={"access_token": token, "media_id": media_id},
                                       timeout=aiohttp.ClientTimeout(total=evidence.DOWNLOAD_TIMEOUT - 5)) as resp:
                if resp.status >= 500 or resp.status == 429:
                    raise TransientError(f"HTTP {resp.status} from the media API")
                if resp.status >= 400:
                    raise TransientError(f"HTTP {resp.status} from the media API")
                declared = resp.headers.get("Content-Type", "")
                if resp.content_length is not None and resp.content_length > limit:
                    raise evidence.MediaRefused("too_large", f"{resp.content_length} bytes", permanent=True)
                body = await _read_capped(resp, limit)
        except (aiohttp.ClientError, asyncio.TimeoutError, socket.gaierror) as exc:
            raise TransientError(f"{type(exc).__name__}: {exc}") from exc
        if not _is_error_document(declared, body):
            if declared.lower().startswith("text/"):
                # A proxy's or gateway's page, not WeChat's media: try again later.
                raise TransientError(f"a {declared.split(';')[0]} page instead of the media")
            return body, declared
        try:
            doc = json.loads(body)
        except ValueError as exc:
            raise TransientError("an unreadable answer from the media API") from exc
        code = int(doc.get("errcode", 0) or 0) if isinstance(doc, dict) else 0
        if code in TOKEN_ERRORS and attempt == 1:
            token = await api.access_token(stale=token)
            continue
        if code in BUSY:
            raise TransientError(f"WeChat busy: errcode {code}")
        if code in EXPIRED:
            raise evidence.MediaRefused("expired", f"errcode {code}: {str(doc.get('errmsg', ''))[:100]}")
        if isinstance(doc, dict) and doc.get("video_url"):
            raise evidence.MediaRefused("bad_type", "a video (only photos and voice are kept)", permanent=True)
        raise evidence.MediaRefused("refused", f"errcode {code}: {str(doc.get('errmsg', ''))[:100]}")
    raise TransientError("access token refused twice")


async def _read_capped(resp: aiohttp.ClientResponse, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in resp.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise evidence.MediaRefused("too_large", f"more than {limit} bytes", permanent=True)
        chunks.append(chunk)
    return b"".join(chunks)


def _is_error_document(declared: str, body: bytes) -> bool:
    """WeChat answers errors with a small JSON document (its Content-Type
    varies: application/json, text/plain)."""
    kind = declared.split(";", 1)[0].strip().lower()
    return (kind in _JSON_TYPES or not kind) and body[:1] == b"{" and len(body) < 4096


# ---------------------------------------------------------------- to staff

_PRIVATE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer"}


def _text(request: web.Request, status: int, msg_id: str, **vars) -> web.Response:
    text = request.app[CATALOG].text(STAFF_LOCALE, msg_id, **vars)
    return web.Response(status=status, text=text, content_type="text/plain", charset="utf-8",
                        headers=_PRIVATE)


async def serve(request: web.Request) -> web.Response:
    """One piece of evidence, for a link the bot signed and that has not
    expired. Anything else gets the same 403, whether or not it exists."""
    settings = request.app[SETTINGS]
    key = evidence.link_key(settings)
    now = time.time()
    try:
        evidence_id = int(request.match_info["id"])
        expires = int(request.query.get("exp", ""))
        sig = request.query.get("sig", "")
    except ValueError:
        return _text(request, 403, "evidence-http-forbidden")
    if key is None or not sig or expires < now or not 0 < evidence_id < 2**31:
        return _text(request, 403, "evidence-http-forbidden")
    async with request.app[DB].reading() as conn:
        repo = EvidenceRepo(conn)
        row = await repo.get(evidence_id)
        if row is None or not evidence.signed(key, evidence_id, row["nonce"], expires, sig, now):
            return _text(request, 403, "evidence-http-forbidden")
        data = await repo.content(evidence_id) if row["status"] == "stored" and not row["path"] else None
    if row["status"] == "pending":
        response = _text(request, 503, "evidence-http-pending")
        response.headers["Retry-After"] = "30"
        return response
    if row["status"] != "stored":
        return _text(request, 410, "evidence-http-gone", reason=row["reason"] or "refused")
    if row["path"]:
        data = await asyncio.to_thread(evidence.EvidenceFiles.read, row["path"])
    if data is None:
        return _text(request, 410, "evidence-http-gone", reason="erased")
    ext = evidence.EXTENSIONS.get(row["content_type"], "bin")
    name = f"ticket-{row['ticket_id']}-{'photo' if row['kind'] == 'image' else 'voice'}-{row['seq']}.{ext}"
    log.info(json.dumps({"event": "evidence_opened", "id": evidence_id, "ticket": row["ticket_id"]}))
    return web.Response(body=data, headers={
        **_PRIVATE, "Content-Type": row["content_type"],
        "Content-Disposition": f'inline; filename="{name}"',
        # Shown as what it is, never run: no scripts, no plugins, nothing loaded from elsewhere.
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "X-Evidence-SHA256": row["sha256"] or "",
    })
