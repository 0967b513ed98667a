"""Reading a worker's search request (typed, or voice recognition text) into
search filters: which trades, where (areas, towns, "near me"), when, how
much and how paid, public-welfare posts, long-term work, and the other
words left over for text matching.

Pure functions.  The grammar is here (``Grammar``: every regular expression,
with a comment saying what it reads); its words are plain lists in
``bot/data/query.json``, and date and pay-method words are those of
``bot/data/parsing.json`` (through ``bot.language.parsing``'s grammar).
Trade and place words come from the reference data.  The app builds the
grammar at start and hands it over with ``use()``; tests and tools that
never do get the shipped files' on first use.  Nothing is read at import.

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

import re
import unicodedata
from dataclasses import dataclass, fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bot.language import parsing
from bot.language.parsing import HAN, arabic_numerals, chinese_number, parse_date, parse_pay, parse_pay_method
from bot.language.nlu import current_typos
from bot.language.words import KeptReadings, Loaded, Words, WordsError, alt, not_before
from bot.refdata import normalize_text

__all__ = ["QUERY_FILE", "Grammar", "SearchQuery", "describe", "grammar", "is_vague", "parse_query", "use"]

QUERY_FILE = "query.json"

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
    meals: bool = False                   # meals provided, asked for ("any with meals and a bed?")
    lodging: bool = False                 # a bed provided, asked for
    pay_first: bool = False               # better-paid work first ("higher pay"): an order, not a filter
    words: tuple[str, ...] = ()           # other meaningful words, for text matching


def grammar() -> Grammar:
    """The grammar ``parse_query`` uses: the one the app built at start
    (``use``), or else the shipped word lists', built on first use."""
    return _GRAMMAR.get()


def use(built: Grammar) -> Grammar:
    """Make ``built`` the grammar ``parse_query`` uses (the app, at start)."""
    return _GRAMMAR.set(built)


# ---------------------------------------------------------------------------
# The grammar


def _folded(words) -> list[str]:
    return [normalize_text(w) for w in words]


@dataclass(frozen=True)
class _Range:
    """A date range a phrase names: "days" (today+start .. today+end), or a
    named range (weekend, next_weekend, this_week, next_week, week_after_next)."""

    name: str
    start: int = 0
    end: int = 0


