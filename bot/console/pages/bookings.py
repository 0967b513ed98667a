"""The bookings page: career-guidance bookings for a day (what staff's typed
bookings command shows, with the topic of each visit), at one market or all, with a date
picker. Phones are masked here, as in every list."""
from __future__ import annotations

import time
from datetime import date, timedelta

from aiohttp import web

from bot import clock
from bot.console.web import page, render, tr
from bot.handlers.keys import DB, STAFF_DATA
from bot.masking import mask_phone
from bot.store.repos import AppointmentRepo

NAV = (50, "console-nav-bookings", "/console/bookings", "reviewer")


@page(role="reviewer")
async def bookings_page(request: web.Request) -> web.StreamResponse:
    today = clock.today(time.time())
    raw_day = (request.query.get("day") or "").strip()
    problem = ""
    try:
        day = date.fromisoformat(raw_day) if raw_day else today
    except ValueError:
        day, problem = today, tr(request, "console-bookings-bad-day")
    refdata = request.app[STAFF_DATA].current.refdata
    market = (request.query.get("market") or "").strip()
    async with request.app[DB].reading() as conn:
        rows = await AppointmentRepo(conn).on_day(day.isoformat())
    if market:
        rows = [r for r in rows if r.market_code == market]

    def market_name(code: str) -> str:
        m = refdata.market_by_code(code)
        return m.name if m else code

    listed = [{"market": market_name(r.market_code), "half": r.half, "name": r.name or "-",
               "phone": mask_phone(r.phone), "topic": r.topic or "none"}
              for r in sorted(rows, key=lambda r: (market_name(r.market_code), r.half != "morning", r.id))]
    return render(request, "bookings/day.html", day=day, rows=listed, market=market, markets=refdata.markets,
                  problem=problem, previous=(day - timedelta(days=1)).isoformat(),
                  following=(day + timedelta(days=1)).isoformat())


def add_routes(router: web.UrlDispatcher, prefix: str) -> None:
    router.add_get(prefix + "/bookings", bookings_page)
