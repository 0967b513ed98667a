"""The console's WeCom web login (#15), against a local fake of WeCom's
qyapi that enforces its errors."""
from __future__ import annotations

import pytest
from yarl import URL

from bot.settings import Secret
from tests.conftest import Bot
from tests.console import Browser, add_staff
from tests.fakes import FakeWeComAPI


@pytest.fixture
async def wecom_api():
    fake = await FakeWeComAPI().start()
    yield fake
    await fake.close()


@pytest.fixture
async def wbot(settings, fake_wechat, wecom_api):
    from dataclasses import replace

    b = await Bot(replace(settings, staff_wecom_corp_id=wecom_api.corp_id, staff_wecom_agent_id=wecom_api.agent_id,
                          staff_wecom_secret=Secret(wecom_api.secret), staff_wecom_api_base=wecom_api.base,
                          public_base_url="http://gig.example.gov.cn"), fake_wechat).start()
    yield b
    await b.stop()


async def _to_wecom(b: Browser, next_path: str = "/console/tickets", ua: str = "Mozilla/5.0") -> str:
    """Start a WeCom login; the state WeCom would carry back."""
    status, html, _ = await b.get(f"/console/login?next={next_path}")
    assert 'id="wecom-login"' in html
    status, _, r = await b.get(f"/console/wecom/start?next={next_path}", headers={"User-Agent": ua})
    assert status == 302
    return r.headers["Location"]


async def test_a_staff_member_scans_and_is_signed_in_where_they_were_going(wbot, wecom_api):
    await add_staff(wbot, "小林", "staff", wecom="linxiao")
    b = Browser(wbot)
    try:
        where = URL(await _to_wecom(b))
        assert str(where).startswith("https://open.work.weixin.qq.com/wwopen/sso/qrConnect?")
        assert where.query["appid"] == wecom_api.corp_id and where.query["agentid"] == wecom_api.agent_id
        assert where.query["redirect_uri"] == "http://gig.example.gov.cn/console/wecom/callback"
        code = wecom_api.login_code("linxiao")
        status, _, r = await b.get(f"/console/wecom/callback?code={code}&state={where.query['state']}")
        assert status == 302 and r.headers["Location"] == "/console/tickets"
        status, html, _ = await b.get("/console")
        assert status == 200 and "小林" in html
    finally:
        await b.close()
    # inside WeCom's own browser: the silent OAuth page
    b = Browser(wbot)
    try:
        inside = await _to_wecom(b, ua="Mozilla/5.0 wxwork/4.1.0 MicroMessenger/7.0.1")
        assert inside.startswith("https://open.weixin.qq.com/connect/oauth2/authorize?")
        assert URL(inside).query["scope"] == "snsapi_base" and inside.endswith("#wechat_redirect")
    finally:
        await b.close()


async def test_a_forged_or_replayed_callback_signs_nobody_in(wbot, wecom_api):
    await add_staff(wbot, "小林", "staff", wecom="linxiao")
    b = Browser(wbot)
    try:
        code = wecom_api.login_code("linxiao")
        status, html, _ = await b.get(f"/console/wecom/callback?code={code}&state=made-up")
        assert status == 400 and "企业微信登录没有成功" in html
        state = URL(await _to_wecom(b)).query["state"]
        status, _, _ = await b.get(f"/console/wecom/callback?code={code}&state={state}")
        assert status == 302
        assert await b.sign_out() == 302
        # the same state again: used up
        code2 = wecom_api.login_code("linxiao")
        status, _, _ = await b.get(f"/console/wecom/callback?code={code2}&state={state}")
        assert status == 400
        # a code used once already: WeCom says 40029
        state = URL(await _to_wecom(b)).query["state"]
        status, html, _ = await b.get(f"/console/wecom/callback?code={code}&state={state}")
        assert status == 502 and "企业微信登录没有成功" in html
        status, _, _ = await b.get("/console")
        assert status == 302
    finally:
        await b.close()


async def test_someone_without_a_console_account_or_outside_the_corp_is_told_to_ask_an_admin(wbot, wecom_api):
    await add_staff(wbot, "小林", "staff", wecom="linxiao")
    b = Browser(wbot)
    try:
        for code in (wecom_api.login_code("stranger"), wecom_api.login_code(openid="o_abc")):
            state = URL(await _to_wecom(b)).query["state"]
            status, html, _ = await b.get(f"/console/wecom/callback?code={code}&state={state}")
            assert status == 403 and "请找管理员开通" in html
        status, _, _ = await b.get("/console")
        assert status == 302
    finally:
        await b.close()


async def test_an_expired_access_token_is_fetched_again_once_and_a_wrong_secret_fails_kindly(
        settings, fake_wechat, wbot, wecom_api):
    await add_staff(wbot, "小林", "staff", wecom="linxiao")
    b = Browser(wbot)
    try:
        state = URL(await _to_wecom(b)).query["state"]
        await b.get(f"/console/wecom/callback?code={wecom_api.login_code('linxiao')}&state={state}")
        assert wecom_api.token_calls == 1
        assert await b.sign_out() == 302
        wecom_api.expire_tokens()
        state = URL(await _to_wecom(b)).query["state"]
        status, _, _ = await b.get(f"/console/wecom/callback?code={wecom_api.login_code('linxiao')}&state={state}")
        assert status == 302 and wecom_api.token_calls == 2
    finally:
        await b.close()
    from dataclasses import replace

    wrong = await Bot(replace(wbot.settings, staff_wecom_secret=Secret("wrong"), key_prefix=settings.key_prefix + "w"),
                      fake_wechat).start()
    b = Browser(wrong)
    try:
        state = URL(await _to_wecom(b)).query["state"]
        status, html, _ = await b.get(f"/console/wecom/callback?code={wecom_api.login_code('linxiao')}&state={state}")
        assert status == 502 and "企业微信登录没有成功" in html
        assert "wrong" not in html
    finally:
        await b.close()
        await wrong.stop()


async def test_without_wecom_configured_there_is_no_wecom_button_and_its_urls_go_to_sign_in(bot):
    b = Browser(bot)
    try:
        status, html, _ = await b.get("/console/login")
        assert 'id="wecom-login"' not in html
        status, _, r = await b.get("/console/wecom/callback?code=x&state=y")
        assert status == 302 and r.headers["Location"] == "/console/login"
    finally:
        await b.close()
