"""A question about what a step shows, asked at that step in the user's own
words, is answered there and the question asked again (not counted as a
miss, not sent to the knowledge base): a course's cost at the course list
or a course, a market's hours at the list of markets, "the nearest one" at
"which area?"."""
from __future__ import annotations

from dataclasses import replace

from bot.domain import Course
from bot.features.training.messages import Courses, MyTraining
from tests.unit.test_conversation import User, conv  # noqa: F401  (the fixture)

ELECTRIC = Course(code="elec-aside", name="低压电工", trade="electrician", teaches="安全用电", area="fengze",
                  place="丰泽区零工市场", mode="offline", start_date="2099-01-02", end_date="2099-01-09",
                  schedule="工作日", capacity=30, enrolled=0, cost="符合条件的免费", who="-",
                  subsidy="取得证书的按规定申请")
WELDING = replace(ELECTRIC, code="weld-aside", name="焊工", trade="welder", cost="每人 300 元", subsidy="")


def _courses_user(conv):  # noqa: F811
    return User(conv, store={Courses(): [ELECTRIC, WELDING], MyTraining(): []})


def test_is_it_free_at_the_course_list_says_each_courses_cost(conv):  # noqa: F811
    u = _courses_user(conv)
    u.send("培训")
    for asked in ("免费的吗", "要交钱吗", "学费多少钱"):
        ids, out = u.send(asked)
        assert ids[:3] == ["training-costs", "training-cost-line", "training-cost-line"], (asked, ids)
        assert [s.vars["cost"] for s in out.out[1:3]] == ["符合条件的免费", "每人 300 元"]
        assert "training-list" in ids and "policy-answer" not in ids
    # Not a miss: three questions, and a number still picks.
    ids, _ = u.send("2")
    assert "training-detail" in ids


def test_what_it_costs_at_a_course_says_its_cost_and_subsidy(conv):  # noqa: F811
    u = _courses_user(conv)
    u.send("培训")
    u.send("1")
    ids, out = u.send("要钱吗")
    assert ids[0] == "training-cost-one" and out.out[0].vars == {"cost": "符合条件的免费", "subsidy": "取得证书的按规定申请"}
    assert "training-detail" in ids
    ids, _ = u.send("1")
    assert "training-consent" in ids or "training-ask-wait" in ids or "training-signed-up" in ids, ids


def test_are_you_open_at_weekends_at_the_market_list_says_each_ones_hours(conv):  # noqa: F811
    u = User(conv)
    u.send("零工市场")
    u.send("丰泽")
    ids, out = u.send("周末开门吗")
    assert ids[0] == "markets-hours", ids
    lines = [s for s in out.out if s.id == "market-line-hours"]
    markets = {m.code: m for m in conv.refdata.markets}
    assert lines and all(s.vars["hours"] == next(m.hours for m in markets.values() if m.name == s.vars["name"])
                         for s in lines)
    assert "markets-found" in ids  # the list again
    ids, _ = u.send("1")
    assert "market-detail" in ids


def test_at_which_area_hours_and_nearest_are_told_how_and_an_area_in_the_question_is_taken(conv):  # noqa: F811
    u = User(conv)
    u.send("零工市场")
    ids, _ = u.send("周末开门吗")
    assert ids[0] == "markets-hours-how" and "markets-ask-area" in ids
    ids, _ = u.send("离我最近的是哪个")
    assert ids[0] == "markets-nearest-how" and "markets-ask-area" in ids
    ids, _ = u.send("丰泽的市场在哪")
    assert "markets-found" in ids


def test_a_question_the_step_cannot_answer_goes_on_as_before(conv):  # noqa: F811
    u = _courses_user(conv)
    u.send("培训")
    for asked in ("灵活就业人员怎么交养老保险", "养老保险一个月交多少钱"):
        ids, _ = u.send(asked)
        assert "training-costs" not in ids, (asked, ids)


def test_a_cost_question_is_about_the_thing_shown_when_it_says_little_else_or_names_it(conv):  # noqa: F811
    nlu = conv.nlu
    for asked in ("免费的吗", "要交钱吗", "学费多少钱", "收费吗?", "is it free", "how much"):
        assert nlu.asks_cost(asked), asked
    assert nlu.asks_cost("电工班要交钱吗", about=["电工"])
    for asked in ("养老保险一个月交多少钱", "厨师培训班现在要交多少钱", "你好", "1"):
        assert not nlu.asks_cost(asked), asked
