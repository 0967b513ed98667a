"""create_app(settings): the aiohttp application, used by `serve`, `chat`
and the tests alike. Resources live in cleanup_ctx: created before
`yield`, disposed after, in order."""
from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import json
import logging
import time
from typing import AsyncIterator

import aiohttp
from aiohttp import web

from bot import clock, features
from bot.turn.conversation import Conversation
from bot.language.nlu import Nlu
from bot.language.resources import Language
from bot.handlers import evidence as evidence_links
from bot.handlers import wechat
from bot.handlers.keys import (CATALOG, DB, EVIDENCE, KV, PUSHES, SENDER, SETTINGS, STAFF_DATA, STOPPING, TURNS,
                               WECHAT)
from bot.handlers.outbound import OutboxSender, StaffWebhook, WeChatAPI
from bot.i18n import Catalog
from bot.refdata import ReferenceData
from bot.services.open_jobs import OpenJobs
from bot.services.push_runner import PushRunner
from bot.turn.service import TurnService
from bot.settings import Settings
from bot.store.db import Database
from bot.store.kv import open_store
from bot.features.account.privacy import apply_retention
from bot.store.repos import EvidenceRepo, JobRepo, OutboxRepo

log = logging.getLogger("bot.app")


@functools.lru_cache(maxsize=1)
def language_resources() -> tuple[ReferenceData, Nlu]:
    """Reference data, the tokenizer with its user dictionary and the
    grammars of the parsers (bot.language.resources): loaded once per
    process, at start, never on a user's first message, and handed to the
    parse functions."""
    language = Language.load().use()
    return language.refdata, language.nlu


@functools.lru_cache(maxsize=1)
def policy_base():
    from bot.language.policy_kb import PolicyBase

    return PolicyBase.load(language_resources()[1].tokenizer)


@functools.lru_cache(maxsize=1)
def content_rules():
    from bot.language.rules import ContentRules

    return ContentRules.load()


def create_app(settings: Settings, *, start_sender: bool = True) -> web.Application:
    app = web.Application(client_max_size=wechat.BODY_LIMIT, middlewares=[_never_5xx])
    app[SETTINGS] = settings
    app.router.add_get("/wechat", wechat.verify)
    app.router.add_post("/wechat", wechat.receive)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/evidence/{id}", evidence_links.serve)
    from bot.console import setup_console

    setup_console(app)   # the staff console under /console (#15)
    app.cleanup_ctx.append(functools.partial(_resources, start_sender=start_sender))
    return app


