"""Reading what people type or say (voice recognition text) into the fields
of a job post or a worker profile.

Pure functions.  The grammar is here: every regular expression, with named
groups and a comment saying what it reads, one section per thing read.
The words it combines (units, pay words, surnames, place words ...) are
plain word lists in ``bot/data/parsing.json``; ``Grammar`` compiles them,
once: the app builds it at start and hands it over with ``use()``, and
tests and tools that never do get the shipped file's on first use.  Nothing
is read at import.

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
"usually" are never numbers (``numerals.not_numbers`` and the rules above),
and a pair of digits such as "two or three" stays words: it is a vague count.
A pay amount said after a number ("200" then "one day") is kept apart
with a space ("200 1..."), so two numbers never merge.

The functions return ``None`` when the text does not say the thing; the
dialogs then ask.  Known limits are listed in the docstrings.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bot.language.nlu import current_typos, fix_typos, normalise
from bot.language.words import KeptReadings, Loaded, Words, WordsError, after, alt, not_after, not_before

__all__ = [
    "PARSING_FILE",
    "Grammar",
    "Pay",
    "PostFields",
    "PAY_UNITS",
    "PAY_METHODS",
    "age_from",
    "arabic_numerals",
    "chinese_number",
    "company_name_alone",
    "grammar",
    "parse_address",
    "parse_birth_year",
    "parse_contact_name",
    "parse_date",
    "with_dates",
    "parse_employer",
    "hires_by_trade",
    "parse_days",
    "parse_headcount",
    "parse_meals_lodging",
    "strip_meals_lodging",
    "names_a_place",
    "parse_mobile",
    "name_in_phrase",
    "parse_name",
    "parse_pay",
    "parse_pay_method",
    "parse_post",
    "parse_skills",
    "parse_time_range",
    "stated_age",
    "strip_phones",
    "sums_of_money",
    "use",
    "valid_credit_code",
]

PARSING_FILE = "parsing.json"

PAY_UNITS = ("day", "hour", "piece", "month", "job")
PAY_METHODS = ("daily", "hourly", "piece", "monthly", "on_completion")

HAN = r"\u4e00-\u9fff"
_HAN_CHAR = re.compile(f"[{HAN}]")
_NUM = r"[0-9]+(?:\.[0-9]+)?"  # an Arabic number, maybe with decimals
_SPACES_RE = re.compile(r"\s+")


def _nfkc(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "")


_LATIN_RE = re.compile(r"[A-Za-z]")


def grammar() -> Grammar:
    """The grammar the parse functions use: the one the app built at start
    (``use``), or else the shipped word lists', built on first use."""
    return _GRAMMAR.get()


def use(built: Grammar) -> Grammar:
    """Make ``built`` the grammar every parse function uses (the app, at
    start)."""
    return _GRAMMAR.set(built)


# ---------------------------------------------------------------------------
# Numbers


class _Numerals:
    """Chinese numerals, and the contexts in which a run of them is a number."""

    def __init__(self, w: Words, dates: Words) -> None:
        self.digits = w.numbers("digits")
        self.zeros = frozenset(w.words("zeros"))
        self.count_only = frozenset(w.words("count_only"))
        self.small = w.numbers("multipliers")
        self.big = w.numbers("big")
        self.multipliers = frozenset({*self.small, *self.big})
        self.hundreds = frozenset(c for c, v in {**self.small, **self.big}.items() if v >= 100)
        self.year_word = w.word("year_word")  # a two-digit run before it is read digit by digit
        self.one = w.word("one")  # two-hundred|one-day: a trailing "one" before a unit is split off
        self.digit_chars = "".join(re.escape(c) for c in self.digits)
        # Eleven digit characters in a run, maybe in groups: a phone said aloud.
        self.digit_by_digit = re.compile(rf"[{self.digit_chars}](?:[\s-]?[{self.digit_chars}]){{10}}(?![{self.digit_chars}])")
        self.mult_chars = "".join(re.escape(c) for c in (*self.small, *self.big))
        num_chars = self.digit_chars + self.mult_chars
        # Numbers and nothing else ("2 6", "58", "five-eight"): picks from a list.
        self.numbers_alone = re.compile(rf"[\d\s,.\u3001{num_chars}]*")
        # A digit or a numeral anywhere: without one, no number is read at all.
        self.any_number = re.compile(rf"[\d{num_chars}]")
        self.connector = alt(w.words("connectors"))  # 150 to 200
        self.connector_re = re.compile(self.connector)
        self.vague = alt(w.words("vague_after"))  # 20-odd
        self.approx = alt(w.words("approx_after"))  # about 200, 200 and up
        # A run of numeral characters, maybe after an Arabic number that a
        # multiplier follows (1.5 ten-thousand, 3 thousand).
        self.run = re.compile(rf"(?:{_NUM}(?=[{self.mult_chars}]))?[{num_chars}]+")
        # Numeral characters that are not numbers here: each word matched on
        # its own, so that a character any of them covers is never read.
        blocks = [re.escape(word) for word in w.words("not_numbers")]
        blocks += [after(before) + re.escape(word) for word, before in w.lists("not_numbers_after").items()]
        blocks += [re.escape(word) + not_before(follow)
                   for word, follow in w.lists("not_numbers_unless_before").items()]
        # A weekday after a week word (Monday, Wednesday ...) is a name.
        weekday_digits = [d for d in dates.numbers("weekdays") if d in self.digits]
        blocks += [after([week]) + alt(weekday_digits) for week in dates.words("week_words")]
        self.blocks = [re.compile(b) for b in blocks]
        # After the run: a unit (yuan, people, days ...), maybe after a vague word.
        self.unit_after = re.compile(rf"{self.vague}?{alt(w.words('units_after'))}")
        # After the run: the number ends (end, punctuation, a connector), maybe after vague or about words.
        self.terminal = re.compile(
            rf"{self.vague}?{self.approx}?(?:$|[^{HAN}]|{self.connector}|{alt(w.words('ends_before'))})")
        # Before the run: a context word (daily pay, hire, age ...), maybe with a filler ("is").
        self.context_before = re.compile(
            rf"{alt(w.words('context_before'))}{alt(w.words('fillers_before'))}?\s?$")
        # One end of a range whose other end is a digit: "150 to" before, "to 200" after.
        self.digit_connector_before = re.compile(rf"[0-9]\s?{self.connector}\s?$")
        self.connector_digit_after = re.compile(rf"\s?{self.connector}\s?[0-9]")
        self.connector_only = re.compile(rf"\s?{self.connector}\s?")
        # The unit words before which a trailing "one" is split off (200 | 1 day).
        self.split_one = re.compile(alt(w.words("split_one_before")))


_K_RE = re.compile(r"(?<![0-9.])([0-9]+(?:\.[0-9]+)?)[kK](?![A-Za-z])")  # 8k: 8000
_TOKEN_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?|.", re.S)
_LONE_SPACE_RE = re.compile(r"(?<![0-9]) | (?![0-9])")  # a space not between two digits
_DIGIT_RUN_MIN = 7  # a digit-by-digit string this long is always a number (a phone said aloud)


def _positional(n: _Numerals, s: str) -> int | None:
    """A positional Chinese number (with optional Arabic parts): 'two hundred
    five' style, colloquial tails (one-hundred-five = 150), zeros as fillers."""
    if not s:
        return None
    if all(c in n.zeros for c in s):
        return 0 if len(s) == 1 else None
    total = 0.0
    section = 0.0
    cur: float | None = None
    cur_single = False
    after_mult: int | None = None  # the multiplier right before the pending digit
    last_mult: int | None = None
    last_small: int | None = None
    last_big: int | None = None
    prev: str | None = None
    for tok in _TOKEN_RE.findall(s):
        if tok[0].isascii() and tok[0].isdigit():
            if prev == "d":
                return None
            cur, cur_single = float(tok), len(tok) == 1
            after_mult = last_mult if prev in ("m", "M") else None
            prev = "d"
        elif tok in n.zeros:
            if prev in ("d", "z", None):
                return None
            prev = "z"
        elif tok in n.digits:
            if prev == "d":
                return None
            cur, cur_single = float(n.digits[tok]), True
            after_mult = last_mult if prev in ("m", "M") else None
            prev = "d"
        elif tok in n.small:
            mult = n.small[tok]
            if cur is None:
                if mult == 10 and prev in (None, "z"):
                    cur = 1.0
                else:
                    return None
            if last_small is not None and mult >= last_small:
                return None
            section += cur * mult
            cur, last_small, last_mult, prev = None, mult, mult, "m"
        elif tok in n.big:
            mult = n.big[tok]
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
        if after_mult and cur_single:
            section += cur * after_mult / 10  # colloquial: one-hundred-five is 150
        elif after_mult and cur >= after_mult:
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
    n = grammar().numerals
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
    if all(c in n.digits for c in t):
        if len(t) >= 3 and not set(t) & n.count_only:
            return int("".join(str(n.digits[c]) for c in t))
        if len(t) > 1:
            return None
    return _positional(n, t)


