"""Reading a worker's search request (typed, or voice recognition text) into
search filters: which trades, where (areas, towns, "near me"), when, how
much and how paid, public-welfare posts, long-term work, and the other
words left over for text matching.

Pure functions, no I/O after import.  Every Chinese word and pattern lives
in ``bot/data/query.json``; date and pay-method words are shared with
``bot/data/parsing.json`` (through ``bot.language.parsing``), trade and
place words come from the reference data.

The steps, on text folded as the reference data folds it (NFKC, no spaces,
lower case), with common typos fixed and numerals in a numeric context made
Arabic (``parsing.arabic_numerals``):

1. welfare, long-term and near words are read and blanked out (so that
   "nearest" is not read as "recently");
2. trades (``ReferenceData.match_trades``; an ambiguous word gives all the
   trades it could mean), areas and towns (a town counts as its area);
3. a date range (weekend, next week, these few days, ...) or else the single
   date of ``parsing.parse_date``; words that only look like dates (the
   day pay is paid, "now") are blanked out first;
4. the pay method (``parsing.parse_pay_method``, then a few more words);
5. a pay floor ("200 and up", "not below 150", or any pay rate
   ``parsing.parse_pay`` finds) with its unit;
6. what is left, without stop words, single characters and numbers, is
   ``words``; certificate words (a trade word and a certificate suffix)
   are kept as words too.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from bot import DATA_DIR
from bot.language import parsing
from bot.language.parsing import HAN, arabic_numerals, chinese_number, parse_date, parse_pay, parse_pay_method
from bot.refdata import normalize_text

__all__ = ["QUERY_FILE", "SearchQuery", "describe", "is_vague", "parse_query"]

QUERY_FILE = "query.json"
_DATA: dict[str, Any] = json.loads((DATA_DIR / QUERY_FILE).read_text(encoding="utf-8"))
_PARSING: dict[str, Any] = json.loads((DATA_DIR / parsing.PARSING_FILE).read_text(encoding="utf-8"))

BLANK = "#"  # what a consumed character becomes in the working text
SATURDAY = 5


@dataclass(frozen=True)
class SearchQuery:
    trades: tuple[str, ...] = ()          # trade codes, in order of mention
    areas: tuple[str, ...] = ()           # area codes (a town gives its area)
    near: bool = False                    # "near me"
    date_from: date | None = None
    date_to: date | None = None
    pay_method: str | None = None         # parsing.PAY_METHODS
    pay_min: int | None = None            # the lowest pay wanted, whole yuan
    pay_unit: str | None = None           # unit of pay_min: "day", "hour", "month", "piece", "job"
    welfare: bool = False                 # public-welfare posts
    long_term: bool = False
    words: tuple[str, ...] = ()           # other meaningful words, for text matching


# ---------------------------------------------------------------------------
# Compiled data


def _alt(words, *, escape: bool = True) -> str:
    """A non-capturing alternation, longest words first."""
    items = sorted({w for w in words if w}, key=len, reverse=True)
    if not items:
        return "(?!)"
    return "(?:" + "|".join(re.escape(w) if escape else w for w in items) + ")"


_TYPOS = sorted(((normalize_text(k), normalize_text(v)) for k, v in _DATA["typos"]["fixes"].items()),
                key=lambda kv: len(kv[0]), reverse=True)
_NEAR_RE = re.compile(_alt(normalize_text(w) for w in _DATA["near"]))
_WELFARE_RE = re.compile(_alt(normalize_text(w) for w in _DATA["welfare"]))
_LONG_TERM_RE = re.compile(_alt(normalize_text(w) for w in _DATA["long_term"]))

_DATES = _DATA["dates"]
_RANGES = [(re.compile(r["pattern"]), r) for r in _DATES["ranges"]]
_NOT_DATE_RE = re.compile(_alt(_DATES["not_dates"], escape=False))
_PDATE = _PARSING["date"]
_DATE_WORD_RES = [re.compile(_alt(_PDATE["relative"]))] + [
    re.compile(_PDATE[key]) for key in ("weekday", "weekend", "iso", "month_day", "day_only", "after_days")
]

_PAY = _DATA["pay"]
_NUMERALS = _PAY["numerals"]
_MULTIPLIERS = frozenset([*_PARSING["numerals"]["multipliers"], *_PARSING["numerals"]["big"]])
_NUMERAL_RUN_RE = re.compile(f"[{_NUMERALS}]+")
_AMOUNT = r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?"
_CUR = _alt(_PAY["currency"])
_FLOOR_RE = re.compile(
    rf"(?:(?P<pre>{_alt(_PAY['floor_before'])}){_alt(_PAY['floor_fillers'])}?(?P<n1>{_AMOUNT})(?:{_CUR})?"
    rf"(?![0-9.]|{_PAY['not_after_amount']})(?:{_alt(_PAY['floor_after'], escape=False)})?"
    rf"|(?P<n2>{_AMOUNT})(?:{_CUR})?(?:{_alt(_PAY['floor_after'], escape=False)}))"
)
_BARE_AMOUNT_RE = re.compile(rf"{_AMOUNT}(?:{_CUR})?(?!{_PAY['not_after_amount']}|[0-9.])")
MIN_BARE_AMOUNT = 10
_WINDOW = int(_PAY["window"])
_UNIT_WORDS = [(unit, re.compile(_alt(normalize_text(w) for w in words))) for unit, words in _PAY["unit_words"].items()]
_METHOD_UNITS: dict[str, str] = _PAY["method_units"]
_UNIT_BY_AMOUNT = [(int(lo), int(hi), unit) for lo, hi, unit in _PAY["unit_by_amount"]]
_PAY_MASK_RE = re.compile(_alt(
    [*_PAY["mask"], *_PAY["currency"], *_PAY["floor_before"], *(w for words in _PAY["unit_words"].values() for w in words)]))

_METHOD_SAME_AS: dict[str, str] = {normalize_text(k): v for k, v in _DATA["pay_method"]["same_as"].items()}
_METHOD_SAME_AS_RE = re.compile(_alt(_METHOD_SAME_AS))
_METHOD_WORDS_RE = re.compile(_alt(
    [w for tier in ("settlement", "basis") for words in _PARSING["pay_method"][tier].values() for w in words]
    + list(_METHOD_SAME_AS)))

_AMBIGUOUS_IGNORE = frozenset(normalize_text(w) for w in _DATA["trades"]["ambiguous_ignore"])

_CERTS = _DATA["certificates"]
_CERT_SUFFIX = _alt(_CERTS["suffixes"])
_CERT_WORDS_RE = re.compile(_alt(normalize_text(w) for w in _CERTS["words"]))

_WORDS = _DATA["words"]
_MIN_WORD = int(_WORDS["min_length"])
_STOP_RE = re.compile(
    "|".join([*_WORDS["stop_patterns"], _alt(normalize_text(w) for w in _WORDS["stop"])]))
_DIGITS_RE = re.compile(r"(?<![a-z])[0-9]+(?:\.[0-9]+)?(?![a-z])")
_RUN_RE = re.compile(rf"[{HAN}a-z0-9]+")

_cert_cache: list[tuple[Any, re.Pattern]] = []  # (reference data, its pattern): the last one used


def _cert_re(refdata: Any) -> re.Pattern:
    """Certificate words for this reference data: a trade word followed by a
    certificate suffix (compiled once per ReferenceData)."""
    if _cert_cache and _cert_cache[0][0] is refdata:
        return _cert_cache[0][1]
    trade_words = [normalize_text(w) for t in refdata.trades for w in t.words]
    trade_words += [normalize_text(w) for w in refdata.ambiguous_words]
    rx = re.compile(f"{_alt(trade_words)}{_CERT_SUFFIX}")
    _cert_cache[:] = [(refdata, rx)]
    return rx


# ---------------------------------------------------------------------------
# The working text


class _Text:
    """The folded text, and which of its characters have been read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.used = bytearray(len(text))

    def blank(self, start: int, end: int) -> None:
        self.used[start:end] = b"\x01" * (end - start)

    def blank_re(self, rx: re.Pattern, within: str | None = None) -> bool:
        """Blank every match of rx (searched in `within`, the same length as
        the text, or else in the current working text); True if any."""
        found = False
        for m in rx.finditer(self.current() if within is None else within):
            if m.end() > m.start():
                self.blank(m.start(), m.end())
                found = True
        return found

    def blank_word(self, word: str) -> int:
        """Blank every occurrence of word; the first position or -1."""
        first = -1
        if not word:
            return first
        i = self.text.find(word)
        while i >= 0:
            if first < 0:
                first = i
            self.blank(i, i + len(word))
            i = self.text.find(word, i + 1)
        return first

    def current(self) -> str:
        return "".join(BLANK if u else ch for ch, u in zip(self.text, self.used))


