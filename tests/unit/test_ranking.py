"""Ranking order on a fixed set of jobs."""
from datetime import date

from bot.domain import Job, Worker
from bot.features.find_work.ranking import rank

TODAY = date(2026, 11, 27)
NOW = 1_795_000_000.0


def job(id, *, trades=("porter",), area="fengze", start="2026-11-28", pay=200, unit="day", lat=None, lng=None,
        age_days=0.0, market=None, employer=1, description=""):
    return Job(id=id, trades=tuple(trades), area=area, start_date=start, end_date=start, pay_max=pay, pay_min=pay,
               pay_unit=unit, lat=lat, lng=lng, created_at=NOW - age_days * 86400, market_code=market,
               employer_id=employer, description=description, skills="", days=1, start_time="08:00",
               pay_method="daily", headcount=1, contact_phone="13905950000", status="open")


CENTERS = {"fengze": (24.89, 118.61), "jinjiang": (24.78, 118.55), "dehua": (25.49, 118.24)}


def ids(ranked):
    return [r.job.id for r in ranked]


def test_the_trade_asked_for_comes_before_other_trades():
    jobs = [job(1, trades=("cleaner",)), job(2, trades=("porter",))]
    assert ids(rank(jobs, today=TODAY, now=NOW, trades=["porter"], area_centers=CENTERS)) == [2, 1]


def test_sooner_start_ranks_higher_all_else_equal():
    jobs = [job(1, start="2026-12-05"), job(2, start="2026-11-27"), job(3, start="2026-11-29")]
    assert ids(rank(jobs, today=TODAY, now=NOW, trades=["porter"], area_centers=CENTERS)) == [2, 3, 1]


def test_nearer_ranks_higher_and_distance_is_given():
    jobs = [job(1, area="dehua"), job(2, area="jinjiang"), job(3, area="fengze")]
    ranked = rank(jobs, today=TODAY, now=NOW, trades=["porter"], origin=(24.89, 118.61), area_centers=CENTERS)
    assert ids(ranked) == [3, 2, 1]
    assert ranked[0].km < 1 and ranked[2].km > 50


def test_better_pay_then_fresher_break_ties():
    jobs = [job(1, pay=180), job(2, pay=300)]
    assert ids(rank(jobs, today=TODAY, now=NOW, trades=["porter"], area_centers=CENTERS)) == [2, 1]
    jobs = [job(1, age_days=5), job(2, age_days=0.1)]
    assert ids(rank(jobs, today=TODAY, now=NOW, trades=["porter"], area_centers=CENTERS)) == [2, 1]
    # A post several days old is likely filled already: freshness outweighs a little more pay.
    jobs = [job(1, pay=230, age_days=6), job(2, pay=200)]
    assert ids(rank(jobs, today=TODAY, now=NOW, trades=["porter"], area_centers=CENTERS)) == [2, 1]


def test_profile_market_and_ratings_nudge():
    jobs = [job(1, trades=("cook",)), job(2, trades=("cleaner",))]
    assert ids(rank(jobs, today=TODAY, now=NOW, profile=Worker(openid="o_w", name="老王", trades=("cleaner",)), area_centers=CENTERS)) == [2, 1]
    jobs = [job(1), job(2, market="m101")]
    assert ids(rank(jobs, today=TODAY, now=NOW, market_code="m101", area_centers=CENTERS)) == [2, 1]
    jobs = [job(1, employer=7), job(2, employer=8)]
    ranked = rank(jobs, today=TODAY, now=NOW, ratings={7: (2.0, 10), 8: (4.8, 10)}, area_centers=CENTERS)
    assert ids(ranked) == [2, 1]
    few = rank(jobs, today=TODAY, now=NOW, ratings={7: (5.0, 2), 8: (1.0, 2)}, area_centers=CENTERS)
    assert abs(few[0].score - few[1].score) < 1e-9, "fewer than three ratings do not count"


def test_better_paid_first_orders_by_pay_against_the_usual_for_its_unit():
    """"有没有工资高一点的": 40 an hour (1.6 times the usual 25) before 300 a
    day (1.36 times 220) before 250 a day; the sooner only among equals."""
    jobs = [job(1, pay=250), job(2, pay=40, unit="hour"), job(3, pay=300, start="2026-12-05"),
            job(4, pay=250, start="2026-11-27")]
    usual = ids(rank(jobs, today=TODAY, now=NOW, trades=["porter"], area_centers=CENTERS))
    assert usual[0] == 4, "without it, the soonest first"
    assert ids(rank(jobs, today=TODAY, now=NOW, trades=["porter"], area_centers=CENTERS, pay_first=True)) == \
        [2, 3, 4, 1]
