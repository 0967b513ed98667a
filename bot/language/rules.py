"""Content rules every job post is checked against before it is published.

The city's standard asks that job posts carry no discriminatory content
(clause 9) and no false information or black-intermediary tricks (clause
20).  The rules live in ``bot/data/content_rules.json`` so that market staff
can read and extend them without touching code: each rule has patterns
(plain words or regular expressions), optional ``unless`` patterns that make
a hit lawful in context, an action (refuse or send to staff review) and a
plain-language reason and fix in Chinese and English.  A ``pay`` section
holds typical pay ranges per trade category; pay far above the range goes to
review. A ``minimum`` section names the rule that refuses pay below Fujian's
minimum wage for the post's area (the figures: ``bot/data/minimum_wage.json``,
read by ``bot/language/minimum_wage.py``): per hour below the hourly minimum,
per day below the hourly minimum times the post's hours a day (8 when it does
not say), per month below the monthly minimum. A post with no area is held to
the lowest minimum of any area.

``ContentRules.load()`` validates the file and compiles every pattern once;
``check()`` then costs one regular-expression search per rule.

How ``unless`` works: a hit is excused when an ``unless`` match overlaps it,
i.e. the hit is part of a longer lawful phrase (the "limit to men" inside
"no limit on men or women").  An excused hit does not hide a later,
unexcused one of the same rule.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot import DATA_DIR
from bot.language.minimum_wage import MINIMUM_WAGE_FILE, Figure, MinimumWage, day_minimum
from bot.language.minimum_wage import fmt as fmt_amount

__all__ = [
    "ACTIONS",
    "CATEGORIES",
    "DECISIONS",
    "PAY_UNITS",
    "RULES_FILE",
    "ContentRules",
    "ContentRulesError",
    "Rule",
    "RuleHit",
    "Shortfall",
    "Verdict",
    "normalise",
]

RULES_FILE = "content_rules.json"
TRADES_FILE = "trades.json"

CATEGORIES = ("discrimination", "scam", "wage", "review")
ACTIONS = ("refuse", "review")
DECISIONS = ("pass", "review", "refuse")
PAY_UNITS = ("hour", "day", "month")
LANGS = ("zh", "en")

_RULE_KEYS = frozenset({"id", "category", "action", "patterns", "unless", "action_by_trade", "why", "fix", "note"})
_RULE_REQUIRED = ("id", "category", "action", "patterns", "why", "fix")
_PAY_KEYS = frozenset({"id", "category", "action", "factor", "ranges", "why", "fix", "note"})
_TOP_KEYS = frozenset({"note", "rules", "pay", "post", "minimum"})
_MINIMUM_KEYS = frozenset({"id", "category", "action", "why", "fix", "note"})
_POST_KEYS = frozenset({"note", "hiring", "worker_story"})

_ID_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
# Whitespace and invisible format characters people (and spammers) put
# between the characters of a word.
_STRIP_RE = re.compile(r"[\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
                       r"\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]+")
_LINE_RE = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85][\s]*")
FULL_STOP = "\u3002"  # the ideographic full stop, which NFKC leaves alone
_PATTERN_SPACE_RE = re.compile(r"\s+")
_BACKREF_RE = re.compile(r"(?<!\\)\\[1-9]|\(\?P=")


class ContentRulesError(ValueError):
    """The content rules file is missing, malformed or inconsistent."""


def normalise(text: str | None) -> str:
    """Fold a post for matching: NFKC (full-width letters, digits and
    punctuation become ASCII), line breaks become a full stop (so a pattern
    does not run from one field or line into the next), no other whitespace
    or invisible characters, case-folded."""
    folded = _LINE_RE.sub(FULL_STOP, unicodedata.normalize("NFKC", text or ""))
    return _STRIP_RE.sub("", folded).casefold()


def as_written(text: str, matched: str) -> str:
    """The words of the post that the folded `matched` came from, as the
    employer wrote them ("men only", not "menonly"), to quote back; the
    folded words when they cannot be found (a line break between them)."""
    pattern = r"\s*".join(re.escape(ch) for ch in matched)
    found = re.search(pattern, unicodedata.normalize("NFKC", text or ""), re.IGNORECASE) if pattern else None
    return found.group(0) if found else matched


# ---------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class RuleHit:
    """One rule that a post broke."""

    rule_id: str
    category: str  # "discrimination" | "scam" | "review"
    action: str  # "refuse" | "review" (after any per-trade override)
    matched: str  # the words that matched, as written (`as_written`)
    why: dict[str, str]  # {"zh": ..., "en": ...}: which rule was broken
    fix: dict[str, str]  # {"zh": ..., "en": ...}: the lawful way to say it
    #: pay below the minimum wage: the figure it was held to (the reply
    #: names it, its document and the line to change)
    minimum: Shortfall | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Shortfall:
    """Pay below the minimum wage, and the minimum it is below."""

    unit: str  # "hour" | "day" | "month"
    paid: float  # the lowest pay the post offers, per unit
    least: float  # the minimum per unit (a day: hourly x hours)
    hours: float | None  # a day's hours the day minimum was counted with
    figure: Figure  # the area's minimum and its document
    area: str | None  # the post's area; None: held to the lowest of any area


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one post."""

    decision: str  # "pass" | "refuse" | "review"
    hits: tuple[RuleHit, ...]

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(h.rule_id for h in self.hits)


