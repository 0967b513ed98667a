"""The staff report (clauses 9 and 24) against the real database (SQLite and
PostgreSQL): a month of generated data, the numbers
checked against what was inserted, the markdown and the chart."""
import base64
import hashlib
import io
import json
import random
import statistics
import struct
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert

from bot.i18n import Catalog
from bot.refdata import ReferenceData
from bot.services.report import (MARKDOWN_MAX_BYTES, Report, SupplyRow, TicketRow, TrainingRow, build_report,
                                 period_bounds, staff_payloads, week_before, week_label, weekly_due, write_report)
from bot.store.db import Database
from bot.store.tables import applications, employers, job_trades, jobs, push_log, tickets, workers

QZ = timezone(timedelta(hours=8))
START, END = date(2026, 3, 1), date(2026, 3, 31)
T0 = datetime(2026, 3, 1, tzinfo=QZ).timestamp()
T1 = datetime(2026, 4, 1, tzinfo=QZ).timestamp()
HOUR = 3600.0

# Demand leans on skilled trades, supply on general labour, so the shortage
# and the surplus are clear.
JOB_TRADES = {"welder": 9, "electrician": 8, "tiler": 6, "forklift_driver": 6, "carpenter": 5, "mason": 5,
              "plumber": 4, "painter": 2, "factory_worker": 2, "porter": 1, "loader": 1, "odd_job_laborer": 1}
WORKER_TRADES = {"factory_worker": 10, "odd_job_laborer": 9, "porter": 7, "loader": 5, "painter": 3, "mason": 2,
                 "carpenter": 2, "plumber": 1, "electrician": 1, "tiler": 1, "cleaner": 3}
AREAS = {"jinjiang": 5, "shishi": 4, "licheng": 3, "fengze": 3, "nanan": 2, "huian": 1}
TICKET_KINDS = ["wages", "wages", "wages", "injury", "fake_job", "service", "question", "feedback", "other"]


@pytest.fixture(scope="module")
def refdata():
    return ReferenceData.load()


@pytest.fixture(scope="module")
def catalog():
    return Catalog()


