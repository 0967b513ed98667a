"""Tests for bot.language.query: a worker's search request (typed or voice
text) into search filters.

The Chinese inputs live in tests/unit/data/query_cases.json: each case is
[text, the filters describe() must give exactly].
"""
from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from bot import DATA_DIR
from bot.language import parsing
from bot.language.query import QUERY_FILE, SearchQuery, describe, is_vague, parse_query
from bot.refdata import ReferenceData

DATA = Path(__file__).parent / "data"
CASES = json.loads((DATA / "query_cases.json").read_text(encoding="utf-8"))
TODAY = date.fromisoformat(CASES["today"])
MIN_CASES = 45

#: Filters that make a search on their own (see is_vague).
SEARCHABLE = {"trades", "areas", "near", "date_from", "date_to", "pay_min", "pay_method", "welfare", "meals", "lodging"}
FIELDS = {f.name for f in dataclasses.fields(SearchQuery)}


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return ReferenceData.load()


def _ids(texts, width: int = 20):
    return [f"{i:02d}-{t[:width]}" for i, t in enumerate(texts)]


@pytest.mark.parametrize("case", CASES["cases"], ids=_ids([c[0] for c in CASES["cases"]]))
def test_query(case, ref):
    text, expected = case
    q = parse_query(text, ref, TODAY)
    assert describe(q) == expected
    assert is_vague(q) == (not SEARCHABLE & set(expected))


def test_enough_realistic_cases():
    cases = CASES["cases"]
    assert len(cases) >= MIN_CASES
    assert len({text for text, _ in cases}) == len(cases), "a case is listed twice"
    vague = [text for text, expected in cases if not SEARCHABLE & set(expected)]
    assert len(vague) >= 5, "a few vague requests"


def test_cases_use_known_codes_and_fields(ref):
    for text, expected in CASES["cases"]:
        assert set(expected) <= FIELDS, text
        for code in expected.get("trades", []):
            assert ref.trade_by_code(code) is not None, (text, code)
        for code in expected.get("areas", []):
            assert ref.area_by_code(code) is not None, (text, code)
        if "pay_method" in expected:
            assert expected["pay_method"] in parsing.PAY_METHODS, text
        if "pay_unit" in expected:
            assert expected["pay_unit"] in parsing.PAY_UNITS, text
        assert ("date_from" in expected) == ("date_to" in expected), text
        assert ("pay_min" in expected) == ("pay_unit" in expected), text


@pytest.mark.parametrize("text", CASES["work_words"], ids=_ids(CASES["work_words"]))
def test_words_for_work_are_never_trades(text, ref):
    q = parse_query(text, ref, TODAY)
    assert q.trades == ()
    assert is_vague(q), describe(q)


@pytest.mark.parametrize("text", CASES["pay_words"], ids=_ids(CASES["pay_words"]))
def test_pay_words_do_not_make_dates(text, ref):
    q = parse_query(text, ref, TODAY)
    assert q.date_from is None and q.date_to is None, describe(q)


def test_empty_text_is_an_empty_vague_query(ref):
    for text in ("", "   ", "\u3002", "??"):
        q = parse_query(text, ref, TODAY)
        assert q == SearchQuery()
        assert is_vague(q)
        assert describe(q) == {}


def test_weekend_on_a_saturday_and_a_sunday(ref):
    # the first case that reads as this coming weekend
    weekend = next(text for text, expected in CASES["cases"]
                   if (expected.get("date_from"), expected.get("date_to")) == ("2026-11-28", "2026-11-29"))
    saturday, sunday = date(2026, 11, 28), date(2026, 11, 29)
    q = parse_query(weekend, ref, saturday)
    assert (q.date_from, q.date_to) == (saturday, sunday)
    q = parse_query(weekend, ref, sunday)
    assert (q.date_from, q.date_to) == (sunday, sunday)


def test_the_query_is_frozen_and_describe_is_plain_data(ref):
    q = parse_query(CASES["cases"][0][0], ref, TODAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.near = True  # type: ignore[misc]
    full = SearchQuery(trades=("porter",), areas=("fengze",), near=True, date_from=TODAY, date_to=TODAY,
                       pay_method="daily", pay_min=200, pay_unit="day", welfare=True, long_term=True,
                       words=("x1",))
    out = describe(full)
    assert out == json.loads(json.dumps(out))
    assert out["date_from"] == TODAY.isoformat()
    assert out["trades"] == ["porter"]
    assert not is_vague(full)
    assert is_vague(SearchQuery(long_term=True, words=("x1",)))


def test_data_file_is_valid_json_with_its_sections():
    data = json.loads((DATA_DIR / QUERY_FILE).read_text(encoding="utf-8"))
    for key in ("typos", "near", "welfare", "long_term", "dates", "pay", "pay_method", "trades",
                "certificates", "words", "english"):
        assert key in data, key


@pytest.mark.parametrize("text,left", [
    ("泉州哪里都行", {"place"}), ("哪都可以", {"place"}), ("什么活都行", {"work"}), ("随便", {"place", "work"}),
    ("都行", {"place", "work"}), ("每天都行", {"day"}), ("随便哪天", {"day"}), ("哪天都行 哪里都行", {"day", "place"}), ("丰泽的搬运", set()), ("anywhere", {"place"}),
])
def test_what_a_worker_leaves_open(text, left, ref):
    from bot.language.query import left_open

    assert left_open(text) == left
