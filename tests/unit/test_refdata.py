"""Tests for bot.refdata: the reference data files and their loader.

Chinese test inputs live in tests/unit/data/refdata_cases.json.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bot import DATA_DIR
from bot.refdata import (
    AREAS_FILE,
    MARKETS_FILE,
    TRADES_FILE,
    Area,
    Market,
    ReferenceData,
    ReferenceDataError,
    Town,
    Trade,
    haversine_km,
)
from bot.language.hours import parse_hours

CASES = json.loads((Path(__file__).parent / "data" / "refdata_cases.json").read_text(encoding="utf-8"))
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

AREA_CODES = [
    "licheng", "fengze", "luojiang", "quangang", "shishi", "jinjiang", "nanan",
    "huian", "anxi", "yongchun", "dehua", "taishang", "kaifaqu",
]


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return ReferenceData.load()


@pytest.fixture(scope="module")
def tokenizer(ref: ReferenceData):
    jieba = pytest.importorskip("jieba")
    tok = jieba.Tokenizer()
    tok.initialize()
    for word, freq, tag in ref.user_dictionary_words():
        tok.add_word(word, freq, tag)
    return tok


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, change) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")


# --- the data files --------------------------------------------------------


def test_thirteen_areas(ref: ReferenceData) -> None:
    assert [a.code for a in ref.areas] == AREA_CODES
    for area in ref.areas:
        assert isinstance(area, Area)
        assert ref.area_by_code(area.code) is area
        assert 24.4 < area.lat < 25.8 and 117.8 < area.lng < 119.1
        for town in area.towns:
            assert isinstance(town, Town) and town.area == area.code


def test_towns_per_area(ref: ReferenceData) -> None:
    for area in ref.areas:
        if area.code == "kaifaqu":
            continue  # a managed zone: no towns of its own
        minimum = 4 if area.code == "taishang" else 5
        assert len(area.towns) >= minimum, area.code


def test_trade_count_and_categories(ref: ReferenceData) -> None:
    assert len(ref.trades) >= 130
    codes = {c.code for c in ref.categories}
    used = {t.category for t in ref.trades}
    assert used <= codes
    assert all(ref.trades_in_category(c) for c in codes), "every category has trades"
    assert len({t.code for t in ref.trades}) == len(ref.trades)
    for trade in ref.trades:
        assert isinstance(trade, Trade)
        assert trade.en and trade.en.isascii()
        assert ref.trade_by_code(trade.code) is trade
        assert set(trade.regions) <= set(AREA_CODES)


def test_every_trade_word_names_its_own_trade(ref: ReferenceData) -> None:
    for trade in ref.trades:
        for word in trade.words:
            assert ref.match_trades(word) == [trade], (trade.code, word)


def test_markets(ref: ReferenceData) -> None:
    assert 13 <= len(ref.markets) <= 20
    assert {m.kind for m in ref.markets} == {"market", "station"}
    assert len({m.area for m in ref.markets}) >= 4
    raw = json.loads((DATA_DIR / MARKETS_FILE).read_text(encoding="utf-8"))
    assert raw["note"] and "phone" not in json.dumps(raw)
    for market in ref.markets:
        assert isinstance(market, Market)
        assert market.verified is False
        assert ref.area_by_code(market.area) is not None
        assert re.fullmatch(CASES["market_name_pattern"], market.name), market.name
        assert ref.area_by_code(market.area).name in market.name
        assert ref.market_by_code(market.code) is market
        assert market in ref.markets_in_area(market.area)
    scenes = ref.qr_scenes
    assert sorted(m.code for m in scenes.values()) == sorted(m.code for m in ref.markets)
    for scene, market in scenes.items():
        assert scene.isdigit()
        assert ref.market_for_scene(scene) is market
        assert ref.market_for_scene(int(scene)) is market
        assert ref.market_for_scene("qrscene_" + scene) is market
    assert ref.market_for_scene("999999") is None


def test_every_area_has_a_market_or_station_marked_for_staff_to_check(ref: ReferenceData) -> None:
    assert sorted(a.code for a in ref.areas if ref.markets_in_area(a.code)) == sorted(AREA_CODES)
    raw = {m["code"]: m for m in json.loads((DATA_DIR / MARKETS_FILE).read_text(encoding="utf-8"))["markets"]}
    for market in ref.markets:
        assert market.verified is False
        unknown = CASES["to_be_checked"] in market.address or CASES["to_be_checked"] in market.hours
        if unknown:    # what is not known is said so in the record, for staff
            assert CASES["check"] in raw[market.code]["note"], market.code
            if market.hours == CASES["to_be_checked"]:
                assert parse_hours(market.hours).known is False


def test_every_market_s_hours_are_read(ref: ReferenceData) -> None:
    read = {m.code: parse_hours(m.hours) for m in ref.markets}
    assert read["fengze_market"].on(1) == ((7 * 60, 12 * 60),) and read["fengze_market"].on(7) == ()
    assert read["fengze_donghai"].on(5) == ((8 * 60, 11 * 60 + 30), (14 * 60 + 30, 17 * 60 + 30))
    assert sum(h.known for h in read.values()) >= 8


def test_qr_scene_ids_are_unique_one_per_market(ref: ReferenceData) -> None:
    text = (DATA_DIR / MARKETS_FILE).read_text(encoding="utf-8")
    pairs = json.loads(text, object_pairs_hook=lambda kv: kv)
    scenes = dict(pairs)["qr_scenes"]
    assert len({k for k, _ in scenes}) == len(scenes), "a scene id written twice"
    assert len({v for _, v in scenes}) == len(scenes) == len(ref.markets), "one poster code per market"


def test_a_scene_id_written_twice_stops_the_start(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    path = data / MARKETS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace('"102": "fengze_donghai"', '"101": "fengze_donghai"'),
                    encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"markets.json: the key '101' is written twice"):
        ReferenceData.load(data)


@pytest.mark.parametrize("hours", CASES["unreadable_hours"])
def test_a_market_whose_hours_cannot_be_read_stops_the_start_naming_it(tmp_path: Path, hours: str) -> None:
    data = _copy_data(tmp_path)
    _edit(data / MARKETS_FILE, lambda doc: doc["markets"][1].update(hours=hours))
    with pytest.raises(ReferenceDataError, match=r"markets\[1\] \(code 'fengze_donghai'\): 'hours' cannot be read"):
        ReferenceData.load(data)


def test_unknown_codes(ref: ReferenceData) -> None:
    assert ref.area_by_code("nowhere") is None
    assert ref.trade_by_code("astronaut") is None
    assert ref.market_by_code("nope") is None
    assert ref.category_by_code("nope") is None


# --- matching --------------------------------------------------------------


@pytest.mark.parametrize("case", CASES["trade_cases"], ids=lambda c: c["text"])
def test_match_trades(ref: ReferenceData, case: dict) -> None:
    assert [t.code for t in ref.match_trades(case["text"])] == case["trades"]


def test_enough_trade_cases() -> None:
    assert sum(1 for c in CASES["trade_cases"] if c["trades"]) >= 20


@pytest.mark.parametrize("case", CASES["ambiguous_cases"], ids=lambda c: c["text"])
def test_match_ambiguous_trades(ref: ReferenceData, case: dict) -> None:
    found = ref.match_ambiguous_trades(case["text"])
    assert [(w, [t.code for t in ts]) for w, ts in found] == [(case["word"], case["trades"])]
    assert ref.match_trades(case["text"]) == []


@pytest.mark.parametrize("case", CASES["place_cases"], ids=lambda c: c["text"])
def test_match_places(ref: ReferenceData, case: dict) -> None:
    assert [a.code for a in ref.match_areas(case["text"])] == case["areas"]
    assert [[t.name, a.code] for t, a in ref.match_towns(case["text"])] == case["towns"]


def test_every_place_word_names_its_place(ref: ReferenceData) -> None:
    for area in ref.areas:
        for word in area.words:
            assert ref.match_areas(word) == [area], word
        for town in area.towns:
            for word in town.words:
                assert (town, area) in ref.match_towns(word), word
                assert ref.match_areas(word) == []


def test_matching_is_fast(ref: ReferenceData) -> None:
    import time

    text = CASES["trade_cases"][2]["text"] * 20
    start = time.perf_counter()
    for _ in range(200):
        ref.match_trades(text)
        ref.match_areas(text)
        ref.match_towns(text)
    per_call_ms = (time.perf_counter() - start) / 600 * 1000
    assert per_call_ms < 5, per_call_ms


# --- geography -------------------------------------------------------------


def test_haversine() -> None:
    assert haversine_km(24.9, 118.6, 24.9, 118.6) == 0
    # one degree of latitude is about 111 km
    assert 110 < haversine_km(24.0, 118.6, 25.0, 118.6) < 112


@pytest.mark.parametrize("case", CASES["nearest_cases"], ids=lambda c: c["area"])
def test_nearest_market(ref: ReferenceData, case: dict) -> None:
    nearest = ref.nearest_markets(case["lat"], case["lng"])
    assert len(nearest) == 3
    market, km = nearest[0]
    assert market.area == case["area"]
    assert km < 5
    distances = [d for _, d in nearest]
    assert distances == sorted(distances)


def test_nearest_markets_limit(ref: ReferenceData) -> None:
    assert len(ref.nearest_markets(24.9, 118.6, limit=1)) == 1
    assert len(ref.nearest_markets(24.9, 118.6, limit=100)) == len(ref.markets)
    assert ref.nearest_markets(24.9, 118.6, limit=0) == []


# --- jieba user dictionary -------------------------------------------------


def test_user_dictionary_words(ref: ReferenceData) -> None:
    words = ref.user_dictionary_words()
    plain = [w for w, _, _ in words]
    assert len(plain) == len(set(plain))
    tags = {w: tag for w, _, tag in words}
    assert tags[ref.area_by_code("taishang").name] == "ns"
    assert tags[ref.trade_by_code("forklift_driver").name] == "nz"
    assert all(freq >= 2000 for _, freq, _ in words)
    for trade in ref.trades:
        # A word of several English words ("kitchen helper") is never one token: not in the dictionary.
        assert {w for w in trade.words if " " not in w} <= set(plain)
    assert "kitchen helper" in ref.trade_by_code("kitchen_helper").words and "kitchen helper" not in plain


def test_jieba_keeps_every_word_whole(ref: ReferenceData, tokenizer) -> None:
    split = [w for w, _, _ in ref.user_dictionary_words() if tokenizer.lcut(w) != [w]]
    assert split == []


@pytest.mark.parametrize("case", CASES["jieba_cases"], ids=lambda c: c["text"])
def test_jieba_in_sentences(tokenizer, case: dict) -> None:
    tokens = tokenizer.lcut(case["text"])
    for word in case["tokens"]:
        assert word in tokens, tokens


# --- validation ------------------------------------------------------------


def test_duplicate_trade_code(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)

    def duplicate(doc):
        copy = dict(doc["trades"][0], name=doc["trades"][0]["name"] + "X", synonyms=[])
        doc["trades"].append(copy)

    _edit(data / TRADES_FILE, duplicate)
    code = json.loads((data / TRADES_FILE).read_text(encoding="utf-8"))["trades"][0]["code"]
    with pytest.raises(ValueError, match=rf"{re.escape(TRADES_FILE)}.*duplicate trade code '{code}'"):
        ReferenceData.load(data)


def test_synonym_of_two_trades(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _edit(data / TRADES_FILE, lambda doc: doc["trades"][1]["synonyms"].append(doc["trades"][0]["synonyms"][0]))
    with pytest.raises(ReferenceDataError, match=rf"{re.escape(TRADES_FILE)}.*also a word of trade"):
        ReferenceData.load(data)


def test_ambiguous_word_that_is_a_synonym(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)

    def clash(doc):
        first, second = doc["trades"][0], doc["trades"][1]
        doc["ambiguous"][first["synonyms"][0]] = [first["code"], second["code"]]

    _edit(data / TRADES_FILE, clash)
    with pytest.raises(ReferenceDataError, match=r"ambiguous .* also a word of trade"):
        ReferenceData.load(data)


def test_an_alone_word_that_is_a_trade_word_already(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _edit(data / TRADES_FILE, lambda doc: doc["trades"][1].setdefault("alone", []).append(doc["trades"][0]["name"]))
    with pytest.raises(ReferenceDataError, match=rf"{re.escape(TRADES_FILE)}.*'alone' is a word of a trade"):
        ReferenceData.load(data)


def test_unknown_category(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _edit(data / TRADES_FILE, lambda doc: doc["trades"][5].update(category="astrology"))
    with pytest.raises(ReferenceDataError, match=r"trades\[5\].*unknown category 'astrology'"):
        ReferenceData.load(data)


def test_market_in_unknown_area(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _edit(data / MARKETS_FILE, lambda doc: doc["markets"][2].update(area="atlantis"))
    with pytest.raises(ReferenceDataError, match=rf"{re.escape(MARKETS_FILE)}: markets\[2\].*unknown area"):
        ReferenceData.load(data)


def test_scene_for_unknown_market(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _edit(data / MARKETS_FILE, lambda doc: doc["qr_scenes"].update({"999": "nope"}))
    with pytest.raises(ReferenceDataError, match=r"qr_scenes '999'.*unknown market"):
        ReferenceData.load(data)


def test_swapped_coordinates(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)

    def swap(doc):
        center = doc["areas"][0]["center"]
        center["lat"], center["lng"] = center["lng"], center["lat"]

    _edit(data / AREAS_FILE, swap)
    with pytest.raises(ReferenceDataError, match=rf"{re.escape(AREAS_FILE)}: areas\[0\].*swapped"):
        ReferenceData.load(data)


def test_town_alias_naming_an_area(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _edit(data / AREAS_FILE, lambda doc: doc["areas"][1]["towns"][0]["aliases"].append(doc["areas"][1]["aliases"][0]))
    with pytest.raises(ReferenceDataError, match=r"also names area 'fengze'"):
        ReferenceData.load(data)


def test_invalid_json(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    (data / MARKETS_FILE).write_text("{ not json", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=rf"{re.escape(MARKETS_FILE)}: invalid JSON"):
        ReferenceData.load(data)


def test_missing_file(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    (data / AREAS_FILE).unlink()
    with pytest.raises(ReferenceDataError, match=re.escape(AREAS_FILE)):
        ReferenceData.load(data)


def test_no_chinese_in_python_sources() -> None:
    for path in (Path(__file__), DATA_DIR.parent / "refdata.py"):
        assert not CJK.search(path.read_text(encoding="utf-8")), path
