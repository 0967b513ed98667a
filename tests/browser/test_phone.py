"""The console on a phone's screen (WeCom's own browser): one column,
nothing wider than the screen, and the header leaves room for the page."""
import pytest

from tests.browser.conftest import PHONE, sign_in

LAYOUT = """
const header = document.querySelector('header.top').getBoundingClientRect();
return {header: header.height, wide: document.documentElement.scrollWidth, screen: window.innerWidth,
        links: document.querySelectorAll('#nav a').length};
"""


@pytest.mark.parametrize("path", ["/console/tickets", "/console/review", "/console/reports"])
async def test_on_a_phone_the_header_leaves_room_and_nothing_is_wider_than_the_screen(page, bot, path):
    await sign_in(page, bot, "lin", "admin", start=path)
    seen = await page.js(LAYOUT, size=PHONE)
    assert seen["links"] >= 5, seen
    assert seen["wide"] <= seen["screen"], f"the page is wider than a phone's screen: {seen}"
    assert seen["header"] <= PHONE[1] / 4, f"the header takes more than a quarter of a phone's screen: {seen}"
