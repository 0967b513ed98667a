"""WeCom web login for the console (WeCom web authorisation and QR-code login).

Configured by STAFF_WECOM_CORP_ID, STAFF_WECOM_AGENT_ID and
STAFF_WECOM_SECRET. /console/wecom/start sends the browser to WeCom: inside
WeCom's own browser to the OAuth page (silent, scope snsapi_base), elsewhere
to the QR-code login page; WeCom comes back to /console/wecom/callback with
a one-time `code` and our `state` (random, kept ten minutes in the store,
used once: a forged or replayed callback signs nobody in). The code is
exchanged for the member's userid (qyapi `cgi-bin/gettoken`, then
`cgi-bin/auth/getuserinfo`), and the userid must belong to an active staff
user (`python -m bot staff-user add NAME --wecom USERID`).
"""
from __future__ import annotations

import json
import logging
import secrets
import time
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

from bot.console.accounts import StaffAccounts
from bot.console.signin import safe_next
from bot.console.web import PREFIX, audit, public, render, start_session, tr
from bot.handlers.keys import DB, KV, SETTINGS
from bot.settings import Settings

log = logging.getLogger("bot.console.wecom")

OAUTH_URL = "https://open.weixin.qq.com/connect/oauth2/authorize"
QR_URL = "https://open.work.weixin.qq.com/wwopen/sso/qrConnect"
STATE_TTL = 600.0
# An access token that WeCom says is wrong or expired: fetched again, once.
TOKEN_ERRORS = (40014, 42001)


class WeComError(Exception):
    """WeCom refused, or could not be reached (said in the log without secrets)."""


def callback_url(request: web.Request) -> str:
    base = request.app[SETTINGS].public_base_url or f"{request.scheme}://{request.host}"
    return f"{base}{PREFIX}/wecom/callback"


def authorize_url(settings: Settings, redirect_uri: str, state: str, in_wecom: bool) -> str:
    if in_wecom:
        query = urlencode({"appid": settings.staff_wecom_corp_id, "redirect_uri": redirect_uri,
                           "response_type": "code", "scope": "snsapi_base", "state": state,
                           "agentid": settings.staff_wecom_agent_id})
        return f"{OAUTH_URL}?{query}#wechat_redirect"
    query = urlencode({"appid": settings.staff_wecom_corp_id, "agentid": settings.staff_wecom_agent_id,
                       "redirect_uri": redirect_uri, "state": state})
    return f"{QR_URL}?{query}"


class WeComAuth:
    """The two qyapi calls, with the access token kept in the store."""

    def __init__(self, settings: Settings, kv, session: aiohttp.ClientSession) -> None:
        self.settings, self.kv, self.session = settings, kv, session

    def _token_key(self) -> str:
        return self.kv.key("console", "wecom-token", self.settings.staff_wecom_corp_id,
                           self.settings.staff_wecom_agent_id)

    async def _get(self, path: str, params: dict) -> dict:
        url = f"{self.settings.staff_wecom_api_base}{path}"
        try:
            async with self.session.get(url, params=params, allow_redirects=False) as r:
                if r.status != 200:
                    raise WeComError(f"{path}: HTTP {r.status}")
                doc = await r.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise WeComError(f"{path}: {type(exc).__name__}") from None
        if not isinstance(doc, dict):
            raise WeComError(f"{path}: not a JSON object")
        return doc

    async def token(self, fresh: bool = False) -> str:
        if not fresh:
            kept = await self.kv.get(self._token_key())
            if kept:
                return kept
        doc = await self._get("/cgi-bin/gettoken", {"corpid": self.settings.staff_wecom_corp_id,
                                                    "corpsecret": self.settings.staff_wecom_secret.reveal()})
        if doc.get("errcode", 0) != 0 or not doc.get("access_token"):
            raise WeComError(f"gettoken: errcode {doc.get('errcode')}")
        ttl = max(60.0, float(doc.get("expires_in") or 7200) - 300)
        await self.kv.set(self._token_key(), str(doc["access_token"]), ttl=ttl)
        return str(doc["access_token"])

    async def userid(self, code: str) -> str | None:
        """The member's userid for a login code; None for someone who is not
        a member of the corp (WeCom gives an openid instead)."""
        fresh = False
        for _ in range(2):
            doc = await self._get("/cgi-bin/auth/getuserinfo", {"access_token": await self.token(fresh),
                                                                 "code": code})
            errcode = doc.get("errcode", 0)
            if errcode in TOKEN_ERRORS and not fresh:
                fresh = True
                continue
            if errcode != 0:
                raise WeComError(f"getuserinfo: errcode {errcode}")
            userid = doc.get("userid") or doc.get("UserId")
            return str(userid) if userid else None
        raise WeComError("getuserinfo: the access token was refused twice")


@public
async def start(request: web.Request) -> web.StreamResponse:
    settings = request.app[SETTINGS]
    if not settings.staff_wecom_enabled:
        raise web.HTTPFound(f"{PREFIX}/login")
    kv = request.app[KV]
    state = secrets.token_urlsafe(24)
    await kv.set(kv.key("console", "wecom-state", state), safe_next(request.query.get("next")), ttl=STATE_TTL)
    in_wecom = "wxwork" in request.headers.get("User-Agent", "").lower()
    raise web.HTTPFound(authorize_url(settings, callback_url(request), state, in_wecom))


def _failed(request: web.Request, msg_id: str, status: int) -> web.Response:
    return render(request, "signin/login.html", status=status, next=PREFIX, name="", error=tr(request, msg_id),
                  wecom_url=f"{PREFIX}/wecom/start")


@public
async def callback(request: web.Request) -> web.StreamResponse:
    settings = request.app[SETTINGS]
    if not settings.staff_wecom_enabled:
        raise web.HTTPFound(f"{PREFIX}/login")
    kv = request.app[KV]
    state = request.query.get("state", "")[:100]
    code = request.query.get("code", "")[:200]
    nxt = await kv.get(kv.key("console", "wecom-state", state)) if state else None
    if nxt is None or not code:
        return _failed(request, "console-login-wecom-failed", 400)
    await kv.delete(kv.key("console", "wecom-state", state))     # once only
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        try:
            userid = await WeComAuth(settings, kv, session).userid(code)
        except WeComError as exc:
            log.warning(json.dumps({"event": "console_wecom_failed", "why": str(exc)}))
            return _failed(request, "console-login-wecom-failed", 502)
    account = None
    if userid:
        async with request.app[DB].transaction_now() as conn:
            account = await StaffAccounts(conn).by_wecom(userid)
            if account is not None and account.active:
                await StaffAccounts(conn).signed_in(account.id, time.time())
                await audit(conn, request, "console.sign_in", f"staff:{account.id}", after={"how": "wecom"},
                            staff=account.user)
    if account is None or not account.active:
        log.info(json.dumps({"event": "console_wecom_unknown"}))
        return _failed(request, "console-login-wecom-unknown", 403)
    response = web.HTTPFound(safe_next(nxt))
    await start_session(request, response, account.user, "wecom")
    log.info(json.dumps({"event": "console_login", "staff": account.id, "how": "wecom"}))
    raise response


def add_routes(router: web.UrlDispatcher, prefix: str) -> None:
    router.add_get(prefix + "/wecom/start", start)
    router.add_get(prefix + "/wecom/callback", callback)
