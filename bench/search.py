"""Job-search benchmark: how fast is `bot.features.find_work.search.search` on a
market-sized table of open jobs?

    python -m bench.search [--jobs 100000] [--queries 2000] [--database-url URL ...] [--expired N]
                           [--from-database]

For each backend (by default a fresh SQLite file in a temporary folder and,
when the server answers, PostgreSQL at DEFAULT_PG_URL) it creates the schema
with ``Database.migrate()``, bulk-loads N open jobs (and their ``job_trades``
rows), runs ANALYZE, then times ``search(...)`` on a mix of real worker
requests (``tests/unit/data/query_cases.json`` read by ``parse_query``, a
third of them with a shared location), each in its own ``db.reading_now()``
connection as the bot does, the first page's jobs read in full with it
(``page=PAGE``: what the bot's FindJobs answers, the whole database work
of a search turn).  The candidates come from the process's index of open
jobs (``bot.services.open_jobs.OpenJobs``, loaded after the jobs: its load
time and the RSS it added are printed), as the bot searches; with
``--from-database`` from ``JobRepo.to_rank`` instead, as before the index
(and as the bot does until its index is loaded).  It prints one table row
per backend.
``--expired N`` adds N past jobs (a table with months of history, most of
them still "open" since nothing closes a job that ended); by default there
are none.

On PostgreSQL the benchmark never writes to the database named in the URL:
it creates ``qzbot_bench_<pid>`` on that server and drops it afterwards.  A
SQLite URL given with --database-url must name a file that does not exist
yet; that file is kept (handy for EXPLAIN QUERY PLAN afterwards).

Importing this module does nothing; ``main()`` runs the benchmark.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import sys
import tempfile
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, AsyncIterator

ROOT = Path(__file__).resolve().parent.parent
QUERY_CASES = ROOT / "tests" / "unit" / "data" / "query_cases.json"
JOB_TEXT = Path(__file__).resolve().parent / "search_data.json"

DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
BATCH = 5000
WARMUP = 50
ORIGIN_SHARE = 1 / 3
ORIGIN_JITTER_DEG = 0.02      # a shared location: within a few km of an area centre
JOB_JITTER_DEG = 0.035        # job sites: spread over the area
SEED = 20261127

# Trades a Quanzhou gig market sees most (relative weights); every other
# trade of the reference data gets OTHER_TRADE_WEIGHT.
COMMON_TRADES = {
    "odd_job_laborer": 12, "factory_worker": 10, "porter": 8, "cleaner": 8, "loader": 6, "sewing_machinist": 5,
    "shoe_worker": 5, "security_guard": 5, "mover": 4, "kitchen_helper": 4, "waiter": 4, "garment_worker": 4,
    "parcel_sorter": 4, "delivery_rider": 4, "packer": 3, "dishwasher": 3, "container_loader": 2,
    "forklift_driver": 2, "renovation_worker": 2, "painter": 2, "electrician": 2, "hourly_domestic": 2,
    "flyer_distributor": 2, "banquet_server": 2, "tea_picker": 2, "stone_processor": 2, "ceramics_worker": 2,
    "tiler": 1.5, "elderly_carer": 1.5, "caregiver": 1.5, "thread_trimmer": 1.5, "cook": 1.5,
}
OTHER_TRADE_WEIGHT = 0.3
SECOND_TRADE_SHARE = 0.3
# Where jobs are (relative weights): the city districts and the big county
# towns have most of them.
AREA_WEIGHTS = {"licheng": 10, "fengze": 12, "luojiang": 5, "quangang": 4, "shishi": 10, "jinjiang": 16, "nanan": 9,
                "huian": 6, "anxi": 5, "yongchun": 3, "dehua": 4, "taishang": 4, "kaifaqu": 5}
REGION_SHARE = 0.7            # a trade typical of some areas is mostly posted there
# pay unit: (share, method, lowest, highest, step)
PAY = {"day": (0.70, "daily", 150, 350, 10), "hour": (0.12, "hourly", 20, 40, 1),
       "month": (0.12, "monthly", 4000, 8000, 100), "piece": (0.06, "piece", 1, 10, 1)}
WELFARE_SHARE = 0.01
MARKET_SHARE = 0.2
PAST_DAYS = 180               # --expired jobs ended up to this many days ago
PAST_CLOSED_SHARE = 0.15      # ... and this share of them were filled (closed)


# ---------------------------------------------------------------------------
# Synthetic jobs


def _weighted(rng: random.Random, weights: dict[str, float]):
    keys, cum = list(weights), []
    total = 0.0
    for k in keys:
        total += weights[k]
        cum.append(total)
    return lambda: rng.choices(keys, cum_weights=cum)[0]


def make_jobs(n: int, refdata: Any, today: date, now: float, employer_id: int, rng: random.Random, *,
              first_id: int = 1, past: bool = False) -> list[dict]:
    """N jobs with ids from first_id, as rows of the jobs table: open jobs
    that are not over (end_date today+1..+30, start_date today..+14), or
    with `past` jobs that ended 1..PAST_DAYS days ago (still "open", as the
    bot leaves them, or closed once full)."""
    text = json.loads(JOB_TEXT.read_text(encoding="utf-8"))
    areas = {a.code: a for a in refdata.areas}
    pick_trade = _weighted(rng, {t.code: COMMON_TRADES.get(t.code, OTHER_TRADE_WEIGHT) for t in refdata.trades})
    pick_area = _weighted(rng, {code: AREA_WEIGHTS.get(code, 3) for code in areas})
    pick_unit = _weighted(rng, {unit: spec[0] for unit, spec in PAY.items()})
    by_trade = {t.code: t for t in refdata.trades}
    by_category: dict[str, list[str]] = {}
    for t in refdata.trades:
        by_category.setdefault(t.category, []).append(t.code)
    markets: dict[str, list[str]] = {}
    for m in refdata.markets:
        markets.setdefault(m.area, []).append(m.code)
    phrases, skills = text["description_phrases"], text["skills"]
    def iso(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    jobs_rows: list[dict] = []
    for job_id in range(first_id, first_id + n):
        first = pick_trade()
        codes = [first]
        if rng.random() < SECOND_TRADE_SHARE:
            other = rng.choice(by_category[by_trade[first].category])
            if other != first:
                codes.append(other)
        regions = by_trade[first].regions
        area_code = rng.choice(regions) if regions and rng.random() < REGION_SHARE else pick_area()
        area = areas[area_code]
        if past:
            end_off = -rng.randint(1, PAST_DAYS)
            start_off = end_off - rng.randint(0, 14)
            created = now + (start_off - rng.uniform(0, 7)) * 86400
        else:
            end_off = rng.randint(1, 30)
            start_off = rng.randint(0, min(14, end_off))
            created = now - rng.uniform(0, 7 * 86400)
        unit = pick_unit()
        _, method, lo, hi, step = PAY[unit]
        pay_min = rng.randrange(lo, hi + 1, step)
        pay_max = pay_min + rng.choice((0, 0, 0, 1, 2, 5)) * step
        headcount = rng.randint(1, 10)
        closed = past and rng.random() < PAST_CLOSED_SHARE
        town = rng.choice(area.towns).name if area.towns else ""
        welfare = rng.random() < WELFARE_SHARE
        jobs_rows.append({
            "id": job_id, "employer_id": employer_id, "trades": json.dumps(codes),
            "skills": rng.choice(skills) if rng.random() < 0.15 else "",
            "area": area_code, "address": f"{area.name}{town}{rng.choice(text['address_endings'])}",
            "lat": round(rng.gauss(area.lat, JOB_JITTER_DEG), 6), "lng": round(rng.gauss(area.lng, JOB_JITTER_DEG), 6),
            "start_date": iso(start_off), "end_date": iso(end_off), "days": end_off - start_off + 1,
            "start_time": rng.choice(("07:30", "08:00", "08:30", "09:00", "13:00", "19:00")),
            "end_time": rng.choice(("", "12:00", "17:30", "18:00", "22:00")),
            "pay_min": pay_min, "pay_max": pay_max, "pay_unit": unit, "pay_method": method,
            "headcount": headcount, "meals": rng.choice((True, False, None)),
            "lodging": rng.choice((True, False, None)),
            "contact_name": rng.choice(text["surnames"]) + rng.choice(text["titles"]),
            "contact_phone": "1" + rng.choice("35789") + "".join(rng.choices("0123456789", k=9)),
            "description": "\uff0c".join(rng.sample(phrases, rng.randint(2, 4))),
            "status": "closed" if closed else "open", "review_reasons": "[]", "review_note": "",
            "created_at": created, "updated_at": created, "filled": headcount if closed else 0,
            "kind": "welfare" if welfare else "normal", "eligibility": "{}",
            "market_code": (rng.choice(markets[area_code])
                            if area_code in markets and rng.random() < MARKET_SHARE else None),
        })
    return jobs_rows


def trade_rows_for(jobs_rows: list[dict], columns: list[str]) -> list[dict]:
    """The job_trades rows of these jobs, as ``JobRepo`` writes them: one per
    distinct trade; any other job_trades column named like a jobs column
    (say a copied start_date) gets the job's value."""
    extra = [c for c in columns if c not in ("job_id", "trade")]
    rows: list[dict] = []
    for job in jobs_rows:
        for code in dict.fromkeys(json.loads(job["trades"])):
            rows.append({"job_id": job["id"], "trade": code, **{c: job[c] for c in extra}})
    return rows


