"""The staff report (clauses 9 and 24 of the city's standard): supply and
demand by trade and area, the shortage trades, applications, complaints
with their reply and close times, satisfaction, and pushes, for a period
in Quanzhou time.

Counts only: no openid, name or phone ever leaves this module.

* `build_report(db, refdata, start, end)` reads the numbers into a `Report`;
* `Report.markdown(catalog, locale)` is the WeCom markdown text (the words
  come from the Fluent catalog, ids ``report-*``);
* `Report.chart_png(refdata, catalog, locale)` is a bar chart of open
  places against registered workers for the top trades, in Chinese when a
  CJK font is installed (`cjk_font`), else in English;
* `staff_payloads(...)` are the two WeCom group-robot messages;
* `weekly_due(now, last_sent_week)` says when the weekly report is due
  (Monday 09:00 Quanzhou time) and `week_before(label)` which week it covers;
* `write_report(...)` writes the markdown and the PNG to a folder.

Definitions (all times are epoch seconds; a period is [start 00:00,
end + 1 day 00:00) in Quanzhou time):

* jobs posted: jobs created in the period, except refused posts; filled is
  the sum of their ``filled``; a job with several trades counts for each;
* registered workers: profiles created before the end of the period (a
  worker who deleted their data is gone); a worker counts for each trade;
* open places (demand): ``headcount - filled`` of jobs that are open now,
  were created before the end of the period and do not end before it starts;
* shortage: open places minus registered workers, largest first (the
  bot's answer to "which trades need people?" is the same computation,
  `trade_supply` and `shortage_of`, for today);
  surplus: registered workers per open place (a trade with no open place
  counts as one place), only trades with more workers than places;
* applications, tickets and pushes: those made in the period; ticket times
  are wall-clock hours from the ticket to its first staff reply and to its
  close, measured whenever that happened;
* satisfaction: the 1-5 scores of those tickets that were closed and rated;
* courses (clauses 14-16): those offered that do not end before the period
  starts, with sign-ups, waiting list and capacity as they stand, and the
  people each was pushed to;
* the needs survey (clause 14): per trade, the people who asked to learn it
  by the end of the period, and how many of them in the period;
* the satisfaction survey (clause 24): the average of each part (the
  environment, the process, the result) answered in the period, against the
  four periods of the same length before it (for the weekly report: this
  week against the four weeks before);
* ratings: the average rating given in the period, by who was rated.

The markdown leaves out a section with no data.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import os
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select

from bot.clock import QUANZHOU
from bot.store.db import Database
from bot.store.tables import applications, job_trades, jobs, push_log, tickets, workers

log = logging.getLogger("bot.report")

__all__ = [
    "CHART_MAX_BYTES",
    "MARKDOWN_MAX_BYTES",
    "CourseRow",
    "JobsRow",
    "Report",
    "SupplyRow",
    "SurveyRow",
    "TicketRow",
    "TrainingRow",
    "build_report",
    "period_bounds",
    "shortage_of",
    "staff_payloads",
    "trade_supply",
    "week_before",
    "week_label",
    "weekly_due",
    "write_report",
]

WEEKLY_SEND_AT = time(9, 0)          # Monday, Quanzhou time
MARKDOWN_MAX_BYTES = 4096            # WeCom group robot: markdown content, UTF-8 bytes
CHART_MAX_BYTES = 2 * 1024 * 1024    # WeCom group robot: image before base64
TOP_TRADES = 10
TOP_SUPPLY = 5
CHART_TRADES = 12
REPORT_STATUSES_EXCLUDED = ("refused",)


# ---------------------------------------------------------------------------
# The numbers


@dataclass(frozen=True)
class JobsRow:
    """Jobs posted in the period for one trade or area."""
    code: str
    name: str            # Chinese name
    en: str              # English name (the pinyin code for an area)
    posted: int          # jobs
    places: int          # sum of headcount
    filled: int          # sum of filled

    def label(self, locale: str) -> str:
        return self.name if locale.startswith("zh") else self.en


@dataclass(frozen=True)
class SupplyRow:
    """Open places (demand) and registered workers (supply) of one trade."""
    code: str
    name: str
    en: str
    open_places: int
    workers: int

    def label(self, locale: str) -> str:
        return self.name if locale.startswith("zh") else self.en

    @property
    def gap(self) -> int:
        """How many people the trade is short (negative: a surplus)."""
        return self.open_places - self.workers

    @property
    def per_place(self) -> float:
        """Registered workers per open place; no open place counts as one."""
        return self.workers / max(self.open_places, 1)


@dataclass(frozen=True)
class TicketRow:
    kind: str
    count: int
    reply_hours: float | None    # median hours to the first staff reply
    close_hours: float | None    # median hours to close


@dataclass(frozen=True)
class TrainingRow:
    """The needs survey (clause 14) for one trade: people who asked to
    learn it by the end of the period, and how many of them asked in it."""
    code: str
    name: str
    en: str
    people: int
    new: int = 0

    def label(self, locale: str) -> str:
        return self.name if locale.startswith("zh") else self.en


@dataclass(frozen=True)
class CourseRow:
    """Sign-ups of one course running or to come (clauses 14-16), as they
    stand when the report is made; `told`: people the course was pushed to."""
    code: str
    name: str
    start: str
    capacity: int
    enrolled: int
    waiting: int
    told: int = 0


#: The satisfaction survey's three parts (clause 24), in the order asked.
SURVEY_PARTS = ("environment", "process", "result")
#: The trend compares the period with this many periods of the same length before it.
TREND_PERIODS = 4


@dataclass(frozen=True)
class SurveyRow:
    """One part of the satisfaction survey: the average score (1-5) and how
    many answered it, in the period and in the periods before it."""
    part: str
    average: float | None
    count: int
    before_average: float | None
    before_count: int

    @property
    def trend(self) -> str:
        """up, down, same (within 0.1), or none (nothing to compare)."""
        if self.average is None or self.before_average is None:
            return "none"
        diff = self.average - self.before_average
        return "up" if diff >= 0.1 else "down" if diff <= -0.1 else "same"


@dataclass
class Report:
    start: date
    end: date
    jobs_posted: int = 0
    places_posted: int = 0
    places_filled: int = 0
    jobs_by_trade: list[JobsRow] = field(default_factory=list)      # all trades, most posted first
    jobs_by_area: list[JobsRow] = field(default_factory=list)       # all areas, most posted first
    workers_total: int = 0
    workers_new: int = 0
    supply: list[SupplyRow] = field(default_factory=list)           # trades with places or workers
    area_supply: list[SupplyRow] = field(default_factory=list)      # the same by area (the console's report)
    applications_made: int = 0
    applications_accepted: int = 0
    tickets_total: int = 0
    tickets_reply_hours: float | None = None
    tickets_close_hours: float | None = None
    tickets_by_kind: list[TicketRow] = field(default_factory=list)  # most first
    tickets_closed: int = 0
    satisfaction_average: float | None = None
    satisfaction_rated: int = 0
    pushes_sent: int = 0
    pushes_workers: int = 0
    # Sections left out when empty.
    training: list[TrainingRow] = field(default_factory=list)            # the needs survey, most asked first
    needs_people: int = 0                                                # answered the needs survey (by the end)
    needs_new: int = 0                                                   # ... of whom in the period
    courses: list[CourseRow] = field(default_factory=list)               # running or to come, soonest first
    survey: list[SurveyRow] = field(default_factory=list)                # the satisfaction survey's parts
    ratings: dict[str, tuple[float, int]] = field(default_factory=dict)  # rated side -> (average, count)

    # -- derived lists ------------------------------------------------------

    def workers_by_trade(self, top: int = TOP_TRADES) -> list[SupplyRow]:
        rows = [r for r in self.supply if r.workers > 0]
        return sorted(rows, key=lambda r: (-r.workers, r.code))[:top]

    def shortage(self, top: int = TOP_SUPPLY) -> list[SupplyRow]:
        """Shortage trades: open places minus registered workers, largest first."""
        return shortage_of(self.supply, top)

    def surplus(self, top: int = TOP_SUPPLY) -> list[SupplyRow]:
        """The reverse: most registered workers per open place."""
        rows = [r for r in self.supply if r.workers > r.open_places]
        return sorted(rows, key=lambda r: (-r.per_place, -r.workers, r.code))[:top]

    def chart_rows(self, top: int = CHART_TRADES) -> list[SupplyRow]:
        rows = [r for r in self.supply if r.open_places or r.workers]
        return sorted(rows, key=lambda r: (-(r.open_places + r.workers), r.code))[:top]

    # -- markdown -----------------------------------------------------------

    def markdown(self, catalog, locale: str = "zh_CN", max_bytes: int | None = MARKDOWN_MAX_BYTES) -> str:
        """The report as WeCom markdown. With `max_bytes`, the lists are
        shortened (then, if still needed, the text is cut) to fit."""
        text = self._render(catalog, locale, TOP_TRADES, None)
        if max_bytes is None or _size(text) <= max_bytes:
            return text
        for top, areas in ((7, 10), (5, 5), (3, 3), (1, 1)):
            text = self._render(catalog, locale, top, areas)
            if _size(text) <= max_bytes:
                return text
        note = catalog.text(locale, "report-truncated")
        kept: list[str] = []
        used = _size(note) + 1
        for line in text.split("\n"):
            if used + _size(line) + 1 > max_bytes:
                break
            kept.append(line)
            used += _size(line) + 1
        return "\n".join(kept + [note])

    def _render(self, catalog, locale: str, top: int, areas: int | None) -> str:
        t = catalog.text
        none = t(locale, "report-none")
        out: list[str] = [
            t(locale, "report-title", start=self.start.isoformat(), end=self.end.isoformat()),
            t(locale, "report-note"),
            "",
            t(locale, "report-jobs", posted=self.jobs_posted, places=self.places_posted, filled=self.places_filled),
            t(locale, "report-jobs-by-trade", top=top),
        ]
        out += [t(locale, "report-jobs-line", n=i, name=r.label(locale), posted=r.posted, places=r.places,
                  filled=r.filled)
                for i, r in enumerate(self.jobs_by_trade[:top], 1)] or [none]
        out.append(t(locale, "report-jobs-by-area"))
        out += [t(locale, "report-jobs-line", n=i, name=r.label(locale), posted=r.posted, places=r.places,
                  filled=r.filled)
                for i, r in enumerate(self.jobs_by_area[:areas], 1)] or [none]
        out += ["", t(locale, "report-workers", workers=self.workers_total, new=self.workers_new),
                t(locale, "report-workers-by-trade", top=top)]
        out += [t(locale, "report-workers-line", n=i, name=r.label(locale), workers=r.workers)
                for i, r in enumerate(self.workers_by_trade(top), 1)] or [none]
        out += ["", t(locale, "report-shortage-title")]
        out += [t(locale, "report-shortage-line", n=i, name=r.label(locale), open=r.open_places, workers=r.workers,
                  gap=r.gap)
                for i, r in enumerate(self.shortage(), 1)] or [none]
        out.append(t(locale, "report-surplus-title"))
        out += [t(locale, "report-surplus-line", n=i, name=r.label(locale), workers=r.workers, open=r.open_places,
                  ratio=_one_decimal(r.per_place))
                for i, r in enumerate(self.surplus(), 1)] or [none]
        out += ["", t(locale, "report-applications", applied=self.applications_made,
                      accepted=self.applications_accepted),
                "", t(locale, "report-tickets", count=self.tickets_total, reply=_hours(self.tickets_reply_hours),
                      close=_hours(self.tickets_close_hours))]
        out += [t(locale, "report-ticket-line", kind=r.kind, count=r.count, reply=_hours(r.reply_hours),
                  close=_hours(r.close_hours))
                for r in self.tickets_by_kind]
        out.append(t(locale, "report-satisfaction", rated=self.satisfaction_rated,
                     average=_number(self.satisfaction_average), closed=self.tickets_closed))
        out += ["", t(locale, "report-pushes", pushes=self.pushes_sent, workers=self.pushes_workers)]
        if self.courses:
            out += ["", t(locale, "report-courses-title")]
            out += [t(locale, "report-courses-line", n=i, name=r.name, start=r.start, enrolled=r.enrolled,
                      capacity=r.capacity, waiting=r.waiting, told=r.told)
                    for i, r in enumerate(self.courses[:top], 1)]
        if self.training:
            people = self.needs_people or max(r.people for r in self.training)
            out += ["", t(locale, "report-needs-title", people=people, new=self.needs_new)]
            out += [t(locale, "report-needs-line", n=i, name=r.label(locale), people=r.people, new=r.new)
                    for i, r in enumerate(self.training[:top], 1)]
        if any(r.count or r.before_count for r in self.survey):
            days = (self.end - self.start).days + 1
            out += ["", t(locale, "report-survey-title", days=days, periods=TREND_PERIODS)]
            out += [t(locale, "report-survey-line", part=r.part, average=_number(r.average), count=r.count,
                      before=_number(r.before_average), before_count=r.before_count, trend=r.trend)
                    for r in self.survey]
        if self.ratings:
            out += ["", t(locale, "report-ratings-title")]
            out += [t(locale, "report-ratings-line", who=who, average=_one_decimal(avg), count=n)
                    for who, (avg, n) in sorted(self.ratings.items())]
        return "\n".join(out).strip()

    # -- chart --------------------------------------------------------------

    def chart_figure(self, refdata=None, catalog=None, locale: str = "zh_CN", dpi: int = 100):
        """Open places against registered workers for the top trades, as a
        matplotlib Figure of 1200x700 pixels (at dpi 100), its words from
        the catalog (``report-chart-*``) in `locale`. Chinese needs a CJK
        font (`cjk_font`); without one the chart is in English."""
        from matplotlib import rc_context
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        if catalog is None:
            from bot.i18n import Catalog

            catalog = Catalog()
        font = cjk_font() if locale.startswith("zh") else None
        if font is None:
            locale = "en"
        # The family named outright (not "sans-serif"): text made here keeps it whatever the rc later.
        rc: dict[Any, Any] = {"font.family": [font, "DejaVu Sans"]} if font else {}
        fig = Figure(figsize=(12, 7), dpi=dpi)
        fig.chart_rc = rc   # type: ignore[attr-defined]  # for chart_png: ticks are made when drawn

        def t(msg_id: str, **kw: Any) -> str:
            return catalog.text(locale, msg_id, **kw)

        with rc_context(rc):
            rows = list(reversed(self.chart_rows()))   # barh draws bottom-up: the largest on top
            FigureCanvasAgg(fig)
            ax = fig.add_subplot(1, 1, 1)
            ax.set_title(t("report-chart-title", start=self.start.isoformat(), end=self.end.isoformat()),
                         fontsize=15, pad=14)
            if rows:
                labels = [_trade_label(refdata, r, locale) for r in rows]
                ys = list(range(len(rows)))
                height = 0.38
                demand = ax.barh([y + height / 2 for y in ys], [r.open_places for r in rows], height,
                                 label=t("report-chart-demand"), color="#d9534f")
                supply = ax.barh([y - height / 2 for y in ys], [r.workers for r in rows], height,
                                 label=t("report-chart-supply"), color="#337ab7")
                ax.bar_label(demand, padding=3, fontsize=9)
                ax.bar_label(supply, padding=3, fontsize=9)
                ax.set_yticks(ys, labels, fontsize=11)
                ax.set_xlabel(t("report-chart-x"), fontsize=12)
                # Chinese is read upright; and people come in whole numbers.
                ax.set_ylabel(t("report-chart-y"), fontsize=12, rotation=0 if locale != "en" else 90,
                              labelpad=20 if locale != "en" else 4)
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
                ax.margins(x=0.08)
                ax.grid(axis="x", linestyle=":", alpha=0.6)
                ax.set_axisbelow(True)
                ax.legend(loc="best", fontsize=11)
                for side in ("top", "right"):
                    ax.spines[side].set_visible(False)
            else:
                ax.text(0.5, 0.5, t("report-chart-empty"), ha="center", va="center", fontsize=16,
                        transform=ax.transAxes)
                ax.set_axis_off()
            fig.text(0.99, 0.01, t("report-chart-footer"), ha="right", va="bottom", fontsize=9, color="#666666")
            fig.tight_layout()
        return fig

    def chart_png(self, refdata=None, dpi: int = 100, catalog=None, locale: str = "zh_CN") -> bytes:
        """`chart_figure` as a PNG."""
        from matplotlib import rc_context

        fig = self.chart_figure(refdata, catalog, locale, dpi)
        buf = io.BytesIO()
        with rc_context(fig.chart_rc):
            fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
        return buf.getvalue()


# ---------------------------------------------------------------------------
# The chart's font

#: Fonts with Chinese glyphs, by matplotlib family name, best first: the
#: Dockerfile and .ci/run install fonts-wqy-microhei (Debian).
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN", "SimHei",
                "Microsoft YaHei", "PingFang SC")
#: Their files, as found on the system (a font installed after matplotlib
#: built its font cache is not in it: these are added when missing).
_CJK_FILES = ("notosanscjk", "notosanssc", "sourcehansans", "wqy-microhei", "wqy-zenhei", "droidsansfallback",
              "uming", "simhei", "msyh")
_CJK_FONT: list[str | None] = []


def cjk_font() -> str | None:
    """The family name of a font with Chinese glyphs that matplotlib can
    use, or None (then the chart is in English; said once in the log)."""
    if _CJK_FONT:
        return _CJK_FONT[0]
    from matplotlib import font_manager

    def known() -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((n for n in CJK_FAMILIES if n in names), None)

    found = known()
    if found is None:
        for path in font_manager.findSystemFonts():
            if any(k in os.path.basename(path).lower().replace("_", "") for k in _CJK_FILES):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = known()
    if found is None:
        log.warning("no font with Chinese glyphs found (install fonts-wqy-microhei): the report's chart is in "
                    "English")
    _CJK_FONT.append(found)
    return found


# ---------------------------------------------------------------------------
# Building


def period_bounds(start: date, end: date) -> tuple[float, float]:
    """[start 00:00, end + 1 day 00:00) in Quanzhou time, as epoch seconds."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    t0 = datetime.combine(start, time(0), QUANZHOU).timestamp()
    t1 = datetime.combine(end + timedelta(days=1), time(0), QUANZHOU).timestamp()
    return t0, t1


