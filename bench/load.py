"""Load benchmark: many simulated WeChat users against the bot, and the
same load against two references, so the result is a ratio.

    python -m bench.load [--seconds 15] [--users 64] [--aes] [--only bot|peers]
                         [--database-url URL --redis-url URL] [--jobs 2000] [--warmup 2]
                         [--by-step] [--profile DIR]

Servers, each started as its own process on 127.0.0.1 (a free port), pinned
to core 0, and stopped with SIGTERM after its run:

1. ``bare aiohttp``: the limit, an aiohttp app answering one fixed XML
   reply (``bench/peers.py``).
2. ``WeRoBot``: the peer, WeRoBot from PyPI (extra ``bench``) answering an
   echo, sessions off.
3. ``WeRoBot + SQLite session``: the same with its default SQLite session
   storage, in a fresh temporary folder.
4. ``bot (SQLite, in-process)``: ``python -m bot serve`` on the embedded
   default: a SQLite file in a fresh temporary folder, no REDIS_URL.
5. ``bot (PostgreSQL + Redis)``: when both answer.  The bot gets a fresh
   database ``qzbot_load_<pid>`` on the server of --database-url (default
   DEFAULT_PG_URL), dropped afterwards, and the Redis database of
   --redis-url (default DEFAULT_REDIS_URL, database 2), which is FLUSHDB'd
   before and after: give a database nobody else uses (database 0 is
   refused).

The bot gets WECHAT_TOKEN (and, with --aes, WECHAT_ENCODING_AES_KEY and
WECHAT_APP_ID) and no WECHAT_APP_SECRET or STAFF_WEBHOOK_URL, so nothing is
sent out.  Before the load, ``--jobs`` open jobs are written into its fresh
database (with ``bench.search.load_jobs``) so the searches find and rank
real rows; the time to ready is measured before that, on an empty database
(the first start: schema and reference data).

The load generator is this process, pinned to core 1: an aiohttp client
with --users concurrent users.  Each user has its own openid and walks the
dialog script of ``bench/load_messages.json`` (help, worker registration
with consent and a saved profile, a job search, a policy question,
cancel), waiting for each reply before sending the next message; a user at
the end of the script (or after an error) starts again with a new openid.
Every message is signed (and with --aes encrypted) like WeChat does, with a
fresh MsgId.  The references get the same messages; WeRoBot checks the
signature with the same token (and decrypts with the same key).

After --warmup seconds the run is measured for --seconds: turns/s counts
the turns completed in that window; latency (from sending the request to
the last byte of the reply) and errors cover the turns sent in it.  An
error is a failed request, a status other than 200 or a reply that cannot
be read.  A readable reply that is not the expected one (for the bot: empty,
or without the script step's ``expect`` text; for WeRoBot: not the echo) is
counted as ``wrong``, apart from errors.  The server's resident memory is
read from /proc/<pid>/status (VmRSS) every 100 ms from its start, and VmHWM
at the end.  ``srv CPU`` and ``gen CPU`` are the share of one core the
server and the load generator used in the window: a generator near 100 %
means that row measured the generator, not the server.

The exit status is 0 even when a target is missed (this is a measurement);
1 when a server could not be started, or a server's errors exceeded 1 %.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = Path(__file__).resolve().parent / "load_messages.json"

DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/2"
TOKEN = "qzbot-load-token"
SERVER_CORE, LOAD_CORE = 0, 1
REQUEST_TIMEOUT = 10.0     # WeChat gives up after 5 s; anything slower is an error here
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
DRAIN_TIMEOUT = 15.0       # turns in flight at the end of the window
RSS_INTERVAL = 0.1
MAX_ERROR_SHARE = 0.01
SEED = 20261127

# The targets for the bot doing real dialog turns with 64 users.
TARGET_RATIO = {"bot-sqlite": 0.30, "bot-pg": 0.15}
TARGET_P99_MS = 50.0
TARGET_RSS_MB = 200.0
TARGET_READY_S = 3.0

ENV_DROPPED = ("WECHAT_TOKEN", "WECHAT_APP_ID", "WECHAT_APP_SECRET", "WECHAT_ENCODING_AES_KEY", "WECHAT_API_BASE",
               "DATABASE_URL", "REDIS_URL", "STAFF_WEBHOOK_URL", "STAFF_OPENIDS", "BOT_LOCALE", "BOT_LOCALES_DIR")


# ---------------------------------------------------------------------------
# The dialog script


@dataclass(frozen=True)
class Script:
    steps: list[tuple[str, str]]          # (text with {slots}, expected part of the reply)
    fill: dict[str, list[str]]

    @classmethod
    def load(cls, path: Path = MESSAGES) -> "Script":
        doc = json.loads(path.read_text(encoding="utf-8"))
        steps = [(s["say"], s.get("expect", "")) for s in doc["script"]]
        return cls(steps, {k: list(v) for k, v in doc.get("fill", {}).items()})

    def walk(self, rng: random.Random) -> list[tuple[str, str]]:
        """One user's pass through the script, slots filled."""
        chosen = {k: rng.choice(v) for k, v in self.fill.items()}
        return [(say.format(**chosen), expect) for say, expect in self.steps]

    def label(self, i: int) -> str:
        """A step's name for --by-step, in ASCII: its slot or its number."""
        say = self.steps[i][0]
        return say if say.isascii() else (say if say.startswith("{") else f"step {i + 1}")


