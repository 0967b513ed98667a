"""Local HTTP servers that speak WeChat's API and the WeCom group robot's
protocol, for tests (the real ones cannot be reached from here)."""
from __future__ import annotations

import asyncio
import json
import secrets

from aiohttp import web
from aiohttp.test_utils import TestServer


class FakeWeChatAPI:
    def __init__(self, app_id: str, secret: str) -> None:
        self.app_id, self.secret = app_id, secret
        self.valid: set[str] = set()
        self.token_calls = 0
        self.messages: list[dict] = []      # accepted custom/template messages
        self.refused: list[dict] = []
        self.calls: list[dict] = []
        self.errcode_next: list[int] = []   # answer the next sends with these errcodes
        self.down = False                   # every call answered HTTP 503 (WeChat having an outage)
        self.down_calls = 0
        # Temporary media (/cgi-bin/media/get): what users sent, by media id.
        self.media: dict[str, tuple[bytes, str]] = {}
        self.expired: set[str] = set()      # media WeChat has deleted (after its 3 days): 40007
        self.media_calls: list[str] = []    # media ids asked for, with a valid token, in order
        self.media_delay = 0.0              # seconds each media download takes (a slow network)
        self.server: TestServer | None = None
        self.changed = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        self.app = app

    async def start(self) -> "FakeWeChatAPI":
        self.server = TestServer(self.app, host="127.0.0.1")
        await self.server.start_server()
        return self

    @property
    def base(self) -> str:
        return str(self.server.make_url("")).rstrip("/")

    def expire_tokens(self) -> None:
        self.valid.clear()

    def add_media(self, media_id: str, data: bytes, content_type: str) -> str:
        """Media a user sent (a photo, a voice message): downloadable until expired."""
        self.media[media_id] = (data, content_type)
        return media_id

    def expire_media(self, *media_ids: str) -> None:
        """WeChat deleted these (temporary media live three days)."""
        self.expired.update(media_ids)

    def texts_to(self, openid: str) -> list[str]:
        return [m["text"]["content"] for m in self.messages if m.get("touser") == openid and "text" in m]

    async def wait_messages(self, count: int, timeout: float = 10.0) -> list[dict]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(self.messages) < count and loop.time() < deadline:
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), max(0.01, deadline - loop.time()))
            except asyncio.TimeoutError:
                break
        return list(self.messages)

    async def handle(self, request: web.Request) -> web.Response:
        if self.down:
            self.down_calls += 1
            return web.Response(status=503, text="down")
        body = await request.read()
        doc = json.loads(body) if body else {}
        self.calls.append({"path": request.path, "query": dict(request.query), "json": doc,
                           "headers": dict(request.headers)})
        if request.path in ("/cgi-bin/token", "/cgi-bin/stable_token"):
            src = request.query if request.path.endswith("/token") else doc
            if src.get("appid") != self.app_id or src.get("secret") != self.secret:
                return web.json_response({"errcode": 40125, "errmsg": "invalid appsecret"})
            self.token_calls += 1
            tok = "TOKEN_" + secrets.token_hex(8)
            self.valid.add(tok)
            return web.json_response({"access_token": tok, "expires_in": 7200})
        if request.query.get("access_token") not in self.valid:
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential"})
        if self.errcode_next:
            code = self.errcode_next.pop(0)
            self.refused.append({**doc, "errcode": code})
            self.changed.set()
            return web.json_response({"errcode": code, "errmsg": "refused by test"})
        if request.path == "/cgi-bin/media/get":
            return await self._media(request)
        if request.path in ("/cgi-bin/message/custom/send", "/cgi-bin/message/template/send"):
            self.messages.append({**doc, "_path": request.path,
                                  "_key": request.headers.get("X-Idempotency-Key")})
            self.changed.set()
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def _media(self, request: web.Request) -> web.StreamResponse:
        """获取临时素材: the file with WeChat's headers, or 40007 for a media
        id it does not have (never sent, or deleted after three days)."""
        media_id = request.query.get("media_id", "")
        self.media_calls.append(media_id)
        self.changed.set()
        if self.media_delay:
            await asyncio.sleep(self.media_delay)
        found = self.media.get(media_id)
        if found is None or media_id in self.expired:
            return web.Response(text=json.dumps({"errcode": 40007, "errmsg": "invalid media_id"}),
                                content_type="application/json")
        data, content_type = found
        ext = {"image/jpeg": "jpg", "image/png": "png", "audio/amr": "amr"}.get(content_type, "bin")
        return web.Response(body=data, headers={
            "Content-Type": content_type, "Content-disposition": f'attachment; filename="{media_id}.{ext}"',
            "Cache-Control": "no-cache, must-revalidate"})

    async def close(self) -> None:
        if self.server:
            await self.server.close()


class FakeWeCom:
    """The staff group's robot webhook; can be down (HTTP 500) or stopped."""

    def __init__(self) -> None:
        self.key = secrets.token_hex(6)
        self.posts: list[dict] = []
        self.failures = 0
        self.fail_next = 0
        self.server: TestServer | None = None
        self.changed = asyncio.Event()
        self.port: int | None = None
        app = web.Application()
        app.router.add_post("/cgi-bin/webhook/send", self.handle)
        self.app = app

    async def start(self) -> "FakeWeCom":
        self.server = TestServer(self.app, host="127.0.0.1", port=self.port)
        await self.server.start_server()
        self.port = self.server.port
        return self

    async def stop(self) -> None:
        if self.server:
            await self.server.close()
            self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cgi-bin/webhook/send?key={self.key}"

    def texts(self) -> list[str]:
        return [p["markdown"]["content"] if p.get("msgtype") == "markdown" else p["text"]["content"]
                for p in self.posts]

    async def wait_posts(self, count: int, timeout: float = 10.0) -> list[dict]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(self.posts) < count and loop.time() < deadline:
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), max(0.01, deadline - loop.time()))
            except asyncio.TimeoutError:
                break
        return list(self.posts)

    async def handle(self, request: web.Request) -> web.Response:
        if self.fail_next > 0:
            self.fail_next -= 1
            self.failures += 1
            return web.Response(status=500, text="down")
        if request.query.get("key") != self.key:
            return web.json_response({"errcode": 93000, "errmsg": "invalid webhook url"})
        doc = await request.json()
        self.posts.append({**doc, "_key": request.headers.get("X-Idempotency-Key")})
        self.changed.set()
        return web.json_response({"errcode": 0, "errmsg": "ok"})