async def load_jobs(db: Any, n: int, refdata: Any, today: date, now: float, seed: int,
                    expired: int = 0) -> dict[str, float]:
    """Fill an empty, migrated database with `expired` past jobs (the older
    ids) and `n` open ones; returns timings in seconds."""
    from sqlalchemy import insert, text

    from bot.store.tables import employers, job_trades, jobs

    t0 = time.perf_counter()
    rng = random.Random(seed)
    jobs_rows = make_jobs(expired, refdata, today, now, 1, rng, past=True) if expired else []
    jobs_rows += make_jobs(n, refdata, today, now, 1, rng, first_id=expired + 1)
    copied = [c.name for c in job_trades.c if c.name in jobs.c and c.name != "id"]
    trade_rows = trade_rows_for(jobs_rows, copied)
    t1 = time.perf_counter()
    async with db.transaction() as conn:
        await conn.execute(insert(employers).values(
            id=1, openid="o_bench_employer", kind="company", name="bench", contact_name="bench",
            phone="13800000000", created_at=now, updated_at=now))
        for i in range(0, len(jobs_rows), BATCH):
            await conn.execute(insert(jobs), jobs_rows[i:i + BATCH])
        for i in range(0, len(trade_rows), BATCH):
            await conn.execute(insert(job_trades), trade_rows[i:i + BATCH])
        if not db.is_sqlite:
            # Explicit ids: move the sequences past them, as a real table's would be.
            for table in ("employers", "jobs"):
                await conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(SELECT max(id) FROM {table}))"))
    t2 = time.perf_counter()
    async with db.transaction() as conn:
        await conn.execute(text("ANALYZE"))
    t3 = time.perf_counter()
    return {"generate": t1 - t0, "insert": t2 - t1, "analyze": t3 - t2, "job_rows": float(len(jobs_rows)),
            "trade_rows": float(len(trade_rows))}