async def _resources(app: web.Application, start_sender: bool) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    from bot.features.training.dialog import COURSE_WORDS
    from bot.services.staff_data import Seed, StaffData, seed

    try:
        refdata, nlu = language_resources()
        content_rules()
        policy_base()
        features.load_data()
        seed_files = Seed.read(refdata)
    except (ValueError, OSError) as exc:  # a data file staff edit is wrong: say which, in one line
        raise StartError(f"a data file is wrong: {exc}") from None
    catalog = Catalog(settings.locales_dir)
    db = Database(settings.database_url)
    await _reach_database(db, settings.database_start_wait)
    # Courses, markets and policies live in the database, which staff change;
    # their files are loaded only into a database that never had them.
    async with db.startup_work() as conn:
        seeded = await seed(conn, seed_files)
    if seeded:
        log.info("loaded %s from bot/data/ into the database (first start)", ", ".join(seeded))
    turns_holder: list[TurnService] = []

    def use_snapshot(snap) -> None:
        COURSE_WORDS.set(dict(snap.course_words))
        for turns in turns_holder:
            turns.tickets.refdata = snap.refdata

    staff_data = StaffData(db, refdata, nlu.tokenizer, base_policies=policy_base(),
                           every=settings.staff_data_refresh, on_change=use_snapshot)
    try:
        await staff_data.load()
    except ValueError as exc:   # a record in a table is wrong: say which
        await db.close()
        raise StartError(f"the staff data in the database is wrong: {exc}") from None
    kv = open_store(settings.redis_url, settings.key_prefix, max_keys=settings.memory_store_max_keys,
                    timeout=settings.redis_timeout)
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
    wechat_api = WeChatAPI(settings, kv, session) if settings.outbound_wechat_enabled else None
    staff = StaffWebhook(settings.staff_webhook_url.reveal(), session) if settings.staff_webhook_url else None
    sender = OutboxSender(settings, db, wechat_api, staff, settings.outbox_poll_interval, kv=kv, catalog=catalog)
    conversation = Conversation(nlu, refdata, settings.default_locale, settings.dialog_idle_timeout,
                                rules=content_rules(), staff_openids=settings.staff_openids,
                                staff_data=staff_data)
    app[DB], app[KV], app[CATALOG], app[SENDER], app[WECHAT] = db, kv, catalog, sender, wechat_api
    app[STAFF_DATA] = staff_data
    # The open jobs search reads, kept in memory and fresh (bot/services/open_jobs.py):
    # loaded in the background, searches read the database until it is.
    open_jobs = OpenJobs(db, every=settings.open_jobs_refresh)
    app[TURNS] = turns = TurnService(settings, db, kv, conversation, catalog, sender.wake, open_jobs=open_jobs)
    turns_holder.append(turns)

    async def close_connections() -> None:
        await session.close()
        await kv.close()
        await db.close()

    try:
        await turns.beat()  # alive before the first message, so no other process takes over its turns
    except BaseException:
        # The store does not answer at start: nothing opened is left open
        # (the process exits, or a test goes on to the next start).
        await close_connections()
        raise
    pushes = PushRunner(settings, db, kv, refdata, catalog, sender.wake, settings.push_interval)
    app[PUSHES] = pushes
    app[STOPPING] = asyncio.Event()
    heartbeat = asyncio.create_task(turns.heartbeat(app[STOPPING]), name="heartbeat")
    # Staff changes to courses, markets and policies, seen without a restart.
    refresher = asyncio.create_task(staff_data.run(app[STOPPING]), name="staff-data")
    jobs_refresher = asyncio.create_task(open_jobs.run(app[STOPPING]), name="open-jobs")
    app[EVIDENCE] = fetcher = _evidence_fetcher(settings, db, catalog, wechat_api, sender)
    tasks = [asyncio.create_task(sender.run(), name="outbox-sender"),
             asyncio.create_task(pushes.run(), name="job-pushes"),
             asyncio.create_task(_follow_up_tickets(app), name="ticket-follow-up"),
             asyncio.create_task(fetcher.run(), name="evidence-fetcher")] if start_sender else []
    if not settings.outbound_wechat_enabled:
        log.warning("WECHAT_APP_ID/WECHAT_APP_SECRET not set: messages to users are recorded, not sent")
    if not settings.staff_webhook_url:
        log.warning("STAFF_WEBHOOK_URL not set: staff notices are kept and logged, not sent")
    try:
        yield
    finally:
        # Let the background loops finish what they are doing (a send, a
        # transaction) before the connections close; cancel only stragglers.
        sender.stop()
        pushes.stop()
        fetcher.stop()
        app[STOPPING].set()
        tasks.extend((heartbeat, refresher, jobs_refresher))
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=5)
            for task in pending:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await close_connections()


async def keep_start_out_of_collectors_sight(app: web.Application) -> None:
    """What start-up made lives as long as the process (the dictionary,
    the reference data, the policy index: about 170,000 objects): moved out
    of the collector's sight once the bot is ready, so that its full passes
    under load scan only what turns make (a full pass was ~50 ms, a stall
    every user waiting then shares). For a process that serves until it
    exits (`python -m bot serve`), not one that starts bots again (tests)."""
    gc.collect()
    gc.freeze()


class StartError(Exception):
    """The bot cannot start (said in one line, without a traceback)."""


async def _reach_database(db: Database, wait: float) -> None:
    """Migrate the schema, waiting up to `wait` seconds for the database (it
    may be starting together with the bot, or restarting): one log line
    when it is not there, one when it is, a StartError when it never came."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    delay, said = 0.5, False
    while True:
        try:
            await db.migrate()
        except Exception as exc:
            if not _unreachable(exc):
                raise
            why = f"{type(exc).__name__}: {exc}"
        else:
            if said:
                log.info("database reachable after %.0f s", loop.time() - started)
            return
        if loop.time() - started + delay > wait:
            raise StartError(f"the database at {db.safe_url} is not reachable ({why[:200]}); gave up after "
                             f"{wait:.0f} s (DATABASE_START_WAIT)")
        if not said:
            log.warning("the database at %s is not reachable (%s); trying again for up to %.0f s",
                        db.safe_url, why[:200], wait)
            said = True
        await asyncio.sleep(delay)
        delay = min(delay * 2, 5.0)


def _unreachable(exc: BaseException) -> bool:
    """A connection that could not be made (a database down or starting),
    as opposed to a bug: anywhere in the exception's chain, a network
    error or a driver's operational error."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            return False
        if isinstance(seen, (OSError, asyncio.TimeoutError, OperationalError, InterfaceError)):
            return True
        if type(seen).__module__.startswith("asyncpg") and "Connect" in type(seen).__name__:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _evidence_fetcher(settings: Settings, db: Database, catalog: Catalog, wechat_api: WeChatAPI | None,
                      sender: OutboxSender):
    """Complaint photos and voice copied out of WeChat before they expire."""
    from bot.services.evidence import EvidenceFetcher, EvidenceFiles

    download = functools.partial(evidence_links.get_media, wechat_api) if wechat_api is not None else None
    files = EvidenceFiles(settings.evidence_dir) if settings.evidence_dir else None
    if download is None:
        log.warning("WECHAT_APP_ID/WECHAT_APP_SECRET not set: complaint photos and voice cannot be downloaded "
                    "from WeChat; staff notices say so, and WeChat deletes them after 3 days")
    if not settings.public_base_url:
        log.warning("PUBLIC_BASE_URL not set: complaint evidence is kept, but staff notices and the ticket view "
                    "carry no links to it")
    return EvidenceFetcher(settings, db, catalog, download, files, sender.wake)


