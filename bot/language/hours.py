"""A market's opening hours as staff write them ("Monday to Saturday
7:00-12:00", "Monday to Friday 8:00-11:30, 14:30-17:30; Saturday
8:00-12:00", in Chinese; examples in bot/data/hours.json's note) read into
the times it is open on each day of the week.

The grammar is here; its words (day names, "to", "afternoon", "to be
confirmed" ...) are data in bot/data/hours.json. ``parse_hours`` is the one
function callers need: markets are checked with it when they are loaded
(bot/refdata.py, and wherever markets are kept), and career guidance offers
only the half-days a market is open (bot/features/guidance).

Text is read as a run of day names followed by times from-to; a new day
name after times starts a new group ("Mon-Fri 8:00-12:00 Sat 8:00-11:00").
Hours said to be unknown ("to be confirmed") read as ``OpeningHours.unknown``:
``known`` is False and the market is open at no time the bot can promise.
Anything else it cannot read raises ``HoursError`` saying what and where.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bot.language.words import Loaded, Words, alt

__all__ = ["HOURS_FILE", "HoursError", "HoursGrammar", "OpeningHours", "parse_hours", "says_unknown", "use"]

HOURS_FILE = "hours.json"
DAY_MINUTES = 24 * 60
NOON = 12 * 60

Span = tuple[int, int]   # minutes from midnight: [start, end)


@dataclass(frozen=True)
class _Token:
    kind: str                       # days | time | range | am | pm
    raw: str                        # the text read
    days: tuple[int, ...] = ()      # days: the weekdays it names
    minutes: int = 0                # time: minutes from midnight


class HoursError(ValueError):
    """Opening hours that cannot be read; the message says what is wrong."""


@dataclass(frozen=True)
class OpeningHours:
    """When a market is open: for each weekday (1 = Monday ... 7 = Sunday)
    its spans of minutes from midnight, earliest first."""

    week: tuple[tuple[Span, ...], ...] = ((),) * 7
    known: bool = True

    @classmethod
    def unknown(cls) -> OpeningHours:
        return cls(known=False)

    def on(self, weekday: int) -> tuple[Span, ...]:
        """The spans open on a weekday (1 = Monday ... 7 = Sunday)."""
        return self.week[weekday - 1]

    def is_open_on(self, weekday: int) -> bool:
        return bool(self.on(weekday))

    def minutes_open(self, weekday: int, start: int, end: int) -> int:
        """How many minutes of [start, end) (minutes from midnight) it is open that weekday."""
        return sum(max(0, min(e, end) - max(s, start)) for s, e in self.on(weekday))


@dataclass(frozen=True)
class HoursGrammar:
    """hours.json compiled: one pattern for every word, one for a time."""

    words: dict[str, tuple[str, tuple[int, ...]]]    # folded word -> (kind, the weekdays a day word names)
    word_re: re.Pattern[str]
    time_re: re.Pattern[str]
    unknown: frozenset[str]

    @classmethod
    def load(cls, data_dir: Path | None = None) -> HoursGrammar:
        w = Words.read(HOURS_FILE, data_dir)
        table: dict[str, tuple[str, tuple[int, ...]]] = {}

        def add(word: str, kind: str, value: tuple[int, ...] = ()) -> None:
            key = _fold(word)
            if key in table and table[key] != (kind, value):
                raise HoursError(f"{HOURS_FILE}: {word!r} is listed twice with different meanings")
            table[key] = (kind, value)

        weekdays = w.numbers("weekdays")
        for numeral, n in weekdays.items():
            if not 1 <= n <= 7:
                raise HoursError(f"{HOURS_FILE}.weekdays: {numeral!r} must stand for 1 (Monday) to 7 (Sunday)")
            for prefix in w.words("day_prefixes"):
                add(prefix + numeral, "days", (n,))
        for word in w.words("every_day"):
            add(word, "days", tuple(range(1, 8)))
        for word in w.words("workdays"):
            add(word, "days", (1, 2, 3, 4, 5))
        for word in w.words("weekend"):
            add(word, "days", (6, 7))
        for key, kind in (("range", "range"), ("separators", "sep"), ("morning", "am"), ("afternoon", "pm"),
                          ("ignore", "ignore")):
            for word in w.words(key):
                add(word, kind)
        hour = alt(_fold(x) for x in w.words("hour_marks"))
        half = alt(_fold(x) for x in w.words("half_hour"))
        minute = alt(_fold(x) for x in w.words("minute_marks"))
        time_re = re.compile(rf"(\d{{1,2}})(?::(\d{{2}})|{hour}(?:(\d{{1,2}}){minute}?|({half}))?)?")
        return cls(words=table, word_re=re.compile(alt(table)), time_re=time_re,
                   unknown=frozenset(_fold(x) for x in w.words("unknown")))


_grammar: Loaded[HoursGrammar] = Loaded(HoursGrammar.load)


def use(grammar: HoursGrammar) -> HoursGrammar:
    """Make this what ``parse_hours`` reads with (the app, at start)."""
    return _grammar.set(grammar)


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def parse_hours(text: str, grammar: HoursGrammar | None = None) -> OpeningHours:
    """The opening hours a market's ``hours`` text says; ``HoursError`` when
    it cannot be read (the message quotes the part at fault)."""
    g = grammar or _grammar.get()
    folded = _fold(text)
    if not folded:
        raise HoursError("the opening hours are empty")
    if any(u in folded for u in g.unknown):
        return OpeningHours.unknown()
    tokens = _tokens(folded, g)
    week: list[list[Span]] = [[] for _ in range(7)]
    days: list[int] = []          # the group's days
    spans: list[Span] = []        # the group's times
    pm = False

    def close_group() -> None:
        if not days:
            raise HoursError(f"{text!r}: the times come before any day (say which days first)")
        if not spans:
            raise HoursError(f"{text!r}: no times are given for some of the days")
        for d in days:
            week[d - 1].extend(spans)

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "days":
            if spans:                      # times were given: a new group starts
                close_group()
                days, spans, pm = [], [], False
            if (i >= 2 and tokens[i - 1].kind == "range" and tokens[i - 2].kind == "days"
                    and len(tok.days) == 1 and len(tokens[i - 2].days) == 1):
                first, last = tokens[i - 2].days[0], tok.days[0]
                run = [(first - 1 + k) % 7 + 1 for k in range((last - first) % 7 + 1)]
                days.extend(d for d in run if d not in days)
            else:
                days.extend(d for d in tok.days if d not in days)
        elif tok.kind in ("am", "pm"):
            pm = tok.kind == "pm"
        elif tok.kind == "time":
            j = i + 2
            if j < len(tokens) and tokens[i + 1].kind == "range" and tokens[j].kind in ("am", "pm"):
                j += 1
            if j >= len(tokens) or tokens[i + 1].kind != "range" or tokens[j].kind != "time":
                raise HoursError(f"{text!r}: {tok.raw!r} needs a time it lasts until, e.g. 7:00-12:00")
            end_pm = tokens[j - 1].kind == "pm" or (pm and tokens[j - 1].kind != "am")
            start = _clock(tok.minutes, pm)
            stop = _clock(tokens[j].minutes, end_pm)
            if not 0 <= start < stop <= DAY_MINUTES:
                raise HoursError(f"{text!r}: {tok.raw}-{tokens[j].raw} does not run forward within one day")
            spans.append((start, stop))
            pm = end_pm
            i = j
        else:  # a range word not between two days (between two times it was read with them)
            if not (0 < i < len(tokens) - 1 and tokens[i - 1].kind == "days" and tokens[i + 1].kind == "days"):
                raise HoursError(f"{text!r}: {tok.raw!r} must stand between two days or two times")
        i += 1
    close_group()
    return OpeningHours(week=tuple(tuple(_merged(spans)) for spans in week))


def says_unknown(text: str, grammar: HoursGrammar | None = None) -> bool:
    """Whether a market's text (its hours, its address) says a part of it is
    still to be confirmed (the "unknown" words of hours.json)."""
    g = grammar or _grammar.get()
    folded = _fold(text)
    return any(u in folded for u in g.unknown)


def _clock(minutes: int, pm: bool) -> int:
    return minutes + NOON if pm and minutes < NOON else minutes


def _merged(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _tokens(text: str, g: HoursGrammar) -> list[_Token]:
    """The pieces read, in order; separators and words to ignore are
    dropped; anything else raises."""
    out: list[_Token] = []
    pos = 0
    while pos < len(text):
        t = g.time_re.match(text, pos)
        if t:
            hour = int(t.group(1))
            minute = int(t.group(2) or t.group(3) or 0) + (30 if t.group(4) else 0)
            if hour > 24 or minute > 59 or (hour == 24 and minute):
                raise HoursError(f"{text!r}: {t.group(0)!r} is not a time of day")
            out.append(_Token("time", t.group(0), minutes=hour * 60 + minute))
            pos = t.end()
            continue
        m = g.word_re.match(text, pos)
        if not m:
            raise HoursError(f"{text!r}: cannot read {text[pos:pos + 6]!r}")
        kind, days = g.words[m.group(0)]
        if kind not in ("sep", "ignore"):
            out.append(_Token(kind, m.group(0), days=days))
        pos = m.end()
    return out
