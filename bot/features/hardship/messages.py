"""Hardship categories: the staff's queries and commands."""
from __future__ import annotations

from dataclasses import dataclass

from bot.bus import Command, Query
from bot.domain import Worker


@dataclass(frozen=True)
class WorkersForStaff(Query[list[Worker]]):
    """The workers an openid or a phone names, for staff (none for anyone
    else): one, none, or several sharing a phone."""
    who: str


@dataclass(frozen=True)
class RecogniseHardship(Command):
    """Staff recognise (rending) hardship categories of a worker, or take them
    back (`on` False); the worker is told kindly. Staff only."""
    openid: str
    categories: tuple[str, ...]
    on: bool = True
