"""Registration without I/O: the dialog asks one question at a time and
asks for the profile to be saved with a typed command (`SaveWorker`);
other dialogs register someone briefly on the way (`BriefRegistration`)."""
from datetime import date

import pytest

from bot.domain import Course, Employer, Worker
from bot.app import language_resources
from bot.i18n import Catalog
from bot.language import parsing
from bot.turn.conversation import Conversation
from bot.features.register.dialog import RegisterDialog, slots_from_worker
from bot.features.register.messages import SaveWorker, WorkerProfile
from bot.features.training.messages import Courses, Enroll, MyTraining
from tests.unit.test_conversation import User

COURSE = Course(code="elec-test", name="低压电工", trade="electrician", teaches="安全用电", area="fengze",
                place="丰泽区零工市场培训室", mode="offline", start_date="2027-01-04", end_date="2027-01-15",
                schedule="工作日 8:30-11:30", capacity=30, enrolled=0, cost="免费", subsidy="-", who="-")


@pytest.fixture(scope="module")
def conv():
    refdata, nlu = language_resources()
    return Conversation(nlu, refdata)


def saved(u):
    return [e for e in u.commands if isinstance(e, SaveWorker)]


def test_a_new_worker_registers_and_the_profile_is_saved_by_one_typed_command(conv):
    u = User(conv)
    ids, _ = u.send("我想登记找活干")
    assert ids[0] == "reg-consent" and u.state["dialog"]["name"] == RegisterDialog.name
    for answer in ("1", "老王", "13905951234", "会开叉车也能干搬运", "丰泽 晋江"):
        ids, _ = u.send(answer)
        assert "dialog-gave-up" not in ids, answer
    assert ids[0] == "reg-summary" and not saved(u), "nothing is saved before the worker confirms"
    ids, _ = u.send("对")
    assert "reg-saved" in ids
    [worker] = saved(u)
    assert (worker.name, worker.phone, worker.show_phone, worker.birth_year) == ("老王", "13905951234", False, None)
    assert worker.areas == ("fengze", "jinjiang") and worker.trades == ("forklift_driver", "porter")
    assert (worker.pay_amount, worker.pay_unit, worker.pay_method, worker.wants_push) == (None, None, "any", False)


def test_a_registered_worker_is_shown_the_profile_to_correct(conv):
    row = Worker(openid="o_w", name="老王", phone="13905951234", show_phone=True, birth_year=1975, areas=("fengze",),
                 trades=("porter",), pay_method="any")
    u = User(conv, store={WorkerProfile(): row})
    ids, out = u.send("求职登记")
    assert ids[:2] == ["reg-already", "reg-summary"] and out.out[1].vars["name"] == "老王"
    u.send("1")
    u.send("王师傅")
    ids, _ = u.send("对")
    assert "reg-saved" in ids
    [worker] = saved(u)
    assert worker.name == "王师傅" and worker.phone == "13905951234" and worker.show_phone is True


def test_a_saved_profile_becomes_the_dialogs_slots(conv):
    row = Worker(openid="o_w", name="老王", phone="", birth_year=1960, near_lat=24.9, near_lng=118.6,
                 trades=("porter",), skills="搬家", days="weekends", hours="morning", pay_amount=180, pay_unit="day",
                 pay_method="daily", wants_push=True)
    slots = slots_from_worker(row)
    assert slots["near"] == [24.9, 118.6] and slots["pay"] == {"amount": 180, "unit": "day"}
    assert slots["editing"] is True and slots["consent"] is True


def test_signing_up_for_a_course_unregistered_registers_briefly_first(conv):
    u = User(conv, store={Courses(): [COURSE], MyTraining(): []})
    ids, _ = u.send("我想学电工")
    assert ids[0] == "training-list"
    u.send("1")
    ids, _ = u.send("1")
    # A course's consent says who sees the name and phone (the course staff), not a job's (a boss).
    assert ids[0] == "training-consent"
    u.send("1")
    ids, _ = u.send("老王")
    assert "training-ask-phone" in ids and "reg-ask-phone" not in ids
    ids, _ = u.send("13905951234")
    assert "training-signed-up" in ids
    commands = [e for e in u.commands if isinstance(e, (SaveWorker, Enroll))]
    assert commands == [SaveWorker(name="老王", phone="13905951234", trades=("electrician",), areas=("fengze",)),
                        Enroll(COURSE.code, False)]


def test_no_consent_to_register_briefly_signs_up_nothing(conv):
    u = User(conv, store={Courses(): [COURSE], MyTraining(): []})
    u.send("我想学电工")
    u.send("1")
    u.send("1")
    ids, _ = u.send("2")
    assert "training-not-signed" in ids
    assert not [e for e in u.commands if isinstance(e, (SaveWorker, Enroll))]


