"""Typed application keys, in one place."""
from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    import asyncio

    from bot.handlers.outbound import OutboxSender, WeChatAPI
    from bot.services.evidence import EvidenceFetcher
    from bot.services.push_runner import PushRunner
    from bot.i18n import Catalog
    from bot.turn.service import TurnService
    from bot.settings import Settings
    from bot.store.db import Database
    from bot.store.kv import KeyValueStore
    from bot.services.staff_data import StaffData

SETTINGS: web.AppKey["Settings"] = web.AppKey("settings")
DB: web.AppKey["Database"] = web.AppKey("db")
KV: web.AppKey["KeyValueStore"] = web.AppKey("kv")
CATALOG: web.AppKey["Catalog"] = web.AppKey("catalog")
TURNS: web.AppKey["TurnService"] = web.AppKey("turns")
SENDER: web.AppKey["OutboxSender"] = web.AppKey("sender")
WECHAT: web.AppKey["WeChatAPI | None"] = web.AppKey("wechat")
PUSHES: web.AppKey["PushRunner"] = web.AppKey("pushes")
STOPPING: web.AppKey["asyncio.Event"] = web.AppKey("stopping")
EVIDENCE: web.AppKey["EvidenceFetcher"] = web.AppKey("evidence")
STAFF_DATA: web.AppKey["StaffData"] = web.AppKey("staff_data")