async def _follow_up_tickets(app: web.Application, every: float = 60.0) -> None:
    """Once a minute (one process at a time): every feature's periodic work
    (tickets nobody touched in time re-posted, their users told they are
    being followed up; reminders), end engagements whose last work day is past (both sides asked to rate),
    and purge or anonymise what is past its retention period."""
    from bot.store.kv import LockTimeout

    turns = app[TURNS]
    stopping = app[STOPPING]
    while not stopping.is_set():
        try:
            await asyncio.wait_for(stopping.wait(), every)
            return
        except asyncio.TimeoutError:
            pass
        try:
            async with app[KV].lock("ticket-follow-up", ttl=50, wait=0.05):
                async with app[DB].transaction_now() as conn:
                    now = time.time()
                    await JobRepo(conn).sweep_ended(clock.today(now).isoformat())
                    done = await turns.periodic(conn, now)
                    if done:
                        app[SENDER].wake()
                # Retention: what is past its period purged or anonymised (bot/features/account/privacy.py).
                await apply_retention(app[DB], app[SETTINGS], time.time())
                await _weekly_report(app, time.time())
        except LockTimeout:
            pass
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("ticket follow-up failed; trying again")


async def _weekly_report(app: web.Application, now: float) -> None:
    """Monday from 09:00: last week's report to the staff group, once (the
    outbox keys make a second process or a restart send nothing new)."""
    from bot.services.report import build_report, staff_payloads, week_before, weekly_due

    kv = app[KV]
    week = weekly_due(now, await kv.get(kv.key("report", "last-week")))
    if week is None:
        return
    start, end = week_before(week)
    refdata, _ = language_resources()
    report = await build_report(app[DB], refdata, start, end)
    async with app[DB].transaction_now() as conn:
        for n, payload in enumerate(staff_payloads(report, app[CATALOG], refdata)):
            await OutboxRepo(conn).add("staff", "staff", payload, f"report:{week}:{n}")
    await kv.set(kv.key("report", "last-week"), week)
    app[SENDER].wake()


async def healthz(request: web.Request) -> web.Response:
    app = request.app
    doc: dict = {"status": "ok"}
    ok = True
    try:
        await asyncio.wait_for(app[DB].ping(), 3)
        async with app[DB].reading() as conn:
            outbox = await OutboxRepo(conn).counts()
            kept = await EvidenceRepo(conn).counts()
        doc["database"] = {"kind": app[DB].kind, "ok": True}
        doc["outbox"] = {"pending": outbox.get("pending", 0), "failed": outbox.get("failed", 0)}
        # Complaint photos and voice still to download, and those that could not be kept.
        doc["evidence"] = {"pending": kept.get("pending", 0),
                           "failed": kept.get("failed", 0) + kept.get("unfetchable", 0)}
        # The staff robot and the access token: a problem staff must fix shows here.
        doc.update(await asyncio.wait_for(app[SENDER].health(), 3))
    except Exception as exc:
        ok = False
        doc["database"] = {"kind": app[DB].kind, "ok": False, "error": type(exc).__name__}
    try:
        await asyncio.wait_for(app[KV].ping(), 3)
        doc["store"] = {"kind": app[KV].kind, "ok": True}
    except Exception as exc:
        ok = False
        doc["store"] = {"kind": app[KV].kind, "ok": False, "error": type(exc).__name__}
    if not ok:
        doc["status"] = "degraded"
    return web.json_response(doc, status=200 if ok else 503, dumps=lambda d: json.dumps(d, ensure_ascii=False))


@web.middleware
async def _never_5xx(request: web.Request, handler):
    """Whatever a user sends, WeChat must not see a server error: log it and
    answer `success` (WeChat then shows nothing and does not resend)."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        if request.path == "/wechat":
            return web.Response(text="success")
        return web.json_response({"status": "error"}, status=500)