def test_a_name_or_age_said_at_the_consent_question_is_told_to_agree_first_not_misunderstood(conv):
    """Found in ./dev chat: "我姓王叫王大明", "我今年五十二岁" at the consent
    question were three "not understood" and the registration gave up.
    Nothing is kept before consent; the person is told to agree first, and
    that is not counted as a miss."""
    u = User(conv)
    ids, _ = u.send("我要登记")
    assert "reg-consent" in ids or any(i.startswith("reg-consent") for i in ids), ids
    for said in ("我姓王叫王大明", "我今年五十二岁", "幺三八一二三四五六七八", "木工 丰泽"):
        ids, _ = u.send(said)
        assert ids[0] == "consent-first", (said, ids)
        assert not {k for k in u.state["dialog"]["slots"] if k in ("name", "phone", "birth_year", "trades")}
    ids, _ = u.send("同意")
    assert "reg-ask-name" in ids, ids


def test_a_name_said_at_a_courses_consent_is_told_to_agree_first(conv):
    u = User(conv, store={Courses(): [COURSE], MyTraining(): []})
    u.send("我想学电工")
    u.send("1")
    ids, _ = u.send("1")
    assert ids[0] == "training-consent"
    ids, _ = u.send("我叫老王 电话13905951234")
    assert ids[0] == "consent-first" and "training-consent" in ids, ids
    # Found in ./dev chat: "sign up" said again there was "not understood".
    ids, _ = u.send("报名")
    assert ids[0] == "consent-first" and "training-consent" in ids, ids
    u.send("同意")
    ids, _ = u.send("老王")
    assert "training-ask-phone" in ids


def test_a_yes_or_a_no_at_the_name_question_is_not_taken_as_a_name(conv):
    """Found in ./dev chat: "好的" at "怎么称呼你？" was saved as the name."""
    u = User(conv)
    u.send("求职登记")
    u.send("1")
    for word in ("好的", "不是"):   # a third miss would end the dialog, as for any answer
        ids, out = u.send(word)
        assert ids[0] == "name-not-a-word" and u.state["dialog"]["state"] == "ask_name", word
        assert "dialog-gave-up" not in ids
    ids, _ = u.send("老王")
    assert u.state["dialog"]["state"] == "ask_phone" and u.state["dialog"]["slots"]["name"] == "老王"


def test_the_age_days_and_hours_told_at_the_phone_question_are_kept_not_refused(conv):
    """Found in ./dev chat: "五十八了", "每天都行", "白天" at "你的手机号是多少？"
    were each "这个手机号不对", and the registration gave up after three."""
    u = User(conv)
    for said in ("登记一下", "同意", "我叫李阿姨"):
        ids, _ = u.send(said)
    assert "reg-ask-phone" in ids
    for said, kept in (("五十八了", "answer-kept-age"), ("周末", "answer-kept-days"), ("晚上", "answer-kept-hours")):
        ids, out = u.send(said)
        assert ids[0] == kept and "reg-ask-phone" in ids and not any(i.startswith("phone-invalid") for i in ids), \
            (said, ids)
    slots = u.state["dialog"]["slots"]
    assert (slots["days"], slots["hours"]) == ("weekends", "evening")
    assert parsing.age_from(slots["age"], date.fromtimestamp(u.now)) == 58
    # A plain yes-word is no answer to those: still the phone's miss, told
    # that no number was seen (not that a number was wrong).
    ids, _ = u.send("都行")
    assert ids[0] == "phone-invalid-none", ids
    ids, _ = u.send("13905953333")
    ids, _ = u.send("丰泽")
    ids, out = u.send("保洁")
    assert "reg-summary" in ids, ids
    # The note under the summary names only what was not asked: the age, the days
    # and the hours were told, so saying they were not would be untrue.
    [note] = [s for s in out.out if s.id == "reg-defaults-note"]
    assert Catalog().render("zh_CN", [note]) == "工钱、新活通知这几样没问你，先按上面写的填了。不对的话可以改。"
    assert Catalog().render("en", [note]).startswith("These were not asked: pay, new-job messages.")
    u.send("对")
    [saved] = [c for c in u.commands if isinstance(c, SaveWorker)]
    assert (saved.days, saved.hours, saved.birth_year) == ("weekends", "evening", slots["age"])


