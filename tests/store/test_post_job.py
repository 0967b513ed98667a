"""The post-a-job handlers (bot/features/post_job/handlers.py) through the
bus, against the real store (SQLite, and PostgreSQL when it is set): who
may do what with a job, the daily limit, consent, and staff review."""
from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.app import language_resources
from bot.bus import Bus, Deps
from bot.features.post_job.handlers import router
from bot.features.post_job.messages import (ApplicantCounts, Applicants, CloseJob, DecideApplication, DecideReview, Employer,
                                            JobPost, MyJobs, PostsToday, PublishJob, ReviewQueue, WaitingApplicants)
from bot.i18n import Catalog
from bot.turn.service import OutboxNotifier
from bot.settings import Settings
from bot.store.db import Database
from bot.store.repos import ApplicationRepo, JobRepo, WorkerRepo
from bot.store.tables import employers, jobs, outbox

CAT = Catalog()
BOSS, OTHER, WORKER = "o_boss_0001", "o_other_0001", "o_worker_0001"
JOB = JobPost(trades=("mover",), area="fengze", start_date="2099-01-20", end_date="2099-01-21", days=2,
              start_time="08:00", end_time="17:00", pay_min=200, pay_max=200, pay_unit="day", pay_method="daily",
              headcount=1, contact_phone="13905951234", description="搬家")
ME = Employer(kind="person", name="陈先生", phone="13905951234", consent=True)


