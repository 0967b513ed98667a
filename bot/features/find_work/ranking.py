"""Ranking search results: how well a job fits the words and the worker's
profile, how soon it starts, how near it is, what it pays, how fresh it
is, and the market the user came through. Pure and fast: it orders the
few hundred candidates the database narrowed down."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from bot.domain import Job, Worker
from bot.refdata import haversine_km

WEIGHTS = {"fit": 3.0, "soon": 1.5, "near": 2.0, "pay": 1.0, "fresh": 0.5, "market": 1.0, "rating": 0.5}
UNIT_TYPICAL = {"day": 220.0, "hour": 25.0, "month": 5500.0, "piece": 1.0, "job": 1000.0}


@dataclass(frozen=True)
class Ranked:
    job: Job
    km: float | None
    score: float


def job_point(job: Job, area_centers: dict[str, tuple[float, float]]) -> tuple[float, float] | None:
    if job.lat is not None and job.lng is not None:
        return float(job.lat), float(job.lng)
    return area_centers.get(job.area)


def rank(jobs: Iterable[Job], *, today: date, now: float, trades: Iterable[str] = (), areas: Iterable[str] = (),
         words: Iterable[str] = (), origin: tuple[float, float] | None = None, profile: Worker | None = None,
         market_code: str | None = None, area_centers: dict[str, tuple[float, float]] | None = None,
         ratings: dict[int, tuple[float, int]] | None = None) -> list[Ranked]:
    """Best first. `ratings` maps an employer id to (average, count)."""
    centers = area_centers or {}
    q_trades, q_areas, q_words = set(trades), set(areas), [w for w in words if w]
    p_trades = set(profile.trades) if profile else set()
    p_areas = set(profile.areas) if profile else set()
    out: list[Ranked] = []
    for job in jobs:
        j_trades = set(job.trades)
        fit = 0.0
        if q_trades & j_trades:
            fit += 1.0
        elif p_trades & j_trades:
            fit += 0.5
        if job.area in q_areas:
            fit += 0.5
        elif job.area in p_areas:
            fit += 0.3
        text = f"{job.description} {job.skills}"
        fit += min(0.4, 0.2 * sum(1 for w in q_words if w in text))
        start = job.first_day
        days_off = max(0, (start - today).days)
        soon = 1.0 / (1.0 + days_off / 3.0)
        km = None
        near = 0.0
        point = job_point(job, centers)
        if origin is not None and point is not None:
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
        score = (WEIGHTS["fit"] * fit + WEIGHTS["soon"] * soon + WEIGHTS["near"] * near + WEIGHTS["pay"] * pay
                 + WEIGHTS["fresh"] * fresh + WEIGHTS["market"] * market + WEIGHTS["rating"] * rating)
        out.append(Ranked(job, km, score))
    out.sort(key=lambda r: (-r.score, r.job.start_date, -r.job.id))
    return out


def bbox(origin: tuple[float, float], km: float) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a square around `origin`."""
    dlat = km / 111.0
    dlng = km / (111.0 * max(0.2, math.cos(math.radians(origin[0]))))
    return origin[0] - dlat, origin[1] - dlng, origin[0] + dlat, origin[1] + dlng