async def build_report(db: Database, refdata, start: date, end: date) -> Report:
    """The report for [start, end] (dates in Quanzhou time, both included)."""
    t0, t1 = period_bounds(start, end)
    report = Report(start=start, end=end)
    posted = (jobs.c.created_at >= t0) & (jobs.c.created_at < t1) & jobs.c.status.not_in(REPORT_STATUSES_EXCLUDED)
    async with db.reading() as conn:
        total = (await conn.execute(
            select(func.count(), func.coalesce(func.sum(jobs.c.headcount), 0),
                   func.coalesce(func.sum(jobs.c.filled), 0)).where(posted))).one()
        report.jobs_posted, report.places_posted, report.places_filled = (int(x) for x in total)

        by_trade = (await conn.execute(
            select(job_trades.c.trade, func.count(), func.sum(jobs.c.headcount), func.sum(jobs.c.filled))
            .select_from(job_trades.join(jobs, jobs.c.id == job_trades.c.job_id))
            .where(posted).group_by(job_trades.c.trade))).all()
        report.jobs_by_trade = _jobs_rows(by_trade, lambda code: _trade_names(refdata, code))

        by_area = (await conn.execute(
            select(jobs.c.area, func.count(), func.sum(jobs.c.headcount), func.sum(jobs.c.filled))
            .where(posted).group_by(jobs.c.area))).all()
        report.jobs_by_area = _jobs_rows(by_area, lambda code: _area_names(refdata, code))

        registered = (await conn.execute(
            select(func.count(), func.coalesce(func.sum(case((workers.c.created_at >= t0, 1), else_=0)), 0))
            .where(workers.c.created_at < t1))).one()
        report.workers_total, report.workers_new = (int(x) for x in registered)
        report.supply = await trade_supply(conn, refdata, open_from=start, before=t1)
        report.area_supply = await area_supply(conn, refdata, open_from=start, before=t1)

        apps = (await conn.execute(
            select(applications.c.status, func.count())
            .where(applications.c.created_at >= t0, applications.c.created_at < t1)
            .group_by(applications.c.status))).all()
        report.applications_made = sum(int(n) for _, n in apps)
        report.applications_accepted = sum(int(n) for status, n in apps if status == "accepted")

        ticket_rows = (await conn.execute(
            select(tickets.c.kind, tickets.c.status, tickets.c.created_at, tickets.c.first_reply_at,
                   tickets.c.closed_at, tickets.c.satisfaction)
            .where(tickets.c.created_at >= t0, tickets.c.created_at < t1))).all()
        _add_tickets(report, ticket_rows)

        pushes = (await conn.execute(
            select(func.count(), func.count(func.distinct(push_log.c.openid)))
            .where(push_log.c.sent_at >= t0, push_log.c.sent_at < t1))).one()
        report.pushes_sent, report.pushes_workers = int(pushes[0]), int(pushes[1])

        report.training, report.needs_people, report.needs_new = await _needs(conn, refdata, t0, t1)
        report.courses = await _courses(conn, start)
        report.survey = await _survey(conn, t0, t1)
        report.ratings = await _ratings(conn, t0, t1)
    return report


