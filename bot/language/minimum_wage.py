"""Fujian's minimum wage for each of Quanzhou's county-level areas, kept by
staff in ``bot/data/minimum_wage.json`` (one block per provincial document,
oldest first; see the file's note).

A figure a person reads comes with its document and date and whether staff
confirmed it (``verified``). A document whose figures could not be found is
kept with ``null`` figures: it says that the standard changed after the last
figures known, so the answer says so too and never states a figure nobody
checked. Fujian's minimum wages have so far only been raised, so the last
known figures are taken as a floor: a post paying less is below the minimum
whatever the newer document says.

``MinimumWage.load()`` validates the file once at start (every area of
areas.json in every document, figures positive or both ``null``, dates in
order) and raises ``MinimumWageError`` (a ValueError) naming the file and
the field at fault.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot import DATA_DIR

__all__ = ["MINIMUM_WAGE_FILE", "Figure", "MinimumWage", "MinimumWageError", "Standard", "day_minimum"]

MINIMUM_WAGE_FILE = "minimum_wage.json"
AREAS_FILE = "areas.json"
#: Hours of a working day when a post does not say its hours (the
#: State Council's provisions on working hours: 8 hours a day).
STANDARD_DAY_HOURS = 8.0

_TOP_KEYS = frozenset({"note", "check_at", "standards"})
_STANDARD_KEYS = frozenset({"document", "document_en", "number", "date", "effective", "verified", "found",
                            "tiers", "areas"})
_TIER_KEYS = frozenset({"monthly", "hourly"})


class MinimumWageError(ValueError):
    """The minimum wage file is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class Standard:
    """One provincial document: its tiers and the tier of each area."""
    document: str
    document_en: str
    number: str
    issued: date  # the document's date ("date" in the file)
    effective: date
    verified: bool
    tiers: Mapping[str, tuple[int, float] | None]   # tier -> (monthly, hourly), None when not known
    areas: Mapping[str, str]                         # area code -> tier

    def figures(self, area: str) -> tuple[int, float] | None:
        return self.tiers.get(self.areas.get(area, ""))

    def name(self, locale: str = "zh_CN") -> str:
        """The document as cited: its name and number (English: its English name)."""
        if locale.lower().startswith("en"):
            return self.document_en
        return f"{self.document}\uff08{self.number}\uff09" if self.number else self.document


@dataclass(frozen=True)
class Figure:
    """The minimum wage of one area, with where it comes from."""
    area: str
    monthly: int
    hourly: float
    standard: Standard
    #: a document in force after `standard` whose figures are not known:
    #: the minimum was changed since (and so the figure here is a floor)
    newer: Standard | None

    @property
    def verified(self) -> bool:
        return self.standard.verified and self.newer is None

    def day(self, hours: float | None = None) -> float:
        return day_minimum(self.hourly, hours)


def day_minimum(hourly: float, hours: float | None = None) -> float:
    """A day's minimum: the hourly minimum times the day's hours (the
    post's, else the 8-hour working day), rounded up to the jiao."""
    h = hours if hours is not None and hours > 0 else STANDARD_DAY_HOURS
    return math.ceil(round(hourly * h * 10, 6)) / 10


def fmt(amount: float) -> str:
    """14.3 -> "14.3", 16.0 -> "16"."""
    return f"{amount:.1f}".rstrip("0").rstrip(".")


class MinimumWage:
    def __init__(self, standards: Iterable[Standard], check_at: Mapping[str, str], source: Path | None = None):
        self.standards: tuple[Standard, ...] = tuple(standards)
        self.check_at = dict(check_at)
        self.source = source

    @classmethod
    def load(cls, path: Path | None = None, area_codes: Iterable[str] | None = None) -> MinimumWage:
        """Read and validate the file (default bot/data/minimum_wage.json)
        against the areas of areas.json next to it (or the package's)."""
        path = Path(path) if path is not None else DATA_DIR / MINIMUM_WAGE_FILE
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise MinimumWageError(f"{path}: file not found") from exc
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MinimumWageError(f"{path}: cannot read: {exc}") from exc
        codes = frozenset(area_codes) if area_codes is not None else _area_codes(path)
        return cls._from_doc(doc, path, codes)

    @classmethod
    def _from_doc(cls, doc: Any, path: Path, codes: frozenset[str]) -> MinimumWage:
        where = str(path)
        if not isinstance(doc, dict):
            raise MinimumWageError(f"{where}: the top level must be an object")
        unknown = sorted(set(doc) - _TOP_KEYS)
        if unknown:
            raise MinimumWageError(f"{where}: unknown field(s) {unknown}")
        check_at = doc.get("check_at")
        if not isinstance(check_at, dict) or not all(
                isinstance(check_at.get(k), str) and check_at[k].strip() for k in ("zh", "en")):
            raise MinimumWageError(f"{where}: 'check_at' must give where staff check, in 'zh' and 'en'")
        raw = doc.get("standards")
        if not isinstance(raw, list) or not raw:
            raise MinimumWageError(f"{where}: 'standards' must be a non-empty list")
        standards = [_standard(s, f"{where}: standards[{i}]", codes) for i, s in enumerate(raw)]
        for before, after in zip(standards, standards[1:]):
            if after.effective <= before.effective:
                raise MinimumWageError(f"{where}: standards must be listed oldest first, by 'effective'")
        if not any(t is not None for s in standards for t in s.tiers.values()):
            raise MinimumWageError(f"{where}: no document has figures")
        first = next(s for s in standards if any(t is not None for t in s.tiers.values()))
        missing = sorted(a for a in codes if first.figures(a) is None)
        if missing:
            raise MinimumWageError(f"{where}: the first document with figures has none for area(s) {missing}")
        return cls(standards, {k: check_at[k].strip() for k in ("zh", "en")}, path)

    # -- queries -------------------------------------------------------------

    def in_force(self, today: date) -> list[Standard]:
        return [s for s in self.standards if s.effective <= today] or [self.standards[0]]

    def for_area(self, area: str, today: date) -> Figure | None:
        """The latest known figures for the area on `today`, None for an
        area the file does not know."""
        standards = self.in_force(today)
        newer: Standard | None = None
        for s in reversed(standards):
            if area not in s.areas:
                return None
            figures = s.figures(area)
            if figures is not None:
                return Figure(area, figures[0], figures[1], s, newer)
            newer = newer or s
        return None

    def lowest(self, today: date) -> list[tuple[Figure, list[str]]]:
        """The whole table in short: each distinct figure with its areas,
        highest first."""
        groups: dict[tuple[int, float], tuple[Figure, list[str]]] = {}
        for area in self.standards[-1].areas:
            f = self.for_area(area, today)
            if f is not None:
                groups.setdefault((f.monthly, f.hourly), (f, []))[1].append(area)
        return sorted(groups.values(), key=lambda g: (-g[0].monthly, -g[0].hourly))

    def check_place(self, locale: str = "zh_CN") -> str:
        return self.check_at["en" if locale.lower().startswith("en") else "zh"]


