"""Tests for bot.language.parsing: free text and voice text into job-post and
worker fields.

The Chinese inputs live in tests/unit/data/parsing_cases.json (one list per
function) and tests/unit/data/post_cases.json (whole one-message posts).
"""
from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import pytest

from bot import DATA_DIR
from bot.language import parsing
from bot.language.parsing import Pay, PostFields
from bot.refdata import ReferenceData

DATA = Path(__file__).parent / "data"
CASES = json.loads((DATA / "parsing_cases.json").read_text(encoding="utf-8"))
POSTS = json.loads((DATA / "post_cases.json").read_text(encoding="utf-8"))
TODAY = date.fromisoformat(CASES["today"])
POST_TODAY = date.fromisoformat(POSTS["today"])


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return ReferenceData.load()


def _ids(cases, width: int = 24):
    return [str(c[0])[:width] if isinstance(c, list) else str(c)[:width] for c in cases]


def _cases(name: str):
    cases = CASES[name]
    return pytest.mark.parametrize("case", cases, ids=_ids(cases))


def _pay(value):
    return None if value is None else Pay(*value)


# ---------------------------------------------------------------------------
# Numbers


@_cases("chinese_number")
def test_chinese_number(case):
    text, expected = case
    assert parsing.chinese_number(text) == expected


@_cases("arabic_numerals")
def test_arabic_numerals_only_in_a_numeric_context(case):
    text, expected = case
    assert parsing.arabic_numerals(text) == expected


@_cases("no_numbers")
def test_words_with_numeral_characters_make_no_numbers(case):
    """Everyday words built on numeral characters (always, together, surely,
    a moment, usually ...) never become numbers."""
    out = parsing.arabic_numerals(case)
    assert not re.search(r"[0-9]", out), out
    assert parsing.parse_headcount(case) is None
    assert parsing.parse_pay(case) is None
    assert parsing.parse_days(case) is None


# ---------------------------------------------------------------------------
# Contact details and identity


@_cases("parse_mobile")
def test_parse_mobile(case):
    text, expected = case
    assert parsing.parse_mobile(text) == expected


@_cases("valid_credit_code")
def test_valid_credit_code(case):
    code, expected = case
    assert parsing.valid_credit_code(code) is expected


def test_credit_code_check_character_is_verified_on_every_position():
    """Changing any one character of a valid code breaks it."""
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    valid = [c for c, ok in CASES["valid_credit_code"] if ok and len(c) == 18 and set(c) <= set(charset)]
    assert len(valid) >= 4
    for code in valid:
        for i in range(18):
            other = charset[(charset.index(code[i]) + 1) % 31]
            mutated = code[:i] + other + code[i + 1:]
            assert not parsing.valid_credit_code(mutated), (code, mutated)


@_cases("parse_name")
def test_parse_name(case):
    text, expected = case
    if isinstance(text, dict):  # {"repeat": "x", "times": 500}
        text = text["repeat"] * text["times"]
    assert parsing.parse_name(text) == expected


@_cases("parse_contact_name")
def test_parse_contact_name(case):
    text, expected = case
    assert parsing.parse_contact_name(text) == expected


@_cases("parse_birth_year")
def test_parse_birth_year(case):
    text, expected = case
    assert parsing.parse_birth_year(text, TODAY) == expected


def test_age_from():
    assert parsing.age_from(1978, TODAY) == 48
    assert parsing.age_from(TODAY.year - 16, TODAY) == 16


@_cases("stated_age")
def test_stated_age_tells_the_caller_why_a_birth_year_was_refused(case):
    text, expected = case
    assert parsing.stated_age(text, TODAY) == expected


# ---------------------------------------------------------------------------
# Pay, dates, hours, headcount


@_cases("parse_pay")
def test_parse_pay(case):
    text, expected = case
    assert parsing.parse_pay(text) == _pay(expected)


def test_pay_is_frozen_and_units_are_known():
    pay = Pay(150, 200, "day")
    with pytest.raises(dataclasses.FrozenInstanceError):
        pay.min = 1  # type: ignore[misc]
    units = {case[1][2] for case in CASES["parse_pay"] if case[1]}
    assert units <= {*parsing.PAY_UNITS, ""}


@_cases("parse_pay_method")
def test_parse_pay_method(case):
    text, expected = case
    assert parsing.parse_pay_method(text) == expected
    assert expected is None or expected in parsing.PAY_METHODS


@_cases("parse_date")
def test_parse_date(case):
    text, expected = case
    found = parsing.parse_date(text, TODAY)
    assert (found.isoformat() if found else None) == expected


@_cases("parse_days")
def test_parse_days(case):
    text, expected = case
    assert parsing.parse_days(text) == expected


@_cases("parse_time_range")
def test_parse_time_range(case):
    text, expected = case
    assert parsing.parse_time_range(text) == (tuple(expected) if expected else None)


@_cases("parse_headcount")
def test_parse_headcount(case):
    text, expected = case
    assert parsing.parse_headcount(text) == expected


@_cases("parse_meals_lodging")
def test_parse_meals_lodging(case):
    text, expected = case
    assert parsing.parse_meals_lodging(text) == tuple(expected)


@_cases("parse_skills")
def test_parse_skills(case):
    text, expected = case
    assert parsing.parse_skills(text) == expected


@_cases("parse_address")
def test_parse_address(case, ref):
    text, expected = case
    assert parsing.parse_address(text, ref) == expected


@_cases("places")
def test_places_in_a_post(case, ref):
    """Known and unknown places: [text, area code, town name]."""
    text, area, town = case
    fields = parsing.parse_post(text, ref, TODAY)
    assert (fields.area, fields.town) == (area, town)


# ---------------------------------------------------------------------------
# Whole posts


