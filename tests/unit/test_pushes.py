"""Deciding which new jobs to push to which workers, and when."""
from __future__ import annotations

import time as _time
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from bot.domain import Job
from bot.services.pushes import (
    QUANZHOU,
    Push,
    PushPolicy,
    WorkerProfile,
    in_quiet_hours,
    matches,
    next_allowed,
    plan,
    score,
)


def at(*args: int) -> float:
    """Epoch seconds of a Quanzhou wall-clock time."""
    return datetime(*args, tzinfo=QUANZHOU).timestamp()


NOW = at(2024, 5, 20, 10, 0)          # a Monday morning in Quanzhou
TODAY = date(2024, 5, 20)
HOUR = 3600.0
POLICY = PushPolicy()

# Rough district centers (lat, lng).
CENTERS = {
    "licheng": (24.9077, 118.5866),
    "fengze": (24.8962, 118.6132),
    "jinjiang": (24.7815, 118.5520),
    "dehua": (25.4916, 118.2411),
}
FENGZE_MARKET = (24.9000, 118.6100)   # a worker standing near Fengze's market


def worker(openid: str = "w1", **kw) -> WorkerProfile:
    base = dict(openid=openid, trades=("odd_job_laborer",), areas=("fengze",), near=None,
                pay_amount=None, pay_unit=None, wants_push=True, last_message_at=NOW - 2 * HOUR)
    base.update(kw)
    return WorkerProfile(**base)


def job(id: int = 1, welfare: bool = False, **kw) -> Job:
    base = dict(id=id, trades=("odd_job_laborer",), area="fengze", lat=None, lng=None,
                pay_min=180, pay_max=200, pay_unit="day", start_date=TODAY + timedelta(days=1),
                end_date=TODAY + timedelta(days=3), created_at=NOW - HOUR)
    base.update(kw)
    # Days as the store keeps them (ISO text); what pushing does not look at, plausible.
    base["start_date"], base["end_date"] = base["start_date"].isoformat(), base["end_date"].isoformat()
    return Job(employer_id=1, days=3, start_time="08:00", pay_method="daily", headcount=2,
               contact_phone="13905950000", status="open", kind="welfare" if welfare else "normal", **base)


def run(workers, jobs, now=NOW, sent_today=None, already_sent=None, policy=POLICY, centers=None):
    return plan(workers, jobs, now, sent_today or {}, already_sent or {}, policy, centers or {})


# -- quiet hours ---------------------------------------------------------------

@pytest.mark.parametrize(("hh", "mm", "quiet"), [
    (20, 59, False), (21, 0, True), (23, 30, True), (0, 0, True),
    (7, 59, True), (8, 0, False), (12, 0, False),
])
def test_quiet_hours_in_quanzhou_time(hh, mm, quiet):
    assert in_quiet_hours(at(2024, 5, 20, hh, mm), POLICY) is quiet


def test_quiet_hours_do_not_depend_on_the_machine_timezone(monkeypatch):
    if not hasattr(_time, "tzset"):
        pytest.skip("no tzset on this platform")
    monkeypatch.setenv("TZ", "America/New_York")
    _time.tzset()
    try:
        assert not in_quiet_hours(at(2024, 5, 20, 20, 59), POLICY)
        assert in_quiet_hours(at(2024, 5, 20, 21, 0), POLICY)
        assert in_quiet_hours(at(2024, 5, 21, 7, 59), POLICY)
        assert not in_quiet_hours(at(2024, 5, 21, 8, 0), POLICY)
        assert next_allowed(at(2024, 5, 20, 22, 0), POLICY) == at(2024, 5, 21, 8, 0)
        # The Quanzhou day (not the machine's) decides expiry: 09:00 on the
        # 21st in Quanzhou is still the 20th in New York.
        ended = job(end_date=date(2024, 5, 20), start_date=date(2024, 5, 20))
        assert run([worker()], [ended], now=at(2024, 5, 21, 9, 0)) == []
    finally:
        monkeypatch.undo()
        _time.tzset()


def test_nothing_is_planned_during_quiet_hours():
    night = at(2024, 5, 20, 22, 15)
    assert run([worker(last_message_at=night - HOUR)], [job()], now=night) == []
    morning = at(2024, 5, 21, 8, 0)
    assert run([worker(last_message_at=morning - HOUR)], [job()], now=morning) == [Push("w1", (1,), "custom")]