def _fold(text: str) -> str:
    t = normalize_text(text or "")
    for wrong, right in _TYPOS:
        t = t.replace(wrong, right)
    return t


def _amounts_as_digits(text: str) -> str:
    """``arabic_numerals``, then also any Chinese number with a multiplier
    (two hundred, five thousand, thirty) as digits: in a search request such
    a number is an amount even where no pay word stands next to it."""

    def digits(m: re.Match) -> str:
        run = m.group()
        value = chinese_number(run) if set(run) & _MULTIPLIERS else None
        return str(value) if value is not None and value >= 10 else run

    return _NUMERAL_RUN_RE.sub(digits, arabic_numerals(text))


# ---------------------------------------------------------------------------
# Parts


def _trades(w: _Text, refdata: Any) -> tuple[str, ...]:
    """Trade codes named, in order of appearance; an ambiguous word adds all
    its trades (a search may as well show them all)."""
    text = w.current()
    found: list[tuple[int, list[str]]] = []
    for trade in refdata.match_trades(text):
        positions = [p for p in (text.find(normalize_text(x)) for x in trade.words) if p >= 0]
        found.append((min(positions, default=len(text)), [trade.code]))
    for word, candidates in refdata.match_ambiguous_trades(text):
        key = normalize_text(word)
        if key not in _AMBIGUOUS_IGNORE:
            found.append((text.find(key), [t.code for t in candidates]))
    codes: list[str] = []
    for _, group in sorted(found, key=lambda f: f[0]):
        codes.extend(c for c in group if c not in codes)
    return tuple(codes)


