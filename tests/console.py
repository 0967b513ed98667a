"""Helpers for console tests: a staff member's own browser session (its own
cookies) against the bot of tests/conftest.py `Bot`."""
from __future__ import annotations

import re

import aiohttp

PASSWORD = "correct horse 42"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_ONCE = re.compile(r'name="once" value="([^"]+)"')


async def add_staff(bot, name: str, role: str = "staff", password: str = PASSWORD, wecom: str | None = None) -> int:
    from bot.console.accounts import StaffAccounts
    from bot.handlers.keys import DB

    async with bot.app[DB].transaction() as conn:
        return await StaffAccounts(conn).add(name, role, password, wecom)


class Browser:
    """One browser: cookies kept, the CSRF token taken from the last page."""

    def __init__(self, bot) -> None:
        self.bot = bot
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf = ""
        self.once = ""

    def url(self, path: str) -> str:
        return str(self.bot.client.make_url(path))

    async def close(self) -> None:
        await self.session.close()

    def _remember(self, text: str) -> None:
        m = _CSRF.search(text)
        if m:
            self.csrf = m.group(1)
        m = _ONCE.search(text)
        self.once = m.group(1) if m else ""

    async def get(self, path: str, **kw) -> tuple[int, str, aiohttp.ClientResponse]:
        async with self.session.get(self.url(path), allow_redirects=kw.pop("allow_redirects", False), **kw) as r:
            body = await r.read()
            text = body.decode("utf-8", "replace")
            if r.content_type == "text/html":
                self._remember(text)
            return r.status, text, r

    async def post(self, path: str, form: dict | None = None, *, csrf: bool = True,
                   **kw) -> tuple[int, str, aiohttp.ClientResponse]:
        data = dict(form or {})
        if csrf:
            data.setdefault("csrf", self.csrf)
        if self.once:
            data.setdefault("once", self.once)
        async with self.session.post(self.url(path), data=data, allow_redirects=False, **kw) as r:
            text = await r.text()
            if r.content_type == "text/html":
                self._remember(text)
            return r.status, text, r

    async def sign_out(self) -> int:
        await self.get("/console")          # the signed-in page's token
        status, _, _ = await self.post("/console/logout")
        return status

    async def sign_in(self, name: str, password: str = PASSWORD) -> tuple[int, str, aiohttp.ClientResponse]:
        await self.get("/console/login")
        return await self.post("/console/login", {"name": name, "password": password, "next": "/console"})


async def signed_in(bot, name: str, role: str = "staff") -> Browser:
    await add_staff(bot, name, role)
    b = Browser(bot)
    status, _, _ = await b.sign_in(name)
    assert status == 302
    await b.get("/console")
    return b
