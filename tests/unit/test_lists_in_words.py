"""Lists and confirmations answered in words (issue 13, item 1): a line
of a list by words only it has (a name, a day, a trade), and "cancel
this?" answered with the cancel itself ("not going any more")."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bot.app import language_resources
from bot.domain import Applicant, Application, Appointment, Enrollment, Engagement
from bot.features.account.messages import DataHeld, DeleteMyData, MyData
from bot.features.find_work.messages import MyApplications, Withdraw
from bot.features.guidance.messages import BookGuidance, CancelGuidance, MyBookings, TakenSlots
from bot.features.post_job.messages import Applicants, DecideApplication, EmployerProfile, MyJobs
from bot.features.ratings.messages import Engagements, Rate, SurveyDue
from bot.features.training.messages import CancelEnrollment, MyTraining
from bot.turn.conversation import Conversation
from tests.unit.test_conversation import User
from tests.unit.test_find_work import JOB
from tests.unit.test_post_job import EMPLOYER, a_job

# The User's clock: Friday 15 January 2027; the guidance slots shown are Monday 18 to Friday 22,
# morning then afternoon at the Donghai station, open both (1 = Monday morning, 4 = Tuesday
# afternoon); the Fengze market is open mornings only.


@pytest.fixture(scope="module")
def conv():
    refdata, nlu = language_resources()
    return Conversation(nlu, refdata)


def _sent(u, kind):
    return [c for c in u.commands if isinstance(c, kind)]


# ---- my applications -------------------------------------------------------------

def _applications(conv, *jobs):
    apps = [Application(id=31 + i, job_id=job.id, worker_openid="o_unit_user", status="applied", job=job)
            for i, job in enumerate(jobs)]
    u = User(conv, store={MyApplications(): apps})
    ids, _ = u.send("我的报名")
    assert "myapps-list" in ids, ids
    return u


@pytest.mark.parametrize("answer,withdrawn", [
    ("确定不去了", True), ("不去了", True), ("对 不去了", True), ("退掉吧", True), ("算了 不干了", True),
    ("不想去了", True), ("有事 来不了", True),
    ("不取消", False), ("还去", False), ("算了不退了", False), ("别取消 我会去", False)])
def test_the_withdraw_question_takes_the_withdrawal_said_in_words(conv, answer, withdrawn):
    u = _applications(conv, JOB)
    u.send("1")
    ids, _ = u.send(answer)
    assert ids[0] == ("myapps-withdrawn" if withdrawn else "myapps-kept"), (answer, ids)
    assert _sent(u, Withdraw) == ([Withdraw(31)] if withdrawn else [])


@pytest.mark.parametrize("answer", ["不 不去了", "不要退掉", "不去了 还去"])
def test_a_no_beside_the_withdrawal_or_both_ask_again(conv, answer):
    u = _applications(conv, JOB)
    u.send("1")
    ids, _ = u.send(answer)
    assert ids[0] == "pick-number-or-words" and "myapps-withdraw" in ids, (answer, ids)
    assert not _sent(u, Withdraw)


def test_an_application_is_picked_by_the_employer_s_name(conv):
    other = replace(JOB, id=8, area="licheng", contact_name="林姐")
    u = _applications(conv, JOB, other)
    ids, _ = u.send("林姐那个")
    assert "myapps-withdraw" in ids, ids
    u.send("不去了")
    assert _sent(u, Withdraw) == [Withdraw(32)]


def test_latin_words_are_matched_whole(conv):
    # "the one" has no piece "he" (of "Mr Chen"), "with" none "in" (of "Ms Lin").
    chen = replace(JOB, contact_name="Mr Chen")
    lin = replace(JOB, id=8, area="licheng", contact_name="Ms Lin")
    u = _applications(conv, chen, lin)
    ids, _ = u.send("the one with Ms Lin")
    assert "myapps-withdraw" in ids, ids
    u.send("yes I'm not going")
    assert _sent(u, Withdraw) == [Withdraw(32)]


# ---- my training -----------------------------------------------------------------

ELECTRICIAN = Enrollment(id=3, course_code="EL01", openid="o_unit_user", status="enrolled",
                         name="低压电工上岗证培训", start_date="2027-01-20", mode="offline")
FORKLIFT = Enrollment(id=4, course_code="FK01", openid="o_unit_user", status="enrolled",
                      name="叉车司机培训", start_date="2027-01-25", mode="offline")


def test_my_training_is_picked_by_the_course_s_name_and_cancelled_with_a_yes_and_not_going(conv):
    u = User(conv, store={MyTraining(): [ELECTRICIAN, FORKLIFT]})
    assert "mytraining-list" in u.send("我报的培训")[0]
    ids, _ = u.send("叉车那个")
    assert "mytraining-cancel" in ids, ids
    ids, _ = u.send("对 不去了")
    assert ids[0] == "mytraining-cancelled", ids
    assert _sent(u, CancelEnrollment) == [CancelEnrollment("FK01")]


@pytest.mark.parametrize("answer,cancelled", [("不学了", True), ("还去", False), ("不取消了", False)])
def test_the_training_cancel_question_in_words(conv, answer, cancelled):
    u = User(conv, store={MyTraining(): [ELECTRICIAN]})
    u.send("我报的培训")
    u.send("1")
    ids, _ = u.send(answer)
    assert ids[0] == ("mytraining-cancelled" if cancelled else "mytraining-kept"), (answer, ids)


# ---- guidance --------------------------------------------------------------------

def _at_slots(conv, market="东海零工驿站", code="fengze_donghai"):
    u = User(conv, store={TakenSlots(code): {}, MyBookings(): []})
    u.send("预约职业指导")
    ids, _ = u.send(market)
    assert "guidance-slot-line" in ids, ids
    return u


@pytest.mark.parametrize("answer", ["丰泽零工市场", "丰泽那个零工市场"])
def test_a_market_by_the_parts_of_its_name_said_without_the_rest(conv, answer):
    # "泉州市丰泽区零工市场": no part of "丰泽零工市场" is its alone (丰泽 names the Donghai station too).
    u = User(conv, store={TakenSlots("fengze_market"): {}, MyBookings(): []})
    u.send("预约职业指导")
    ids, _ = u.send(answer)
    assert "guidance-slot-line" in ids, (answer, ids)
    assert u.state["dialog"]["slots"]["market"] == "fengze_market"


def test_words_every_market_has_still_ask_which(conv):
    u = User(conv, store={MyBookings(): []})
    u.send("预约职业指导")
    ids, out = u.send("泉州市")
    assert ids[0] == "pick-which" and out.out[0].vars["numbers"] == "1 / 2 / 3 / 4 / 5 / 6 / 7 / 8", ids


@pytest.mark.parametrize("answer,day,half", [("周二下午", "2027-01-19", "afternoon"),
                                             ("星期一上午", "2027-01-18", "morning"),
                                             ("20号下午吧", "2027-01-20", "afternoon")])
def test_a_guidance_slot_by_its_day_and_half_day(conv, answer, day, half):
    u = _at_slots(conv)
    ids, _ = u.send(answer)
    assert ids[0] == "guidance-ask-topic", (answer, ids)
    ids, _ = u.send("1")
    assert "guidance-booked" in ids, (answer, ids)
    [booked] = _sent(u, BookGuidance)
    assert (booked.day, booked.half, booked.topic) == (day, half, "work")


def test_a_day_alone_asks_which_half_and_a_day_not_shown_says_so(conv):
    u = _at_slots(conv)
    ids, out = u.send("周二")
    assert ids[0] == "pick-which" and out.out[0].vars["numbers"] == "3 / 4", ids
    ids, _ = u.send("周六")
    assert ids[0] == "guidance-slot-not-shown", ids
    ids, _ = u.send("下午")
    assert ids[0] == "pick-which", ids
    assert not _sent(u, BookGuidance)


BOOKINGS = [Appointment(id=4, openid="o_unit_user", market_code="fengze_market", day="2027-01-19", half="morning"),
            Appointment(id=5, openid="o_unit_user", market_code="licheng_market", day="2027-01-21",
                        half="afternoon")]


def test_my_guidance_picked_by_its_day_and_cancelled_in_words(conv):
    u = User(conv, store={MyBookings(): BOOKINGS})
    u.send("我约的指导")
    ids, _ = u.send("周四那个")
    assert "myguidance-action" in ids, ids
    ids, _ = u.send("取消掉 那天没空")
    assert "myguidance-cancelled" in ids, ids
    assert _sent(u, CancelGuidance) == [CancelGuidance(5)]


@pytest.mark.parametrize("answer", ["不约了", "那天有事 去不了了"])
def test_my_guidance_cancelled_in_other_words(conv, answer):
    u = User(conv, store={MyBookings(): BOOKINGS[:1]})
    u.send("我约的指导")
    u.send("1")
    ids, _ = u.send(answer)
    assert "myguidance-cancelled" in ids, (answer, ids)


def test_my_guidance_moved_in_words(conv):
    u = User(conv, store={MyBookings(): BOOKINGS[:1], TakenSlots("fengze_market"): {}})
    u.send("我约的指导")
    u.send("1")
    ids, _ = u.send("换一天")
    assert "guidance-slot-line" in ids, ids
    ids, _ = u.send("周三上午")
    assert ids[0] == "guidance-ask-topic", ids     # booked before the topic was asked
    u.send("学技术")
    [booked] = _sent(u, BookGuidance)
    assert (booked.day, booked.half, booked.replaces, booked.topic) == ("2027-01-20", "morning", 4, "skills")


def test_a_moved_booking_keeps_its_topic(conv):
    u = User(conv, store={MyBookings(): [replace(BOOKINGS[0], topic="rights")], TakenSlots("fengze_market"): {}})
    u.send("我约的指导")
    u.send("1")
    u.send("换一天")
    ids, _ = u.send("周三上午")
    assert "guidance-booked" in ids, ids
    [booked] = _sent(u, BookGuidance)
    assert (booked.day, booked.replaces, booked.topic) == ("2027-01-20", 4, "rights")


# ---- my jobs: applicants ---------------------------------------------------------

def _applicants(conv):
    wang = Applicant(Application(id=101, job_id=12, worker_openid="o_w1", status="applied"), name="老王",
                     trades=("porter",))
    qiang = Applicant(Application(id=102, job_id=12, worker_openid="o_w2", status="applied"), name="阿强",
                      trades=("porter",))
    u = User(conv, store={MyJobs(): [a_job()], EmployerProfile(): EMPLOYER, Applicants(12): [wang, qiang]})
    u.send("我的招工")
    u.send("1")
    ids, _ = u.send("看看谁报名了")
    assert "applicant-line" in ids, ids
    return u


@pytest.mark.parametrize("name,decision,application,accept", [
    ("老王", "就要他了", 101, True), ("阿强吧", "不要他了", 102, False), ("老王", "不合适", 101, False)])
def test_an_applicant_by_name_and_the_decision_in_words(conv, name, decision, application, accept):
    u = _applicants(conv)
    ids, out = u.send(name)
    assert ids[0] == "applicant-decide", (name, ids)
    ids, _ = u.send(decision)
    assert "applicant-decided" in ids, (decision, ids)
    assert _sent(u, DecideApplication) == [DecideApplication(application, accept=accept)]


def test_a_job_of_mine_by_its_trade(conv):
    cook = a_job(13, trades=("cook",))
    u = User(conv, store={MyJobs(): [a_job(), cook], EmployerProfile(): EMPLOYER})
    u.send("我的招工")
    ids, _ = u.send("厨师那个")
    assert "myjobs-action" in ids, ids
    assert u.state["dialog"]["slots"]["pick_job"] == 13


# ---- ratings ---------------------------------------------------------------------

def _engagement(id, name):
    return Engagement(id=id, job_id=id, worker_openid="o_unit_user", employer_id=3, employer_openid="o_e",
                      trades=("porter",), area="fengze", start_date="2027-01-10", employer_name=name,
                      ended_at=1_799_990_000.0, role="worker")


def test_a_job_to_rate_by_the_other_s_name_then_score_and_tags_in_words(conv):
    u = User(conv, store={Engagements(): [_engagement(61, "陈先生"), _engagement(62, "林姐")], SurveyDue(): False})
    u.send("评价")
    ids, _ = u.send("林姐")
    assert "rate-ask-score" in ids, ids
    u.send("很满意")
    ids, _ = u.send("按时结清工资 态度也好")
    assert "rate-ask-comment" in ids, ids
    u.send("跳过")
    [rate] = _sent(u, Rate)
    assert (rate.engagement, rate.score, set(rate.tags)) == (62, 5, {"paid", "respectful"})


@pytest.mark.parametrize("answer,asked", [("工资不按时", "pick-number-or-words"), ("不知道", "pick-number-or-words"),
                                          ("工资", "pick-which"), ("安全", "pick-which")])
def test_a_tag_with_a_not_it_lacks_no_tag_or_several_is_asked_again(conv, answer, asked):
    u = User(conv, store={Engagements(): [_engagement(61, "陈先生")], SurveyDue(): False})
    u.send("评价")
    u.send("1")
    u.send("5")
    ids, _ = u.send(answer)
    assert ids[0] == asked, (answer, ids)
    assert "rate-ask-tags" in ids


# ---- account: delete -------------------------------------------------------------

HELD = DataHeld(worker=True, employer=False, open_jobs=0, open_tickets=(), complaints_open=0,
                complaints_closed=0, ratings_given=0, records=3, ticket_days=365)


@pytest.mark.parametrize("answer,deleted", [("注销吧", True), ("删吧", True), ("对 全删了", True), ("不注销了", False),
                                            ("先不删", False)])
def test_delete_in_words(conv, answer, deleted):
    u = User(conv, store={MyData(): HELD})
    u.send("注销")
    ids, _ = u.send(answer)
    assert bool(_sent(u, DeleteMyData)) == deleted, (answer, ids)
    assert ids[0] == ("delete-done" if deleted else "delete-kept"), ids


def test_delete_with_more_than_the_delete_words_asks_again(conv):
    u = User(conv, store={MyData(): HELD})
    u.send("注销")
    ids, _ = u.send("注销 但是我的评价呢")
    assert ids[0] == "pick-number-or-words" and not _sent(u, DeleteMyData), ids


# ---- find work: a job shown, by its contact's name ----------------------------------

def test_a_job_found_is_picked_by_its_contact_s_name(conv):
    from tests.unit.test_find_work import Worker
    from bot.features.find_work.messages import JobById, JobsByIds

    other = replace(JOB, id=8, area="licheng", contact_name="林姐")
    w = Worker(conv, {JobsByIds((7, 8)): {7: JOB, 8: other}, JobById(8): other})
    w.found = {"results": [[7, 1.2], [8, 2.5]], "jobs": {}, "widened": None}
    assert "job-line" in w.send("找搬运的活")
    assert "job-detail" in w.send("林姐那个")
    assert w.state["dialog"]["slots"]["job"] == 8
    # Words that name no one shown and no search are asked again as before.
    w2 = Worker(conv, {JobsByIds((7, 8)): {7: JOB, 8: other}})
    w2.found = w.found
    w2.send("找搬运的活")
    assert w2.send("王老板那个")[0] == "find-say-what"


@pytest.mark.parametrize("answer", ["取消", "不要了", "cancel"])
def test_a_bare_cancel_word_at_the_withdraw_question_withdraws_instead_of_leaving_it_kept(conv, answer):
    # "取消" works anywhere as "leave this"; at "withdraw this application?"
    # it used to close the question with "cancelled" while the application
    # stayed: the words of the question itself answer it.
    u = _applications(conv, JOB)
    u.send("1")
    ids, _ = u.send(answer)
    assert ids[0] == "myapps-withdrawn", (answer, ids)
    assert _sent(u, Withdraw) == [Withdraw(31)]


def test_a_bare_cancel_word_at_the_training_cancel_question_cancels_the_enrollment(conv):
    u = User(conv, store={MyTraining(): [ELECTRICIAN]})
    u.send("我报的培训")
    u.send("1")
    ids, _ = u.send("取消")
    assert ids[0] == "mytraining-cancelled", ids
    assert len(_sent(u, CancelEnrollment)) == 1


def test_a_cancel_word_elsewhere_still_leaves_the_dialog(conv):
    u = _applications(conv, JOB)
    ids, _ = u.send("取消")   # at the list, not at the question whether to withdraw
    assert ids[0] == "cancelled" and not _sent(u, Withdraw)
