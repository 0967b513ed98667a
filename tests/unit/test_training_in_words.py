"""The course list and a course's detail answered in a worker's own words,
not the numbers offered. Found in ./dev chat: at a list of one course,
"丰泽的", "报名" and "好的" were each "not understood", three misses, and
the sign-up gave up; at the course, "好的" and "丰泽的" were "reply 1 to 2"."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bot.domain import Enrollment, Worker
from bot.features.register.messages import SaveWorker, WorkerProfile
from bot.features.training.messages import Courses, Enroll, MyTraining
from tests.unit.test_conversation import User, conv, conv_with_policies  # noqa: F401  (the fixtures)
from tests.unit.test_register import COURSE

ONLINE = replace(COURSE, code="elec-online", name="电工安全网课", area=None, place="-", mode="on_demand")
IN_JINJIANG = replace(COURSE, code="elec-jj", name="低压电工（晋江班）", area="jinjiang", place="晋江市零工驿站")
WORKER = Worker(openid="o_w", name="老王", phone="13905951234", trades=("electrician",))


def enrolled(u):
    return [c for c in u.commands if isinstance(c, Enroll)]


# "我想报名", "报个名": found in ./dev chat at a course's detail ("reply 1 to 2"):
# the words that sign up were two lists, one of them short.
@pytest.mark.parametrize("text", ["报名", "我要报名", "我想报名", "报个名"])
def test_sign_me_up_at_a_list_of_one_course_goes_on_to_signing_up(conv, text):
    u = User(conv, store={Courses(): [COURSE], MyTraining(): []})
    assert u.send("我想学电工")[0][0] == "training-list"
    ids, _ = u.send(text)
    assert ids[0] == "training-consent", ids
    u.send("同意")
    u.send("老王")
    ids, _ = u.send("13905951234")
    assert "training-signed-up" in ids
    assert enrolled(u) == [Enroll(COURSE.code, False)]
    assert [c for c in u.commands if isinstance(c, SaveWorker)][0].name == "老王"


def test_sign_me_up_when_registered_signs_up_at_once(conv):
    u = User(conv, store={Courses(): [COURSE], MyTraining(): [], WorkerProfile(): WORKER})
    u.send("我想学电工")
    ids, _ = u.send("报名")
    assert ids[0] == "training-signed-up", ids
    assert enrolled(u) == [Enroll(COURSE.code, False)]


def test_sign_me_up_again_says_they_are_signed_up_and_does_nothing(conv):
    mine = Enrollment(id=1, openid="o_w", course_code=COURSE.code, status="enrolled", name=COURSE.name,
                      start_date=COURSE.start_date, schedule=COURSE.schedule)
    u = User(conv, store={Courses(): [COURSE], MyTraining(): [mine], WorkerProfile(): WORKER})
    u.send("我想学电工")
    ids, _ = u.send("报名")
    assert ids[0] == "training-already" and enrolled(u) == [], ids


def test_sign_me_up_at_a_list_of_several_asks_which_and_counts_no_miss(conv):
    u = User(conv, store={Courses(): [COURSE, IN_JINJIANG], MyTraining(): []})
    u.send("我想学电工")
    ids, out = u.send("报名")
    assert ids[0] == "training-which" and out.out[0].vars["max"] == 2 and enrolled(u) == []
    ids, _ = u.send("2")
    assert ids[0] == "training-detail"


def test_a_yes_at_a_list_of_one_course_shows_it(conv):
    u = User(conv, store={Courses(): [COURSE], MyTraining(): []})
    u.send("我想学电工")
    ids, _ = u.send("好的")
    assert ids[0] == "training-detail" and enrolled(u) == []


def test_a_place_picks_the_course_held_there_or_says_none_is(conv):
    u = User(conv, store={Courses(): [COURSE, IN_JINJIANG], MyTraining(): []})
    u.send("我想学电工")
    ids, out = u.send("晋江的")
    assert ids[0] == "training-detail" and out.out[0].vars["name"] == IN_JINJIANG.name
    u = User(conv, store={Courses(): [COURSE], MyTraining(): []})
    u.send("我想学电工")
    ids, out = u.send("鲤城的")
    assert ids[0] == "training-not-in-area" and out.out[0].vars["area"] == "鲤城区", ids
    assert "training-list" in ids, "the list again, to pick from"


def test_a_place_with_an_online_course_listed_is_no_refusal(conv):
    """An online course can be taken anywhere: "鲤城的" is then not "none there"."""
    u = User(conv, store={Courses(): [COURSE, ONLINE], MyTraining(): []})
    u.send("我想学电工")
    ids, _ = u.send("鲤城的")
    assert ids[0] != "training-not-in-area"


def test_at_a_course_a_yes_signs_up_a_no_goes_back_and_a_place_says_where_it_is(conv):
    u = User(conv, store={Courses(): [COURSE, IN_JINJIANG], MyTraining(): [], WorkerProfile(): WORKER})
    u.send("我想学电工")
    u.send("1")
    ids, out = u.send("丰泽的")
    assert ids[0] == "training-detail-place" and out.out[0].vars["place"] == COURSE.place, ids
    ids, _ = u.send("不要")
    assert ids[0] == "training-list", ids
    u.send("1")
    ids, _ = u.send("好的")
    assert ids[0] == "training-signed-up" and enrolled(u) == [Enroll(COURSE.code, False)], ids


def test_a_course_asked_for_in_a_place_that_has_none_shows_those_elsewhere(conv):
    """Found in ./dev chat: "我想报个电工培训 在鲤城" got "现在没有合适的培训",
    though the same course was on in Fengze."""
    u = User(conv, store={Courses(): [COURSE], MyTraining(): []})
    ids, out = u.send("我想报个电工培训 在鲤城")
    assert ids[:2] == ["training-elsewhere", "training-list"] and out.out[0].vars["area"] == "鲤城区", ids
    assert "training-none" not in ids
    u = User(conv, store={Courses(): [COURSE], MyTraining(): []})
    ids, _ = u.send("我想报个电工培训 在丰泽")
    assert ids[0] == "training-list", "a course there: no word about elsewhere"


def test_where_the_class_is_and_a_trade_not_offered_are_answered_at_the_list(conv):
    """Found in ./dev chat: "在哪里上课" at the course list left it for the
    markets' "which district are you in?", and "电焊" (no welding course) was
    "reply 1 to 2"; neither is a miss now, and the list stays."""
    u = User(conv, store={Courses(): [IN_JINJIANG, ONLINE], MyTraining(): []})
    assert u.send("我想学个手艺")[0][0] == "training-list"
    ids, out = u.send("在哪里上课")
    assert ids[0] == "training-places" and ids.count("training-place-line") == 2 and "training-list" in ids, ids
    assert {s.vars["place"] for s in out.out if s.id == "training-place-line"} == {"晋江市零工驿站", "-"}
    ids, out = u.send("电焊")
    assert ids[:2] == ["training-trade-none", "training-needs-offer"] and "training-list" in ids, ids
    ids, _ = u.send("电焊有吗")
    assert ids[0] == "training-trade-none", ids
    ids, _ = u.send("1")
    assert ids[0] == "training-detail", ids
    ids, _ = u.send("在哪上课")
    assert ids[:2] == ["training-places", "training-place-line"] and "training-detail" in ids, ids


@pytest.mark.parametrize(("start", "mode", "told"), [
    ("2027-01-16", "offline", "开课前一天会提醒你"),
    # (16:00: its class, 8:30-11:30, is over; before it, "今天就开课": the test below)
    ("2027-01-15", "offline", "今天的课上完了。下次上课请按时去"),
    ("2027-01-04", "offline", "已经开课了，请尽快去上课的地方"), ("2027-01-04", "on_demand", "在手机上就能学")])
def test_signed_up_says_a_reminder_is_coming_only_when_one_is(conv, start, mode, told):
    """Found in ./dev chat: a course starting that very day said "开课前一天会提醒你"
    (the users' clock here is 2027-01-15)."""
    from bot.i18n import Catalog
    course = replace(COURSE, start_date=start, mode=mode)
    u = User(conv, store={Courses(): [course], MyTraining(): [], WorkerProfile(): WORKER})
    u.send("我想学电工")
    ids, out = u.send("报名")
    assert ids[0] == "training-signed-up", ids
    text = Catalog().render("zh_CN", out.out)
    assert told in text and text.count("提醒") == (1 if "提醒" in told else 0), text


def test_a_place_that_names_its_area_is_not_told_with_the_area_again(conv):
    """Found in ./dev chat: "丰泽区，丰泽区零工市场培训室"."""
    from bot.i18n import Catalog
    u = User(conv, store={Courses(): [COURSE, IN_JINJIANG], MyTraining(): []})
    u.send("我想学电工")
    ids, out = u.send("在哪里上课")
    text = Catalog().render("zh_CN", [s for s in out.out if s.id == "training-place-line"])
    assert "丰泽区零工市场培训室" in text and text.count("丰泽区") == 1, text
    assert "晋江市，晋江市零工驿站" not in text and "晋江市零工驿站" in text, text


def test_where_to_pay_social_insurance_at_the_course_list_is_no_question_of_the_class(conv_with_policies):
    """"社保在哪交" at a course list was answered with where the classes are."""
    for said in ("社保在哪交", "医保在哪里办"):
        u = User(conv_with_policies, openid=f"o_where_{said}", store={Courses(): [COURSE, IN_JINJIANG],
                                                                      MyTraining(): []})
        u.send("我想学电工")
        ids, _ = u.send(said)
        assert "training-places" not in ids and ids[0].startswith("policy"), (said, ids)
    u = User(conv_with_policies, store={Courses(): [COURSE, IN_JINJIANG], MyTraining(): []})
    u.send("我想学电工")
    ids, _ = u.send("在哪里上课")
    assert ids[0] == "training-places", ids


@pytest.mark.parametrize("hour, schedule, when", [
    (16, "工作日 8:30-11:30", "today-over"), (8, "工作日 8:30-11:30", "today"),
    (17, "周六周日 8:00-17:00", "today-over"), (16, "周六周日 8:00-17:00", "today"),
    (21, "每天上课", "today-over"), (16, "每天上课", "today")])
def test_signing_up_after_todays_class_of_a_course_starting_today_is_not_told_to_go_on_time(conv, hour, schedule,
                                                                                          when):
    """Found in ./dev chat: at night, a course that began that morning said
    "今天就开课，请按时去上课的地方". After the day's class (the schedule's last
    clock time, or 18:00 without one) it says so and points to the next."""
    from bot import clock

    day = "2027-01-15"
    starting_today = replace(COURSE, start_date=day, end_date="2027-01-29", schedule=schedule)
    u = User(conv, store={Courses(): [starting_today], MyTraining(): [], WorkerProfile(): WORKER})
    u.now = clock.day_start(clock.today(u.now)) + hour * 3600 - 10   # (each message adds 5 s)
    assert clock.today(u.now).isoformat() == day
    u.send("我想学电工")
    ids, out = u.send("报名")
    [signed] = [s for s in out.out if s.id == "training-signed-up"]
    assert signed.vars["when"] == when, signed.vars