def pick(rng, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def day(ts: float) -> str:
    return datetime.fromtimestamp(ts, QZ).date().isoformat()


class Month:
    """A month of generated activity, kept in plain lists so the expected
    numbers can be computed here, independently of the report."""

    def __init__(self, seed: int = 20260301) -> None:
        rng = random.Random(seed)
        self.employers = [{"openid": f"oEMP{seed}x{i:04d}", "kind": "company", "name": f"Employer Co {i}",
                           "phone": f"1370000{i:04d}", "created_at": T0 - 90 * 86400,
                           "updated_at": T0 - 90 * 86400} for i in range(20)]
        self.jobs: list[dict] = []
        for _ in range(320):
            self.jobs.append(self._job(rng, rng.uniform(T0, T1)))
        # The edges of the period, in Quanzhou time: in, in, out, and an
        # older job that is still open (counts as demand, not as posted).
        self.jobs.append(self._job(rng, T0, status="open", filled=0, trades=["welder"]))
        self.jobs.append(self._job(rng, T1 - 0.5, status="open", filled=0, trades=["tiler"]))
        self.jobs.append(self._job(rng, T1, status="open", filled=0, trades=["welder"]))
        self.jobs.append(self._job(rng, T0 - 1, status="open", filled=1, trades=["mason"], headcount=6,
                                   end_date="2026-03-20"))
        self.jobs.append(self._job(rng, T0 - 30 * 86400, status="open", filled=0, trades=["porter"],
                                   end_date="2026-02-27"))   # over before the month: no demand

        self.workers: list[dict] = []
        for i in range(112):
            if i < 80:
                created = T0 - rng.uniform(1, 200) * 86400
            elif i < 105:
                created = rng.uniform(T0, T1)
            else:
                created = T1 + rng.uniform(1, 5) * 86400     # registered after the period
            trades = sorted({pick(rng, WORKER_TRADES) for _ in range(rng.randint(1, 3))})
            self.workers.append({"openid": f"oWRK{seed}y{i:04d}", "name": f"Worker Name {i}",
                                 "phone": f"1390000{i:04d}", "trades": json.dumps(trades),
                                 "areas": json.dumps([pick(rng, AREAS)]), "consent_at": created,
                                 "created_at": created, "updated_at": created})

        pairs = set()
        self.applications: list[dict] = []
        while len(self.applications) < 260:
            job = rng.randrange(len(self.jobs))
            worker = rng.randrange(len(self.workers))
            if (job, worker) in pairs:
                continue
            pairs.add((job, worker))
            created = rng.uniform(T0, T1) if len(self.applications) < 250 else T1 + rng.uniform(0, 86400)
            status = rng.choices(["applied", "accepted", "declined", "withdrawn"], [4, 3, 2, 1])[0]
            self.applications.append({"job": job, "worker_openid": self.workers[worker]["openid"],
                                      "status": status, "created_at": created, "updated_at": created})

        self.tickets: list[dict] = []
        for i in range(34):
            created = rng.uniform(T0, T1 - 2 * 86400) if i < 31 else T0 - rng.uniform(1, 20) * 86400
            reply = rng.choice([None, 0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 9, 20, 30])
            status, closed, score = "open", None, None
            if reply is not None:
                status = rng.choice(["in_progress", "closed", "closed", "closed"])
                if status == "closed":
                    closed = created + (reply + rng.choice([2, 5, 12, 24, 48, 70])) * HOUR
                    score = rng.choice([None, 1, 2, 3, 4, 4, 5, 5, 5])
            self.tickets.append({
                "openid": f"oUSR{seed}z{i:04d}", "kind": TICKET_KINDS[i % len(TICKET_KINDS)], "status": status,
                "text": f"complaint text {i}", "phone": f"1360000{i:04d}", "created_at": created,
                "first_reply_at": None if reply is None else created + reply * HOUR, "closed_at": closed,
                "survey_asked_at": closed, "satisfaction": score})

        self.pushes: list[dict] = []
        seen = set()
        while len(self.pushes) < 140:
            worker = self.workers[rng.randrange(60)]["openid"]
            job = rng.randrange(len(self.jobs))
            if (worker, job) in seen:
                continue
            seen.add((worker, job))
            sent = rng.uniform(T0, T1) if len(self.pushes) < 125 else T0 - rng.uniform(1, 86400)
            self.pushes.append({"openid": worker, "job": job, "sent_at": sent})

    def _job(self, rng, created: float, status: str | None = None, filled: int | None = None,
             trades: list[str] | None = None, headcount: int | None = None, end_date: str | None = None) -> dict:
        if trades is None:
            trades = [pick(rng, JOB_TRADES)]
            if rng.random() < 0.25:
                trades = sorted(set(trades) | {pick(rng, JOB_TRADES)})
        headcount = headcount or rng.randint(1, 8)
        if status is None:
            status = rng.choices(["open", "review", "refused", "full"], [6, 1, 1, 2])[0]
            if status == "full":
                status, filled = "closed", headcount
            elif status == "open":
                filled = rng.randint(0, headcount - 1)
            else:
                filled = 0
        start = datetime.fromtimestamp(created, QZ).date() + timedelta(days=rng.randint(0, 5))
        end = end_date or (start + timedelta(days=rng.randint(0, 20))).isoformat()
        employer = self.employers[rng.randrange(len(self.employers))]
        return {"employer": employer, "trades": trades, "area": pick(rng, AREAS), "start_date": start.isoformat(),
                "end_date": end, "headcount": headcount, "filled": filled, "status": status,
                "created_at": created}

    async def insert(self, db: Database) -> None:
        async with db.transaction() as conn:
            employer_ids = {}
            for e in self.employers:
                employer_ids[e["openid"]] = (await conn.execute(
                    insert(employers).values(**e).returning(employers.c.id))).scalar_one()
            for job in self.jobs:
                job["id"] = (await conn.execute(insert(jobs).values(
                    employer_id=employer_ids[job["employer"]["openid"]], trades=json.dumps(job["trades"]),
                    area=job["area"], address="Some street 1", start_date=job["start_date"],
                    end_date=job["end_date"], days=1, start_time="08:00", pay_min=200, pay_max=260,
                    pay_unit="day", pay_method="daily", headcount=job["headcount"], filled=job["filled"],
                    contact_name="Boss", contact_phone=job["employer"]["phone"], status=job["status"],
                    created_at=job["created_at"], updated_at=job["created_at"]).returning(jobs.c.id))).scalar_one()
                await conn.execute(insert(job_trades), [{"job_id": job["id"], "trade": t} for t in job["trades"]])
            await conn.execute(insert(workers), self.workers)
            await conn.execute(insert(applications), [
                {"job_id": self.jobs[a["job"]]["id"], **{k: v for k, v in a.items() if k != "job"}}
                for a in self.applications])
            await conn.execute(insert(tickets), self.tickets)
            await conn.execute(insert(push_log), [
                {"openid": p["openid"], "job_id": self.jobs[p["job"]]["id"], "sent_at": p["sent_at"]}
                for p in self.pushes])

    # -- what the report should say --------------------------------------

    def posted(self) -> list[dict]:
        return [j for j in self.jobs if T0 <= j["created_at"] < T1 and j["status"] != "refused"]

    def by(self, key) -> dict[str, tuple[int, int, int]]:
        out: dict[str, list[int]] = {}
        for job in self.posted():
            for code in key(job):
                row = out.setdefault(code, [0, 0, 0])
                row[0] += 1
                row[1] += job["headcount"]
                row[2] += job["filled"]
        return {k: tuple(v) for k, v in out.items()}

    def demand(self) -> Counter:
        out: Counter = Counter()
        for job in self.jobs:
            if (job["status"] == "open" and job["created_at"] < T1 and job["end_date"] >= START.isoformat()
                    and job["filled"] < job["headcount"]):
                for code in job["trades"]:
                    out[code] += job["headcount"] - job["filled"]
        return out

    def supply(self) -> Counter:
        out: Counter = Counter()
        for w in self.workers:
            if w["created_at"] < T1:
                out.update(json.loads(w["trades"]))
        return out

    def period_tickets(self) -> list[dict]:
        return [t for t in self.tickets if T0 <= t["created_at"] < T1]


def median_hours(items, key) -> float | None:
    hours = [(t[key] - t["created_at"]) / HOUR for t in items if t[key] is not None]
    return statistics.median(hours) if hours else None


@pytest.fixture
async def month(db):
    m = Month()
    await m.insert(db)
    return m


async def test_the_numbers_match_what_was_inserted(db, month, refdata):
    report = await build_report(db, refdata, START, END)
    posted = month.posted()
    assert 250 < len(posted) < 320
    assert report.jobs_posted == len(posted)
    assert report.places_posted == sum(j["headcount"] for j in posted)
    assert report.places_filled == sum(j["filled"] for j in posted)

    by_trade = {r.code: (r.posted, r.places, r.filled) for r in report.jobs_by_trade}
    assert by_trade == month.by(lambda j: j["trades"])
    assert len(by_trade) >= 10
    assert [r.posted for r in report.jobs_by_trade] == sorted((r.posted for r in report.jobs_by_trade), reverse=True)
    welder = next(r for r in report.jobs_by_trade if r.code == "welder")
    assert (welder.name, welder.en) == (refdata.trade_by_code("welder").name, refdata.trade_by_code("welder").en)
    by_area = {r.code: (r.posted, r.places, r.filled) for r in report.jobs_by_area}
    assert by_area == month.by(lambda j: [j["area"]])
    assert next(r for r in report.jobs_by_area if r.code == "jinjiang").name == refdata.area_by_code("jinjiang").name

    in_period = [w for w in month.workers if w["created_at"] < T1]
    assert report.workers_total == len(in_period) == 105
    assert report.workers_new == sum(1 for w in in_period if w["created_at"] >= T0) == 25
    supply, demand = month.supply(), month.demand()
    expected_top = sorted(supply.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert [(r.code, r.workers) for r in report.workers_by_trade()] == expected_top
    assert {r.code: r.open_places for r in report.supply if r.open_places} == dict(demand)
    assert {r.code: r.workers for r in report.supply if r.workers} == dict(supply)

    gaps = sorted(((demand[c] - supply[c], demand[c], c) for c in demand if demand[c] > supply[c]),
                  key=lambda g: (-g[0], -g[1], g[2]))[:5]
    assert [(r.code, r.gap) for r in report.shortage()] == [(c, g) for g, _, c in gaps]
    assert report.shortage()[0].code in ("welder", "electrician")
    surplus = sorted(((supply[c] / max(demand[c], 1), supply[c], c) for c in supply if supply[c] > demand[c]),
                     key=lambda s: (-s[0], -s[1], s[2]))[:5]
    assert [r.code for r in report.surplus()] == [c for _, _, c in surplus]
    assert len(report.surplus()) >= 3
    assert "welder" not in {r.code for r in report.surplus()}
    assert "cleaner" in {r.code for r in report.surplus()}        # workers, no job at all

    apps = [a for a in month.applications if T0 <= a["created_at"] < T1]
    assert report.applications_made == len(apps) == 250
    assert report.applications_accepted == sum(1 for a in apps if a["status"] == "accepted")

    period = month.period_tickets()
    assert report.tickets_total == len(period) == 31
    assert {r.kind: r.count for r in report.tickets_by_kind} == dict(Counter(t["kind"] for t in period))
    assert report.tickets_reply_hours == pytest.approx(median_hours(period, "first_reply_at"))
    assert report.tickets_close_hours == pytest.approx(median_hours(period, "closed_at"))
    wages = [t for t in period if t["kind"] == "wages"]
    row = next(r for r in report.tickets_by_kind if r.kind == "wages")
    assert row.reply_hours == pytest.approx(median_hours(wages, "first_reply_at"))
    assert row.close_hours == pytest.approx(median_hours(wages, "closed_at"))
    closed = [t for t in period if t["status"] == "closed"]
    scores = [t["satisfaction"] for t in closed if t["satisfaction"] is not None]
    assert len(scores) >= 5
    assert report.tickets_closed == len(closed)
    assert report.satisfaction_rated == len(scores)
    assert report.satisfaction_average == pytest.approx(sum(scores) / len(scores))

    pushes = [p for p in month.pushes if T0 <= p["sent_at"] < T1]
    assert report.pushes_sent == len(pushes) == 125
    assert report.pushes_workers == len({p["openid"] for p in pushes})

    assert report.training == [] and report.ratings == {}      # hooks: not built yet


async def test_markdown_has_counts_only_and_fits(db, month, refdata, catalog):
    report = await build_report(db, refdata, START, END)
    secrets = ([w["openid"] for w in month.workers] + [w["phone"] for w in month.workers]
               + [w["name"] for w in month.workers] + [e["openid"] for e in month.employers]
               + [e["phone"] for e in month.employers] + [t["openid"] for t in month.tickets]
               + [t["phone"] for t in month.tickets] + [t["text"] for t in month.tickets])
    for locale in ("zh_CN", "en"):
        text = report.markdown(catalog, locale)
        assert len(text.encode("utf-8")) <= MARKDOWN_MAX_BYTES
        assert not [s for s in secrets if s in text]
        assert "report-" not in text            # every id rendered from the catalog
        assert "2026-03-01" in text and "2026-03-31" in text
        assert "(Too long" not in text and "（内容太长" not in text
    zh = report.markdown(catalog, "zh_CN")
    assert "紧缺工种" in zh
    first = report.shortage()[0]
    assert f"1. {first.name}：空位 {first.open_places} 个，登记 {first.workers} 人，缺 {first.gap} 人" in zh
    assert f"{report.satisfaction_average:.1f} 分" in zh
    assert f"首次回复用时中位数 {report.tickets_reply_hours:.1f} 小时" in zh
    assert refdata.area_by_code("jinjiang").name in zh
    en = report.markdown(catalog, "en")
    assert refdata.trade_by_code(first.code).en in en and "Shortage trades" in en
    # The hooks are left out when empty.
    assert "技能培训" not in zh and "评价" not in zh
    assert "Skills training" not in en and "Ratings" not in en


def test_markdown_is_cut_to_the_limit(catalog):
    many = [SupplyRow(f"trade_{i}", f"很长很长的工种名称第{i}号" * 3, f"Trade {i}", i, 200 - i) for i in range(200)]
    report = Report(START, END, supply=many, tickets_by_kind=[TicketRow("wages", 3, 1.0, None)])
    text = report.markdown(catalog)
    assert len(text.encode("utf-8")) <= MARKDOWN_MAX_BYTES
    small = report.markdown(catalog, max_bytes=600)
    assert len(small.encode("utf-8")) <= 600
    assert small.endswith(catalog.text("zh_CN", "report-truncated"))
    assert len(report.markdown(catalog, max_bytes=None).encode("utf-8")) > 600
    assert "办结 - 小时" in text                 # no closed ticket: "-"


def test_training_and_ratings_sections_show_when_there_is_data(catalog):
    report = Report(START, END, training=[TrainingRow("welder", "焊工", "Welder", 12)],
                    ratings={"employer": (4.25, 8), "worker": (4.0, 20)})
    zh = report.markdown(catalog)
    assert "技能培训" in zh and "焊工：12 人" in zh
    assert "对招工方的评价：平均 4.2 分（8 条）" in zh or "对招工方的评价：平均 4.3 分（8 条）" in zh
    assert "Ratings of workers: 4.0 on average (20 ratings)" in report.markdown(catalog, "en")


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def ink(png: bytes) -> float:
    """The share of pixels that are not white."""
    from matplotlib import image

    pixels = image.imread(io.BytesIO(png), format="png")[..., :3]
    return float((pixels.min(axis=2) < 0.9).mean())


async def test_chart_payloads_and_files(db, month, refdata, catalog, tmp_path):
    report = await build_report(db, refdata, START, END)
    png = report.chart_png(refdata)
    assert png_size(png) == (1200, 700)
    assert 10_000 < len(png) < 2 * 1024 * 1024
    assert ink(png) > 0.03

    payloads = staff_payloads(report, catalog, refdata)
    assert [p["msgtype"] for p in payloads] == ["markdown", "image"]
    assert len(payloads[0]["markdown"]["content"].encode("utf-8")) <= 4096
    image = base64.b64decode(payloads[1]["image"]["base64"])
    assert hashlib.md5(image).hexdigest() == payloads[1]["image"]["md5"]
    assert png_size(image) == (1200, 700) and len(image) < 2 * 1024 * 1024
    json.dumps(payloads)                       # ready for the outbox

    md_path, png_path = await write_report(db, refdata, START, END, tmp_path / "out", catalog=catalog)
    assert md_path.name == "report-2026-03-01-2026-03-31.md"
    assert png_path.name == "report-2026-03-01-2026-03-31.png"
    assert md_path.read_text(encoding="utf-8").strip() == report.markdown(catalog, max_bytes=None)
    assert png_size(png_path.read_bytes()) == (1200, 700)


async def test_an_empty_period(db, refdata, catalog):
    report = await build_report(db, refdata, START, END)
    assert (report.jobs_posted, report.workers_total, report.tickets_total, report.pushes_sent) == (0, 0, 0, 0)
    assert report.satisfaction_average is None and report.tickets_reply_hours is None
    zh = report.markdown(catalog)
    assert "还没有人打分" in zh and "首次回复用时中位数 - 小时" in zh
    png = report.chart_png(refdata)
    assert png_size(png) == (1200, 700) and ink(png) > 0.001


def test_period_bounds_are_quanzhou_days():
    t0, t1 = period_bounds(date(2026, 3, 1), date(2026, 3, 1))
    assert datetime.fromtimestamp(t0, timezone.utc) == datetime(2026, 2, 28, 16, tzinfo=timezone.utc)
    assert t1 - t0 == 86400
    with pytest.raises(ValueError):
        period_bounds(date(2026, 3, 2), date(2026, 3, 1))


def qz(*args) -> float:
    return datetime(*args, tzinfo=QZ).timestamp()


def test_weekly_due():
    assert week_label(date(2026, 11, 23)) == "2026-W48"
    assert weekly_due(qz(2026, 11, 23, 8, 59, 59), None) is None
    assert weekly_due(qz(2026, 11, 23, 8, 59, 59), "2026-W47") is None
    assert weekly_due(qz(2026, 11, 23, 9, 0), "2026-W47") == "2026-W48"
    assert weekly_due(qz(2026, 11, 23, 9, 0), None) == "2026-W48"
    assert weekly_due(qz(2026, 11, 23, 9, 0), "2026-W48") is None           # already sent
    assert weekly_due(qz(2026, 11, 25, 14, 0), "2026-W47") == "2026-W48"    # down on Monday: sent later
    assert weekly_due(qz(2026, 11, 29, 23, 59), "2026-W48") is None
    # Monday 08:00 in Quanzhou is Monday 00:00 UTC; Sunday 20:00 UTC is Monday 04:00 here.
    assert weekly_due(datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc).timestamp(), "2026-W47") is None
    assert weekly_due(datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc).timestamp(), "2026-W47") == "2026-W48"
    # Across the new year (2026 has 53 ISO weeks).
    assert weekly_due(qz(2027, 1, 4, 9, 30), "2026-W53") == "2027-W01"
    assert weekly_due(qz(2026, 12, 28, 9, 30), "2026-W52") == "2026-W53"
    assert week_before("2026-W48") == (date(2026, 11, 16), date(2026, 11, 22))
    assert week_before("2027-W01") == (date(2026, 12, 28), date(2027, 1, 3))