# ---------------------------------------------------------------------------
# Servers


@dataclass
class Spec:
    key: str                     # bare, werobot, werobot-sqlite, bot-sqlite, bot-pg
    label: str
    kind: str                    # bare | werobot | bot
    argv: Callable[[int], list[str]]
    env: dict[str, str] = field(default_factory=dict)
    database_url: str = ""       # the bot's (to seed jobs into)


@dataclass
class Result:
    spec: Spec
    started: bool = False
    failure: str = ""
    seconds: float = 0.0
    completed: int = 0           # turns completed in the window
    sent: int = 0                # turns sent in the window
    errors: int = 0
    wrong: int = 0
    latencies: list[float] = field(default_factory=list)   # ms, turns sent in the window
    by_step: dict[int, list[float]] = field(default_factory=dict)
    reasons: Counter = field(default_factory=Counter)
    rss_peak_kb: int = 0
    hwm_kb: int = 0
    ready_s: float | None = None
    srv_cpu: float | None = None
    gen_cpu: float | None = None
    exit_code: int | None = None
    jobs: int = 0
    note: str = ""
    log_tail: str = ""

    @property
    def tps(self) -> float:
        return self.completed / self.seconds if self.seconds else 0.0

    @property
    def error_share(self) -> float:
        return self.errors / self.sent if self.sent else 0.0


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(q * (len(sorted_values) - 1)))))
    return sorted_values[k]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pin(pid: int, core: int) -> None:
    """Pin every thread of a process to one core (threads started later
    inherit it)."""
    try:
        tids = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        tids = [pid]
    for tid in tids:
        try:
            os.sched_setaffinity(tid, {core})
        except OSError:
            pass


