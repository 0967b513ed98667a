"""Push-round benchmark: how long does a saving turn wait while a round of
pushes is written?

    python -m bench.push_round [--workers 5000] [--jobs 200] [--rounds 1]

On a fresh SQLite file in a temporary folder (the store where one process's
writes queue behind each other) it makes N workers who asked for pushes and
M open jobs of their trades and areas, then runs one push round
(``PushRunner.round``, as the bot's background task does at noon) while a
writer does what a saving turn does (one outbox row in
``Database.transaction_now()``) every 5 ms. It prints the round's duration,
how many pushes it queued, the writer's waits for its unit of work during
it (a wait near the round's length means saving turns wait for the whole
round), and the longest the event loop was held (the writer woke this much
later than asked: every user's turn waits that long).

Importing this module does nothing; ``main()`` runs the benchmark.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

TRADES = ("mover", "cleaner", "odd_job_laborer", "factory_worker")
WRITE_EVERY = 0.005


async def seed(db, refdata, workers: int, jobs: int) -> None:
    from bot.store.repos import EmployerRepo, JobRepo, WorkerRepo

    rnd = random.Random(7)
    areas = [a.code for a in refdata.areas]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    async with db.transaction() as conn:
        boss = await EmployerRepo(conn).save("o_bench_boss", {"kind": "person", "name": "bench", "phone": "13905951234",
                                                              "consent": True})
        for _ in range(jobs):
            await JobRepo(conn).create(boss, {
                "trades": [rnd.choice(TRADES)], "area": rnd.choice(areas), "start_date": tomorrow,
                "end_date": tomorrow, "days": 1, "start_time": "08:00", "end_time": "17:00", "pay_min": 200,
                "pay_max": 200, "pay_unit": "day", "pay_method": "daily", "headcount": 3,
                "contact_phone": "13905951234", "status": "open"})
        for i in range(workers):
            await WorkerRepo(conn).save(f"o_bench_w{i}", {"name": "w", "phone": f"139{i:08d}",
                                                         "trades": [rnd.choice(TRADES)], "areas": [rnd.choice(areas)],
                                                         "wants_push": True})


async def run(args: argparse.Namespace) -> None:
    from bot.app import language_resources
    from bot.i18n import Catalog
    from bot.services.push_runner import PushRunner
    from bot.services.pushes import QUANZHOU
    from bot.settings import Settings
    from bot.store.db import Database
    from bot.store.kv import MemoryStore
    from bot.store.repos import OutboxRepo

    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        try:
            await db.migrate()
            refdata = language_resources()[0]
            await seed(db, refdata, args.workers, args.jobs)
            runner = PushRunner(Settings(database_url="", template_notice_id="bench"), db, MemoryStore(), refdata,
                                Catalog())
            noon = datetime.now(QUANZHOU).replace(hour=12, minute=0).timestamp()
            # What seeding left in this process is no server's: out of the
            # collector's sight, as `python -m bot serve` keeps its start-up.
            gc.collect()
            gc.freeze()
            for n in range(args.rounds):
                waits: list[float] = []
                late: list[float] = []
                done = asyncio.Event()

                async def writer() -> None:
                    k = 0
                    while not done.is_set():
                        began = time.perf_counter()
                        async with db.transaction_now() as conn:
                            await OutboxRepo(conn).add("wechat_custom", "o_bench_x", {}, f"bench:{n}:{k}")
                        waits.append((time.perf_counter() - began) * 1000)
                        k += 1
                        asked = time.perf_counter()
                        await asyncio.sleep(WRITE_EVERY)
                        late.append((time.perf_counter() - asked - WRITE_EVERY) * 1000)

                task = asyncio.create_task(writer())
                began = time.perf_counter()
                queued = await runner.round(noon + n * 86400)
                took = time.perf_counter() - began
                done.set()
                await task
                waits.sort()
                print(f"{args.workers} workers, {args.jobs} jobs: round {took * 1000:.0f} ms, {queued} pushes; "
                      f"a saving turn during it: {len(waits)} writes, median {statistics.median(waits):.2f} ms, "
                      f"p99 {waits[max(0, int(len(waits) * 0.99) - 1)]:.1f} ms, max {waits[-1]:.1f} ms; "
                      f"the event loop held up to {max(late, default=0):.0f} ms")
        finally:
            await db.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=5000, help="workers who asked for pushes (default 5000)")
    ap.add_argument("--jobs", type=int, default=200, help="open jobs posted today (default 200)")
    ap.add_argument("--rounds", type=int, default=1, help="rounds, one a day apart (default 1)")
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    main()