def test_next_allowed():
    day = at(2024, 5, 20, 20, 59, 59)
    assert next_allowed(day, POLICY) == day
    assert next_allowed(at(2024, 5, 20, 21, 0), POLICY) == at(2024, 5, 21, 8, 0)
    assert next_allowed(at(2024, 5, 20, 23, 59, 59), POLICY) == at(2024, 5, 21, 8, 0)
    assert next_allowed(at(2024, 5, 21, 0, 0), POLICY) == at(2024, 5, 21, 8, 0)
    assert next_allowed(at(2024, 5, 21, 7, 59, 59), POLICY) == at(2024, 5, 21, 8, 0)
    assert next_allowed(at(2024, 5, 21, 8, 0), POLICY) == at(2024, 5, 21, 8, 0)
    # Month and year boundaries.
    assert next_allowed(at(2024, 12, 31, 22, 0), POLICY) == at(2025, 1, 1, 8, 0)


def test_custom_quiet_hours_that_do_not_wrap_midnight_and_none():
    lunch = PushPolicy(quiet_start=time(12, 0), quiet_end=time(14, 0))
    assert not in_quiet_hours(at(2024, 5, 20, 11, 59), lunch)
    assert in_quiet_hours(at(2024, 5, 20, 12, 0), lunch)
    assert not in_quiet_hours(at(2024, 5, 20, 14, 0), lunch)
    assert not in_quiet_hours(at(2024, 5, 20, 23, 0), lunch)
    assert next_allowed(at(2024, 5, 20, 13, 0), lunch) == at(2024, 5, 20, 14, 0)
    never = PushPolicy(quiet_start=time(0, 0), quiet_end=time(0, 0))
    assert not any(in_quiet_hours(at(2024, 5, 20, h, 0), never) for h in range(24))


# -- opt-in, window and channel ------------------------------------------------

def test_opted_out_workers_get_nothing():
    w = worker(wants_push=False)
    assert not matches(w, job(), TODAY, POLICY)
    assert run([w], [job(), job(2)]) == []
    assert run([w], [job()], policy=PushPolicy(template_configured=True)) == []


@pytest.mark.parametrize(("hours_ago", "template", "expected"), [
    (1, False, "custom"),
    (47, False, "custom"),
    (47, True, "custom"),
    (49, True, "template"),
    (49, False, None),
    (48, False, None),             # the window is 48 hours, not 48 hours and a second
    (None, True, "template"),      # never wrote to us (or unknown)
    (None, False, None),
])
def test_the_48_hour_window_decides_the_channel(hours_ago, template, expected):
    last = None if hours_ago is None else NOW - hours_ago * HOUR
    pushes = run([worker(last_message_at=last)], [job()], policy=PushPolicy(template_configured=template))
    if expected is None:
        assert pushes == []
    else:
        assert pushes == [Push("w1", (1,), expected)]


def test_window_length_comes_from_the_policy():
    w = worker(last_message_at=NOW - 30 * HOUR)
    assert run([w], [job()], policy=PushPolicy(window_hours=24)) == []
    assert run([w], [job()], policy=PushPolicy(window_hours=24, template_configured=True)) == [
        Push("w1", (1,), "template")]


# -- caps, batching, no repeats ------------------------------------------------

def test_five_matching_jobs_make_one_push_of_three():
    jobs = [job(i) for i in range(1, 6)]
    pushes = run([worker()], jobs)
    assert len(pushes) == 1
    assert pushes[0].openid == "w1" and pushes[0].channel == "custom"
    assert len(pushes[0].job_ids) == 3
    assert len(set(pushes[0].job_ids)) == 3


def test_per_message_comes_from_the_policy():
    jobs = [job(i) for i in range(1, 6)]
    pushes = run([worker()], jobs, policy=PushPolicy(per_message=2, daily_cap=10))
    assert [len(p.job_ids) for p in pushes] == [2]