# ---------------------------------------------------------------------------
# Compiled rules


@dataclass(frozen=True)
class Rule:
    """A content rule, compiled."""

    id: str
    category: str
    action: str
    patterns: tuple[str, ...]
    unless: tuple[str, ...]
    action_by_trade: Mapping[str, str]
    why: Mapping[str, str]
    fix: Mapping[str, str]
    hit_re: re.Pattern[str]
    unless_re: re.Pattern[str] | None

    def find(self, text: str) -> re.Match[str] | None:
        """The first match in normalised ``text`` that no ``unless`` match
        overlaps, or None."""
        pos = 0
        excuses: list[tuple[int, int]] | None = None
        while True:
            m = self.hit_re.search(text, pos)
            if m is None:
                return None
            if self.unless_re is None:
                return m
            if excuses is None:
                excuses = _all_spans(self.unless_re, text)
            start, end = m.span()
            if not any(s < end and start < e for s, e in excuses):
                return m
            pos = start + 1

    def action_for(self, trade_category: str | None) -> str:
        if trade_category is None:
            return self.action
        return self.action_by_trade.get(trade_category, self.action)


@dataclass(frozen=True)
class MinimumRule:
    """Pay below the minimum wage (the figures live in minimum_wage.json)."""

    id: str
    category: str
    action: str
    why: Mapping[str, str]
    fix: Mapping[str, str]


@dataclass(frozen=True)
class PayRule:
    """Pay far above the usual range for the trade category."""

    id: str
    category: str
    action: str
    factor: float
    ranges: Mapping[str, Mapping[str, tuple[int, int]]]  # category -> unit -> (low, high)
    why: Mapping[str, str]
    fix: Mapping[str, str]

    def range_for(self, trade_category: str | None, unit: str) -> tuple[int, int] | None:
        by_unit = self.ranges.get(trade_category or "other") or self.ranges.get("other") or {}
        return by_unit.get(unit)

    def too_high(self, trade_category: str | None, amount: float | None, unit: str | None) -> bool:
        if amount is None or unit is None or amount <= 0:
            return False
        rng = self.range_for(trade_category, unit)
        return rng is not None and amount > self.factor * rng[1]


def _all_spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Spans of every match of ``rx``, overlapping ones included (one per
    start position)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while (m := rx.search(text, pos)) is not None:
        spans.append(m.span())
        pos = m.start() + 1
    return spans


# ---------------------------------------------------------------------------
# The rule set


