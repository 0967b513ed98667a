"""After the job, without I/O: the ratings dialogs read typed queries and
ask for typed commands (bot/features/ratings/messages.py), and "my rating"
shows why a rating is what it is."""
import pytest

from tests.unit.test_conversation import conv  # noqa: F401  (the fixture)

from bot.domain import Engagement
from bot.features.account.messages import UpdateUser
from bot.features.ratings.messages import (AnswerSurvey, DidNotHappen, Engagements, MyRating, Rate, StartSurvey,
                                           SurveyDue, WorkDone)
from tests.unit.test_conversation import User

NOW = 1_800_000_000.0


def engagement(id, role="worker", ended_at=None, ended_by=None, disputed=False, my_rating=None):
    return Engagement(id=id, job_id=100 + id, worker_openid="o_worker", employer_id=1, employer_openid="o_boss",
                      role=role, ended_at=ended_at, ended_by=ended_by, disputed=disputed, my_rating=my_rating,
                      trades=("mover",), area="fengze", start_date="2027-01-15", employer_name="陈先生",
                      worker_name="小李")


def commands(u):
    """What the turns asked to change, besides remembering the user."""
    out = [e for e in u.commands if not isinstance(e, UpdateUser)]   # not the user record's bookkeeping
    return out


def test_work_done_then_a_rating_and_the_survey_ask_typed_commands(conv):
    u = User(conv, store={Engagements(): [engagement(7), engagement(8, ended_at=NOW)], SurveyDue(): True})
    ids, _ = u.send("完工")
    assert "done-list" in ids and ids.count("engagement-line") == 1, "only the engagement still going on"
    ids, _ = u.send("1")
    assert "done-ok" in ids and "rate-ask-score" in ids
    u.send("5")
    u.send("1 3")
    ids, _ = u.send("老板人很好")
    assert "rate-saved" in ids and "survey-intro" in ids and "survey-ask-environment" in ids
    ids, _ = u.send("4")
    assert ids[0] == "survey-ask-process"
    ids, _ = u.send("一般")
    assert ids[0] == "survey-ask-result"
    ids, _ = u.send("挺好的")
    assert "survey-thanks" in ids
    assert commands(u) == [WorkDone(7), Rate(7, "worker", 5, ("paid", "safe"), "老板人很好"),
                           StartSurvey("engagement"), AnswerSurvey(environment=4, process=3, result=4)]


@pytest.mark.parametrize("answers,got", [
    (("5", "不满意", "很满意"), (5, 2, 5)),
    (("跳过", "满意", "跳过"), (None, 4, None)),
    (("很差", "三", "非常满意"), (1, 3, 5)),
])
def test_the_satisfaction_survey_takes_numbers_words_and_skips(conv, answers, got):
    u = User(conv, store={Engagements(): [engagement(8, ended_at=NOW)], SurveyDue(): True})
    u.send("评价")
    u.send("1")
    u.send("5")
    u.send("跳过")
    ids, _ = u.send("跳过")
    assert "survey-ask-environment" in ids
    for a in answers:
        ids, _ = u.send(a)
    assert "survey-thanks" in ids
    assert commands(u)[-1] == AnswerSurvey(environment=got[0], process=got[1], result=got[2])


def test_an_answer_that_is_no_score_leaves_the_survey_for_what_it_asks(conv):
    u = User(conv, store={Engagements(): [engagement(8, ended_at=NOW)], SurveyDue(): True})
    for text in ("评价", "1", "5", "跳过", "跳过"):
        u.send(text)
    ids, out = u.send("我要找工作")
    assert out.intent == "find_work" and "survey-thanks" not in ids
    assert not any(isinstance(c, AnswerSurvey) for c in commands(u))


def test_no_survey_when_one_was_asked_this_month(conv):
    ended = engagement(3, role="employer", ended_at=NOW - 3600, ended_by="worker")
    u = User(conv, store={Engagements(): [ended], SurveyDue(): False})
    ids, _ = u.send("评价")
    assert "rate-list" in ids
    u.send("1")
    u.send("2")
    u.send("跳过")
    ids, _ = u.send("跳过")
    assert "rate-saved" in ids and "survey-ask-environment" not in ids
    assert commands(u) == [Rate(3, "employer", 2, (), "")]


def test_it_did_not_happen_asks_for_a_check_by_staff(conv):
    said_done = engagement(5, ended_at=NOW - 60, ended_by="employer")
    u = User(conv, store={Engagements(): [said_done, engagement(6, ended_at=NOW - 60, ended_by="worker")]})
    ids, _ = u.send("没干成")
    assert "dispute-list" in ids and ids.count("engagement-line") == 1, "only what the other side ended"
    ids, _ = u.send("1")
    assert "dispute-sent" in ids
    assert commands(u) == [DidNotHappen(5)]