class Grammar:
    """Every regular expression ``parse_query`` reads with, compiled from
    the word lists of ``query.json`` and the date and pay-method words of
    the parsing grammar."""

    def __init__(self, words: Words, parser: parsing.Grammar) -> None:
        english = words.section("english").names("words")
        self.english = {k.lower(): v for k, v in english.items()}
        # An English word standing alone (not inside a longer word).
        self.english_re = re.compile(rf"(?<![a-z']){alt(self.english)}(?![a-z'])")
        self.english_stop = re.compile(rf"(?<![a-z']){alt(w.lower() for w in words.section('english').words('stop'))}(?![a-z'])")
        self.typos = sorted(((normalize_text(k), normalize_text(v)) for k, v in words.section("typos").names("fixes").items()),
                            key=lambda kv: len(kv[0]), reverse=True)
        self.near = re.compile(alt(_folded(words.words("near"))))
        self.welfare = re.compile(alt(_folded(words.words("welfare"))))
        anything = words.section("anything")
        self.any_place = re.compile(alt(_folded(anything.words("place"))))
        self.any_work = re.compile(alt(_folded(anything.words("work"))))
        self.any_either = frozenset(_folded(anything.words("either")))
        self.any_day = re.compile(alt(_folded(anything.words("day"))))
        self.long_term = re.compile(alt(_folded(words.words("long_term"))))
        self._dates(words.section("dates"), parser)
        self._pay(words.section("pay"), parser)
        same_as = words.section("pay_method").names("same_as")
        self.method_same_as = {normalize_text(k): v for k, v in same_as.items()}
        self.method_same_as_re = re.compile(alt(self.method_same_as))
        # Every pay-method word: never a search word.
        self.method_words = re.compile(alt([*parser.pay_method.all_words, *self.method_same_as]))
        self.ambiguous_ignore = frozenset(_folded(words.section("trades").words("ambiguous_ignore")))
        certs = words.section("certificates")
        self.cert_suffix = alt(certs.words("suffixes"))
        self.cert_words = re.compile(alt(_folded(certs.words("words"))))
        self._cert: tuple[Any, re.Pattern[str]] | None = None  # (reference data, its pattern): the last one used
        self._stop_words(words.section("words"))
        self.multipliers = parser.numerals.multipliers

    def _dates(self, w: Words, parser: parsing.Grammar) -> None:
        this, nxt, after_next = alt(w.words("this")), alt(w.words("next")), alt(w.words("after_next"))
        weekend = alt(w.words("weekend_words"))
        saturday = re.escape(w.word("saturday"))
        joiners = alt(w.words("and"))

        def saturday_sunday(table: dict[str, tuple[str, ...]], joined: bool) -> list[str]:
            # Saturday and Sunday with one week word, the week word maybe said
            # twice, maybe with an "and" word between (Saturday and Sunday).
            return [rf"{re.escape(week)}{saturday}{f'(?:{joiners})?' if joined else ''}(?:{re.escape(week)})?{alt(sundays)}"
                    for week, sundays in table.items()]

        # A week not followed by a weekday name or by the end of "weekend".
        week = rf"{alt(parser.date.week_words)}{not_before([*parser.date.weekdays, *w.words('not_a_week_before')])}"
        # Each phrase with the range it names; of several, the first in the
        # text wins, the longest at the same place.
        ranges: list[tuple[str, _Range]] = [
            # next weekend
            (rf"{nxt}(?:{'|'.join([weekend, *saturday_sunday(w.lists('next_saturday_sunday'), False)])})",
             _Range("next_weekend")),
            # the weekend (maybe this one), or the days off
            (rf"(?:{this})?(?:{'|'.join([weekend, *saturday_sunday(w.lists('saturday_sunday'), True)])})"
             rf"|{alt(w.words('days_off'))}", _Range("weekend")),
            # the week after next, next week, this week
            (rf"{after_next}{week}", _Range("week_after_next")),
            (rf"{nxt}{week}", _Range("next_week")),
            (rf"{this}{week}", _Range("this_week")),
        ]
        days = w.raw("days")
        if not isinstance(days, list) or not all(
                isinstance(d, dict) and isinstance(d.get("from"), int) and isinstance(d.get("to"), int) for d in days):
            raise WordsError(f"{w.where}.days: must be a list of {{from, to, words}}")
        for i, d in enumerate(days):
            phrases = Words(d, f"{w.where}.days[{i}]").words("words")
            # a few days from today: these days, the next two days ...
            ranges.append((alt(phrases), _Range("days", d["from"], d["to"])))
        self.ranges = [(re.compile(pattern), kind) for pattern, kind in ranges]

        nd = w.section("not_dates")
        numerals = rf"[0-9{''.join(re.escape(c) for c in nd.word('numerals'))}]{{1,3}}"
        day = alt(nd.words("day_words"))
        pay_out = re.escape(nd.word("pay_out"))
        # Words that look like dates but are not a day to work, tried in this
        # order: the day pay is paid (the 15th, paid / wages on the 15th), a
        # day's pay (200 yuan a day), now.
        self.not_dates = re.compile("|".join([
            rf"{numerals}{day}{alt(nd.words('paid_after_day'))}",
            rf"(?:{pay_out})?{re.escape(nd.word('wages'))}{numerals}{day}(?:{pay_out})?",
            rf"[0-9]+(?:{alt(nd.words('currency'))}|\s){alt(nd.words('per_day'))}",
            alt(nd.words("now")),
        ]))
        # The date words of the parser (today, Wednesday, the weekend, 12-3,
        # the 3rd, in 3 days): blanked once read.
        pd = parser.date
        self.date_words = [pd.relative_re, pd.weekday, pd.weekend, pd.iso, pd.month_day, pd.day_only, pd.after_days]

    def _pay(self, w: Words, parser: parsing.Grammar) -> None:
        self.numeral_run = re.compile(f"[{''.join(re.escape(c) for c in w.word('numerals'))}]+")
        amount = r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?"
        cur = alt(w.words("currency"))
        not_after_amount = alt(w.words("not_after_amount"))
        more = w.word("more")
        floor_after = "|".join([alt(x for x in w.words("floor_after") if x != more),
                                re.escape(more) + not_before(w.words("more_not_before"))])
        # A pay floor: a floor word before the amount ("n1": not below 150,
        # at least 200), maybe a floor word after it too; or a floor word after
        # the amount ("n2": 200 and up, 200-odd).
        self.floor = re.compile(rf"""
            (?: (?P<pre> {alt(w.words("floor_before"))} ) {alt(w.words("floor_fillers"))}?
                (?P<n1> {amount} ) (?: {cur} )? (?! [0-9.] | {not_after_amount} ) (?: {floor_after} )?
              | (?P<n2> {amount} ) (?: {cur} )? (?: {floor_after} )
            )""", re.X)
        # An amount that is not a count, an age or a time.
        self.bare_amount = re.compile(rf"{amount}(?:{cur})?(?!{not_after_amount}|[0-9.])")
        self.window = w.number("window")
        self.unit_words = [(unit, re.compile(alt(_folded(words)))) for unit, words in w.lists("unit_words").items()]
        self.method_units = w.names("method_units")
        table = w.raw("unit_by_amount")
        if not isinstance(table, list) or not all(isinstance(r, list) and len(r) == 3 for r in table):
            raise WordsError(f"{w.where}.unit_by_amount: must be a list of [lowest, highest, unit]")
        self.unit_by_amount = [(int(lo), int(hi), unit) for lo, hi, unit in table]
        # Better-paid work first ("higher pay").
        self.pay_higher = re.compile(alt(_folded(w.words("higher"))) + not_before(w.words("higher_not_before")))
        # Pay words that are never search words.
        self.pay_mask = re.compile(alt([*w.words("mask"), *w.words("currency"), *w.words("floor_before"),
                                        *(x for words in w.lists("unit_words").values() for x in words)]))

    def _stop_words(self, w: Words) -> None:
        self.min_word = w.number("min_length")
        durations, ages = w.section("durations"), w.section("ages")
        numerals = "".join(re.escape(c) for c in durations.word("numerals"))
        # What is not a search word, tried in this order: a stop word unless a
        # word follows (work but not activity), "do not want" and what
        # follows it, a duration (3 days, ten-odd hours, about a month), an
        # age (over 40), then the stop words.
        self.stop = re.compile("|".join([
            *(re.escape(word) + not_before(follow) for word, follow in w.lists("stop_unless_before").items()),
            rf"{alt(w.words('not_wanted'))}[{HAN}]{{0,4}}",
            rf"[0-9{numerals}]+(?:{alt(durations.words('vague'))})?(?:{re.escape(durations.word('counter'))})?"
            rf"{alt(durations.words('units'))}(?:{alt(durations.words('approx'))})?",
            rf"[0-9]+(?:{alt(ages.words('vague'))})?{re.escape(ages.word('unit'))}(?:{alt(ages.words('approx'))})?",
            alt(_folded(w.words("stop"))),
        ]))

    def cert_re(self, refdata: Any) -> re.Pattern[str]:
        """Certificate words for this reference data: a trade word followed by
        a certificate suffix (compiled once per ReferenceData)."""
        if self._cert is not None and self._cert[0] is refdata:
            return self._cert[1]
        trade_words = [normalize_text(w) for t in refdata.trades for w in t.words]
        trade_words += [normalize_text(w) for w in refdata.ambiguous_words]
        rx = re.compile(f"{alt(trade_words)}{self.cert_suffix}")
        self._cert = (refdata, rx)
        return rx

    @classmethod
    def load(cls, data_dir: Path | None = None, parser: parsing.Grammar | None = None) -> Grammar:
        """Read ``query.json`` (from bot/data/ unless ``data_dir``) and compile
        it with ``parser`` (default: the parsing grammar in use).  Raises
        WordsError (a ValueError) naming the file and the key at fault."""
        return cls(Words.read(QUERY_FILE, data_dir), parser if parser is not None else parsing.grammar())


