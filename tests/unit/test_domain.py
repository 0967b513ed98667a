"""The rules the domain records carry (bot/domain): each one as the
callers relied on it when it was dict arithmetic in their bodies."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.domain import (CORRECTION_WINDOW, Application, Course, Employer, Engagement, Enrollment, Job, Rating, Ticket,
                        TicketMessage, Worker)

TODAY = date(2027, 1, 20)


def a_job(**kw) -> Job:
    base = dict(id=12, employer_id=3, trades=("mover",), area="fengze", start_date="2027-01-18",
                end_date="2027-01-20", days=3, start_time="08:00", pay_min=200, pay_max=200, pay_unit="day",
                pay_method="daily", headcount=3, contact_phone="13905951234", status="open")
    base.update(kw)
    return Job(**base)


def test_places_left_never_go_below_nothing_and_a_full_job_takes_no_one():
    assert a_job(filled=1).places_left == 2
    assert a_job(filled=5).places_left == 0
    assert not a_job(filled=2).is_full and a_job(filled=3).is_full
    assert a_job(filled=2).takes_applications
    assert not a_job(filled=3).takes_applications, "full"
    assert not a_job(status="review").takes_applications, "not open"


def test_a_job_is_open_through_its_last_day_and_then_reads_as_expired_to_its_employer():
    job = a_job()
    assert job.is_open_on(TODAY) and not job.is_over(TODAY)
    assert job.status_on(TODAY) == "open"
    tomorrow = date(2027, 1, 21)
    assert job.is_over(tomorrow) and not job.is_open_on(tomorrow)
    assert job.status_on(tomorrow) == "expired"
    assert a_job(status="closed").status_on(tomorrow) == "closed", "only an open job expires"
    assert not a_job(status="review").is_open_on(TODAY)
    assert (job.first_day, job.last_day) == (date(2027, 1, 18), TODAY)
    assert a_job(kind="welfare").is_welfare and not job.is_welfare


def test_an_application_is_active_while_applied_or_accepted():
    app = Application(id=1, job_id=12, worker_openid="o_w", status="applied")
    assert app.is_active and replace(app, status="accepted").is_active
    assert not replace(app, status="withdrawn").is_active and not replace(app, status="declined").is_active


def test_a_worker_near_me_age_and_the_phone_an_employer_sees_with_an_application():
    w = Worker(openid="o_w", name="老王", phone="13905958888", birth_year=1975)
    assert w.near is None and replace(w, near_lat=24.9, near_lng=118.6).near == (24.9, 118.6)
    assert w.age_on(TODAY) == 52 and replace(w, birth_year=None).age_on(TODAY) is None
    assert w.phone_for_applications is None, "kept back until accepted"
    assert replace(w, show_phone=True).phone_for_applications == "13905958888"
    assert replace(w, show_phone=True, phone=None).phone_for_applications is None


def test_an_employer_consented_once_consent_is_recorded():
    e = Employer(id=3, openid="o_e", kind="person", name="陈先生", phone="13905957777")
    assert not e.has_consented and replace(e, consent_at=1_700_000_000.0).has_consented


def test_a_course_is_full_at_capacity_and_says_the_seats_left():
    c = Course(code="a", name="电工", mode="offline", start_date="2027-02-01", end_date="2027-02-03", capacity=2)
    assert c.seats_left == 2 and not c.is_full
    assert replace(c, enrolled=2).is_full and replace(c, enrolled=2).seats_left == 0
    assert replace(c, enrolled=3).seats_left == 0


def test_an_enrollment_is_active_signed_up_or_waiting():
    e = Enrollment(id=1, course_code="a", openid="o_w", status="waiting")
    assert e.is_active and replace(e, status="enrolled").is_active and not replace(e, status="cancelled").is_active


def test_a_ticket_closed_told_and_answered():
    t = Ticket(id=7, openid="o_u", kind="wages", created_at=100.0)
    assert not t.is_closed and replace(t, status="closed").is_closed
    assert t.last_told_staff == 100.0 and replace(t, repeat_noticed_at=300.0).last_told_staff == 300.0
    assert not t.answered_since_told
    assert replace(t, touched_at=150.0).answered_since_told
    assert not replace(t, touched_at=150.0, repeat_noticed_at=300.0).answered_since_told, "wrote again since"
    assert replace(t, status="closed").awaits_anonymising
    assert not replace(t, status="closed", anonymised_at=500.0).awaits_anonymising
    assert t.first_reply_or(900.0) == 900.0 and replace(t, first_reply_at=200.0).first_reply_or(900.0) == 200.0
    said = replace(t, messages=(TicketMessage(1, 7, "user", "还没给"), TicketMessage(2, 7, "staff", "在联系")))
    assert [m.text for m in said.staff_replies] == ["在联系"]


def test_a_rating_is_correctable_for_a_day_and_an_engagement_knows_its_sides():
    r = Rating(id=1, application_id=5, rater_role="worker", rater_openid="o_w", worker_openid="o_w", employer_id=3,
               score=4, created_at=1000.0)
    assert r.correctable(1000.0 + CORRECTION_WINDOW) and not r.correctable(1001.0 + CORRECTION_WINDOW)
    e = Engagement(id=5, job_id=12, worker_openid="o_w", employer_id=3, employer_openid="o_e")
    assert (e.side_of("o_w"), e.side_of("o_e"), e.side_of("o_x")) == ("worker", "employer", None)
    assert e.other_side("worker") == "o_e" and e.other_side("employer") == "o_w"
    assert not e.rateable and replace(e, ended_at=2000.0).rateable
    assert not replace(e, ended_at=2000.0, disputed=True).rateable


def test_a_commands_fields_are_what_asdict_gave():
    """`field_values` replaced dataclasses.asdict on the hot path: for the
    flat messages it serves, the dict is the same."""
    from dataclasses import asdict

    from bot.bus import field_values
    from bot.features.find_work.messages import FindJobs
    from bot.features.post_job.messages import Employer, JobPost
    from bot.features.register.messages import SaveWorker

    messages = [
        SaveWorker(name="老王", phone="13800000000", areas=("fengze", "licheng"), trades=("porter",),
                   near_lat=24.9, near_lng=118.6, hardship_said=("disabled",)),
        SaveWorker(name="李"),
        Employer(kind="company", name="泉州某公司", phone="13900000000", credit_code="91350500MA0000000X"),
        JobPost(trades=("porter", "cleaner"), area="fengze", start_date="2027-01-02", end_date="2027-01-02",
                days=1, start_time="08:00", pay_min=200, pay_max=200, pay_unit="day", pay_method="daily",
                headcount=3, contact_phone="13900000000", meals=True),
        FindJobs(trades=("porter",), near=True, words=("叉车",), origin=(24.9, 118.6)),
    ]
    for message in messages:
        assert field_values(message) == asdict(message)