class ProcWatch:
    """Resident memory and CPU time of a server process, from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kb = 0
        self.tick = os.sysconf("SC_CLK_TCK")

    def status(self) -> dict[str, int]:
        out: dict[str, int] = {}
        try:
            with open(f"/proc/{self.pid}/status", encoding="ascii", errors="replace") as f:
                for line in f:
                    if line.startswith(("VmRSS:", "VmHWM:")):
                        name, value = line.split(":", 1)
                        out[name] = int(value.split()[0])
        except OSError:
            pass
        return out

    def sample(self) -> None:
        self.peak_kb = max(self.peak_kb, self.status().get("VmRSS", 0))

    def cpu_seconds(self) -> float:
        try:
            with open(f"/proc/{self.pid}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / self.tick
        except (OSError, IndexError, ValueError):
            return 0.0

    async def poll(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(RSS_INTERVAL)


def specs(args: argparse.Namespace, aes_key: str, app_id: str, pg: dict | None) -> list[Spec]:
    py = sys.executable
    wechat_env = {"WECHAT_TOKEN": TOKEN}
    if args.aes:
        wechat_env.update(WECHAT_ENCODING_AES_KEY=aes_key, WECHAT_APP_ID=app_id)
    werobot_extra = ["--aes-key", aes_key, "--app-id", app_id] if args.aes else []

    def bot_argv(port: int) -> list[str]:
        return [py, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port),
                "--log-level", args.bot_log_level]

    out: list[Spec] = []
    if args.only in ("all", "peers"):
        out.append(Spec("bare", "bare aiohttp", "bare",
                        lambda port: [py, "-m", "bench.peers", "bare", "--port", str(port)]))
        out.append(Spec("werobot", "WeRoBot", "werobot",
                        lambda port: [py, "-m", "bench.peers", "werobot", "--port", str(port), "--token", TOKEN,
                                      *werobot_extra]))
        out.append(Spec("werobot-sqlite", "WeRoBot + SQLite session", "werobot",
                        lambda port: [py, "-m", "bench.peers", "werobot", "--port", str(port), "--token", TOKEN,
                                      "--session", *werobot_extra]))
    if args.only in ("all", "bot"):
        out.append(Spec("bot-sqlite", "bot (SQLite, in-process)", "bot", bot_argv, dict(wechat_env)))
        if pg is not None:
            out.append(Spec("bot-pg", "bot (PostgreSQL + Redis)", "bot", bot_argv,
                            {**wechat_env, "DATABASE_URL": pg["bot_url"], "REDIS_URL": pg["redis_url"]},
                            database_url=pg["bot_url"]))
    return out


# ---------------------------------------------------------------------------
# PostgreSQL and Redis for the bot's second configuration


def _pg_server_dsn(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def pg_redis_prepare(database_url: str, redis_url: str) -> dict:
    """A fresh database on the PostgreSQL server of `database_url`, and the
    Redis database of `redis_url` emptied; raises when either is not there."""
    import asyncpg
    import redis.asyncio as aioredis
    from sqlalchemy.engine import make_url

    r = aioredis.from_url(redis_url, socket_connect_timeout=3, socket_timeout=5)
    try:
        await r.ping()
        db_no = int(r.connection_pool.connection_kwargs.get("db", 0) or 0)
        if db_no == 0:
            raise RuntimeError(f"{redis_url} is Redis database 0; give a database nobody else uses "
                               "(it is emptied before and after)")
        await r.flushdb()
    finally:
        await r.aclose()
    name = f"qzbot_load_{os.getpid()}"
    conn = await asyncpg.connect(_pg_server_dsn(database_url), timeout=3)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    url = make_url(database_url)
    bot_url = url.set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)
    return {"bot_url": bot_url, "redis_url": redis_url, "name": name, "server": database_url}


async def pg_redis_cleanup(pg: dict) -> None:
    import asyncpg
    import redis.asyncio as aioredis

    try:
        conn = await asyncpg.connect(_pg_server_dsn(pg["server"]), timeout=5)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{pg["name"]}" WITH (FORCE)')
        finally:
            await conn.close()
    except Exception as exc:  # noqa: BLE001 - report, do not hide the results
        print(f"note: could not drop database {pg['name']}: {exc}", file=sys.stderr)
    try:
        r = aioredis.from_url(pg["redis_url"], socket_connect_timeout=3, socket_timeout=5)
        try:
            await r.flushdb()
        finally:
            await r.aclose()
    except Exception as exc:  # noqa: BLE001
        print(f"note: could not empty {pg['redis_url']}: {exc}", file=sys.stderr)


async def seed_jobs(database_url: str, n: int) -> int:
    """N open jobs in the bot's (migrated, still empty) database."""
    from datetime import date

    from bench.search import load_jobs
    from bot.refdata import ReferenceData
    from bot.store.db import Database

    db = Database(database_url)
    try:
        await load_jobs(db, n, ReferenceData.load(), date.today(), time.time(), SEED)
    finally:
        await db.close()
    return n