def test_daily_cap_holds_across_batches():
    policy = PushPolicy(daily_cap=3, per_message=2)
    jobs = [job(i) for i in range(1, 8)]
    sent_today: dict[str, int] = {}
    already: dict[str, set[int]] = {}
    delivered: list[int] = []
    for hour in (9, 11, 13, 15):
        pushes = run([worker()], jobs, now=at(2024, 5, 20, hour, 0), sent_today=sent_today,
                     already_sent=already, policy=policy)
        for p in pushes:
            delivered.extend(p.job_ids)
            sent_today[p.openid] = sent_today.get(p.openid, 0) + len(p.job_ids)
            already.setdefault(p.openid, set()).update(p.job_ids)
    assert len(delivered) == 3
    assert len(set(delivered)) == 3
    # A new Quanzhou day resets the count (the caller passes the new day's
    # counts), and jobs already sent are still not repeated.
    tomorrow = run([worker()], jobs, now=at(2024, 5, 21, 9, 0), sent_today={}, already_sent=already,
                   policy=policy)
    assert len(tomorrow) == 1 and len(tomorrow[0].job_ids) == 2
    assert not set(tomorrow[0].job_ids) & set(delivered)


def test_worker_at_or_over_the_cap_gets_nothing():
    jobs = [job(i) for i in range(1, 4)]
    assert run([worker()], jobs, sent_today={"w1": 3}) == []
    assert run([worker()], jobs, sent_today={"w1": 5}) == []
    assert run([worker()], jobs, sent_today={"w1": 2}) == [Push("w1", (1,), "custom")]


def test_no_job_is_sent_twice():
    jobs = [job(1), job(2), job(3)]
    pushes = run([worker()], jobs, already_sent={"w1": {1, 3}})
    assert pushes == [Push("w1", (2,), "custom")]
    assert run([worker()], jobs, already_sent={"w1": {1, 2, 3}}) == []
    # The same job listed twice by the caller is still pushed once.
    assert run([worker()], [job(1), job(1)]) == [Push("w1", (1,), "custom")]


def test_one_push_per_worker_and_other_workers_are_independent():
    jobs = [job(1), job(2, trades=("cleaner",))]
    workers = [
        worker("a"),
        worker("b", trades=("cleaner",)),
        worker("c", trades=("cleaner", "odd_job_laborer")),
        worker("d", trades=("cook",)),
        worker("a"),                                   # listed twice by mistake
    ]
    pushes = run(workers, jobs, already_sent={"a": {2}}, sent_today={"b": 1})
    assert [p.openid for p in pushes] == ["a", "b", "c"]
    assert pushes[0].job_ids == (1,)
    assert pushes[1].job_ids == (2,)
    assert sorted(pushes[2].job_ids) == [1, 2]


# -- matching ------------------------------------------------------------------

def test_matching_by_trade():
    assert matches(worker(trades=("mason", "odd_job_laborer")), job(trades=("odd_job_laborer",)), TODAY, POLICY)
    assert matches(worker(trades=("mason",)), job(trades=("tiler", "mason")), TODAY, POLICY)
    assert not matches(worker(trades=("mason",)), job(trades=("tiler",)), TODAY, POLICY)
    assert not matches(worker(trades=()), job(), TODAY, POLICY)


def test_matching_by_area():
    assert matches(worker(areas=("licheng", "fengze")), job(area="fengze"), TODAY, POLICY)
    assert not matches(worker(areas=("licheng",)), job(area="fengze"), TODAY, POLICY)
    assert not matches(worker(areas=()), job(area="fengze"), TODAY, POLICY)


def test_matching_near_me_by_radius():
    w = worker(areas=(), near=FENGZE_MARKET)
    close = job(area="licheng", lat=24.91, lng=118.59)         # ~2 km
    far = job(area="dehua", lat=25.4916, lng=118.2411)         # ~75 km
    edge_in = job(area="x", lat=FENGZE_MARKET[0] + 0.13, lng=FENGZE_MARKET[1])    # ~14.5 km north
    edge_out = job(area="x", lat=FENGZE_MARKET[0] + 0.14, lng=FENGZE_MARKET[1])   # ~15.6 km north
    assert matches(w, close, TODAY, POLICY)
    assert not matches(w, far, TODAY, POLICY)
    assert matches(w, edge_in, TODAY, POLICY)
    assert not matches(w, edge_out, TODAY, POLICY)
    assert matches(w, edge_out, TODAY, PushPolicy(near_km=20))
    # The radius is from the worker's location, even if the job's area
    # center were close: coordinates of the job win.
    assert not matches(w, replace(far, area="fengze"), TODAY, POLICY, area_centers=CENTERS)


