"""Finding work's handlers against the real store (SQLite, and PostgreSQL
when TEST_DATABASE_URL is set), through the bus, without HTTP: what the
employer is told, what is kept, and the rules a change must pass where it
is made."""
from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import clock
from bot.bus import Bus, Deps
from bot.features.find_work.handlers import router
from bot.features.find_work.messages import (AddJobAlert, ApplicationsToday, Apply, DailyUse, FindJobs,
                                             MyApplicationTo, StopPushes, Withdraw)
from bot.i18n import Catalog
from bot.refdata import ReferenceData
from bot.turn.service import OutboxNotifier
from bot.settings import Settings
from bot.store.repos import ApplicationRepo, EmployerRepo, JobRepo, PushRepo, WorkerRepo
from bot.store.tables import applications, outbox

CAT = Catalog()
BUS = Bus(router)
BOSS, WORKER = "o_boss", "o_worker"
SETTINGS = Settings(daily_application_limit=20)


@pytest.fixture(scope="module")
def refdata():
    return ReferenceData.load()


def deps(conn, openid: str, refdata, settings: Settings = SETTINGS, msg_key: str = "m1") -> Deps:
    return Deps(conn, openid, time.time(), settings, CAT, refdata, OutboxNotifier(settings, CAT), {}, msg_key)


async def run(db, refdata, openid: str, command, msg_key: str = "m1", settings: Settings = SETTINGS):
    """(whether a message was queued, the results for the reply)."""
    async with db.transaction() as conn:
        d = deps(conn, openid, refdata, settings, msg_key)
        queued = await BUS.run(command, d)
    return queued, d.results


async def ask(db, refdata, openid: str, query, settings: Settings = SETTINGS):
    async with db.reading() as conn:
        return await BUS.ask(query, deps(conn, openid, refdata, settings))


async def a_job(db, **fields) -> int:
    start = (clock.today(time.time()) + timedelta(days=1)).isoformat()
    job = {"trades": ["porter"], "area": "fengze", "start_date": start, "end_date": start, "days": 1,
           "start_time": "08:00", "pay_min": 200, "pay_max": 200, "pay_unit": "day", "pay_method": "daily",
           "headcount": 1, "contact_name": "陈先生", "contact_phone": "13905951111", "status": "open", **fields}
    async with db.transaction() as conn:
        employer_id = await EmployerRepo(conn).save(BOSS, {"kind": "person", "name": "陈先生",
                                                            "phone": "13905951111", "consent": True})
        return await JobRepo(conn).create(employer_id, job)


async def a_worker(db, openid: str = WORKER, **fields) -> None:
    async with db.transaction() as conn:
        await WorkerRepo(conn).save(openid, {"name": "老王", "phone": "13905958888", "trades": ["porter"],
                                             "areas": ["fengze"], **fields})


async def told(db, openid: str) -> list[tuple[str, str]]:
    """(idempotency key, text) of the messages queued for a user."""
    async with db.reading() as conn:
        rows = (await conn.execute(select(outbox.c.idempotency_key, outbox.c.payload)
                                   .where(outbox.c.recipient == openid).order_by(outbox.c.id))).all()
    return [(key, json.loads(payload)["text"]["content"]) for key, payload in rows]


async def test_applying_tells_the_employer_who_applied_and_keeps_the_phone_back(db, refdata):
    job = await a_job(db, headcount=3)
    await a_worker(db)
    await a_worker(db, "o_shows", name="李师傅", phone="13905957777", show_phone=True)
    assert await ask(db, refdata, WORKER, MyApplicationTo(job)) is None
    assert await run(db, refdata, WORKER, Apply(job), "m1") == (True, {})
    assert (await ask(db, refdata, WORKER, MyApplicationTo(job))).status == "applied"
    [(key, text)] = await told(db, BOSS)
    assert key == "apply:m1"
    assert text == CAT.text("zh_CN", "new-applicant", id=job, name="老王", phone="hidden", trades="搬运工")
    assert "13905958888" not in text
    # Applying twice changes nothing and tells nobody again.
    assert await run(db, refdata, WORKER, Apply(job), "m2") == (False, {})
    assert len(await told(db, BOSS)) == 1
    # A worker who chose to show their phone: the employer gets it at once.
    assert (await run(db, refdata, "o_shows", Apply(job), "m3"))[0] is True
    assert "13905957777" in (await told(db, BOSS))[-1][1]


