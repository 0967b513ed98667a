"""审核 in a real browser: a held post approved in the page is then found
by a worker's search, and its employer hears in WeChat."""
from bot.i18n import Catalog
from tests.browser.conftest import PHONE, sign_in
from tests.e2e.test_console_review import held_post, wait_text
from tests.wx import new_openid

CAT = Catalog()


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


async def test_a_held_post_approved_in_the_page_is_found_by_a_workers_search(page, bot, fake_wechat):
    employer, job_id = await held_post(bot)
    assert zh("find-nothing") in await bot.say(new_openid("w"), "晋江有没有普工的活")
    await sign_in(page, bot, "wang", "reviewer", start="/console/review")
    shown = await page.text(f"#review-{job_id}")
    assert zh("console-review-post", id=job_id) in shown and "晋江" in shown
    await page.screenshot("review")
    await page.screenshot("review-phone", PHONE)
    await page.submit(f"#approve-button-{job_id}")
    await page.wait_text(zh("staff-decided", id=job_id, approved="yes"), "#review-done")
    await page.find("#review-empty")
    told = zh("review-result", id=job_id, approved="yes", note="-")
    assert any(told in t for t in await wait_text(fake_wechat, employer, told))
    seeker = new_openid("w")
    assert zh("find-ask-what") in await bot.say(seeker, "找工作")
    said = await bot.say(seeker, "晋江的普工")
    assert zh("find-found", count=1) in said and "晋江" in said