def test_near_me_uses_the_area_center_when_the_job_has_no_coordinates():
    w = worker(areas=(), near=FENGZE_MARKET)
    licheng = job(area="licheng")           # no lat/lng
    dehua = job(area="dehua")
    assert not matches(w, licheng, TODAY, POLICY)                       # no way to place it
    assert matches(w, licheng, TODAY, POLICY, area_centers=CENTERS)
    assert not matches(w, dehua, TODAY, POLICY, area_centers=CENTERS)
    assert not matches(w, job(area="unknown"), TODAY, POLICY, area_centers=CENTERS)
    # plan() passes the centers through.
    assert run([w], [licheng, replace(dehua, id=2)], centers=CENTERS) == [Push("w1", (1,), "custom")]
    assert run([w], [licheng]) == []


def test_area_or_near_either_is_enough():
    w = worker(areas=("dehua",), near=FENGZE_MARKET)
    assert matches(w, job(area="dehua"), TODAY, POLICY)
    assert matches(w, job(area="licheng", lat=24.91, lng=118.59), TODAY, POLICY)
    assert not matches(w, job(area="jinjiang", lat=24.70, lng=118.40), TODAY, POLICY)


def test_matching_by_pay():
    w = worker(pay_amount=200, pay_unit="day")
    assert matches(w, job(pay_min=150, pay_max=200, pay_unit="day"), TODAY, POLICY)
    assert matches(w, job(pay_min=150, pay_max=250, pay_unit="day"), TODAY, POLICY)
    assert not matches(w, job(pay_min=150, pay_max=199, pay_unit="day"), TODAY, POLICY)
    # Different units are not compared.
    assert matches(w, job(pay_min=20, pay_max=25, pay_unit="hour"), TODAY, POLICY)
    assert matches(w, job(pay_min=1, pay_max=2, pay_unit="piece"), TODAY, POLICY)
    # No expectation: any pay.
    assert matches(worker(pay_amount=None, pay_unit=None), job(pay_min=50, pay_max=60), TODAY, POLICY)
    assert matches(worker(pay_amount=None, pay_unit="day"), job(pay_min=50, pay_max=60), TODAY, POLICY)


def test_expired_jobs_are_never_pushed():
    yesterday = job(start_date=TODAY - timedelta(days=3), end_date=TODAY - timedelta(days=1))
    last_day = job(2, start_date=TODAY - timedelta(days=3), end_date=TODAY)
    assert not matches(worker(), yesterday, TODAY, POLICY)
    assert matches(worker(), last_day, TODAY, POLICY)
    assert run([worker()], [yesterday]) == []
    assert run([worker()], [yesterday, last_day]) == [Push("w1", (2,), "custom")]
    assert run([worker()], [yesterday], policy=PushPolicy(template_configured=True)) == []


# -- welfare posts ---------------------------------------------------------------

def welfare(id: int = 10, **eligibility) -> Job:
    return job(id, welfare=True, eligibility=eligibility)


def test_welfare_posts_without_conditions_reach_matching_workers():
    assert matches(worker(), welfare(), TODAY, POLICY)


def test_welfare_hardship_condition():
    post = welfare(hardship=True)
    assert matches(worker(hardship=True), post, TODAY, POLICY)
    assert not matches(worker(hardship=False), post, TODAY, POLICY)
    assert matches(worker(hardship=False), welfare(hardship=False), TODAY, POLICY)


def test_welfare_age_band():
    post = welfare(min_age=40, max_age=60)
    assert matches(worker(birth_year=2024 - 40), post, TODAY, POLICY)
    assert matches(worker(birth_year=2024 - 60), post, TODAY, POLICY)
    assert matches(worker(birth_year=2024 - 50), post, TODAY, POLICY)
    assert not matches(worker(birth_year=2024 - 39), post, TODAY, POLICY)
    assert not matches(worker(birth_year=2024 - 61), post, TODAY, POLICY)
    assert not matches(worker(birth_year=None), post, TODAY, POLICY)     # age unknown
    assert matches(worker(birth_year=2024 - 70), welfare(min_age=40), TODAY, POLICY)
    assert not matches(worker(birth_year=2024 - 70), welfare(max_age=60), TODAY, POLICY)