# ---------------------------------------------------------------------------
# The load


class ReplyReader:
    """Reads a passive reply: the text, or raises on a reply that is not
    WeChat XML (decrypting in safe mode, like WeChat does)."""

    def __init__(self, sim: Any) -> None:
        self.sim = sim

    def __call__(self, raw: bytes) -> str:
        return self.sim.reply_text(raw.decode("utf-8"))


def checker(kind: str) -> Callable[[str, str, str], bool]:
    if kind == "bot":
        return lambda reply, _said, expect: bool(reply) and expect in reply
    if kind == "werobot":
        return lambda reply, said, _expect: reply == said
    return lambda reply, _said, _expect: reply == "ok"


async def drive(url: str, sim: Any, script: Script, args: argparse.Namespace, result: Result,
                watch: ProcWatch, check: Callable[[str, str, str], bool], tag: str) -> None:
    import aiohttp
    from yarl import URL

    from bot.wxsim import message_xml

    read_reply = ReplyReader(sim)
    loop_start = time.perf_counter()
    window_start = loop_start + args.warmup
    window_end = window_start + args.seconds
    lat = result.latencies
    by_step = result.by_step
    counts = {"completed": 0, "sent": 0, "errors": 0, "wrong": 0}
    marks: dict[str, float] = {}
    headers = {"Content-Type": "text/xml"}

    async def mark_window() -> None:
        await asyncio.sleep(max(0.0, window_start - time.perf_counter()))
        marks["cpu_srv"] = watch.cpu_seconds()
        marks["cpu_gen"] = time.process_time()
        marks["t"] = time.perf_counter()
        await asyncio.sleep(max(0.0, window_end - time.perf_counter()))
        marks["cpu_srv_end"] = watch.cpu_seconds()
        marks["cpu_gen_end"] = time.process_time()
        marks["t_end"] = time.perf_counter()

    async def user(idx: int, session: aiohttp.ClientSession) -> None:
        rng = random.Random(f"{SEED}-{tag}-{idx}")
        walk_no = 0
        while time.perf_counter() < window_end:
            openid = f"oLoad{tag}{idx:04d}x{walk_no:06d}"
            walk_no += 1
            for step, (said, expect) in enumerate(script.walk(rng)):
                if time.perf_counter() >= window_end:
                    return
                query, body = sim.request(message_xml(openid, "text", Content=said), openid)
                target = URL(url + "?" + urlencode(query), encoded=True)
                payload = body.encode("utf-8")
                reason = ""
                t0 = time.perf_counter()
                try:
                    async with session.post(target, data=payload, headers=headers) as resp:
                        raw = await resp.read()
                        status = resp.status
                except asyncio.TimeoutError:
                    status, raw, reason = 0, b"", "timeout"
                except (aiohttp.ClientError, OSError) as exc:
                    status, raw, reason = 0, b"", type(exc).__name__
                t1 = time.perf_counter()
                reply = None
                if status == 200:
                    try:
                        reply = read_reply(raw)
                    except Exception as exc:  # noqa: BLE001 - any unreadable reply is an error
                        reason = f"unreadable reply ({type(exc).__name__})"
                elif status:
                    reason = f"HTTP {status}"
                in_window = window_start <= t0 < window_end
                if window_start <= t1 <= window_end and reply is not None:
                    counts["completed"] += 1
                if in_window:
                    counts["sent"] += 1
                    ms = (t1 - t0) * 1000.0
                    lat.append(ms)
                    if args.by_step:
                        by_step.setdefault(step, []).append(ms)
                    if reply is None:
                        counts["errors"] += 1
                        result.reasons[reason] += 1
                    elif not check(reply, said, expect):
                        counts["wrong"] += 1
                        result.reasons[f"wrong reply at step {step + 1}"] += 1
                if reply is None:
                    break  # the dialog is out of step: start over as a new user

    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    connector = aiohttp.TCPConnector(limit=args.users, limit_per_host=args.users)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, auto_decompress=False) as session:
        marker = asyncio.create_task(mark_window())
        users = [asyncio.create_task(user(i, session)) for i in range(args.users)]
        done, pending = await asyncio.wait(users, timeout=args.warmup + args.seconds + DRAIN_TIMEOUT)
        for t in pending:
            t.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for t in done:
            if t.exception() is not None:
                raise t.exception()
        await marker
    result.seconds = args.seconds
    result.completed, result.sent = counts["completed"], counts["sent"]
    result.errors, result.wrong = counts["errors"], counts["wrong"]
    span = marks["t_end"] - marks["t"]
    result.srv_cpu = (marks["cpu_srv_end"] - marks["cpu_srv"]) / span * 100
    result.gen_cpu = (marks["cpu_gen_end"] - marks["cpu_gen"]) / span * 100
    if pending:
        result.note = f"{len(pending)} users still waiting {DRAIN_TIMEOUT:.0f} s after the window"


