"""What every console page uses (the interface of CONSOLE.md).

- `@page(role="staff")` on an HTML handler, `@data(role="staff")` on a
  CSV / Excel / image / JSON one. Not signed in: a page answers 302 to
  /console/login?next=…, data 401. Signed in with a lower role: 403.
  Roles: admin > staff > reviewer. `request["staff"]` is a StaffUser.
  (The middleware already turns away anyone not signed in from every
  /console URL but the sign-in pages and static files, decorated or not.)
- Every POST (PUT, PATCH, DELETE) under /console carries the CSRF token:
  form field `csrf` (templates: `{{ csrf_field() }}`) or header
  `X-CSRF-Token`; without it the middleware answers 403 before the handler.
- `render(request, "page/template.html", **context)`; templates extend
  `base.html` (blocks `title`, `content`), call `t("console-…", **vars)`,
  `csrf_field()`, and the filter `{{ ts|qz }}` (Quanzhou time).
  `tr(request, "console-…", **vars)` in Python.
- `await audit(conn, request, action, target, before=None, after=None)`
  in the transaction of the change. Put ids, statuses and staff data in
  before/after, not what a user wrote or their phone.
- `await once(request)`: False when this form (its hidden `once` field,
  `{{ once_field() }}`) was already submitted: a double click acts once.
- `console_deps(request, conn, msg_key)`: the bus's Deps, as a turn has.
- Content-Security-Policy: scripts and styles only from /console/static
  (no inline <script>; inline style attributes are allowed).
"""
from __future__ import annotations

import functools
import hmac
import json
import secrets
import time
from typing import Any, Awaitable, Callable
from urllib.parse import quote

import aiohttp_jinja2
from aiohttp import web
from markupsafe import Markup, escape

from bot.console.accounts import RANK, StaffAccounts, StaffUser
from bot.handlers.keys import CATALOG, DB, KV, SETTINGS, TURNS

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

PREFIX = "/console"
SESSION_COOKIE = "qzc_session"
CSRF_COOKIE = "qzc_csrf"
LANG_COOKIE = "qzc_lang"
SESSION_IDLE = 8 * 3600.0            # a session unused this long is gone
LOCALES = ("zh_CN", "en")
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
# The menu: (order, label id, href, least role), from the pages' NAV.
NAV_KEY: web.AppKey[list[tuple[int, str, str, str]]] = web.AppKey("console_nav")


# ---- sessions, in the key-value store ------------------------------------------------

def _session_key(request: web.Request, sid: str) -> str:
    kv = request.app[KV]
    return kv.key("console", "session", sid)


async def start_session(request: web.Request, response: web.StreamResponse, staff: StaffUser, how: str) -> None:
    """A new session (a new random id: nothing from before sign-in is kept)."""
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        await request.app[KV].delete(_session_key(request, old))
    sid = secrets.token_urlsafe(32)
    doc = {"staff_id": staff.id, "csrf": secrets.token_urlsafe(32), "how": how, "since": time.time()}
    await request.app[KV].set(_session_key(request, sid), json.dumps(doc), ttl=SESSION_IDLE)
    _set_cookie(request, response, SESSION_COOKIE, sid)


async def end_session(request: web.Request, response: web.StreamResponse) -> None:
    sid = request.cookies.get(SESSION_COOKIE)
    if sid:
        await request.app[KV].delete(_session_key(request, sid))
    response.del_cookie(SESSION_COOKIE, path=PREFIX)


def _secure(request: web.Request) -> bool:
    return request.app[SETTINGS].public_base_url.startswith("https://")


def _set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str,
                max_age: int | None = None) -> None:
    response.set_cookie(name, value, path=PREFIX, httponly=True, samesite="Lax", secure=_secure(request),
                        max_age=max_age)


