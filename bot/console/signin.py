"""Signing in and out, and the console's home page.

Local accounts: name and password (argon2). Failed attempts are counted
in the key-value store per name and per address: past the limit, the next
attempt is refused without checking the password, kindly, until the
window has passed since the last failure."""
from __future__ import annotations

import json
import logging
import time

from aiohttp import web

from bot.console.accounts import StaffAccounts
from bot.console.web import PREFIX, audit, end_session, page, public, render, start_session, tr
from bot.handlers.keys import DB, KV, SETTINGS

log = logging.getLogger("bot.console")

FAILURES_PER_NAME = 5
FAILURES_PER_ADDRESS = 20     # an office behind one address: several people
FAILURE_WINDOW = 15 * 60.0


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a console path only (never another site)."""
    if not value or not value.startswith(PREFIX) or value.startswith("//") or "\\" in value:
        return PREFIX
    if any(ord(ch) < 32 for ch in value):
        return PREFIX
    return value


def _wecom_url(request: web.Request, nxt: str) -> str:
    from urllib.parse import quote

    if not request.app[SETTINGS].staff_wecom_enabled:
        return ""
    return f"{PREFIX}/wecom/start?next={quote(nxt, safe='')}"


def _address(request: web.Request) -> str:
    return request.remote or "-"


def _fail_keys(request: web.Request, name: str) -> tuple[str, str]:
    kv = request.app[KV]
    return (kv.key("console", "fail", "name", name.strip().lower()[:64]),
            kv.key("console", "fail", "ip", _address(request)))


async def _count(request: web.Request, key: str) -> int:
    raw = await request.app[KV].get(key)
    try:
        return int(raw) if raw else 0
    except ValueError:
        return 0


async def _limited(request: web.Request, name: str) -> bool:
    by_name, by_ip = _fail_keys(request, name)
    return (await _count(request, by_name) >= FAILURES_PER_NAME
            or await _count(request, by_ip) >= FAILURES_PER_ADDRESS)


async def _failed(request: web.Request, name: str) -> None:
    kv = request.app[KV]
    for key in _fail_keys(request, name):
        await kv.set(key, str(await _count(request, key) + 1), ttl=FAILURE_WINDOW)


@public
async def login_form(request: web.Request) -> web.StreamResponse:
    if request.get("staff") is not None:
        raise web.HTTPFound(safe_next(request.query.get("next")))
    nxt = safe_next(request.query.get("next"))
    return render(request, "signin/login.html", next=nxt, name="", error="", wecom_url=_wecom_url(request, nxt))


@public
async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    name = str(form.get("name") or "").strip()[:64]
    password = str(form.get("password") or "")[:1024]
    nxt = safe_next(str(form.get("next") or ""))
    if not name or not password:
        return render(request, "signin/login.html", wecom_url=_wecom_url(request, nxt), status=400, next=nxt, name=name,
                      error=tr(request, "console-login-missing"))
    if await _limited(request, name):
        log.warning(json.dumps({"event": "console_login_limited", "address": _address(request)}))
        return render(request, "signin/login.html", wecom_url=_wecom_url(request, nxt), status=429, next=nxt, name=name,
                      error=tr(request, "console-login-wait", minutes=int(FAILURE_WINDOW // 60)))
    async with request.app[DB].transaction() as conn:
        account = await StaffAccounts(conn).check_password(name, password)
        if account is not None:
            await StaffAccounts(conn).signed_in(account.id, time.time())
            await audit(conn, request, "console.sign_in", f"staff:{account.id}", after={"how": "password"},
                        staff=account.user)
    if account is None:
        await _failed(request, name)
        log.info(json.dumps({"event": "console_login_failed", "address": _address(request)}))
        return render(request, "signin/login.html", wecom_url=_wecom_url(request, nxt), status=401, next=nxt, name=name,
                      error=tr(request, "console-login-wrong"))
    response = web.HTTPFound(nxt)
    await start_session(request, response, account.user, "password")
    log.info(json.dumps({"event": "console_login", "staff": account.id}))
    raise response


@public
async def logout(request: web.Request) -> web.StreamResponse:
    response = web.HTTPFound(f"{PREFIX}/login")
    if request.get("staff") is not None:
        async with request.app[DB].transaction_now() as conn:
            await audit(conn, request, "console.sign_out", f"staff:{request['staff'].id}")
    await end_session(request, response)
    raise response


@page(role="reviewer")
async def home(request: web.Request) -> web.StreamResponse:
    return render(request, "home/index.html")


def add_routes(router: web.UrlDispatcher, prefix: str) -> None:
    router.add_get(prefix, home)
    router.add_get(prefix + "/", home)
    router.add_get(prefix + "/login", login_form)
    router.add_post(prefix + "/login", login)
    router.add_post(prefix + "/logout", logout)