# ---------------------------------------------------------------------------
# The query mix


@dataclass
class QueryMix:
    filters: list[Any]              # FindJobs, the searches as the bot asks them
    texts: int                      # distinct request texts they came from
    with_origin: int
    near: int


def request_texts() -> list[str]:
    """Worker requests: the parser test cases (what workers type or say) and
    the pay phrasings; the bare "find work" words are vague, so the bot asks
    again unless a location came with them."""
    data = json.loads(QUERY_CASES.read_text(encoding="utf-8"))
    texts = [case[0] for case in data["cases"]] + list(data["pay_words"]) + list(data["work_words"])
    return list(dict.fromkeys(texts))


def make_filters(q: Any, origin: list[float] | None) -> Any:
    """The search the bot asks (FindJobs), as the dialog saves it and reads it back."""
    from bot.features.find_work.dialog import search_for
    from bot.features.find_work.messages import FindJobs

    return FindJobs.from_json(search_for(q, tuple(origin) if origin else None).to_json())


def build_query_mix(count: int, refdata: Any, today: date, rng: random.Random) -> QueryMix:
    """`count` searches as the bot would run them, a third of them (ORIGIN_SHARE)
    with a shared location (an origin near an area centre). The others are
    requests the bot searches on their words alone; a "near me" or a vague
    request ("any work?") is searched only once a location came with it
    (FindWorkDialog asks for one first; vague plus a location is "near me")."""
    from bot.language.query import SearchQuery, is_vague, parse_query

    parsed = [(t, parse_query(t, refdata, today)) for t in request_texts()]
    plain = [(t, q) for t, q in parsed if not q.near and not is_vague(q)]
    centers = [(a.lat, a.lng) for a in refdata.areas]
    n_origin = round(count * ORIGIN_SHARE)
    out: list[Any] = []
    used: set[str] = set()
    near = 0
    for i in range(count):
        if i < n_origin:
            text, q = rng.choice(parsed)
            lat, lng = rng.choice(centers)
            origin = [round(rng.gauss(lat, ORIGIN_JITTER_DEG), 6), round(rng.gauss(lng, ORIGIN_JITTER_DEG), 6)]
            if is_vague(q):
                q = SearchQuery(near=True)
        else:
            (text, q), origin = rng.choice(plain), None
        out.append(make_filters(q, origin))
        used.add(text)
        near += bool(q.near)
    rng.shuffle(out)
    return QueryMix(out, len(used), n_origin, near)