_GRAMMAR: Loaded[Grammar] = Loaded(Grammar.load)

_DIGITS_RE = re.compile(r"(?<![a-z])[0-9]+(?:\.[0-9]+)?(?![a-z])")  # a number standing alone
_RUN_RE = re.compile(rf"[{HAN}a-z0-9]+")  # a run of words
MIN_BARE_AMOUNT = 10


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


def _fold(g: Grammar, text: str) -> str:
    # English words first, while the spaces that end them are still there.
    t = unicodedata.normalize("NFKC", text or "").lower()
    t = g.english_stop.sub(" ", g.english_re.sub(lambda m: g.english[m.group()], t))
    t = normalize_text(t)
    for wrong, right in g.typos:
        t = t.replace(wrong, right)
    return t


def _amounts_as_digits(g: Grammar, text: str) -> str:
    """``arabic_numerals``, then also any Chinese number with a multiplier
    (two hundred, five thousand, thirty) as digits: in a search request such
    a number is an amount even where no pay word stands next to it."""

    def digits(m: re.Match) -> str:
        run = m.group()
        value = chinese_number(run) if set(run) & g.multipliers else None
        return str(value) if value is not None and value >= 10 else run

    return g.numeral_run.sub(digits, arabic_numerals(text))


# ---------------------------------------------------------------------------
# Parts