async def trade_supply(conn, refdata, open_from: date, before: float) -> list[SupplyRow]:
    """Open places (demand) and registered workers (supply) of every trade
    that has either, by trade code: places of jobs open now, posted before
    `before`, that do not end before `open_from`; workers registered before
    `before`, each counted once for each of their trades.

    The one computation behind the report's shortage and surplus and the
    shortage trades anyone can ask the bot about (`shortage_of`), so the
    two never disagree."""
    demand = dict((await conn.execute(
        select(job_trades.c.trade, func.sum(jobs.c.headcount - jobs.c.filled))
        .select_from(job_trades.join(jobs, jobs.c.id == job_trades.c.job_id))
        .where(jobs.c.status == "open", jobs.c.filled < jobs.c.headcount, jobs.c.created_at < before,
               jobs.c.end_date >= open_from.isoformat())
        .group_by(job_trades.c.trade))).all())
    supply: Counter[str] = Counter()
    for (trades_json,) in (await conn.execute(select(workers.c.trades).where(workers.c.created_at < before))).all():
        supply.update(dict.fromkeys(_codes(trades_json), 1))
    rows = []
    for code in set(demand) | set(supply):
        name, en = _trade_names(refdata, code)
        rows.append(SupplyRow(code, name, en, int(demand.get(code) or 0), supply.get(code, 0)))
    return sorted(rows, key=lambda r: r.code)


