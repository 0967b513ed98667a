"""Reference data the bot loads at start: areas, towns, trades and markets.

The data lives in JSON files under ``bot/data/`` that market staff can edit:

* ``areas.json``: Quanzhou's county-level areas with their towns and streets;
* ``trades.json``: the gig-work trade taxonomy, its categories and the words
  that could mean more than one trade;
* ``markets.json``: the gig markets and stations the bot points users to, and
  the QR scene ids printed on their posters; each market's opening hours
  are read with ``bot.language.hours.parse_hours`` (words: ``hours.json``).

``ReferenceData.load()`` reads and validates all three files; any problem is
raised as a ``ReferenceDataError`` (a ``ValueError``) naming the file and the
record.  Matching of free text against place and trade words is precompiled
at load time, so the ``match_*`` methods are cheap enough to call on every
message.
"""
from __future__ import annotations

import copy
import functools
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from bot import DATA_DIR
from bot.language.hours import HOURS_FILE, HoursError, HoursGrammar, parse_hours
from bot.language.words import WordsError

__all__ = [
    "AREAS_FILE",
    "MARKETS_FILE",
    "TRADES_FILE",
    "Area",
    "Category",
    "Market",
    "ReferenceData",
    "ReferenceDataError",
    "Town",
    "Trade",
    "haversine_km",
    "normalize_text",
]

AREAS_FILE = "areas.json"
TRADES_FILE = "trades.json"
MARKETS_FILE = "markets.json"

MARKET_KINDS = frozenset({"market", "station"})

#: jieba part-of-speech tags used for the user dictionary.
PLACE_TAG = "ns"
TRADE_TAG = "nz"
#: Frequency given to every user-dictionary word; high enough that jieba
#: keeps the word as one token instead of splitting it into common words.
USER_WORD_FREQ = 3000

#: A rough box around Quanzhou, to catch swapped or mistyped coordinates.
LAT_RANGE = (24.2, 26.0)
LNG_RANGE = (117.3, 119.3)
EARTH_RADIUS_KM = 6371.0088

MAX_SCENE_LENGTH = 64  # WeChat's limit for a QR scene_str

_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_SPACE_RE = re.compile(r"\s+")
_LATIN_RE = re.compile(r"[A-Za-z]")


@functools.lru_cache(maxsize=64)
def _pinyin_re(code: str) -> re.Pattern[str]:
    """An area's pinyin name (its code) as a whole word, its syllables
    maybe apart ("nan an", "Nan'an", "hui-an")."""
    return re.compile(r"(?<![a-z])" + r"['\u2019\- ]?".join(map(re.escape, code)) + r"(?![a-z])")


class ReferenceDataError(ValueError):
    """A reference data file is missing, malformed or inconsistent."""


# ---------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class Town:
    """A town, township or street (zhen, xiang or jiedao) inside an area."""

    name: str
    aliases: tuple[str, ...]
    area: str  # code of the Area it belongs to

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Area:
    """A county-level area (district, county, city or managed zone) of Quanzhou."""

    code: str
    name: str
    aliases: tuple[str, ...]
    lat: float
    lng: float
    towns: tuple[Town, ...]
    en: str = ""  # its English name, shown in English mode

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def label(self, locale: str) -> str:
        """Its name as shown to a user of this locale."""
        return self.en if locale == "en" and self.en else self.name


@dataclass(frozen=True, slots=True)
class Category:
    """A group of trades, e.g. construction."""

    code: str
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class Trade:
    """A gig-work trade (gongzhong)."""

    code: str
    name: str
    category: str  # Category code
    en: str
    synonyms: tuple[str, ...]
    regions: tuple[str, ...] = ()  # codes of areas where the trade is typical
    # Words that name the trade only as a whole answer ("plumbing-electrics"
    # alone; inside a post the same word is "utilities included").
    alone: tuple[str, ...] = ()

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)

    def label(self, locale: str) -> str:
        """Its name as shown to a user of this locale."""
        return self.en if locale == "en" and self.en else self.name


