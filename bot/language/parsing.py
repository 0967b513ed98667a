"""Reading what people type or say (voice recognition text) into the fields
of a job post or a worker profile.

Pure functions, no I/O after import: every Chinese word, pattern and regular
expression lives in ``bot/data/parsing.json``, read and compiled once here.

Numbers are the project's own rules, not a whole-sentence numeral converter:
a run of Chinese numerals becomes Arabic digits only where it stands in a
numeric context (``arabic_numerals``):

* it is followed by a unit (yuan, kuai, people, days, o'clock, date, age, ...),
  optionally after a vague marker (``numerals.units_after``, ``vague_after``);
* or it follows a context word such as the daily-pay or headcount words
  (``numerals.context_before``) and the number ends there (end of text,
  punctuation, a connector or an "about" word);
* or it is one end of a range whose other end is a number (``150 to 200``);
* or it is a digit-by-digit string of 7 or more (a phone number said aloud).

Words such as the ones for "always", "together", "surely", "a moment" or
"usually" are never numbers (``numerals.block`` and the rules above), and a
pair of digits such as "two or three" stays words: it is a vague count.
A pay amount said after a number ("200" then "one day") is kept apart
with a space ("200 1..."), so two numbers never merge.

The functions return ``None`` when the text does not say the thing; the
dialogs then ask.  Known limits are listed in the docstrings.
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot import DATA_DIR
from bot.language.nlu import normalise

__all__ = [
    "PARSING_FILE",
    "Pay",
    "PostFields",
    "PAY_UNITS",
    "PAY_METHODS",
    "age_from",
    "arabic_numerals",
    "chinese_number",
    "parse_address",
    "parse_birth_year",
    "parse_contact_name",
    "parse_date",
    "parse_days",
    "parse_headcount",
    "parse_meals_lodging",
    "parse_mobile",
    "parse_name",
    "parse_pay",
    "parse_pay_method",
    "parse_post",
    "parse_skills",
    "parse_time_range",
    "stated_age",
    "strip_phones",
    "sums_of_money",
    "valid_credit_code",
]

PARSING_FILE = "parsing.json"
_DATA: dict[str, Any] = json.loads((DATA_DIR / PARSING_FILE).read_text(encoding="utf-8"))

PAY_UNITS = ("day", "hour", "piece", "month", "job")
PAY_METHODS = ("daily", "hourly", "piece", "monthly", "on_completion")

HAN = r"\u4e00-\u9fff"
_HAN_CHAR = re.compile(f"[{HAN}]")
_NUM = r"[0-9]+(?:\.[0-9]+)?"


def _alt(words, *, escape: bool = True) -> str:
    """A non-capturing alternation, longest words first (so that the regex
    engine prefers the longest word at a position)."""
    items = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) if escape else w for w in items) + ")"


def _nfkc(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "")


# ---------------------------------------------------------------------------
# Numbers

_NUMERALS = _DATA["numerals"]
_DIGITS: dict[str, int] = _NUMERALS["digits"]
_ZEROS = frozenset(_NUMERALS["zeros"])
_COUNT_ONLY = frozenset(_NUMERALS["count_only"])
_SMALL: dict[str, int] = _NUMERALS["multipliers"]
_BIG: dict[str, int] = _NUMERALS["big"]
_HUNDREDS = frozenset(c for c, v in {**_SMALL, **_BIG}.items() if v >= 100)
_NUM_CHARS = "".join(re.escape(c) for c in (*_DIGITS, *_SMALL, *_BIG))
_MULT_CHARS = "".join(re.escape(c) for c in (*_SMALL, *_BIG))
_CONN = _alt(_NUMERALS["connectors"])

_RUN_RE = re.compile(rf"(?:[0-9]+(?:\.[0-9]+)?(?=[{_MULT_CHARS}]))?[{_NUM_CHARS}]+")
_K_RE = re.compile(r"(?<![0-9.])([0-9]+(?:\.[0-9]+)?)[kK](?![A-Za-z])")
_TOKEN_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?|.", re.S)
_BLOCK_RES = [re.compile(p) for p in _NUMERALS["block"]]
_VAGUE = _alt(_NUMERALS["vague_after"])
_APPROX = _alt(_NUMERALS["approx_after"])
_UNIT_AFTER_RE = re.compile(rf"{_VAGUE}?{_alt(_NUMERALS['units_after'])}")
_TERMINAL_RE = re.compile(rf"{_VAGUE}?{_APPROX}?(?:$|[^{HAN}]|{_CONN})")
_CTX_BEFORE_RE = re.compile(
    rf"{_alt(_NUMERALS['context_before'])}{_alt(_NUMERALS['fillers_before'])}?\s?$")
_DIGIT_CONN_BEFORE_RE = re.compile(rf"[0-9]\s?{_CONN}\s?$")
_CONN_DIGIT_AFTER_RE = re.compile(rf"\s?{_CONN}\s?[0-9]")
_CONN_ONLY_RE = re.compile(rf"\s?{_CONN}\s?")
_SPLIT_ONE_RE = re.compile(_alt(_NUMERALS["split_one_before"]))
_YEAR_WORD = _NUMERALS["year_word"]  # a two-digit run before it is read digit by digit
_ONE = _NUMERALS["one"]  # two-hundred|one-day: a trailing "one" before a unit is split off
_SPACES_RE = re.compile(r"\s+")
_LONE_SPACE_RE = re.compile(r"(?<![0-9]) | (?![0-9])")
_DIGIT_RUN_MIN = 7  # a digit-by-digit string this long is always a number (a phone said aloud)


def _positional(s: str) -> int | None:
    """A positional Chinese number (with optional Arabic parts): 'two hundred
    five' style, colloquial tails (one-hundred-five = 150), zeros as fillers."""
    if not s:
        return None
    if all(c in _ZEROS for c in s):
        return 0 if len(s) == 1 else None
    total = 0.0
    section = 0.0
    cur: float | None = None
    cur_single = False
    after: int | None = None  # the multiplier right before the pending digit
    last_mult: int | None = None
    last_small: int | None = None
    last_big: int | None = None
    prev: str | None = None
    for tok in _TOKEN_RE.findall(s):
        if tok[0].isascii() and tok[0].isdigit():
            if prev == "d":
                return None
            cur, cur_single = float(tok), len(tok) == 1
            after = last_mult if prev in ("m", "M") else None
            prev = "d"
        elif tok in _ZEROS:
            if prev in ("d", "z", None):
                return None
            prev = "z"
        elif tok in _DIGITS:
            if prev == "d":
                return None
            cur, cur_single = float(_DIGITS[tok]), True
            after = last_mult if prev in ("m", "M") else None
            prev = "d"
        elif tok in _SMALL:
            mult = _SMALL[tok]
            if cur is None:
                if mult == 10 and prev in (None, "z"):
                    cur = 1.0
                else:
                    return None
            if last_small is not None and mult >= last_small:
                return None
            section += cur * mult
            cur, last_small, last_mult, prev = None, mult, mult, "m"
        elif tok in _BIG:
            mult = _BIG[tok]
            if cur is not None:
                section += cur
                cur = None
            if section == 0 or (last_big is not None and mult >= last_big):
                return None
            total += section * mult
            section, last_small, last_big, last_mult, prev = 0.0, None, mult, mult, "M"
        else:
            return None
    if prev == "z":
        return None
    if cur is not None:
        if after and cur_single:
            section += cur * after / 10  # colloquial: one-hundred-five is 150
        elif after and cur >= after:
            return None
        else:
            section += cur
    value = total + section
    if value != int(value):
        return None
    return int(value)


