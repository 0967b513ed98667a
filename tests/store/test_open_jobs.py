"""The in-process index of open jobs (bot/services/open_jobs.py): it finds
what the database finds, sees other processes' writes at its next look,
and a stale one never puts a closed job on the page a worker sees."""
from __future__ import annotations

import asyncio
import logging
import random
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import update

from bot import clock
from bot.bus import Bus, Deps
from bot.features.find_work.dialog import PAGE
from bot.features.find_work.handlers import router
from bot.features.find_work.messages import FindJobs
from bot.features.find_work.search import search
from bot.i18n import Catalog
from bot.refdata import ReferenceData
from bot.services.open_jobs import OpenJobs
from bot.settings import Settings
from bot.store.repos import EmployerRepo, JobRepo, PrivacyRepo
from bot.store.tables import jobs
from bot.turn.service import OutboxNotifier

TRADES = ["porter", "cleaner", "loader", "cook", "security_guard"]
AREAS = ["fengze", "licheng", "jinjiang", "shishi"]
CAT = Catalog()
SETTINGS = Settings()
BUS = Bus(router)


@pytest.fixture(scope="module")
def refdata():
    return ReferenceData.load()


def today() -> date:
    return clock.today(time.time())


def a_post(rng: random.Random, start: date, **fields) -> dict:
    """A job as the post dialog saves it, its fields drawn at random."""
    first = start + timedelta(days=rng.randint(-4, 8))
    last = first + timedelta(days=rng.randint(0, 5))
    trades = rng.sample(TRADES, rng.choice((1, 1, 1, 2, 3)))
    if rng.random() < 0.1:
        trades.append(trades[0])          # a trade written twice
    located = rng.random() < 0.8
    method, unit = rng.choice((("daily", "day"), ("hourly", "hour"), ("monthly", "month"), ("piece", "piece")))
    headcount = rng.randint(1, 3)
    return {"trades": trades, "area": rng.choice(AREAS), "start_date": first.isoformat(),
            "end_date": last.isoformat(), "days": (last - first).days + 1, "start_time": "08:00",
            "pay_min": 150, "pay_max": rng.randrange(150, 400, 10), "pay_unit": unit, "pay_method": method,
            "headcount": headcount, "filled": rng.choice((0, 0, 0, headcount - 1, headcount)),
            "contact_name": "陈先生", "contact_phone": "13905951111",
            "status": rng.choice(("open",) * 6 + ("closed", "review", "expired", "refused")),
            "lat": round(rng.uniform(24.7, 25.1), 4) if located else None,
            "lng": round(rng.uniform(118.4, 118.8), 4) if located else None,
            "description": rng.choice(("搬货", "打扫卫生，包午饭", "", "夜班")), "skills": rng.choice(("", "会开叉车")),
            "kind": "welfare" if rng.random() < 0.15 else "normal", "market_code": rng.choice((None, "m1")),
            "eligibility": {} if rng.random() < 0.8 else {"hardship": True},
            "meals": rng.choice((None, True, False)), "lodging": rng.choice((None, True, False)), **fields}


async def an_employer(db, openid: str = "o_boss") -> int:
    async with db.transaction() as conn:
        return await EmployerRepo(conn).save(openid, {"kind": "person", "name": "陈先生", "phone": "13905951111",
                                                       "consent": True})


async def post(db, employer_id: int, fields: dict) -> int:
    async with db.transaction() as conn:
        return await JobRepo(conn).create(employer_id, fields)


def a_query(rng: random.Random, start: date) -> dict:
    query: dict = {"today": start.isoformat()}
    if rng.random() < 0.7:
        query["trades"] = rng.sample(TRADES + ["tea_picker"], rng.choice((1, 1, 2, 3)))
    if rng.random() < 0.4:
        query["areas"] = rng.sample(AREAS, rng.choice((1, 2)))
    if rng.random() < 0.2:
        query["date_from"] = (start + timedelta(days=rng.randint(0, 6))).isoformat()
    if rng.random() < 0.2:
        query["date_to"] = (start + timedelta(days=rng.randint(0, 6))).isoformat()
    if rng.random() < 0.2:
        query["pay_method"] = rng.choice(("daily", "hourly", "monthly", "piece"))
    if rng.random() < 0.15:
        query["welfare"] = True
    if rng.random() < 0.2:
        query["meals"] = True
    if rng.random() < 0.2:
        query["lodging"] = True
    if rng.random() < 0.3:
        south, west = rng.uniform(24.7, 24.95), rng.uniform(118.4, 118.65)
        query["bbox"] = (south, west, south + rng.uniform(0.05, 0.3), west + rng.uniform(0.05, 0.3))
    query["limit"] = rng.choice((3, 10, 40, 150))
    query["with_text"] = rng.random() < 0.3
    return query


