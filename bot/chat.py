"""`python -m bot chat`: one WeChat user in a terminal, through the real
webhook (signed, encrypted when configured), and `python -m bot menu`."""
from __future__ import annotations

import asyncio
import shlex
import sys

import aiohttp
from aiohttp import web

from bot.app import create_app
from bot.handlers.keys import SENDER
from bot.settings import Settings
from bot.store.repos import OutboxMessage
from bot.wxsim import WeChatSimulator, message_xml

# The terminal's own help is for developers, in English, like --help.
USAGE = """Type what a user would send. Commands:
  /location LAT LNG [label]   share a location      /voice TEXT   a voice message (recognised text)
  /image                      send a picture         /click KEY    a menu click (e.g. MENU_FIND_WORK)
  /subscribe [SCENE]          follow (from a QR code) /quit         leave (Ctrl-D too)"""


def _message_for(line: str, openid: str) -> str | None:
    if not line.startswith("/"):
        return message_xml(openid, "text", Content=line)
    try:
        parts = shlex.split(line)
    except ValueError:
        parts = line.split()
    cmd, rest = parts[0].lower(), parts[1:]
    if cmd == "/location" and len(rest) >= 2:
        return message_xml(openid, "location", Location_X=rest[0], Location_Y=rest[1], Scale=15,
                           Label=" ".join(rest[2:]))
    if cmd == "/voice":
        return message_xml(openid, "voice", MediaId="media_terminal", Format="amr", Recognition=" ".join(rest))
    if cmd == "/image":
        return message_xml(openid, "image", PicUrl="http://example.invalid/terminal.jpg", MediaId="media_terminal")
    if cmd == "/click" and rest:
        return message_xml(openid, "event", Event="CLICK", EventKey=rest[0])
    if cmd == "/subscribe":
        return message_xml(openid, "event", Event="subscribe", EventKey=f"qrscene_{rest[0]}" if rest else "")
    return None


async def run_chat(settings: Settings, openid: str, welcome: bool = True) -> int:
    app = create_app(settings)
    later: asyncio.Queue[str] = asyncio.Queue()

    async def show_recorded(msg: OutboxMessage) -> None:
        if msg.recipient == openid and msg.channel.startswith("wechat"):
            text = (msg.payload.get("text") or {}).get("content") or str(msg.payload)
            await later.put(text)

    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    app[SENDER].recorders.append(show_recorded)
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    sim = WeChatSimulator(settings.wechat_token.reveal(), settings.wechat_aes_key.reveal(), settings.wechat_app_id)
    print(USAGE)
    print("-" * 60)
    loop = asyncio.get_running_loop()
    try:
        async with aiohttp.ClientSession() as session:
            async def send(xml: str) -> None:
                query, body = sim.request(xml, openid)
                async with session.post(f"http://127.0.0.1:{port}/wechat", params=query,
                                        data=body.encode("utf-8")) as resp:
                    text = sim.reply_text(await resp.text())
                if text:
                    print(f"\n{text}\n")
                await asyncio.sleep(0.3)
                while not later.empty():
                    print(f"\n{later.get_nowait()}\n")

            subscribe = _message_for("/subscribe", openid)
            if welcome and subscribe is not None:
                await send(subscribe)
            while True:
                try:
                    line = await loop.run_in_executor(None, _read_line)
                except EOFError:
                    break
                line = line.strip()
                if not line:
                    continue
                if line in ("/quit", "/exit"):
                    break
                if line in ("/help", "/?"):
                    print(USAGE)
                    continue
                xml = _message_for(line, openid)
                if xml is None:
                    print(USAGE)
                    continue
                await send(xml)
    finally:
        await runner.cleanup()
    return 0


def _read_line() -> str:
    sys.stdout.write("> ")
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line


async def push_menu(settings: Settings, menu: dict) -> int:
    from bot.handlers.outbound import WeChatAPI, WeChatError
    from bot.store.kv import open_store

    if not settings.outbound_wechat_enabled:
        print("WECHAT_APP_ID and WECHAT_APP_SECRET must be set to push the menu.", file=sys.stderr)
        return 2
    kv = open_store(settings.redis_url, settings.key_prefix)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session:
        try:
            await WeChatAPI(settings, kv, session).call("/cgi-bin/menu/create", menu)
        except WeChatError as exc:
            print(f"WeChat refused the menu: {exc}", file=sys.stderr)
            return 1
        finally:
            await kv.close()
    print("menu created")
    return 0


async def run_staff_command(settings: Settings, openid: str, command: str) -> int:
    """One staff command through the real pipeline; prints the answer."""
    from dataclasses import replace

    if openid not in settings.staff_openids:
        print(f"{openid} is not in STAFF_OPENIDS", file=sys.stderr)
        return 2
    app = create_app(replace(settings, outbox_poll_interval=0.2))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    sim = WeChatSimulator(settings.wechat_token.reveal(), settings.wechat_aes_key.reveal(), settings.wechat_app_id)
    try:
        async with aiohttp.ClientSession() as session:
            query, body = sim.request(message_xml(openid, "text", Content=command), openid)
            async with session.post(f"http://127.0.0.1:{port}/wechat", params=query,
                                    data=body.encode("utf-8")) as resp:
                print(sim.reply_text(await resp.text()))
            await asyncio.sleep(1.0)  # let the notices it queued go out
    finally:
        await runner.cleanup()
    return 0
