"""Posting a job, "my jobs" and the staff review, without I/O: what the
dialogs ask for are typed queries and what they ask to be done are typed
commands (bot/features/post_job/messages.py), never strings."""
from __future__ import annotations

import pytest

from bot.domain import Applicant, Application, Employer, Job
from bot.app import content_rules, language_resources
from bot.turn.conversation import Conversation
from bot.features.find_work.messages import JobById
from bot.features.post_job.messages import (Applicants, CloseJob, DailyPosts, DecideApplication, DecideReview,
                                            EmployerProfile, JobPost, MyJobs, PostsToday, PublishJob, ReviewQueue)
from bot.features.account.messages import PrivacyTerms
from bot.features.account.messages import UpdateUser
from tests.unit.test_conversation import User as _User

STAFF = "o_unit_staff"
EMPLOYER = Employer(id=3, openid="o_unit_user", kind="person", name="陈先生", phone="13905951234",
                    credit_code=None, contact_name="", consent_at=1_700_000_000.0)


def User(conv, openid="o_unit_user", store=None):
    return _User(conv, openid, {PrivacyTerms(): {"engagement_days": 365}, **(store or {})})


@pytest.fixture(scope="module")
def conv():
    refdata, nlu = language_resources()
    return Conversation(nlu, refdata, rules=content_rules(), staff_openids=frozenset({STAFF}))


def a_job(job_id=12, status="open", **kw):
    job = {"id": job_id, "employer_id": 3, "status": status, "trades": ("mover",), "area": "fengze",
           "address": "东海街道", "lat": None, "lng": None, "start_date": "2027-01-20", "end_date": "2027-01-20",
           "days": 1, "start_time": "08:00", "end_time": "17:00", "pay_min": 200, "pay_max": 200, "pay_unit": "day",
           "pay_method": "daily", "headcount": 3, "filled": 0, "skills": "", "description": "搬家",
           "meals": None, "lodging": None, "contact_name": "", "contact_phone": "13905951234", "review_reasons": ()}
    job.update(kw)
    return Job(**job)


def post(u, text):
    """A post in one message, the missing answers given, then "1" (publish)."""
    answers = {"post-ask-address": "东海街道刺桐小区", "post-ask-days": "1", "post-ask-skills": "无",
               "post-consent": "1", "post-ask-employer-kind": "1", "post-ask-employer-name": "陈先生"}
    ids, _ = u.send(text)
    for _ in range(10):
        pending = [k for k in answers if k in ids]
        if not pending:
            break
        ids, _ = u.send(answers[pending[0]])
    assert "post-confirm" in ids, ids
    return u.send("1")[0]


def commands(u):
    return [e for e in u.commands if not isinstance(e, UpdateUser)]   # not the user record's bookkeeping


def test_a_post_is_published_with_a_typed_command(conv):
    u = User(conv)
    ids = post(u, "明天丰泽区搬家需要3个小工，日结200元，早上8点到下午5点，联系电话13905951234")
    assert "post-published" in ids
    [publish] = commands(u)
    assert isinstance(publish, PublishJob) and isinstance(publish.job, JobPost)
    assert not publish.for_review and publish.job_id is None
    job = publish.job
    assert job.trades == ("mover", "odd_job_laborer") and job.area == "fengze" and job.headcount == 3 and job.days == 1
    assert (job.pay_min, job.pay_max, job.pay_unit, job.pay_method) == (200, 200, "day", "daily")
    assert (job.start_time, job.end_time, job.contact_phone) == ("08:00", "17:00", "13905951234")
    assert job.start_date == job.end_date
    assert publish.employer.name == "陈先生" and publish.employer.kind == "person" and publish.employer.consent
    hash(publish)  # frozen all the way down: it can be kept and compared


def test_a_borderline_post_is_held_for_review_with_its_reasons(conv):
    u = User(conv)
    ids = post(u, "晋江鞋厂招普工2名，限45岁以下，日结200，明天8点到17点，电话13905951234")
    assert "post-in-review" in ids
    [publish] = commands(u)
    assert publish.for_review and publish.reasons


def test_the_daily_post_limit_is_told_before_a_post_is_typed(conv):
    u = User(conv, store={PostsToday(): DailyPosts(used=2, limit=2)})
    ids, _ = u.send("我要招工")
    assert ids[0] == "post-cap-reached" and u.state.get("dialog") is None
    assert commands(u) == []


def test_my_jobs_close_and_decide_on_an_applicant_are_typed_commands(conv):
    applicant = Applicant(Application(id=55, job_id=12, worker_openid="o_w", status="applied"), name="小李",
                          phone=None, phone_hidden=True, trades=("mover",), rating=None)
    u = User(conv, store={MyJobs(): [a_job()], EmployerProfile(): EMPLOYER, Applicants(12): [applicant]})
    ids, _ = u.send("我的招工")
    assert "myjobs-line" in ids
    u.send("1")
    u.send("1")  # close
    assert commands(u) == [CloseJob(12)]
    u.send("我的招工")
    u.send("1")
    ids, _ = u.send("4")  # applicants
    assert "applicant-line" in ids
    u.send("1")
    u.send("1")  # accept
    assert commands(u)[1:] == [DecideApplication(55, accept=True)]


def test_editing_a_job_continues_in_the_posting_dialog_and_saves_the_same_job(conv):
    u = User(conv, store={MyJobs(): [a_job()], EmployerProfile(): EMPLOYER})
    u.send("我的招工")
    u.send("1")
    ids, _ = u.send("3")  # edit
    assert "post-summary" in ids and u.state["dialog"]["name"] == "post_job"
    ids, _ = u.send("1")
    assert "post-published" in ids
    [publish] = commands(u)
    assert publish.job_id == 12 and publish.job.description == "搬家"


def test_staff_review_asks_typed_queries_and_decides_with_a_typed_command(conv):
    u = User(conv, openid=STAFF, store={ReviewQueue(): [a_job(12, "review", review_reasons=("age_limit",))],
                                        JobById(12): a_job(12, "review"), JobById(13): a_job(13, "open")})
    ids, _ = u.send("审核")
    assert ids == ["staff-queue", "staff-queue-line", "staff-queue-hint"]
    ids, out = u.send("通过 13")
    assert ids == ["staff-no-such-review"] and out.intent == "staff:unknown"
    ids, out = u.send("拒绝 12 年龄限制不合规")
    assert ids == ["staff-decided"] and out.intent == "staff:reject"
    assert commands(u) == [DecideReview(12, approve=False, note="年龄限制不合规")]