@dataclass(frozen=True, slots=True)
class Market:
    """A gig market or station the bot can point users to."""

    code: str
    name: str
    kind: str  # "market" or "station"
    area: str  # Area code
    address: str
    lat: float
    lng: float
    hours: str
    verified: bool


# ---------------------------------------------------------------------------
# Helpers


def normalize_text(text: str) -> str:
    """Fold text for matching: NFKC (full-width to half-width), no whitespace,
    case-folded."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


V = TypeVar("V")


class _LongestMatcher(Generic[V]):
    """Finds dictionary words in text, longest words first.

    All occurrences are collected, then chosen longest-first (leftmost on a
    tie) so that a short word inside a longer one that was chosen is dropped;
    the result is in order of appearance.  Lookups are by the first character,
    so the cost per message is a few dict lookups per character.
    """

    def __init__(self, words: Mapping[str, V]) -> None:
        self._words = dict(words)
        lengths: dict[str, set[int]] = {}
        for word in self._words:
            lengths.setdefault(word[0], set()).add(len(word))
        self._lengths = {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}

    def find(self, text: str) -> list[V]:
        words = self._words
        size = len(text)
        candidates: list[tuple[int, int]] = []
        for i, ch in enumerate(text):
            for n in self._lengths.get(ch, ()):
                if i + n <= size and text[i : i + n] in words:
                    candidates.append((i, i + n))
        if not candidates:
            return []
        candidates.sort(key=lambda span: (span[0] - span[1], span[0]))
        taken = bytearray(size)
        chosen: list[tuple[int, int]] = []
        for start, end in candidates:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, end))
        chosen.sort()
        return [words[text[start:end]] for start, end in chosen]


@dataclass(frozen=True, slots=True)
class _AmbiguousWord:
    word: str
    trades: tuple[Trade, ...]


class _Record:
    """Typed access to one JSON object; errors name the file and the record."""

    def __init__(self, file: str, where: str, raw: Any) -> None:
        self.file = file
        self.where = where
        if not isinstance(raw, dict):
            raise self.error("must be a JSON object")
        self.raw: dict[str, Any] = raw

    def error(self, message: str) -> ReferenceDataError:
        return ReferenceDataError(f"{self.file}: {self.where}: {message}")

    def text(self, key: str) -> str:
        value = self.raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{key!r} must be a non-empty string")
        return value.strip()

    def code(self, key: str = "code") -> str:
        value = self.text(key)
        if not _CODE_RE.match(value):
            raise self.error(f"{key!r} {value!r} must be a lower-case ASCII slug")
        return value

    def word(self, key: str) -> str:
        """A name that free text is matched against."""
        value = self.text(key)
        if not normalize_text(value):
            raise self.error(f"{key!r} {value!r} has no matchable characters")
        return value

    def words(self, key: str, *, optional: bool = False) -> tuple[str, ...]:
        value = self.raw.get(key)
        if value is None and optional:
            return ()
        if not isinstance(value, list):
            raise self.error(f"{key!r} must be a list of strings")
        out: list[str] = []
        for item in value:
            if not isinstance(item, str) or not normalize_text(item):
                raise self.error(f"{key!r} has an empty or non-string item {item!r}")
            if item.strip() in out:
                raise self.error(f"{key!r} lists {item!r} twice")
            out.append(item.strip())
        return tuple(out)

    def codes(self, key: str, *, optional: bool = False) -> tuple[str, ...]:
        items = self.words(key, optional=optional)
        for item in items:
            if not _CODE_RE.match(item):
                raise self.error(f"{key!r} item {item!r} must be a lower-case ASCII slug")
        return items

    def point(self, key: str) -> tuple[float, float]:
        value = self.raw.get(key)
        if not isinstance(value, dict):
            raise self.error(f"{key!r} must be an object with 'lat' and 'lng'")
        lat, lng = value.get("lat"), value.get("lng")
        for name, number in (("lat", lat), ("lng", lng)):
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                raise self.error(f"{key}.{name} must be a number")
        assert isinstance(lat, (int, float)) and isinstance(lng, (int, float))  # checked above
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LNG_RANGE[0] <= lng <= LNG_RANGE[1]):
            raise self.error(
                f"{key} ({lat}, {lng}) is outside Quanzhou "
                f"(lat {LAT_RANGE}, lng {LNG_RANGE}); are lat and lng swapped?"
            )
        return float(lat), float(lng)

    def flag(self, key: str) -> bool:
        value = self.raw.get(key)
        if not isinstance(value, bool):
            raise self.error(f"{key!r} must be true or false")
        return value

    def records(self, key: str) -> list[Any]:
        value = self.raw.get(key)
        if not isinstance(value, list):
            raise self.error(f"{key!r} must be a list")
        return value


def _no_twice(file: str, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different (JSON itself keeps the
    last of two, silently: a QR scene id written twice would lose a market)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ReferenceDataError(f"{file}: the key {key!r} is written twice in one object")
        out[key] = value
    return out


def _read_json(path: Path) -> _Record:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=functools.partial(_no_twice, path.name))
    except OSError as exc:
        raise ReferenceDataError(f"{path.name}: cannot read {path}: {exc}") from exc
    except ReferenceDataError:
        raise
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise ReferenceDataError(f"{path.name}: invalid JSON: {exc}") from exc
    return _Record(path.name, "top level", raw)


def _unique(file: str, kind: str, items: Iterable[tuple[str, str]]) -> None:
    """items: (key, where); raises on the first key seen twice."""
    seen: dict[str, str] = {}
    for key, where in items:
        if key in seen:
            raise ReferenceDataError(f"{file}: {where}: duplicate {kind} {key!r} (first in {seen[key]})")
        seen[key] = where


# ---------------------------------------------------------------------------
# Parsing


def _parse_areas(top: _Record) -> tuple[Area, ...]:
    areas: list[Area] = []
    for i, raw in enumerate(top.records("areas")):
        rec = _Record(top.file, f"areas[{i}]", raw)
        code = rec.code()
        rec.where = f"areas[{i}] (code {code!r})"
        towns: list[Town] = []
        for j, raw_town in enumerate(rec.records("towns")):
            trec = _Record(top.file, f"{rec.where} towns[{j}]", raw_town)
            name = trec.word("name")
            trec.where = f"{rec.where} town {name!r}"
            towns.append(Town(name=name, aliases=trec.words("aliases", optional=True), area=code))
        lat, lng = rec.point("center")
        areas.append(
            Area(
                code=code,
                name=rec.word("name"),
                aliases=rec.words("aliases", optional=True),
                lat=lat,
                lng=lng,
                towns=tuple(towns),
                en=rec.text("en") if "en" in rec.raw else "",
            )
        )
    _unique(top.file, "area code", ((a.code, f"area {a.name!r}") for a in areas))
    for area in areas:
        _unique(top.file, "town name", ((t.name, f"area {area.code!r} town {t.name!r}") for t in area.towns))
    return tuple(areas)


def _parse_trades(
    top: _Record, area_codes: Iterable[str]
) -> tuple[tuple[Category, ...], tuple[Trade, ...], dict[str, tuple[str, ...]]]:
    categories: list[Category] = []
    for i, raw in enumerate(top.records("categories")):
        rec = _Record(top.file, f"categories[{i}]", raw)
        code = rec.code()
        rec.where = f"categories[{i}] (code {code!r})"
        categories.append(Category(code=code, zh=rec.text("zh"), en=rec.text("en")))
    _unique(top.file, "category code", ((c.code, f"category {c.code!r}") for c in categories))
    category_codes = {c.code for c in categories}
    known_areas = set(area_codes)

    trades: list[Trade] = []
    for i, raw in enumerate(top.records("trades")):
        rec = _Record(top.file, f"trades[{i}]", raw)
        code = rec.code()
        rec.where = f"trades[{i}] (code {code!r})"
        category = rec.code("category")
        if category not in category_codes:
            raise rec.error(f"unknown category {category!r}")
        regions = rec.codes("regions", optional=True)
        for region in regions:
            if region not in known_areas:
                raise rec.error(f"unknown area {region!r} in 'regions' (see {AREAS_FILE})")
        trades.append(
            Trade(
                code=code,
                name=rec.word("name"),
                category=category,
                en=rec.text("en"),
                synonyms=rec.words("synonyms", optional=True),
                regions=regions,
                alone=rec.words("alone", optional=True),
            )
        )
    _unique(top.file, "trade code", ((t.code, f"trade {t.code!r}") for t in trades))
    _unique(top.file, "trade name", ((t.name, f"trade {t.code!r}") for t in trades))

    trade_codes = {t.code for t in trades}
    ambiguous: dict[str, tuple[str, ...]] = {}
    raw_ambiguous = top.raw.get("ambiguous", {})
    if not isinstance(raw_ambiguous, dict):
        raise top.error("'ambiguous' must be an object mapping a word to a list of trade codes")
    for word, codes in raw_ambiguous.items():
        rec = _Record(top.file, f"ambiguous {word!r}", {"word": word, "codes": codes})
        rec.word("word")
        trade_list = rec.codes("codes")
        if len(trade_list) < 2:
            raise rec.error("an ambiguous word must list at least two trades")
        for trade_code in trade_list:
            if trade_code not in trade_codes:
                raise rec.error(f"unknown trade {trade_code!r}")
        ambiguous[word.strip()] = trade_list
    return tuple(categories), tuple(trades), ambiguous


def _parse_markets(top: _Record, area_codes: Iterable[str],
                   hours: HoursGrammar | None = None) -> tuple[tuple[Market, ...], dict[str, str]]:
    known_areas = set(area_codes)
    markets: list[Market] = []
    for i, raw in enumerate(top.records("markets")):
        rec = _Record(top.file, f"markets[{i}]", raw)
        code = rec.code()
        rec.where = f"markets[{i}] (code {code!r})"
        kind = rec.text("kind")
        if kind not in MARKET_KINDS:
            raise rec.error(f"'kind' must be one of {sorted(MARKET_KINDS)}, not {kind!r}")
        area = rec.code("area")
        if area not in known_areas:
            raise rec.error(f"unknown area {area!r} (see {AREAS_FILE})")
        lat, lng = rec.point("location")
        try:
            parse_hours(rec.text("hours"), hours)
        except HoursError as exc:
            raise rec.error(f"'hours' cannot be read: {exc}") from exc
        markets.append(
            Market(
                code=code,
                name=rec.text("name"),
                kind=kind,
                area=area,
                address=rec.text("address"),
                lat=lat,
                lng=lng,
                hours=rec.text("hours"),
                verified=rec.flag("verified"),
            )
        )
    _unique(top.file, "market code", ((m.code, f"market {m.code!r}") for m in markets))
    _unique(top.file, "market name", ((m.name, f"market {m.code!r}") for m in markets))

    market_codes = {m.code for m in markets}
    raw_scenes = top.raw.get("qr_scenes", {})
    if not isinstance(raw_scenes, dict):
        raise top.error("'qr_scenes' must be an object mapping a scene id to a market code")
    scenes: dict[str, str] = {}
    for scene, market in raw_scenes.items():
        where = f"qr_scenes {scene!r}"
        if not scene.strip() or len(scene) > MAX_SCENE_LENGTH or scene != scene.strip():
            raise ReferenceDataError(
                f"{top.file}: {where}: a scene id must be 1-{MAX_SCENE_LENGTH} characters without spaces"
            )
        if market not in market_codes:
            raise ReferenceDataError(f"{top.file}: {where}: unknown market {market!r}")
        scenes[scene] = market
    return tuple(markets), scenes


def parse_markets(doc: Any, area_codes: Iterable[str], file: str = MARKETS_FILE) -> tuple[tuple[Market, ...],
                                                                                        dict[str, str]]:
    """A markets document (as in markets.json: "markets" and "qr_scenes"),
    validated as at start: a ReferenceDataError names the record at fault."""
    return _parse_markets(_Record(file, "top level", doc), area_codes)


# ---------------------------------------------------------------------------
# The reference data


class ReferenceData:
    """Areas, towns, trades and markets, with fast lookups and text matching.

    Build it with ``ReferenceData.load()``; the constructor takes already
    parsed records and checks the word indexes for collisions.
    """

    def __init__(
        self,
        *,
        areas: Iterable[Area],
        categories: Iterable[Category],
        trades: Iterable[Trade],
        ambiguous: Mapping[str, Iterable[str]],
        markets: Iterable[Market],
        qr_scenes: Mapping[str, str],
    ) -> None:
        self._areas = tuple(areas)
        self._categories = tuple(categories)
        self._trades = tuple(trades)
        self._markets = tuple(markets)
        self._area_by_code = {a.code: a for a in self._areas}
        self._category_by_code = {c.code: c for c in self._categories}
        self._trade_by_code = {t.code: t for t in self._trades}
        self._market_by_code = {m.code: m for m in self._markets}
        self._scenes = {scene: self._market_by_code[code] for scene, code in qr_scenes.items()}
        self._ambiguous = {
            word: tuple(self._trade_by_code[code] for code in codes) for word, codes in ambiguous.items()
        }
        self._trades_by_category: dict[str, tuple[Trade, ...]] = {
            c.code: tuple(t for t in self._trades if t.category == c.code) for c in self._categories
        }
        self._markets_by_area: dict[str, tuple[Market, ...]] = {
            a.code: tuple(m for m in self._markets if m.area == a.code) for a in self._areas
        }
        self._place_words = self._index_places()
        self._trade_words = self._index_trades()
        self._place_matcher = _LongestMatcher(self._place_words)
        self._trade_matcher = _LongestMatcher(self._trade_words)
        self._trade_alone: dict[str, Trade] = {}
        for trade in self._trades:
            for word in trade.alone:
                key = normalize_text(word)
                if key in self._trade_words or key in self._trade_alone:
                    raise ReferenceDataError(f"{TRADES_FILE}: {word!r} of trade {trade.code!r} 'alone' is a word "
                                             "of a trade already (or listed twice)")
                self._trade_alone[key] = trade

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> ReferenceData:
        """Read and validate areas.json, trades.json and markets.json (each
        market's opening hours read with hours.json, the shipped one when
        the folder has none)."""
        data_dir = Path(data_dir)
        try:
            hours = HoursGrammar.load(data_dir) if (data_dir / HOURS_FILE).exists() else None
        except (WordsError, HoursError) as exc:
            raise ReferenceDataError(f"{HOURS_FILE}: {exc}") from exc
        areas = _parse_areas(_read_json(data_dir / AREAS_FILE))
        area_codes = [a.code for a in areas]
        categories, trades, ambiguous = _parse_trades(_read_json(data_dir / TRADES_FILE), area_codes)
        markets, scenes = _parse_markets(_read_json(data_dir / MARKETS_FILE), area_codes, hours)
        return cls(
            areas=areas,
            categories=categories,
            trades=trades,
            ambiguous=ambiguous,
            markets=markets,
            qr_scenes=scenes,
        )

    def with_markets(self, markets: Iterable[Market], qr_scenes: Mapping[str, str],
                     retired: Iterable[Market] = ()) -> ReferenceData:
        """The same areas and trades (their indexes shared, not rebuilt) with
        another set of markets: the ones staff keep in the database.
        `retired` markets are no longer offered, but a booking or ticket that
        names one still finds it by code."""
        other = copy.copy(self)
        other._markets = tuple(markets)
        other._market_by_code = {**{m.code: m for m in retired}, **{m.code: m for m in other._markets}}
        other._scenes = {scene: other._market_by_code[code] for scene, code in qr_scenes.items()}
        other._markets_by_area = {
            a.code: tuple(m for m in other._markets if m.area == a.code) for a in self._areas
        }
        return other

    # -- indexes ----------------------------------------------------------

    def _index_places(self) -> dict[str, Area | tuple[tuple[Town, Area], ...]]:
        """word -> the Area it names, or the towns it names (a town name can
        exist in more than one area)."""
        area_words: dict[str, Area] = {}
        for area in self._areas:
            for word in area.words:
                key = normalize_text(word)
                other = area_words.get(key)
                if other is not None and other is not area:
                    raise ReferenceDataError(
                        f"{AREAS_FILE}: area {area.code!r}: {word!r} also names area {other.code!r}"
                    )
                area_words[key] = area
        town_words: dict[str, list[tuple[Town, Area]]] = {}
        for area in self._areas:
            for town in area.towns:
                for word in town.words:
                    key = normalize_text(word)
                    if key in area_words:
                        raise ReferenceDataError(
                            f"{AREAS_FILE}: area {area.code!r} town {town.name!r}: "
                            f"{word!r} also names area {area_words[key].code!r}"
                        )
                    hits = town_words.setdefault(key, [])
                    for other_town, other_area in hits:
                        if other_area is area and other_town is not town:
                            raise ReferenceDataError(
                                f"{AREAS_FILE}: area {area.code!r} town {town.name!r}: "
                                f"{word!r} also names town {other_town.name!r} of the same area"
                            )
                    if (town, area) not in hits:
                        hits.append((town, area))
        index: dict[str, Area | tuple[tuple[Town, Area], ...]] = dict(area_words)
        index.update((word, tuple(hits)) for word, hits in town_words.items())
        return index

    def _index_trades(self) -> dict[str, Trade | _AmbiguousWord]:
        """word -> its Trade, or an ambiguous word with its candidate trades."""
        index: dict[str, Trade | _AmbiguousWord] = {}
        for trade in self._trades:
            for word in trade.words:
                key = normalize_text(word)
                other = index.get(key)
                if isinstance(other, Trade) and other is not trade:
                    raise ReferenceDataError(
                        f"{TRADES_FILE}: trade {trade.code!r}: {word!r} is also a word of trade "
                        f"{other.code!r}; list it under 'ambiguous' instead"
                    )
                index[key] = trade
        for word, candidates in self._ambiguous.items():
            key = normalize_text(word)
            other = index.get(key)
            if isinstance(other, Trade):
                raise ReferenceDataError(
                    f"{TRADES_FILE}: ambiguous {word!r} is also a word of trade {other.code!r}"
                )
            if other is not None:
                raise ReferenceDataError(f"{TRADES_FILE}: ambiguous {word!r} is listed twice")
            index[key] = _AmbiguousWord(word, candidates)
        return index

    # -- collections ------------------------------------------------------

    @property
    def areas(self) -> tuple[Area, ...]:
        return self._areas

    @property
    def categories(self) -> tuple[Category, ...]:
        return self._categories

    @property
    def trades(self) -> tuple[Trade, ...]:
        return self._trades

    @property
    def markets(self) -> tuple[Market, ...]:
        return self._markets

    @property
    def qr_scenes(self) -> Mapping[str, Market]:
        return dict(self._scenes)

    @property
    def ambiguous_words(self) -> Mapping[str, tuple[Trade, ...]]:
        return dict(self._ambiguous)

    # -- lookups (None when unknown) ---------------------------------------

    def area_by_code(self, code: str) -> Area | None:
        return self._area_by_code.get(code)

    def category_by_code(self, code: str) -> Category | None:
        return self._category_by_code.get(code)

    def trade_by_code(self, code: str) -> Trade | None:
        return self._trade_by_code.get(code)

    def market_by_code(self, code: str) -> Market | None:
        return self._market_by_code.get(code)

    def market_for_scene(self, scene_id: str | int) -> Market | None:
        """The market whose poster QR code carries this scene id (WeChat sends
        it as "123", or "qrscene_123" in a subscribe event)."""
        scene = str(scene_id).strip()
        if scene.startswith("qrscene_"):
            scene = scene[len("qrscene_") :]
        return self._scenes.get(scene)

    def trades_in_category(self, code: str) -> tuple[Trade, ...]:
        return self._trades_by_category.get(code, ())

    def markets_in_area(self, code: str) -> tuple[Market, ...]:
        return self._markets_by_area.get(code, ())

    # -- text matching -----------------------------------------------------

    def match_areas(self, text: str) -> list[Area]:
        """Areas named in free text (by name or alias, or by its pinyin
        name as English speakers write it: "Fengze", "Nan'an", "hui an"),
        in order of appearance, without duplicates.  A town name does not
        count."""
        out: list[Area] = []
        for hit in self._place_matcher.find(normalize_text(text)):
            if isinstance(hit, Area) and hit not in out:
                out.append(hit)
        if _LATIN_RE.search(text):
            latin = unicodedata.normalize("NFKC", text).casefold()
            found = sorted((m.start(), i) for i, a in enumerate(self.areas) for m in _pinyin_re(a.code).finditer(latin))
            out += [a for a in dict.fromkeys(self.areas[i] for _, i in found) if a not in out]
        return out

    def match_towns(self, text: str) -> list[tuple[Town, Area]]:
        """Towns named in free text, each with its area, in order of
        appearance, without duplicates.  A name shared by towns of several
        areas yields those in the areas the text also names, or else all of
        them, in file order."""
        hits = self._place_matcher.find(normalize_text(text))
        named_areas = {hit.code for hit in hits if isinstance(hit, Area)}
        out: list[tuple[Town, Area]] = []
        for hit in hits:
            if isinstance(hit, tuple):
                pairs = hit
                if len(pairs) > 1:
                    pairs = tuple(p for p in pairs if p[1].code in named_areas) or pairs
                out.extend(pair for pair in pairs if pair not in out)
        return out

    def match_trades(self, text: str) -> list[Trade]:
        """Trades named in free text (by name or synonym), longest words
        first, in order of appearance, without duplicates; or, for a text
        that is one of a trade's `alone` words and nothing else, that trade.
        Ambiguous words are skipped (see ``match_ambiguous_trades``)."""
        folded = normalize_text(text)
        out: list[Trade] = []
        for hit in self._trade_matcher.find(folded):
            if isinstance(hit, Trade) and hit not in out:
                out.append(hit)
        if not out and self._trade_alone:
            # A word that names a trade only said alone (punctuation aside).
            alone = self._trade_alone.get("".join(c for c in folded if not unicodedata.category(c).startswith("P")))
            if alone is not None:
                out.append(alone)
        return out

    def match_ambiguous_trades(self, text: str) -> list[tuple[str, tuple[Trade, ...]]]:
        """Ambiguous trade words found in free text (those not inside a longer
        trade word), each with the trades it could mean."""
        out: list[tuple[str, tuple[Trade, ...]]] = []
        for hit in self._trade_matcher.find(normalize_text(text)):
            if isinstance(hit, _AmbiguousWord):
                item = (hit.word, hit.trades)
                if item not in out:
                    out.append(item)
        return out

    # -- geography ---------------------------------------------------------

    def nearest_markets(self, lat: float, lng: float, limit: int = 3) -> list[tuple[Market, float]]:
        """The ``limit`` markets nearest to a point, with their great-circle
        distance in km, nearest first."""
        if limit <= 0:
            return []
        ranked = sorted(
            ((m, haversine_km(lat, lng, m.lat, m.lng)) for m in self._markets),
            key=lambda pair: (pair[1], pair[0].code),
        )
        return ranked[:limit]

    # -- tokenizer support -------------------------------------------------

    def user_dictionary_words(self) -> list[tuple[str, int, str]]:
        """(word, frequency, POS tag) for every place and trade word, for
        ``jieba.Tokenizer.add_word(word, freq, tag)``; places are tagged
        "ns", trades (and ambiguous trade words) "nz"."""
        out: list[tuple[str, int, str]] = []
        seen: set[str] = set()

        def add(words: Iterable[str], tag: str) -> None:
            for word in words:
                if word not in seen and " " not in word:  # a token never holds a space ("kitchen helper")
                    seen.add(word)
                    out.append((word, USER_WORD_FREQ, tag))

        for area in self._areas:
            add(area.words, PLACE_TAG)
            for town in area.towns:
                add(town.words, PLACE_TAG)
        for trade in self._trades:
            add(trade.words, TRADE_TAG)
        add(self._ambiguous, TRADE_TAG)
        return out
