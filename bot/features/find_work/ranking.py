"""Ranking search results: how well a job fits the words and the worker's
profile, how soon it starts, how near it is, what it pays, how fresh it
is, and the market the user came through. Pure and fast: it orders the
few hundred candidates the database narrowed down."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Protocol

from bot.domain import Worker
from bot.refdata import haversine_km

WEIGHTS = {"fit": 3.0, "soon": 1.5, "near": 2.0, "pay": 1.0, "fresh": 0.5, "market": 1.0, "rating": 0.5}
UNIT_TYPICAL = {"day": 220.0, "hour": 25.0, "month": 5500.0, "piece": 1.0, "job": 1000.0}


class Rankable(Protocol):
    """What ranking reads of a job: a `Job`, or the `JobCandidate` search
    reads (bot/store/repos.py), which has only these."""
    @property
    def id(self) -> int: ...
    @property
    def employer_id(self) -> int: ...
    @property
    def trades(self) -> tuple[str, ...]: ...
    @property
    def area(self) -> str: ...
    @property
    def start_date(self) -> str: ...
    @property
    def first_day(self) -> date: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def lng(self) -> float | None: ...
    @property
    def pay_max(self) -> int: ...
    @property
    def pay_unit(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def skills(self) -> str: ...
    @property
    def market_code(self) -> str | None: ...
    @property
    def created_at(self) -> float: ...


@dataclass(frozen=True)
class Ranked:
    job: Rankable
    km: float | None
    score: float


def job_point(job: Rankable, area_centers: dict[str, tuple[float, float]]) -> tuple[float, float] | None:
    if job.lat is not None and job.lng is not None:
        return float(job.lat), float(job.lng)
    return area_centers.get(job.area)


def rank(jobs: Iterable[Rankable], *, today: date, now: float, trades: Iterable[str] = (), areas: Iterable[str] = (),
         words: Iterable[str] = (), origin: tuple[float, float] | None = None, profile: Worker | None = None,
         market_code: str | None = None, area_centers: dict[str, tuple[float, float]] | None = None,
         ratings: dict[int, tuple[float, int]] | None = None, pay_first: bool = False) -> list[Ranked]:
    """Best first. `ratings` maps an employer id to (average, count).
    `pay_first`: the better paid first (pay against the usual for its unit,
    as the score weighs it, but not capped), the score among equals.
    `jobs` may be `Job`s or anything with the fields it reads (search ranks
    `JobCandidate`s, bot/store/repos.py). Every search runs it on up to 150
    jobs: the weights are read once and a start date parsed once."""
    centers = area_centers or {}
    q_trades, q_areas, q_words = set(trades), set(areas), [w for w in words if w]
    p_trades = set(profile.trades) if profile else set()
    p_areas = set(profile.areas) if profile else set()
    w_fit, w_soon, w_near, w_pay = WEIGHTS["fit"], WEIGHTS["soon"], WEIGHTS["near"], WEIGHTS["pay"]
    w_fresh, w_market, w_rating = WEIGHTS["fresh"], WEIGHTS["market"], WEIGHTS["rating"]
    soon_by_start: dict[str, float] = {}
    out: list[Ranked] = []
    for job in jobs:
        fit = 0.0
        if not q_trades.isdisjoint(job.trades):
            fit += 1.0
        elif not p_trades.isdisjoint(job.trades):
            fit += 0.5
        if job.area in q_areas:
            fit += 0.5
        elif job.area in p_areas:
            fit += 0.3
        if q_words:
            text = f"{job.description} {job.skills}"
            fit += min(0.4, 0.2 * sum(1 for w in q_words if w in text))
        soon = soon_by_start.get(job.start_date)
        if soon is None:
            days_off = max(0, (job.first_day - today).days)
            soon = soon_by_start[job.start_date] = 1.0 / (1.0 + days_off / 3.0)
        km = None
        near = 0.0
        if origin is not None:
            point = job_point(job, centers)
            if point is not None:
                km = haversine_km(origin[0], origin[1], point[0], point[1])
                near = math.exp(-km / 10.0)
        typical = UNIT_TYPICAL.get(job.pay_unit, 1.0)
        pay = min(2.0, float(job.pay_max or 0) / typical) / 2.0
        age_days = max(0.0, (now - float(job.created_at or now)) / 86400.0)
        fresh = 1.0 / (1.0 + age_days / 2.0)
        market = 1.0 if market_code and job.market_code == market_code else 0.0
        rating = 0.0
        if ratings and job.employer_id in ratings:
            avg, count = ratings[job.employer_id]
            if count >= 3:
                rating = (avg - 3.0) / 2.0  # -1 .. +1: a little up or down
        score = (w_fit * fit + w_soon * soon + w_near * near + w_pay * pay
                 + w_fresh * fresh + w_market * market + w_rating * rating)
        out.append(Ranked(job, km, score))
    if pay_first:
        out.sort(key=lambda r: (-float(r.job.pay_max or 0) / UNIT_TYPICAL.get(r.job.pay_unit, 1.0), -r.score,
                                r.job.start_date, -r.job.id))
    else:
        out.sort(key=lambda r: (-r.score, r.job.start_date, -r.job.id))
    return out


def bbox(origin: tuple[float, float], km: float) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a square around `origin`."""
    dlat = km / 111.0
    dlng = km / (111.0 * max(0.2, math.cos(math.radians(origin[0]))))
    return origin[0] - dlat, origin[1] - dlng, origin[0] + dlat, origin[1] + dlng