def _check(fields: PostFields, key: str, expected):
    if key == "trades_include":
        missing = [code for code in expected if code not in fields.trades]
        assert not missing, f"trades {fields.trades} lack {missing}"
        return
    value = getattr(fields, key)
    if key == "pay":
        value = [value.min, value.max, value.unit] if value else None
    elif key == "start_date":
        value = value.isoformat() if value else None
    assert value == expected, f"{key}: {value!r} != {expected!r}"


@pytest.mark.parametrize("case", POSTS["posts"], ids=[p["text"][:16] for p in POSTS["posts"]])
def test_parse_post(case, ref):
    fields = parsing.parse_post(case["text"], ref, POST_TODAY)
    for key, expected in case["expect"].items():
        _check(fields, key, expected)
    for key in case.get("absent", []):
        assert getattr(fields, key) in (None, ()), f"{key} should be empty, got {getattr(fields, key)!r}"


def test_post_cases_cover_enough_posts():
    posts = POSTS["posts"]
    assert len(posts) >= 35
    fields = {f.name for f in dataclasses.fields(PostFields)} | {"trades_include"}
    for post in posts:
        assert set(post["expect"]) <= fields, post["text"]
        assert set(post.get("absent", [])) <= fields, post["text"]


def test_the_briefs_example(ref):
    text = POSTS["posts"][0]["text"]
    f = parsing.parse_post(text, ref, POST_TODAY)
    assert f.pay == Pay(200, 200, "day") and f.headcount == 3 and f.phone and f.start_time == "08:00"
    assert f.days is None, "the phone number and the clock times are not durations"


def test_parse_post_is_pure_and_returns_defaults_for_empty_text(ref):
    assert parsing.parse_post("", ref, POST_TODAY) == PostFields()


# ---------------------------------------------------------------------------
# The data file


def test_parsing_data_file_is_valid_json_with_every_section():
    data = json.loads((DATA_DIR / parsing.PARSING_FILE).read_text(encoding="utf-8"))
    for section in ("numerals", "mobile", "birth", "pay", "pay_method", "date", "days", "time",
                    "headcount", "meals_lodging", "contact", "skills", "address", "name"):
        assert section in data, section


def test_parsing_module_has_no_chinese():
    source = Path(parsing.__file__).read_text(encoding="utf-8")
    assert not re.search(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]", source)


@pytest.mark.parametrize("text,public", [
    ("明天丰泽区搬家要3个小工，日结200，电话13812345678 陈师傅", "明天丰泽区搬家要3个小工，日结200，陈师傅"),
    ("联系电话：138 1234 5678，王先生", "王先生"),
    ("call 13905951234 Mr Chen", "Mr Chen"),
    ("１３８１２３４５６７８ 找我", "找我"),
    ("包午饭，要能吃苦", "包午饭，要能吃苦"),
    # Found in ./dev chat, in English: "8am to 5pm, , Mr Chen" was left.
    ("2 movers, 8am to 5pm, phone 13812345678, Mr Chen", "2 movers, 8am to 5pm, Mr Chen"),
])
def test_a_posts_public_text_drops_the_phone_with_the_word_naming_it_and_keeps_the_rest_as_written(text, public):
    # Workers read the notes: no "电话 陈师傅" with the number gone, no commas turned into ASCII ones.
    assert parsing.strip_phones(text) == public


def test_a_post_said_aloud_gives_its_phone_and_pay_in_chinese_numerals(ref):
    """Found in ./dev chat, a post as voice input writes it: the phone said
    digit by digit and the pay with the meals right after it were both
    asked for again ("还差：工钱、电话")."""
    fields = parsing.parse_post("我这边明天在晋江陈埭要找五个普工日结一百八包中午饭联系电话一三九零五九五一二三四",
                                ref, TODAY)
    assert (fields.phone, fields.pay, fields.headcount, fields.meals) == (
        "13905951234", Pay(180, 180, "day"), 5, True)
    fields = parsing.parse_post("明天丰泽搬家要3个小工日结两百管饭电话幺三九 零五九五 一二三四", ref, TODAY)
    assert (fields.phone, fields.pay, fields.meals) == ("13905951234", Pay(200, 200, "day"), True)
    # Ten or twelve digits said aloud are no mobile number, and "two packs" is no pay.
    assert parsing.parse_post("电话一三九零五九五一二三", ref, TODAY).phone is None
    assert parsing.parse_post("电话一三九零五九五一二三四五", ref, TODAY).phone is None
    assert parsing.parse_pay("两包烟") is None


def test_a_phone_said_aloud_is_taken_out_of_the_public_description():
    """The description is shown to every worker; the phone goes only to those who apply."""
    assert parsing.strip_phones("明天搬家要3个小工 联系电话一三九零五九五一二三四 老陈") == "明天搬家要3个小工 老陈"
    assert parsing.strip_phones("搬家，电话13905951234，老陈") == "搬家，老陈"


@pytest.mark.parametrize("text, hired, not_hired", [
    ("我这边是做装修的 明天要两个小工 丰泽区 一天250", "odd_job_laborer", "renovation_worker"),
    ("我们是做保洁的，要两个搬运工搬家具", "mover", "cleaner"),
])
def test_the_employers_own_line_of_work_is_not_a_trade_hired(ref, text, hired, not_hired):
    trades = parsing.parse_post(text, ref, POST_TODAY).trades
    assert hired in trades and not_hired not in trades, trades


def test_a_trade_said_only_as_the_employers_line_of_work_is_kept(ref):
    # Nothing else named: it is all the post says of the work.
    trades = parsing.parse_post("我是做装修的 明天要人 一天300", ref, POST_TODAY).trades
    assert trades, "not left with no trade"
