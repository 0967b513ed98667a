"""The console's 报表 page (#15): the report for a chosen period, its chart
as a PNG and its Excel export, none of them without signing in."""
from __future__ import annotations

import io
import json
import time
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from bot.clock import QUANZHOU
from bot.handlers.keys import DB
from bot.store.tables import employers, job_trades, jobs, workers
from tests.console import Browser, signed_in

DAY = date(2026, 11, 18)


async def a_job(bot, trade: str, headcount: int) -> None:
    at = datetime(DAY.year, DAY.month, DAY.day, 10, tzinfo=QUANZHOU).timestamp()
    async with bot.app[DB].transaction() as conn:
        employer = (await conn.execute(insert(employers).values(
            openid=f"o_emp_{trade}", kind="company", name="测试公司", phone="13800000000", created_at=at,
            updated_at=at).returning(employers.c.id))).scalar_one()
        job_id = (await conn.execute(insert(jobs).values(
            employer_id=employer, trades=json.dumps([trade]), area="jinjiang", address="Some street 1",
            start_date=DAY.isoformat(), end_date=(DAY + timedelta(days=60)).isoformat(), days=1,
            start_time="08:00", pay_min=200, pay_max=260, pay_unit="day", pay_method="daily", headcount=headcount,
            filled=0, contact_name="Boss", contact_phone="13800000000", status="open", created_at=at,
            updated_at=at).returning(jobs.c.id))).scalar_one()
        await conn.execute(insert(job_trades).values(job_id=job_id, trade=trade))


async def a_worker(bot, area: str) -> None:
    at = datetime(DAY.year, DAY.month, DAY.day, 9, tzinfo=QUANZHOU).timestamp()
    async with bot.app[DB].transaction() as conn:
        await conn.execute(insert(workers).values(openid=f"o_w_{area}", name="测试", areas=json.dumps([area]),
                                                  trades=json.dumps(["welder"]), consent_at=at, created_at=at,
                                                  updated_at=at))


@pytest.mark.every_backend
async def test_staff_see_the_report_for_a_period_its_chart_and_its_excel(bot):
    await a_job(bot, "welder", 5)
    await a_job(bot, "porter", 2)
    await a_worker(bot, "jinjiang")
    await a_worker(bot, "licheng")
    b = await signed_in(bot, "小林", "reviewer")
    try:
        q = "start=2026-11-16&end=2026-11-22"
        status, page, _ = await b.get(f"/console/reports?{q}")
        assert status == 200 and 'id="table-jobs_by_trade"' in page and "焊工" in page and "晋江" in page
        shown = q.replace("&", "&amp;")
        assert f'src="/console/reports/chart.png?{shown}"' in page
        assert f'href="/console/reports/report.xlsx?{shown}"' in page

        status, _, r = await b.get(f"/console/reports/chart.png?{q}")
        assert status == 200 and r.content_type == "image/png"

        async with b.session.get(b.url(f"/console/reports/report.xlsx?{q}")) as r:
            assert r.status == 200 and "report-2026-11-16-2026-11-22.xlsx" in r.headers["Content-Disposition"]
            body = await r.read()
        wb = load_workbook(io.BytesIO(body))
        assert wb.sheetnames[:3] == ["概况", "招工按工种", "招工按地区"]
        rows = list(wb["招工按工种"].values)
        assert rows[0][0] == "工种" and ("焊工", 1, 5, 0) in rows and ("搬运工", 1, 2, 0) in rows
        assert dict(list(wb["概况"].values)[1:])["发布招工（个）"] == 2
        by_area = list(wb["各地区供需"].values)
        assert by_area[1] == ("晋江市", 7, 1, 6) and ("鲤城区", 0, 1, -1) in by_area

        # A period with nothing in it: every table there, saying none.
        status, page, _ = await b.get("/console/reports?start=2025-01-01&end=2025-01-07")
        assert status == 200 and "焊工" not in page.split('id="table-jobs_by_trade"')[1].split("</section>")[0]
        assert 'id="table-survey"' in page

        # In English for staff who chose it.
        status, page, _ = await b.get(f"/console/reports?{q}&lang=en")
        assert status == 200 and "Jobs by trade" in page and "Welder" in page
    finally:
        await b.close()


async def test_wrong_dates_are_said_and_last_week_shown(bot):
    b = await signed_in(bot, "小林", "reviewer")
    try:
        for q in ("start=2026-13-01&end=2026-13-02", "start=2026-11-22&end=2026-11-16",
                  "start=2020-01-01&end=2026-01-01", "start=%00&end=x"):
            status, page, _ = await b.get(f"/console/reports?{q}")
            assert status == 200 and 'id="report-bad-range"' in page
        status, page, _ = await b.get("/console/reports")
        assert status == 200 and 'id="report-bad-range"' not in page and 'id="report-chart"' in page
        assert 'id="range-last_week" href="/console/reports?start=' in page and 'class="on"' in page
        status, _, _ = await b.get("/console/reports/report.xlsx?start=bad&end=bad")
        assert status == 200
    finally:
        await b.close()


async def test_without_sign_in_the_chart_and_the_excel_answer_401(bot):
    b = Browser(bot)
    try:
        status, _, r = await b.get("/console/reports")
        assert status == 302 and r.headers["Location"].startswith("/console/login")
        for path in ("/console/reports/chart.png", "/console/reports/report.xlsx?start=2026-11-16&end=2026-11-22"):
            status, _, _ = await b.get(path)
            assert status == 401
    finally:
        await b.close()


def test_last_week_is_monday_to_sunday_in_quanzhou():
    from bot.console.pages.reports import last_week, quick_ranges

    # Monday 2026-11-23 00:30 in Quanzhou is still Sunday in UTC.
    now = datetime(2026, 11, 23, 0, 30, tzinfo=QUANZHOU).timestamp()
    assert last_week(now) == (date(2026, 11, 16), date(2026, 11, 22))
    assert quick_ranges(now) == [("last_week", date(2026, 11, 16), date(2026, 11, 22)),
                                 ("this_week", date(2026, 11, 23), date(2026, 11, 23)),
                                 ("this_month", date(2026, 11, 1), date(2026, 11, 23)),
                                 ("last_30", date(2026, 10, 25), date(2026, 11, 23))]
    assert time.time() > 0
