"""报表 in a real browser: a period chosen with the date pickers, the
chart drawn, and the report exported as an Excel workbook."""
from openpyxl import load_workbook

from tests.browser.conftest import PHONE, sign_in
from tests.e2e.test_console_reports import a_job, a_worker


async def test_a_report_for_a_period_shows_its_chart_and_exports_to_excel(page, bot):
    await a_job(bot, "welder", 5)
    await a_job(bot, "porter", 2)
    await a_worker(bot, "jinjiang")
    await sign_in(page, bot, "lin", "reviewer", start="/console/reports")
    await page.set_value("#report-start", "2026-11-16")
    await page.set_value("#report-end", "2026-11-22")
    await page.submit("#report-show")
    assert await page.path() == "/console/reports?start=2026-11-16&end=2026-11-22"
    assert "焊工" in await page.text("#table-jobs_by_trade")
    assert await page.wait_image("#report-chart") > 0, "the chart is drawn"
    await page.screenshot("reports")
    await page.screenshot("reports-phone", PHONE)
    workbook = await page.download("#report-excel", ".xlsx")
    assert workbook.name == "report-2026-11-16-2026-11-22.xlsx"
    book = load_workbook(workbook)
    assert book.sheetnames[:3] == ["概况", "招工按工种", "招工按地区"]
    assert ("焊工", 1, 5, 0) in list(book["招工按工种"].values)
