"""In-process turn benchmark: the CPU a turn costs the turn service alone.

`python -m bench.load` measures the whole server under load, where the
machine's other tenants and the load generator move the figures by ±20 %
between runs. This walks the same script (bench/load_messages.json) through
`TurnService.handle` in one process, one user after another, and reports the
CPU time per turn (all of them) and the median of each step: no HTTP, no
WeChat XML, no concurrency. Use it to compare two versions of the code run in
turns; `bench.load` for what a deployment would see.

    python -m bench.turns                       # SQLite file + in-process store
    python -m bench.turns --postgres            # PostgreSQL + Redis (a database made for it, dropped after)
    python -m bench.turns --postgres --compare-quick   # every other user without the quick way, side by side

`--compare-quick` answers every other user's messages without the quick way
(`TurnService._quick`: a message decided on the state this process saved
last, and saved in one store call): the two are timed in the same process,
users in turns, so the machine's changes of speed touch both alike.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import bot.turn.service as service
from bench.load import Script, migrate, seed_jobs
from bot.turn.service import QUICK_STATE_SECONDS

PG_SERVER = "postgresql://postgres@127.0.0.1:5432/test"
PG_DATABASE = "bench_turns"
REDIS_URL = "redis://127.0.0.1:6379/5"
WARM_USERS = 20   # walked first and not counted: caches, the open-jobs index, the statements compiled


async def run(args: argparse.Namespace) -> None:
    from aiohttp.test_utils import TestServer

    from bot.app import TURNS, create_app
    from bot.settings import Settings
    from bot.turn.conversation import Inbound

    env = {"WECHAT_TOKEN": "bench", "WECHAT_ALLOW_PLAINTEXT": "1"}
    if args.postgres:
        import asyncpg
        import redis.asyncio as redis

        admin = await asyncpg.connect(PG_SERVER)
        await admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        await admin.execute(f"CREATE DATABASE {PG_DATABASE}")
        await admin.close()
        client = redis.Redis.from_url(REDIS_URL)
        await client.flushdb()
        await client.aclose()
        url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{PG_DATABASE}"
        env["REDIS_URL"] = REDIS_URL
    else:
        url = f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    env["DATABASE_URL"] = url
    await migrate(url)
    await seed_jobs(url, args.jobs)
    app = create_app(Settings.from_env({**os.environ, **env}), start_sender=False)
    server = TestServer(app)
    await server.start_server()
    try:
        await asyncio.sleep(2)   # the open-jobs index loads in the background
        turns = app[TURNS]
        script = Script.load()
        rng = random.Random(args.seed)
        by_step: dict[int, list[float]] = {}
        ordinary: dict[int, list[float]] = {}   # --compare-quick: the users without the quick way
        counted, cpu = 0, 0.0
        n = 0
        # The script asks its policy question at the search's results, which
        # shows the list again; asked once more after the walk's end, with
        # nothing open, it is a policy answer alone (not in the mean).
        alone: list[float] = []
        policy_step = next(i for i, (say, _) in enumerate(script.steps) if say == "{policy}")
        for user in range(WARM_USERS + args.users):
            walk = script.walk(rng)
            quick = not (args.compare_quick and user % 2)
            service.QUICK_STATE_SECONDS = QUICK_STATE_SECONDS if quick else 0.0
            for step, (say, _expect) in enumerate(walk):
                n += 1
                start = time.process_time()
                await turns.handle(Inbound(f"o_bench_{user}", "text", text=say), f"bench:{n}")
                spent = time.process_time() - start
                if user >= WARM_USERS and not quick:
                    ordinary.setdefault(step, []).append(spent)
                elif user >= WARM_USERS:
                    by_step.setdefault(step, []).append(spent)
                    counted, cpu = counted + 1, cpu + spent
            n += 1
            start = time.process_time()
            await turns.handle(Inbound(f"o_bench_{user}", "text", text=walk[policy_step][0]), f"bench:{n}")
            if user >= WARM_USERS and quick:
                alone.append(time.process_time() - start)
    finally:
        service.QUICK_STATE_SECONDS = QUICK_STATE_SECONDS
        await server.close()
        if args.postgres:
            admin = await asyncpg.connect(PG_SERVER)
            await admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            await admin.close()
    store = "PostgreSQL + Redis" if args.postgres else "SQLite + in-process"
    users = (args.users + 1) // 2 if args.compare_quick else args.users
    print(f"{store}: {counted} turns of {users} users, {cpu / counted * 1e6:.0f} us of CPU a turn")
    for step in sorted(by_step):
        say = script.steps[step][0]
        line = f"  step {step + 1:2d} {say:12s} median {statistics.median(by_step[step]) * 1e6:6.0f} us"
        if ordinary.get(step):
            line += f"   without the quick way {statistics.median(ordinary[step]) * 1e6:6.0f} us"
        print(line)
    if ordinary:
        rest = [t for times in ordinary.values() for t in times]
        print(f"  without the quick way: {sum(rest) / len(rest) * 1e6:.0f} us of CPU a turn")
    print(f"  a policy answer alone (nothing open)  median {statistics.median(alone) * 1e6:6.0f} us")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200, help="users walking the script, counted (default 200)")
    parser.add_argument("--jobs", type=int, default=2000, help="open jobs in the database (default 2000)")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL + Redis on this machine")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--compare-quick", action="store_true",
                        help="every other user without the quick way (one store call a plain step), side by side")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
