"""Quanzhou time and China's working days, whatever the host's time zone."""
import os
import time
from datetime import date, datetime

import pytest

from bot import clock
from bot.clock import QUANZHOU

WORKING = ((8.5, 12.0), (14.0, 17.5))   # 7 working hours a day


@pytest.fixture
def host_in_utc():
    """The host clock set to UTC, as in a container without TZ."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def at(*args) -> float:
    return datetime(*args, tzinfo=QUANZHOU).timestamp()


def test_staff_read_quanzhou_time_on_a_host_in_utc(host_in_utc):
    moment = at(2026, 12, 4, 9, 30)
    assert time.strftime("%H:%M", time.localtime(moment)) == "01:30"   # what the host would say
    assert clock.stamp(moment) == "2026-12-04 09:30"
    assert clock.today(at(2026, 12, 4, 0, 10)) == date(2026, 12, 4)     # 16:10 the day before in UTC


def test_the_spring_festival_holiday_is_not_working_time():
    # 2026: the holiday runs 15-23 February; Saturday 14 and Saturday 28 are working days.
    assert not clock.is_workday(date(2026, 2, 17))
    assert not clock.is_workday(date(2026, 2, 23))       # a Monday, but a day off
    assert clock.is_workday(date(2026, 2, 14))           # a Saturday worked instead
    assert clock.is_workday(date(2026, 2, 28))
    # A ticket lodged on the Friday before the holiday, looked at a week later:
    # only the adjusted Saturday counts.
    lodged = at(2026, 2, 13, 17, 30)
    assert clock.working_seconds(lodged, at(2026, 2, 20, 17, 30), WORKING) == 7 * 3600
    assert clock.working_seconds(lodged, at(2026, 2, 24, 10, 0), WORKING) == 7 * 3600 + 1.5 * 3600


def test_working_time_counts_only_office_hours_on_working_days():
    monday_9 = at(2026, 11, 30, 9, 0)
    assert clock.working_seconds(monday_9, at(2026, 11, 30, 13, 0), WORKING) == 3 * 3600   # lunch excluded
    friday_5pm = at(2026, 12, 4, 17, 0)
    assert clock.working_seconds(friday_5pm, at(2026, 12, 7, 9, 0), WORKING) == 3600        # weekend excluded
    assert clock.working_seconds(monday_9, monday_9 - 10, WORKING) == 0


def test_a_year_the_official_schedule_does_not_cover_still_keeps_its_statutory_holidays(caplog):
    # Spring Festival 2027 falls on 6 February; whether the installed
    # chinesecalendar knows 2027 yet or not, its first days are holidays.
    assert not clock.is_workday(date(2027, 2, 8))
    assert not clock.is_workday(date(2027, 10, 1))
    assert clock.is_workday(date(2027, 3, 3))            # an ordinary Wednesday


def test_log_lines_are_stamped_in_quanzhou_time_on_a_host_in_utc(host_in_utc):
    import logging

    from bot.logfile import quanzhou_formatter

    record = logging.LogRecord("bot", logging.INFO, __file__, 1, "started", None, None)
    record.created = at(2026, 12, 4, 9, 30)
    assert quanzhou_formatter().format(record).startswith("2026-12-04 09:30:00")


def test_log_stamps_kept_a_second_are_the_stamps_of_each_line():
    """The formatter makes the date and time once a second: every line still
    carries its own second and milliseconds, in Quanzhou time."""
    import logging

    from bot.logfile import quanzhou_formatter

    formatter = quanzhou_formatter()
    stamps = []
    second = at(2026, 12, 4, 9, 30)
    for created, msecs in ((second, 1), (second, 999), (second + 1, 500), (second, 250)):
        record = logging.LogRecord("bot", logging.INFO, __file__, 1, "x", None, None)
        record.created, record.msecs = created + msecs / 1000, msecs
        stamps.append(formatter.format(record)[:23])
    assert stamps == ["2026-12-04 09:30:00,001", "2026-12-04 09:30:00,999",
                      "2026-12-04 09:30:01,500", "2026-12-04 09:30:00,250"]
