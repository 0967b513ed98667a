"""Opening hours as staff write them (bot/language/hours.py, words in
bot/data/hours.json): what a market's `hours` text says about each weekday."""
from __future__ import annotations

import pytest

from bot.language.hours import HoursError, parse_hours


def hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def spans(*pairs: str) -> tuple[tuple[int, int], ...]:
    return tuple((hm(a), hm(b)) for a, b in (p.split("-") for p in pairs))


MON_SAT = (1, 2, 3, 4, 5, 6)


@pytest.mark.parametrize("text,days,expected", [
    ("周一至周六 7:00-12:00", MON_SAT, spans("7:00-12:00")),
    ("周一至周五 8:00-11:30，14:30-17:30", (1, 2, 3, 4, 5), spans("8:00-11:30", "14:30-17:30")),
    ("周一至周日 6:30-10:30", (1, 2, 3, 4, 5, 6, 7), spans("6:30-10:30")),
    ("星期一到星期六：8：00－12：00", MON_SAT, spans("8:00-12:00")),        # full-width, another way to say it
    ("每天 7点到12点（法定节假日除外）", (1, 2, 3, 4, 5, 6, 7), spans("7:00-12:00")),
    ("工作日 上午8点-11点半 下午2:30-5:30", (1, 2, 3, 4, 5), spans("8:00-11:30", "14:30-17:30")),
    ("周一、周三至周五 9:00-10:00", (1, 3, 4, 5), spans("9:00-10:00")),
    ("周六至周一 8:00-9:00", (6, 7, 1), spans("8:00-9:00")),
])
def test_the_days_and_times_written_are_the_times_open(text, days, expected):
    hours = parse_hours(text)
    assert hours.known
    for weekday in range(1, 8):
        assert hours.on(weekday) == (expected if weekday in days else ()), (text, weekday)


def test_groups_of_days_with_their_own_times():
    hours = parse_hours("周一至周五 8:00-11:30，14:30-17:30；周六 8:00-12:00")
    assert hours.on(3) == spans("8:00-11:30", "14:30-17:30")
    assert hours.on(6) == spans("8:00-12:00") and hours.on(7) == ()
    # without the semicolon: a day named after times starts a new group
    assert parse_hours("周一至周五 8:00-12:00 周六 8:00-11:00").on(6) == spans("8:00-11:00")


def test_minutes_open_within_a_part_of_the_day():
    hours = parse_hours("周一至周五 8:00-11:30，14:30-17:30")
    assert hours.minutes_open(1, 0, 12 * 60) == 210
    assert hours.minutes_open(1, 12 * 60, 24 * 60) == 180
    assert hours.minutes_open(6, 0, 24 * 60) == 0
    assert parse_hours("周一至周六 7:00-12:00").minutes_open(2, 12 * 60, 24 * 60) == 0


def test_hours_to_be_confirmed_are_known_to_be_unknown():
    hours = parse_hours("待核实")
    assert not hours.known and not any(hours.is_open_on(d) for d in range(1, 8))


@pytest.mark.parametrize("text,says", [
    ("", "empty"),
    ("随时都可以来", "cannot read"),
    ("8:00-12:00", "before any day"),
    ("周一至周五", "no times"),
    ("周一至周五 8:00", "needs a time it lasts until"),
    ("周一至周五 12:00-8:00", "does not run forward"),
    ("周一至周五 8:00-25:00", "not a time of day"),
    ("至周五 8:00-9:00", "between two days or two times"),
])
def test_hours_that_cannot_be_read_say_what_is_wrong(text, says):
    with pytest.raises(HoursError, match=says):
        parse_hours(text)