async def wait_ready(proc: subprocess.Popen, port: int, kind: str, watch: ProcWatch, t_start: float) -> float:
    import aiohttp

    url = f"http://127.0.0.1:{port}/healthz"
    deadline = t_start + READY_TIMEOUT
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
        while time.perf_counter() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"exited with status {proc.returncode} before answering")
            watch.sample()
            try:
                async with session.get(url) as resp:
                    await resp.read()
                    # The bot is ready when /healthz says so; a reference
                    # is up as soon as it answers at all.
                    if resp.status == 200 or (kind != "bot" and resp.status < 500):
                        return time.perf_counter() - t_start
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
                pass
            await asyncio.sleep(0.01)
    raise RuntimeError(f"not ready within {READY_TIMEOUT:.0f} s")


async def stop(proc: subprocess.Popen) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        deadline = time.perf_counter() + STOP_TIMEOUT
        while proc.poll() is None and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            return -9
    return proc.returncode


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


async def measure(spec: Spec, args: argparse.Namespace, script: Script, sim: Any, n: int) -> Result:
    result = Result(spec)
    work = Path(tempfile.mkdtemp(prefix=f"qzbot-load-{spec.key}-"))
    log_path = work / "server.log"
    env = {k: v for k, v in os.environ.items() if k not in ENV_DROPPED}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    env["PYTHONUNBUFFERED"] = "1"
    env.update(spec.env)
    if spec.kind == "bot" and "DATABASE_URL" not in env:
        env["DATABASE_URL"] = f"sqlite+aiosqlite:///{work / 'bot.db'}"
        spec.database_url = env["DATABASE_URL"]
    port = free_port()
    proc: subprocess.Popen | None = None
    profiler: subprocess.Popen | None = None
    poller: asyncio.Task | None = None
    try:
        with open(log_path, "wb") as log:
            t_start = time.perf_counter()
            proc = subprocess.Popen(spec.argv(port), cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        pin(proc.pid, SERVER_CORE)
        watch = ProcWatch(proc.pid)
        try:
            result.ready_s = await wait_ready(proc, port, spec.kind, watch, t_start)
        except RuntimeError as exc:
            result.failure = str(exc)
            return result
        result.started = True
        pin(proc.pid, SERVER_CORE)   # threads started while it came up
        poller = asyncio.create_task(watch.poll())
        if spec.kind == "bot" and args.jobs:
            try:
                result.jobs = await seed_jobs(spec.database_url, args.jobs)
            except Exception as exc:  # noqa: BLE001 - measure anyway, and say so
                result.note = f"no jobs seeded ({type(exc).__name__}: {exc})"
        if args.profile and spec.kind == "bot":
            profiler = start_profiler(args, spec, proc.pid)
        await drive(f"http://127.0.0.1:{port}/wechat", sim, script, args, result, watch, checker(spec.kind),
                    f"{n:x}")
        watch.sample()
        status = watch.status()
        result.hwm_kb = status.get("VmHWM", 0)
        result.rss_peak_kb = max(watch.peak_kb, status.get("VmRSS", 0))
        if proc.poll() is not None:
            result.failure = f"exited with status {proc.returncode} during the run"
    finally:
        if poller is not None:
            poller.cancel()
        if profiler is not None:
            await finish_profiler(profiler, args, spec)
        if proc is not None:
            result.exit_code = await stop(proc)
        if result.failure or result.error_share > MAX_ERROR_SHARE:
            result.log_tail = tail(log_path)
        shutil.rmtree(work, ignore_errors=True)
    return result


# ---------------------------------------------------------------------------
# Profiling (--profile DIR): py-spy on the bot while it is under load


def start_profiler(args: argparse.Namespace, spec: Spec, pid: int) -> subprocess.Popen | None:
    exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(exe).exists():
        print("note: --profile needs py-spy (pip install py-spy); not profiling", file=sys.stderr)
        return None
    out = Path(args.profile)
    out.mkdir(parents=True, exist_ok=True)
    duration = max(1, int(args.seconds))
    # Start after the warm-up, so the profile shows the steady state.
    argv = [exe, "record", "--pid", str(pid), "--duration", str(duration), "--rate", "200", "--format", "raw",
            "--nonblocking", "-o", str(out / f"{spec.key}.folded")]
    return subprocess.Popen(["sh", "-c", f"sleep {args.warmup}; exec \"$@\"", "sh", *argv],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def finish_profiler(profiler: subprocess.Popen, args: argparse.Namespace, spec: Spec) -> None:
    deadline = time.perf_counter() + 30
    while profiler.poll() is None and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    if profiler.poll() is None:
        profiler.terminate()
        profiler.wait()
    folded = Path(args.profile) / f"{spec.key}.folded"
    if folded.exists():
        summarise_profile(folded, spec.label)


def summarise_profile(folded: Path, label: str, top: int = 15) -> None:
    """Top functions by own and by total samples, from py-spy's raw
    (collapsed stack) output."""
    own: Counter = Counter()
    total: Counter = Counter()
    samples = 0
    for line in folded.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        samples += n
        frames = stack.split(";")
        for f in set(frames):
            total[f] += n
        own[frames[-1]] += n
    if not samples:
        return
    print(f"\nprofile of {label}: {samples} samples ({folded})")
    for title, counter in (("own time", own), ("total time (incl. callees)", total)):
        print(f"  top by {title}:")
        for frame, n in counter.most_common(top):
            print(f"    {n / samples * 100:5.1f}%  {frame}")


# ---------------------------------------------------------------------------
# Output


def fmt(value: float | None, spec_: str = ".0f") -> str:
    if value is None or value != value:
        return "-"
    return format(value, spec_)


def print_table(results: list[Result], args: argparse.Namespace) -> None:
    base = next((r for r in results if r.spec.key == "bare" and r.started and r.completed), None)
    cols = ["server", "turns/s", "x bare", "p50 ms", "p99 ms", "max ms", "errors", "wrong", "RSS MB", "HWM MB",
            "ready s", "srv CPU", "gen CPU"]
    rows = []
    for r in results:
        if not r.started:
            rows.append([r.spec.label, "FAILED: " + r.failure] + [""] * (len(cols) - 2))
            continue
        lat = sorted(r.latencies)
        ratio = r.tps / base.tps if base is not None else None
        rows.append([
            r.spec.label, fmt(r.tps), fmt(ratio, ".3f"), fmt(percentile(lat, 0.50), ".1f"),
            fmt(percentile(lat, 0.99), ".1f"), fmt(lat[-1] if lat else None, ".1f"),
            f"{r.errors} ({r.error_share * 100:.2f}%)" if r.errors else "0", str(r.wrong),
            fmt(r.rss_peak_kb / 1024, ".1f"), fmt(r.hwm_kb / 1024, ".1f"),
            fmt(r.ready_s, ".2f") if r.spec.kind == "bot" else f"({fmt(r.ready_s, '.2f')})",
            f"{fmt(r.srv_cpu)}%", f"{fmt(r.gen_cpu)}%",
        ])
    widths = [max(len(c), *(len(row[i]) for row in rows if len(row) > i and not row[1].startswith("FAILED")))
              for i, c in enumerate(cols)]
    mode = "AES (safe mode)" if args.aes else "plaintext"
    print(f"\n{args.users} users, {mode}, {args.seconds:g} s measured after {args.warmup:g} s warm-up; "
          f"server on core {SERVER_CORE}, load generator on core {LOAD_CORE}")
    line = "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cols, widths)))
    print(line)
    print("-" * len(line))
    for row in rows:
        if row[1].startswith("FAILED"):
            print(f"{row[0].ljust(widths[0])}  {row[1]}")
        else:
            print("  ".join(v.rjust(w) if i else v.ljust(w) for i, (v, w) in enumerate(zip(row, widths))))
    for r in results:
        notes = []
        if r.spec.kind == "bot" and r.started:
            notes.append(f"{r.jobs} open jobs in the database" if r.jobs else "searched an empty jobs table")
        if r.note:
            notes.append(r.note)
        if r.gen_cpu is not None and r.gen_cpu >= 90:
            notes.append("load generator saturated: a lower bound for this server")
        if r.reasons:
            notes.append("; ".join(f"{k}: {v}" for k, v in r.reasons.most_common(4)))
        if r.exit_code not in (None, 0):
            notes.append(f"exit status {r.exit_code} after SIGTERM")
        if notes:
            print(f"  {r.spec.label}: " + "; ".join(notes))
        if r.log_tail:
            print("    server log (last lines):\n" + "\n".join("      " + ln for ln in r.log_tail.splitlines()))
    print("ready s: process start to first /healthz 200 (references, in brackets: to any answer)")


def print_targets(results: list[Result]) -> None:
    base = next((r for r in results if r.spec.key == "bare" and r.started and r.completed), None)
    bots = [r for r in results if r.spec.kind == "bot"]
    if not bots:
        return
    print()

    def say(ok: bool | None, what: str, numbers: str) -> None:
        verdict = "not measured" if ok is None else ("met" if ok else "MISSED")
        print(f"target {what}: {verdict} ({numbers})")

    for r in bots:
        name = r.spec.label
        if not r.started:
            say(None, f"{name}", f"did not start: {r.failure}")
            continue
        lat = sorted(r.latencies)
        want = TARGET_RATIO.get(r.spec.key)
        if want is not None:
            if base is None:
                say(None, f"{name} >= {want:.2f} x bare aiohttp", f"{r.tps:.0f} turns/s; bare aiohttp not run")
            else:
                ratio = r.tps / base.tps
                say(ratio >= want, f"{name} >= {want:.2f} x bare aiohttp",
                    f"{ratio:.3f} x: {r.tps:.0f} vs {base.tps:.0f} turns/s")
        p99 = percentile(lat, 0.99)
        say(p99 < TARGET_P99_MS, f"{name} p99 < {TARGET_P99_MS:.0f} ms", f"p99 {p99:.1f} ms")
        rss = max(r.rss_peak_kb, r.hwm_kb) / 1024
        say(rss < TARGET_RSS_MB, f"{name} one process < {TARGET_RSS_MB:.0f} MB resident", f"peak {rss:.1f} MB")
        say(r.ready_s is not None and r.ready_s <= TARGET_READY_S, f"{name} ready within {TARGET_READY_S:.0f} s",
            f"{fmt(r.ready_s, '.2f')} s")


def print_by_step(results: list[Result], script: Script) -> None:
    for r in results:
        if r.spec.kind != "bot" or not r.by_step:
            continue
        print(f"\nper step, {r.spec.label}:  step  turns  p50 ms  p99 ms  max ms")
        for step in sorted(r.by_step):
            lat = sorted(r.by_step[step])
            print(f"  {script.label(step):>24}  {len(lat):6d}  {percentile(lat, .5):6.1f}  "
                  f"{percentile(lat, .99):6.1f}  {lat[-1]:6.1f}")


# ---------------------------------------------------------------------------


async def amain(args: argparse.Namespace) -> int:
    from bot.wxsim import WeChatSimulator

    script = Script.load()
    aes_key = base64.b64encode(secrets.token_bytes(32)).decode("ascii").rstrip("=") if args.aes else ""
    app_id = "wx" + secrets.token_hex(8) if args.aes else ""
    sim = WeChatSimulator(TOKEN, aes_key, app_id)

    pg: dict | None = None
    failures: list[str] = []
    if args.only in ("all", "bot"):
        explicit = bool(args.database_url or args.redis_url)
        try:
            pg = await pg_redis_prepare(args.database_url or DEFAULT_PG_URL, args.redis_url or DEFAULT_REDIS_URL)
        except Exception as exc:  # noqa: BLE001 - unreachable servers are a note unless asked for
            msg = f"bot (PostgreSQL + Redis) not run: {type(exc).__name__}: {exc}"
            print(("error: " if explicit else "note: ") + msg, file=sys.stderr)
            if explicit:
                failures.append(msg)
    results: list[Result] = []
    try:
        for n, spec in enumerate(specs(args, aes_key, app_id, pg)):
            print(f"running {spec.label} ...", file=sys.stderr, flush=True)
            results.append(await measure(spec, args, script, sim, n))
    finally:
        if pg is not None:
            await pg_redis_cleanup(pg)
    print_table(results, args)
    if args.by_step:
        print_by_step(results, script)
    print_targets(results)
    failed = [r for r in results if not r.started or r.failure]
    too_many = [r for r in results if r.error_share > MAX_ERROR_SHARE]
    for r in too_many:
        print(f"errors over {MAX_ERROR_SHARE:.0%}: {r.spec.label} ({r.errors} of {r.sent})")
    return 1 if failed or too_many or failures else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="See the module docstring (bench/load.py) for what is measured and how.")
    p.add_argument("--seconds", type=float, default=15.0, help="measured seconds per server (default 15)")
    p.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds of load first (default 2)")
    p.add_argument("--users", type=int, default=64, help="concurrent simulated users (default 64)")
    p.add_argument("--aes", action="store_true", help="safe mode: encrypt every message (bot and WeRoBot)")
    p.add_argument("--only", choices=["all", "bot", "peers"], default="all",
                   help="run only the bot configurations, or only the references (default: all)")
    p.add_argument("--database-url", default="",
                   help=f"PostgreSQL server for the bot's second run; a fresh database is made on it "
                        f"(default {DEFAULT_PG_URL}, skipped when not reachable)")
    p.add_argument("--redis-url", default="",
                   help=f"Redis database for the bot's second run, emptied before and after "
                        f"(default {DEFAULT_REDIS_URL})")
    p.add_argument("--jobs", type=int, default=2000, help="open jobs written into the bot's database (default 2000)")
    p.add_argument("--bot-log-level", default="INFO", help="the bot's --log-level (default INFO, as deployed)")
    p.add_argument("--by-step", action="store_true", help="also print the bot's latency per script step")
    p.add_argument("--profile", default="", metavar="DIR",
                   help="record the bot under load with py-spy (raw collapsed stacks in DIR) and print its hot spots")
    args = p.parse_args(argv)
    if args.seconds <= 0 or args.users <= 0 or args.warmup < 0:
        p.error("--seconds and --users must be positive, --warmup not negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cores = os.sched_getaffinity(0)
    if {SERVER_CORE, LOAD_CORE} <= cores:
        os.sched_setaffinity(0, {LOAD_CORE})
    else:
        print(f"note: cores {SERVER_CORE} and {LOAD_CORE} are not both available; not pinning", file=sys.stderr)
    return asyncio.run(amain(args))


if __name__ == "__main__":
    sys.exit(main())
