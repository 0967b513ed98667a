"""The ratings handlers against a real store (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set): only the two parties end or rate an
engagement, the survey's monthly cap and answers, and engagements ending
by themselves as the router's periodic work."""
from __future__ import annotations

import time
from datetime import datetime

import pytest
from sqlalchemy import select

from bot import features
from bot.clock import QUANZHOU
from bot.bus import Bus, Deps, Notifier
from bot.features.ratings import handlers
from bot.features.ratings.messages import AnswerSurvey, Rate, StartSurvey, SurveyDue, WorkDone
from bot.i18n import Catalog
from bot.settings import Settings
from bot.store.repos import ApplicationRepo, EmployerRepo, JobRepo, RatingRepo
from bot.store.tables import applications, ratings, surveys

DAY = 86400.0
WORKER, EMPLOYER, STRANGER = "o_worker", "o_employer", "o_stranger"
# The first moment of the jobs' first day, 2099-01-01, in Quanzhou.
FIRST_DAY = datetime(2099, 1, 1, tzinfo=QUANZHOU).timestamp()


class Told(Notifier):
    """Who was sent what (the outbox itself is tested elsewhere)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    async def notify(self, conn, openid, msg_id, key, about=None, **vars) -> bool:
        self.sent.append((openid, msg_id, key))
        return True


@pytest.fixture
def told():
    return Told()


@pytest.fixture
def deps(told):
    def make(conn, openid, now=None, msg_key="m:1"):
        return Deps(conn, openid, time.time() if now is None else now, Settings(), Catalog(), None, told,
                    msg_key=msg_key)
    return make


async def engaged(db, last_day: str = "2099-01-02") -> int:
    """An accepted application: the worker and the employer agreed on a job."""
    async with db.transaction() as conn:
        employer_id = await EmployerRepo(conn).save(EMPLOYER, {"kind": "person", "name": "陈先生",
                                                               "phone": "13905951111"})
        job_id = await JobRepo(conn).create(employer_id, {
            "trades": ["mover"], "area": "fengze", "start_date": "2099-01-01", "end_date": last_day, "days": 1,
            "start_time": "08:00", "pay_min": 200, "pay_max": 200, "pay_unit": "day", "pay_method": "daily",
            "headcount": 1, "contact_name": "陈先生", "contact_phone": "13905951111", "status": "open"})
        app, _ = await ApplicationRepo(conn).apply(job_id, WORKER)
        await ApplicationRepo(conn).set_status(app.id, "accepted")
        return app.id


async def _rows(db, table) -> list[dict]:
    async with db.reading() as conn:
        return [dict(r) for r in (await conn.execute(select(table).order_by(table.c.id))).mappings().all()]


async def test_only_the_two_parties_end_an_engagement_and_the_other_side_is_told_once(db, deps, told):
    e = await engaged(db)
    async with db.transaction() as conn:
        assert await handlers.work_done(WorkDone(e), deps(conn, STRANGER)) is False
        assert await handlers.work_done(WorkDone(e + 1), deps(conn, WORKER)) is False, "no such engagement"
        # the job begins on 2099-01-01: not done before that day (Quanzhou time)
        assert await handlers.work_done(WorkDone(e), deps(conn, WORKER)) is False, "not begun"
        assert await handlers.work_done(WorkDone(e), deps(conn, WORKER, now=FIRST_DAY - 60)) is False
    [app] = await _rows(db, applications)
    assert app["ended_at"] is None and told.sent == []
    async with db.transaction() as conn:
        assert await handlers.work_done(WorkDone(e), deps(conn, WORKER, now=FIRST_DAY, msg_key="m:2")) is True
        assert await handlers.work_done(WorkDone(e), deps(conn, EMPLOYER, now=FIRST_DAY,
                                                          msg_key="m:3")) is False, "once"
    [app] = await _rows(db, applications)
    assert app["ended_by"] == "worker"
    assert told.sent == [(EMPLOYER, "partner-says-done", "done:m:2")]


async def test_a_rating_counts_only_from_its_side_after_the_end_and_not_when_disputed(db, deps):
    e = await engaged(db)
    async with db.transaction() as conn:
        await handlers.rate(Rate(e, "worker", 5), deps(conn, WORKER))   # not ended yet
        await RatingRepo(conn).end(e, "employer", time.time())
        await handlers.rate(Rate(e, "employer", 1), deps(conn, WORKER))  # the worker posing as the employer
        await handlers.rate(Rate(e, "worker", 1), deps(conn, STRANGER))
    assert await _rows(db, ratings) == []
    async with db.transaction() as conn:
        await handlers.rate(Rate(e, "worker", 4, ("paid",), "老板人很好"), deps(conn, WORKER))
    [r] = await _rows(db, ratings)
    assert (r["rater_role"], r["score"], r["comment"]) == ("worker", 4, "老板人很好")
    async with db.transaction() as conn:
        await RatingRepo(conn).dispute(e)
        await handlers.rate(Rate(e, "employer", 2), deps(conn, EMPLOYER))
    assert len(await _rows(db, ratings)) == 1


async def test_the_survey_is_due_once_a_month_and_answers_go_to_the_newest(db, deps):
    now = time.time()
    async with db.transaction() as conn:
        await handlers.answer_survey(AnswerSurvey(5, "never asked"), deps(conn, WORKER))
        assert await handlers.survey_due(SurveyDue(), deps(conn, WORKER, now)) is True
        await handlers.start_survey(StartSurvey("ticket"), deps(conn, WORKER, now - 40 * DAY))
        assert await handlers.survey_due(SurveyDue(), deps(conn, WORKER, now)) is True
        await handlers.start_survey(StartSurvey("engagement"), deps(conn, WORKER, now))
        await handlers.start_survey(StartSurvey("engagement"), deps(conn, EMPLOYER, now))
        assert await handlers.survey_due(SurveyDue(), deps(conn, WORKER, now + 29 * DAY)) is False
        assert await handlers.survey_due(SurveyDue(), deps(conn, WORKER, now + 31 * DAY)) is True
        await handlers.answer_survey(AnswerSurvey(4, "晚上的活多一些"), deps(conn, WORKER))
    got = [(s["openid"], s["reason"], s["overall"], s["improve"]) for s in await _rows(db, surveys)]
    assert got == [(WORKER, "ticket", None, ""), (WORKER, "engagement", 4, "晚上的活多一些"),
                   (EMPLOYER, "engagement", None, "")]


async def test_engagements_end_by_themselves_in_the_periodic_work(db, deps, told):
    e = await engaged(db, last_day="2020-01-02")
    bus = Bus(*features.routers())
    assert handlers.end_due_engagements in bus.periodic
    async with db.transaction() as conn:   # this feature's periodic work (the others need more services)
        await handlers.end_due_engagements(deps(conn, ""))
    [app] = await _rows(db, applications)
    assert app["id"] == e and app["ended_by"] == "auto"
    assert sorted(told.sent) == [(EMPLOYER, "rate-please", f"rate-please:{e}:{EMPLOYER}"),
                                 (WORKER, "rate-please", f"rate-please:{e}:{WORKER}")]