# ---------------------------------------------------------------------------
# Running it


@dataclass
class Result:
    backend: str
    jobs: int
    expired: int = 0
    queries: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    results: list[int] = field(default_factory=list)          # jobs returned per search (<= KEEP)
    db_rows: list[int] = field(default_factory=list)          # candidate rows fetched per search
    source: str = "index"                                      # where the candidates came from
    widened: int = 0
    build: dict[str, float] = field(default_factory=dict)
    error: str | None = None

    def pct(self, p: float) -> float:
        xs = sorted(self.latencies_ms)
        return xs[min(len(xs) - 1, max(0, math.ceil(p / 100 * len(xs)) - 1))]


class _CountingRepo:
    """Wraps JobRepo (and the index of open jobs, `count_index`) so a run
    can count the candidate rows each search fetched."""

    def __init__(self, real: type) -> None:
        self.real, self.rows = real, 0

    def count_index(self, index: Any) -> None:
        fetch = index.to_rank

        def to_rank(**kwargs):
            rows = fetch(**kwargs)
            self.rows += len(rows)
            return rows

        index.to_rank = to_rank

    def __call__(self, conn):
        repo = self.real(conn)
        fetch = repo.to_rank

        async def to_rank(**kwargs):
            rows = await fetch(**kwargs)
            self.rows += len(rows)
            return rows

        repo.to_rank = to_rank
        return repo


@asynccontextmanager
async def counting_candidates() -> AsyncIterator[_CountingRepo]:
    """Count candidate rows for the duration of the block (restored after)."""
    import bot.features.find_work.search as search_module

    real = search_module.JobRepo
    counter = _CountingRepo(real)
    search_module.JobRepo = counter
    try:
        yield counter
    finally:
        search_module.JobRepo = real


async def time_searches(db: Any, mix: QueryMix, warmup: list[Any], refdata: Any, today: date,
                        now: float, result: Result, index: Any = None) -> None:
    from bot.features.find_work.dialog import PAGE
    from bot.features.find_work.search import search

    for filters in warmup:
        async with db.reading_now() as conn:
            await search(conn, filters, today=today, now=now, refdata=refdata, page=PAGE, open_jobs=index)
    async with counting_candidates() as counter:
        if index is not None:
            counter.count_index(index)
        for filters in mix.filters:
            async with db.reading_now() as conn:
                before = counter.rows
                t0 = time.perf_counter()
                # The first page read in full too, as the bot's FindJobs does.
                found = await search(conn, filters, today=today, now=now, refdata=refdata, page=PAGE,
                                     open_jobs=index)
                result.latencies_ms.append((time.perf_counter() - t0) * 1000)
            result.db_rows.append(counter.rows - before)
            result.results.append(len(found["results"]))
            result.widened += found["widened"] is not None
    result.queries = len(mix.filters)


