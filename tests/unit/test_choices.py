"""Numbered choices answered in words (issue 13, "Option words refused"):
every option of every choice has words in bot/data/choices.json, and the
answers real workers gave, refused before, are understood in the dialog
where they were refused."""
from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import bot.features
from bot.app import content_rules, language_resources
from bot.domain import Applicant, Application, Worker
from bot.engine.answers import Choice
from bot.features.post_job.messages import Applicants, DecideApplication, EmployerProfile, MyJobs, PublishJob
from bot.features.register.messages import SaveWorker, WorkerProfile
from bot.language.choices import Choices
from bot.turn.conversation import Conversation
from tests.unit.test_post_job import EMPLOYER, User, a_job

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def conv():
    refdata, nlu = language_resources()
    return Conversation(nlu, refdata, rules=content_rules())


def _all_choices() -> list[Choice]:
    for module in pkgutil.walk_packages(bot.features.__path__, "bot.features."):
        importlib.import_module(module.name)
    return list(Choice.made)


def test_every_option_of_every_choice_has_words():
    words = Choices.load()
    choices = _all_choices()
    assert {c.name for c in choices} >= {"days", "hours", "pay_method", "employer_kind", "decision", "yes_no"}
    for choice in choices:
        table = words.get(choice.name).words
        missing = [code for code in choice.codes if not table.get(code)]
        assert not missing, f"choices.json {choice.name!r} has no words for {missing}"
    used = {(c.name, code) for c in choices for code in c.codes}
    unused = [(name, code) for name, cw in words.by_name.items() for code in cw.words if (name, code) not in used]
    assert not unused, f"choices.json words no dialog offers: {unused}"


def test_no_dialog_offers_fixed_options_without_their_words():
    """A fixed list of option codes goes through a `Choice` (so it has words);
    `pick` with a literal list would take numbers only."""
    offenders = []
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "pick" and len(node.args) > 1 \
                    and isinstance(node.args[1], (ast.List, ast.Tuple)):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


def test_a_word_inside_a_longer_word_is_part_of_it_and_two_options_ask_which():
    words = Choices.load()
    assert words.get("yes_no").match("不要", ["yes", "no"]) == ["no"]
    assert words.get("yes_no").match("对的 就这样", ["yes", "no"]) == ["yes"]
    assert words.get("score").match("很不满意", list("12345")) == ["1"]
    assert words.get("days").match("周末和工作日", ["any", "weekdays", "weekends", "short"]) == ["weekdays", "weekends"]
    # English words are whole words: "any" is not in "company"
    assert words.get("employer_kind").match("company", ["person", "company"]) == ["company"]
    assert words.get("pay_method").match("company", ["daily", "any"]) == []


def test_two_options_named_are_asked_again_by_their_numbers(conv):
    u = User(conv)
    _register_until(u, "reg-ask-days")
    ids, out = u.send("周末和工作日都行吗")
    assert ids[0] == "pick-which" and out.out[0].vars["numbers"] == "1 / 2 / 3"
    ids, out = u.send("周末和工作日")
    assert ids[0] == "pick-which" and out.out[0].vars["numbers"] == "2 / 3"
    ids, out = u.send("礼拜六")
    assert ids[0] == "reg-ask-hours"


def _register_until(u, question):
    """A registered worker's "补充": the questions registration leaves out (they have defaults)."""
    u.store[WorkerProfile()] = Worker(openid=u.openid, name="老王", phone="13905951234", areas=("fengze",),
                                      trades=("porter",))
    answers = ["补充", "1975"]
    for answer in answers:
        ids, _ = u.send(answer)
        assert "dialog-gave-up" not in ids and "pick-a-number" not in ids, (answer, ids)
        if question in ids:
            return
    raise AssertionError(f"{question} never asked")


def test_a_worker_registers_answering_every_choice_in_words(conv):
    u = User(conv)
    _register_until(u, "reg-ask-days")
    for answer, next_question in (("每天都行", "reg-ask-hours"), ("全天", "reg-ask-pay"), ("一天200", "reg-ask-method"),
                                  ("干完一起结吧 都可以", "reg-ask-push"), ("对的 要", "reg-ask-show-phone"),
                                  ("老板录用我以后再给", "reg-ask-skills"), ("没有", "reg-summary")):
        ids, _ = u.send(answer)
        assert ids[0] == next_question, (answer, ids)
    u.send("对的")
    [worker] = [c for c in u.commands if isinstance(c, SaveWorker)]
    assert (worker.days, worker.hours, worker.pay_method, worker.wants_push) == ("any", "any", "any", True)