def test_welfare_areas():
    post = welfare(areas=["fengze", "licheng"])
    assert matches(worker(areas=("fengze",)), post, TODAY, POLICY)
    # Registered in an eligible area, but the post itself is elsewhere: the
    # ordinary area match still applies.
    assert not matches(worker(areas=("licheng",)), post, TODAY, POLICY)
    assert matches(worker(areas=("licheng",)), replace(post, area="licheng"), TODAY, POLICY)
    assert not matches(worker(areas=("jinjiang",)), replace(post, area="jinjiang"), TODAY, POLICY)
    # Only a "near me" location: residence in the area cannot be shown.
    near_only = worker(areas=(), near=FENGZE_MARKET)
    assert not matches(near_only, post, TODAY, POLICY, area_centers=CENTERS)
    assert matches(near_only, welfare(), TODAY, POLICY, area_centers=CENTERS)


def test_welfare_needs_every_condition():
    post = welfare(hardship=True, min_age=40, max_age=60, areas=["fengze"])
    ok = worker(hardship=True, birth_year=1975, areas=("fengze",))
    assert matches(ok, post, TODAY, POLICY)
    assert not matches(replace(ok, hardship=False), post, TODAY, POLICY)
    assert not matches(replace(ok, birth_year=1995), post, TODAY, POLICY)
    near_ok = replace(ok, areas=("licheng",), near=FENGZE_MARKET)
    assert matches(near_ok, replace(post, eligibility={"hardship": True}), TODAY, POLICY, area_centers=CENTERS)
    assert not matches(near_ok, post, TODAY, POLICY, area_centers=CENTERS)
    # A condition this code does not know cannot be shown to be met.
    assert not matches(ok, welfare(hardship=True, veteran=True), TODAY, POLICY)
    # Eligibility is only for welfare posts.
    assert matches(worker(), job(eligibility={"hardship": True}), TODAY, POLICY)


def test_welfare_posts_go_first_and_only_to_eligible_workers():
    post = welfare(10, hardship=True)
    jobs = [job(1), job(2), job(3), post]
    assert run([worker("h", hardship=True)], jobs)[0].job_ids[0] == 10
    assert 10 not in run([worker("n", hardship=False)], jobs)[0].job_ids


# -- ranking ---------------------------------------------------------------------

def test_ranking_order_on_a_fixed_set():
    w = worker(pay_amount=200, pay_unit="day", hardship=True, birth_year=1975)
    tomorrow, later = TODAY + timedelta(days=1), TODAY + timedelta(days=5)
    jobs = [
        job(1, start_date=later, pay_max=400, created_at=NOW - 60),          # late start, great pay
        job(2, start_date=tomorrow, pay_max=200, created_at=NOW - 60),       # soon, expected pay, fresh
        job(3, start_date=tomorrow, pay_max=300, created_at=NOW - 40 * HOUR),  # soon, better pay, older
        welfare(4, hardship=True, min_age=40),                               # welfare, eligible
        job(5, start_date=tomorrow, pay_max=200, created_at=NOW - 5 * HOUR),   # like 2 but older
        job(6, start_date=TODAY - timedelta(days=2), end_date=later, pay_max=200,
            created_at=NOW - 3 * 24 * HOUR),                                 # already under way
        job(7, start_date=tomorrow, pay_max=25, pay_unit="hour", created_at=NOW - 120),  # unit differs
    ]
    ranked = sorted(jobs, key=lambda j: -score(w, j, NOW))
    assert [j.id for j in ranked] == [4, 6, 3, 2, 7, 5, 1]
    pushes = run([w], jobs, policy=PushPolicy(daily_cap=10, per_message=10))
    assert pushes == [Push("w1", (4, 6, 3, 2, 7, 5, 1), "custom")]
    top3 = run([w], jobs)
    assert top3 == [Push("w1", (4, 6, 3), "custom")]