# -- issue #14: courses, the needs survey, the satisfaction survey --------------------


async def test_courses_needs_and_satisfaction_in_the_report(db, refdata, catalog):
    from bot.store.tables import course_pushes, courses, enrollments, surveys, training_needs

    week0, week1 = date(2026, 3, 23), date(2026, 3, 29)     # the week reported
    t0, t1 = period_bounds(week0, week1)
    course = dict(mode="offline", end_date="2026-04-10", schedule="", place="", teaches="", cost="", subsidy="",
                  who="", active=True, updated_at=T0)
    async with db.transaction() as conn:
        await conn.execute(insert(courses), [
            dict(course, code="elec", name="低压电工班", trade="electrician", start_date="2026-03-30", capacity=2),
            dict(course, code="weld", name="焊工班", trade="welder", start_date="2026-04-02", capacity=20),
            dict(course, code="old", name="上个月的班", trade="cook", start_date="2026-02-01", end_date="2026-02-10",
                 capacity=9)])
        await conn.execute(insert(enrollments), [
            dict(course_code="elec", openid=f"o{i}", status=s, created_at=t0, updated_at=t0)
            for i, s in enumerate(["enrolled", "enrolled", "waiting", "waiting", "waiting", "cancelled"])])
        await conn.execute(insert(course_pushes), [dict(openid=f"p{i}", course_code="weld", sent_at=t0)
                                                   for i in range(4)])
        await conn.execute(insert(training_needs), [
            dict(openid="n1", trades='["electrician"]', wish="", when="any", mode="any", created_at=t0 - 30 * 86400),
            dict(openid="n2", trades='["electrician", "welder"]', wish="", when="any", mode="any", created_at=t0 + 60),
            dict(openid="n2", trades='["electrician"]', wish="", when="any", mode="any", created_at=t0 + 90),
            dict(openid="n3", trades='[]', wish="", when="any", mode="any", created_at=t0 + 60),
            dict(openid="n4", trades='["welder"]', wish="", when="any", mode="any", created_at=t1 + 60)])
        answers = [(t0 + 100, 5, 4, None), (t0 + 200, 4, 4, 3),                      # this week
                   (t0 - 7 * 86400, 3, 4, 2), (t0 - 20 * 86400, 3, None, 4),         # the four weeks before
                   (t0 - 40 * 86400, 1, 1, 1)]                                       # older: not counted
        await conn.execute(insert(surveys), [
            dict(openid=f"s{i}", reason="engagement", asked_at=at - 60, answered_at=at, environment=e, process=p,
                 result=r) for i, (at, e, p, r) in enumerate(answers)])
    report = await build_report(db, refdata, week0, week1)

    assert [(c.code, c.enrolled, c.waiting, c.capacity, c.told) for c in report.courses] == [
        ("elec", 2, 3, 2, 0), ("weld", 0, 0, 20, 4)], "running or to come, soonest first; not a course gone by"
    assert [(r.code, r.people, r.new) for r in report.training] == [("electrician", 2, 1), ("welder", 1, 1)]
    assert (report.needs_people, report.needs_new) == (3, 2)
    env, proc, res = report.survey
    assert (env.average, env.count, env.before_average, env.before_count, env.trend) == (4.5, 2, 3.0, 2, "up")
    assert (proc.average, proc.before_average, proc.trend) == (4.0, 4.0, "same")
    assert (res.average, res.count, res.before_average, res.trend) == (3.0, 1, 3.0, "same")

    zh = report.markdown(catalog)
    assert "1. 低压电工班（2026-03-30 开课）：报名 2/2 人，排队 3 人，已通知 0 人" in zh
    assert "2. 焊工班（2026-04-02 开课）：报名 0/20 人，排队 0 人，已通知 4 人" in zh and "上个月的班" not in zh
    assert "共 3 人填了，本期新填 2 人" in zh and "1. 电工：2 人想学（本期新 1 人）" in zh
    assert "环境：本期 4.5 分（2 人），之前 3.0 分（2 人），变好了" in zh
    assert "办事过程：本期 4.0 分（2 人），之前 4.0 分（1 人），差不多" in zh
    en = report.markdown(catalog, "en")
    assert "Environment: 4.5 now (2 answers), 3.0 before (2 answers), better" in en
    assert "report-" not in zh and "report-" not in en