async def _load_session(request: web.Request) -> None:
    request["staff"] = None
    request["session"] = None
    sid = request.cookies.get(SESSION_COOKIE)
    if not sid or len(sid) > 100:
        return
    kv = request.app[KV]
    raw = await kv.get(_session_key(request, sid))
    if raw is None:
        return
    try:
        doc = json.loads(raw)
        staff_id = int(doc["staff_id"])
    except (ValueError, KeyError, TypeError):
        return
    async with request.app[DB].reading() as conn:
        account = await StaffAccounts(conn).by_id(staff_id)
    if account is None or not account.active:      # disabled: signed out at once
        await kv.delete(_session_key(request, sid))
        return
    request["staff"] = account.user
    request["session"] = doc
    # Idle expiry: each request starts the 8 hours again.
    await kv.set(_session_key(request, sid), raw, ttl=SESSION_IDLE)


# ---- the middleware: sign-in, CSRF, locale, headers -----------------------------

def _kind(request: web.Request) -> str:
    """page | data | public, as the handler was declared (unknown: page)."""
    if request.path.startswith(PREFIX + "/static/"):
        return "public"
    handler = getattr(request.match_info, "handler", None)
    return getattr(handler, "console_kind", "page")


def login_url(request: web.Request) -> str:
    nxt = request.path_qs if request.method == "GET" else PREFIX
    return f"{PREFIX}/login?next={quote(nxt, safe='')}"


def _csrf_ok(request: web.Request, given: str | None) -> bool:
    if request["session"] is not None:
        expected = request["session"].get("csrf", "")
    else:
        expected = request.cookies.get(CSRF_COOKIE, "")
    return bool(expected and given) and hmac.compare_digest(str(expected), str(given))


def is_console_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


@web.middleware
async def console_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not is_console_path(request.path):
        return await handler(request)
    await _load_session(request)
    lang = request.query.get("lang")
    new_lang = lang if lang in LOCALES else None
    request["locale"] = new_lang or (request.cookies.get(LANG_COOKIE) if request.cookies.get(LANG_COOKIE)
                                     in LOCALES else "zh_CN")
    new_csrf = None
    if request["session"] is not None:
        request["csrf"] = request["session"]["csrf"]
    else:
        request["csrf"] = request.cookies.get(CSRF_COOKIE) or ""
        if not request["csrf"] or len(request["csrf"]) > 100:
            request["csrf"] = new_csrf = secrets.token_urlsafe(32)
    try:
        response = await _guarded(request, handler)
    except web.HTTPException as exc:
        _finish(request, exc, new_csrf, new_lang)
        raise
    _finish(request, response, new_csrf, new_lang)
    return response


def _finish(request: web.Request, response: web.StreamResponse, new_csrf: str | None, new_lang: str | None) -> None:
    if new_csrf is not None:
        _set_cookie(request, response, CSRF_COOKIE, new_csrf)
    if new_lang is not None:
        _set_cookie(request, response, LANG_COOKIE, new_lang, max_age=365 * 86400)
    if not request.path.startswith(PREFIX + "/static/"):
        response.headers.setdefault("Cache-Control", "no-store")     # staff pages hold personal data
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


async def _guarded(request: web.Request, handler: Handler) -> web.StreamResponse:
    kind = _kind(request)
    if kind != "public" and request["staff"] is None:
        if kind == "data":
            raise web.HTTPUnauthorized(text="sign in first\n")
        raise web.HTTPFound(login_url(request))
    if request.method in UNSAFE:
        given = request.headers.get("X-CSRF-Token")
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                form = await request.post()     # read once here: the handler gets it from the cache
            except (ValueError, UnicodeDecodeError, AssertionError):
                return render(request, "error.html", status=400, message=tr(request, "console-bad-form"))
            value = form.get("csrf")
            if given is None:
                given = value if isinstance(value, str) else None
        if not _csrf_ok(request, given):
            return render(request, "error.html", status=403, message=tr(request, "console-csrf-refused"))
    return await handler(request)


# ---- decorators ------------------------------------------------------------------------