def _trades(g: Grammar, w: _Text, refdata: Any) -> tuple[str, ...]:
    """Trade codes named, in order of appearance; an ambiguous word adds all
    its trades (a search may as well show them all)."""
    text = w.current()
    found: list[tuple[int, list[str]]] = []
    for trade in refdata.match_trades(text):
        positions = [p for p in (text.find(normalize_text(x)) for x in trade.words) if p >= 0]
        found.append((min(positions, default=len(text)), [trade.code]))
    for word, candidates in refdata.match_ambiguous_trades(text):
        key = normalize_text(word)
        if key not in g.ambiguous_ignore:
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


def _range(kind: _Range, today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    name = kind.name
    if name == "days":
        return today + timedelta(days=kind.start), today + timedelta(days=kind.end)
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
    raise ValueError(f"unknown date range {name!r}")


def _dates(g: Grammar, w: _Text, today: date) -> tuple[date | None, date | None]:
    """A date range said, or else one date (both ends); its words blanked."""
    text = w.current()
    hits = [(m.start(), -len(m.group()), m, kind) for rx, kind in g.ranges for m in rx.finditer(text)]
    not_dates = g.not_dates.sub(lambda m: BLANK * len(m.group()), text)
    for rx in g.date_words:
        w.blank_re(rx, within=not_dates)
    if hits:
        _, _, m, kind = min(hits, key=lambda h: (h[0], h[1]))
        for _, _, other, _ in hits:
            w.blank(other.start(), other.end())
        return _range(kind, today)
    day = parse_date(not_dates, today)
    return day, day


def _pay_method(g: Grammar, text: str) -> str | None:
    """``parsing.parse_pay_method``, which also knows the words of
    ``pay_method.same_as`` in the data file."""
    return parse_pay_method(g.method_same_as_re.sub(lambda m: g.method_same_as[m.group()], text))


def _amount(s: str) -> int | None:
    value = float(s)
    return int(value) if value == int(value) and value > 0 else None


def _unit_near(g: Grammar, text: str, start: int, end: int) -> str | None:
    """A unit word right before or after an amount: (start, end) in text."""
    before, after = text[max(0, start - g.window):start], text[end:end + g.window]
    best: tuple[int, str] | None = None
    for unit, rx in g.unit_words:
        for m in rx.finditer(before):
            distance = len(before) - m.end()
            if best is None or distance < best[0]:
                best = (distance, unit)
        nearest = rx.search(after)
        if nearest and (best is None or nearest.start() < best[0]):
            best = (nearest.start(), unit)
    return best[1] if best else None


def _pay(g: Grammar, w: _Text, method: str | None) -> tuple[int | None, str | None]:
    """(pay floor, its unit); the floor's words blanked."""
    text = w.current()
    amount: int | None = None
    unit: str | None = None
    for m in g.floor.finditer(text):
        key = "n1" if m.group("n1") else "n2"
        value = _amount(m.group(key))
        if value is None:
            continue
        amount = value
        unit = _unit_near(g, text, m.start(), m.end())
        w.blank(m.start(), m.end())
        break
    rate = parse_pay(text)
    if amount is None and rate is not None:
        amount = rate.min
    if amount is None:
        # An amount next to a unit or pay-method word parse_pay does not
        # take as a pay word ("monthly settlement, 5000").
        for m in g.bare_amount.finditer(text):
            value = _amount(m.group())
            unit = _unit_near(g, text, m.start(), m.end()) if value and value >= MIN_BARE_AMOUNT else None
            if unit is not None:
                amount = value
                w.blank(m.start(), m.end())
                break
    if amount is None:
        return None, None
    if unit is None and rate is not None and rate.unit:
        unit = rate.unit
    if unit is None and method is not None:
        unit = g.method_units.get(method)
    if unit is None:
        unit = next((u for lo, hi, u in g.unit_by_amount if lo <= amount <= hi), None)
    return amount, unit


def _words(g: Grammar, w: _Text, certificates: list[tuple[int, str]]) -> tuple[str, ...]:
    """Certificate words and the runs of 2+ characters nothing else read."""
    w.blank_re(g.not_dates)
    w.blank_re(g.method_words)
    w.blank_re(g.pay_mask)
    w.blank_re(g.stop)
    w.blank_re(_DIGITS_RE)
    found = list(certificates)
    found += [(m.start(), m.group()) for m in _RUN_RE.finditer(w.current()) if len(m.group()) >= g.min_word]
    out: list[str] = []
    for _, word in sorted(found):
        if word not in out:
            out.append(word)
    return tuple(out)


# ---------------------------------------------------------------------------
# The API


_QUERIES_READ = KeptReadings()


def says_long_term(text: str) -> bool:
    """Whether the words say the work is long-term ("long-term", "all year")."""
    g = grammar()
    return bool(g.long_term.search(_fold(g, text)))


def parse_query(text: str, refdata: Any, today: date) -> SearchQuery:
    """The search filters a request names (see the module docstring).
    Nothing understood gives an empty query (``is_vague``). Read once per
    text and day for the tables in use."""
    return _QUERIES_READ.get((text, today), (grammar(), parsing.grammar(), refdata, current_typos()), lambda: _parse_query(text, refdata, today))


def _parse_query(text: str, refdata: Any, today: date) -> SearchQuery:
    g = grammar()
    folded = _fold(g, text)
    if not folded:
        return SearchQuery()
    w = _Text(_amounts_as_digits(g, folded))
    welfare = w.blank_re(g.welfare)
    long_term = w.blank_re(g.long_term)
    near = w.blank_re(g.near)
    # "With meals and a bed": a filter, not words to find in the text. Only
    # what is asked for counts ("no meals is fine" asks for nothing).
    meals, lodging = parsing.parse_meals_lodging(w.current())
    w.blank_re(parsing.grammar().meals.phrase_re)
    pay_first = bool(g.pay_higher.search(w.current()))

    current = w.current()
    certificates: list[tuple[int, str]] = []
    for rx in (g.cert_re(refdata), g.cert_words):
        for m in rx.finditer(current):
            if not any(w.used[m.start():m.end()]) and all(m.start() != s for s, _ in certificates):
                certificates.append((m.start(), m.group()))
    trades = _trades(g, w, refdata)
    areas = _areas(w, refdata)
    _blank_trade_words(w, refdata, trades)
    for start, word in certificates:
        w.blank(start, start + len(word))

    date_from, date_to = _dates(g, w, today)
    method = _pay_method(g, w.current())
    pay_min, pay_unit = _pay(g, w, method)
    words = _words(g, w, certificates)
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
        meals=meals is True,
        lodging=lodging is True,
        pay_first=pay_first,
        words=words,
    )


