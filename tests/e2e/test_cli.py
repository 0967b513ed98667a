"""The commands as an operator or a newcomer runs them: serve (start,
answer, stop on SIGTERM), chat, menu, and --help everywhere."""
import asyncio
import json
import os
import signal
import socket
import sys
import time

import aiohttp
import pytest

from bot.i18n import Catalog
from tests.wx import new_openid, sign, text

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAT = Catalog()


def clean_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "STAFF_", "REDIS_", "DATABASE_"))}
    env.update(DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}", PYTHONUNBUFFERED="1", **extra)
    return env


async def run(args, env, stdin=b"", timeout=60):
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", *args, cwd=ROOT, env=env,
                                                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.STDOUT)
    out, _ = await asyncio.wait_for(proc.communicate(stdin), timeout)
    return proc.returncode, out.decode("utf-8", "replace")


@pytest.mark.parametrize("args", [["--help"], ["serve", "--help"], ["chat", "--help"], ["menu", "--help"],
                                  ["rules-eval", "--help"], ["policy-eval", "--help"], ["report", "--help"],
                                  ["courses", "--help"], ["staff", "--help"], ["welfare-posts", "--help"],
                                  ["markets", "--help"], ["policies", "--help"]])
async def test_every_subcommand_answers_help(tmp_path, args):
    code, out = await run(args, clean_env(tmp_path))
    assert code == 0 and "usage" in out.lower()


async def test_chat_as_a_newcomer_welcome_help_cancel_human_language(tmp_path):
    lines = "帮助\n招工\n取消\n人工\nEnglish\nhelp\n"
    code, out = await run(["chat", "--as", "o_cli_newcomer_1"], clean_env(tmp_path), lines.encode())
    assert code == 0, out
    zh = lambda i, **kw: CAT.text("zh_CN", i, **kw)  # noqa: E731
    for expected in (zh("welcome"), zh("menu-list"), zh("cancelled"), zh("handed-to-staff", id=1),
                     CAT.text("en", "language-switched"), CAT.text("en", "menu-list")):
        assert expected in out, f"missing {expected!r} in:\n{out}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_serve_starts_answers_and_stops_cleanly_on_sigterm(tmp_path):
    port = free_port()
    env = clean_env(tmp_path, WECHAT_TOKEN="cli-token")
    log = open(tmp_path / "serve.log", "wb")
    started = time.monotonic()
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "serve", "--port", str(port),
                                                cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        async with aiohttp.ClientSession() as s:
            for _ in range(200):
                try:
                    async with s.get(f"http://127.0.0.1:{port}/healthz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.05)
            ready = time.monotonic() - started
            ts, nonce = str(int(time.time())), "42"
            q = {"signature": sign("cli-token", ts, nonce), "timestamp": ts, "nonce": nonce}
            async with s.post(f"http://127.0.0.1:{port}/wechat", params=q,
                              data=text(new_openid(), "帮助").encode()) as r:
                body = await r.text()
            assert r.status == 200 and "<Content>" in body
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), 15)
        assert code == 0
    finally:
        if proc.returncode is None:
            proc.kill()
        log.close()
    lines = (tmp_path / "serve.log").read_text().splitlines()
    message_logs = [json.loads(ln.split(" bot.webhook ", 1)[1]) for ln in lines if " bot.webhook " in ln]
    assert message_logs and message_logs[0]["event"] == "message" and message_logs[0]["user"].startswith("…")
    print(f"ready in {ready:.2f}s")


async def test_menu_is_pushed_to_wechat(tmp_path, fake_wechat):
    env = clean_env(tmp_path, WECHAT_APP_ID=fake_wechat.app_id, WECHAT_APP_SECRET=fake_wechat.secret,
                    WECHAT_API_BASE=fake_wechat.base)
    code, out = await run(["menu"], env)
    assert code == 0, out
    calls = [c for c in fake_wechat.calls if c["path"] == "/cgi-bin/menu/create"]
    assert len(calls) == 1
    keys = {b["key"] for top in calls[0]["json"]["button"] for b in top["sub_button"]}
    assert {"MENU_FIND_WORK", "MENU_POST_JOB", "MENU_COMPLAINT", "MENU_HUMAN"} <= keys


