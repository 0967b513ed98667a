"""The harness itself: the browser reaches the bot it started."""
import json


async def test_the_browser_reaches_the_bot_and_reads_its_health(page, database_backend, store_backend):
    await page.go("/healthz")
    doc = json.loads(await page.text("body"))
    assert doc["status"] == "ok"
    assert doc["database"] == {"kind": database_backend, "ok": True}
    assert doc["store"] == {"kind": store_backend, "ok": True}
