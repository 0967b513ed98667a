"""The staff console's foundation (#15): signing in, the guard on every
console URL, CSRF, the sign-in rate limit, roles, sessions and the audit log."""
from __future__ import annotations

import re

import pytest
from yarl import URL

from tests.console import PASSWORD, Browser, add_staff, signed_in

PUBLIC = {"/console/login", "/console/logout", "/console/wecom/start", "/console/wecom/callback"}


def _console_routes(app):
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource is not None else {}
        path = info.get("path") or info.get("formatter") or info.get("prefix") or ""
        if not path.startswith("/console") or path.startswith("/console/static") or route.method == "HEAD":
            continue
        if path in PUBLIC:
            continue
        yield route.method, re.sub(r"\{[^}]+\}", "1", path), getattr(route.handler, "console_kind", "page")


@pytest.mark.every_backend
async def test_every_console_url_but_sign_in_answers_302_or_401_without_a_session(bot):
    routes = list(_console_routes(bot.app))
    assert len(routes) >= 3, routes
    b = Browser(bot)
    try:
        await b.get("/console/login")      # a CSRF cookie, as a browser would have: still no way in
        for method, path, kind in routes:
            if method == "GET":
                status, _, r = await b.get(path)
            else:
                status, _, r = await b.post(path, {"text": "x"})
            expected = 401 if kind == "data" else 302
            assert status == expected, (method, path, kind, status)
            if status == 302:
                assert r.headers["Location"].startswith("/console/login"), (path, r.headers["Location"])
        # a made-up address under /console is no way in either
        status, _, r = await b.get("/console/no-such-page")
        assert status == 302
    finally:
        await b.close()


async def test_a_page_sends_one_to_sign_in_and_back_where_they_were(bot):
    await add_staff(bot, "小林", "admin")
    b = Browser(bot)
    try:
        status, _, r = await b.get("/console/audit?who=x")
        assert status == 302
        target = r.headers["Location"]
        assert URL(target).path == "/console/login" and URL(target).query["next"] == "/console/audit?who=x"
        status, html, _ = await b.get(target)
        assert status == 200 and 'id="login-form"' in html and "登录" in html
        status, _, r = await b.post("/console/login", {"name": "小林", "password": PASSWORD,
                                                      "next": "/console/audit?who=x"})
        assert status == 302 and r.headers["Location"] == "/console/audit?who=x"
        cookie = r.headers.getall("Set-Cookie")
        session = next(c for c in cookie if c.startswith("qzc_session="))
        assert "HttpOnly" in session and "SameSite=Lax" in session and "Path=/console" in session
        status, html, _ = await b.get("/console/audit")
        assert status == 200 and "操作记录" in html and "小林" in html
    finally:
        await b.close()


async def test_a_wrong_password_is_refused_kindly_and_an_address_elsewhere_is_not_followed(bot):
    await add_staff(bot, "小林")
    b = Browser(bot)
    try:
        await b.get("/console/login")
        status, html, _ = await b.post("/console/login", {"name": "小林", "password": "wrong one"})
        assert status == 401 and "账号或密码不对" in html
        status, html, _ = await b.post("/console/login", {"name": "nobody", "password": PASSWORD})
        assert status == 401 and "账号或密码不对" in html
        status, _, r = await b.post("/console/login", {"name": "小林", "password": PASSWORD,
                                                      "next": "//evil.example/console"})
        assert status == 302 and r.headers["Location"] == "/console"
    finally:
        await b.close()


@pytest.mark.every_backend
async def test_five_wrong_passwords_for_a_name_make_it_wait_even_with_the_right_one(bot):
    await add_staff(bot, "小林")
    b = Browser(bot)
    try:
        await b.get("/console/login")
        for _ in range(5):
            status, _, _ = await b.post("/console/login", {"name": "小林", "password": "guess"})
            assert status == 401
        status, html, _ = await b.post("/console/login", {"name": "小林", "password": PASSWORD})
        assert status == 429 and "请等 15 分钟" in html
        assert "qzc_session" not in {c.key for c in b.session.cookie_jar}
        # another name from the same address still signs in (the address allows more)
        await add_staff(bot, "小王")
        status, _, _ = await b.post("/console/login", {"name": "小王", "password": PASSWORD})
        assert status == 302
    finally:
        await b.close()


async def test_many_names_tried_from_one_address_make_that_address_wait(bot):
    await add_staff(bot, "小林")
    b = Browser(bot)
    try:
        await b.get("/console/login")
        for n in range(20):
            await b.post("/console/login", {"name": f"guess{n}", "password": "guess"})
        status, html, _ = await b.post("/console/login", {"name": "小林", "password": PASSWORD})
        assert status == 429 and "试错次数太多" in html
    finally:
        await b.close()


async def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(bot):
    b = await signed_in(bot, "小林", "admin")
    try:
        status, html, _ = await b.post("/console/logout", csrf=False)
        assert status == 403 and "页面已过期" in html
        status, html, _ = await b.post("/console/logout", {"csrf": "made-up"}, csrf=False)
        assert status == 403
        status, html, _ = await b.get("/console")      # still signed in
        assert status == 200 and "小林" in html
        # signing in needs the token too
        other = Browser(bot)
        try:
            status, _, _ = await other.post("/console/login", {"name": "小林", "password": PASSWORD}, csrf=False)
            assert status == 403
        finally:
            await other.close()
    finally:
        await b.close()