def _blank_trade_words(w: _Text, refdata: Any, codes: tuple[str, ...]) -> None:
    for code in codes:
        trade = refdata.trade_by_code(code)
        if trade is not None:
            for word in trade.words:
                w.blank_word(normalize_text(word))
    for word in refdata.ambiguous_words:
        w.blank_word(normalize_text(word))


def _areas(w: _Text, refdata: Any) -> tuple[str, ...]:
    """Area codes named, by area or town words, in order of appearance;
    their words are blanked."""
    text = w.current()
    found: list[tuple[int, str]] = []
    for area in refdata.match_areas(text):
        positions = [w.blank_word(normalize_text(x)) for x in area.words]
        found.append((min((p for p in positions if p >= 0), default=len(text)), area.code))
    for town, area in refdata.match_towns(text):
        positions = [w.blank_word(normalize_text(x)) for x in town.words]
        found.append((min((p for p in positions if p >= 0), default=len(text)), area.code))
    codes: list[str] = []
    for _, code in sorted(found, key=lambda f: f[0]):
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def _range(kind: dict, today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    name = kind["range"]
    if name == "days":
        return today + timedelta(days=int(kind["from"])), today + timedelta(days=int(kind["to"]))
    if name == "weekend":
        start = today if today.weekday() >= SATURDAY else monday + timedelta(days=SATURDAY)
        return start, monday + timedelta(days=6)
    if name == "next_weekend":
        return monday + timedelta(days=7 + SATURDAY), monday + timedelta(days=13)
    if name == "this_week":
        return today, monday + timedelta(days=6)
    if name == "next_week":
        return monday + timedelta(days=7), monday + timedelta(days=13)
    if name == "week_after_next":
        return monday + timedelta(days=14), monday + timedelta(days=20)
    raise ValueError(f"{QUERY_FILE}: unknown date range {name!r}")


def _dates(w: _Text, today: date) -> tuple[date | None, date | None]:
    """A date range said, or else one date (both ends); its words blanked."""
    text = w.current()
    hits = [(m.start(), -len(m.group()), m, kind) for rx, kind in _RANGES for m in rx.finditer(text)]
    not_dates = _NOT_DATE_RE.sub(lambda m: BLANK * len(m.group()), text)
    for rx in _DATE_WORD_RES:
        w.blank_re(rx, within=not_dates)
    if hits:
        _, _, m, kind = min(hits, key=lambda h: (h[0], h[1]))
        for _, _, other, _ in hits:
            w.blank(other.start(), other.end())
        return _range(kind, today)
    day = parse_date(not_dates, today)
    return day, day


def _pay_method(text: str) -> str | None:
    """``parsing.parse_pay_method``, which also knows the words of
    ``pay_method.same_as`` in the data file."""
    return parse_pay_method(_METHOD_SAME_AS_RE.sub(lambda m: _METHOD_SAME_AS[m.group()], text))


def _amount(s: str) -> int | None:
    value = float(s)
    return int(value) if value == int(value) and value > 0 else None


def _unit_near(text: str, start: int, end: int) -> str | None:
    """A unit word right before or after an amount: (start, end) in text."""
    before, after = text[max(0, start - _WINDOW):start], text[end:end + _WINDOW]
    best: tuple[int, str] | None = None
    for unit, rx in _UNIT_WORDS:
        for m in rx.finditer(before):
            distance = len(before) - m.end()
            if best is None or distance < best[0]:
                best = (distance, unit)
        nearest = rx.search(after)
        if nearest and (best is None or nearest.start() < best[0]):
            best = (nearest.start(), unit)
    return best[1] if best else None


def _pay(w: _Text, method: str | None) -> tuple[int | None, str | None]:
    """(pay floor, its unit); the floor's words blanked."""
    text = w.current()
    amount: int | None = None
    unit: str | None = None
    for m in _FLOOR_RE.finditer(text):
        key = "n1" if m.group("n1") else "n2"
        value = _amount(m.group(key))
        if value is None:
            continue
        amount = value
        unit = _unit_near(text, m.start(), m.end())
        w.blank(m.start(), m.end())
        break
    rate = parse_pay(text)
    if amount is None and rate is not None:
        amount = rate.min
    if amount is None:
        # An amount next to a unit or pay-method word parse_pay does not
        # take as a pay word ("monthly settlement, 5000").
        for m in _BARE_AMOUNT_RE.finditer(text):
            value = _amount(m.group())
            unit = _unit_near(text, m.start(), m.end()) if value and value >= MIN_BARE_AMOUNT else None
            if unit is not None:
                amount = value
                w.blank(m.start(), m.end())
                break
    if amount is None:
        return None, None
    if unit is None and rate is not None and rate.unit:
        unit = rate.unit
    if unit is None and method is not None:
        unit = _METHOD_UNITS.get(method)
    if unit is None:
        unit = next((u for lo, hi, u in _UNIT_BY_AMOUNT if lo <= amount <= hi), None)
    return amount, unit


def _words(w: _Text, certificates: list[tuple[int, str]]) -> tuple[str, ...]:
    """Certificate words and the runs of 2+ characters nothing else read."""
    w.blank_re(_NOT_DATE_RE)
    w.blank_re(_METHOD_WORDS_RE)
    w.blank_re(_PAY_MASK_RE)
    w.blank_re(_STOP_RE)
    w.blank_re(_DIGITS_RE)
    found = list(certificates)
    found += [(m.start(), m.group()) for m in _RUN_RE.finditer(w.current()) if len(m.group()) >= _MIN_WORD]
    out: list[str] = []
    for _, word in sorted(found):
        if word not in out:
            out.append(word)
    return tuple(out)


# ---------------------------------------------------------------------------
# The API


def parse_query(text: str, refdata: Any, today: date) -> SearchQuery:
    """The search filters a request names (see the module docstring).
    Nothing understood gives an empty query (``is_vague``)."""
    folded = _fold(text)
    if not folded:
        return SearchQuery()
    w = _Text(_amounts_as_digits(folded))
    welfare = w.blank_re(_WELFARE_RE)
    long_term = w.blank_re(_LONG_TERM_RE)
    near = w.blank_re(_NEAR_RE)

    current = w.current()
    certificates: list[tuple[int, str]] = []
    for rx in (_cert_re(refdata), _CERT_WORDS_RE):
        for m in rx.finditer(current):
            if not any(w.used[m.start():m.end()]) and all(m.start() != s for s, _ in certificates):
                certificates.append((m.start(), m.group()))
    trades = _trades(w, refdata)
    areas = _areas(w, refdata)
    _blank_trade_words(w, refdata, trades)
    for start, word in certificates:
        w.blank(start, start + len(word))

    date_from, date_to = _dates(w, today)
    method = _pay_method(w.current())
    pay_min, pay_unit = _pay(w, method)
    words = _words(w, certificates)
    return SearchQuery(
        trades=trades,
        areas=areas,
        near=near,
        date_from=date_from,
        date_to=date_to,
        pay_method=method,
        pay_min=pay_min,
        pay_unit=pay_unit,
        welfare=welfare,
        long_term=long_term,
        words=words,
    )


def is_vague(q: SearchQuery) -> bool:
    """True when there is nothing to search by: no trade, area, near, date,
    pay floor, pay method or welfare filter (long-term and left-over words
    alone do not make a search)."""
    return not (q.trades or q.areas or q.near or q.date_from or q.date_to or q.pay_min is not None
                or q.pay_method or q.welfare)


def describe(q: SearchQuery) -> dict:
    """The non-empty filters as a plain dict (lists, ISO dates), for logs
    and tests."""
    out: dict[str, Any] = {}
    for f in fields(q):
        value = getattr(q, f.name)
        if value is None or value is False or value == ():
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out
