"""The staff console (#15): a web console served by the bot, for staff only.

`setup_console(app)` (called by bot/app.py create_app) adds the routes
under /console, the middleware (sign-in, CSRF, locale, headers: web.py)
and the jinja2 templates (aiohttp-jinja2). Every module in
bot/console/pages/ that defines `add_routes(router, prefix)` is loaded;
its templates live in bot/console/templates/<page>/. A module may also
define `NAV = (order, "console-nav-…", "/console/…", role)`: its link in
the menu, shown to staff of at least that role.
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web as aioweb

from bot import clock
from bot.console import signin, wecom, web as console_web
from bot.console.web import NAV_KEY, PREFIX

HERE = Path(__file__).resolve().parent


def page_modules() -> list[Any]:
    from bot.console import pages

    found = []
    for info in sorted(pkgutil.iter_modules(pages.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"bot.console.pages.{info.name}")
        if callable(getattr(module, "add_routes", None)):
            found.append(module)
    return found


def setup_console(app: aioweb.Application) -> None:
    # Before aiohttp-jinja2's own middleware: its context processors then see who is signed in.
    app.middlewares.append(console_web.console_middleware)
    env = aiohttp_jinja2.setup(
        app, loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
        undefined=jinja2.StrictUndefined)
    # aiohttp-jinja2's context processors, as setup(context_processors=...)
    # would add them, but run for the console's requests only: not for
    # every WeChat message.
    app[aiohttp_jinja2.APP_CONTEXT_PROCESSORS_KEY] = [_context]
    app.middlewares.append(_console_context)
    env.globals.update(t=_t, csrf_field=_csrf_field, once_field=console_web.once_field)
    env.filters["qz"] = _quanzhou_time
    env.filters["qzday"] = _quanzhou_day
    router = app.router
    router.add_static(f"{PREFIX}/static", HERE / "static", name="console-static")
    signin.add_routes(router, PREFIX)
    wecom.add_routes(router, PREFIX)
    nav: list[tuple[int, str, str, str]] = []
    for module in page_modules():
        module.add_routes(router, PREFIX)
        if getattr(module, "NAV", None):
            nav.append(tuple(module.NAV))
    app[NAV_KEY] = sorted(nav)


@aioweb.middleware
async def _console_context(request: aioweb.Request, handler) -> aioweb.StreamResponse:
    if not console_web.is_console_path(request.path):
        return await handler(request)
    return await aiohttp_jinja2.context_processors_middleware(request, handler)


async def _context(request: aioweb.Request) -> dict[str, Any]:
    return console_web.base_context(request)


@jinja2.pass_context
def _t(ctx, msg_id: str, **vars: Any) -> str:
    return console_web.tr(ctx["request"], msg_id, **vars)


@jinja2.pass_context
def _csrf_field(ctx):
    return console_web.csrf_field(ctx["request"])


def _quanzhou_time(ts: float | None) -> str:
    return clock.local(ts).strftime("%Y-%m-%d %H:%M") if ts else "-"


def _quanzhou_day(ts: float | None) -> str:
    return clock.local(ts).strftime("%Y-%m-%d") if ts else "-"