def test_hours_and_days_by_their_synonyms(conv):
    for days, hours, saved in (("天天", "上午", ("any", "morning")), ("周末", "晚上", ("weekends", "evening")),
                               ("weekends", "afternoon", ("weekends", "afternoon"))):
        u = User(conv)
        _register_until(u, "reg-ask-days")
        u.send(days)
        ids, _ = u.send(hours)
        assert ids[0] == "reg-ask-pay", (days, hours, ids)
        assert (u.state["dialog"]["slots"]["days"], u.state["dialog"]["slots"]["hours"]) == saved


def _post_until(u, question, text="明天丰泽区搬家需要3个小工，200元一天，早上8点到下午5点，联系电话13905951234"):
    ids, _ = u.send(text)
    return _post_until_in_same(u, ids, question)


def _post_until_in_same(u, ids, question):
    answers = {"post-ask-address": "东海街道刺桐小区", "post-ask-employer-name": "陈先生"}
    for _ in range(12):
        if question in ids:
            return ids
        pending = [k for k in answers if k in ids]
        assert pending, ids
        ids, _ = u.send(answers[pending[0]])
    raise AssertionError(f"{question} never asked")


def test_pay_method_and_employer_kind_in_words_publish_the_post(conv):
    # Both have defaults now (paid daily for a pay per day, hiring for oneself): changed at the summary, in words.
    u = User(conv)
    _post_until(u, "post-confirm")
    ids, _ = u.send("结算方式不对")
    assert "post-ask-method" in ids, ids
    ids, _ = u.send("干完一起结")
    assert "pick-a-number" not in ids and "pick-number-or-words" not in ids and "post-summary" in ids
    ids, _ = u.send("改招工方")
    assert "post-ask-employer-kind" in ids, ids
    ids, _ = u.send("个人")
    assert "post-ask-employer-kind" not in ids
    ids = _post_until_in_same(u, ids, "post-confirm")
    ids, _ = u.send("对的")
    assert "post-published" in ids
    [publish] = [c for c in u.commands if isinstance(c, PublishJob)]
    assert publish.job.pay_method == "on_completion" and publish.employer.kind == "person"


def test_hiring_said_to_person_or_company_is_asked_again_plainly_then_understood(conv):
    u = User(conv)
    _post_until(u, "post-confirm", "明天丰泽区搬家需要3个小工，日结200元，早上8点到下午5点，电话13905951234")
    ids, _ = u.send("改招工方")
    assert "post-ask-employer-kind" in ids
    ids, _ = u.send("招工")
    assert ids[0] == "post-kind-which" and "post-ask-employer-kind" in ids and "dialog-gave-up" not in ids
    ids, _ = u.send("我是单位招工")
    assert "post-ask-employer-kind" not in ids and "dialog-gave-up" not in ids
    assert u.state["dialog"]["slots"]["employer_kind"] == "company"


def _to_decision(conv):
    applicant = Applicant(Application(id=55, job_id=12, worker_openid="o_w", status="applied"), name="小李",
                          phone=None, phone_hidden=True, trades=("mover",), rating=None)
    u = User(conv, store={MyJobs(): [a_job()], EmployerProfile(): EMPLOYER, Applicants(12): [applicant]})
    u.send("我的招工")
    u.send("1")
    ids, _ = u.send("看报名的人")
    assert "applicant-line" in ids, ids
    u.send("1")
    return u


@pytest.mark.parametrize("answer,accept", [("录用", True), ("对的", True), ("就要他了", True), ("不合适", False),
                                           ("不要他", False)])
def test_an_employer_decides_on_an_applicant_in_words(conv, answer, accept):
    u = _to_decision(conv)
    ids, _ = u.send(answer)
    assert "applicant-decided" in ids, ids
    assert [c for c in u.commands if isinstance(c, DecideApplication)] == [DecideApplication(55, accept=accept)]


def test_words_that_fit_no_option_ask_for_the_number_or_the_words(conv):
    u = _to_decision(conv)
    ids, out = u.send("让我想想")
    assert ids[0] == "pick-number-or-words" and out.out[0].vars["max"] == 2


def test_a_worker_paid_when_the_job_is_done_is_understood_though_not_offered(conv):
    u = User(conv)
    _register_until(u, "reg-ask-days")
    for answer in ("每天都行", "全天", "一天200"):
        u.send(answer)
    ids, _ = u.send("干完一起结")
    assert ids[0] == "reg-ask-push" and u.state["dialog"]["slots"]["method"] == "on_completion"


def test_a_market_in_a_list_is_picked_by_a_part_of_its_name(conv):
    u = User(conv)
    u.send("零工市场")
    ids, _ = u.send("丰泽")
    assert "markets-found" in ids
    ids, out = u.send("丰泽")  # both listed markets are in Fengze: which one?
    assert ids[0] == "pick-which"
    ids, out = u.send("东海驿站")
    assert "market-detail" in ids and "东海" in out.out[ids.index("market-detail")].vars["name"]