def test_score_criteria_are_strictly_ordered():
    w = worker(pay_amount=100, pay_unit="day")
    # A far better pay does not beat a sooner start.
    soon = job(1, start_date=TODAY + timedelta(days=1), pay_max=100, created_at=NOW - 900 * HOUR)
    late = job(2, start_date=TODAY + timedelta(days=2), pay_max=5000, created_at=NOW)
    assert score(w, soon, NOW) > score(w, late, NOW)
    # Freshness does not beat a slightly better pay.
    richer = job(3, pay_max=101, created_at=NOW - 2000 * HOUR)
    fresher = job(4, pay_max=100, created_at=NOW)
    assert score(w, richer, NOW) > score(w, fresher, NOW)
    # An eligible welfare post beats everything else.
    post = welfare(5, hardship=False)
    post = replace(post, start_date=(TODAY + timedelta(days=30)).isoformat(), created_at=NOW - 2000 * HOUR)
    assert score(w, post, NOW) > score(w, soon, NOW)
    # A welfare post the worker is not eligible for gets no bonus.
    closed = welfare(6, hardship=True)
    assert score(w, closed, NOW) < score(w, soon, NOW) + 1e9


def test_ties_break_by_job_id():
    pushes = run([worker()], [job(9), job(3), job(5), job(7)])
    assert pushes == [Push("w1", (3, 5, 7), "custom")]


def test_inputs_may_be_one_shot_iterables():
    workers = iter([worker("a"), worker("b")])
    jobs = (j for j in [job(1), job(2)])
    pushes = plan(workers, jobs, NOW, {}, {})
    assert [p.openid for p in pushes] == ["a", "b"]
    assert all(p.job_ids == (1, 2) for p in pushes)


# -- courses (issue #14, clauses 14-16) ------------------------------------------

def _learner(openid="t1", last=None, **kw):
    from bot.services.pushes import Learner

    return Learner(openid, None, wanted=frozenset({"electrician"}), modes=frozenset({"any"}), last_message_at=last,
                   **kw)


def _offered(code="c1", **kw):
    from bot.domain import Course

    fields = dict(code=code, name="c", mode="offline", start_date="2030-01-10", end_date="2030-01-20", capacity=5,
                  trade="electrician", area="fengze")
    fields.update(kw)
    return Course(**fields)


def test_a_course_goes_by_customer_message_in_the_window_else_by_template_else_not_now():
    from bot.services.pushes import CHANNEL_CUSTOM, CHANNEL_TEMPLATE, plan_courses

    noon = datetime(2030, 1, 5, 12, 0, tzinfo=QUANZHOU).timestamp()
    [inside] = plan_courses([_learner(last=noon - 3600)], [_offered()], noon, {}, {})
    assert inside.channel == CHANNEL_CUSTOM and inside.course_codes == ("c1",)
    assert plan_courses([_learner(last=noon - 49 * 3600)], [_offered()], noon, {}, {}) == []
    [late] = plan_courses([_learner(last=noon - 49 * 3600)], [_offered()], noon, {}, {},
                          PushPolicy(template_configured=True))
    assert late.channel == CHANNEL_TEMPLATE


def test_courses_skip_those_told_signed_up_capped_full_over_or_of_another_trade():
    from bot.services.pushes import plan_courses

    noon = datetime(2030, 1, 5, 12, 0, tzinfo=QUANZHOU).timestamp()
    courses = [_offered("c1"), _offered("c2", enrolled=5), _offered("c3", end_date="2030-01-01"),
               _offered("c4", trade="welder")]
    [p] = plan_courses([_learner(last=noon)], courses, noon, {}, {})
    assert p.course_codes == ("c1",)
    assert plan_courses([_learner(last=noon)], courses, noon, {}, {"t1": {"c1"}}) == []
    assert plan_courses([_learner(last=noon)], courses, noon, {"t1": 3}, {}) == []


def test_those_who_asked_in_the_needs_survey_come_first():
    from bot.services.pushes import Learner, plan_courses

    noon = datetime(2030, 1, 5, 12, 0, tzinfo=QUANZHOU).timestamp()
    opted = Learner("w1", worker("w1", trades=("electrician",), areas=("fengze",), last_message_at=noon))
    plans = plan_courses([opted, _learner(last=noon)], [_offered()], noon, {}, {})
    assert [p.openid for p in plans] == ["t1", "w1"]