async def test_a_closed_or_full_job_takes_no_application(db, refdata):
    closed = await a_job(db, status="closed")
    full = await a_job(db, headcount=1, filled=1)
    await a_worker(db)
    for job in (closed, full, 999):
        assert await run(db, refdata, WORKER, Apply(job)) == (False, {})
    async with db.reading() as conn:
        assert (await conn.execute(select(applications))).all() == []
    assert await told(db, BOSS) == []


async def test_the_daily_limit_counts_where_the_application_is_made(db, refdata):
    one_a_day = replace(SETTINGS, daily_application_limit=1)
    first, second = await a_job(db), await a_job(db)
    await a_worker(db)
    assert await ask(db, refdata, WORKER, ApplicationsToday(), one_a_day) == DailyUse(0, 1)
    assert (await run(db, refdata, WORKER, Apply(first), "m1", one_a_day))[0] is True
    today = await ask(db, refdata, WORKER, ApplicationsToday(), one_a_day)
    assert today == DailyUse(1, 1) and today.reached
    queued, results = await run(db, refdata, WORKER, Apply(second), "m2", one_a_day)
    assert queued is False
    instead = results["instead"]["applied"]
    assert (instead.id, instead.vars) == ("apply-cap-refused", {"limit": 1})
    assert await ask(db, refdata, WORKER, MyApplicationTo(second), one_a_day) is None
    # No limit set: nothing is counted.
    no_limit = replace(SETTINGS, daily_application_limit=0)
    assert not (await ask(db, refdata, WORKER, ApplicationsToday(), no_limit)).reached


async def test_withdrawing_an_accepted_application_frees_the_place_and_tells_the_employer(db, refdata):
    job = await a_job(db, headcount=1)
    await a_worker(db)
    await run(db, refdata, WORKER, Apply(job), "m1")
    async with db.transaction() as conn:
        app = await ApplicationRepo(conn).get(job, WORKER)
        await ApplicationRepo(conn).set_status(app.id, "accepted")
        await JobRepo(conn).add_filled(job, +1)
    assert await run(db, refdata, "o_someone_else", Withdraw(app.id), "m2") == (False, {})
    assert await run(db, refdata, WORKER, Withdraw(app.id), "m3") == (True, {})
    async with db.reading() as conn:
        assert (await ApplicationRepo(conn).by_id(app.id)).status == "withdrawn"
        assert (await JobRepo(conn).get(job)).filled == 0
    key, text = (await told(db, BOSS))[-1]
    assert key == "withdraw:m3" and text == CAT.text("zh_CN", "applicant-withdrew", name="老王", id=job)
    assert await run(db, refdata, WORKER, Withdraw(app.id), "m4") == (False, {}), "once is enough"


async def test_a_search_finds_ranks_and_widens(db, refdata):
    near = await a_job(db, lat=24.90, lng=118.59)
    elsewhere = await a_job(db, area="jinjiang", trades=["cleaner"])
    found = await ask(db, refdata, WORKER, FindJobs(trades=("porter",), areas=("fengze",)))
    assert [job_id for job_id, _ in found["results"]] == [near] and found["widened"] is None
    # Nothing in Licheng: the same trade anywhere.
    found = await ask(db, refdata, WORKER, FindJobs(trades=("porter",), areas=("licheng",)))
    assert [job_id for job_id, _ in found["results"]] == [near] and found["widened"] == "same_trade_any_area"
    # From a shared location, with the distance.
    found = await ask(db, refdata, WORKER, FindJobs(near=True, origin=(24.90, 118.60)))
    assert found["results"][0][0] == near and found["results"][0][1] < 2
    assert elsewhere not in [job_id for job_id, _ in found["results"]]


async def test_a_search_for_meals_or_a_bed_finds_only_the_jobs_that_provide_them(db, refdata):
    both = await a_job(db, meals=True, lodging=True)
    meals_only = await a_job(db, meals=True, lodging=False)
    unsaid = await a_job(db)
    for asked, expected in (({}, {both, meals_only, unsaid}), ({"meals": True}, {both, meals_only}),
                            ({"lodging": True}, {both}), ({"meals": True, "lodging": True}, {both})):
        found = await ask(db, refdata, WORKER, FindJobs(trades=("porter",), areas=("fengze",), **asked))
        assert {job_id for job_id, _ in found["results"]} == expected, asked
        assert set(found["jobs"]) == expected, "the first page, read in full"
        assert found["widened"] is None