def test_a_word_said_alone_names_its_trade_only_alone(conv) -> None:
    """"水电" at "what work can you do?" is the plumber-electrician (found in
    ./dev chat: it was "no such work"); in a post "包水电" is the utilities
    paid, so inside a text it names nothing."""
    for said in ("水电", "水电。", " 水电的 "):
        assert [t.code for t in conv.refdata.match_trades(said)] == ["plumber_electrician"], said
    assert [t.code for t in conv.refdata.match_trades("开车")] == ["driver"]
    for text in ("包吃住包水电", "招普工 包水电 日结200", "会开车优先"):
        assert "plumber_electrician" not in [t.code for t in conv.refdata.match_trades(text)], text
        assert "driver" not in [t.code for t in conv.refdata.match_trades(text)], text


def test_an_age_said_with_the_phone_is_kept_and_numbers_picked_from_a_list_are_no_age(conv):
    """Found in ./dev chat: "我姓林 叫林国华 今年五十五 手机一三九零…" at the name's
    question kept the name and the phone but not the age; "2 6" at the places'
    list was said back as "26 岁"; "水电" at the work's question was "没找到这种活";
    "改一下" at the summary was "没看懂", a miss toward giving up."""
    u = User(conv)
    for said in ("登记一下", "同意"):
        u.send(said)
    ids, _ = u.send("我姓林 叫林国华 今年五十五 手机一三九零五九五六六七八")
    slots = u.state["dialog"]["slots"]
    assert (slots["name"], slots["phone"]) == ("林国华", "13905956678")
    assert parsing.age_from(slots["age"], date.fromtimestamp(u.now)) == 55 and "answer-kept-age" in ids
    ids, _ = u.send("水电")
    assert u.state["dialog"]["slots"]["trades"] == ["plumber_electrician"], ids
    ids, out = u.send("丰泽")
    assert "reg-summary" in ids
    for _ in range(3):
        ids, out = u.send("改一下")
        assert ids[0] == "summary-which-line" and u.state["dialog"]["state"] == "confirm", ids
    assert Catalog().render("zh_CN", [out.out[0]]).startswith("好的，要改哪一项？")
    ids, _ = u.send("对")
    assert any(isinstance(c, SaveWorker) for c in u.commands)
    # With no age known, numbers picked from the places' list are places, not an age.
    u = User(conv, openid="o_unit_picks_no_age")
    for said in ("登记一下", "同意", "老王", "13905953333", "搬运"):
        u.send(said)
    ids, _ = u.send("2 6")
    slots = u.state["dialog"]["slots"]
    assert "answer-kept-age" not in ids and not slots.get("age") and slots["areas"] == ["fengze", "jinjiang"], ids


def test_no_phone_at_the_phone_question_is_a_skip_not_a_wrong_number(conv):
    """Found in ./dev chat: "我没有手机" at "你的手机号是多少？" was "这个手机号不对" until
    the registration gave up."""
    for said in ("我没有手机", "没手机", "不想留电话"):
        u = User(conv, openid=f"o_unit_no_phone_{len(said)}")
        for text in ("我要登记", "同意", "老李"):
            u.send(text)
        ids, _ = u.send(said)
        assert "phone-invalid" not in ids and "reg-ask-trades" in ids, (said, ids)
        assert u.state["dialog"]["slots"]["phone"] == "", said


def test_anywhere_at_the_places_question_is_every_area_said_plainly(conv):
    """Found in ./dev chat: "哪里都可以" at "你想在哪里干活？" was "没找到这个地方"."""
    for said in ("哪里都可以", "哪都行", "泉州哪里都行"):
        u = User(conv, openid=f"o_unit_anywhere_{len(said)}")
        for text in ("我要登记", "同意", "老李", "跳过", "搬运"):
            u.send(text)
        ids, out = u.send(said)
        assert "reg-summary" in ids, (said, ids)
        assert len(u.state["dialog"]["slots"]["areas"]) == len(conv.refdata.areas)
        assert "想在哪干：泉州哪里都行" in Catalog().render("zh_CN", out.out)


def test_an_age_after_a_name_and_any_day_told_early_are_not_called_unasked(conv):
    """Found reading the change in ./dev chat: "我叫老陈 五十八了 手机…" kept the phone, not
    the age; "每天都行" at the next question was kept and said back, and the summary's
    note still listed "哪些天" as not asked."""
    u = User(conv, openid="o_unit_age_piece")
    for said in ("我要登记", "对的"):
        u.send(said)
    ids, _ = u.send("我叫老陈 五十八了 手机13905950001")
    slots = u.state["dialog"]["slots"]
    assert parsing.age_from(slots["age"], date.fromtimestamp(u.now)) == 58 and slots["phone"] == "13905950001"
    ids, _ = u.send("每天都行")
    assert ids[0] == "answer-kept-days", ids
    u.send("水电")
    ids, out = u.send("丰泽")
    [note] = [s for s in out.out if s.id == "reg-defaults-note"]
    assert Catalog().render("zh_CN", [note]).startswith("几点、工钱、新活通知这几样没问你")
