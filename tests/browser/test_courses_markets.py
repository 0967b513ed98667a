"""培训 and 市场 in a real browser: a course added in the page is offered to
a worker in the chat without a restart; a market's QR code is made through
WeChat's API (the fake) and downloads as a PNG."""
from PIL import Image

from tests.browser.conftest import PHONE, sign_in
from tests.e2e.test_console_courses_markets import TODAY, course_form
from tests.wx import new_openid

SELECTS = ("trade", "mode", "area")


async def test_a_course_added_in_the_page_is_offered_to_a_worker_in_the_chat_without_a_restart(page, bot):
    worker = new_openid("w")
    assert "电焊工测试班" not in await bot.say(worker, "培训")
    await bot.say(worker, "取消")
    await sign_in(page, bot, "chen", "staff", start="/console/courses")
    await page.find("#courses-table")
    await page.screenshot("courses")
    await page.submit("#course-new")
    form = course_form()
    await page.fill("#course-code", form["code"])
    for field in ("name", "teaches", "place", "schedule", "capacity", "cost", "who", "keywords"):
        await page.fill(f"#course-field-{field}", form[field])
    for field in SELECTS:
        await page.select(f"#course-field-{field}", form[field])
    await page.set_value("#course-field-start", form["start_date"])
    await page.set_value("#course-field-end", form["end_date"])
    await page.screenshot("course-form-phone", PHONE)
    await page.submit("#course-save")
    await page.find("#course-notice")
    assert await page.text("#course-name") == "电焊工测试班"
    assert await page.path() == "/console/courses/weld-test?done=saved"
    said = await bot.say(new_openid("w"), "培训")
    assert f"电焊工测试班，{TODAY.month}月{TODAY.day}日开始" in said, said


async def test_a_markets_qr_code_is_made_and_downloads_as_a_png(page, bot, fake_wechat):
    await sign_in(page, bot, "chen", "staff", start="/console/markets")
    await page.find("#markets-table")
    await page.screenshot("markets")
    await page.go("/console/markets/fengze_market")
    await page.submit("#qr-make")
    assert await page.wait_image("#qr-image-101") > 0, "the QR code shows in the page"
    await page.screenshot("market")
    png = await page.download("#qr-download-101", ".png")
    with Image.open(png) as picture:
        assert picture.format == "PNG" and picture.size[0] == picture.size[1] >= 200
    creates = [c for c in fake_wechat.calls if c["path"] == "/cgi-bin/qrcode/create"]
    assert [c["json"]["action_info"]["scene"]["scene_str"] for c in creates] == ["101"]
