"""Browser tests: headless Chromium (Debian's `chromium` and
`chromium-driver`, which .ci/run installs) driven by Selenium, against the
bot started on a free port of 127.0.0.1 (tests/conftest.py `Bot`, with the
fake WeChat API and the fake WeCom robot), on this run's store (SQLite +
in-process, or PostgreSQL + Redis when TEST_DATABASE_URL / TEST_REDIS_URL
are set: CI's second pass).

Where Chromium or its driver is missing the tests skip, saying what to
install; with TEST_BACKENDS_REQUIRED=1 (CI) they fail instead.

Selenium blocks, the bot runs on the test's event loop: every browser call
goes through `asyncio.to_thread` (the `Page` below), so the bot keeps
answering while the browser waits. Waits are explicit (an element, a text,
a file), never a sleep.

Screenshots go to a temporary folder, or to BROWSER_SCREENSHOTS when set
(`BROWSER_SCREENSHOTS=/tmp/shots ./dev test tests/browser`); the README's
pictures in docs/console/ are copies of a few.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BACKENDS_REQUIRED

CHROMIUM = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium") or shutil.which("chromium-browser") or ""
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN") or shutil.which("chromedriver") or ""
WAIT = 15.0          # seconds an element, a text or a download may take to appear
DESKTOP = (1280, 900)
PHONE = (390, 844)   # a common phone's screen in CSS pixels: the console is one column there


def _missing() -> str:
    problems = []
    if not CHROMIUM:
        problems.append("chromium is not installed (apt-get install chromium, or set CHROMIUM_BIN)")
    if not CHROMEDRIVER:
        problems.append("chromedriver is not installed (apt-get install chromium-driver, or set CHROMEDRIVER_BIN)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        problems.append("selenium is not installed (pip install -e '.[test]')")
    return "; ".join(problems)


def _unavailable(reason: str) -> None:
    if BACKENDS_REQUIRED:
        pytest.fail(f"browser tests cannot run: {reason} [TEST_BACKENDS_REQUIRED is set]", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def downloads_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="session")
def screenshots_dir(tmp_path_factory) -> Path:
    wanted = os.environ.get("BROWSER_SCREENSHOTS")
    if wanted:
        path = Path(wanted)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def chrome(downloads_dir):
    """One headless Chromium for the session (starting one takes a second or two)."""
    missing = _missing()
    if missing:
        _unavailable(missing)
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--lang=zh-CN", f"--window-size={DESKTOP[0]},{DESKTOP[1]}"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "intl.accept_languages": "zh-CN,zh",
        "download.default_directory": str(downloads_dir),
        "download.prompt_for_download": False,
        "safebrowsing.enabled": False,
    })
    try:
        # A driver path given: Selenium Manager (which would download a driver) is not run.
        driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    except WebDriverException as exc:
        _unavailable(f"chromium did not start ({CHROMIUM}, {CHROMEDRIVER}): {exc.msg}")
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads_dir)})
    yield driver
    driver.quit()


class Page:
    """The browser as a test uses it: every call runs off the event loop."""

    def __init__(self, driver, base_url: str, screenshots: Path, downloads: Path) -> None:
        self.driver = driver
        self.base_url = base_url.rstrip("/")
        self.screenshots = screenshots
        self.downloads = downloads

    async def _run(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.to_thread(fn, *args)

    def _wait(self, condition: Callable[[Any], Any], timeout: float, message: str) -> Any:
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(condition, message)

    # navigation
    async def go(self, path: str) -> None:
        await self._run(self.driver.get, self.base_url + path)

    async def path(self) -> str:
        from urllib.parse import urlsplit

        url = await self._run(lambda: self.driver.current_url)
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    async def title(self) -> str:
        return await self._run(lambda: self.driver.title)

    async def text(self, css: str = "body") -> str:
        element = await self.find(css)
        return await self._run(lambda: element.text)

    # elements
    async def find(self, css: str, timeout: float = WAIT):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec

        return await self._run(self._wait, ec.presence_of_element_located((By.CSS_SELECTOR, css)), timeout,
                               f"no element {css!r} on {self.driver.current_url}")

    async def fill(self, css: str, value: str) -> None:
        element = await self.find(css)

        def type_in() -> None:
            element.clear()
            element.send_keys(value)
        await self._run(type_in)

    async def set_value(self, css: str, value: str) -> None:
        """Set a field's value as the browser's own picker would (a date
        input's typed form depends on the browser's locale), firing its
        input and change events."""
        element = await self.find(css)
        await self._run(self.driver.execute_script,
                        "arguments[0].value = arguments[1];"
                        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", element, value)

    async def select(self, css: str, value: str) -> None:
        from selenium.webdriver.support.ui import Select

        element = await self.find(css)
        await self._run(lambda: Select(element).select_by_value(value))

    async def click(self, css: str) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec

        element = await self._run(self._wait, ec.element_to_be_clickable((By.CSS_SELECTOR, css)), WAIT,
                                  f"nothing clickable at {css!r} on {self.driver.current_url}")
        await self._run(element.click)

    async def submit(self, css: str) -> None:
        """Press a form's button and wait for the next page to load."""
        old = await self.find("html")
        await self.click(css)
        from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

        def left(_driver: Any) -> bool:
            # The old page is gone once its root is stale. Chromium sometimes
            # answers, while the new page replaces it, "Node with given id does
            # not belong to the document" instead: that is gone too.
            try:
                old.is_enabled()
                return False
            except StaleElementReferenceException:
                return True
            except WebDriverException as exc:
                if "does not belong to the document" in (exc.msg or ""):
                    return True
                raise

        await self._run(self._wait, left, WAIT, f"{css!r} did not lead to a new page")

    async def wait_text(self, text: str, css: str = "body", timeout: float = WAIT) -> str:
        """Wait until `text` shows in the element (the page as it is)."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec

        await self._run(self._wait, ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text), timeout,
                        f"{text!r} not in {css!r} of {self.driver.current_url}")
        return await self.text(css)

    async def wait_after_reload(self, css: str, text: str = "", timeout: float = WAIT) -> str:
        """Reload the page until an element `css` shows, holding `text`
        (what the bot does in the background, a complaint coming in, shows
        at a reload, as staff who keep the page open see it); its text."""
        from selenium.common.exceptions import NoSuchElementException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        def shown(driver) -> str | bool:
            try:
                found = driver.find_element(By.CSS_SELECTOR, css).text
                if text in found:
                    return found
            except NoSuchElementException:
                pass
            driver.refresh()
            return False
        return await self._run(lambda: WebDriverWait(self.driver, timeout, poll_frequency=0.5).until(
            shown, f"{css!r} with {text!r} did not show on {self.driver.current_url}"))

    # pictures and files
    async def js(self, script: str, *args: Any, size: tuple[int, int] | None = None) -> Any:
        """What `script` returns in the page (laid out at `size`, as a phone's when narrow)."""
        def run() -> Any:
            if size is None:
                return self.driver.execute_script(script, *args)
            self._emulate(size)
            try:
                return self.driver.execute_script(script, *args)
            finally:
                self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        return await self._run(run)

    def _emulate(self, size: tuple[int, int], height: int | None = None) -> None:
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": size[0], "height": height or size[1], "deviceScaleFactor": 1, "mobile": size[0] < 600})

    async def wait_image(self, css: str, timeout: float = WAIT) -> int:
        """Wait until the image `css` has loaded; its natural width (0: it did not load)."""
        element = await self.find(css)

        def loaded(driver) -> bool:
            return bool(driver.execute_script("return arguments[0].complete", element))
        await self._run(self._wait, loaded, timeout, f"image {css!r} did not load")
        return int(await self._run(self.driver.execute_script, "return arguments[0].naturalWidth", element))

    async def screenshot(self, name: str, size: tuple[int, int] = DESKTOP) -> Path:
        """The whole page as a PNG named `name`.png, laid out at `size`
        (CSS pixels; a phone's is drawn as a phone's), as tall as the page."""
        import base64

        path = self.screenshots / f"{name}.png"
        height = size[1]

        def take() -> None:
            cdp = self.driver.execute_cdp_cmd
            self._emulate(size)
            try:
                tall = self.driver.execute_script(
                    "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
                self._emulate(size, max(height, min(int(tall), 6000)))
                shot = cdp("Page.captureScreenshot", {"format": "png"})
                path.write_bytes(base64.b64decode(shot["data"]))
            finally:
                cdp("Emulation.clearDeviceMetricsOverride", {})
        await self._run(take)
        return path

    async def download(self, css: str, suffix: str, timeout: float = WAIT) -> Path:
        """Click a link that downloads a file; the file once complete."""
        before = set(self.downloads.iterdir())
        await self.click(css)

        def arrived() -> Path | None:
            new = [p for p in self.downloads.iterdir() if p not in before]
            done = [p for p in new if p.name.endswith(suffix) and not p.name.endswith(".crdownload")]
            return done[0] if done and not any(p.name.endswith(".crdownload") for p in new) else None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = await self._run(arrived)
            if found is not None:
                return found
            await asyncio.sleep(0.1)
        raise AssertionError(f"no *{suffix} downloaded from {css!r} within {timeout} s "
                             f"(folder has {sorted(p.name for p in self.downloads.iterdir())})")


@pytest.fixture
async def page(chrome, bot, screenshots_dir, downloads_dir):
    """The browser, on a fresh bot (signed out: no cookies)."""
    url = str(bot.client.make_url("/"))
    p = Page(chrome, url, screenshots_dir, downloads_dir)
    # Cookies are kept per host, not per port: each test starts signed out.
    await p.go("/healthz")
    await asyncio.to_thread(chrome.delete_all_cookies)
    yield p
    await asyncio.to_thread(chrome.delete_all_cookies)


async def sign_in(page: Page, bot, name: str = "lin", role: str = "staff", start: str = "/console") -> None:
    """A staff account made, then signed in through the sign-in form (from
    `start`, which sends the browser there), ending on `start`."""
    from tests.console import PASSWORD, add_staff

    await add_staff(bot, name, role)
    await page.go(start)
    await page.fill("#login-name", name)
    await page.fill("#login-password", PASSWORD)
    await page.submit("#login-submit")
    await page.find("#who")