# ---------------------------------------------------------------------------
# Validation


def _area_codes(path: Path) -> frozenset[str]:
    for candidate in (path.parent / AREAS_FILE, DATA_DIR / AREAS_FILE):
        try:
            doc = json.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        return frozenset(a["code"] for a in doc.get("areas", []) if isinstance(a, dict) and "code" in a)
    raise MinimumWageError(f"{path}: cannot read {AREAS_FILE} to check the areas")


def _date(raw: Any, key: str, where: str) -> date:
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise MinimumWageError(f"{where}: {key!r} must be a date like 2017-07-01, not {raw!r}") from None


def _text(raw: Any, key: str, where: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise MinimumWageError(f"{where}: {key!r} must be a non-empty text")
    return raw.strip()


def _amount(raw: Any, key: str, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not 0 < raw < 100000:
        raise MinimumWageError(f"{where}: {key!r} must be a positive number of yuan or null, not {raw!r}")
    return float(raw)


def _standard(raw: Any, where: str, codes: frozenset[str]) -> Standard:
    if not isinstance(raw, dict):
        raise MinimumWageError(f"{where}: must be an object")
    unknown = sorted(set(raw) - _STANDARD_KEYS)
    if unknown:
        raise MinimumWageError(f"{where}: unknown field(s) {unknown}")
    number = raw.get("number")
    if number is not None and not (isinstance(number, str) and number.strip()):
        raise MinimumWageError(f"{where}: 'number' must be the document's number or null")
    if not isinstance(raw.get("verified"), bool):
        raise MinimumWageError(f"{where}: 'verified' must be true or false (false until staff confirm it)")
    tiers_raw = raw.get("tiers")
    if not isinstance(tiers_raw, dict) or not tiers_raw:
        raise MinimumWageError(f"{where}: 'tiers' must map a tier to its 'monthly' and 'hourly' figures")
    tiers: dict[str, tuple[int, float] | None] = {}
    for tier, figures in tiers_raw.items():
        at = f"{where}: tier {tier!r}"
        if not isinstance(figures, dict) or set(figures) != _TIER_KEYS:
            raise MinimumWageError(f"{at}: must have exactly 'monthly' and 'hourly'")
        monthly, hourly = figures["monthly"], figures["hourly"]
        if monthly is None and hourly is None:
            tiers[tier] = None
            continue
        if monthly is None or hourly is None:
            raise MinimumWageError(f"{at}: give both 'monthly' and 'hourly', or neither (null) when not known")
        m, h = _amount(monthly, "monthly", at), _amount(hourly, "hourly", at)
        if h >= m:
            raise MinimumWageError(f"{at}: the hourly figure {h} is not below the monthly {m}")
        tiers[tier] = (int(m), h)
    areas = raw.get("areas")
    if not isinstance(areas, dict) or not all(isinstance(v, str) for v in areas.values()):
        raise MinimumWageError(f"{where}: 'areas' must map each area code to its tier")
    missing, extra = sorted(codes - set(areas)), sorted(set(areas) - codes)
    if missing:
        raise MinimumWageError(f"{where}: area(s) {missing} of {AREAS_FILE} have no tier")
    if extra:
        raise MinimumWageError(f"{where}: area(s) {extra} are not in {AREAS_FILE}")
    bad = sorted(a for a, t in areas.items() if t not in tiers)
    if bad:
        raise MinimumWageError(f"{where}: area(s) {bad} are in a tier that is not listed")
    issued, effective = _date(raw.get("date"), "date", where), _date(raw.get("effective"), "effective", where)
    _text(raw.get("found"), "found", where)  # where the figures were found, for staff
    return Standard(document=_text(raw.get("document"), "document", where),
                    document_en=_text(raw.get("document_en"), "document_en", where),
                    number=(number or "").strip(), issued=issued, effective=effective,
                    verified=raw["verified"], tiers=tiers, areas=dict(areas))