def _blocked(n: _Numerals, t: str) -> bytearray:
    mask = bytearray(len(t))
    for rx in n.blocks:
        for m in rx.finditer(t):
            mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def _segments(n: _Numerals, run: str, start: int, t: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, value, always) for the numbers inside one run of
    numeral characters; `always` marks digit strings long enough to be a
    number anywhere."""
    end = start + len(run)
    if len(run) > 1 and all(c in n.digits for c in run):
        if set(run) & n.count_only:
            return []  # a vague pair: two-or-three people
        if len(run) >= 3 or t.startswith(n.year_word, end):
            value = int("".join(str(n.digits[c]) for c in run))
            return [(start, end, value, len(run) >= _DIGIT_RUN_MIN)]
        return []
    out: list[tuple[int, int, int, bool]] = []
    i, size = 0, len(run)
    while i < size:
        at: int | None = None
        for j in range(size, i, -1):
            at = _positional(n, run[i:j])
            if at is not None:
                break
        if at is None:
            i += 1
            continue
        if (j - i >= 3 and run[j - 1] == n.one and n.split_one.match(t, start + j)
                and set(run[i:j - 1]) & n.hundreds):
            head = _positional(n, run[i:j - 1])
            if head is not None:  # two-hundred | one day: 200 per day, not 210 days
                out.append((start + i, start + j - 1, head, False))
                out.append((start + j - 1, start + j, 1, False))
                i = j
                continue
        out.append((start + i, start + j, at, False))
        i = j
    return out


def numbers_alone(text: str) -> bool:
    """Whether the words are numbers and nothing else ("2 6", "58"): what a
    pick from a list looks like, never an age or a name."""
    return bool(grammar().numerals.numbers_alone.fullmatch(_nfkc(text)))


def arabic_numerals(text: str) -> str:
    """NFKC text with Chinese numerals in a numeric context turned into
    Arabic digits (see the module docstring); spaces are dropped except
    between two numbers, where one is kept (or added) so they stay apart."""
    return _arabic_numerals(grammar(), text)


@functools.lru_cache(maxsize=4096)  # one message is read by several parsers
def _arabic_numerals(g: Grammar, text: str) -> str:
    n = g.numerals
    t = _SPACES_RE.sub(" ", g.english.fold(_nfkc(text))).strip()
    # Where a space is dropped: the end of a clause, as a comma would be
    # ("daily pay two-hundred, morning eight": 200, then the hours).
    spaced: list[int] = []
    kept: list[str] = []
    pos = 0
    for m in _LONE_SPACE_RE.finditer(t):
        kept.append(t[pos:m.start()])
        pos = m.end()
        spaced.append(sum(map(len, kept)))
    t = "".join(kept) + t[pos:]
    for m in reversed(list(_K_RE.finditer(t))):   # 8k: 8000
        new = _fmt_number(float(m.group(1)) * 1000)
        t = t[:m.start()] + new + t[m.end():]
        spaced = [i + len(new) - len(m.group()) if i >= m.end() else i for i in spaced]
    blocked = _blocked(n, t)
    segs: list[list[Any]] = []
    for m in n.run.finditer(t):
        for s, e, value, always in _segments(n, m.group(), m.start(), t):
            if any(blocked[s:e]):
                continue
            follow, before = t[e:e + 12], t[max(0, s - 12):s]
            ctx = (always or bool(n.unit_after.match(follow))
                   or (bool(n.context_before.search(before)) and (bool(n.terminal.match(follow)) or e in spaced))
                   or bool(n.digit_connector_before.search(before)) or bool(n.connector_digit_after.match(follow)))
            segs.append([s, e, value, ctx])
    changed = True
    while changed:  # ranges and split numbers: one end in context puts the other in
        changed = False
        for a, b in zip(segs, segs[1:]):
            gap = t[a[1]:b[0]]
            if a[3] != b[3] and (gap == "" or n.connector_only.fullmatch(gap)):
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


def _mobile_re(w: Words) -> re.Pattern[str]:
    # A mainland mobile number: 1[3-9] and nine more digits, whole or as
    # 3-4-4 with spaces or dashes, maybe after a country code (+86, 0086);
    # never part of a longer number.
    return re.compile(rf"""
        (?<![0-9])
        (?: {alt(w.words("country_codes"))} [\s-]? )?
        (?P<number> 1[3-9][0-9] (?: [0-9]{{8}} | [\s-][0-9]{{4}}[\s-][0-9]{{4}} ) )
        (?![0-9])
        """, re.X)


def _mobile_spans(t: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), re.sub(r"[^0-9]", "", m.group("number"))) for m in grammar().mobile.finditer(t)]


def _spoken_mobile_spans(t: str) -> list[tuple[int, int, str]]:
    """Mobile numbers said digit by digit in Chinese (voice input: "yao san
    jiu ling ..."), with their places in `t` itself, so that they can be
    masked before the rest is read."""
    n = grammar().numerals
    out = []
    for m in n.digit_by_digit.finditer(t):
        digits = "".join(str(n.digits[c]) for c in m.group() if c in n.digits)
        found = _mobile_spans(digits)
        if len(digits) == 11 and found:
            out.append((m.start(), m.end(), found[0][2]))
    return out


def parse_mobile(text: str) -> str | None:
    """A mainland mobile number (11 digits, 1[3-9]...), typed whole, as
    3-4-4 groups with spaces or dashes, after +86 / 0086 / 86, full-width, or
    said digit by digit; 10 or 12 digits give None.  The first one found."""
    found = _mobile_spans(arabic_numerals(text))
    return found[0][2] if found else None


# How far before a number a word may say whose it is ("his phone is 138...").
_WHOSE_WINDOW = 8


def own_mobiles_in(text: str) -> list[str]:
    """The mainland mobile numbers in a story that it does not say are
    someone else's ("the boss's phone 138…", parsing.json mobile.others)."""
    t = arabic_numerals(text)
    others = grammar().phone_others
    return [number for start, _, number in _mobile_spans(t)
            if not any(w in t[max(0, start - _WHOSE_WINDOW):start].lower() for w in others)]


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# A unified social credit code: 18 of its characters standing alone.
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


class _Name:
    def __init__(self, w: Words) -> None:
        self.max_length = w.number("max_length")
        # A web address: a scheme, "www." or a domain name with a known ending.
        self.url = re.compile(rf"(?:https?://|www\.|[A-Za-z0-9-]+\.{alt(w.words('url_domains'))}(?![A-Za-z]))", re.I)
        # A name said in a phrase, strongest first: "call me <name>", then
        # "I am / my name is <name>", then "my surname is <surname>".  The
        # name is the shortest run of letters (no space or punctuation)
        # after the phrase word, maybe followed by an ending word ("that's
        # fine"), up to a space, punctuation, another phrase word, a word
        # that goes on to something else ("this year", "phone") or the end.
        phrase_words = [*w.words("call_me"), *w.words("name_is"), *w.words("surname_is")]
        then = w.words("then") if "then" in w.as_dict() else ()
        stop = rf"(?:{alt(w.words('endings'))})?(?=$|[^{HAN}A-Za-z·]|{alt([*phrase_words, *then])})"
        self.phrases = [
            re.compile(rf"{alt(w.words('call_me'))}(?P<name>[{HAN}A-Za-z·]{{1,{self.max_length}}}?){stop}"),
            re.compile(rf"{alt(w.words('name_is'))}(?P<name>[{HAN}A-Za-z·]{{1,{self.max_length}}}?){stop}"),
            re.compile(rf"{alt(w.words('surname_is'))}(?P<name>[{HAN}]{{1,2}}?){stop}"),
        ]


_LONG_DIGITS_RE = re.compile(r"[0-9]{7,}")  # a phone or an identity number, not a name


def _strip_emoji(text: str) -> str:
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("So", "Sk", "Cs", "Co", "Cn", "Cf", "Cc") or 0xFE00 <= ord(ch) <= 0xFE0F or ch == "\u20e3":
            continue
        out.append(ch)
    return "".join(out)


def _name_in_phrase(g: _Name, text: str) -> str | None:
    """The name a phrase names ("I'm surnamed Wang, call me Old Wang, that's
    fine" -> Old Wang; "I am Zhang San" -> Zhang San), or None when the text
    is no such phrase."""
    for rx in g.phrases:
        m = rx.search(text)
        if m:
            return m.group("name")
    return None


def name_in_phrase(text: str) -> str | None:
    """The name a phrase in the text names ("I am Old Wang, a helper, in Fengze" -> Old Wang),
    or None when no phrase names one (the text as a whole is not taken)."""
    return _name_in_phrase(grammar().name, normalise(_SPACES_RE.sub(" ", _strip_emoji(_nfkc(text)))))


def parse_name(text: str) -> str | None:
    """A person's or company's name as typed: NFKC, emoji and control
    characters removed, spaces collapsed, edge punctuation trimmed; a name
    said in a phrase ("call me Old Wang", "I am Zhang San", "my surname is
    Wang") is the name alone (parsing.json name.call_me, name_is,
    surname_is).  It must be 1..30 characters, contain a letter or a CJK
    character, and hold no URL and no phone number (nor any run of 7+
    digits).  Else None."""
    g = grammar().name
    t = _strip_emoji(_nfkc(text))
    t = normalise(_SPACES_RE.sub(" ", t))
    said = _name_in_phrase(g, t)
    if said is not None:
        t = said
    if not t or len(t) > g.max_length:
        return None
    if not any(unicodedata.category(ch).startswith("L") for ch in t):
        return None
    if g.url.search(t) or _LONG_DIGITS_RE.search(t) or parse_mobile(t):
        return None
    return t


# ---------------------------------------------------------------------------
# Age

# A resident identity card number: area (6), birth date (the year is
# group "year"), sequence (3), check digit or X.
_ID_RE = re.compile(r"""
    (?<![0-9]) [1-9][0-9]{5}
    (?P<year> (?:19|20)[0-9]{2} ) (?:0[1-9]|1[0-2]) (?:0[1-9]|[12][0-9]|3[01])
    [0-9]{3}[0-9Xx] (?![0-9])
    """, re.X)
MIN_AGE, MAX_AGE = 16, 90


class _Birth:
    def __init__(self, w: Words) -> None:
        # An age with an age word (48 years old): 1-3 digits, not the end of a longer number.
        self.age = re.compile(rf"(?<![0-9.])(?P<age>[0-9]{{1,3}}){alt(w.words('age_words'))}")
        # A four-digit year of the last century or this one.
        self.year4 = re.compile(r"(?<![0-9])(?P<year>(?:19|20)[0-9]{2})(?![0-9])")
        # A two-digit year before the year word ('75).
        self.year2 = re.compile(rf"(?<![0-9])(?P<year>[0-9]{{2}}){re.escape(w.word('year_word'))}")
        # An age after an age word ("this year 48", "age: 48"); a colon, maybe full-width, may come between.
        self.age_prefix = re.compile(rf"{alt(w.words('age_before'))}[:\uff1a]?(?P<age>[0-9]{{1,3}})(?![0-9])")
        # Words around a bare age that add nothing ("52 already", "I am 52").
        self.fillers = re.compile(alt(w.words("age_fillers")))


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


def says_a_number(text: str) -> bool:
    """Whether any digit or numeral is in the text (a number may be there)."""
    return grammar().numerals.any_number.search(text) is not None


def _any_birth_year(text: str, today: date) -> int | None:
    if not says_a_number(text):
        return None   # a name, a place, a word: no year or age in it (asked at every answer of a registration)
    g = grammar().birth
    t = arabic_numerals(text)
    year: int | None = None
    m = _ID_RE.search(t)
    if m:
        year = int(m.group("year"))
    if year is None and (m := g.year4.search(t)):
        year = int(m.group("year"))
    if year is None and (m := g.year2.search(t)):
        yy = int(m.group("year"))
        year = yy + (2000 if yy <= today.year % 100 else 1900)
    if year is None and ((m := g.age.search(t)) or (m := g.age_prefix.search(t))):
        year = today.year - int(m.group("age"))
    if year is None:
        # A bare number, maybe with words that add nothing around it ("52
        # already"); a vague age ("fifty-odd", "almost sixty") stays unread:
        # only an exact age is saved, the dialog asks again.
        n = _bare_number(text)
        if n is None:
            n = _bare_number(g.fillers.sub("", normalise(text)))
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


class _Pay:
    def __init__(self, w: Words, n: _Numerals) -> None:
        currency = w.amounts("currency")
        self.currency = {k.lower(): v for k, v in currency.items()}  # what a currency word is worth in yuan
        self.cur = alt(currency)
        self.cur_before = alt(w.words("currency_before"))
        self.per_unit = {x.lower(): unit for unit, words in w.lists("per_units").items() for x in words}
        frac_currency = re.escape(w.word("frac_currency"))
        # A pay amount: a currency sign maybe, the amount ("a"), a currency word
        # maybe, a fraction after "kuai" (3 kuai 5 = 3.5) unless a unit follows
        # it, the other end of a range ("b") maybe, and a per-unit maybe
        # ("/day", "a day", "per hour": the unit word is "pu").
        self.rate = re.compile(rf"""
            (?P<pre> {self.cur_before} )?
            (?P<a> {_NUM} ) (?P<ac> {self.cur} )?
            (?: (?<={frac_currency}) (?P<frac> [0-9] ) (?! [0-9.] | {alt(w.words("frac_not_before"))} ) )?
            (?: \s? {n.connector} \s? (?: {self.cur_before} )? (?P<b> {_NUM} ) (?P<bc> {self.cur} )? )?
            (?P<per> \s? {alt(w.words("per_markers"))} \s? (?: {re.escape(w.word("per_counter"))} )?
                     (?P<pu> {alt(self.per_unit)} ) )?
            """, re.I | re.X)
        # After an amount: a count, a time, a date or a size, not pay (maybe
        # after a vague word). The counter is a count too, except before the
        # day-of-work word (3 days' work is pay), unless that starts "workers".
        counter = re.escape(w.word("per_counter"))
        day_of_work, workers = re.escape(w.word("day_of_work")), re.escape(w.word("workers"))
        unless = w.lists("not_pay_after_unless_before")   # the weekend is no count of weeks
        not_pay = sorted(set(w.words("not_pay_after")), key=lambda x: (-len(x), x))
        count_words = "|".join(re.escape(x) + not_before(unless.get(x, ())) for x in not_pay)
        self.not_pay_after = re.compile(
            rf"{n.vague}?(?:{count_words}|{counter}(?!(?!{workers}){day_of_work}))", re.I)
        # Words before an amount that make it pay (by unit; '' names no unit),
        # right after it (by unit), and anywhere in the text (the unit of an
        # amount said without one).
        self.prefixes = [(unit, re.compile(alt(words))) for unit, words in w.lists("prefix_words").items()]
        self.suffixes = [(unit, re.compile(alt(words))) for unit, words in w.lists("suffix_words").items()]
        self.fallbacks = [(unit, re.compile(alt(words))) for unit, words in w.lists("fallback_units").items()]
        # The whole answer is an amount or a range of two (200, 150-200 yuan).
        self.bare = re.compile(
            rf"(?:{self.cur_before})?(?P<low>{_NUM})(?:{self.cur})?(?:\s?{n.connector}\s?(?P<high>{_NUM}))?(?:{self.cur})?",
            re.I)
        self.cur_at_end = re.compile(f"{self.cur}$")


_PREFIX_WINDOW = 10
MAX_PAY = 1_000_000


def _pay_unit_from_words(p: _Pay, t: str) -> str:
    for unit, rx in p.fallbacks:
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
    g = grammar()
    p = g.pay
    t = arabic_numerals(text)
    whole = normalise(t)
    fallback = _pay_unit_from_words(p, t)
    t = g.time.short_form.sub(lambda m: "#" * len(m.group()), t)  # morning-8-evening-5 is hours, not pay
    m = p.bare.fullmatch(whole)
    if m:
        lo = float(m.group("low"))
        return _pay(lo, float(m.group("high")) if m.group("high") else lo, fallback)
    parts = [part for part in g.numerals.connector_re.split(p.cur_at_end.sub("", whole)) if part]
    if 1 <= len(parts) <= 2:
        values = [v for v in (chinese_number(part) for part in parts) if v is not None]
        if len(values) == len(parts):
            return _pay(values[0], values[-1], fallback)

    found: list[tuple[str, Pay | None]] = []
    prev_end = 0
    for m in p.rate.finditer(t):
        window = t[max(prev_end, m.start() - _PREFIX_WINDOW):m.start()]
        has_cur = bool(m.group("ac") or m.group("bc") or m.group("pre"))
        per = m.group("pu")
        amount_end = m.end("b") if m.group("b") else m.end("a")
        suffix_unit = next((u for u, rx in p.suffixes if rx.match(t, m.end())), None)
        # "60 daily-settled" is pay though "60 day" would be a date.
        if not has_cur and not per and not suffix_unit and p.not_pay_after.match(t, amount_end):
            continue
        prefix_unit: str | None = None
        prefix_any = False
        best = -1
        for unit, rx in p.prefixes:
            for hit in rx.finditer(window):
                prefix_any = True
                if unit and hit.end() > best:
                    best, prefix_unit = hit.end(), unit
        if not (has_cur or per or prefix_any or suffix_unit):
            continue
        unit = p.per_unit.get(per.lower(), "") if per else (suffix_unit or prefix_unit or fallback)
        factor = p.currency.get((m.group("bc") or m.group("ac") or "").lower(), 1.0)
        lo = float(m.group("a"))
        if m.group("frac"):
            lo += int(m.group("frac")) / 10
        hi = float(m.group("b")) if m.group("b") else lo
        if m.group("ac") and m.group("b") and not m.group("bc"):
            factor = p.currency.get(m.group("ac").lower(), 1.0)
        found.append((unit, _pay(round(lo * factor, 2), round(hi * factor, 2), unit)))
        prev_end = m.end()
    if not found:
        return None
    with_unit = [pay for unit, pay in found if unit]
    return with_unit[0] if with_unit else found[0][1]


class _PayMethod:
    def __init__(self, w: Words) -> None:
        # Settlement words (paid daily, monthly, on completion), then basis
        # words (hourly rate, piece rate ...): each tier one pattern per method.
        self.tiers = [[(method, re.compile(alt(words))) for method, words in w.lists(tier).items()]
                      for tier in ("settlement", "basis")]
        self.all_words = [word for tier in ("settlement", "basis") for words in w.lists(tier).values() for word in words]


def parse_pay_method(text: str) -> str | None:
    """How pay is settled: "daily", "hourly", "piece", "monthly" or
    "on_completion".  Settlement words (daily / monthly / on completion)
    win over basis words (hourly rate, piece rate, monthly salary); within
    a tier the earliest word wins; English words in any case ("Paid daily")."""
    t = _nfkc(text).lower()
    for tier in grammar().pay_method.tiers:
        hits = [(m.start(), method) for method, rx in tier if (m := rx.search(t))]
        if hits:
            return min(hits)[1]
    return None


# ---------------------------------------------------------------------------
# Dates and durations


class _Dates:
    def __init__(self, w: Words) -> None:
        self.relative = w.numbers("relative")
        self.weekdays = w.numbers("weekdays")
        self.next_month = frozenset(w.words("next_month"))
        self.this_month = frozenset(w.words("this_month"))
        self.next_week = frozenset(w.words("next_week"))
        self.week_after_next = frozenset(w.words("week_after_next"))
        self.this_week = frozenset(w.words("this_week"))
        self.roll_days = w.number("roll_year_after_days")
        self.week_words = w.words("week_words")
        week = alt(self.week_words)
        which_week = alt([*self.next_week, *self.week_after_next, *self.this_week])
        which_month = alt([*self.next_month, *self.this_month])
        year, month = re.escape(w.word("year_word")), re.escape(w.word("month_word"))
        day = alt(w.words("day_words"))
        in_days = w.section("in_days")
        # Today, tomorrow, the day after ...
        self.relative_re = re.compile(alt(self.relative))
        # The same words as a post's notes are rewritten with their dates.
        self.dated = w.numbers("dated_words")
        self.dated_re = re.compile(alt(self.dated))
        self.month_word, self.day_word = w.word("month_word"), w.words("day_words")[0]
        # A weekday ("which": this, next, the week after next), not after a
        # numeral, "every" or "a few" (3 weeks, every week are no weekdays).
        self.weekday = re.compile(rf"""
            {not_after(w.words("weekday_not_after"), "0-9")}
            (?P<which> {which_week} )? {week} (?P<day> {alt(self.weekdays)} )
            """, re.X)
        # The weekend, maybe this or next week's.
        self.weekend = re.compile(
            rf"(?P<which>{alt([*self.next_week, *self.this_week])})?{re.escape(w.word('weekend_word'))}")
        # A date with the year: 2026-12-03, 2026/12/3, 2026 year 12 month 3 day.
        self.iso = re.compile(rf"""
            (?<![0-9]) (?P<year> 20[0-9]{{2}} ) (?: [-/.] | {year} )
            (?P<month> [0-9]{{1,2}} ) (?: [-/.] | {month} )
            (?P<day> [0-9]{{1,2}} ) (?: {day} )? (?![0-9])
            """, re.X)
        # Month and day with the month word (maybe "which" month before it),
        # not followed by a count, a time or a month (12 month 3 days, 5 month 3 people).
        self.month_day = re.compile(rf"""
            (?<![0-9.]) (?P<which> {which_month} )?
            (?P<month> [0-9]{{1,2}} ) {month} (?: {re.escape(w.word("month_suffix"))} )?
            (?P<day> [0-9]{{1,2}} ) (?: {day} )?
            (?! [0-9] | {alt(w.words("month_day_not_before"))} )
            """, re.X)
        # 12.3 and 12/3: not a price, a decimal, a size or a range.
        self.dotted = re.compile(rf"""
            {not_after(w.words("dotted_not_after"), "0-9.")}
            (?P<month> [0-9]{{1,2}} ) [./] (?P<day> [0-9]{{1,2}} )
            (?! [0-9] | \. | {alt(w.words("dotted_not_before"))} )
            """, re.X)
        # A day of the month alone (the 3rd), maybe "which" month before it; not
        # a road, a building or a line number (road 3, building 5, line 3).
        self.day_only = re.compile(rf"""
            {not_after(w.words("day_only_not_after"), "0-9.#")}
            (?P<which> {which_month} )? (?P<day> [0-9]{{1,2}} ) (?: {day} )
            (?! {alt(w.words("day_only_not_before"))} | [0-9] )
            """, re.X)
        # In 3 days.
        self.after_days = re.compile(
            rf"(?:{alt(in_days.words('before'))})?(?P<n>[0-9]{{1,2}}){re.escape(in_days.word('unit'))}"
            rf"{alt(in_days.words('after'))}")


SATURDAY = 5


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_day(dates: _Dates, m: int, d: int, today: date) -> date | None:
    """This year's date, or next year's when this year's is long past (a
    January date said in November); a date that just passed is None."""
    this = _safe_date(today.year, m, d)
    if this is None:
        return None
    if this >= today:
        return this
    if (today - this).days > dates.roll_days:
        return _safe_date(today.year + 1, m, d)
    return None


def _add_month(day: date, day_of_month: int) -> date | None:
    y, m = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return _safe_date(y, m, day_of_month)


def with_dates(text: str, today: date) -> str:
    """The words for today, tomorrow and the days after in `text`, written
    as the dates they meant on `today` ("tomorrow" -> "8 December"): words
    read on other days than they were written keep their meaning."""
    g = grammar().date

    def dated(m: re.Match) -> str:
        day = today + timedelta(days=g.dated[m.group()])
        return f"{day.month}{g.month_word}{day.day}{g.day_word}"

    return g.dated_re.sub(dated, text)


def parse_date(text: str, today: date) -> date | None:
    """A start date: today / tomorrow / the day after (and the one after
    that); a weekday (the next one, today included), the weekday of next week
    or of this week; the weekend (the coming Saturday, or today on a Saturday
    or Sunday); 'in 3 days'; month and day (12-3 written with the month and
    day words, 12.3, 12/3); a day alone ('the 3rd': this month, or next month
    once past); ISO 2026-12-03.  A past date gives None; of several dates the
    earliest-mentioned one that is not past wins."""
    g = grammar().date
    t = arabic_numerals(text)
    found: list[tuple[int, date | None]] = []
    day: date | None
    for m in g.relative_re.finditer(t):
        found.append((m.start(), today + timedelta(days=g.relative[m.group()])))
    for m in g.weekday.finditer(t):
        prefix, wd = m.group("which") or "", g.weekdays[m.group("day")]
        monday = today - timedelta(days=today.weekday())
        if prefix in g.week_after_next:
            day = monday + timedelta(days=14 + wd)
        elif prefix in g.next_week:
            day = monday + timedelta(days=7 + wd)
        elif prefix in g.this_week:
            day = monday + timedelta(days=wd)
        else:
            day = today + timedelta(days=(wd - today.weekday()) % 7)
        found.append((m.start(), day if day is not None and day >= today else None))
    for m in g.weekend.finditer(t):
        prefix = m.group("which") or ""
        monday = today - timedelta(days=today.weekday())
        if prefix in g.next_week:
            day = monday + timedelta(days=7 + SATURDAY)
        elif today.weekday() >= SATURDAY:
            day = today
        else:
            day = monday + timedelta(days=SATURDAY)
        found.append((m.start(), day))
    for m in g.after_days.finditer(t):
        found.append((m.start(), today + timedelta(days=int(m.group("n")))))
    taken = bytearray(len(t))
    for m in g.iso.finditer(t):
        day = _safe_date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        found.append((m.start(), day if day and day >= today else None))
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for rx in (g.month_day, g.dotted):
        for m in rx.finditer(t):
            if any(taken[m.start():m.end()]):
                continue
            found.append((m.start(), _month_day(g, int(m.group("month")), int(m.group("day")), today)))
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for m in g.day_only.finditer(t):
        if any(taken[m.start():m.end()]):
            continue
        prefix, d = m.group("which") or "", int(m.group("day"))
        this = _safe_date(today.year, today.month, d)
        if prefix in g.next_month:
            day = _add_month(today.replace(day=1), d)
        elif prefix in g.this_month:
            day = this if this and this >= today else None
        else:
            day = this if this and this >= today else _add_month(today.replace(day=1), d)
        found.append((m.start(), day))
    for _, day in sorted(found, key=lambda f: f[0]):
        if day is not None:
            return day
    return None


class _Days:
    def __init__(self, w: Words, dates: Words) -> None:
        counter = f"(?:{re.escape(w.word('counter'))})"
        half, day = re.escape(w.word("half")), re.escape(w.word("day"))
        month = re.escape(dates.word("month_word"))
        # A range of days: 3-5 days, 3 to 5 working days (the longer counts).
        self.range = re.compile(rf"""
            (?P<low> [0-9]+ ) {alt(w.words("range_connectors"))} (?P<high> [0-9]+ )
            {counter}? {alt(w.words("range_units"))}
            """, re.X)
        # N months and a half.
        self.months_half = re.compile(rf"(?P<n>[0-9]+){counter}{half}{month}")
        # Half a month.
        self.half_month = re.compile(rf"{half}{counter}?{month}")
        # N (whole) days or working days; not "in 3 days", "within 3 days", "paid every 1 day".
        self.days = re.compile(rf"""
            (?P<n> [0-9]+ ) {counter}? (?: {re.escape(w.word("whole"))} )? {alt(w.words("day_units"))}
            {not_before(w.words("not_after_days"))}
            """, re.X)
        # N weeks (not a weekday: week 3 is Wednesday).
        self.weeks = re.compile(
            rf"(?P<n>[0-9]+){counter}?{alt(dates.words('week_words'))}{not_before(dates.numbers('weekdays'))}")
        # N months.
        self.months = re.compile(rf"(?P<n>[0-9]+){counter}{month}{not_before(dates.words('month_pay_after'))}")
        # Half a day.
        self.half_day = re.compile(rf"{half}{day}")
        # "1 day" right after an amount or before a pay word is a rate (200 a day).
        self.per_before = re.compile(rf"(?:[0-9]|{alt(w.words('per_rate_before'))})\s?$")
        self.per_after = re.compile(rf"^\s?(?:[0-9]|{alt(w.words('per_rate_after'))})")


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
    g = grammar().days
    t = arabic_numerals(text)
    found: list[tuple[int, int]] = []

    def per_rate(m: re.Match) -> bool:
        return int(m.group("n")) == 1 and bool(
            g.per_before.search(t[:m.start()]) or g.per_after.match(t[m.end():]))

    taken = bytearray(len(t))
    for rx, value in (
        (g.range, lambda m: max(int(m.group("low")), int(m.group("high")))),
        (g.months_half, lambda m: int(m.group("n")) * 30 + 15),
        (g.half_month, lambda m: 15),
        (g.days, lambda m: None if per_rate(m) else int(m.group("n"))),
        (g.weeks, lambda m: None if per_rate(m) else int(m.group("n")) * 7),
        (g.months, lambda m: None if per_rate(m) else int(m.group("n")) * 30),
        (g.half_day, lambda m: 1),
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


class _Time:
    def __init__(self, w: Words, n: _Numerals) -> None:
        self.periods = w.names("periods")
        self.quarters = w.numbers("quarters")
        periods = alt(self.periods)
        hour = re.escape(w.word("hour_word"))
        # A time of day: maybe a period word (morning, afternoon ...), the
        # hour ("h"), then ":30" ("m"), or the hour word maybe with half ("half"),
        # a quarter ("q") or minutes ("m2": two digits, or one with the minute
        # word, so that "5 o'clock, 1 day, 80 yuan" is not 5:01); or a bare
        # hour ("bare") when a connector and another time follow (8-12 o'clock).
        self.point = re.compile(rf"""
            (?P<period> {periods} )? (?<![0-9.]) (?P<h> [0-9]{{1,2}} )
            (?: [:] (?P<m> [0-9]{{2}} )
              | {hour} (?: (?P<half> {alt(w.words("half"))} )
                         | (?P<q> {alt(self.quarters)} )
                         | (?P<m2> [0-9]{{2}} (?! [0-9] ) | [0-9] (?= {re.escape(w.word("minute_word"))} ) )
                           (?: {re.escape(w.word("minute_word"))} )?
                       )?
              | (?P<bare> (?= \s? {n.connector} \s? {periods}? [0-9]{{1,2}} (?: {hour} | [:] ) ) )
            )
            """, re.X)
        self.connector = n.connector_re
        # An end time followed by "knock off", "finish" ...
        self.end_words = re.compile(rf"\s?{alt(w.words('end_words'))}")
        short = w.section("short_form")
        numerals = "".join(re.escape(c) for c in short.word("numerals"))
        # Morning 8 evening 5 (the hour word may be left out).
        self.short_form = re.compile(rf"""
            {re.escape(short.word("morning"))} (?P<start> [0-9{numerals}]{{1,3}} ) (?: {hour} )?
            {re.escape(short.word("evening"))} (?P<end> [0-9{numerals}]{{1,3}} ) (?: {hour} )?
            """, re.X)
        self.max_gap = w.number("max_gap")
        # "8 to noon": a period word alone as the end, with no clock hour after it.
        self.period_ends = w.numbers("period_ends")
        self.period_end = re.compile(rf"\s?{n.connector}\s?(?P<p>{alt(self.period_ends)})(?!\s?[0-9])")


@dataclass
class _Point:
    start: int
    end: int
    period: str | None
    hour: int
    minute: int


def _points(g: _Time, t: str) -> list[_Point]:
    out = []
    for m in g.point.finditer(t):
        h = int(m.group("h"))
        if m.group("m") is not None:
            minute = int(m.group("m"))
        elif m.group("m2") is not None:
            minute = int(m.group("m2"))
        elif m.group("half"):
            minute = 30
        elif m.group("q"):
            minute = g.quarters[m.group("q")]
        else:
            minute = 0
        if h > 24 or minute > 59:
            continue
        period = g.periods[m.group("period")] if m.group("period") else None
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
    g = grammar().time
    raw = grammar().english.fold(_nfkc(text))
    m = g.short_form.search(raw)
    if m:
        a, b = chinese_number(m.group("start")), chinese_number(m.group("end"))
        if a is not None and b is not None and a <= 12 and b <= 12:
            return _hhmm(a, 0), _hhmm(_hour24(b, "pm"), 0)
    t = arabic_numerals(text)
    points = _points(g, t)
    if not points:
        return None
    first = points[0]
    start_h = _hour24(first.hour, first.period)
    start = _hhmm(start_h, first.minute)
    if len(points) > 1:
        second = points[1]
        gap = t[first.end:second.start]
        linked = len(gap) <= g.max_gap and not re.search(r"[0-9]", gap) and (
            g.connector.search(gap) or g.end_words.match(t, second.end))
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
    ends = g.period_end.match(t, first.end)
    if ends is not None and g.period_ends[ends.group("p")] > start_h:
        return start, _hhmm(g.period_ends[ends.group("p")], 0)
    return start, ""


# ---------------------------------------------------------------------------
# Headcount, meals and lodging, contact, skills, address


class _Headcount:
    def __init__(self, w: Words, n: _Numerals, dates: Words) -> None:
        counters = w.words("counters")
        person = w.word("person")
        day_of_work, workers = re.escape(w.word("day_of_work")), re.escape(w.word("workers"))
        # "5 of them, monthly pay 6000": the month word starts the pay, the count is people.
        month_pay = re.escape(dates.word("month_word")) + alt(dates.words("month_pay_after"))
        # A count: 1-4 digits and a counter (3 helpers, 5 people); not an
        # ordinal, not a masked number, and not hours, rooms, ages ... after
        # it; the counter before the day-of-work word is days of work, unless
        # that starts "workers".
        self.count = re.compile(rf"""
            {not_after(w.words("not_after"), "0-9.#")} (?P<n> [0-9]{{1,4}} ) {alt(counters)}
            (?! (?!{month_pay}) {alt(w.words("not_before"))} | (?!{workers}){day_of_work} )
            """, re.X)
        # A vague count: ten-odd people, a few people, 3-5 people.
        self.vague = re.compile(rf"""
            (?: [0-9]+ {n.vague} {alt(counters)}
              | {re.escape(w.word("few"))} {alt(c for c in counters if c != person)} (?: {re.escape(person)} )?
              | [0-9]+ {alt(w.words("range_connectors"))} [0-9]+ {alt(counters)}
            )""", re.X)
        # "each" right before a count: N per trade.
        self.each = re.compile(re.escape(w.word("each")) + r"\s?$")
        # Maybe a number (or "a few") and maybe a counter, right here: what a
        # post says it lacks may be counted ("short of 2 helpers", "short of one").
        self.maybe_counted = re.compile(rf"(?:[0-9]+|{re.escape(w.word('few'))})?{alt(counters)}?")


MAX_HEADCOUNT = 999


def _counts(g: _Headcount, t: str) -> list[re.Match]:
    masked = g.vague.sub(lambda m: "#" * len(m.group()), t)
    return list(g.count.finditer(masked))


def says_a_count(text: str) -> bool:
    """A number of people said with its counter ("3 of them", "two
    persons"), not an ordinal ("the 3rd one") nor a bare number."""
    return bool(_counts(grammar().headcount, arabic_numerals(text)))


def hires_by_trade(text: str, refdata: Any) -> bool:
    """An English message that hires a number of a trade ("need 3 cleaners",
    "hiring two kitchen helpers"): a job post, not a worker's search."""
    return bool(grammar().english.trade_counts(text, refdata, hiring=True))


def hires_by_lack(text: str, refdata: Any) -> bool:
    """A post that says what it lacks: a worker or a trade ("the shop is
    short of a dishwasher", "the site still lacks two helpers"), not work
    ("I lack work to do", "short of money"): parsing.json, employer.lacks_note."""
    employer = grammar().employer
    if employer is None:
        return False
    t = arabic_numerals(text)
    for found in employer.lacks.finditer(t):
        # Right after the word, or after a count ("short of people" has its
        # worker word where a counter could be).
        counted = employer.maybe_counted.match(t, found.end())
        for at in {found.end(), counted.end() if counted else found.end()}:
            lacking = t[at:at + employer.lacks_reach]
            if not lacking or lacking.startswith(employer.lacks_not):
                continue
            if lacking.startswith(employer.lacks_workers) or any(
                    lacking.startswith(word) for trade in refdata.match_trades(lacking)
                    for word in (trade.name, *trade.synonyms)):
                return True   # (right after it: "shortcoming", then a trade further on, is no post)
    return False


def parse_headcount(text: str, refdata: Any = None) -> int | None:
    """How many workers: '3 helpers', 'two (people)', 'recruit 5', 'five',
    '1'; several counts add up ('3 men, 2 women' = 5); in English also a
    number before a trade word ('2 movers', with ``refdata``).  Vague
    ('ten-odd', 'a few', '3-5', 'two or three'), none, 0 or more than 999:
    None."""
    n = _bare_number(text)
    if n is None:
        t = arabic_numerals(text)
        counts = [int(m.group("n")) for m in _counts(grammar().headcount, t)]
        counts += grammar().english.trade_counts(text, refdata)
        if not counts:
            return None
        n = sum(counts)
    return n if 1 <= n <= MAX_HEADCOUNT else None


class _Meals:
    def __init__(self, w: Words) -> None:
        rules = w.raw("rules")
        where = f"{w.where}.rules"
        if not isinstance(rules, list):
            raise WordsError(f"{where}: must be a list of [phrase, meals, lodging]")
        self.phrases: dict[str, tuple[bool | None, bool | None]] = {}
        for rule in rules:
            ok = (isinstance(rule, list) and len(rule) == 3 and isinstance(rule[0], str) and rule[0]
                  and all(v is None or isinstance(v, bool) for v in rule[1:]))
            if not ok:
                raise WordsError(f"{where}: {rule!r} is not [phrase, true/false/null, true/false/null]")
            if rule[0] in self.phrases:
                raise WordsError(f"{where}: {rule[0]!r} is there twice")
            self.phrases[rule[0]] = (rule[1], rule[2])
        # Any phrase; the longest wins at a position (English in any case).
        self.phrase_re = re.compile(alt(self.phrases), re.I)


def parse_meals_lodging(text: str) -> tuple[bool | None, bool | None]:
    """(meals, lodging): 'board and lodging' (True, True), 'meals' / 'lunch
    provided' (True, None), 'lodging' (None, True), 'no board or lodging'
    (False, False); None where the text says nothing.  The longest phrase
    wins at each position; later phrases override earlier ones."""
    g = grammar().meals
    meals: bool | None = None
    lodging: bool | None = None
    for m in g.phrase_re.finditer(_nfkc(text)):
        m_meals, m_lodging = g.phrases[m.group().lower()]
        if m_meals is not None:
            meals = m_meals
        if m_lodging is not None:
            lodging = m_lodging
    return meals, lodging


def strip_meals_lodging(text: str) -> str:
    """The text without what it says of meals and a bed ("Donghu estate,
    bed provided" -> "Donghu estate"), and the separators left at its ends."""
    return grammar().meals.phrase_re.sub(" ", _nfkc(text)).strip(" ,;.\u3001\u3002")


class _Contact:
    def __init__(self, w: Words) -> None:
        surname = alt(w.words("surnames"))
        triggers = alt(w.words("triggers"))
        title = f"(?!{alt(w.words('not_titles'))}){alt(w.words('titles'))}"
        name_ends = rf"(?=$|[^{HAN}]|{triggers})"  # the end of the text or of a word, or a trigger word
        # A surname and a title (Mr Wang, master Zhang, boss Chen), or a
        # familiar form and a surname (old Wang) where a word ends.
        self.name_at = re.compile(rf"(?:{surname}{title}|{alt(w.words('familiar'))}{surname}{name_ends})")
        # A trigger word (contact, ask for ...) right before a position.
        self.trigger_end = re.compile(rf"{triggers}:?\s?$")
        # A full name after the contact-person word.
        self.full_name = re.compile(
            rf"{alt(w.words('full_name_triggers'))}:?\s?(?P<name>{surname}[{HAN}]{{1,2}}?){name_ends}")
        # "I am", "my name is" ... before an answer that is a name.
        self.self_prefix = re.compile(rf"^{alt(w.words('self_prefixes'))}:?")
        # A whole answer that is a surname and 1-3 more characters.
        self.whole_name = re.compile(rf"{surname}[{HAN}]{{1,3}}")
        # What may be said around a name in an answer that is only who to ask for.
        self.around_name = re.compile(alt(w.words("triggers") + w.words("only_fillers")))


def only_a_contact(text: str) -> str | None:
    """The contact's name when that is all the words say ("just ask for Mr
    Chen", "Mr Chen"): at the address question it is who to ask for, not
    where the work is. Else None."""
    name = parse_contact_name(text)
    if name is None:
        return None
    rest = _nfkc(text).replace(name, "", 1)
    rest = grammar().contact.around_name.sub("", rest)
    return name if not _HAN_CHAR.search(rest) and not any(c.isalnum() for c in rest) else None


def parse_contact_name(text: str) -> str | None:
    """A contact's name: a surname with a form of address ('Mr Wang',
    'master Zhang', 'sister Li', 'boss Chen'), a familiar form ('old Wang'),
    a full name after the contact-person word, or the whole answer when it
    is a 2-4 character name starting with a common surname.  Inside a longer
    message a name only counts at a word boundary (after punctuation, a
    digit, or a word such as 'contact' / 'ask for'), so trade words ending in
    a surname character do not make names.  Else None."""
    g = grammar().contact
    t = _SPACES_RE.sub("", _nfkc(text))
    m = g.full_name.search(t)
    if m:
        return m.group("name")
    # A space typed before it is a word boundary too ("8 to 5 master Chen 139…").
    for part in _SPACES_RE.split(_nfkc(text).strip())[1:]:
        m = g.name_at.match(part)
        if m:
            return m.group()
    for i in range(len(t)):
        m = g.name_at.match(t, i)
        if not m:
            continue
        before = t[:i]
        if not before or not _HAN_CHAR.match(before[-1]) or g.trigger_end.search(before):
            return m.group()
    whole = g.self_prefix.sub("", normalise(t))
    if 2 <= len(whole) <= 4 and g.whole_name.fullmatch(whole):
        return whole
    return grammar().english.contact_name(_SPACES_RE.sub(" ", _nfkc(text)))


class _Skills:
    def __init__(self, w: Words) -> None:
        negated = not_after(w.words("negations"))
        certificate = rf"[{HAN}A-Za-z]{{1,8}}?{re.escape(w.word('certificate'))}(?:{re.escape(w.word('certificate_tail'))})?"
        # In this order; a later requirement overlapping an earlier one is dropped.
        rules: list[tuple[re.Pattern[str], bool]] = []
        # Words that say the worker is certified for the job.
        rules += [(re.compile(re.escape(word)), False) for word in w.words("certified")]
        # Has a (named) certificate, or several joined with "and" (not after "no").
        rules.append((re.compile(rf"{negated}{alt(w.words('has'))}{certificate}(?:{alt(w.words('and'))}{certificate})*"),
                      False))
        # Has (some) experience (not after "no").
        rules.append((re.compile(rf"{negated}{re.escape(w.word('has_experience'))}[{HAN}0-9]{{0,8}}?"
                                 rf"{re.escape(w.word('experience'))}"), False))
        # Skill words (skilled hand, knows computers ...).
        rules += [(re.compile(re.escape(word)), False) for word in w.words("skill_words")]
        # Can do something (drive a forklift, weld ...), not after "cannot";
        # it runs on and is cut at the first stop word.
        rules.append((re.compile(rf"{not_after(w.words('cannot'))}{re.escape(w.word('can'))}{alt(w.words('can_what'))}"
                                 rf"[{HAN}A-Za-z]{{0,6}}"), True))
        self.rules = rules
        self.stop = re.compile(alt(w.words("greedy_stops")))
        self.joiner = w.word("joiner")


def parse_skills(text: str) -> str | None:
    """Skill and certificate requirements ('has an electrician's
    certificate', 'can drive a forklift', 'has a health certificate', 'has
    experience'), in order of mention, joined with the joiner in the data
    file; None when there are none."""
    g = grammar().skills
    t = _nfkc(text)
    hits: list[tuple[int, int, str]] = []
    for rx, greedy in g.rules:
        for m in rx.finditer(t):
            s, e = m.span()
            if greedy:
                stop = g.stop.search(t, s + 2, e)
                if stop:
                    e = stop.start()
            if e - s < 2 or any(s < he and hs < e for hs, he, _ in hits):
                continue
            hits.append((s, e, t[s:e]))
    if not hits:
        return None
    words = list(dict.fromkeys(w for _, _, w in sorted(hits)))
    return g.joiner.join(words)


# Where an address after an address word ends: a space or punctuation
# (, . ; : ! ? and the ideographic full stop, enumeration comma and ellipsis).
_CLAUSE_BREAKS = " ,.;:!?\u3002\u3001\u2026"


class _OwnBusiness:
    def __init__(self, w: Words) -> None:
        # "We do renovation": a before word, a few characters, an after word.
        self.clause = re.compile(rf"{alt(w.words('before'))}.{{1,{w.number('max_length')}}}?{alt(w.words('after'))}")

    def without(self, text: str) -> str:
        return self.clause.sub(" ", text)


class _Address:
    def __init__(self, w: Words) -> None:
        # An address word ("address:", "work place is") and the 2-40
        # characters after it, to the end of the clause.
        self.marker = re.compile(rf"{alt(w.words('markers'))}{alt(w.words('marker_joiners'))}?\s?"
                                 rf"(?P<address>[^{re.escape(_CLAUSE_BREAKS)}]{{2,40}})")
        # A place word (compound, industrial zone, market ...) or a road and
        # its number, maybe with building, unit and room numbers after it.
        road = rf"{alt(w.words('road_words'))}[0-9]+{re.escape(w.word('number_word'))}"
        units = rf"(?:[0-9]+{alt(w.words('unit_words'))})*"
        self.suffix = re.compile(rf"(?:{alt(w.words('suffixes'))}|{road}){units}")
        # What a place is near ("over by", "near"), after a name that starts at an area or town word.
        self.landmark = re.compile(alt(w.words("landmark_words")))
        # Words the name before a place word starts after (dates, "at", "go to" ...).
        self.stop = re.compile(alt(w.words("left_stops")))
        self.min_name = w.number("min_name")
        self.max_name = w.number("max_name")


_NAME_RUN_BEFORE_RE = re.compile(rf"[{HAN}A-Za-z]+$")


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
    g = grammar().address
    t = _nfkc(text)
    m = g.marker.search(t)
    if m:
        return _drop_leading_area(m.group("address").strip(), refdata)
    for sm in g.suffix.finditer(t):
        name = _name_before(t, sm.start(), refdata, place_first=False)
        if name is not None:
            return name + sm.group()
    for lm in g.landmark.finditer(t):
        # "Over by the Wanda in Jinjiang": only after an area or town word,
        # so that "over at the boss's" is no address.
        name = _name_before(t, lm.start(), refdata, place_first=True)
        if name is not None:
            return name + lm.group()
    return None


def _name_before(t: str, end: int, refdata: Any, place_first: bool) -> str | None:
    """The name of a place right before `end`: from the first area or town
    word in the words before it (else, unless `place_first`, after the last
    filler word), without a leading area; None when under min_name."""
    g = grammar().address
    left = _NAME_RUN_BEFORE_RE.search(t, 0, end)
    name = left.group() if left else ""
    starts = _place_starts(refdata, name)
    if starts:
        name = name[min(starts):]
    elif place_first:
        return None
    else:
        name = name[max((s.end() for s in g.stop.finditer(name)), default=0):]
    name = _drop_leading_area(name[-g.max_name:], refdata, whole=True)
    return name if len(name) >= g.min_name else None


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
    employer: str | None = None       # a company, factory or shop the post names as hiring


_UNIT_OF_METHOD = {"daily": "day", "hourly": "hour", "monthly": "month", "piece": "piece", "on_completion": "job"}
_METHOD_OF_UNIT = {"hour": "hourly", "month": "monthly", "piece": "piece"}


def _mask(t: str, spans) -> str:
    chars = list(t)
    for s, e in spans:
        for i in range(s, e):
            chars[i] = "#"
    return "".join(chars)


_POSTS_READ = KeptReadings()


def parse_post(text: str, refdata: Any, today: date) -> PostFields:
    """Everything one message says about a job (see `_parse_post`); read
    once per text and day for the tables in use."""
    return _POSTS_READ.get((text, today), (grammar(), refdata, current_typos()), lambda: _parse_post(text, refdata, today))


def _parse_post(text: str, refdata: Any, today: date) -> PostFields:
    """Everything one message says about a job.  Phone numbers and credit
    codes are masked before numbers are read, so they never become pay or
    headcount.  The area is set only when an area is named (a town gives
    `town`); pay_method, when not said, is taken from an hourly, monthly or
    piece rate; a pay amount without a unit takes it from the pay method;
    '... each N' over several trades counts N per trade."""
    g = grammar()
    raw = _SPACES_RE.sub(" ", _nfkc(text)).strip()
    phones = _mobile_spans(raw) or _spoken_mobile_spans(raw)
    spans = [(s, e) for s, e, _ in phones] + [m.span() for m in _CREDIT_RE.finditer(raw) if valid_credit_code(m.group())]
    spans += [m.span() for m in _ID_RE.finditer(raw)]
    masked = _mask(raw, spans)

    places = fix_typos(masked)   # a slip in a trade or place name ("stone-master" for Shishi)
    employer = _named_employer(parse_employer(masked), refdata)
    trades = tuple(t.code for t in refdata.match_trades(places))
    if len(trades) > 1:
        # "We do renovation, two helpers wanted": the employer's own line of
        # work is not a trade hired, when the post names one besides.
        hired = {t.code for t in refdata.match_trades(g.own_business.without(places))}
        if hired:
            trades = tuple(t for t in trades if t in hired)
    areas = refdata.match_areas(places)
    towns = refdata.match_towns(places)
    pay = parse_pay(masked)
    method = parse_pay_method(masked)
    if method is None and pay is not None:
        method = _METHOD_OF_UNIT.get(pay.unit)
    if pay is not None and not pay.unit and method:
        pay = Pay(pay.min, pay.max, _UNIT_OF_METHOD[method])
    times = parse_time_range(masked)
    headcount = parse_headcount(masked, refdata) if _bare_number(masked) is None else None
    converted = arabic_numerals(masked)
    counts = _counts(g.headcount, converted)
    if len(counts) == 1 and len(trades) > 1 and g.headcount.each.search(converted[:counts[0].start()]):
        n = int(counts[0].group("n")) * len(trades)
        headcount = n if n <= MAX_HEADCOUNT else None
    meals, lodging = parse_meals_lodging(masked)
    # "Bed provided" is what the job gives, never where it is or who to ask for.
    unboarded = _mask(masked, [m.span() for m in g.meals.phrase_re.finditer(masked)])
    return PostFields(
        trades=trades,
        area=areas[0].code if areas else None,
        town=towns[0][0].name if towns else None,
        address=parse_address(unboarded, refdata),
        start_date=parse_date(masked, today),
        days=parse_days(masked) if _bare_number(masked) is None else None,
        start_time=times[0] if times else None,
        end_time=(times[1] or None) if times else None,
        pay=pay,
        pay_method=method,
        headcount=headcount,
        phone=phones[0][2] if phones else None,
        contact_name=_not_a_place(parse_contact_name(unboarded), refdata),
        meals=meals,
        lodging=lodging,
        skills=parse_skills(masked),
        employer=employer,
    )


def names_a_place(text: str, refdata: Any) -> bool:
    """The text names a town or an area of the city's."""
    return bool(refdata.match_towns(text) or refdata.match_areas(text))


def _not_a_place(name: str | None, refdata: Any) -> str | None:
    """A "name" that is a town or an area (Chendai town: a surname and two more
    characters) is where the work is, not who to ask for."""
    if name and names_a_place(name, refdata):
        return None
    return name


class _Employer:
    def __init__(self, w: Words, headcount: _Headcount) -> None:
        self.min_name, self.max_name = w.number("min_name"), w.number("max_name")
        self.suffixes = w.words("suffixes")
        self.english_suffixes = w.words("english_suffixes")
        # Words no name has ("we are a company" is who is hiring, not its name).
        self.not_in_names = w.words("not_in_names")
        # A name ending in a company word, right before a hiring word, at the
        # start or after punctuation or a space (Jinjiang Hongxing shoe factory hires general workers).
        self.zh = re.compile(rf"""
            (?:^|(?<=[^{HAN}A-Za-z0-9]))
            (?P<name> [{HAN}A-Za-z0-9]{{{self.min_name - 1},{self.max_name}}}? {alt(w.words("suffixes"))} )
            (?= {alt(w.words("hiring_after"))} )
            """, re.X)
        # What a post says it lacks (see "lacks_note" in parsing.json).
        self.lacks = re.compile(alt(w.words("lacks")))
        self.maybe_counted = headcount.maybe_counted
        self.lacks_workers = w.words("lacks_workers")
        self.lacks_not = w.words("lacks_not")
        self.lacks_reach = w.number("lacks_reach")
        # Hongxing Shoe Factory is hiring: 0-4 capitalised words, then a company word.
        self.en = re.compile(rf"""
            (?<![A-Za-z])
            (?P<name> (?:[A-Z][\w&'.-]*\s+){{1,4}} (?i:{alt(w.words("english_suffixes"))}) )
            ,?\s+ (?i:{alt(w.words("english_hiring"))}) (?![A-Za-z])
            """, re.X)


def _named_employer(name: str | None, refdata: Any) -> str | None:
    """The employer's name without a date said before it ("tomorrow"), when
    it is a name: something is left once the place, trade and company words
    are taken out ("Hongxing" in the Jinjiang Hongxing shoe factory; nothing
    in "a shoe factory in Chendai, Jinjiang", which is no name to ask for)."""
    if not name:
        return None
    g = grammar()
    while (m := g.date.relative_re.match(name)) is not None:
        name = name[m.end():]
    if _LATIN_RE.search(name):
        return name or None
    rest = name
    words = [w for a in refdata.areas for w in (*a.words, *(w for t in a.towns for w in t.words))]
    words += [w for t in refdata.trades for w in t.words] + list(refdata.ambiguous_words)
    employer = g.employer
    if employer is None:
        return None
    words += list(employer.suffixes)
    for w in sorted(words, key=len, reverse=True):
        if w in rest:
            rest = rest.replace(w, "")
    return name if len(rest) >= employer.min_name else None


def parse_employer(text: str) -> str | None:
    """The company, factory or shop a post says is hiring ("Jinjiang Hongxing shoe factory hires general workers" in Chinese,
    "Hongxing Shoe Factory is hiring ..."), or None."""
    g = grammar().employer
    if g is None:
        return None
    t = _SPACES_RE.sub(" ", _nfkc(text)).strip()
    m = g.zh.search(t) or g.en.search(t)
    return m.group("name").strip() if m else None


def company_name_alone(text: str, refdata: Any) -> str | None:
    """A message that is only the name of a company, factory or shop (it
    ends in a company word and has a name of its own left once the place,
    trade and company words are taken out), said before it was asked; or None."""
    g = grammar().employer
    if g is None:
        return None
    t = _SPACES_RE.sub(" ", _nfkc(text)).strip(" ,.;:")
    if not t or len(t) > g.max_name + 8 or not re.fullmatch(rf"[{HAN}A-Za-z0-9()&.,\- ]+", t):
        return None
    latin = t.lower()
    if any(latin.endswith(" " + s) for s in g.english_suffixes):
        return t if re.match(r"[A-Z]", t) else None   # a name is capitalised ("Hengda Shoes Co."; not "my company")
    if not any(t.endswith(s) for s in g.suffixes) or any(w in t for w in g.not_in_names):
        return None
    return _named_employer(t, refdata)


# A mobile number anywhere in a text, maybe after the country code.
_PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d){8}(?!\d)")


def strip_phones(text: str) -> str:
    """The text without the mobile numbers in it, and the word naming each
    ("phone: 138…"): a post's description is public, its phone number goes
    only to the workers who apply. The rest stays as written (full-width
    commas too) unless normalising changed its length."""
    norm = unicodedata.normalize("NFKC", text)
    source = text if len(norm) == len(text) else norm
    labelled = grammar().phone_label
    spans = []
    said = [(s, e) for s, e, _ in _spoken_mobile_spans(norm)]   # said aloud, digit by digit
    for start, end in sorted([m.span() for m in _PHONE_IN_TEXT.finditer(norm)] + said):
        if labelled is not None:
            before = labelled.search(norm[:start].lower())
            if before is not None:
                start = before.start()
        spans.append((start, end))
    if not spans:
        return source.strip()
    for start, end in reversed(spans):
        source = source[:start] + " " + source[end:]
    # Where a number was: no doubled spaces, no space after a comma, no comma left at either end.
    source = re.sub(r"\s{2,}", " ", source)
    source = re.sub(r"([\uff0c\u3001\uff1b])\s+", r"\1", source)
    source = re.sub(r"([\uff0c\u3001\uff1b,;])(\s*[\uff0c\u3001\uff1b,;])+", r"\1", source)   # "move,,Chen", "5pm, , Mr": one
    return source.strip(" \uff0c\u3001,;\uff1b:\uff1a")


# ---------------------------------------------------------------------------
# Sums of money in free text (complaints)

# Numbers that are not sums: identity, card and account numbers (9+ digits),
# landlines with their area code, dates with a year, 12/3, and times of day
# (12:30, also with a full-width colon).
_IDENTIFIER_RES = [re.compile(p) for p in (
    r"(?<![0-9])[0-9]{9,}[Xx]?(?![0-9])",
    r"(?<![0-9])0[0-9]{2,3}-?[0-9]{7,8}(?![0-9])",
    r"(?<![0-9])(?:19|20)[0-9]{2}[./-][0-9]{1,2}(?:[./-][0-9]{1,2})?(?![0-9])",
    r"(?<![0-9])[0-9]{1,2}/[0-9]{1,2}(?![0-9])",
    r"(?<![0-9])[0-9]{1,2}[:\uff1a][0-9]{2}(?![0-9])",
)]
# Up to 4 characters that are not digits, spaces or punctuation (half- and
# full-width , . ; : ! ? and the ideographic full stop and enumeration comma).
_SUM_GAP = r"[^0-9,.;:!?\uff0c\u3002\uff1b\uff1a\uff01\uff1f\u3001\s]{0,4}"
_SUM_WINDOW = 12


class _Sums:
    def __init__(self, w: Words, n: _Numerals, pay: _Pay) -> None:
        # A money word (owes, wages, in all ...) shortly before an amount.
        self.money_before = re.compile(rf"{alt(w.words('money_before'))}{_SUM_GAP}$", re.I)
        # After an amount: a currency word or a money word (not paid ...), maybe after vague or about words.
        self.money_after = re.compile(rf"{n.vague}?{n.approx}?(?:{pay.cur}|{alt(w.words('money_after'))})", re.I)
        # An identifier word (phone, order number, ID ...) right before an amount, maybe with "is".
        self.not_money_before = re.compile(rf"{alt(w.words('not_money_before'))}\s?{alt(w.words('joiners'))}?\s?$",
                                           re.I)
        # An amount: a run of numerals (1.2 ten-thousand, eight-thousand-five),
        # also ending in an Arabic digit (3 thousand 5), or a plain number.
        self.amount = re.compile(rf"""
            (?<![0-9.A-Za-z])
            (?: (?:{n.run.pattern}) (?: (?<=[{n.mult_chars}]) [0-9] (?![0-9.]) )?
              | [0-9]+(?:\.[0-9]+)?
            )""", re.X)
        # A currency sign right before an amount.
        self.cur_before = re.compile(rf"{pay.cur_before}\s?$")
        # Twenty-odd ten-thousands: 200000.
        self.vague_mult = re.compile(rf"{n.vague}(?P<mult>[{n.mult_chars}])")
        # Two-three thousand: at least 2000.
        self.vague_pair = re.compile(rf"[{n.digit_chars}]{{2}}[{n.mult_chars}]+")


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
    g = grammar()
    n, su = g.numerals, g.sums
    t = arabic_numerals(text)
    hidden = bytearray(len(t))
    spans = [(s, e) for s, e, _ in _mobile_spans(t)]
    spans += [m.span() for rx in _IDENTIFIER_RES for m in rx.finditer(t)]
    for s, e in spans:
        hidden[s:e] = b"\x01" * (e - s)
    blocked = _blocked(n, t)
    out: list[int] = []
    for m in su.amount.finditer(t):
        s, e, run = m.start(), m.end(), m.group()
        if any(hidden[s:e]) or any(blocked[s:e]):
            continue
        if run.replace(".", "").isdigit():
            value: float | None = float(run)
        else:
            value = chinese_number(run)
            if value is None and su.vague_pair.fullmatch(run):
                value = chinese_number(run[0] + run[2:])  # "two or three thousand": at least 2000
            if value is None or not any(c in n.multipliers for c in run):
                continue  # a lone Chinese digit ("one" in "one lump") is not an amount
        before, after_text = t[max(0, s - _SUM_WINDOW):s], t[e:e + _SUM_WINDOW]
        if value is None:
            continue
        vague = su.vague_mult.match(after_text)
        if vague:
            value *= n.small.get(vague.group("mult")) or n.big[vague.group("mult")]
            after_text = after_text[vague.end():]
        if su.not_money_before.search(before):
            continue
        if su.money_after.match(after_text) or su.cur_before.search(before):
            out.append(int(value))
        elif g.pay.not_pay_after.match(after_text):
            continue  # 12 days, 3 people, 5 o'clock, the 20th
        elif su.money_before.search(before):
            out.append(int(value))
    return out


# ---------------------------------------------------------------------------
# The grammar, assembled


class _English:
    """Answers typed in English read as the words they stand for
    (parsing.json 'english'): whole words, longest first; a clock hour with
    am or pm gets its period word before it."""

    def __init__(self, words: Words | None, hour_word: str, month_word: str, day_word: str) -> None:
        self.hour_word = hour_word
        self.month_word, self.day_word = month_word, day_word
        table = words.names("words") if words is not None else {}
        self.words = {k.lower(): v for k, v in table.items()}
        self.re = re.compile(rf"(?<![a-z]){alt(self.words)}(?![a-z])") if self.words else None
        self.periods = {"am": words.word("am"), "pm": words.word("pm")} if words is not None else {}
        self.clock = re.compile(r"(?<![0-9])([0-9]{1,2})(?::([0-9]{2}))?\s*(am|pm|a\.m\.|p\.m\.)(?![a-z])")
        # Without an 'english' section, an empty one: nothing English is read.
        words = words if words is not None else Words({}, "parsing.json english")
        has = words.as_dict()
        self.months = {k.lower(): v for k, v in words.numbers("months").items()} if has and "months" in has else {}
        month = alt(self.months)
        nth = r"(?:st|nd|rd|th)?"
        # Dec 8, December 8th; 8 Dec, the 8th of December (not 8 may-be ...: a day of 1-31 only).
        self.month_day = re.compile(rf"(?<![a-z])(?P<m>{month})\.?\s*(?P<d>[0-9]{{1,2}}){nth}(?![0-9a-z:])")
        self.day_month = re.compile(
            rf"(?<![0-9.:])(?:the\s+)?(?P<d>[0-9]{{1,2}}){nth}\s*(?:of\s+)?(?P<m>{month})\.?(?![a-z])")
        titles = words.words("titles") if has and "titles" in has else ()
        any_case = words.words("titles_any_case") if has and "titles_any_case" in has else ()
        # Mr Chen, ms li, Master Wang: a title and a name (capitalised after a title such as master).
        self.contact = re.compile(rf"""(?<![A-Za-z])
            (?: (?P<title> (?i:{alt(any_case)}) ) \.? \s+ (?P<name> [A-Za-z][a-z]{{1,12}} )
              | (?P<title2> (?i:{alt(titles)}) ) \s+ (?P<name2> [A-Z][a-z]{{1,12}} ) )
            (?![A-Za-z])""", re.X) if titles and any_case else None
        hiring = words.words("hiring") if has and "hiring" in has else ()
        self.hiring_before = re.compile(rf"(?<![a-z]){alt(hiring)}\s+$") if hiring else None
        self.number_words = {k: v for k, v in self.words.items() if v.isdigit()}
        self.number_re = re.compile(rf"(?<![a-z]){alt(self.number_words)}(?![a-z])") if self.number_words else None
        not_after_count = words.words("count_not_after") if has and "count_not_after" in has else ()
        # A number and 1-3 words after it ("2 movers", "3 kitchen helpers"): a count when a trade is in the words.
        self.count = re.compile(rf"(?<![0-9.:/$-])(?P<n>[0-9]{{1,3}})\s+(?!(?:{alt(not_after_count)})(?![a-z']))"
                                rf"(?P<words>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){{0,2}})") if not_after_count else None

    def _dates(self, t: str) -> str:
        if not self.months:
            return t

        def said(m: re.Match) -> str:
            d = int(m.group("d"))
            if not 1 <= d <= 31:
                return m.group()
            return f" {self.months[m.group('m')]}{self.month_word}{d}{self.day_word} "
        return self.day_month.sub(said, self.month_day.sub(said, t))

    def fold(self, text: str) -> str:
        if self.re is None or not _LATIN_RE.search(text):
            return text
        t = self._dates(text.lower())
        if self.periods:
            t = self.clock.sub(lambda m: f" {self.periods[m.group(3).replace('.', '')]}{m.group(1)}"
                                         f"{':' + m.group(2) if m.group(2) else self.hour_word} ", t)
        return self.re.sub(lambda m: f" {self.words[m.group()]} ", t)

    def contact_name(self, text: str) -> str | None:
        """"Mr Chen", "Ms Li": a title and a name, as written (title capitalised)."""
        if self.contact is None or not _LATIN_RE.search(text):
            return None
        m = self.contact.search(text)
        if not m:
            return None
        title, name = m.group("title") or m.group("title2"), m.group("name") or m.group("name2")
        return f"{title[:1].upper()}{title[1:].lower()} {name.capitalize()}"

    def trade_counts(self, text: str, refdata: Any, hiring: bool = False) -> list[int]:
        """Counts said with a trade word after them ("2 movers", "3 cleaners");
        with `hiring`, only those right after a hiring word ("need 3 cleaners")."""
        if self.count is None or refdata is None or not _LATIN_RE.search(text):
            return []
        t = _SPACES_RE.sub(" ", _nfkc(text).lower())
        if self.number_re is not None:
            t = self.number_re.sub(lambda m: self.number_words[m.group()], t)  # two movers: 2 movers
        out = []
        for m in self.count.finditer(t):
            words = m.group("words").split()
            if words[0] in self.words and not hiring:
                continue  # 3 people, 2 helpers: counted as the Chinese counter they stand for
            if hiring and (self.hiring_before is None or not self.hiring_before.search(t[:m.start()])):
                continue
            if any(refdata.match_trades(" ".join(words[:k])) for k in range(1, len(words) + 1)):
                out.append(int(m.group("n")))
        return out


class Grammar:
    """Every regular expression the parse functions read with, compiled
    from the word lists of ``parsing.json`` (one attribute per section)."""

    def __init__(self, words: Words) -> None:
        dates = words.section("date")
        self.numerals = _Numerals(words.section("numerals"), dates)
        self.mobile = _mobile_re(words.section("mobile"))
        labels = words.section("mobile").words("labels") if "labels" in words.section("mobile").as_dict() else ()
        # A label right before a number (maybe a colon and spaces between), to drop with it.
        self.phone_label = re.compile(rf"(?:{alt(labels)})\s*[:\uff1a]?\s*$") if labels else None
        mobile = words.section("mobile").as_dict()
        self.phone_others: tuple[str, ...] = tuple(mobile.get("others") or ())
        self.name = _Name(words.section("name"))
        self.birth = _Birth(words.section("birth"))
        self.pay = _Pay(words.section("pay"), self.numerals)
        self.pay_method = _PayMethod(words.section("pay_method"))
        self.date = _Dates(dates)
        self.days = _Days(words.section("days"), dates)
        self.time = _Time(words.section("time"), self.numerals)
        self.headcount = _Headcount(words.section("headcount"), self.numerals, dates)
        self.meals = _Meals(words.section("meals_lodging"))
        self.contact = _Contact(words.section("contact"))
        self.skills = _Skills(words.section("skills"))
        self.address = _Address(words.section("address"))
        self.own_business = _OwnBusiness(words.section("own_business"))
        self.sums = _Sums(words.section("sums"), self.numerals, self.pay)
        self.english = _English(words.section("english") if "english" in words.as_dict() else None,
                                words.section("time").word("hour_word"), dates.word("month_word"),
                                dates.words("day_words")[0])
        self.employer = _Employer(words.section("employer"), self.headcount) if "employer" in words.as_dict() \
            else None

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Grammar:
        """Read ``parsing.json`` (from bot/data/ unless ``data_dir``) and
        compile it.  Raises WordsError (a ValueError) naming the file and the
        key at fault."""
        return cls(Words.read(PARSING_FILE, data_dir))


_GRAMMAR: Loaded[Grammar] = Loaded(Grammar.load)