class Store:
    """The bus with post_job's router, one transaction per message."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db, self.settings, self.bus = db, settings, Bus(router)
        self.refdata = language_resources()[0]
        self.n = 0

    def _deps(self, conn, openid: str) -> Deps:
        self.n += 1
        return Deps(conn, openid, time.time(), self.settings, CAT, self.refdata,
                    OutboxNotifier(self.settings, CAT), msg_key=f"t:{self.n}")

    async def run(self, openid: str, command) -> tuple[bool, dict]:
        async with self.db.transaction() as conn:
            deps = self._deps(conn, openid)
            return await self.bus.run(command, deps), deps.results

    async def ask(self, openid: str, query):
        async with self.db.reading() as conn:
            return await self.bus.ask(query, self._deps(conn, openid))

    async def rows(self, table) -> list[dict]:
        async with self.db.reading() as conn:
            return [dict(r) for r in (await conn.execute(select(table).order_by(table.c.id))).mappings()]


@pytest.fixture
def store(db):
    return Store(db, Settings(database_url="", daily_post_limit=2))


async def test_a_post_makes_the_employer_and_the_job_and_an_edit_changes_that_job(store):
    assert await store.run(BOSS, PublishJob(JOB, ME)) == (False, {})
    [job] = await store.ask(BOSS, MyJobs())
    assert job.status == "open" and job.trades == ("mover",) and job.days == 2
    area = store.refdata.area_by_code("fengze")
    assert (job.lat, job.lng) == (area.lat, area.lng), "placed at its area's centre"
    [emp] = await store.rows(employers)
    assert emp["name"] == "陈先生" and emp["consent_at"] is not None
    await store.run(BOSS, PublishJob(replace(JOB, headcount=4), ME, job_id=job.id))
    [edited] = await store.rows(jobs)
    assert edited["id"] == job.id and edited["headcount"] == 4
    # Someone else's job id does not make theirs an edit of it.
    await store.run(OTHER, PublishJob(replace(JOB, headcount=9), ME, job_id=job.id))
    assert [j["headcount"] for j in await store.rows(jobs)] == [4, 9]
    assert await store.ask(OTHER, MyJobs()) != await store.ask(BOSS, MyJobs())


async def test_how_many_applied_to_each_of_my_jobs_is_answered_with_them(store):
    await store.run(BOSS, PublishJob(JOB, ME))
    await store.run(BOSS, PublishJob(JOB, ME))
    await store.run(OTHER, PublishJob(JOB, ME))
    first, second = sorted(j.id for j in await store.ask(BOSS, MyJobs()))
    [others] = [j.id for j in await store.ask(OTHER, MyJobs())]
    async with store.db.transaction() as conn:
        repo = ApplicationRepo(conn)
        for job_id, openid in ((first, "o_w1"), (first, "o_w2"), (first, "o_w3"), (others, "o_w1")):
            await repo.apply(job_id, openid)
        gone = await repo.get(first, "o_w3")
        await repo.set_status(gone.id, "withdrawn")
    assert await store.ask(BOSS, ApplicantCounts()) == {first: 2}, "one withdrew; none to the second"
    async with store.db.reading() as conn:
        deps = store._deps(conn, BOSS)
        await store.bus.ask(MyJobs(), deps)
    assert deps.answered_ahead == {ApplicantCounts(): {first: 2}}, "read with the jobs, not on a second pass"
    assert await store.ask(OTHER, ApplicantCounts()) == {others: 1}
    assert await store.ask(WORKER, ApplicantCounts()) == {}


async def test_without_consent_nothing_is_kept(store):
    assert await store.run(BOSS, PublishJob(JOB, replace(ME, consent=False))) == (False, {})
    assert await store.rows(jobs) == [] and await store.rows(employers) == []


async def test_the_daily_limit_refuses_a_new_post_where_it_is_saved_but_not_an_edit(store):
    assert (await store.ask(BOSS, PostsToday())).reached is False
    for _ in range(2):
        await store.run(BOSS, PublishJob(JOB, ME))
    use = await store.ask(BOSS, PostsToday())
    assert (use.used, use.limit, use.reached) == (2, 2, True)
    _, results = await store.run(BOSS, PublishJob(JOB, ME))
    assert results["instead"]["post-published"].id == "post-cap-refused"
    assert results["instead"]["post-published"].vars == {"limit": 2}
    assert len(await store.rows(jobs)) == 2
    first = (await store.rows(jobs))[0]["id"]
    _, results = await store.run(BOSS, PublishJob(replace(JOB, headcount=5), ME, job_id=first))
    assert "instead" not in results and (await store.rows(jobs))[0]["headcount"] == 5
    store.settings = replace(store.settings, daily_post_limit=0)
    assert (await store.ask(BOSS, PostsToday())).reached is False


async def test_a_held_post_goes_to_staff_and_their_decision_to_the_employer_once(store):
    queued, _ = await store.run(BOSS, PublishJob(JOB, ME, for_review=True, reasons=("age_limit",)))
    assert queued
    [job] = await store.ask("o_staff", ReviewQueue())
    assert job.status == "review" and job.review_reasons == ("age_limit",)
    [notice] = await store.rows(outbox)
    assert notice["channel"] == "staff" and f"#{job.id}" in notice["payload"]
    assert BOSS not in notice["payload"], "the employer's openid is masked for staff"
    queued, _ = await store.run("o_staff", DecideReview(job.id, approve=False, note="年龄限制"))
    assert queued
    [_, told] = await store.rows(outbox)
    assert told["recipient"] == BOSS and "年龄限制" in json.loads(told["payload"])["text"]["content"]
    assert (await store.rows(jobs))[0]["status"] == "refused" and await store.ask("o_staff", ReviewQueue()) == []
    assert await store.run("o_staff", DecideReview(job.id, approve=True)) == (False, {}), "decided already"
    assert (await store.rows(jobs))[0]["status"] == "refused" and len(await store.rows(outbox)) == 2


async def test_only_the_employer_sees_applicants_closes_or_decides(store):
    await store.run(BOSS, PublishJob(JOB, ME))
    [job] = await store.rows(jobs)
    async with store.db.transaction() as conn:
        await WorkerRepo(conn).save(WORKER, {"name": "小李", "phone": "13811112222"})
        app, _ = await ApplicationRepo(conn).apply(job["id"], WORKER)
    assert await store.ask(OTHER, Applicants(job["id"])) == [], "nobody else sees who applied"
    [seen] = await store.ask(BOSS, Applicants(job["id"]))
    assert seen.name == "小李" and seen.phone is None and seen.phone_hidden and seen.rating is None

    # "Hire Old Li" in one message reads those waiting on all the jobs at once; only the employer's.
    assert await store.ask(OTHER, WaitingApplicants((job["id"],))) == []
    [waiting] = await store.ask(BOSS, WaitingApplicants((job["id"],)))
    assert waiting.name == "小李" and waiting.application.job_id == job["id"] and waiting.phone is None

    await store.run(OTHER, CloseJob(job["id"]))
    _, results = await store.run(OTHER, DecideApplication(app.id, accept=True))
    assert results == {"decision": "not_done"}
    assert (await store.rows(jobs))[0]["status"] == "open"

    queued, results = await store.run(BOSS, DecideApplication(app.id, accept=True))
    assert queued and results == {"decision": "accepted", "applicant_name": "小李", "applicant_phone": "13811112222"}
    assert await store.ask(BOSS, WaitingApplicants((job["id"],))) == [], "decided: no longer waiting"
    async with store.db.reading() as conn:
        full = await JobRepo(conn).get(job["id"])
    assert full.filled == 1 and full.status == "closed", "full: closed"
    _, results = await store.run(BOSS, DecideApplication(app.id, accept=True))
    assert results == {"decision": "not_done"}, "already accepted"
    queued, results = await store.run(BOSS, DecideApplication(app.id, accept=False))
    assert results["decision"] == "declined" and results["applicant_phone"] == "none"
    async with store.db.reading() as conn:
        assert (await JobRepo(conn).get(job["id"])).status == "open", "a place again"
    await store.run(BOSS, CloseJob(job["id"]))
    assert (await store.rows(jobs))[0]["status"] == "closed"


async def test_hours_said_in_words_are_kept_with_the_job_and_read_back(store):
    """A factory's "两班倒" has no clock times: the job is saved with the
    words' code and no start time, and read back the same (both stores)."""
    shifts = replace(JOB, start_time="", end_time="", work_hours="shifts", pay_unit="month", pay_min=6000,
                     pay_max=6000, pay_method="monthly")
    await store.run(BOSS, PublishJob(shifts, ME))
    [job] = await store.ask(BOSS, MyJobs())
    assert (job.start_time, job.end_time, job.work_hours) == ("", "", "shifts")
    [row] = await store.rows(jobs)
    assert row["work_hours"] == "shifts"
    # Clock times keep no words.
    await store.run(OTHER, PublishJob(JOB, ME))
    assert [r["work_hours"] for r in await store.rows(jobs)] == ["shifts", ""]
