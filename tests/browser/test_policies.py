"""政策 in a real browser: an entry found, changed, previewed as a worker
would read it with the evaluation before and after, saved, and answered
so in the chat without a restart."""
from tests.browser.conftest import sign_in
from tests.e2e.test_console_policies import WORKER_ASKS
from tests.wx import new_openid

NEW_SHORT = "测试答复：先留好干活的证据，再问窗口的工作人员。"


async def test_an_entry_changed_and_previewed_in_the_page_is_what_a_worker_then_reads(page, bot):
    await sign_in(page, bot, "lin", "staff", start="/console/policies")
    await page.fill("#policy-search", "欠薪")
    await page.submit("#policy-search-button")
    await page.find("#policy-row-wage-arrears")
    await page.screenshot("policies")
    await page.submit("#policy-row-wage-arrears a")
    await page.fill("#policy-short", NEW_SHORT)
    await page.submit("#policy-preview")
    await page.find("#eval-table", timeout=60)   # the evaluation runs on every question of the base
    assert NEW_SHORT in await page.text("#preview-zh_CN .preview-answer")
    await page.screenshot("policy-preview")
    await page.submit("#policy-save")
    await page.find("#policy-saved")
    said = await bot.say(new_openid("w"), WORKER_ASKS)
    assert NEW_SHORT in said, said