async def test_an_alert_lasts_until_the_worker_unsubscribes(db, refdata):
    await a_worker(db, wants_push=True)
    await run(db, refdata, WORKER, AddJobAlert(("porter",), ("fengze",)))
    async with db.reading() as conn:
        [alert] = await PushRepo(conn).alerts(time.time())
    assert (alert["openid"], alert["trades"], alert["areas"]) == (WORKER, ["porter"], ["fengze"])
    await run(db, refdata, WORKER, StopPushes())
    async with db.reading() as conn:
        assert await PushRepo(conn).alerts(time.time()) == []
        assert (await WorkerRepo(conn).get(WORKER)).wants_push is False


async def test_a_search_shows_its_first_page_as_the_jobs_themselves_read_with_their_ratings(db, refdata):
    """A search answers the first page's jobs ahead (one database session a
    search): the worker sees each line exactly as JobsByIds reads it, the
    employer's rating included."""
    from bot.features.find_work.dialog import PAGE
    from bot.features.find_work.messages import JobsByIds
    from bot.store.repos import RatingRepo

    rated = [await a_job(db, trades=["porter", "loader"], pay_max=200 + n) for n in range(PAGE + 2)]
    others = [await a_job(db, trades=["loader"], area="jinjiang") for _ in range(2)]
    async with db.transaction() as conn:
        ratings = RatingRepo(conn)
        for n, job_id in enumerate(rated[:3]):
            app, _ = await ApplicationRepo(conn).apply(job_id, f"o_w{n}")
            await ApplicationRepo(conn).set_status(app.id, "accepted")
            await ratings.rate(await ratings.engagement(app.id), "worker", f"o_w{n}", 3 + n, [], "", time.time())
    search = FindJobs(trades=("porter", "loader"), areas=("fengze",))
    async with db.reading() as conn:
        d = deps(conn, WORKER, refdata)
        found = await BUS.ask(search, d)
        first_page = tuple(job_id for job_id, _ in found["results"][:PAGE])
        assert len(first_page) == PAGE and not set(first_page) & set(others)
        ahead = d.answered_ahead
        assert list(ahead) == [JobsByIds(first_page)]
        asked = await BUS.ask(JobsByIds(first_page), deps(conn, WORKER, refdata))
    assert ahead[JobsByIds(first_page)] == asked
    assert {job.employer_rating for job in asked.values()} == {(4.0, 3)}


async def test_a_job_is_shown_with_what_workers_said_of_its_employer_and_nothing_else(db, refdata):
    """A job and its employer's rating are one read: the workers' ratings of
    that employer (average, count), not the employer's ratings of workers,
    not another employer's; none when no worker has rated them yet."""
    from bot.features.find_work.messages import JobById, JobsByIds
    from bot.store.repos import RatingRepo

    rated = await a_job(db)
    async with db.transaction() as conn:
        other = await EmployerRepo(conn).save("o_other_boss", {"kind": "person", "name": "林女士",
                                                               "phone": "13905952222", "consent": True})
        unrated = await JobRepo(conn).create(other, {
            "trades": ["porter"], "area": "fengze", "start_date": "2099-01-01", "end_date": "2099-01-01",
            "days": 1, "start_time": "08:00", "pay_min": 200, "pay_max": 200, "pay_unit": "day",
            "pay_method": "daily", "headcount": 3, "contact_name": "林女士", "contact_phone": "13905952222",
            "status": "open"})
        repo = RatingRepo(conn)
        for n, score in enumerate((2, 5)):
            app, _ = await ApplicationRepo(conn).apply(rated, f"o_w{n}")
            await ApplicationRepo(conn).set_status(app.id, "accepted")
            engagement = await repo.engagement(app.id)
            await repo.rate(engagement, "worker", f"o_w{n}", score, [], "", time.time())
            # The employer's rating of the worker is about the worker.
            await repo.rate(engagement, "employer", BOSS, 1, [], "", time.time())
        app, _ = await ApplicationRepo(conn).apply(unrated, "o_w0")
        await ApplicationRepo(conn).set_status(app.id, "accepted")
        await repo.rate(await repo.engagement(app.id), "employer", "o_other_boss", 4, [], "", time.time())
    assert (await ask(db, refdata, WORKER, JobById(rated))).employer_rating == (3.5, 2)
    assert (await ask(db, refdata, WORKER, JobById(unrated))).employer_rating is None
    both = await ask(db, refdata, WORKER, JobsByIds((unrated, rated, 999_999)))
    assert list(both) == [unrated, rated, 999_999] and both[999_999] is None
    assert (both[rated].employer_rating, both[unrated].employer_rating) == ((3.5, 2), None)
    assert both[rated] == await ask(db, refdata, WORKER, JobById(rated))
