"""The talk corpus (tests/corpus/*.json, issue 13 item 7): real talk passes
at least 95 % of its turns, with at least 95 % intent accuracy, and the
runner reports a turn that must fail as failed."""
import json

import pytest

from bot.language import talk_eval


@pytest.fixture(scope="module")
def report():
    return talk_eval.evaluate()


def test_the_corpus_has_at_least_300_user_turns(report):
    assert report.turns >= 300, report.turns


def test_the_corpus_passes_95_percent_with_95_percent_intent_accuracy(report):
    failures = "\n".join(f"{f.conversation} turn {f.turn} {f.said!r}: expected {f.expected}, got {f.got[:120]}"
                         for f in report.failures)
    assert report.pass_rate >= 0.95, failures
    assert report.intent_accuracy >= 0.95, failures
    assert report.intent_turns >= 100


def _run(turns, **conv):
    return talk_eval.evaluate(conversations=[{"id": "t", "turns": turns, **conv}])


def test_a_turn_that_must_fail_is_reported_as_failed():
    report = _run([{"say": "老板欠我三个月工资不给", "expect": {"intent": "post_job"}},
                   {"say": "跳过", "expect": {"dialog": "complaint"}}])
    assert (report.turns, report.passed, report.intent_turns, report.intent_right) == (2, 1, 1, 0)
    [failure] = report.failures
    assert (failure.conversation, failure.turn, failure.expected, failure.got) == ("t", 1, "intent post_job",
                                                                                   "complaint")


@pytest.mark.parametrize("expect", [
    {"reply_id": "post-published"}, {"no_reply_id": "complaint-ask-photos"}, {"slot": {"kind": "injury"}},
    {"state": "ask_kind"}, {"reply_has": "招工"}, {"reply_lacks": "照片"}, {"command": "LodgeTicket"},
    {"dialog": "post_job"}, {"not_state": "ask_photos"}, {"understood": False}, {"search": {"areas": ["fengze"]}},
])
def test_each_expectation_can_fail(expect):
    report = _run([{"say": "老板欠我三个月工资不给", "expect": expect}])
    assert report.failures and report.passed == 0, expect


def test_fill_answers_the_questions_asked_and_fails_an_answer_not_taken():
    ok = _run([{"say": "我要投诉", "expect": {"dialog": "complaint"}},
               {"fill": {"ask_kind": "工钱的事", "ask_what": "老板欠我两个月工钱不给", "ask_photos": "没有",
                         "ask_phone": "不留了", "confirm": "提交"}, "expect": {"command": "LodgeTicket"}}])
    assert ok.failures == [] and ok.turns == 6 and ok.passed == 6
    bad = _run([{"say": "我要投诉", "expect": {"dialog": "complaint"}},
                {"fill": {"ask_kind": "嗯嗯嗯"}, "expect": {"command": "LodgeTicket"}}])
    assert [f.expected for f in bad.failures] == ["answer taken at complaint:ask_kind", "command LodgeTicket"]
    assert bad.passed == 1


def test_setup_records_answer_the_dialogs():
    report = _run([{"say": "我的信息", "expect": {"reply_has": "老周"}}],
                  setup={"worker": {"name": "老周", "phone": "13905950001"}})
    assert report.failures == []


def test_a_corpus_turn_without_an_expectation_is_refused(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"conversations": [{"id": "x", "turns": [{"say": "你好"}]}]}), "utf-8")
    with pytest.raises(ValueError, match="expected outcome"):
        talk_eval.load([path])


def test_the_command_prints_the_figures(capsys):
    from bot.__main__ import main

    main(["talk-eval"])
    out = capsys.readouterr().out
    assert "pass rate:" in out and "intent accuracy:" in out and "user turns:" in out


# ---------------------------------------------------------------------------
# What the corpus found, each pinned where it was fixed (all failed before).

@pytest.fixture(scope="module")
def language():
    from bot.app import language_resources

    return language_resources()


@pytest.mark.parametrize("text,number", [("第一个", 1), ("我选第二个", 2), ("就第一个吧", 1), ("三号", 3), ("两百", None),
                                         ("我要报名", None), ("第一个怎么样", 1), ("看看第二个", 2), ("怎么样", None)])
def test_choice_numbers_said_as_people_say_them(language, text, number):
    from bot.language.nlu import parse_number

    assert parse_number(text) == number


@pytest.mark.parametrize("text,pay", [("明天丰泽要三个小工 日结两百 早上八点到下午五点", 200),
                                      ("小工 日结两百 电话13905951234", 200), ("招普工五个 一天两百二 早八晚六", 220),
                                      ("月薪 5 k", 5000)])
def test_a_chinese_amount_before_a_space_is_read_as_pay(language, text, pay):
    from bot.language.parsing import parse_pay

    found = parse_pay(text)
    assert found is not None and found.min == pay, found


def test_a_dozen_or_so_is_not_a_question(language):
    _, nlu = language
    assert not nlu.is_question("包工头跑了 我们十几个人的工钱都没拿到")
    assert nlu.is_question("要几个人")


@pytest.mark.parametrize("text,areas", [("Shishi and Nan an", ["shishi", "nanan"]), ("Hui'an county", ["huian"]),
                                        ("Fengze district", ["fengze"]), ("anxious banana", [])])
def test_area_names_in_english(language, text, areas):
    refdata, _ = language
    assert [a.code for a in refdata.match_areas(text)] == areas


def test_english_answers_to_date_time_pay_headcount_and_days(language):
    from datetime import date

    from bot.language import parsing

    assert parsing.parse_date("tomorrow", date(2027, 1, 15)) == date(2027, 1, 16)
    assert parsing.parse_time_range("8am to 5pm") == ("08:00", "17:00")
    assert (parsing.parse_pay("200 a day").min, parsing.parse_pay("200 a day").unit) == (200, "day")
    assert parsing.parse_headcount("3 workers") == 3
    assert parsing.parse_days("a week") == 7


def test_a_word_of_several_trades_answers_what_work_one_does(language):
    from bot.engine.answers import trades_from_answer
    from bot.engine.dialog import Turn

    refdata, _ = language
    assert trades_from_answer(refdata, Turn(text="做饭", raw_text="做饭"), limit=8) == ["cook", "kitchen_helper"]


def test_a_days_pay_in_quanzhou_words(language):
    from bot.language.parsing import parse_pay

    found = parse_pay("起厝要请三个小工 一工两百 丰泽 明天")   # 一工: a day's work
    assert found is not None and (found.min, found.unit) == (200, "day")


def test_giving_the_phone_when_applying_said_in_words(language):
    _, nlu = language
    assert nlu.show_phone_now("报名的时候给老板看吧") is True
    assert nlu.show_phone_now("录用了再给吧") is False


@pytest.mark.parametrize("text,intent", [("找工做", "find_work"), ("我要投述", "complaint"), ("有没有日洁的", "find_work"),
                                         ("我想陪训电工", "training"), ("老版不给工资", "complaint"), ("招攻", "post_job"), ("我想招公", "post_job")])
def test_slips_are_fixed_before_the_intent_is_read(language, text, intent):
    from bot.language.nlu import normalise

    _, nlu = language
    found = nlu.intent(normalise(text))
    assert found is not None and found.name == intent


def test_a_slip_in_a_place_name_of_a_post(language):
    from datetime import date

    from bot.language.parsing import parse_post

    refdata, _ = language
    assert parse_post("招聘两个小工 石师", refdata, date(2027, 1, 15)).area == "shishi"