class ContentRules:
    """The rule set: load once, then ``check()`` every post."""

    def __init__(self, rules: tuple[Rule, ...], pay: PayRule | None, source: Path | None = None,
                 hiring_words: tuple[str, ...] = (), worker_story_words: tuple[str, ...] = (),
                 minimum: MinimumRule | None = None, minimum_wage: MinimumWage | None = None) -> None:
        self._rules = rules
        self._pay = pay
        self._minimum = minimum if minimum_wage is not None else None
        #: Fujian's minimum wage per area (None: no minimum checked)
        self.minimum_wage = minimum_wage
        self.source = source
        # Words that, with a trade and a pay, place, phone or head count,
        # make a message a job post (checked at once, deposits and all).
        self.hiring_words = hiring_words
        # Words of a worker telling what happened to them ("the boss made
        # me pay a deposit"): such a message is not a post, whatever it names.
        self.worker_story_words = worker_story_words

    @classmethod
    def load(cls, path: Path | None = None) -> ContentRules:
        """Read, validate and compile the rules file (default
        ``bot/data/content_rules.json``).  Raises ``ContentRulesError`` (a
        ``ValueError``) naming the rule at fault."""
        path = Path(path) if path is not None else DATA_DIR / RULES_FILE
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ContentRulesError(f"{path}: file not found") from exc
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ContentRulesError(f"{path}: cannot read: {exc}") from exc
        wage_path = path.parent / MINIMUM_WAGE_FILE
        wages = MinimumWage.load(wage_path if wage_path.exists() else None)
        return cls._from_doc(doc, path, _trade_categories(path), wages)

    @classmethod
    def _from_doc(cls, doc: Any, path: Path, trade_categories: frozenset[str] | None,
                  minimum_wage: MinimumWage | None = None) -> ContentRules:
        where = str(path)
        if not isinstance(doc, dict):
            raise ContentRulesError(f"{where}: the top level must be an object")
        unknown = set(doc) - _TOP_KEYS
        if unknown:
            raise ContentRulesError(f"{where}: unknown top-level field(s) {sorted(unknown)}")
        if not isinstance(doc.get("note"), str) or not doc["note"].strip():
            raise ContentRulesError(f"{where}: a non-empty 'note' telling staff how to add a rule is required")
        raw_rules = doc.get("rules")
        if not isinstance(raw_rules, list) or not raw_rules:
            raise ContentRulesError(f"{where}: 'rules' must be a non-empty list")
        rules: list[Rule] = []
        seen: set[str] = set()
        for i, raw in enumerate(raw_rules):
            rule = _parse_rule(raw, where, i, trade_categories)
            if rule.id in seen:
                raise ContentRulesError(f"{where}: rule {rule.id!r}: duplicate id")
            seen.add(rule.id)
            rules.append(rule)
        pay = None
        if doc.get("pay") is not None:
            pay = _parse_pay(doc["pay"], where, trade_categories)
            if pay.id in seen:
                raise ContentRulesError(f"{where}: pay rule {pay.id!r}: duplicate id")
        minimum = None
        if doc.get("minimum") is not None:
            minimum = _parse_minimum(doc["minimum"], where)
            if minimum.id in seen or (pay is not None and minimum.id == pay.id):
                raise ContentRulesError(f"{where}: minimum rule {minimum.id!r}: duplicate id")
        hiring, story = _parse_post(doc["post"], where) if doc.get("post") is not None else ((), ())
        return cls(tuple(rules), pay, path, hiring, story, minimum, minimum_wage)

    # -- queries -------------------------------------------------------------

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._rules

    @property
    def pay(self) -> PayRule | None:
        return self._pay

    @property
    def rule_ids(self) -> tuple[str, ...]:
        ids = tuple(r.id for r in self._rules)
        return ids + ((self._pay.id,) if self._pay else ()) + ((self._minimum.id,) if self._minimum else ())

    @property
    def minimum_rule_id(self) -> str | None:
        return self._minimum.id if self._minimum else None

    def below_minimum(self, pay: float | None, unit: str | None, *, area: str | None = None,
                      hours: float | None = None, today: date | None = None) -> Shortfall | None:
        """The minimum the pay is below, or None (pay per piece or per job,
        or no minimum known, is not compared). ``pay`` is the lowest the
        post offers; ``hours`` a day's hours (8 when None)."""
        wages = self.minimum_wage
        if wages is None or pay is None or pay <= 0 or unit not in PAY_UNITS:
            return None
        today = today or date.today()
        figure = wages.for_area(area, today) if area else None
        if figure is None:
            groups = wages.lowest(today)
            if not groups:
                return None
            figure, area = groups[-1][0], None
        if unit == "hour":
            least, hours = figure.hourly, None
        elif unit == "day":
            least = day_minimum(figure.hourly, hours)
            hours = hours if hours and hours > 0 else None
        else:
            least, hours = float(figure.monthly), None
        if pay >= least:
            return None
        return Shortfall(unit, float(pay), least, hours, figure, area)

    def check(self, text: str, *, trade_category: str | None = None, pay_amount: int | None = None,
              pay_unit: str | None = None, pay_min: float | None = None, area: str | None = None,
              hours: float | None = None, today: date | None = None) -> Verdict:
        """Check one post.  Any refuse hit -> "refuse"; else any review hit
        -> "review"; else "pass".  ``trade_category`` (a category code from
        trades.json) switches per-trade actions and picks the pay range;
        ``pay_unit`` is "hour", "day" or "month" (other units are not
        compared). The lowest pay (``pay_min``, else ``pay_amount``) is held
        to the minimum wage of ``area`` on ``today`` (a day's: times
        ``hours``)."""
        folded = normalise(text)
        hits: list[RuleHit] = []
        for rule in self._rules:
            m = rule.find(folded)
            if m is not None:
                hits.append(RuleHit(rule.id, rule.category, rule.action_for(trade_category), as_written(text, m.group(0)),
                                    dict(rule.why), dict(rule.fix)))
        pay = self._pay
        if pay is not None and pay.too_high(trade_category, pay_amount, pay_unit):
            hits.append(RuleHit(pay.id, pay.category, pay.action, f"{pay_amount}/{pay_unit}",
                                dict(pay.why), dict(pay.fix)))
        least = self._minimum
        short = self.below_minimum(pay_min if pay_min is not None else pay_amount, pay_unit, area=area,
                                   hours=hours, today=today) if least is not None else None
        if least is not None and short is not None:
            hits.append(RuleHit(least.id, least.category, least.action, f"{fmt_amount(short.paid)}/{pay_unit}",
                                dict(least.why), dict(least.fix), short))
        actions = {h.action for h in hits}
        decision = "refuse" if "refuse" in actions else "review" if actions else "pass"
        return Verdict(decision, tuple(hits))