async def test_rules_eval_reports_precision_and_recall(tmp_path):
    code, out = await run(["rules-eval"], clean_env(tmp_path))
    assert code == 0, out
    assert "precision" in out.lower() and "recall" in out.lower()


async def test_welfare_posts_are_imported_and_marked_in_search(tmp_path):
    import json as _json

    import pathlib

    doc = _json.loads((pathlib.Path(ROOT) / "bot" / "data" / "welfare_posts.example.json").read_text("utf-8"))
    from datetime import date, timedelta

    doc["posts"][0]["start_date"] = (date.today() + timedelta(days=1)).isoformat()
    # open to anyone: a post with conditions is found only by those who meet them (tests/e2e/test_hardship.py)
    doc["posts"][0]["eligibility"] = {}
    path = tmp_path / "posts.json"
    path.write_text(_json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    env = clean_env(tmp_path)
    code, out = await run(["welfare-posts", str(path)], env)
    assert code == 0 and "#1" in out, out
    code, out = await run(["chat", "--as", "o_welfare_seeker_1", "--no-welcome"], env, "有没有公益性岗位\n".encode())
    assert "【公益岗】" in out and "丰泽区" in out, out
    doc["posts"][0]["description"] = "限男性"
    path.write_text(_json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out = await run(["welfare-posts", str(path)], env)
    assert code == 1 and "gender" in out


async def test_report_command_writes_markdown_and_a_png(tmp_path):
    code, out = await run(["report", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(tmp_path)],
                          clean_env(tmp_path))
    assert code == 0, out
    md = (tmp_path / "report-2026-11-01-2026-11-30.md").read_text("utf-8")
    png = (tmp_path / "report-2026-11-01-2026-11-30.png").read_bytes()
    assert md.strip() and png.startswith(b"\x89PNG\r\n\x1a\n")


async def test_course_signups_export_and_staff_command_from_the_terminal(tmp_path):
    env = clean_env(tmp_path, STAFF_OPENIDS="o_staff_cli_1")
    code, out = await run(["chat", "--as", "o_trainee_cli_1", "--no-welcome"], env,
                          "求职登记\n1\n小陈\n13811112222\n叉车\n晋江\n对的\n我想学开叉车\n1\n1\n".encode())
    assert code == 0, out
    code, out = await run(["courses", "--signups", "forklift-2026-12-jj"], env)
    assert code == 0 and "小陈" in out and "13811112222" in out and "已报上" in out, out
    assert "姓名,手机,状态,报名时间" in out.splitlines() and "enrolled" not in out, "staff's words, not codes"
    code, out = await run(["staff", "--as", "o_staff_cli_1", "待办"], env)
    assert code == 0 and out.strip(), out
    code, out = await run(["staff", "--as", "o_not_staff", "待办"], env)
    assert code == 2


async def test_staff_user_accounts_from_the_terminal(tmp_path):
    env = clean_env(tmp_path)
    code, out = await run(["staff-user", "--help"], env)
    assert code == 0 and "--password-stdin" in out
    code, out = await run(["staff-user", "add", "lin", "--role", "admin", "--password-stdin"], env,
                          stdin=b"correct horse 42\n")
    assert code == 0 and "added lin (admin)" in out
    code, out = await run(["staff-user", "add", "lin", "--password-stdin"], env, stdin=b"another pass 1\n")
    assert code == 1 and "already" in out
    code, out = await run(["staff-user", "add", "wang", "--password-stdin"], env, stdin=b"short\n")
    assert code == 1 and "at least 8" in out
    code, out = await run(["staff-user", "add", "zhao", "--role", "staff", "--wecom", "zhaoyi", "--no-password"], env)
    assert code == 0
    code, out = await run(["staff-user", "disable", "lin"], env)
    assert code == 0
    code, out = await run(["staff-user", "list"], env)
    assert "lin\tadmin\tdisabled" in out and "zhao\tstaff\tactive\twecom=zhaoyi\tpassword=no" in out
    code, out = await run(["staff-user", "passwd", "nobody", "--password-stdin"], env, stdin=b"correct horse 42\n")
    assert code == 1 and "no staff user" in out
