"""Local HTTP servers that speak WeChat's API and the WeCom group robot's
protocol, for tests (the real ones cannot be reached from here)."""
from __future__ import annotations

import asyncio
import json
import secrets
import time

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
        # While set, the token endpoints answer this errcode (-1: system busy).
        self.token_errcode: int | None = None
        self.token_refusals = 0
        # Permanent QR codes (/cgi-bin/qrcode/create, /cgi-bin/showqrcode): scene_str by ticket.
        self.qrcodes: dict[str, str] = {}
        self.qr_image_calls: list[str] = []    # tickets whose image was asked for
        self.qr_image_type = "image/png"       # what showqrcode answers with ("image/jpeg": a JPEG)
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
        if request.path == "/cgi-bin/showqrcode":   # on mp.weixin.qq.com: no access token
            return self._show_qrcode(request)
        self.calls.append({"path": request.path, "query": dict(request.query), "json": doc,
                           "headers": dict(request.headers)})
        if request.path in ("/cgi-bin/token", "/cgi-bin/stable_token"):
            src = request.query if request.path.endswith("/token") else doc
            if src.get("appid") != self.app_id or src.get("secret") != self.secret:
                return web.json_response({"errcode": 40125, "errmsg": "invalid appsecret"})
            if self.token_errcode is not None:
                self.token_refusals += 1
                return web.json_response({"errcode": self.token_errcode, "errmsg": "system error"})
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
        if request.path == "/cgi-bin/qrcode/create":
            return self._create_qrcode(request, doc)
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

    def _create_qrcode(self, request: web.Request, doc: dict) -> web.Response:
        """生成带参数的二维码, permanent with a string scene: scene_str 1-64
        characters (40009-style refusal otherwise); the same scene gives the
        same ticket."""
        if request.method != "POST":
            return web.json_response({"errcode": 43002, "errmsg": "require POST method"})
        scene = ((doc.get("action_info") or {}).get("scene") or {}).get("scene_str")
        if doc.get("action_name") != "QR_LIMIT_STR_SCENE" or not isinstance(scene, str) \
                or not 1 <= len(scene) <= 64:
            return web.json_response({"errcode": 40097, "errmsg": "invalid args"})
        ticket = next((t for t, s in self.qrcodes.items() if s == scene), None)
        if ticket is None:
            ticket = "gQ" + secrets.token_urlsafe(24) + "=="
            self.qrcodes[ticket] = scene
        self.changed.set()
        return web.json_response({"ticket": ticket, "url": f"http://weixin.qq.com/q/{secrets.token_hex(8)}"})

    def _show_qrcode(self, request: web.Request) -> web.Response:
        """The image of a ticket (a real PNG, or JPEG when asked), 404 for a ticket it never gave."""
        ticket = request.query.get("ticket", "")
        self.qr_image_calls.append(ticket)
        scene = self.qrcodes.get(ticket)
        if scene is None:
            return web.Response(status=404, text="not found")
        return web.Response(body=fake_qr_image(scene, self.qr_image_type), content_type=self.qr_image_type)

    async def close(self) -> None:
        if self.server:
            await self.server.close()