async def test_sign_out_ends_the_session_and_its_cookie_no_longer_works(bot):
    b = await signed_in(bot, "小林")
    try:
        sid = next(c.value for c in b.session.cookie_jar if c.key == "qzc_session")
        status, _, r = await b.post("/console/logout")
        assert status == 302 and r.headers["Location"] == "/console/login"
        from bot.handlers.keys import DB
        from bot.store.tables import audit_log
        async with bot.app[DB].reading() as conn:
            log = (await conn.execute(audit_log.select().order_by(audit_log.c.id))).mappings().all()
        assert [(e["staff_name"], e["action"]) for e in log] == [("小林", "console.sign_in"),
                                                                ("小林", "console.sign_out")]
        status, _, _ = await b.get("/console")
        assert status == 302
        # the old cookie, replayed, is no session
        replay = Browser(bot)
        try:
            replay.session.cookie_jar.update_cookies({"qzc_session": sid}, bot.client.make_url("/console"))
            status, _, _ = await replay.get("/console")
            assert status == 302
        finally:
            await replay.close()
    finally:
        await b.close()


async def test_a_disabled_account_is_signed_out_at_once(bot):
    from bot.console.accounts import StaffAccounts
    from bot.handlers.keys import DB

    b = await signed_in(bot, "小林")
    try:
        async with bot.app[DB].transaction() as conn:
            await StaffAccounts(conn).set_active("小林", False)
        status, _, _ = await b.get("/console")
        assert status == 302
        status, html, _ = await b.sign_in("小林")
        assert status == 401
    finally:
        await b.close()


async def test_a_session_ends_after_eight_idle_hours(bot):
    from bot.console import web as console_web
    from bot.handlers.keys import KV

    b = await signed_in(bot, "小林")
    try:
        sid = next(c.value for c in b.session.cookie_jar if c.key == "qzc_session")
        kv = bot.app[KV]
        key = kv.key("console", "session", sid)
        assert console_web.SESSION_IDLE == 8 * 3600
        # What the store would do after 8 idle hours: the key is gone.
        await kv.delete(key)
        status, _, _ = await b.get("/console")
        assert status == 302
    finally:
        await b.close()


async def test_roles_a_reviewer_and_staff_cannot_read_the_audit_log_an_admin_can(bot):
    reviewer = await signed_in(bot, "审核员甲", "reviewer")
    staff = await signed_in(bot, "员工乙", "staff")
    admin = await signed_in(bot, "管理员丙", "admin")
    try:
        for who in (reviewer, staff):
            status, html, _ = await who.get("/console/audit")
            assert status == 403 and "不能用这个功能" in html
            status, html, _ = await who.get("/console")
            assert status == 200 and "/console/audit" not in html
        status, html, _ = await admin.get("/console")
        assert status == 200 and "/console/audit" in html and "审计" in html
        status, html, _ = await admin.get("/console/audit")
        assert status == 200
    finally:
        for b in (reviewer, staff, admin):
            await b.close()


async def test_english_on_asking_and_remembered(bot):
    b = await signed_in(bot, "小林", "admin")
    try:
        status, html, _ = await b.get("/console?lang=en")
        assert status == 200 and "Sign out" in html and "Audit" in html
        status, html, _ = await b.get("/console/audit")
        assert "What was changed" in html
    finally:
        await b.close()


async def test_the_audit_page_lists_what_was_changed_by_whom(bot):
    from bot.console.web import audit
    from bot.handlers.keys import DB

    b = await signed_in(bot, "管理员丙", "admin")
    try:
        class Req(dict):
            pass
        from bot.console.accounts import StaffUser
        req = Req(staff=StaffUser(1, "员工乙", "staff"))
        async with bot.app[DB].transaction() as conn:
            await audit(conn, req, "ticket.close", "ticket:7", {"status": "open"}, {"status": "closed"})
        status, html, _ = await b.get("/console/audit")
        assert status == 200
        assert "ticket.close" in html and "ticket:7" in html and "员工乙" in html
        assert "&#34;status&#34;: &#34;closed&#34;" in html or "&quot;status&quot;: &quot;closed&quot;" in html
        status, html, _ = await b.get("/console/audit?who=nobody")
        assert "还没有记录" in html
    finally:
        await b.close()


async def test_behind_https_the_cookies_are_secure(settings, fake_wechat):
    from dataclasses import replace

    from tests.conftest import Bot

    b = await Bot(replace(settings, public_base_url="https://gig.example.gov.cn"), fake_wechat).start()
    await add_staff(b, "小林")
    browser = Browser(b)
    try:
        status, _, r = await browser.get("/console/login")
        assert "Secure" in r.headers["Set-Cookie"] and "HttpOnly" in r.headers["Set-Cookie"]
    finally:
        await browser.close()
        await b.stop()


async def test_a_garbled_form_gets_a_kind_answer_not_a_server_error(bot):
    b = await signed_in(bot, "小林")
    try:
        for path in ("/console/logout", "/console/login", "/console/tickets/1/reply"):
            async with b.session.post(b.url(path), data=b"csrf=\xff\xfe%zz&text=\xc3",
                                      headers={"Content-Type": "application/x-www-form-urlencoded"}) as r:
                assert r.status < 500, (path, r.status)
            async with b.session.post(b.url(path), data=b"--x\r\nnot multipart",
                                      headers={"Content-Type": "multipart/form-data; boundary=zzz"}) as r:
                assert r.status < 500, (path, r.status)
        status, html, _ = await b.get("/console")
        assert status == 200 and "小林" in html
    finally:
        await b.close()