def test_each_worker_gets_what_matching_every_open_job_would_give():
    """plan() looks at the jobs of a worker's trades only (a round matches
    thousands of workers to hundreds of jobs): for random workers and jobs,
    with several trades each, in and out of their areas, near and far, over
    and not, what it picks is what checking every job gives."""
    import random

    rnd = random.Random(16)
    trades, areas = ["mover", "cleaner", "odd_job_laborer", "cook"], list(CENTERS)
    jobs = [job(n, trades=tuple(rnd.sample(trades, rnd.randint(1, 2))), area=rnd.choice(areas),
                pay_max=rnd.choice([150, 250]), end_date=TODAY + timedelta(days=rnd.choice([-1, 2])))
            for n in range(1, 121)]
    workers = [worker(f"w{n}", trades=tuple(rnd.sample(trades, rnd.randint(1, 3))),
                      areas=tuple(rnd.sample(areas, rnd.randint(0, 2))),
                      near=FENGZE_MARKET if rnd.random() < 0.3 else None,
                      pay_amount=rnd.choice([None, 200]), pay_unit="day")
               for n in range(200)]
    policy = replace(POLICY, per_message=100, daily_cap=100)
    pushes = {p.openid: p.job_ids for p in run(workers, jobs, policy=policy, centers=CENTERS)}
    for w in workers:
        every = sorted((j for j in jobs if matches(w, j, TODAY, policy, area_centers=CENTERS)),
                       key=lambda j: (-score(w, j, NOW), j.id))
        assert pushes.get(w.openid, ()) == tuple(j.id for j in every), w
    assert sum(map(len, pushes.values())) > 500   # the workers' picks are many, not a few by chance


def test_an_alert_names_no_work_or_no_place_for_any_and_asks_meals_and_a_bed_of_every_job():
    """A registered profile needs its trades and areas; an alert a search
    left ("notify me") without them means any work, anywhere."""
    plain, with_meals = job(1, trades=("cleaner",), area="dehua"), job(2, trades=("porter",), meals=True)
    assert not matches(worker(trades=(), areas=()), plain, TODAY, POLICY), "a profile without trades"
    anything = worker(trades=(), areas=(), alert=True)
    assert matches(anything, plain, TODAY, POLICY) and matches(anything, with_meals, TODAY, POLICY)
    meals = worker(trades=(), areas=(), alert=True, meals=True)
    assert [j.id for j in (plain, with_meals) if matches(meals, j, TODAY, POLICY)] == [2]
    bed = worker(trades=(), areas=(), alert=True, lodging=True)
    assert not any(matches(bed, j, TODAY, POLICY) for j in (plain, with_meals))
    fengze = worker(trades=(), areas=("fengze",), alert=True)
    assert [j.id for j in (plain, with_meals) if matches(fengze, j, TODAY, POLICY)] == [2]
    # Planned against every job, not only those of the alert's trades (it has none).
    [push] = run([anything], [plain, with_meals])
    assert set(push.job_ids) == {1, 2}


def test_a_workers_profile_and_alert_make_one_push_of_what_either_matches():
    """Before, the first of them alone was used: a registered mover who
    asked to be told of cleaning work too was never told of it."""
    mover, cleaner = job(1), job(2, trades=("cleaner",), area="jinjiang")
    profile = worker("a")
    alert = worker("a", trades=("cleaner",), areas=(), alert=True)
    assert run([profile], [mover, cleaner]) == [Push("a", (1,), "custom")]
    [push] = run([profile, alert], [mover, cleaner])
    assert sorted(push.job_ids) == [1, 2]


def test_an_alert_keeps_the_pay_its_search_asked_for():
    daily_200, hourly_30 = job(1, pay_max=200), job(2, pay_max=30, pay_unit="hour")
    weekly = replace(job(3, pay_max=260), pay_method="monthly")
    paid_daily = worker(trades=(), areas=(), alert=True, pay_method="daily")
    assert [j.id for j in (daily_200, hourly_30, weekly) if matches(paid_daily, j, TODAY, POLICY)] == [1, 2]
    over_250 = worker(trades=(), areas=(), alert=True, pay_min=250, pay_min_unit="day")
    assert [j.id for j in (daily_200, hourly_30, weekly) if matches(over_250, j, TODAY, POLICY)] == [3]
