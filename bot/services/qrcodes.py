"""Markets' QR codes for print (#15, the staff console's markets page).

A market's poster carries a permanent QR code of the official account with
the market's scene id: a worker who scans it follows the account (or opens
it) and the bot knows which market they stand at (bot/turn/conversation.py,
`subscribe_scan` / `SCAN`). WeChat makes the code
(developers.weixin.qq.com, "Generating a Parametric QR Code", read 2026-12-06):

* `POST {WECHAT_API_BASE}/cgi-bin/qrcode/create?access_token=…` with
  `{"action_name": "QR_LIMIT_STR_SCENE", "action_info": {"scene":
  {"scene_str": SCENE}}}` → `{"ticket": …, "url": …}`; a scene_str is 1-64
  characters, and an account has at most 100,000 permanent codes;
* `GET https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=…` (no access
  token) → the image.

So each code is made once and kept (table `qr_codes`, by scene id); asking
again gives the kept image. Two processes asked at once make it once (a lock
in the key-value store). The image is kept as PNG (WeChat's, or converted).
"""
from __future__ import annotations

import asyncio
import io
import json
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import aiohttp
from sqlalchemy import func, insert, select

from bot.refdata import MAX_SCENE_LENGTH
from bot.store.kv import LockTimeout
from bot.store.tables import markets, qr_codes

if TYPE_CHECKING:
    from bot.handlers.outbound import WeChatAPI
    from bot.store.db import Database
    from bot.store.kv import KeyValueStore

log = logging.getLogger("bot.qrcodes")

PERMANENT_LIMIT = 100_000          # WeChat's cap on permanent QR codes per account
DEFAULT_API_BASE = "https://api.weixin.qq.com"
SHOW_BASE = "https://mp.weixin.qq.com"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_IMAGE_BYTES = 2 * 1024 * 1024


