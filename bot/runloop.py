"""The event loop `serve` runs on.

uvloop (libuv, in C) where it is installed: every turn makes two to six
round trips to Redis and PostgreSQL, and each costs the loop a wake-up, a
socket read and a write. Measured on one turn's own CPU (bench.turns,
PostgreSQL + Redis): 15-22 % less a turn, a plain step 187 -> 151 us
(docs/BENCHMARKS.md, "The thirteenth session"). `EVENT_LOOP=asyncio` runs
on the standard library's loop instead (a platform uvloop does not build
on, or to rule the loop out when chasing a fault).
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Coroutine, TypeVar

log = logging.getLogger("bot")

CHOICES = ("uvloop", "asyncio")
T = TypeVar("T")


def chosen(name: str) -> str:
    """The loop that `name` (EVENT_LOOP) gives on this machine: asyncio
    when uvloop is asked for and not installed."""
    if name != "uvloop":
        return "asyncio"
    try:
        import uvloop  # noqa: F401
    except ImportError:
        return "asyncio"
    return "uvloop"


def new_event_loop(name: str) -> asyncio.AbstractEventLoop:
    if chosen(name) == "uvloop":
        import uvloop

        return uvloop.new_event_loop()
    if name == "uvloop":
        log.warning("EVENT_LOOP=uvloop but uvloop is not installed: running on asyncio's own loop")
    return asyncio.new_event_loop()


def run(main: Coroutine[Any, Any, T], name: str) -> T:
    """asyncio.run on the loop `name` gives."""
    with asyncio.Runner(loop_factory=lambda: new_event_loop(name)) as runner:
        return runner.run(main)
