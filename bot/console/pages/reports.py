"""The report page (#15): the staff report (bot/services/report.py `build_report`) for
a chosen period: supply and demand by trade and area, the shortage trades,
ticket times, satisfaction (the three survey questions and their trend),
course sign-ups and the training wanted; the chart as a PNG (the same
matplotlib chart the weekly report posts to the staff group); the tables
as an Excel workbook, one sheet per table with Chinese headings.

* GET {prefix}/reports?start=YYYY-MM-DD&end=YYYY-MM-DD   the page (default: last week, Monday to Sunday)
* GET {prefix}/reports/chart.png?start=…&end=…           the chart (data: 401 without sign-in)
* GET {prefix}/reports/report.xlsx?start=…&end=…         the workbook (data)

Counts only: nothing here names a person. A period is at most a year; a
wrong date is said, and last week shown instead.
"""
from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

from aiohttp import web

from bot.clock import QUANZHOU
from bot.console.web import data, page, render
from bot.handlers.keys import CATALOG, DB, STAFF_DATA
from bot.services.report import build_report, week_before, week_label
from bot.services.report_tables import report_tables, report_xlsx

MAX_DAYS = 366
NAV = (70, "console-nav-reports", "/console/reports", "reviewer")


def add_routes(router: web.UrlDispatcher, prefix: str) -> None:
    router.add_get(f"{prefix}/reports", report_page, name="console-reports")
    router.add_get(f"{prefix}/reports/chart.png", chart)
    router.add_get(f"{prefix}/reports/report.xlsx", workbook)


def last_week(now: float | None = None) -> tuple[date, date]:
    """Monday to Sunday of the week before this one, in Quanzhou."""
    import time

    today = datetime.fromtimestamp(time.time() if now is None else now, QUANZHOU).date()
    return week_before(week_label(today))


def quick_ranges(now: float | None = None) -> list[tuple[str, date, date]]:
    """The periods offered as links: last week, this week, this month and
    the last 30 days (to today), in Quanzhou."""
    import time
    from datetime import timedelta

    today = datetime.fromtimestamp(time.time() if now is None else now, QUANZHOU).date()
    start, end = last_week(now)
    return [("last_week", start, end), ("this_week", today - timedelta(days=today.weekday()), today),
            ("this_month", today.replace(day=1), today), ("last_30", today - timedelta(days=29), today)]


def period(query: Any) -> tuple[date, date, bool]:
    """The period asked for (start, end, True), or last week (…, False)
    when a date is missing or wrong, the end is before the start, or it
    is longer than MAX_DAYS."""
    start_s, end_s = query.get("start", ""), query.get("end", "")
    if not start_s and not end_s:
        return (*last_week(), True)
    try:
        start, end = date.fromisoformat(start_s.strip()), date.fromisoformat(end_s.strip())
    except ValueError:
        return (*last_week(), False)
    if end < start or (end - start).days >= MAX_DAYS:
        return (*last_week(), False)
    return start, end, True


def _locale(request: web.Request) -> str:
    return "en" if request.get("locale") == "en" else "zh_CN"


async def _report(request: web.Request) -> tuple[Any, date, date, bool]:
    start, end, ok = period(request.query)
    refdata = request.app[STAFF_DATA].current.refdata
    return await build_report(request.app[DB], refdata, start, end), start, end, ok


@page(role="reviewer")
async def report_page(request: web.Request) -> web.Response:
    report, start, end, ok = await _report(request)
    tables = report_tables(report, request.app[CATALOG], _locale(request))
    query = f"start={start.isoformat()}&end={end.isoformat()}"
    ranges = [(key, f"start={a.isoformat()}&end={b.isoformat()}") for key, a, b in quick_ranges()]
    return render(request, "reports/report.html", tables=tables, start=start.isoformat(), end=end.isoformat(),
                  bad_range=not ok, query=query, ranges=ranges, prefix=request.app.router["console-reports"].url_for().path)


@data(role="reviewer")
async def chart(request: web.Request) -> web.Response:
    report, _, _, _ = await _report(request)
    refdata, catalog, locale = request.app[STAFF_DATA].current.refdata, request.app[CATALOG], _locale(request)
    # matplotlib's drawing is CPU work: off the event loop.
    png = await asyncio.to_thread(report.chart_png, refdata, 100, catalog, locale)
    return web.Response(body=png, content_type="image/png", headers={"Cache-Control": "private, max-age=60"})


@data(role="reviewer")
async def workbook(request: web.Request) -> web.Response:
    report, start, end, _ = await _report(request)
    catalog, locale = request.app[CATALOG], _locale(request)
    tables = report_tables(report, catalog, locale)
    title = catalog.text(locale, "console-reports-period", start=start.isoformat(), end=end.isoformat())
    body = await asyncio.to_thread(report_xlsx, tables, title)
    name = f"report-{start.isoformat()}-{end.isoformat()}.xlsx"
    return web.Response(body=body, headers={
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"})
