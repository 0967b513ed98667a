"""Command line: `python -m bot serve | chat | menu | courses | markets | policies | welfare-posts …` (see README)."""
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
    # Every message writes a log line; what the lines show never uses the
    # caller's source line, thread or process, which logging would otherwise
    # look up for each (the logging HOWTO's "Optimization").
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False


def cmd_serve(args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.app import create_app, keep_start_out_of_collectors_sight

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
    app.on_startup.append(keep_start_out_of_collectors_sight)   # after the resources are set up
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


def _action(words: list[str], usage: str) -> tuple[str, str]:
    """(import | export, file) from `import FILE`, `export [FILE]` or the
    older `FILE` alone (an import)."""
    if words and words[0] in ("import", "export"):
        action, rest = words[0], words[1:]
    else:
        action, rest = "import", words
    if len(rest) > 1 or (action == "import" and not rest):
        raise SystemExit(f"usage: {usage}")
    return action, rest[0] if rest else ""


def _write_json(doc: dict, file: str) -> None:
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if file:
        Path(file).write_text(text, encoding="utf-8")
        print(f"wrote {file}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def cmd_welfare_posts(args: argparse.Namespace) -> int:
    from bot.app import content_rules
    from bot.refdata import ReferenceData
    from bot.services.welfare import WelfarePostError, export_posts, import_posts
    from bot.store.db import Database

    action, file = _action(args.words, "python -m bot welfare-posts import FILE | export [FILE]")

    async def go() -> int:
        db = Database(_settings().database_url)
        try:
            await db.migrate()
            if action == "export":
                _write_json(await export_posts(db), file)
                return 0
            try:
                doc = json.loads(Path(file).read_text(encoding="utf-8"))
                created, changed = await import_posts(db, ReferenceData.load(), content_rules(), doc)
            except (WelfarePostError, OSError, ValueError, KeyError) as exc:
                print(f"not imported: {exc}", file=sys.stderr)
                return 1
        finally:
            await db.close()
        print(f"imported {len(created)} public-welfare posts: {', '.join(f'#{i}' for i in created) or '-'}; "
              f"changed {len(changed)}: {', '.join(f'#{i}' for i in changed) or '-'}")
        return 0

    return asyncio.run(go())


async def _staff_data(action: str, file: str, load, save, export) -> int:
    """import: `load()` reads and checks the file (a ValueError or OSError
    names what is wrong: nothing changes), `save(conn, data)` writes it in
    one transaction and returns how many; export: `export(conn)` as JSON."""
    from bot.refdata import ReferenceData
    from bot.services.staff_data import Seed, seed
    from bot.store.db import Database

    db = Database(_settings().database_url)
    try:
        await db.migrate()
        # A database the bot never started on gets the seed first, as at start.
        async with db.startup_work() as conn:
            await seed(conn, Seed.read(ReferenceData.load()))
        if action == "export":
            async with db.reading() as conn:
                _write_json(await export(conn), file)
            return 0
        try:
            data = load()
            async with db.transaction() as conn:
                n = await save(conn, data)
        except (OSError, ValueError, KeyError) as exc:
            print(f"not imported: {exc}", file=sys.stderr)
            return 1
        print(f"imported {n}; running bots use them within seconds")
        return 0
    finally:
        await db.close()


def cmd_markets(args: argparse.Namespace) -> int:
    from bot.refdata import ReferenceData
    from bot.services.staff_data import check_markets, export_markets, read_json, replace_markets

    action, file = _action(args.words, "python -m bot markets import FILE | export [FILE]")

    def load():
        return check_markets(read_json(Path(file)), ReferenceData.load(), Path(file).name)

    async def save(conn, data):
        return await replace_markets(conn, *data)

    return asyncio.run(_staff_data(action, file, load, save, export_markets))


def cmd_policies(args: argparse.Namespace) -> int:
    from bot.services.staff_data import check_policies, export_policies, read_policy_docs, save_policies

    action, file = _action(args.words, "python -m bot policies import FILE|FOLDER [--add] | export [FILE]")

    def load():
        docs = read_policy_docs(Path(file))
        if not args.add:
            check_policies(docs, file)
        return docs

    async def save(conn, docs):
        return await save_policies(conn, docs, keep_others=args.add, source=file)

    return asyncio.run(_staff_data(action, file, load, save, export_policies))


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
    from bot.services.courses import export_courses, read_courses, signups_csv, sync_courses
    from bot.services.staff_data import bump
    from bot.store.db import Database

    if args.signups:
        async def signups() -> int:
            db = Database(_settings().database_url)
            try:
                await db.migrate()
                async with db.reading() as conn:
                    text = await signups_csv(conn, args.signups)
            finally:
                await db.close()
            if args.out:
                Path(args.out).write_text(text, encoding="utf-8-sig")  # opens cleanly in Excel
                print(f"wrote {args.out}")
            else:
                sys.stdout.write(text)
            return 0

        return asyncio.run(signups())
    words = args.words or ["import", str(DATA_DIR / "courses.json")]
    action, file = _action(words, "python -m bot courses import FILE | export [FILE] | --signups CODE")

    def load():
        return read_courses(Path(file), ReferenceData.load())

    async def save(conn, items):
        n = await sync_courses(conn, items)
        await bump(conn, "courses")
        return n

    return asyncio.run(_staff_data(action, file, load, save, export_courses))


def cmd_staff(args: argparse.Namespace) -> int:
    """Staff commands from the terminal, as a staff member would send them."""
    from bot.chat import run_staff_command

    settings = _settings()
    if not args.as_staff:
        print("--as OPENID is required (one of STAFF_OPENIDS)", file=sys.stderr)
        return 2
    return asyncio.run(run_staff_command(settings, args.as_staff, " ".join(args.words)))


def _read_password(args: argparse.Namespace) -> str | None:
    """The new password: one line on stdin with --password-stdin, else asked
    twice without echo. None (said why) when it will not do."""
    import getpass

    from bot.console.accounts import MIN_PASSWORD

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            print("the two passwords differ: nothing changed", file=sys.stderr)
            return None
    if len(password) < MIN_PASSWORD:
        print(f"a password of at least {MIN_PASSWORD} characters is needed: nothing changed", file=sys.stderr)
        return None
    return password


def cmd_staff_user(args: argparse.Namespace) -> int:
    """Console accounts: add, list, disable, enable, passwd."""
    from bot.console.accounts import StaffAccounts
    from bot.store.db import Database

    if args.action != "list" and not args.name:
        print("NAME is required", file=sys.stderr)
        return 2
    if args.no_password and not args.wecom:
        print("--no-password needs --wecom ID (else nobody could sign in)", file=sys.stderr)
        return 2
    password = None
    if args.action == "passwd" or (args.action == "add" and not args.no_password):
        password = _read_password(args)
        if password is None:
            return 1

    async def go() -> int:
        db = Database(_settings().database_url)
        try:
            await db.migrate()
            async with db.transaction() as conn:
                accounts = StaffAccounts(conn)
                if args.action == "list":
                    for a in await accounts.all():
                        last = clock.stamp(a.last_login_at) if a.last_login_at else "never"
                        print(f"{a.name}\t{a.role}\t{'active' if a.active else 'disabled'}\t"
                              f"wecom={a.wecom_userid or '-'}\tpassword={'yes' if a.has_password else 'no'}\t"
                              f"last sign-in {last}")
                    return 0
                if args.action == "add":
                    try:
                        await accounts.add(args.name, args.role, password, args.wecom or None)
                    except ValueError as exc:
                        print(f"not added: {exc}", file=sys.stderr)
                        return 1
                    print(f"added {args.name} ({args.role})")
                    return 0
                if args.action == "passwd":
                    done = await accounts.set_password(args.name, password or "")
                else:
                    done = await accounts.set_active(args.name, args.action == "enable")
                if not done:
                    print(f"there is no staff user named {args.name!r}", file=sys.stderr)
                    return 1
                print(f"{args.action}: {args.name}")
                return 0
        finally:
            await db.close()

    return asyncio.run(go())


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

    w = sub.add_parser("welfare-posts", help="import or export temporary public-welfare posts (JSON)",
                       description="import FILE: create temporary public-welfare posts (clause 13) with who may "
                                   "take them (see bot/data/welfare_posts.example.json), and change or close "
                                   "(\"status\": \"closed\") the posts that carry the \"id\" of one. "
                                   "export [FILE]: every welfare post in that format, with its id and status. "
                                   "`welfare-posts FILE` alone still imports.")
    w.add_argument("words", nargs="+", metavar="import FILE | export [FILE]")
    w.set_defaults(func=cmd_welfare_posts)

    mk = sub.add_parser("markets", help="import or export the markets and stations (JSON)",
                        description="The markets and stations the bot points users to live in the database "
                                    "(bot/data/markets.json is only the seed of a new database). import FILE: "
                                    "they become the file's (markets.json's format, with qr_scenes), checked as "
                                    "at start; one left out is no longer offered. export [FILE]: the ones in use. "
                                    "Running bots use a change within seconds.")
    mk.add_argument("words", nargs="+", metavar="import FILE | export [FILE]")
    mk.set_defaults(func=cmd_markets)

    po = sub.add_parser("policies", help="import or export the policy knowledge base (JSON)",
                        description="The knowledge base lives in the database (bot/data/policies/ is only the "
                                    "seed of a new database). import FILE|FOLDER: the entries become those of an "
                                    "exported file or a folder of one-entry files, checked as at start; with "
                                    "--add, only these are added or replaced. export [FILE]: every entry. "
                                    "Running bots use a change within seconds.")
    po.add_argument("words", nargs="+", metavar="import FILE|FOLDER | export [FILE]")
    po.add_argument("--add", action="store_true", help="add or replace these entries, keep the others")
    po.set_defaults(func=cmd_policies)

    rp = sub.add_parser("report", help="write the staff report (markdown and a PNG chart)",
                        description="The period's report for staff: jobs posted and filled, registered workers, "
                                    "shortage trades, complaints and their handling, satisfaction, ratings. "
                                    "No personal data. A weekly copy goes to the staff group by itself.")
    rp.add_argument("--from", dest="start", default="", help="first day, YYYY-MM-DD (default: 30 days back)")
    rp.add_argument("--to", default="", help="last day, YYYY-MM-DD (default: today)")
    rp.add_argument("--out", default=".", help="folder for report-<from>-<to>.md and .png")
    rp.add_argument("--locale", default="zh_CN", choices=["zh_CN", "en"])
    rp.set_defaults(func=cmd_report)

    co = sub.add_parser("courses", help="import or export the training courses (JSON), or a course's sign-ups",
                        description="The courses live in the database (bot/data/courses.json is only the seed of "
                                    "a new database). import FILE: the courses offered become the file's, checked "
                                    "as at start (sign-ups of one left out are kept). export [FILE]: the courses "
                                    "offered. `courses FILE` alone still imports. With --signups CODE: that "
                                    "course's sign-up list as CSV. Running bots use a change within seconds.")
    co.add_argument("words", nargs="*", metavar="import FILE | export [FILE]")
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

    su = sub.add_parser("staff-user", help="console accounts: add, list, disable, enable, passwd",
                        description="Accounts of the staff console (/console). add NAME --role admin|staff|reviewer "
                                    "asks the password twice (or reads one line with --password-stdin); --wecom ID "
                                    "lets that WeCom user sign in with WeCom (then --no-password: WeCom only). "
                                    "disable NAME signs them out at once; passwd NAME sets a new password.")
    su.add_argument("action", choices=["add", "list", "disable", "enable", "passwd"])
    su.add_argument("name", nargs="?", default="")
    su.add_argument("--role", default="staff", choices=["admin", "staff", "reviewer"])
    su.add_argument("--wecom", default="", metavar="ID", help="the WeCom user id (userid)")
    su.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    su.add_argument("--no-password", action="store_true", help="with --wecom: no local password")
    su.set_defaults(func=cmd_staff_user)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