def reads_as_english(words: list[str]) -> bool:
    """Words that make English: one of them a common English word (the
    English stop words of query.json: "I", "need", "in", "any" …), not
    letters at random ("AAA0AA") or pinyin ("lao wang")."""
    stop = grammar().english_stop
    return any(stop.fullmatch(w.lower()) for w in words)


def left_open(text: str) -> frozenset[str]:
    """The filters a worker leaves open ("anywhere in Quanzhou": "place";
    "any work": "work"; "either is fine" alone: both; "any day": "day"),
    to search without them instead of asking again."""
    g = grammar()
    folded = _fold(g, text)
    if folded in g.any_either:
        return frozenset({"place", "work"})
    # The day's words first, and taken out: "any which day" is no place.
    day, folded = bool(g.any_day.search(folded)), g.any_day.sub(" ", folded)
    kinds = {kind for kind, rx in (("place", g.any_place), ("work", g.any_work)) if rx.search(folded)}
    return frozenset(kinds | {"day"} if day else kinds)


def asks_by_terms(q: SearchQuery) -> bool:
    """The words ask for jobs by what they offer: meals, a bed, better pay
    (a search, never a question about wages or board)."""
    return q.meals or q.lodging or q.pay_first


def is_vague(q: SearchQuery) -> bool:
    """True when there is nothing to search by: no trade, area, near, date,
    pay floor, pay method, meals or bed, or welfare filter (long-term,
    "better pay first" and left-over words alone do not make a search)."""
    return not (q.trades or q.areas or q.near or q.date_from or q.date_to or q.pay_min is not None
                or q.pay_method or q.welfare or q.meals or q.lodging)


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
