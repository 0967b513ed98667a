"""Reference servers for the load benchmark (``python -m bench.load``).

    python -m bench.peers bare --port P
    python -m bench.peers werobot --port P --token T [--session] [--aes-key K --app-id A]

``bare`` is the limit: an aiohttp app that reads the body of every
``POST /wechat`` and answers one fixed XML text reply, checking nothing.
``werobot`` is the peer: WeRoBot from PyPI (the ``bench`` extra) with an
echo handler for text messages.  It checks the signature with the same
token and, given an EncodingAESKey, decrypts and encrypts like the bot.
Without ``--session`` its session storage is off; with it WeRoBot uses its
default, ``SQLiteStorage`` (``werobot_session.sqlite3`` in the working
folder, which the benchmark makes a fresh temporary one).  It runs on
what ``WeRoBot.run()`` picks when no other WSGI server is installed:
Bottle's ``wsgiref`` adapter (one thread, HTTP/1.0, a connection per
message), quiet like the bot's server (no access log), with a listen
backlog of 128 like aiohttp's instead of socketserver's 5.

Both answer ``GET /healthz`` (WeRoBot answers any path), so the benchmark
knows when they are up.  Both stop on SIGTERM.
"""
from __future__ import annotations

import argparse
import signal
import sys
import time

FIXED_REPLY = ("<xml><ToUserName><![CDATA[o_load_user]]></ToUserName>"
               "<FromUserName><![CDATA[gh_quanzhou_gig]]></FromUserName>"
               "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
               "<Content><![CDATA[ok]]></Content></xml>")


def run_bare(host: str, port: int) -> int:
    from aiohttp import web

    body = FIXED_REPLY.encode("utf-8")

    async def wechat(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(body=body, content_type="application/xml")

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(client_max_size=64 * 1024)
    app.router.add_post("/wechat", wechat)
    app.router.add_get("/healthz", healthz)
    web.run_app(app, host=host, port=port, access_log=None, print=None, handle_signals=True)
    return 0


def _server_class():
    from wsgiref.simple_server import WSGIServer

    class Server(WSGIServer):
        # socketserver's default listen backlog is 5: with 64 users each
        # opening a connection per message (wsgiref answers HTTP/1.0 and
        # closes), the kernel drops SYNs and clients wait 1 s to retry.
        # aiohttp listens with a backlog of 128; so does this.
        request_queue_size = 128

    return Server


def run_werobot(host: str, port: int, token: str, session: bool, aes_key: str, app_id: str) -> int:
    import werobot

    kwargs: dict = {"token": token}
    if aes_key:
        kwargs.update(encoding_aes_key=aes_key, app_id=app_id)
    robot = werobot.WeRoBot(**kwargs)
    if not session:
        robot.config["SESSION_STORAGE"] = False
    # With SESSION_STORAGE None WeRoBot opens its default SQLiteStorage
    # lazily, in the working folder; open it now so the first turn is not
    # the one that pays for it.
    _ = robot.session_storage

    @robot.text
    def echo(message):  # noqa: ANN001 - WeRoBot's message class
        return message.content

    def stop(_signum, _frame):  # wsgiref's serve_forever stops on SystemExit
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        robot.wsgi.run(server="wsgiref", host=host, port=port, quiet=True, server_class=_server_class())
    except (KeyboardInterrupt, SystemExit):
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.peers", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="server", required=True)
    b = sub.add_parser("bare", help="bare aiohttp app with a fixed XML reply")
    w = sub.add_parser("werobot", help="WeRoBot echo (sessions off unless --session)")
    for s in (b, w):
        s.add_argument("--host", default="127.0.0.1")
        s.add_argument("--port", type=int, required=True)
    w.add_argument("--token", required=True)
    w.add_argument("--session", action="store_true", help="WeRoBot's default SQLite session storage")
    w.add_argument("--aes-key", default="", help="EncodingAESKey (safe mode)")
    w.add_argument("--app-id", default="")
    args = p.parse_args(argv)
    started = time.time()
    if args.server == "bare":
        rc = run_bare(args.host, args.port)
    else:
        rc = run_werobot(args.host, args.port, args.token, args.session, args.aes_key, args.app_id)
    print(f"stopped after {time.time() - started:.1f} s", file=sys.stderr)
    return rc


if __name__ == "__main__":
    sys.exit(main())