async def test_the_index_finds_what_the_database_finds_in_the_same_order(db):
    rng = random.Random(16)
    start = today()
    employer = await an_employer(db)
    async with db.transaction() as conn:
        repo = JobRepo(conn)
        ids = [await repo.create(employer, a_post(rng, start)) for _ in range(400)]
        # Some changed after posting: trades, dates, places filled and freed.
        for job_id in rng.sample(ids, 40):
            await repo.update(job_id, {"trades": rng.sample(TRADES, 2), "start_date": start.isoformat()})
        for job_id in rng.sample(ids, 40):
            await repo.add_filled(job_id, rng.choice((1, -1)))
    index = OpenJobs(db)
    await index.load()
    assert 0 < len(index) < 400
    compared = found = 0
    async with db.reading() as conn:
        repo = JobRepo(conn)
        for _ in range(400):
            query = a_query(rng, start)
            if rng.random() < 0.1:   # a later day: jobs over by then drop out at the search
                query["today"] = (start + timedelta(days=rng.randint(1, 4))).isoformat()
            expected = await repo.to_rank(**query)
            assert index.to_rank(**query) == expected, query
            compared += 1
            found += len(expected)
    assert found > compared, "the queries found jobs"


async def test_another_processes_writes_are_seen_at_the_next_look(db):
    """Two processes' indexes on one database: what one writes through the
    repositories, the other finds (or stops finding) after its refresh."""
    start = today()
    employer = await an_employer(db)
    rng = random.Random(7)
    base = {"status": "open", "filled": 0, "headcount": 1, "kind": "normal", "trades": ["porter"],
            "area": "fengze", "start_date": start.isoformat(), "end_date": start.isoformat(), "days": 1}
    kept = await post(db, employer, a_post(rng, start, **base))
    here, there = OpenJobs(db, own_writes=False), OpenJobs(db, own_writes=False)
    await here.load()
    await there.load()
    porters = {"today": start.isoformat(), "trades": ["porter"]}

    def found(index: OpenJobs, **query) -> list[int]:
        return [c.id for c in index.to_rank(**{**porters, **query})]

    assert found(there) == [kept]
    posted = await post(db, employer, a_post(rng, start, **base))
    assert found(there) == [kept], "not before its next look"
    await there.refresh()
    assert found(there) == [posted, kept]

    async with db.transaction() as conn:          # its one place taken: closed
        await JobRepo(conn).add_filled(posted, 1)
    await there.refresh()
    assert found(there) == [kept]

    async with db.transaction() as conn:          # edited: another trade now
        await JobRepo(conn).update(kept, {"trades": ["cleaner"]})
    await there.refresh()
    assert found(there) == [] and found(there, trades=["cleaner"]) == [kept]

    async with db.transaction() as conn:          # a place freed: open again
        await JobRepo(conn).add_filled(posted, -1)
    await there.refresh()
    assert found(there) == [posted]

    async with db.transaction() as conn:          # the employer erased: their jobs closed
        await PrivacyRepo(conn).close_and_clear_jobs(employer)
    await there.refresh()
    assert found(there) == [] and found(there, trades=["cleaner"]) == []
    # The other index, never refreshed, still has the first copy.
    assert found(here) == [kept]


async def test_a_write_stamped_before_a_look_and_committed_after_it_is_read_at_the_next(db):
    """A transaction stamps its rows before it commits: a write stamped a
    few seconds before a look began but committed after it is not missed;
    nor are other writers' when one writer's clock runs ahead."""
    start = today()
    employer = await an_employer(db)
    base = a_post(random.Random(3), start, status="open", filled=0, headcount=1, trades=["porter"],
                  start_date=start.isoformat(), end_date=start.isoformat())
    index = OpenJobs(db, own_writes=False)
    await index.load()
    slow, ahead = await post(db, employer, base), await post(db, employer, base)
    await index.refresh()
    porters = {"today": start.isoformat(), "trades": ["porter"]}
    assert {c.id for c in index.to_rank(**porters)} == {slow, ahead}
    async with db.transaction() as conn:
        # Stamped 3 s before the look above began, committed only now.
        await conn.execute(update(jobs).where(jobs.c.id == slow)
                           .values(status="closed", updated_at=time.time() - 3))
        # A writer whose clock is a minute ahead.
        await conn.execute(update(jobs).where(jobs.c.id == ahead).values(pay_max=999,
                                                                          updated_at=time.time() + 60))
    await index.refresh()
    assert [(c.id, c.pay_max) for c in index.to_rank(**porters)] == [(ahead, 999)]
    third = await post(db, employer, base)            # on time, after the one ahead
    await index.refresh()
    assert {c.id for c in index.to_rank(**porters)} == {ahead, third}