def _chart_words(fig) -> list[str]:
    ax = fig.axes[0]
    return ([ax.get_title()] + [t.get_text() for t in ax.get_yticklabels()]
            + [t.get_text() for t in ax.get_legend().get_texts()] + [ax.get_xlabel(), ax.get_ylabel()])


def test_the_chart_is_in_chinese_when_a_chinese_font_is_there(catalog, refdata):
    from matplotlib import font_manager

    from bot.services import report as module

    font = module.cjk_font()
    if font is None:
        pytest.skip("no font with Chinese glyphs here (.ci/run and the Dockerfile install fonts-wqy-microhei)")
    report = Report(START, END, supply=[SupplyRow("welder", "焊工", "Welder", 9, 1),
                                        SupplyRow("porter", "搬运工", "Porter", 2, 7)])
    fig = report.chart_figure(refdata, catalog, "zh_CN")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [refdata.trade_by_code("porter").name, "焊工"]
    assert catalog.text("zh_CN", "report-chart-demand") in _chart_words(fig)
    assert not [w for w in _chart_words(fig) if w.isascii() and w.strip()], "every word Chinese"
    for text in [ax.title] + list(ax.get_yticklabels()):
        path = font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)
        assert font_manager.get_font(path).family_name == font, path
    assert png_size(report.chart_png(refdata, catalog=catalog)) == (1200, 700)
    assert ax.yaxis.label.get_rotation() == 0, "a Chinese axis title is read upright"


def test_the_chart_of_a_small_week_counts_whole_people(catalog, refdata):
    report = Report(START, END, supply=[SupplyRow("porter", "搬运工", "Porter", 0, 1)])
    fig = report.chart_figure(refdata, catalog, "zh_CN")
    fig.canvas.draw()
    ticks = fig.axes[0].get_xticks()
    assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks), ticks


def test_without_a_chinese_font_the_chart_is_in_english_and_says_so_once(catalog, refdata, monkeypatch, caplog):
    from bot.services import report as module

    monkeypatch.setattr(module, "CJK_FAMILIES", ("No Such Font",))
    monkeypatch.setattr(module, "_CJK_FONT", [])
    report = Report(START, END, supply=[SupplyRow("welder", "焊工", "Welder", 9, 1)])
    with caplog.at_level("WARNING", logger="bot.report"):
        fig = report.chart_figure(refdata, catalog, "zh_CN")
        report.chart_figure(refdata, catalog, "zh_CN")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Welder"]
    assert fig.axes[0].get_title().startswith("Open places vs registered workers by trade")
    assert len([r for r in caplog.records if "Chinese" in r.getMessage()]) == 1
