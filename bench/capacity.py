"""Capacity plan: peak turns per second for Quanzhou and for all of Fujian,
and the processes, PostgreSQL and Redis that serve them.

    python -m bench.capacity [--turns-per-process N] [--headroom X]
        [--statements-per-turn S] [--writes-per-turn W] [--redis-ops-per-turn R] [--json FILE]

Nothing is measured here: it is arithmetic on the figures below. Each one
says where it comes from, or that it is an assumption and why it is
reasonable. The cited figures were NOT verified from the machine this was
written on (it has no internet). docs/CAPACITY.md explains the plan.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import asdict, dataclass

# ---- cited figures (about; not verified from this machine) -----------------
# Resident population at the end of 2023, about: Quanzhou 8.9 million (Quanzhou
# statistical communique on 2023), Fujian 41.8 million (Fujian statistical
# communique / yearbook for 2023).
POPULATION = {"Quanzhou": 8_900_000, "Fujian": 41_800_000}
# China's "about 200 million flexible workers" (National Bureau of Statistics,
# widely quoted in 2021) over about 1.41 billion people is about 14 %.
# ASSUMPTION: the national share holds in Quanzhou and Fujian.
FLEXIBLE_SHARE = 0.14

# ---- per-turn costs: defaults, measured (--statements-per-turn ...) ----------
# Averages over the load benchmark's mix of turns (bench/load.py: 20 steps, two
# of them saves, one a search; most are plain dialog steps with no SQL).
# Measured 2026-12-06 on PostgreSQL + Redis, 64 users, about 7,600 turns:
# 6,747 statements (3,929 reads, 2,818 writes) in 1,218 transactions, counted
# in the served process by an SQLAlchemy event; Redis by INFO commandstats and
# MONITOR. Real traffic has fewer saves per turn than the script, so these
# err high.
STATEMENTS_PER_TURN = 0.9
WRITES_PER_TURN = 0.37
# A turn makes 3 round trips to Redis: the webhook's nonce (SET NX), begin_turn
# and end_turn (one Lua script each, about 5 commands inside); resends, a busy
# user's lock and the console add a few: 4 a turn is planned.
REDIS_OPS_PER_TURN = 4.0
# Per-process throughput, turns/s, on one core, PostgreSQL + Redis: below every
# figure measured after the speed work (432-542 on the slowest machine, 1,084-
# 1,190 on a faster one; docs/BENCHMARKS.md), since the machine a city buys is
# not this one.
TURNS_PER_PROCESS = 300.0
# Spare capacity on top of the peak second: a process lost, a slow minute,
# growth before the next review. 2x is a common rule of thumb.
HEADROOM = 2.0
# Never fewer than two processes, so one can be restarted or fail.
MIN_PROCESSES = 2
# bot/store/db.py: create_async_engine(pool_size=10, max_overflow=10), fixed
# in the code (no setting): up to 20 PostgreSQL connections per process.
CONNECTIONS_PER_PROCESS = 10 + 10

# ---- database growth: ASSUMPTIONS (rough bytes per row, indexes included) --
# To be re-measured with pg_total_relation_size() on a real database.
BYTES_PER_WORKER = 2_000     # users + workers rows (profile, trades, areas)
BYTES_PER_EMPLOYER = 1_500   # users + employers rows
BYTES_PER_JOB = 2_500        # jobs row and its job_trades rows
BYTES_PER_APPLICATION = 500  # applications row
BYTES_PER_TICKET = 4_000     # tickets row and a few ticket_messages (photos not counted)
APPLICATIONS_PER_JOB = 5     # a few workers apply to each post
TICKETS_PER_USER_YEAR = 0.05  # one user in twenty asks staff or complains once a year
JOB_OPEN_DAYS = 14           # a post stays open about two weeks (search was measured with 100,000 open)
# ASSUMPTION: Redis holds each user's dialog state (kept 180 days) plus
# short-lived marks; about 1.5 KB a user. Re-measure with MEMORY USAGE.
REDIS_BYTES_PER_USER = 1_500


@dataclass(frozen=True)
class Scenario:
    """The assumptions of one scenario. ALL are assumptions, none measured."""
    # Share of flexible workers who register with a public market's WeChat
    # account: the account is one of many ways to find work (apps, foremen,
    # the market floor), so a small share.
    register_share: float
    # Employers (firms, foremen, households) per registered worker.
    employers_per_worker: float
    # Share of registered users who send anything on a busy day.
    active_share: float
    # Turns (messages) per active user on that day: a registration takes
    # 5-10, a search and an application about 5.
    turns_per_active: float
    # Share of the day's turns in its busiest hour: gig markets are busiest
    # early in the morning, when the day's work is handed out.
    peak_hour_share: float
    # Busiest second over the peak hour's mean second (burstiness).
    peak_second_factor: float
    # Job posts per employer per month.
    jobs_per_employer_month: float


SCENARIOS = {
    "low": Scenario(0.02, 0.05, 0.10, 6, 0.15, 2.0, 1),
    "expected": Scenario(0.05, 0.10, 0.20, 10, 0.20, 2.5, 2),
    "high": Scenario(0.15, 0.15, 0.30, 20, 0.25, 3.0, 4),
}


def plan(population: int, s: Scenario, turns_per_process: float, headroom: float,
         statements: float, writes: float, redis_ops: float) -> dict:
    """The arithmetic of one region and one scenario."""
    workers = population * FLEXIBLE_SHARE * s.register_share
    employers = workers * s.employers_per_worker
    users = workers + employers
    turns_day = users * s.active_share * s.turns_per_active
    peak = turns_day * s.peak_hour_share / 3600 * s.peak_second_factor
    for_load = math.ceil(peak * headroom / turns_per_process)
    processes = max(MIN_PROCESSES, for_load)
    jobs_year = employers * s.jobs_per_employer_month * 12
    profiles = workers * BYTES_PER_WORKER + employers * BYTES_PER_EMPLOYER
    activity = (jobs_year * (BYTES_PER_JOB + APPLICATIONS_PER_JOB * BYTES_PER_APPLICATION)
                + users * TICKETS_PER_USER_YEAR * BYTES_PER_TICKET)
    return {
        "registered workers": round(workers),
        "registered employers": round(employers),
        "active users on a busy day": round(users * s.active_share),
        "turns on a busy day": round(turns_day),
        "turns in the peak hour": round(turns_day * s.peak_hour_share),
        "peak turns/s": round(peak, 1),
        "processes for the load": for_load,
        "processes to run": processes,
        "PostgreSQL statements/s": round(peak * statements, 1),
        "PostgreSQL writes/s": round(peak * writes, 1),
        "PostgreSQL connections (at most)": processes * CONNECTIONS_PER_PROCESS,
        "Redis ops/s": round(peak * redis_ops, 1),
        "Redis memory MB": round(users * REDIS_BYTES_PER_USER / 1e6),
        "database MB, profiles (once)": round(profiles / 1e6),
        "database MB per year, jobs etc.": round(activity / 1e6),
        "job posts per year": round(jobs_year),
        "open job posts at a time": round(jobs_year * JOB_OPEN_DAYS / 365),
    }


def positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError(f"must be a number above 0, not {text}")
    return value


def number(value: float) -> str:
    return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"


def assumption(field: str, value: float) -> str:
    if field.endswith("share") or field == "employers_per_worker":
        return f"{value:.0%}"
    return f"{value:g}x" if field == "peak_second_factor" else f"{value:g}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.capacity", description=__doc__.split("\n\n")[0])
    ap.add_argument("--turns-per-process", type=positive, default=TURNS_PER_PROCESS, metavar="N",
                    help="turns/s one process serves, PostgreSQL + Redis (default %(default)s)")
    ap.add_argument("--headroom", type=positive, default=HEADROOM, metavar="X",
                    help="capacity over the peak second (default %(default)s)")
    ap.add_argument("--statements-per-turn", type=positive, default=STATEMENTS_PER_TURN, metavar="S")
    ap.add_argument("--writes-per-turn", type=positive, default=WRITES_PER_TURN, metavar="W")
    ap.add_argument("--redis-ops-per-turn", type=positive, default=REDIS_OPS_PER_TURN, metavar="R")
    ap.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON")
    args = ap.parse_args(argv)

    results = {region: {name: plan(people, s, args.turns_per_process, args.headroom,
                                   args.statements_per_turn, args.writes_per_turn, args.redis_ops_per_turn)
                        for name, s in SCENARIOS.items()}
               for region, people in POPULATION.items()}

    print(f"Capacity plan: {args.turns_per_process:g} turns/s per process, {args.headroom:g}x headroom, "
          f"at least {MIN_PROCESSES} processes; per turn {args.statements_per_turn:g} SQL statements, "
          f"{args.writes_per_turn:g} writes, {args.redis_ops_per_turn:g} Redis ops.")
    print(f"Flexible workers: {FLEXIBLE_SHARE:.0%} of residents (assumption from a national figure).")
    print("Scenario assumptions (all assumptions, none measured):")
    width = 28
    print(f"  {'':<{width}}" + "".join(f"{name:>12}" for name in SCENARIOS))
    for field in Scenario.__dataclass_fields__:
        print(f"  {field.replace('_', ' '):<{width}}"
              + "".join(f"{assumption(field, getattr(s, field)):>12}" for s in SCENARIOS.values()))
    for region, by_scenario in results.items():
        print(f"\n{region} (resident population about {POPULATION[region]:,}, 2023)")
        print(f"  {'':<{width + 6}}" + "".join(f"{name:>12}" for name in SCENARIOS))
        for key in next(iter(by_scenario.values())):
            print(f"  {key:<{width + 6}}" + "".join(f"{number(r[key]):>12}" for r in by_scenario.values()))
    print("\npeak turns/s = population x flexible share x register share x (1 + employers per worker)"
          "\n  x active share x turns per active user x peak hour share / 3600 x peak second factor"
          f"\nprocesses for the load = ceil(peak turns/s x headroom / turns per process)")

    if args.json:
        doc = {"turns_per_process": args.turns_per_process, "headroom": args.headroom,
               "statements_per_turn": args.statements_per_turn, "writes_per_turn": args.writes_per_turn,
               "redis_ops_per_turn": args.redis_ops_per_turn, "population": POPULATION,
               "flexible_share": FLEXIBLE_SHARE,
               "scenarios": {name: asdict(s) for name, s in SCENARIOS.items()}, "results": results}
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=2)
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