async def area_supply(conn, refdata, open_from: date, before: float) -> list[SupplyRow]:
    """`trade_supply` by area: open places of the jobs in each area, and the
    registered workers who named it (each counted once for each of their
    areas), by area code."""
    demand = dict((await conn.execute(
        select(jobs.c.area, func.sum(jobs.c.headcount - jobs.c.filled))
        .where(jobs.c.status == "open", jobs.c.filled < jobs.c.headcount, jobs.c.created_at < before,
               jobs.c.end_date >= open_from.isoformat())
        .group_by(jobs.c.area))).all())
    supply: Counter[str] = Counter()
    for (areas_json,) in (await conn.execute(select(workers.c.areas).where(workers.c.created_at < before))).all():
        supply.update(dict.fromkeys(_codes(areas_json), 1))
    rows = []
    for code in set(demand) | set(supply):
        name, en = _area_names(refdata, code)
        rows.append(SupplyRow(code, name, en, int(demand.get(code) or 0), supply.get(code, 0)))
    return sorted(rows, key=lambda r: r.code)


def shortage_of(rows: list[SupplyRow], top: int = TOP_SUPPLY) -> list[SupplyRow]:
    """Shortage trades: open places minus registered workers, largest first."""
    short = [r for r in rows if r.gap > 0]
    return sorted(short, key=lambda r: (-r.gap, -r.open_places, r.code))[:top]


