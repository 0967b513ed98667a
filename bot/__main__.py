"""Command line: `python -m bot serve | chat | menu` (see README)."""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
import warnings
from pathlib import Path

from bot import DATA_DIR, clock
from bot.settings import DEV_TOKEN


def _settings():
    from bot.settings import Settings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        settings = Settings.from_env()
    for w in caught:
        logging.getLogger("bot").warning(str(w.message))
    return settings


def _logging(level: str = "INFO") -> None:
    from bot.logfile import quanzhou_formatter

    logging.basicConfig(level=getattr(logging, level.upper(), logging.INFO), stream=sys.stdout)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(quanzhou_formatter())


def cmd_serve(args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.app import create_app

    _logging(args.log_level)
    settings = _settings()
    from bot.logfile import add_log_file

    add_log_file(settings)
    log = logging.getLogger("bot")
    if settings.wechat_token.reveal() == DEV_TOKEN and not _loopback(args.host):
        # Anyone who has read the source knows the development token and
        # could sign messages as any user or as staff.
        log.error(f"refusing to serve on {args.host} with the development token: set WECHAT_TOKEN to the token "
                  "of your official account (the development token works only on 127.0.0.1)")
        return 2
    app = create_app(settings)
    log.info(json.dumps({"event": "start", "host": args.host, "port": args.port,
                         "database": settings.database_kind, "store": "redis" if settings.redis_url else "memory",
                         "aes": bool(settings.wechat_aes_key), "outbound": settings.outbound_wechat_enabled}))
    # run_app stops on SIGTERM/SIGINT: it stops accepting, lets the messages
    # in flight finish (up to shutdown_timeout), then runs the cleanups.
    from bot.app import StartError

    try:
        web.run_app(app, host=args.host, port=args.port, shutdown_timeout=10, access_log=None,
                    print=None, handle_signals=True)
    except StartError as exc:
        log.error(f"not started: {exc}")
        return 1
    return 0


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.chat import run_chat

    logging.basicConfig(level=logging.ERROR)
    return asyncio.run(run_chat(_settings(), args.openid, welcome=not args.no_welcome))


def cmd_menu(args: argparse.Namespace) -> int:
    from bot.chat import push_menu

    _logging("INFO")
    menu = json.loads(Path(args.file).read_text(encoding="utf-8"))
    if args.dry_run:
        print(json.dumps(menu, ensure_ascii=False, indent=2))
        return 0
    return asyncio.run(push_menu(_settings(), menu))


def cmd_policy_eval(args: argparse.Namespace) -> int:
    from bot.language.policy_eval import main as policy_main

    return policy_main([args.cases] if args.cases else [])


def cmd_rules_eval(args: argparse.Namespace) -> int:
    from bot.language.rules_eval import main as rules_main

    return rules_main([args.cases] if args.cases else [])


def cmd_talk_eval(args: argparse.Namespace) -> int:
    from bot.language.talk_eval import main as talk_main

    return talk_main([*args.files, *(["--json"] if args.json else [])])


def cmd_welfare_posts(args: argparse.Namespace) -> int:
    from bot.app import content_rules
    from bot.refdata import ReferenceData
    from bot.services.welfare import WelfarePostError, create_from_file
    from bot.store.db import Database

    async def go() -> int:
        db = Database(_settings().database_url)
        try:
            await db.migrate()
            ids = await create_from_file(db, ReferenceData.load(), content_rules(), Path(args.file))
        except (WelfarePostError, OSError, ValueError, KeyError) as exc:
            print(f"not imported: {exc}", file=sys.stderr)
            return 1
        finally:
            await db.close()
        print(f"imported {len(ids)} public-welfare posts: {', '.join(f'#{i}' for i in ids)}")
        return 0

    return asyncio.run(go())


def cmd_report(args: argparse.Namespace) -> int:
    from datetime import date, timedelta

    from bot.i18n import Catalog
    from bot.refdata import ReferenceData
    from bot.services.report import write_report
    from bot.store.db import Database

    end = date.fromisoformat(args.to) if args.to else clock.today(time.time())  # Quanzhou's today
    start = date.fromisoformat(args.start) if args.start else end - timedelta(days=29)

    async def go() -> int:
        db = Database(_settings().database_url)
        try:
            await db.migrate()
            md, png = await write_report(db, ReferenceData.load(), start, end, Path(args.out), Catalog(),
                                         args.locale)
        finally:
            await db.close()
        print(f"wrote {md} and {png}")
        return 0

    return asyncio.run(go())


def cmd_courses(args: argparse.Namespace) -> int:
    from bot.refdata import ReferenceData
    from bot.services.courses import CourseFileError, read_courses, signups_csv, sync_courses
    from bot.store.db import Database

    async def go() -> int:
        db = Database(_settings().database_url)
        try:
            await db.migrate()
            if args.signups:
                async with db.reading() as conn:
                    text = await signups_csv(conn, args.signups)
                if args.out:
                    Path(args.out).write_text(text, encoding="utf-8-sig")  # opens cleanly in Excel
                    print(f"wrote {args.out}")
                else:
                    sys.stdout.write(text)
                return 0
            try:
                items = read_courses(Path(args.file) if args.file else None, ReferenceData.load())
            except (CourseFileError, OSError, ValueError, KeyError) as exc:
                print(f"not imported: {exc}", file=sys.stderr)
                return 1
            async with db.transaction() as conn:
                n = await sync_courses(conn, items)
            print(f"{n} courses offered")
            return 0
        finally:
            await db.close()

    return asyncio.run(go())


def cmd_staff(args: argparse.Namespace) -> int:
    """Staff commands from the terminal, as a staff member would send them."""
    from bot.chat import run_staff_command

    settings = _settings()
    if not args.as_staff:
        print("--as OPENID is required (one of STAFF_OPENIDS)", file=sys.stderr)
        return 2
    return asyncio.run(run_staff_command(settings, args.as_staff, " ".join(args.words)))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot",
                                description="WeChat bot of Quanzhou's public gig-work markets.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="run the webhook server",
                       description="Run the WeChat webhook server (configuration from the environment; "
                                   "see README). With no configuration: SQLite file + in-process store.")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    s.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING (default INFO)")
    s.set_defaults(func=cmd_serve)

    c = sub.add_parser("chat", help="talk to the bot in this terminal as one WeChat user",
                       description="Chat with the bot through the real pipeline (signed, and encrypted "
                                   "when WECHAT_ENCODING_AES_KEY is set), without a WeChat account. "
                                   "Type /help inside for location, voice, menu clicks and more.")
    c.add_argument("--as", dest="openid", default="o_terminal_newcomer_0000001",
                   help="the user's openid (default: a fixed newcomer)")
    c.add_argument("--no-welcome", action="store_true", help="do not start by following the account")
    c.set_defaults(func=cmd_chat)

    m = sub.add_parser("menu", help="push the custom menu to WeChat",
                       description="Create the official account's custom menu from a JSON file "
                                   "(POST /cgi-bin/menu/create). Needs WECHAT_APP_ID and WECHAT_APP_SECRET.")
    m.add_argument("--file", default=str(DATA_DIR / "menu.json"), help="menu JSON (default: bot/data/menu.json)")
    m.add_argument("--dry-run", action="store_true", help="print the menu instead of sending it")
    m.set_defaults(func=cmd_menu)

    r = sub.add_parser("rules-eval", help="measure the job-post content rules on the labeled posts",
                       description="Run the content rules (bot/data/content_rules.json) over the labeled "
                                   "posts and print precision and recall; fails if a lawful post is refused.")
    r.add_argument("cases", nargs="?", default="", help="labeled posts JSON (default: the tests' set)")
    r.set_defaults(func=cmd_rules_eval)

    pe = sub.add_parser("policy-eval", help="measure the policy answers on the evaluation questions",
                        description="Ask the policy knowledge base (bot/data/policies/) every evaluation question "
                                    "and print top-1 and top-3 accuracy and how off-topic questions fare.")
    pe.add_argument("cases", nargs="?", default="", help="evaluation questions JSON (default: the tests' set)")
    pe.set_defaults(func=cmd_policy_eval)

    te = sub.add_parser("talk-eval", help="run the talk corpus: pass rate and intent accuracy",
                        description="Run the corpus of real talk (tests/corpus/*.json) through the conversation, "
                                    "without a database, and print the turns, the pass rate, the intent accuracy "
                                    "and each failure.")
    te.add_argument("files", nargs="*", default=[], help="corpus files or folders (default: tests/corpus/)")
    te.add_argument("--json", action="store_true", help="print the figures and failures as JSON")
    te.set_defaults(func=cmd_talk_eval)

    w = sub.add_parser("welfare-posts", help="import temporary public-welfare posts from a JSON file",
                       description="Create temporary public-welfare posts (clause 13) with who may take them; "
                                   "see bot/data/welfare_posts.example.json for the format.")
    w.add_argument("file", help="the posts, as JSON")
    w.set_defaults(func=cmd_welfare_posts)

    rp = sub.add_parser("report", help="write the staff report (markdown and a PNG chart)",
                        description="The period's report for staff: jobs posted and filled, registered workers, "
                                    "shortage trades, complaints and their handling, satisfaction, ratings. "
                                    "No personal data. A weekly copy goes to the staff group by itself.")
    rp.add_argument("--from", dest="start", default="", help="first day, YYYY-MM-DD (default: 30 days back)")
    rp.add_argument("--to", default="", help="last day, YYYY-MM-DD (default: today)")
    rp.add_argument("--out", default=".", help="folder for report-<from>-<to>.md and .png")
    rp.add_argument("--locale", default="zh_CN", choices=["zh_CN", "en"])
    rp.set_defaults(func=cmd_report)

    co = sub.add_parser("courses", help="offer the training courses of a file, or export a course's sign-ups",
                        description="Load training courses (default bot/data/courses.json; the bot also loads it "
                                    "at start), or with --signups CODE write that course's sign-up list as CSV.")
    co.add_argument("file", nargs="?", default="", help="courses JSON (default: bot/data/courses.json)")
    co.add_argument("--signups", default="", metavar="CODE", help="export the sign-ups of this course as CSV")
    co.add_argument("--out", default="", help="CSV file to write (default: print)")
    co.set_defaults(func=cmd_courses)

    st = sub.add_parser("staff", help="run a staff command (tickets, post reviews) from the terminal",
                        description="The same commands staff send in WeChat (listed in bot/data/intents.json, "
                                    "under \"staff\"): open tickets, view, reply, in progress, close, the "
                                    "review queue, approve, reject, the day's guidance bookings.")
    st.add_argument("--as", dest="as_staff", default="", help="the staff member's openid (in STAFF_OPENIDS)")
    st.add_argument("words", nargs="+", help="the command")
    st.set_defaults(func=cmd_staff)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