class QRCodeError(Exception):
    """The code cannot be had now; `reason` is a catalog selector
    (console-qr-error: no-wechat | no-scene | limit | refused | unreachable),
    `detail` what WeChat said (for the log and staff)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail = reason, detail


@dataclass(frozen=True)
class QRCode:
    scene: str
    market_code: str
    url: str
    image: bytes                    # PNG
    created_at: float


def show_base(api_base: str) -> str:
    """Where the image is fetched: WeChat's mp host for the real API; the
    same base when WECHAT_API_BASE points elsewhere (a proxy, the tests'
    fake WeChat), which then serves both."""
    base = api_base.rstrip("/")
    return SHOW_BASE if base == DEFAULT_API_BASE else base


def check_scene(scene: str) -> None:
    if not scene or len(scene) > MAX_SCENE_LENGTH or scene != scene.strip():
        raise QRCodeError("no-scene", f"scene id {scene!r} must be 1-{MAX_SCENE_LENGTH} characters")


def as_png(data: bytes) -> bytes:
    """The image as PNG (WeChat may answer JPEG); ValueError when it is no image."""
    if data.startswith(PNG_MAGIC):
        return data
    from PIL import Image, UnidentifiedImageError   # Pillow comes with matplotlib

    try:
        with Image.open(io.BytesIO(data)) as img:
            out = io.BytesIO()
            img.convert("RGB").save(out, format="PNG")
            return out.getvalue()
    except (UnidentifiedImageError, OSError) as exc:
        raise ValueError(f"not an image ({exc})") from None


async def kept(conn, scene: str) -> QRCode | None:
    row = (await conn.execute(select(qr_codes).where(qr_codes.c.scene == scene))).mappings().first()
    if row is None:
        return None
    return QRCode(row["scene"], row["market_code"], row["url"], bytes(row["image"]), float(row["created_at"]))


async def kept_for(conn, market_code: str) -> dict[str, QRCode]:
    """The codes made for a market, by scene."""
    rows = (await conn.execute(select(qr_codes).where(qr_codes.c.market_code == market_code))).mappings().all()
    return {r["scene"]: QRCode(r["scene"], r["market_code"], r["url"], bytes(r["image"]), float(r["created_at"]))
            for r in rows}


async def used_scenes(conn) -> set[str]:
    """Every scene id in use: on markets (offered or not) and on codes made
    (a printed poster of a retired market keeps its scene: never reused)."""
    used: set[str] = set((await conn.execute(select(qr_codes.c.scene))).scalars().all())
    for raw in (await conn.execute(select(markets.c.scenes))).scalars().all():
        used.update(json.loads(raw or "[]"))
    return used


async def next_scene(conn) -> str:
    """A new market's scene id: the next number after the highest in use
    (the seed's are 101, 102 …)."""
    used = await used_scenes(conn)
    numbers = [int(s) for s in used if s.isdigit()]
    return str(max(numbers, default=100) + 1)


async def market_scenes(conn, code: str) -> list[str]:
    raw = (await conn.execute(select(markets.c.scenes).where(markets.c.code == code))).scalar_one_or_none()
    return list(json.loads(raw or "[]"))


class QRMaker:
    """Makes a scene's code through WeChat once and keeps it."""

    def __init__(self, db: "Database", kv: "KeyValueStore", wechat: "WeChatAPI | None") -> None:
        self.db, self.kv, self.wechat = db, kv, wechat

    async def get(self, scene: str, market_code: str) -> tuple[QRCode, bool]:
        """The code of `scene` (a scene of `market_code`), made now if it
        never was; whether it was made now."""
        check_scene(scene)
        async with self.db.reading() as conn:
            have = await kept(conn, scene)
        if have is not None:
            return have, False
        if self.wechat is None:
            raise QRCodeError("no-wechat")
        try:
            return await self._make(scene, market_code)
        except LockTimeout:   # another process has been making it for long: WeChat is slow
            raise QRCodeError("unreachable", "another process is still asking WeChat") from None

    async def _make(self, scene: str, market_code: str) -> tuple[QRCode, bool]:
        async with self.kv.lock(f"qrcode-{scene}", ttl=30, wait=25):
            async with self.db.reading() as conn:
                have = await kept(conn, scene)
                count = int((await conn.execute(select(func.count()).select_from(qr_codes))).scalar_one())
            if have is not None:
                return have, False
            if count >= PERMANENT_LIMIT:
                raise QRCodeError("limit", f"{count} permanent codes made")
            ticket, url = await self._create(scene)
            image = await self._image(ticket)
            code = QRCode(scene, market_code, url, image, time.time())
            async with self.db.transaction() as conn:
                await conn.execute(insert(qr_codes).values(
                    scene=scene, market_code=market_code, ticket=ticket, url=url, image=image,
                    created_at=code.created_at))
            log.info(json.dumps({"event": "qrcode_made", "scene": scene, "market": market_code}))
            return code, True

    async def _create(self, scene: str) -> tuple[str, str]:
        from bot.handlers.outbound import TransientError, WeChatError

        assert self.wechat is not None
        try:
            doc = await self.wechat.call("/cgi-bin/qrcode/create", {
                "action_name": "QR_LIMIT_STR_SCENE", "action_info": {"scene": {"scene_str": scene}}})
        except WeChatError as exc:
            raise QRCodeError("refused", f"errcode {exc.errcode} {exc.errmsg}".strip()) from None
        except TransientError as exc:
            raise QRCodeError("unreachable", str(exc)) from None
        ticket = doc.get("ticket")
        if not isinstance(ticket, str) or not ticket:
            raise QRCodeError("refused", "no ticket in WeChat's answer")
        return ticket, str(doc.get("url") or "")

    async def _image(self, ticket: str) -> bytes:
        assert self.wechat is not None
        url = f"{show_base(self.wechat.base)}/cgi-bin/showqrcode?ticket={quote(ticket, safe='')}"
        try:
            async with self.wechat.session.get(url, allow_redirects=False) as resp:
                if resp.status != 200:
                    raise QRCodeError("unreachable", f"HTTP {resp.status} for the image")
                data = await resp.content.read(MAX_IMAGE_BYTES + 1)
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise QRCodeError("unreachable", f"{type(exc).__name__}: {exc}") from None
        if len(data) > MAX_IMAGE_BYTES:
            raise QRCodeError("refused", "the image is too large")
        try:
            return as_png(data)
        except ValueError as exc:
            raise QRCodeError("refused", str(exc)) from None


def describe(code: Any) -> dict:
    """What the audit log keeps of a code (never the image)."""
    return {"scene": code.scene, "market": code.market_code, "url": code.url}