async def _needs(conn, refdata, t0: float, t1: float) -> tuple[list[TrainingRow], int, int]:
    """The needs survey by the end of the period: per trade, the people who
    asked to learn it (each once) and how many of them asked in the period,
    most first; and how many people answered, in all and in the period."""
    from bot.store.tables import training_needs

    everyone: dict[str, set[str]] = {}
    new: dict[str, set[str]] = {}
    people: set[str] = set()
    new_people: set[str] = set()
    for openid, trades, created in (await conn.execute(
            select(training_needs.c.openid, training_needs.c.trades, training_needs.c.created_at)
            .where(training_needs.c.created_at < t1))).all():
        people.add(openid)
        if created >= t0:
            new_people.add(openid)
        for code in _codes(trades):
            everyone.setdefault(code, set()).add(openid)
            if created >= t0:
                new.setdefault(code, set()).add(openid)
    out = []
    for code, who in sorted(everyone.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        name, en = _trade_names(refdata, code)
        out.append(TrainingRow(code, name, en, len(who), len(new.get(code, ()))))
    return out, len(people), len(new_people)


async def _courses(conn, start: date) -> list[CourseRow]:
    """The courses offered that do not end before the period starts, with
    their sign-ups and waiting list as they stand, and how many people
    each was pushed to."""
    from bot.store.tables import course_pushes, courses, enrollments

    rows = (await conn.execute(
        select(courses.c.code, courses.c.name, courses.c.start_date, courses.c.capacity)
        .where(courses.c.active.is_(True), courses.c.end_date >= start.isoformat())
        .order_by(courses.c.start_date, courses.c.code))).all()
    if not rows:
        return []
    counts: Counter[tuple[str, str]] = Counter()
    for code, status, n in (await conn.execute(
            select(enrollments.c.course_code, enrollments.c.status, func.count())
            .group_by(enrollments.c.course_code, enrollments.c.status))).all():
        counts[(code, status)] = int(n)
    told = dict((await conn.execute(
        select(course_pushes.c.course_code, func.count()).group_by(course_pushes.c.course_code))).all())
    return [CourseRow(code, name, start_date, int(capacity), counts[(code, "enrolled")], counts[(code, "waiting")],
                      int(told.get(code) or 0))
            for code, name, start_date, capacity in rows]


async def _survey(conn, t0: float, t1: float) -> list[SurveyRow]:
    """The satisfaction survey's three parts answered in the period, and in
    the `TREND_PERIODS` periods of the same length before it."""
    from bot.store.tables import surveys

    before = t0 - TREND_PERIODS * (t1 - t0)
    rows = (await conn.execute(
        select(surveys.c.answered_at, surveys.c.environment, surveys.c.process, surveys.c.result)
        .where(surveys.c.answered_at >= before, surveys.c.answered_at < t1))).all()
    out = []
    for i, part in enumerate(SURVEY_PARTS, 1):
        now = [int(r[i]) for r in rows if r[i] is not None and r[0] >= t0]
        old = [int(r[i]) for r in rows if r[i] is not None and r[0] < t0]
        out.append(SurveyRow(part, statistics.fmean(now) if now else None, len(now),
                             statistics.fmean(old) if old else None, len(old)))
    return out


async def _ratings(conn, t0: float, t1: float) -> dict[str, tuple[float, int]]:
    """Average rating given in the period, by who was rated."""
    from sqlalchemy import func, select

    from bot.store.tables import ratings

    rows = (await conn.execute(
        select(ratings.c.rater_role, func.avg(ratings.c.score), func.count())
        .where(ratings.c.created_at >= t0, ratings.c.created_at < t1).group_by(ratings.c.rater_role))).all()
    # workers rate employers; employers rate workers
    who = {"worker": "employer", "employer": "worker"}
    return {who[role]: (float(avg), int(n)) for role, avg, n in rows if role in who}


def _add_tickets(report: Report, rows) -> None:
    by_kind: dict[str, list] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    report.tickets_total = len(rows)
    report.tickets_reply_hours = _median_hours((r.created_at, r.first_reply_at) for r in rows)
    report.tickets_close_hours = _median_hours((r.created_at, r.closed_at) for r in rows)
    report.tickets_by_kind = sorted(
        (TicketRow(kind, len(items), _median_hours((r.created_at, r.first_reply_at) for r in items),
                   _median_hours((r.created_at, r.closed_at) for r in items))
         for kind, items in by_kind.items()),
        key=lambda r: (-r.count, r.kind))
    closed = [r for r in rows if r.status == "closed"]
    scores = [int(r.satisfaction) for r in closed if r.satisfaction is not None]
    report.tickets_closed = len(closed)
    report.satisfaction_rated = len(scores)
    report.satisfaction_average = statistics.fmean(scores) if scores else None


def _median_hours(pairs) -> float | None:
    hours = [max(0.0, (later - created) / 3600) for created, later in pairs if later is not None]
    return statistics.median(hours) if hours else None


def _jobs_rows(rows, names) -> list[JobsRow]:
    out = []
    for code, posted, places, filled in rows:
        name, en = names(code)
        out.append(JobsRow(code, name, en, int(posted), int(places or 0), int(filled or 0)))
    return sorted(out, key=lambda r: (-r.posted, -r.places, r.code))


def _codes(trades_json: str | None) -> list[str]:
    try:
        codes = json.loads(trades_json or "[]")
    except ValueError:
        return []
    return [c for c in codes if isinstance(c, str)] if isinstance(codes, list) else []


def _trade_names(refdata, code: str) -> tuple[str, str]:
    trade = refdata.trade_by_code(code) if refdata is not None else None
    return (trade.name, trade.en) if trade is not None else (code, code)


def _area_names(refdata, code: str) -> tuple[str, str]:
    area = refdata.area_by_code(code) if refdata is not None else None
    en = code.replace("_", " ").title()
    return (area.name, en) if area is not None else (code, en)


def _trade_label(refdata, row: SupplyRow, locale: str) -> str:
    trade = refdata.trade_by_code(row.code) if refdata is not None else None
    if locale.startswith("zh"):
        return trade.name if trade is not None else row.name
    return trade.en if trade is not None else row.en


def _hours(value: float | None) -> str:
    return _number(value)


def _number(value: float | None) -> str:
    return "-" if value is None else _one_decimal(value)


def _one_decimal(value: float) -> str:
    return f"{value:.1f}"


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


# ---------------------------------------------------------------------------
# Weekly schedule


def week_label(day: date) -> str:
    """The ISO week of a date, e.g. "2026-W48"."""
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def weekly_due(now: float, last_sent_week: str | None) -> str | None:
    """The ISO week label to send now: the current week's, once it is
    Monday 09:00 or later in Quanzhou and that week was not sent yet; else
    None. A week missed entirely (the bot was down) is not sent late."""
    local = datetime.fromtimestamp(now, QUANZHOU)
    monday = local.date() - timedelta(days=local.weekday())
    if local < datetime.combine(monday, WEEKLY_SEND_AT, QUANZHOU):
        return None
    label = week_label(local.date())
    if last_sent_week is not None and last_sent_week >= label:
        return None
    return label


def week_before(label: str) -> tuple[date, date]:
    """The period a weekly report sent in week `label` covers: the Monday to
    Sunday before it."""
    monday = datetime.strptime(label + "-1", "%G-W%V-%u").date()
    return monday - timedelta(days=7), monday - timedelta(days=1)


# ---------------------------------------------------------------------------
# Delivery


def staff_payloads(report: Report, catalog, refdata, locale: str = "zh_CN") -> list[dict]:
    """The WeCom group-robot messages: the markdown (cut to 4096 bytes) and
    the chart as an image (under 2 MB)."""
    png = report.chart_png(refdata, catalog=catalog, locale=locale)
    if len(png) > CHART_MAX_BYTES:
        png = report.chart_png(refdata, dpi=60, catalog=catalog, locale=locale)
    from bot.services import staff_notices

    # The report's own words and counts: nothing a user typed, so nothing to
    # escape; wire() keeps it within the robot's limit whatever happens.
    payloads: list[dict[str, Any]] = [
        staff_notices.wire(staff_notices.markdown(report.markdown(catalog, locale)))]
    if len(png) <= CHART_MAX_BYTES:
        payloads.append({"msgtype": "image", "image": {"base64": base64.b64encode(png).decode("ascii"),
                                                       "md5": hashlib.md5(png).hexdigest()}})
    return payloads


async def write_report(db: Database, refdata, start: date, end: date, out_dir: Path, catalog=None,
                       locale: str = "zh_CN") -> tuple[Path, Path]:
    """Write report-<start>-<end>.md (the whole text, not cut) and .png
    into `out_dir`; returns both paths."""
    if catalog is None:
        from bot.i18n import Catalog

        catalog = Catalog()
    report = await build_report(db, refdata, start, end)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"report-{start.isoformat()}-{end.isoformat()}"
    md_path, png_path = out_dir / f"{stem}.md", out_dir / f"{stem}.png"
    md_path.write_text(report.markdown(catalog, locale, max_bytes=None) + "\n", encoding="utf-8")
    png_path.write_bytes(report.chart_png(refdata, catalog=catalog, locale=locale))
    return md_path, png_path