def _pg_server_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


@asynccontextmanager
async def backend(url: str | None, kind: str) -> AsyncIterator[tuple[str, str]]:
    """(label, database URL) for a fresh database of this kind; removed after."""
    if kind == "sqlite":
        if url is None:
            with tempfile.TemporaryDirectory(prefix="qzbot_bench_") as tmp:
                yield "sqlite", f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
            return
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if not path or path == ":memory:" or Path(path).exists():
            raise RuntimeError(f"{url}: give a SQLite file that does not exist yet")
        yield "sqlite", url
        return
    import asyncpg

    name = f"qzbot_bench_{os.getpid()}"
    server = _pg_server_dsn(url)
    conn = await asyncpg.connect(server, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base = url.split("?", 1)[0].rsplit("/", 1)[0]
    query = "?" + url.split("?", 1)[1] if "?" in url else ""
    try:
        yield "postgresql", f"{base}/{name}{query}"
    finally:
        conn = await asyncpg.connect(server, timeout=5)
        try:
            try:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except asyncpg.PostgresSyntaxError:  # before PostgreSQL 13
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        finally:
            await conn.close()


async def pg_reachable(url: str) -> str | None:
    """None when the server answers, else why not."""
    import asyncpg

    try:
        conn = await asyncpg.connect(_pg_server_dsn(url), timeout=3)
    except Exception as exc:  # noqa: BLE001 - any failure means "not there"
        return f"{type(exc).__name__}: {exc}"
    await conn.close()
    return None


async def run_backend(url: str | None, kind: str, args: argparse.Namespace, refdata: Any, today: date,
                      now: float, mix: QueryMix, warmup: list[Any]) -> Result:
    from bot.store.db import Database

    async with backend(url, kind) as (label, db_url):
        result = Result(label, args.jobs, args.expired)
        print(f"[{label}] building {args.jobs} jobs ...", file=sys.stderr, flush=True)
        db = Database(db_url)
        try:
            t0 = time.perf_counter()
            await db.migrate()
            result.build = {"migrate": time.perf_counter() - t0}
            result.build.update(await load_jobs(db, args.jobs, refdata, today, now, args.seed, args.expired))
            index = None
            if not args.from_database:
                index, load_s, rss_added, held = await load_index(db)
                result.build.update(index_load=load_s, index_rss_mb=rss_added, index_held_mb=held,
                                    index_jobs=float(len(index)))
            else:
                result.source = "database"
            print(f"[{label}] timing {len(mix.filters)} searches ...", file=sys.stderr, flush=True)
            await time_searches(db, mix, warmup, refdata, today, now, result, index)
        finally:
            await db.close()
        return result


def rss_mb() -> float:
    """This process's resident memory (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def load_index(db: Any) -> tuple[Any, float, float, float]:
    """The bot's index of open jobs, loaded as at start: (it, seconds, MB of
    RSS the load added, MB of Python objects it holds). The objects are
    counted by tracemalloc on a first load, dropped before the timed one
    (the RSS added undercounts: the memory of the generated rows, freed, is
    reused)."""
    import gc
    import tracemalloc

    from bot.services.open_jobs import OpenJobs

    tracemalloc.start()
    counted = OpenJobs(db)
    await counted.load()
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    del counted
    gc.collect()
    before = rss_mb()
    index = OpenJobs(db)
    t0 = time.perf_counter()
    await index.load()
    took = time.perf_counter() - t0
    gc.collect()
    return index, took, rss_mb() - before, held


def print_table(results: list[Result], mix: QueryMix) -> None:
    head = ("backend", "candidates", "jobs", "queries", "p50 ms", "p95 ms", "p99 ms", "max ms", "mean cand.", "db rows",
            "widened", "build s")
    rows = []
    for r in results:
        build = r.build.get("insert", 0) + r.build.get("analyze", 0) + r.build.get("generate", 0)
        jobs = f"{r.jobs}+{r.expired} past" if r.expired else str(r.jobs)
        rows.append((r.backend, r.source, jobs, str(r.queries), f"{r.pct(50):.2f}", f"{r.pct(95):.2f}",
                     f"{r.pct(99):.2f}", f"{max(r.latencies_ms):.2f}",
                     f"{sum(r.results) / len(r.results):.1f}", f"{sum(r.db_rows) / len(r.db_rows):.1f}",
                     f"{100 * r.widened / r.queries:.1f}%", f"{build:.1f}"))
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    print("  ".join(h.rjust(w) for h, w in zip(head, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)))
    print()
    print(f"queries: {len(mix.filters)} searches from {mix.texts} request texts; {mix.with_origin} with a shared "
          f"location, {mix.near} near-me; mean cand. = jobs a search returns (at most 50), "
          f"db rows = mean candidate rows fetched per search, from the index or JobRepo.to_rank "
          f"(widening included)")
    for r in results:
        b = r.build
        print(f"build {r.backend}: migrate {b['migrate']:.2f}s, generate {b['generate']:.2f}s, "
              f"insert {b['insert']:.2f}s ({int(b['job_rows'])} jobs + {int(b['trade_rows'])} job_trades rows), "
              f"analyze {b['analyze']:.2f}s")
        if "index_load" in b:
            print(f"index {r.backend}: {int(b['index_jobs'])} open jobs loaded in {b['index_load']:.2f}s, "
                  f"holding {b['index_held_mb']:.1f} MB of objects (tracemalloc), RSS +{b['index_rss_mb']:.0f} MB")


async def amain(args: argparse.Namespace) -> int:
    from bot.refdata import ReferenceData
    from bot.clock import today as quanzhou_today

    refdata = ReferenceData.load()
    now = time.time()
    today = quanzhou_today(now)
    rng = random.Random(args.seed)
    mix = build_query_mix(args.queries, refdata, today, rng)
    warmup = build_query_mix(WARMUP, refdata, today, rng).filters

    targets: list[tuple[str | None, str, bool]] = []    # (url, kind, asked for explicitly)
    for url in args.database_url or [None, DEFAULT_PG_URL]:
        if url is None or url == "sqlite":
            targets.append((None, "sqlite", url is not None))
        elif url.startswith("sqlite"):
            targets.append((url, "sqlite", True))
        elif url.startswith("postgresql"):
            targets.append((url, "postgresql", args.database_url is not None))
        else:
            print(f"unsupported database URL: {url}", file=sys.stderr)
            return 2

    results: list[Result] = []
    failed = False
    for url, kind, explicit in targets:
        if kind == "postgresql":
            why = await pg_reachable(url)
            if why is not None:
                print(f"PostgreSQL at {url} is not reachable ({why}); skipped", file=sys.stderr)
                failed = failed or explicit
                continue
        try:
            results.append(await run_backend(url, kind, args, refdata, today, now, mix, warmup))
        except Exception as exc:  # noqa: BLE001 - report it, go on with the next backend
            print(f"[{kind}] failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            failed = True
    if results:
        print_table(results, mix)
    return 1 if failed else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    p.add_argument("--jobs", type=int, default=100_000, help="open jobs to load (default 100000)")
    p.add_argument("--queries", type=int, default=2000, help="searches to time (default 2000)")
    p.add_argument("--database-url", nargs="+", action="extend", metavar="URL",
                   help="backends to run instead of the defaults: 'sqlite' (a temporary file), "
                        "a sqlite+aiosqlite:/// URL of a new file (kept), or a postgresql+asyncpg:// "
                        "server URL (a scratch database is created on it and dropped)")
    p.add_argument("--expired", type=int, default=0, metavar="N",
                   help="also load N past jobs (ended up to 180 days ago; most still 'open', as the bot "
                        "leaves them): a table with history (default 0)")
    p.add_argument("--from-database", action="store_true",
                   help="read the candidates from the database (JobRepo.to_rank) instead of the in-process "
                        "index of open jobs, as the bot did before the index and does until it is loaded")
    p.add_argument("--seed", type=int, default=SEED)
    args = p.parse_args(argv)
    if args.jobs < 1 or args.queries < 1 or args.expired < 0:
        p.error("--jobs and --queries must be positive, --expired not negative")
    return args


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(amain(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
