"""The console on a phone's screen (WeCom's own browser): every page of the
menu opens, nothing is wider than the screen, and the header leaves room
for the page. A screenshot of each, on a desk and on a phone."""
from tests.browser.conftest import PHONE, sign_in

LAYOUT = """
const header = document.querySelector('header.top').getBoundingClientRect();
return {header: header.height, wide: document.documentElement.scrollWidth, screen: window.innerWidth,
        error: document.getElementById('error') !== null, h1: document.querySelectorAll('main h1').length};
"""
MENU = "return [...document.querySelectorAll('#nav a')].map(a => a.getAttribute('href'))"


async def test_every_page_of_the_menu_opens_and_fits_a_phones_screen(page, bot):
    await sign_in(page, bot, "lin", "admin")
    menu = await page.js(MENU)
    assert len(menu) >= 5 and "/console/tickets" in menu, menu
    for href in menu:
        await page.go(href)
        seen = await page.js(LAYOUT, size=PHONE)
        assert not seen["error"] and seen["h1"] == 1, f"{href} did not open: {seen}"
        assert seen["wide"] <= seen["screen"], f"{href} is wider than a phone's screen: {seen}"
        assert seen["header"] <= PHONE[1] / 4, f"{href}: the header takes more than a quarter of the screen: {seen}"
        name = href.rstrip("/").rpartition("/")[2]
        await page.screenshot(f"menu-{name}")
        await page.screenshot(f"menu-{name}-phone", PHONE)


# On a phone a table is one column: a cell that is only a number ("0 / 500") must say what it counts.
UNLABELLED = """
return [...document.querySelectorAll('main table tbody td')]
  .filter(td => td.querySelector('a') === null && td.textContent.trim() !== '')
  .filter(td => ['none', 'normal', ''].includes(getComputedStyle(td, '::before').content))
  .map(td => td.textContent.trim());
"""


async def test_on_a_phone_every_list_cell_says_which_column_it_is(page, bot):
    await sign_in(page, bot, "lin", "admin")
    for href in ("/console/courses", "/console/markets"):
        await page.go(href)
        bare = await page.js(UNLABELLED, size=PHONE)
        assert not bare, f"{href}: cells without their column's name on a phone: {bare[:5]}"
