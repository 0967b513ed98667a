"""Signing in to the staff console in a real browser."""
from bot.i18n import Catalog
from tests.browser.conftest import PHONE, sign_in
from tests.console import add_staff

CAT = Catalog()


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


async def test_a_staff_member_is_sent_to_sign_in_and_lands_on_the_page_they_asked_for(page, bot):
    await page.go("/console/audit")
    assert await page.path() == "/console/login?next=/console/audit"
    await page.wait_text(zh("console-login-title"), "h1")
    await page.screenshot("login")
    await page.screenshot("login-phone", PHONE)
    await sign_in(page, bot, "lin", "admin", start="/console/audit")
    assert await page.path() == "/console/audit"
    assert "lin" in await page.text("#who")
    await page.go("/console")
    await page.find("#home-menu")
    await page.screenshot("home")
    await page.submit("#logout")
    await page.go("/console")
    assert (await page.path()).startswith("/console/login")


async def test_a_wrong_password_is_told_and_lets_no_one_in(page, bot):
    await add_staff(bot, "chen")
    await page.go("/console/login")
    await page.fill("#login-name", "chen")
    await page.fill("#login-password", "not the password")
    await page.submit("#login-submit")
    await page.find("#login-error")
    await page.go("/console")
    assert (await page.path()).startswith("/console/login")