def test_my_rating_shows_the_average_and_the_tags_others_chose(conv):
    stats = {"worker": {"avg": 4.5, "count": 2, "tags": [("on_time", 2), ("good_work", 1)]},
             "employer": {"avg": 0.0, "count": 0, "tags": []}}
    u = User(conv, store={MyRating(): stats})
    ids, out = u.send("我的评分")
    assert ids == ["my-rating", "my-rating-tag", "my-rating-tag"]
    assert out.out[0].vars == {"role": "worker", "avg": "4.5", "count": 2}
    assert [(s.vars["tag"], s.vars["count"]) for s in out.out[1:]] == [("准时", 2), ("干活好", 1)]
    u = User(conv, store={MyRating(): {"worker": {"avg": 0.0, "count": 0, "tags": []},
                                       "employer": {"avg": 0.0, "count": 0, "tags": []}}})
    ids, _ = u.send("我的评分")
    assert ids == ["my-rating-none"]


def later(id, start_date, **kw):
    from dataclasses import replace

    return replace(engagement(id, **kw), start_date=start_date)


def test_work_done_is_refused_before_the_job_begins_saying_from_which_day(conv):
    # NOW is 2027-01-15 in Quanzhou; the job begins on the 20th
    u = User(conv, store={Engagements(): [later(7, "2027-01-20")]})
    ids, out = u.send("完工")
    assert ids[0] == "done-not-yet" and "done-ok" not in ids
    assert out.out[0].vars == {"id": 107, "month": 1, "day": 20}
    from bot.i18n import Catalog

    assert "1月20日" in Catalog().text("zh_CN", "done-not-yet", **out.out[0].vars)
    assert commands(u) == []


def test_work_done_lists_only_work_that_has_begun(conv):
    u = User(conv, store={Engagements(): [later(7, "2027-01-20"), later(8, "2027-01-14")]})
    ids, _ = u.send("完工")
    assert "done-list" in ids and ids.count("engagement-line") == 1
    u.send("1")
    assert commands(u) == [WorkDone(8)]


def test_after_the_other_side_said_done_work_done_goes_on_to_rating(conv):
    said_done = engagement(5, ended_at=NOW - 60, ended_by="employer")
    u = User(conv, store={Engagements(): [said_done], SurveyDue(): False})
    ids, _ = u.send("完工")
    assert ids[:2] == ["done-by-other", "rate-list"] and "done-none" not in ids
    u.send("1")
    u.send("4")
    u.send("跳过")
    ids, _ = u.send("跳过")
    assert "rate-saved" in ids
    assert commands(u) == [Rate(5, "worker", 4, (), "")]


@pytest.mark.parametrize("said", ["对", "干完了", "活干完了"])
def test_at_a_list_of_one_a_yes_or_the_service_named_again_is_that_one(conv, said):
    """Found in ./dev chat: "干完了" at "哪份活干完了？" (one listed) was "没看懂",
    three times, and the dialog gave up."""
    u = User(conv, store={Engagements(): [engagement(7)], SurveyDue(): False})
    u.send("完工")
    ids, _ = u.send(said)
    assert "done-ok" in ids and commands(u) == [WorkDone(7)], ids


def test_a_yes_at_a_list_of_two_still_asks_which(conv):
    u = User(conv, store={Engagements(): [engagement(7), engagement(9)], SurveyDue(): False})
    u.send("完工")
    ids, _ = u.send("对")
    assert "done-ok" not in ids and commands(u) == [], ids


def test_a_score_said_aloud_is_taken_and_said_again_at_the_words_changes_it(conv):
    """"五分" (voice input) at "打几分？" was "请回复 1 到 5 的数字"; said again
    at the words to pick it was a miss."""
    u = User(conv, store={Engagements(): [engagement(8, ended_at=NOW)], SurveyDue(): False})
    u.send("评价")
    u.send("1")
    ids, _ = u.send("四分")
    assert ids[0] == "rate-ask-tags", ids
    ids, out = u.send("还是打五分吧")
    assert ids[0] == "rate-score-changed" and out.out[0].vars["score"] == 5, ids
    ids, _ = u.send("不错")   # a word of a score, but here not a new score
    assert "rate-score-changed" not in ids
    u.send("1")
    u.send("跳过")
    assert [c for c in commands(u) if isinstance(c, Rate)][0].score == 5


def test_an_okay_at_a_list_whose_pick_undoes_something_is_not_that_one(conv):
    """"我的报名" lists what can be cancelled: "好的" there means "seen", and
    must not lead, with a second "好的", to a cancelled application."""
    from bot.domain import Application
    from bot.features.find_work.messages import MyApplications, Withdraw
    from tests.unit.test_find_work import JOB
    app = Application(id=5, job_id=7, worker_openid="o_unit_user", status="applied", job=JOB)
    u = User(conv, store={MyApplications(): [app]})
    u.send("我的报名")
    ids, _ = u.send("好的")
    ids2, _ = u.send("好的")
    assert not [c for c in commands(u) if isinstance(c, Withdraw)], (ids, ids2)


def test_rating_in_other_words_is_asked_for_rating():
    from bot.app import language_resources

    _, nlu = language_resources()
    assert nlu.intent("给老板评个价").name == "rating"