def chinese_number(s: str) -> int | None:
    """A whole string read as a number: Arabic (also full-width), Chinese
    ('two hundred' 200, colloquial 'one hundred five' 150, 'two thousand five'
    2500, 'twelve' 12), mixed ('1.5' + ten-thousand = 15000, '3' + thousand,
    '8k'), or a digit-by-digit string of three or more ('1975' said digit by
    digit).  Anything else (words, a vague pair such as 'two or three', a
    non-integer) gives None."""
    t = _SPACES_RE.sub("", _nfkc(s))
    t = re.sub(r"(?<=[0-9]),(?=[0-9]{3})", "", t)
    if not t:
        return None
    if re.fullmatch(r"[0-9]+", t):
        return int(t)
    m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)[kK]", t)
    if m:
        value = float(m.group(1)) * 1000
        return int(value) if value == int(value) else None
    if all(c in _DIGITS for c in t):
        if len(t) >= 3 and not set(t) & _COUNT_ONLY:
            return int("".join(str(_DIGITS[c]) for c in t))
        if len(t) > 1:
            return None
    return _positional(t)


def _blocked(t: str) -> bytearray:
    mask = bytearray(len(t))
    for rx in _BLOCK_RES:
        for m in rx.finditer(t):
            mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def _segments(run: str, start: int, t: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, value, always) for the numbers inside one run of
    numeral characters; `always` marks digit strings long enough to be a
    number anywhere."""
    end = start + len(run)
    if len(run) > 1 and all(c in _DIGITS for c in run):
        if set(run) & _COUNT_ONLY:
            return []  # a vague pair: two-or-three people
        if len(run) >= 3 or t.startswith(_YEAR_WORD, end):
            value = int("".join(str(_DIGITS[c]) for c in run))
            return [(start, end, value, len(run) >= _DIGIT_RUN_MIN)]
        return []
    out: list[tuple[int, int, int, bool]] = []
    i, n = 0, len(run)
    while i < n:
        at: int | None = None
        for j in range(n, i, -1):
            at = _positional(run[i:j])
            if at is not None:
                break
        if at is None:
            i += 1
            continue
        if (j - i >= 3 and run[j - 1] == _ONE and _SPLIT_ONE_RE.match(t, start + j)
                and set(run[i:j - 1]) & _HUNDREDS):
            head = _positional(run[i:j - 1])
            if head is not None:  # two-hundred | one day: 200 per day, not 210 days
                out.append((start + i, start + j - 1, head, False))
                out.append((start + j - 1, start + j, 1, False))
                i = j
                continue
        out.append((start + i, start + j, at, False))
        i = j
    return out


@functools.lru_cache(maxsize=4096)  # one message is read by several parsers
def arabic_numerals(text: str) -> str:
    """NFKC text with Chinese numerals in a numeric context turned into
    Arabic digits (see the module docstring); spaces are dropped except
    between two numbers, where one is kept (or added) so they stay apart."""
    t = _SPACES_RE.sub(" ", _nfkc(text)).strip()
    t = _LONE_SPACE_RE.sub("", t)
    t = _K_RE.sub(lambda m: _fmt_number(float(m.group(1)) * 1000), t)
    blocked = _blocked(t)
    segs: list[list[Any]] = []
    for m in _RUN_RE.finditer(t):
        for s, e, value, always in _segments(m.group(), m.start(), t):
            if any(blocked[s:e]):
                continue
            follow, before = t[e:e + 12], t[max(0, s - 12):s]
            ctx = (always or bool(_UNIT_AFTER_RE.match(follow))
                   or (bool(_CTX_BEFORE_RE.search(before)) and bool(_TERMINAL_RE.match(follow)))
                   or bool(_DIGIT_CONN_BEFORE_RE.search(before)) or bool(_CONN_DIGIT_AFTER_RE.match(follow)))
            segs.append([s, e, value, ctx])
    changed = True
    while changed:  # ranges and split numbers: one end in context puts the other in
        changed = False
        for a, b in zip(segs, segs[1:]):
            gap = t[a[1]:b[0]]
            if a[3] != b[3] and (gap == "" or _CONN_ONLY_RE.fullmatch(gap)):
                a[3] = b[3] = True
                changed = True
    out: list[str] = []
    pos = 0
    for s, e, value, ctx in segs:
        if not ctx:
            continue
        out.append(t[pos:s])
        piece = str(value)
        last = out[-1][-1:] if out[-1] else (out[-2][-1:] if len(out) > 1 else "")
        if last.isascii() and last.isdigit():
            piece = " " + piece
        nxt = t[e:e + 1]
        if nxt.isascii() and nxt.isdigit():
            piece += " "
        out.append(piece)
        pos = e
    out.append(t[pos:])
    return "".join(out)


def _fmt_number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _bare_number(text: str) -> int | None:
    """The whole answer is one number ('3', 'three', '200')."""
    t = normalise(text)
    return chinese_number(t) if t else None


# ---------------------------------------------------------------------------
# Phone numbers, credit codes, names

_MOBILE_RE = re.compile(_DATA["mobile"]["pattern"])


def _mobile_spans(t: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), re.sub(r"[^0-9]", "", m.group(1))) for m in _MOBILE_RE.finditer(t)]


def parse_mobile(text: str) -> str | None:
    """A mainland mobile number (11 digits, 1[3-9]...), typed whole, as
    3-4-4 groups with spaces or dashes, after +86 / 0086 / 86, full-width, or
    said digit by digit; 10 or 12 digits give None.  The first one found."""
    found = _mobile_spans(arabic_numerals(text))
    return found[0][2] if found else None


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_RE = re.compile(rf"(?<![0-9A-Za-z])[{_CREDIT_CHARS}]{{18}}(?![0-9A-Za-z])")


def valid_credit_code(code: str) -> bool:
    """China's unified social credit code (GB 32100-2015): 18 characters
    from 0-9 and A-Y without I, O, S, V, Z; the last is the mod-31 check
    character over the first 17 with weights 3^i mod 31.  Spaces and case
    are ignored; the registration-authority and area parts are not checked."""
    c = _SPACES_RE.sub("", _nfkc(code)).upper()
    if len(c) != 18 or any(ch not in _CREDIT_CHARS for ch in c):
        return False
    total = sum(_CREDIT_CHARS.index(ch) * w for ch, w in zip(c, _CREDIT_WEIGHTS))
    check = (31 - total % 31) % 31
    return _CREDIT_CHARS[check] == c[17]


_NAME = _DATA["name"]
_URL_RE = re.compile(_NAME["url"], re.I)
_LONG_DIGITS_RE = re.compile(_NAME["long_digits"])


def _strip_emoji(text: str) -> str:
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("So", "Sk", "Cs", "Co", "Cn", "Cf", "Cc") or 0xFE00 <= ord(ch) <= 0xFE0F or ch == "\u20e3":
            continue
        out.append(ch)
    return "".join(out)


def parse_name(text: str) -> str | None:
    """A person's or company's name as typed: NFKC, emoji and control
    characters removed, spaces collapsed, edge punctuation trimmed; it must
    be 1..30 characters, contain a letter or a CJK character, and hold no
    URL and no phone number (nor any run of 7+ digits).  Else None."""
    t = _strip_emoji(_nfkc(text))
    t = normalise(_SPACES_RE.sub(" ", t))
    if not t or len(t) > _NAME["max_length"]:
        return None
    if not any(unicodedata.category(ch).startswith("L") for ch in t):
        return None
    if _URL_RE.search(t) or _LONG_DIGITS_RE.search(t) or parse_mobile(t):
        return None
    return t


# ---------------------------------------------------------------------------
# Age

_BIRTH = _DATA["birth"]
_ID_RE = re.compile(_BIRTH["id_card"])
_AGE_RE = re.compile(_BIRTH["age"])
_YEAR4_RE = re.compile(_BIRTH["year4"])
_YEAR2_RE = re.compile(_BIRTH["year2"])
_AGE_PREFIX_RE = re.compile(_BIRTH["age_prefix"])
MIN_AGE, MAX_AGE = 16, 90


def age_from(birth_year: int, today: date) -> int:
    """Age in years this year (the birthday is not asked, so it may be one
    more than the true age)."""
    return today.year - birth_year


def parse_birth_year(text: str, today: date) -> int | None:
    """Birth year from '1975', a two-digit year with the year word ('75'),
    'born in 1975', an ID card number, an age with the age word ('48'), or a
    bare '48' (a bare number of 1-3 digits is an age, of 4 digits a year).
    Only ages 16..90 are accepted; otherwise None (the caller says why, and
    can learn the age said with `stated_age`)."""
    year = _any_birth_year(text, today)
    if year is None or not MIN_AGE <= age_from(year, today) <= MAX_AGE:
        return None
    return year


def stated_age(text: str, today: date) -> int | None:
    """The age the text states, read as `parse_birth_year` reads it but
    without the 16..90 check (12 for '12 years old'), so that the caller can
    tell a child from a typo; None when it states no age or year."""
    year = _any_birth_year(text, today)
    return None if year is None else age_from(year, today)


def _any_birth_year(text: str, today: date) -> int | None:
    t = arabic_numerals(text)
    year: int | None = None
    m = _ID_RE.search(t)
    if m:
        year = int(m.group(1))
    if year is None and (m := _YEAR4_RE.search(t)):
        year = int(m.group(1))
    if year is None and (m := _YEAR2_RE.search(t)):
        yy = int(m.group(1))
        year = yy + (2000 if yy <= today.year % 100 else 1900)
    if year is None and ((m := _AGE_RE.search(t)) or (m := _AGE_PREFIX_RE.search(t))):
        year = today.year - int(m.group(1))
    if year is None:
        n = _bare_number(text)
        if n is not None:
            year = n if n >= 1000 else today.year - n
    return year


# ---------------------------------------------------------------------------
# Pay


@dataclass(frozen=True)
class Pay:
    """A pay rate in whole yuan.  unit: "day", "hour", "piece", "month",
    "job" (the whole job), or "" when the text gave a number without saying
    per what (the caller asks, or takes it from the pay method)."""

    min: int
    max: int
    unit: str


_PAY = _DATA["pay"]
_CURRENCY: dict[str, float] = {k.lower(): v for k, v in _PAY["currency"].items()}
_CUR = _alt(_PAY["currency"])
_CUR_BEFORE = _alt(_PAY["currency_before"])
_PER_UNIT: dict[str, str] = {w.lower(): unit for unit, words in _PAY["per_units"].items() for w in words}
_PAY_RE = re.compile(
    rf"(?P<pre>{_CUR_BEFORE})?(?P<a>{_NUM})(?P<ac>{_CUR})?"
    rf"(?:(?<={re.escape(_PAY['frac_currency'])})(?P<frac>[0-9])(?![0-9.]|{_alt(_PAY['frac_not_before'])}))?"
    rf"(?:\s?{_CONN}\s?(?:{_CUR_BEFORE})?(?P<b>{_NUM})(?P<bc>{_CUR})?)?"
    rf"(?P<per>\s?{_alt(_PAY['per_markers'])}\s?(?:{re.escape(_PAY['per_counter'])})?(?P<pu>{_alt(_PER_UNIT)}))?",
    re.I,
)
_NOT_PAY_AFTER_RE = re.compile(_PAY["not_pay_after"], re.I)
_PAY_PREFIX = [(unit, re.compile(_alt(words, escape=False))) for unit, words in _PAY["prefix_words"].items()]
_PAY_SUFFIX = [(unit, re.compile(_alt(words))) for unit, words in _PAY["suffix_words"].items()]
_PAY_FALLBACK = [(unit, re.compile(_alt(words))) for unit, words in _PAY["fallback_units"].items()]
_BARE_PAY_RE = re.compile(rf"(?:{_CUR_BEFORE})?({_NUM})(?:{_CUR})?(?:\s?{_CONN}\s?({_NUM}))?(?:{_CUR})?", re.I)
_PREFIX_WINDOW = 10
MAX_PAY = 1_000_000


def _pay_unit_from_words(t: str) -> str:
    for unit, rx in _PAY_FALLBACK:
        if rx.search(t):
            return unit
    return ""


def _pay(lo: float, hi: float, unit: str) -> Pay | None:
    if lo > hi:
        lo, hi = hi, lo
    if lo <= 0 or hi > MAX_PAY or lo != int(lo) or hi != int(hi):
        return None
    return Pay(int(lo), int(hi), unit)


def parse_pay(text: str) -> Pay | None:
    """A pay rate: '200' (unit ""), 'daily pay 200 yuan', 'two hundred a day',
    '150-200 yuan/day', 'hourly 25', '25 kuai an hour', 'monthly 5000',
    '4500-6000/month', 'contract, 3000 in all' (unit "job").

    A number counts as pay only with a currency word, a pay word before it
    (``pay.prefix_words``), a per-unit after it ('/day', 'an hour') or when it
    is the whole answer; numbers that are times, dates, headcounts, ages or
    durations are skipped.  A bare number, or an amount with a currency but
    no unit, has unit "" unless a pay-basis word elsewhere in the text says
    it (daily pay, hourly pay, piece rate, ...).  Not understood, negotiable,
    zero, or a fraction of a yuan (piece rates in jiao): None."""
    t = arabic_numerals(text)
    whole = normalise(t)
    fallback = _pay_unit_from_words(t)
    t = _SHORT_TIME_RE.sub(lambda m: "#" * len(m.group()), t)  # morning-8-evening-5 is hours, not pay
    m = _BARE_PAY_RE.fullmatch(whole)
    if m:
        lo = float(m.group(1))
        return _pay(lo, float(m.group(2)) if m.group(2) else lo, fallback)
    parts = [p for p in re.split(_CONN, re.sub(f"{_CUR}$", "", whole)) if p]
    if 1 <= len(parts) <= 2:
        values = [v for v in (chinese_number(p) for p in parts) if v is not None]
        if len(values) == len(parts):
            return _pay(values[0], values[-1], fallback)

    found: list[tuple[str, Pay | None]] = []
    prev_end = 0
    for m in _PAY_RE.finditer(t):
        window = t[max(prev_end, m.start() - _PREFIX_WINDOW):m.start()]
        has_cur = bool(m.group("ac") or m.group("bc") or m.group("pre"))
        per = m.group("pu")
        amount_end = m.end("b") if m.group("b") else m.end("a")
        if not has_cur and not per and _NOT_PAY_AFTER_RE.match(t, amount_end):
            continue
        prefix_unit: str | None = None
        prefix_any = False
        best = -1
        for unit, rx in _PAY_PREFIX:
            for hit in rx.finditer(window):
                prefix_any = True
                if unit and hit.end() > best:
                    best, prefix_unit = hit.end(), unit
        suffix_unit = next((u for u, rx in _PAY_SUFFIX if rx.match(t, m.end())), None)
        if not (has_cur or per or prefix_any or suffix_unit):
            continue
        unit = _PER_UNIT.get(per.lower(), "") if per else (suffix_unit or prefix_unit or fallback)
        factor = _CURRENCY.get((m.group("bc") or m.group("ac") or "").lower(), 1.0)
        lo = float(m.group("a"))
        if m.group("frac"):
            lo += int(m.group("frac")) / 10
        hi = float(m.group("b")) if m.group("b") else lo
        if m.group("ac") and m.group("b") and not m.group("bc"):
            factor = _CURRENCY.get(m.group("ac").lower(), 1.0)
        found.append((unit, _pay(round(lo * factor, 2), round(hi * factor, 2), unit)))
        prev_end = m.end()
    if not found:
        return None
    with_unit = [p for unit, p in found if unit]
    return with_unit[0] if with_unit else found[0][1]


_METHOD = _DATA["pay_method"]
_METHOD_TIERS = [
    [(method, re.compile(_alt(words))) for method, words in _METHOD[tier].items()]
    for tier in ("settlement", "basis")
]


def parse_pay_method(text: str) -> str | None:
    """How pay is settled: "daily", "hourly", "piece", "monthly" or
    "on_completion".  Settlement words (daily / monthly / on completion)
    win over basis words (hourly rate, piece rate, monthly salary); within
    a tier the earliest word wins."""
    t = _nfkc(text)
    for tier in _METHOD_TIERS:
        hits = [(m.start(), method) for method, rx in tier if (m := rx.search(t))]
        if hits:
            return min(hits)[1]
    return None


# ---------------------------------------------------------------------------
# Dates and durations

_DATE = _DATA["date"]
_RELATIVE: dict[str, int] = _DATE["relative"]
_RELATIVE_RE = re.compile(_alt(_RELATIVE))
_WEEKDAYS: dict[str, int] = _DATE["weekdays"]
_WEEKDAY_RE = re.compile(_DATE["weekday"])
_WEEKEND_RE = re.compile(_DATE["weekend"])
_ISO_RE = re.compile(_DATE["iso"])
_MONTH_DAY_RE = re.compile(_DATE["month_day"])
_DOTTED_RE = re.compile(_DATE["dotted"])
_DAY_ONLY_RE = re.compile(_DATE["day_only"])
_AFTER_DAYS_RE = re.compile(_DATE["after_days"])
_NEXT_MONTH = frozenset(_DATE["next_month"])
_THIS_MONTH = frozenset(_DATE["this_month"])
_NEXT_WEEK = frozenset(_DATE["next_week"])
_WEEK_AFTER_NEXT = frozenset(_DATE["week_after_next"])
_THIS_WEEK = frozenset(_DATE["this_week"])
_ROLL_DAYS = int(_DATE["roll_year_after_days"])
SATURDAY = 5


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_day(m: int, d: int, today: date) -> date | None:
    """This year's date, or next year's when this year's is long past (a
    January date said in November); a date that just passed is None."""
    this = _safe_date(today.year, m, d)
    if this is None:
        return None
    if this >= today:
        return this
    if (today - this).days > _ROLL_DAYS:
        return _safe_date(today.year + 1, m, d)
    return None


def _add_month(day: date, day_of_month: int) -> date | None:
    y, m = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return _safe_date(y, m, day_of_month)


def parse_date(text: str, today: date) -> date | None:
    """A start date: today / tomorrow / the day after (and the one after
    that); a weekday (the next one, today included), the weekday of next week
    or of this week; the weekend (the coming Saturday, or today on a Saturday
    or Sunday); 'in 3 days'; month and day (12-3 written with the month and
    day words, 12.3, 12/3); a day alone ('the 3rd': this month, or next month
    once past); ISO 2026-12-03.  A past date gives None; of several dates the
    earliest-mentioned one that is not past wins."""
    t = arabic_numerals(text)
    found: list[tuple[int, date | None]] = []
    day: date | None
    for m in _RELATIVE_RE.finditer(t):
        found.append((m.start(), today + timedelta(days=_RELATIVE[m.group()])))
    for m in _WEEKDAY_RE.finditer(t):
        prefix, wd = m.group(1) or "", _WEEKDAYS[m.group(2)]
        monday = today - timedelta(days=today.weekday())
        if prefix in _WEEK_AFTER_NEXT:
            day = monday + timedelta(days=14 + wd)
        elif prefix in _NEXT_WEEK:
            day = monday + timedelta(days=7 + wd)
        elif prefix in _THIS_WEEK:
            day = monday + timedelta(days=wd)
        else:
            day = today + timedelta(days=(wd - today.weekday()) % 7)
        found.append((m.start(), day if day is not None and day >= today else None))
    for m in _WEEKEND_RE.finditer(t):
        prefix = m.group(1) or ""
        monday = today - timedelta(days=today.weekday())
        if prefix in _NEXT_WEEK:
            day = monday + timedelta(days=7 + SATURDAY)
        elif today.weekday() >= SATURDAY:
            day = today
        else:
            day = monday + timedelta(days=SATURDAY)
        found.append((m.start(), day))
    for m in _AFTER_DAYS_RE.finditer(t):
        found.append((m.start(), today + timedelta(days=int(m.group(1)))))
    taken = bytearray(len(t))
    for m in _ISO_RE.finditer(t):
        day = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        found.append((m.start(), day if day and day >= today else None))
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for rx in (_MONTH_DAY_RE, _DOTTED_RE):
        for m in rx.finditer(t):
            if any(taken[m.start():m.end()]):
                continue
            groups = [g for g in m.groups() if g and g.isdigit()]
            found.append((m.start(), _month_day(int(groups[0]), int(groups[1]), today)))
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for m in _DAY_ONLY_RE.finditer(t):
        if any(taken[m.start():m.end()]):
            continue
        prefix, d = m.group(1) or "", int(m.group(2))
        this = _safe_date(today.year, today.month, d)
        if prefix in _NEXT_MONTH:
            day = _add_month(today.replace(day=1), d)
        elif prefix in _THIS_MONTH:
            day = this if this and this >= today else None
        else:
            day = this if this and this >= today else _add_month(today.replace(day=1), d)
        found.append((m.start(), day))
    for _, day in sorted(found, key=lambda f: f[0]):
        if day is not None:
            return day
    return None


_DAYS = _DATA["days"]
_DAYS_RANGE_RE = re.compile(_DAYS["range"])
_DAYS_RE = re.compile(_DAYS["days"])
_WEEKS_RE = re.compile(_DAYS["weeks"])
_MONTHS_RE = re.compile(_DAYS["months"])
_MONTHS_HALF_RE = re.compile(_DAYS["months_half"])
_HALF_MONTH_RE = re.compile(_DAYS["half_month"])
_HALF_DAY_RE = re.compile(_DAYS["half_day"])
_PER_BEFORE_RE = re.compile(_DAYS["per_neighbour_before"])
_PER_AFTER_RE = re.compile(_DAYS["per_neighbour_after"])
MAX_DAYS = 999


def parse_days(text: str) -> int | None:
    """How many days the job lasts: '3 days' (also said in Chinese), 'a week'
    (7), 'two weeks' (14), 'half a month' (15), 'a month' (30), 'a month and a
    half' (45), a range ('3-5 days': the longer, 5), half a day (1), or a bare
    number.  'One day' next to an amount is a pay rate ('200 a day'), not a
    duration.  Long-term, vague ('ten-odd days', 'a few days') or nothing
    said: None."""
    n = _bare_number(text)
    if n is not None:
        return n if 0 < n <= MAX_DAYS else None
    t = arabic_numerals(text)
    found: list[tuple[int, int]] = []

    def per_rate(m: re.Match) -> bool:
        return int(m.group(1)) == 1 and bool(
            _PER_BEFORE_RE.search(t[:m.start()]) or _PER_AFTER_RE.match(t[m.end():]))

    taken = bytearray(len(t))
    for rx, value in (
        (_DAYS_RANGE_RE, lambda m: max(int(m.group(1)), int(m.group(2)))),
        (_MONTHS_HALF_RE, lambda m: int(m.group(1)) * 30 + 15),
        (_HALF_MONTH_RE, lambda m: 15),
        (_DAYS_RE, lambda m: None if per_rate(m) else int(m.group(1))),
        (_WEEKS_RE, lambda m: None if per_rate(m) else int(m.group(1)) * 7),
        (_MONTHS_RE, lambda m: None if per_rate(m) else int(m.group(1)) * 30),
        (_HALF_DAY_RE, lambda m: 1),
    ):
        for m in rx.finditer(t):
            if any(taken[m.start():m.end()]):
                continue
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            v = value(m)
            if v and v <= MAX_DAYS:
                found.append((m.start(), v))
    return min(found)[1] if found else None


# ---------------------------------------------------------------------------
# Working hours

_TIME = _DATA["time"]
_PERIODS: dict[str, str] = _TIME["periods"]
_QUARTERS: dict[str, int] = _TIME["quarters"]
_TCONN = _TIME["range_connector"]
_HOUR_WORD = re.escape(_TIME["hour_word"])
_POINT_RE = re.compile(
    rf"(?P<period>{_alt(_PERIODS)})?(?<![0-9.])(?P<h>[0-9]{{1,2}})"
    rf"(?:[:](?P<m>[0-9]{{2}})|{_HOUR_WORD}(?:(?P<half>{_alt(_TIME['half'])})|(?P<q>{_alt(_QUARTERS)})"
    rf"|(?P<m2>[0-9]{{1,2}})(?:{re.escape(_TIME['minute_word'])})?)?"
    rf"|(?P<bare>(?=\s?{_TCONN}\s?{_alt(_PERIODS)}?[0-9]{{1,2}}(?:{_HOUR_WORD}|[:]))))"
)
_TCONN_RE = re.compile(_TCONN)
_END_WORDS_RE = re.compile(rf"\s?{_alt(_TIME['end_words'])}")
_SHORT_TIME_RE = re.compile(_TIME["short_form"])
_MAX_GAP = int(_TIME["max_gap"])


@dataclass
class _Point:
    start: int
    end: int
    period: str | None
    hour: int
    minute: int


def _points(t: str) -> list[_Point]:
    out = []
    for m in _POINT_RE.finditer(t):
        h = int(m.group("h"))
        if m.group("m") is not None:
            minute = int(m.group("m"))
        elif m.group("m2") is not None:
            minute = int(m.group("m2"))
        elif m.group("half"):
            minute = 30
        elif m.group("q"):
            minute = _QUARTERS[m.group("q")]
        else:
            minute = 0
        if h > 24 or minute > 59:
            continue
        period = _PERIODS[m.group("period")] if m.group("period") else None
        out.append(_Point(m.start(), m.end(), period, h, minute))
    return out


def _hour24(h: int, period: str | None) -> int:
    if period == "pm" and h < 12:
        return h + 12
    if period == "noon" and 1 <= h <= 5:
        return h + 12
    return h


def _hhmm(h: int, m: int) -> str:
    return f"{h % 24:02d}:{m:02d}"


def parse_time_range(text: str) -> tuple[str, str] | None:
    """Working hours as ("HH:MM", "HH:MM"): '8 in the morning to 5 in the
    afternoon' (08:00, 17:00), '8:00-17:00', '8-12 o'clock', 'half past 8 to
    half past 11', '7 to 11 in the evening' (19:00, 23:00), '2 pm, work till
    6'; the short 'morning 8 evening 5' form too.  An end without a period
    takes the start's afternoon/evening, or becomes afternoon when it would
    come before the start.  Only a start: (start, "").  Nothing: None."""
    raw = _nfkc(text)
    m = _SHORT_TIME_RE.search(raw)
    if m:
        a, b = chinese_number(m.group(1)), chinese_number(m.group(2))
        if a is not None and b is not None and a <= 12 and b <= 12:
            return _hhmm(a, 0), _hhmm(_hour24(b, "pm"), 0)
    t = arabic_numerals(text)
    points = _points(t)
    if not points:
        return None
    first = points[0]
    start_h = _hour24(first.hour, first.period)
    start = _hhmm(start_h, first.minute)
    if len(points) > 1:
        second = points[1]
        gap = t[first.end:second.start]
        linked = len(gap) <= _MAX_GAP and not re.search(r"[0-9]", gap) and (
            _TCONN_RE.search(gap) or _END_WORDS_RE.match(t, second.end))
        if linked:
            if second.period:
                end_h = _hour24(second.hour, second.period)
            elif first.period in ("pm", "noon") and second.hour <= 12:
                end_h = _hour24(second.hour, first.period)
                if first.period == "pm" and second.hour == 12:
                    end_h = 24
            else:
                end_h = second.hour
                if end_h <= start_h and end_h < 12:
                    end_h += 12
            return start, _hhmm(end_h, second.minute)
    return start, ""


# ---------------------------------------------------------------------------
# Headcount, meals and lodging, contact, skills, address

_HEAD = _DATA["headcount"]
_COUNT_RE = re.compile(_HEAD["count"])
_VAGUE_COUNT_RE = re.compile(_HEAD["vague"])
_EACH_RE = re.compile(re.escape(_HEAD["each"]) + r"\s?$")
MAX_HEADCOUNT = int(_HEAD["max"])


def _counts(t: str) -> list[re.Match]:
    masked = _VAGUE_COUNT_RE.sub(lambda m: "#" * len(m.group()), t)
    return list(_COUNT_RE.finditer(masked))


def parse_headcount(text: str) -> int | None:
    """How many workers: '3 helpers', 'two (people)', 'recruit 5', 'five',
    '1'; several counts add up ('3 men, 2 women' = 5).  Vague ('ten-odd',
    'a few', '3-5', 'two or three'), none, 0 or more than 999: None."""
    n = _bare_number(text)
    if n is None:
        t = arabic_numerals(text)
        counts = _counts(t)
        if not counts:
            return None
        n = sum(int(m.group(1)) for m in counts)
    return n if 1 <= n <= MAX_HEADCOUNT else None


_MEALS_RULES = sorted(_DATA["meals_lodging"]["rules"], key=lambda rule: len(rule[0]), reverse=True)
_MEALS_RE = re.compile("|".join(f"({phrase})" for phrase, _, _ in _MEALS_RULES))


def parse_meals_lodging(text: str) -> tuple[bool | None, bool | None]:
    """(meals, lodging): 'board and lodging' (True, True), 'meals' / 'lunch
    provided' (True, None), 'lodging' (None, True), 'no board or lodging'
    (False, False); None where the text says nothing.  The longest phrase
    wins at each position; later phrases override earlier ones."""
    meals: bool | None = None
    lodging: bool | None = None
    for m in _MEALS_RE.finditer(_nfkc(text)):
        _, m_meals, m_lodging = _MEALS_RULES[(m.lastindex or 1) - 1]
        if m_meals is not None:
            meals = m_meals
        if m_lodging is not None:
            lodging = m_lodging
    return meals, lodging


_CONTACT = _DATA["contact"]
_SURNAME = _alt(_CONTACT["surnames"])
_TITLE = "(?:" + "|".join(_CONTACT["titles"]) + ")"
_NAME_AT_RE = re.compile(
    rf"(?:{_SURNAME}{_TITLE}|{_CONTACT['familiar']}{_SURNAME}(?=$|[^{HAN}]|{_alt(_CONTACT['triggers'])}))")
_TRIGGER_END_RE = re.compile(rf"{_alt(_CONTACT['triggers'])}:?\s?$")
_FULL_NAME_RE = re.compile(
    rf"{_alt(_CONTACT['full_name_triggers'])}:?\s?({_SURNAME}[{HAN}]{{1,2}}?)(?=$|[^{HAN}]|{_alt(_CONTACT['triggers'])})")
_SELF_PREFIX_RE = re.compile(rf"^{_alt(_CONTACT['self_prefixes'])}:?")
_WHOLE_NAME_RE = re.compile(rf"{_SURNAME}[{HAN}]{{1,3}}")


def parse_contact_name(text: str) -> str | None:
    """A contact's name: a surname with a form of address ('Mr Wang',
    'master Zhang', 'sister Li', 'boss Chen'), a familiar form ('old Wang'),
    a full name after the contact-person word, or the whole answer when it
    is a 2-4 character name starting with a common surname.  Inside a longer
    message a name only counts at a word boundary (after punctuation, a
    digit, or a word such as 'contact' / 'ask for'), so trade words ending in
    a surname character do not make names.  Else None."""
    t = _SPACES_RE.sub("", _nfkc(text))
    m = _FULL_NAME_RE.search(t)
    if m:
        return m.group(1)
    for i in range(len(t)):
        m = _NAME_AT_RE.match(t, i)
        if not m:
            continue
        before = t[:i]
        if not before or not _HAN_CHAR.match(before[-1]) or _TRIGGER_END_RE.search(before):
            return m.group()
    whole = _SELF_PREFIX_RE.sub("", normalise(t))
    if 2 <= len(whole) <= 4 and _WHOLE_NAME_RE.fullmatch(whole):
        return whole
    return None


_SKILLS = _DATA["skills"]
_SKILL_RES = [(re.compile(p), False) for p in _SKILLS["patterns"]] + [(re.compile(p), True) for p in _SKILLS["greedy"]]
_SKILL_STOP_RE = re.compile(_alt(_SKILLS["greedy_stops"]))


def parse_skills(text: str) -> str | None:
    """Skill and certificate requirements ('has an electrician's
    certificate', 'can drive a forklift', 'has a health certificate', 'has
    experience'), in order of mention, joined with the joiner in the data
    file; None when there are none."""
    t = _nfkc(text)
    hits: list[tuple[int, int, str]] = []
    for rx, greedy in _SKILL_RES:
        for m in rx.finditer(t):
            s, e = m.span()
            if greedy:
                stop = _SKILL_STOP_RE.search(t, s + 2, e)
                if stop:
                    e = stop.start()
            if e - s < 2 or any(s < he and hs < e for hs, he, _ in hits):
                continue
            hits.append((s, e, t[s:e]))
    if not hits:
        return None
    words = list(dict.fromkeys(w for _, _, w in sorted(hits)))
    return _SKILLS["joiner"].join(words)


_ADDR = _DATA["address"]
_ADDR_MARKER_RE = re.compile(
    rf"{_alt(_ADDR['markers'])}{_alt(_ADDR['marker_joiners'])}?\s?([^{re.escape(_ADDR['clause_breaks'])}]{{2,40}})")
_ADDR_SUFFIX_RE = re.compile(rf"(?:{_alt(_ADDR['suffixes'])}|{_ADDR['road']}){_ADDR['unit_tail']}")
_ADDR_STOP_RE = re.compile(_alt(_ADDR["left_stops"]))
_NAME_RUN_BEFORE_RE = re.compile(rf"[{HAN}A-Za-z]+$")
_ADDR_MIN_NAME = int(_ADDR["min_name"])
_ADDR_MAX_NAME = int(_ADDR["max_name"])


def _place_starts(refdata: Any, text: str) -> list[int]:
    """Where area and town words start in a piece of text."""
    if refdata is None:
        return []
    starts = []
    for area in refdata.areas:
        words = list(area.words) + [w for town in area.towns for w in town.words]
        for w in words:
            i = text.find(w)
            if i >= 0:
                starts.append(i)
    return starts


def parse_address(text: str, refdata: Any = None) -> str | None:
    """An address fragment: what follows an address word ('address:'), a
    road and number ('... Road No. 168'), or a name ending in a place word
    (residential compound, industrial zone, village, market, hotel, ...),
    starting at the first area or town word before it, or else after the
    last filler word (a date word, 'at', 'go to', 'recruit' ...).  A leading
    area name is dropped (the area is its own field).  None when there is
    none; the name before the place word must be 2+ characters."""
    t = _nfkc(text)
    m = _ADDR_MARKER_RE.search(t)
    if m:
        return _drop_leading_area(m.group(1).strip(), refdata)
    for sm in _ADDR_SUFFIX_RE.finditer(t):
        left = _NAME_RUN_BEFORE_RE.search(t, 0, sm.start())
        name = left.group() if left else ""
        starts = _place_starts(refdata, name)
        if starts:
            name = name[min(starts):]
        else:
            name = name[max((s.end() for s in _ADDR_STOP_RE.finditer(name)), default=0):]
        name = _drop_leading_area(name[-_ADDR_MAX_NAME:], refdata, whole=True)
        if len(name) >= _ADDR_MIN_NAME:
            return name + sm.group()
    return None


def _drop_leading_area(address: str, refdata: Any, whole: bool = False) -> str:
    """The address without a leading area name (kept when nothing else
    would be left, unless `whole`: then the rest may be empty)."""
    if refdata is None:
        return address
    for area in refdata.areas:
        for w in sorted(area.words, key=len, reverse=True):
            if address.startswith(w) and (whole or len(address) > len(w) + 1):
                return address[len(w):]
    return address


# ---------------------------------------------------------------------------
# A whole job post


@dataclass(frozen=True)
class PostFields:
    trades: tuple[str, ...] = ()      # trade codes in order of mention
    area: str | None = None           # area code, when an area is named
    town: str | None = None           # town name
    address: str | None = None        # an address fragment
    start_date: date | None = None
    days: int | None = None
    start_time: str | None = None     # "HH:MM"
    end_time: str | None = None
    pay: Pay | None = None
    pay_method: str | None = None
    headcount: int | None = None
    phone: str | None = None
    contact_name: str | None = None
    meals: bool | None = None
    lodging: bool | None = None
    skills: str | None = None


_UNIT_OF_METHOD = {"daily": "day", "hourly": "hour", "monthly": "month", "piece": "piece", "on_completion": "job"}
_METHOD_OF_UNIT = {"hour": "hourly", "month": "monthly", "piece": "piece"}


def _mask(t: str, spans) -> str:
    chars = list(t)
    for s, e in spans:
        for i in range(s, e):
            chars[i] = "#"
    return "".join(chars)


def parse_post(text: str, refdata: Any, today: date) -> PostFields:
    """Everything one message says about a job.  Phone numbers and credit
    codes are masked before numbers are read, so they never become pay or
    headcount.  The area is set only when an area is named (a town gives
    `town`); pay_method, when not said, is taken from an hourly, monthly or
    piece rate; a pay amount without a unit takes it from the pay method;
    '... each N' over several trades counts N per trade."""
    raw = _SPACES_RE.sub(" ", _nfkc(text)).strip()
    phones = _mobile_spans(raw)
    spans = [(s, e) for s, e, _ in phones] + [m.span() for m in _CREDIT_RE.finditer(raw) if valid_credit_code(m.group())]
    spans += [m.span() for m in _ID_RE.finditer(raw)]
    masked = _mask(raw, spans)

    trades = tuple(t.code for t in refdata.match_trades(masked))
    areas = refdata.match_areas(masked)
    towns = refdata.match_towns(masked)
    pay = parse_pay(masked)
    method = parse_pay_method(masked)
    if method is None and pay is not None:
        method = _METHOD_OF_UNIT.get(pay.unit)
    if pay is not None and not pay.unit and method:
        pay = Pay(pay.min, pay.max, _UNIT_OF_METHOD[method])
    times = parse_time_range(masked)
    headcount = parse_headcount(masked) if _bare_number(masked) is None else None
    converted = arabic_numerals(masked)
    counts = _counts(converted)
    if len(counts) == 1 and len(trades) > 1 and _EACH_RE.search(converted[:counts[0].start()]):
        n = int(counts[0].group(1)) * len(trades)
        headcount = n if n <= MAX_HEADCOUNT else None
    meals, lodging = parse_meals_lodging(masked)
    return PostFields(
        trades=trades,
        area=areas[0].code if areas else None,
        town=towns[0][0].name if towns else None,
        address=parse_address(masked, refdata),
        start_date=parse_date(masked, today),
        days=parse_days(masked) if _bare_number(masked) is None else None,
        start_time=times[0] if times else None,
        end_time=(times[1] or None) if times else None,
        pay=pay,
        pay_method=method,
        headcount=headcount,
        phone=phones[0][2] if phones else None,
        contact_name=parse_contact_name(masked),
        meals=meals,
        lodging=lodging,
        skills=parse_skills(masked),
    )


_PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d){8}(?!\d)")


def strip_phones(text: str) -> str:
    """The text without the mobile numbers in it: a post's description is
    public, its phone number goes only to the workers who apply."""
    return _PHONE_IN_TEXT.sub("", unicodedata.normalize("NFKC", text)).strip()


# ---------------------------------------------------------------------------
# Sums of money in free text (complaints)

_SUMS = _DATA["sums"]
_MONEY_BEFORE_RE = re.compile(rf"{_alt(_SUMS['money_before'])}{_SUMS['gap']}$", re.I)
_MONEY_AFTER_RE = re.compile(rf"{_VAGUE}?{_APPROX}?(?:{_CUR}|{_alt(_SUMS['money_after'])})", re.I)
_NOT_MONEY_BEFORE_RE = re.compile(rf"{_alt(_SUMS['not_money_before'])}\s?{_alt(_SUMS['joiners'])}?\s?$", re.I)
_IDENTIFIER_RES = [re.compile(p) for p in _SUMS["identifiers"]]
# A run of numerals (1.2 ten-thousand, eight-thousand-five), also ending in an Arabic digit (3 thousand 5), or a plain number.
_AMOUNT_RE = re.compile(
    rf"(?<![0-9.A-Za-z])(?:(?:{_RUN_RE.pattern})(?:(?<=[{_MULT_CHARS}])[0-9](?![0-9.]))?|[0-9]+(?:\.[0-9]+)?)")
_CUR_BEFORE_RE = re.compile(rf"{_CUR_BEFORE}\s?$")
_VAGUE_MULT_RE = re.compile(rf"{_VAGUE}([{_MULT_CHARS}])")  # twenty-odd ten-thousands: 200000
_VAGUE_PAIR_RE = re.compile(rf"[{''.join(map(re.escape, _DIGITS))}]{{2}}[{_MULT_CHARS}]+")  # two-three thousand
_SUM_WINDOW = 12


def sums_of_money(text: str) -> list[int]:
    """The amounts of money (whole yuan) a free text names, in order:
    'the boss owes me 300 yuan ... phone 136...' gives [300]; 'three months'
    wages, twelve thousand' [12000]; 'owes two thousand four' [2400]; '12 days'
    wages, 2400 in all' [2400].

    Numbers are read as everywhere else here (``arabic_numerals``; a Chinese
    number right after a money word, such as owe + two-thousand-four, is
    read with ``chinese_number``). A number is money with a currency word
    after it or before it, a money word shortly before it or right after it
    (``sums``); phone, ID and card numbers, dates, times, landlines, numbers
    after an identifier word (job number, ID, order ...) and counts (days,
    people, months ...) are not. Known limit: a rate is not multiplied out
    ('300 a day, 25 days' gives [300])."""
    t = arabic_numerals(text)
    hidden = bytearray(len(t))
    spans = [(s, e) for s, e, _ in _mobile_spans(t)]
    spans += [m.span() for rx in _IDENTIFIER_RES for m in rx.finditer(t)]
    for s, e in spans:
        hidden[s:e] = b"\x01" * (e - s)
    blocked = _blocked(t)
    out: list[int] = []
    for m in _AMOUNT_RE.finditer(t):
        s, e, run = m.start(), m.end(), m.group()
        if any(hidden[s:e]) or any(blocked[s:e]):
            continue
        if run.replace(".", "").isdigit():
            value: float | None = float(run)
        else:
            value = chinese_number(run)
            if value is None and _VAGUE_PAIR_RE.fullmatch(run):
                value = chinese_number(run[0] + run[2:])  # "two or three thousand": at least 2000
            if value is None or not any(c in _MULT_CHARS for c in run):
                continue  # a lone Chinese digit ("one" in "one lump") is not an amount
        before, after = t[max(0, s - _SUM_WINDOW):s], t[e:e + _SUM_WINDOW]
        if value is None:
            continue
        vague = _VAGUE_MULT_RE.match(after)
        if vague:
            value *= _SMALL.get(vague.group(1)) or _BIG[vague.group(1)]
            after = after[vague.end():]
        if _NOT_MONEY_BEFORE_RE.search(before):
            continue
        if _MONEY_AFTER_RE.match(after) or _CUR_BEFORE_RE.search(before):
            out.append(int(value))
        elif _NOT_PAY_AFTER_RE.match(after):
            continue  # 12 days, 3 people, 5 o'clock, the 20th
        elif _MONEY_BEFORE_RE.search(before):
            out.append(int(value))
    return out