def fake_qr_image(scene: str, content_type: str = "image/png") -> bytes:
    """A real image (430 px square as WeChat's) that differs by scene."""
    import hashlib
    import io

    from PIL import Image

    seed = hashlib.sha256(scene.encode()).digest()
    img = Image.new("L", (430, 430), 255)
    for i, byte in enumerate(seed):
        for bit in range(8):
            if byte >> bit & 1:
                x, y = (i % 8) * 40 + 55 + bit % 2 * 20, (i // 8) * 80 + 55 + bit // 2 * 20
                img.paste(0, (x, y, x + 20, y + 20))
    out = io.BytesIO()
    img.save(out, format="PNG" if content_type == "image/png" else "JPEG")
    return out.getvalue()


class FakeWeCom:
    """The staff group's robot webhook, with the real robot's limits: at
    most 20 messages a minute per key (45009 "api freq out of limit"
    beyond), markdown content over 4,096 bytes and text content over 2,048
    bytes (UTF-8) refused with 40058, an unknown key 93000, an unknown
    message type 40008. It can also be down (HTTP 500), stopped, answer
    chosen errcodes, or redirect elsewhere.

    `posts` are the messages it took, each with `_key` (the idempotency
    key, or the keys joined by commas for notices posted together),
    `_keys` (the list) and `_at` (when it took it); `refused` the ones it
    refused, with their `errcode`. `window` is the length of its "minute"
    (a test that needs a faster clock may shorten it)."""

    MARKDOWN_MAX_BYTES = 4096
    TEXT_MAX_BYTES = 2048

    def __init__(self, per_minute: int = 20, window: float = 60.0) -> None:
        self.key = secrets.token_hex(6)
        self.per_minute, self.window = per_minute, window
        self.posts: list[dict] = []
        self.refused: list[dict] = []
        self.failures = 0
        self.fail_next = 0
        self.errcode_next: list[int] = []   # answer the next posts with these errcodes
        self.redirect_to: str | None = None  # answer every post with a 302 to this address
        self.redirected: list[dict] = []    # requests that followed such a redirect
        # Seconds it takes to answer a post it took (the real robot answers in
        # a few hundred milliseconds; a test of pacing may want that).
        self.latency = 0.0
        self._taken: dict[str, list[float]] = {}
        self.server: TestServer | None = None
        self.changed = asyncio.Event()
        self.port: int | None = None
        app = web.Application()
        app.router.add_post("/cgi-bin/webhook/send", self.handle)
        app.router.add_route("*", "/elsewhere", self.elsewhere)
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

    @staticmethod
    def content(post: dict) -> str:
        return post["markdown"]["content"] if post.get("msgtype") == "markdown" else post["text"]["content"]

    def texts(self) -> list[str]:
        """The words of every text or markdown post (not the weekly report's
        chart, an image, which the bot may send whenever its week is due)."""
        return [self.content(p) for p in self.posts if p.get("msgtype") in ("text", "markdown")]

    def keys(self) -> list[str]:
        """The idempotency keys of every notice that arrived, in order (a
        post carrying several notices gives each of theirs)."""
        return [k for p in self.posts for k in p["_keys"]]

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

    def _refuse(self, doc: dict, code: int, errmsg: str) -> web.Response:
        self.refused.append({**doc, "errcode": code, "_at": time.time()})
        self.changed.set()
        return web.json_response({"errcode": code, "errmsg": f"{errmsg}, hint: [fake]"})

    async def handle(self, request: web.Request) -> web.Response:
        if self.fail_next > 0:
            self.fail_next -= 1
            self.failures += 1
            return web.Response(status=500, text="down")
        if self.redirect_to:
            raise web.HTTPFound(self.redirect_to)
        key = request.query.get("key")
        try:
            doc = json.loads(await request.read())
        except ValueError:
            return web.json_response({"errcode": 40035, "errmsg": "invalid json"})
        if key != self.key:
            return self._refuse(doc, 93000, "invalid webhook url")
        now = time.time()
        taken = [t for t in self._taken.get(key, []) if t > now - self.window]
        self._taken[key] = taken
        if len(taken) >= self.per_minute:
            return self._refuse(doc, 45009, "api freq out of limit")
        if self.errcode_next:
            return self._refuse(doc, self.errcode_next.pop(0), "refused by test")
        kind = doc.get("msgtype")
        if kind not in ("text", "markdown", "image", "news", "file", "template_card"):
            return self._refuse(doc, 40008, "invalid message type")
        if kind in ("text", "markdown"):
            content = (doc.get(kind) or {}).get("content")
            if not isinstance(content, str) or not content:
                return self._refuse(doc, 44004, "empty content")
            limit = self.MARKDOWN_MAX_BYTES if kind == "markdown" else self.TEXT_MAX_BYTES
            if len(content.encode("utf-8")) > limit:
                return self._refuse(doc, 40058, f"{kind}.content exceed max length {limit}. invalid Request Parameter")
        taken.append(now)
        keys = request.headers.getall("X-Idempotency-Key", [])
        self.posts.append({**doc, "_key": ",".join(keys) if keys else None, "_keys": list(keys), "_at": now})
        self.changed.set()
        if self.latency:
            await asyncio.sleep(self.latency)
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def elsewhere(self, request: web.Request) -> web.Response:
        self.redirected.append({"path": request.path, "query": dict(request.query)})
        return web.json_response({"errcode": 0, "errmsg": "ok"})


class FakeWeComAPI:
    """WeCom's qyapi for the console's web login: `cgi-bin/gettoken` (the
    corp id and secret checked: 40013, 40001) and `cgi-bin/auth/getuserinfo`
    (the token checked: 40014, or 42001 once `expire_tokens()`; a login code
    works once, else 40029; a code of someone outside the corp gives an
    openid, no userid)."""

    def __init__(self, corp_id: str = "wwcorp0001", secret: str = "wecom-secret", agent_id: str = "1000002") -> None:
        self.corp_id, self.secret, self.agent_id = corp_id, secret, agent_id
        self.codes: dict[str, dict] = {}
        self.tokens: set[str] = set()
        self.expired: set[str] = set()
        self.token_calls = 0
        self.calls: list[str] = []
        self.server: TestServer | None = None
        app = web.Application()
        app.router.add_get("/cgi-bin/gettoken", self.gettoken)
        app.router.add_get("/cgi-bin/auth/getuserinfo", self.getuserinfo)
        self.app = app

    async def start(self) -> "FakeWeComAPI":
        self.server = TestServer(self.app, host="127.0.0.1")
        await self.server.start_server()
        return self

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()

    @property
    def base(self) -> str:
        return str(self.server.make_url("")).rstrip("/")

    def login_code(self, userid: str | None = None, openid: str | None = None) -> str:
        """A member (userid) or an outsider (openid) scanned and agreed: their one-time code."""
        code = secrets.token_hex(8)
        self.codes[code] = {"userid": userid} if userid else {"openid": openid or "o_outsider"}
        return code

    def expire_tokens(self) -> None:
        self.expired |= self.tokens
        self.tokens.clear()

    async def gettoken(self, request: web.Request) -> web.Response:
        self.calls.append("gettoken")
        if request.query.get("corpid") != self.corp_id:
            return web.json_response({"errcode": 40013, "errmsg": "invalid corpid"})
        if request.query.get("corpsecret") != self.secret:
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential"})
        self.token_calls += 1
        token = secrets.token_hex(12)
        self.tokens.add(token)
        return web.json_response({"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200})

    async def getuserinfo(self, request: web.Request) -> web.Response:
        self.calls.append("getuserinfo")
        token = request.query.get("access_token", "")
        if token in self.expired:
            return web.json_response({"errcode": 42001, "errmsg": "access_token expired"})
        if token not in self.tokens:
            return web.json_response({"errcode": 40014, "errmsg": "invalid access_token"})
        who = self.codes.pop(request.query.get("code", ""), None)
        if who is None:
            return web.json_response({"errcode": 40029, "errmsg": "invalid code"})
        return web.json_response({"errcode": 0, "errmsg": "ok", **who})