async def test_a_stale_index_never_shows_a_closed_job_on_the_first_page(db, refdata):
    start = today()
    employer = await an_employer(db)
    rng = random.Random(5)
    posted = [await post(db, employer, a_post(rng, start, status="open", filled=0, headcount=1, kind="normal",
                                              trades=["porter"], area="fengze", start_date=start.isoformat(),
                                              end_date=(start + timedelta(days=2)).isoformat()))
              for _ in range(PAGE + 3)]
    stale = OpenJobs(db, own_writes=False)          # another process's: it has not looked since
    await stale.load()
    spec = FindJobs(trades=("porter",), areas=("fengze",))
    async with db.reading() as conn:
        before = await search(conn, spec, today=start, now=time.time(), refdata=refdata, page=PAGE,
                              open_jobs=stale)
    first_page = [job_id for job_id, _ in before["results"][:PAGE]]
    closed, filled = first_page[0], first_page[2]
    async with db.transaction() as conn:
        await JobRepo(conn).update(closed, {"status": "closed"})
        await JobRepo(conn).add_filled(filled, 1)
    assert {closed, filled} <= {c.id for c in stale.to_rank(today=start.isoformat(), trades=["porter"])}
    async with db.reading() as conn:
        deps = Deps(conn, "o_worker", time.time(), SETTINGS, CAT, refdata, OutboxNotifier(SETTINGS, CAT),
                    {"open_jobs": stale})
        found = await BUS.ask(spec, deps)
    shown = [job_id for job_id, _ in found["results"][:PAGE]]
    assert closed not in shown and filled not in shown and len(shown) == PAGE
    assert set(shown) <= set(posted)
    assert all(job.takes_applications for job in found["jobs"].values()) and set(found["jobs"]) == set(shown)
    [ahead] = deps.answered_ahead.values()
    assert set(ahead) == set(shown)


async def test_this_processes_own_writes_are_found_at_once(db, refdata):
    """A worker searching right after a job was posted or closed in this
    process sees it so, without waiting for the next look."""
    start = today()
    employer = await an_employer(db)
    index = OpenJobs(db, every=3600)
    await index.load()
    fields = a_post(random.Random(9), start, status="open", filled=0, headcount=1, kind="normal",
                    trades=["porter"], area="fengze", start_date=start.isoformat(), end_date=start.isoformat())
    job_id = await post(db, employer, fields)
    spec = FindJobs(trades=("porter",), areas=("fengze",))

    async def searched() -> list[int]:
        async with db.reading() as conn:
            found = await search(conn, spec, today=start, now=time.time(), refdata=refdata, page=PAGE,
                                 open_jobs=index)
        return [j for j, _ in found["results"]]

    # Several workers at once: each finds it (the first catches the index
    # up, the others wait for that or read the database).
    assert await asyncio.gather(*(searched() for _ in range(6))) == [[job_id]] * 6
    async with db.transaction() as conn:
        await JobRepo(conn).add_filled(job_id, 1)
    async with db.reading() as conn:
        found = await search(conn, spec, today=start, now=time.time(), refdata=refdata, page=0,
                             open_jobs=index)
    assert found["results"] == []


class _AwayThenBack:
    """A database that cannot be reached until `back` is set."""

    def __init__(self, db) -> None:
        self.db, self.back, self.tries = db, False, 0

    def reading(self):
        self.tries += 1
        if not self.back:
            raise OSError("connection refused")
        return self.db.reading()


async def test_the_refresh_survives_the_database_away_and_stops_on_shutdown(db, caplog):
    away = _AwayThenBack(db)
    index = OpenJobs(away, every=0.01)
    stopping = asyncio.Event()
    caplog.set_level(logging.WARNING, logger="bot.open_jobs")
    task = asyncio.create_task(index.run(stopping))
    while away.tries < 5:
        await asyncio.sleep(0.01)
    assert not index.ready and not task.done()
    assert len([r for r in caplog.records if "not refreshed" in r.getMessage()]) == 1, "said once"
    away.back = True
    while not index.ready:
        await asyncio.sleep(0.01)
    stopping.set()
    await asyncio.wait_for(task, 5)
    assert task.exception() is None
