"""Quanzhou time, whatever the host's time zone.

Machines store epoch seconds; a time a person reads (a staff notice, a
ticket's age, "tomorrow", quiet hours) is Quanzhou time (Asia/Shanghai,
UTC+8, no daylight saving since 1991). Working days follow China's
official holiday schedule, adjusted working weekends included.
"""
from __future__ import annotations

import functools
import logging
from datetime import date, datetime, timedelta, timezone
from typing import Any

log = logging.getLogger("bot.clock")

# A fixed offset, not the host's zone data: the slim container image has no
# tzdata and China has kept UTC+8 all year since 1991.
QUANZHOU = timezone(timedelta(hours=8), "Asia/Shanghai")


def local(now: float) -> datetime:
    """An epoch time as a Quanzhou wall-clock time."""
    return datetime.fromtimestamp(now, QUANZHOU)


def today(now: float) -> date:
    """The Quanzhou calendar day of an epoch time."""
    return local(now).date()


def stamp(now: float) -> str:
    """A time as staff read it: '2026-12-04 09:30' (Quanzhou)."""
    return local(now).strftime("%Y-%m-%d %H:%M")


def day_start(day: date) -> float:
    """The epoch time at which a Quanzhou calendar day begins."""
    return datetime(day.year, day.month, day.day, tzinfo=QUANZHOU).timestamp()


@functools.lru_cache(maxsize=4096)
def is_workday(day: date) -> bool:
    """Whether government offices work that day: Monday to Friday, except
    public holidays, plus the weekends the State Council moves work to.

    `chinesecalendar` carries the official schedule, published each year
    by the State Council (usually in November for the next year). For a
    year it does not know yet, the statutory holidays from `holidays` are
    used (the days themselves are fixed by law; only the swapped weekends
    are missing), and a warning says which package to update.
    """
    import chinese_calendar

    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_unknown_year(day.year)
    return day.weekday() < 5 and day not in _statutory_holidays(day.year)


@functools.lru_cache(maxsize=16)
def _statutory_holidays(year: int):
    import holidays

    return holidays.China(years=year)


@functools.lru_cache(maxsize=16)
def _warn_unknown_year(year: int) -> None:
    log.warning("the official holiday schedule of %d is not in the installed chinesecalendar: "
                "counting statutory holidays only, without adjusted working weekends; "
                "upgrade chinesecalendar once the State Council has published it", year)


def working_seconds(start: float, end: float, hours: tuple[tuple[float, float], ...]) -> float:
    """Seconds of working time between two moments: within `hours` (pairs
    of Quanzhou clock hours, e.g. (8.5, 12.0)) on working days."""
    if end <= start:
        return 0.0
    total = 0.0
    day = local(start).date()
    last = local(end).date()
    while day <= last:
        if is_workday(day):
            begin = day_start(day)
            for a, b in hours:
                lo, hi = max(begin + a * 3600, start), min(begin + b * 3600, end)
                if hi > lo:
                    total += hi - lo
        day += timedelta(days=1)
    return total


def month_days(**days: str | None) -> dict[str, Any]:
    """Days kept as ISO dates, as month and day for a sentence, the way
    people read dates here (month and day, not "2026-12-07"):
    month_days(start="2026-12-07") is {"start_month": 12, "start_day": 7}."""
    out: dict[str, Any] = {}   # Any: spread into a sentence's variables
    for name, iso in days.items():
        if iso:
            day = date.fromisoformat(iso)
            out[f"{name}_month"], out[f"{name}_day"] = day.month, day.day
    return out