# ---------------------------------------------------------------------------
# Parsing and validation


def _trade_categories(rules_path: Path) -> frozenset[str] | None:
    """Category codes from the trades file next to the rules file (or the
    package's own); None when neither can be read."""
    for candidate in (rules_path.parent / TRADES_FILE, DATA_DIR / TRADES_FILE):
        try:
            doc = json.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        return frozenset(c["code"] for c in doc.get("categories", []) if isinstance(c, dict) and "code" in c)
    return None


def _fold_pattern(pattern: str) -> str:
    """Patterns are folded like the text (NFKC, no whitespace); letters
    match in either case."""
    return _PATTERN_SPACE_RE.sub("", unicodedata.normalize("NFKC", pattern))


def _compile(patterns: list[str], what: str) -> re.Pattern[str]:
    folded = []
    for j, p in enumerate(patterns):
        if not isinstance(p, str) or not p.strip():
            raise ContentRulesError(f"{what}[{j}]: must be a non-empty string")
        f = _fold_pattern(p)
        try:
            rx = re.compile(f, re.IGNORECASE)
        except re.error as exc:
            raise ContentRulesError(f"{what}[{j}] {p!r}: not a valid pattern: {exc}") from exc
        if _BACKREF_RE.search(f):
            raise ContentRulesError(f"{what}[{j}] {p!r}: back-references are not supported")
        if rx.search("") is not None:
            raise ContentRulesError(f"{what}[{j}] {p!r}: matches empty text, so it would hit every post")
        folded.append(f)
    combined = "|".join(f"(?:{f})" for f in folded)
    try:
        return re.compile(combined, re.IGNORECASE)
    except re.error as exc:  # e.g. the same named group in two patterns
        raise ContentRulesError(f"{what}: patterns cannot be combined: {exc}") from exc


