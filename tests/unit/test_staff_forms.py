"""What staff type into the console's course and market forms (#15) is read
into records as the files have them, each wrong field named with its
message, and a record read cleanly passes the import's own checks."""
import pytest

from bot.app import language_resources
from bot.i18n import Catalog
from bot.services.courses import check_courses
from bot.services.staff_data import check_markets
from bot.services.staff_forms import course_form_values, course_from_form, market_form_values, market_from_form


@pytest.fixture(scope="module")
def refdata():
    return language_resources()[0]


COURSE = {"code": "weld-2027-01", "name": "电焊工（考证班）", "trade": "welder", "area": "fengze",
          "place": "丰泽区零工市场", "mode": "offline", "start_date": "2027-01-05", "end_date": "2027-01-20",
          "schedule": "工作日 8:30-11:30", "capacity": "20", "cost": "免费", "subsidy": "", "who": "",
          "teaches": "", "keywords": "电焊、焊工, 烧电焊"}

MARKET = {"code": "test_station", "name": "测试零工驿站", "kind": "station", "area": "nanan",
          "address": "南安市测试路", "hours": "周一至周五 8:00-11:30，14:30-17:30", "lat": "24.96", "lng": "118.38",
          "verified": "on"}


def test_a_course_typed_in_reads_as_in_courses_json_and_passes_the_imports_check(refdata):
    course, problems = course_from_form(COURSE, refdata, existing=set())
    assert not problems, problems.by_field
    assert course["capacity"] == 20 and course["keywords"] == ["电焊", "焊工", "烧电焊"]
    assert "subsidy" not in course   # empty: left out, as in the file
    assert check_courses({"courses": [course]}, refdata) == [course]
    # and shown back in the form as typed
    again = course_form_values(course)
    assert again["keywords"] == "电焊、焊工、烧电焊" and again["capacity"] == "20"


@pytest.mark.parametrize("field,value,message", [
    ("name", "", "console-check-required"),
    ("name", "长" * 81, "console-check-too-long"),
    ("code", "Weld 1", "console-check-code"),
    ("code", "elec-2026-12-fz", "console-check-code-taken"),
    ("mode", "by post", "console-check-choice"),
    ("trade", "astronaut", "console-check-choice"),
    ("area", "beijing", "console-check-choice"),
    ("start_date", "下周一", "console-check-date"),
    ("end_date", "2027-01-01", "console-check-dates-order"),
    ("capacity", "二十", "console-check-number"),
    ("capacity", "0", "console-check-number"),
    ("keywords", "、".join(f"词{n}" for n in range(31)), "console-check-keywords"),
])
def test_each_wrong_course_field_is_named_with_what_to_do(refdata, field, value, message):
    course, problems = course_from_form({**COURSE, field: value}, refdata, existing={"elec-2026-12-fz"})
    assert list(problems.by_field) == [field]
    assert problems.by_field[field][0] == message
    # every message renders in both languages with its values
    for locale in ("zh_CN", "en"):
        assert Catalog().text(locale, message, **problems.by_field[field][1])


def test_a_course_without_a_code_gets_one_and_an_edited_course_keeps_its_own(refdata):
    course, problems = course_from_form({**COURSE, "code": ""}, refdata, existing=set())
    assert not problems and course["code"].startswith("course-")
    course, problems = course_from_form({**COURSE, "code": "hacked"}, refdata, existing={"weld-2027-01"},
                                        editing="weld-2027-01")
    assert not problems and course["code"] == "weld-2027-01"


def test_a_market_typed_in_reads_as_in_markets_json_and_passes_the_loads_check(refdata):
    record, problems = market_from_form(MARKET, refdata, existing=set(), names={})
    assert not problems, problems.by_field
    assert record["location"] == {"lat": 24.96, "lng": 118.38} and record["verified"] is True
    markets, _ = check_markets({"markets": [record], "qr_scenes": {}}, refdata)
    assert markets[0].name == "测试零工驿站"
    assert market_form_values(record)["lat"] == "24.96"


@pytest.mark.parametrize("field,value,message", [
    ("hours", "每天好多点", "console-check-hours"),
    ("hours", "", "console-check-required"),
    ("lat", "118.38", "console-check-location"),
    ("lng", "", "console-check-required"),
    ("kind", "shop", "console-check-choice"),
    ("area", "", "console-check-choice"),
    ("name", "泉州市丰泽区零工市场", "console-check-name-taken"),
    ("code", "fengze_market", "console-check-code-taken"),
    ("code", "has-dash", "console-check-code"),
])
def test_each_wrong_market_field_is_named_with_what_to_do(refdata, field, value, message):
    names = {m.code: m.name for m in refdata.markets}
    record, problems = market_from_form({**MARKET, field: value}, refdata, existing=set(names), names=names)
    assert list(problems.by_field) == [field]
    assert problems.by_field[field][0] == message
    for locale in ("zh_CN", "en"):
        assert Catalog().text(locale, message, **problems.by_field[field][1])


def test_hours_that_are_not_known_yet_are_taken(refdata):
    _, problems = market_from_form({**MARKET, "hours": "待核实"}, refdata, existing=set(), names={})
    assert not problems
