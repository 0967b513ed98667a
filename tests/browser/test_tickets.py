"""工单 in a real browser: a worker's complaint sent through the bot shows
in the queue within seconds, and the reply typed in the page reaches the
worker's WeChat (the fake WeChat API)."""
from bot.i18n import Catalog
from tests.browser.conftest import PHONE, sign_in
from tests.e2e.test_console_tickets import _complaint, _wait_text
from tests.wx import new_openid

CAT = Catalog()


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


async def test_a_complaint_shows_in_the_queue_and_the_reply_typed_in_the_page_reaches_the_worker(
        page, bot, fake_wechat):
    await sign_in(page, bot, "lin", "staff", start="/console/tickets")
    await page.find("#tickets-none")
    worker = new_openid("w")
    number = await _complaint(bot, worker, phone="13811112222")
    # the queue as staff keep it open: the complaint is there at a reload within seconds
    row = await page.wait_after_reload(f"#ticket-row-{number}", timeout=10)
    assert "拖欠工资" in row and "六百块" in row
    await page.screenshot("tickets")
    await page.screenshot("tickets-phone", PHONE)
    await page.submit(f"#ticket-link-{number}")
    assert "六百块" in await page.text("#ticket-thread")
    assert "138****2222" in await page.text("#ticket-phone"), "the phone masked until asked for"
    await page.fill("#reply-text", "我们已联系老板，明天给你结清")
    await page.submit("#reply-send")
    await page.wait_text(zh("console-ticket-replied"), "#ticket-notice")
    assert "明天给你结清" in await page.text("#ticket-thread")
    await page.screenshot("ticket")
    told = zh("staff-replied", id=number, text="我们已联系老板，明天给你结清")
    assert told in await _wait_text(fake_wechat, worker, "明天给你结清")
    await page.fill("#close-note", "工资已结清")
    await page.submit("#close-send")
    await page.wait_text(zh("console-ticket-status", status="closed"), "#ticket-status")
    closed = zh("ticket-closed", id=number, note="工资已结清", wrote="yes")
    assert closed in await _wait_text(fake_wechat, worker, "工资已结清")