def _guard(kind: str, role: str) -> Callable[[Handler], Handler]:
    if role not in RANK:
        raise ValueError(f"unknown role {role!r}")

    def decorate(fn: Handler) -> Handler:
        @functools.wraps(fn)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            staff: StaffUser | None = request.get("staff")
            if staff is None:
                if kind == "data":
                    raise web.HTTPUnauthorized(text="sign in first\n")
                raise web.HTTPFound(login_url(request))
            if not staff.can(role):
                if kind == "data":
                    raise web.HTTPForbidden(text="not allowed\n")
                return render(request, "error.html", status=403, message=tr(request, "console-forbidden"))
            return await fn(request)
        wrapper.console_kind = kind          # type: ignore[attr-defined]
        wrapper.console_role = role          # type: ignore[attr-defined]
        return wrapper
    return decorate


def page(role: str = "staff") -> Callable[[Handler], Handler]:
    """An HTML page for staff of at least `role`."""
    return _guard("page", role)


def data(role: str = "staff") -> Callable[[Handler], Handler]:
    """A download or data answer (CSV, Excel, image, JSON) for staff of at least `role`."""
    return _guard("data", role)


def public(fn: Handler) -> Handler:
    """A console URL open without signing in (the sign-in pages only)."""
    fn.console_kind = "public"               # type: ignore[attr-defined]
    return fn


# ---- texts and templates -----------------------------------------------------------------

def tr(request: web.Request, msg_id: str, **vars: Any) -> str:
    return request.app[CATALOG].text(request.get("locale") or "zh_CN", msg_id, **vars)


def base_context(request: web.Request) -> dict[str, Any]:
    """What every template may use: who is signed in, the CSRF token, the
    locale and the menu links they may follow."""
    staff = request.get("staff")
    nav = [(label, href) for _, label, href, role in request.app.get(NAV_KEY, [])
           if staff is not None and staff.can(role)]
    return {"request": request, "staff": staff, "csrf": request.get("csrf") or "",
            "lang": request.get("locale") or "zh_CN", "nav": nav}


RESERVED = frozenset({"t", "csrf_field", "once_field"})     # the templates' functions


def render(request: web.Request, template: str, *, status: int = 200, **context: Any) -> web.Response:
    clash = RESERVED & context.keys()
    if clash:
        raise ValueError(f"a template variable may not be named {sorted(clash)}: the templates' functions")
    return aiohttp_jinja2.render_template(template, request, {**base_context(request), **context}, status=status)


def csrf_field(request: web.Request) -> Markup:
    return Markup('<input type="hidden" name="csrf" value="%s">') % escape(request.get("csrf") or "")


def once_field() -> Markup:
    return Markup('<input type="hidden" name="once" value="%s">') % secrets.token_urlsafe(16)


async def once(request: web.Request) -> bool:
    """True the first time this form (its `once` field) is submitted; a
    form without one always acts."""
    form = await request.post()
    token = form.get("once")
    if not isinstance(token, str) or not token:
        return True
    kv = request.app[KV]
    return await kv.set_if_absent(kv.key("console", "once", token[:64]), "1", ttl=86400)


# ---- the audit log ---------------------------------------------------------------------------

def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


async def audit(conn, request: web.Request, action: str, target: str, before: Any = None, after: Any = None,
                *, staff: StaffUser | None = None) -> None:
    """Who (the signed-in staff member, or `staff` when signing in), what,
    when, before and after, in the caller's transaction."""
    from sqlalchemy import insert

    from bot.store.tables import audit_log

    staff = staff or request.get("staff")
    await conn.execute(insert(audit_log).values(
        at=time.time(), staff_id=staff.id if staff else None, staff_name=staff.name if staff else "-",
        action=action[:60], target=str(target)[:120], before=_json(before), after=_json(after)))


# ---- the bus, as a turn has it -------------------------------------------------------------

def staff_ident(staff: StaffUser) -> str:
    """How a console staff member is named where the typed commands put a
    staff openid (ticket_messages.staff_openid)."""
    return f"console:{staff.name}"[:64]


def console_deps(request: web.Request, conn, msg_key: str = ""):
    """The bus's Deps for a console action, in this unit of work (the
    handlers that check STAFF_OPENIDS refuse it: call the services they
    call, e.g. `deps.services["tickets"]`)."""
    staff: StaffUser = request["staff"]
    return request.app[TURNS].deps(conn, staff_ident(staff), msg_key=msg_key or f"console:{secrets.token_hex(8)}")