def _texts(raw: Any, what: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ContentRulesError(f"{what}: must be an object with 'zh' and 'en' texts")
    for lang in LANGS:
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise ContentRulesError(f"{what}: missing {lang!r} text")
    extra = set(raw) - set(LANGS)
    if extra:
        raise ContentRulesError(f"{what}: unknown language(s) {sorted(extra)}")
    return {lang: raw[lang].strip() for lang in LANGS}


def _category_action(raw: dict[str, Any], name: str) -> tuple[str, str]:
    category, action = raw.get("category"), raw.get("action")
    if category not in CATEGORIES:
        raise ContentRulesError(f"{name}: category {category!r} is not one of {list(CATEGORIES)}")
    if action not in ACTIONS:
        raise ContentRulesError(f"{name}: action {action!r} is not one of {list(ACTIONS)}")
    if category == "review" and action != "review":
        raise ContentRulesError(f"{name}: a rule of category 'review' must have action 'review'")
    return category, action


def _rule_name(raw: dict[str, Any], where: str, file: str, kind: str = "rule") -> str:
    rid = raw.get("id")
    if not isinstance(rid, str) or not _ID_RE.match(rid):
        raise ContentRulesError(f"{where}: id {rid!r} must be a lower-case ASCII slug like 'gender-limit'")
    return f"{file}: {kind} {rid!r}"


def _parse_rule(raw: Any, file: str, index: int, trade_categories: frozenset[str] | None) -> Rule:
    where = f"{file}: rules[{index}]"
    if not isinstance(raw, dict):
        raise ContentRulesError(f"{where}: must be an object")
    name = _rule_name(raw, where, file)
    missing = [k for k in _RULE_REQUIRED if k not in raw]
    if missing:
        raise ContentRulesError(f"{name}: missing field(s) {missing}")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise ContentRulesError(f"{name}: unknown field(s) {sorted(unknown)}")
    category, action = _category_action(raw, name)
    patterns = raw["patterns"]
    if not isinstance(patterns, list) or not patterns:
        raise ContentRulesError(f"{name}: 'patterns' must be a non-empty list")
    unless = raw.get("unless", [])
    if not isinstance(unless, list):
        raise ContentRulesError(f"{name}: 'unless' must be a list")
    by_trade = raw.get("action_by_trade", {})
    if not isinstance(by_trade, dict):
        raise ContentRulesError(f"{name}: 'action_by_trade' must be an object")
    for code, act in by_trade.items():
        if trade_categories is not None and code not in trade_categories:
            raise ContentRulesError(f"{name}: action_by_trade: unknown trade category {code!r}")
        if act not in ACTIONS:
            raise ContentRulesError(f"{name}: action_by_trade[{code!r}]: action {act!r} is not one of {list(ACTIONS)}")
    return Rule(
        id=raw["id"],
        category=category,
        action=action,
        patterns=tuple(patterns),
        unless=tuple(unless),
        action_by_trade=dict(by_trade),
        why=_texts(raw["why"], f"{name}: why"),
        fix=_texts(raw["fix"], f"{name}: fix"),
        hit_re=_compile(patterns, f"{name}: patterns"),
        unless_re=_compile(unless, f"{name}: unless") if unless else None,
    )


def _parse_minimum(raw: Any, file: str) -> MinimumRule:
    where = f"{file}: minimum"
    if not isinstance(raw, dict):
        raise ContentRulesError(f"{where}: must be an object")
    name = _rule_name(raw, where, file, "minimum rule")
    unknown = set(raw) - _MINIMUM_KEYS
    if unknown:
        raise ContentRulesError(f"{name}: unknown field(s) {sorted(unknown)}")
    category, action = _category_action(raw, name)
    return MinimumRule(raw["id"], category, action, _texts(raw.get("why"), f"{name}: why"),
                       _texts(raw.get("fix"), f"{name}: fix"))


def _parse_post(raw: Any, file: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    where = f"{file}: post"
    if not isinstance(raw, dict):
        raise ContentRulesError(f"{where}: must be an object")
    unknown = set(raw) - _POST_KEYS
    if unknown:
        raise ContentRulesError(f"{where}: unknown field(s) {sorted(unknown)}")
    if not isinstance(raw.get("note"), str) or not raw["note"].strip():
        raise ContentRulesError(f"{where}: a non-empty 'note' is required")
    lists = []
    for key in ("hiring", "worker_story"):
        words = raw.get(key)
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise ContentRulesError(f"{where}: {key!r} must be a non-empty list of words")
        lists.append(tuple(normalise(w) for w in words))
    return lists[0], lists[1]


def _parse_pay(raw: Any, file: str, trade_categories: frozenset[str] | None) -> PayRule:
    where = f"{file}: pay"
    if not isinstance(raw, dict):
        raise ContentRulesError(f"{where}: must be an object")
    name = _rule_name(raw, where, file, "pay rule")
    unknown = set(raw) - _PAY_KEYS
    if unknown:
        raise ContentRulesError(f"{name}: unknown field(s) {sorted(unknown)}")
    category, action = _category_action(raw, name)
    factor = raw.get("factor")
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or factor <= 1:
        raise ContentRulesError(f"{name}: 'factor' must be a number above 1")
    ranges_raw = raw.get("ranges")
    if not isinstance(ranges_raw, dict) or not ranges_raw:
        raise ContentRulesError(f"{name}: 'ranges' must be a non-empty object")
    ranges: dict[str, dict[str, tuple[int, int]]] = {}
    for code, by_unit in ranges_raw.items():
        if trade_categories is not None and code not in trade_categories:
            raise ContentRulesError(f"{name}: ranges: unknown trade category {code!r}")
        if not isinstance(by_unit, dict) or not by_unit:
            raise ContentRulesError(f"{name}: ranges[{code!r}] must map units to [low, high]")
        ranges[code] = {}
        for unit, pair in by_unit.items():
            if unit not in PAY_UNITS:
                raise ContentRulesError(f"{name}: ranges[{code!r}]: unit {unit!r} is not one of {list(PAY_UNITS)}")
            ok = (isinstance(pair, list) and len(pair) == 2
                  and all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in pair)
                  and pair[0] <= pair[1])
            if not ok:
                raise ContentRulesError(f"{name}: ranges[{code!r}][{unit!r}] must be [low, high], "
                                        f"positive whole numbers with low <= high")
            ranges[code][unit] = (pair[0], pair[1])
    return PayRule(
        id=raw["id"],
        category=category,
        action=action,
        factor=float(factor),
        ranges=ranges,
        why=_texts(raw.get("why"), f"{name}: why"),
        fix=_texts(raw.get("fix"), f"{name}: fix"),
    )
