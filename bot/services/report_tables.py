"""The staff report (bot/services/report.py) as tables, for the console's
report page (#15) and its Excel export: one table per part, the words
(sheet names, column headings, kinds) from the catalog
(``console-report-*``), Chinese first.

Counts only, like the report: no openid, name or phone.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from bot.services.report import Report

__all__ = ["Table", "report_tables", "report_xlsx", "xlsx_name"]

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    key: str                      # stable name (an element id on the page)
    title: str                    # the sheet's name, in the reader's language
    headings: list[str]
    rows: list[list[Cell]]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def report_tables(report: Report, catalog: Any, locale: str = "zh_CN") -> list[Table]:
    """Every table of the report, in the order of the page."""
    def t(msg_id: str, **kw: Any) -> str:
        return catalog.text(locale, msg_id, **kw)

    def table(key: str, cols: list[str], rows: list[list[Cell]]) -> Table:
        return Table(key, t("console-report-sheet", sheet=key), [t("console-report-col", col=c) for c in cols],
                     rows)

    summary: list[list[Cell]] = [
        [t("console-report-item", item=item), value] for item, value in (
            ("jobs_posted", report.jobs_posted), ("places_posted", report.places_posted),
            ("places_filled", report.places_filled), ("workers_total", report.workers_total),
            ("workers_new", report.workers_new), ("applications_made", report.applications_made),
            ("applications_accepted", report.applications_accepted), ("tickets_total", report.tickets_total),
            ("tickets_reply_hours", _round(report.tickets_reply_hours)),
            ("tickets_close_hours", _round(report.tickets_close_hours)),
            ("tickets_closed", report.tickets_closed), ("satisfaction_rated", report.satisfaction_rated),
            ("satisfaction_average", _round(report.satisfaction_average)),
            ("pushes_sent", report.pushes_sent), ("pushes_workers", report.pushes_workers))]
    supply = sorted(report.supply, key=lambda r: (-r.gap, -r.open_places, r.code))
    by_area = sorted(report.area_supply, key=lambda r: (-r.gap, -r.open_places, r.code))
    return [
        table("summary", ["item", "value"], summary),
        table("jobs_by_trade", ["trade", "posted", "places", "filled"],
              [[r.label(locale), r.posted, r.places, r.filled] for r in report.jobs_by_trade]),
        table("jobs_by_area", ["area", "posted", "places", "filled"],
              [[r.label(locale), r.posted, r.places, r.filled] for r in report.jobs_by_area]),
        table("supply", ["trade", "open_places", "workers", "gap"],
              [[r.label(locale), r.open_places, r.workers, r.gap] for r in supply]),
        table("supply_by_area", ["area", "open_places", "workers", "gap"],
              [[r.label(locale), r.open_places, r.workers, r.gap] for r in by_area]),
        table("shortage", ["trade", "open_places", "workers", "gap"],
              [[r.label(locale), r.open_places, r.workers, r.gap] for r in report.shortage()]),
        table("tickets", ["kind", "count", "reply_hours", "close_hours"],
              [[t("console-report-kind", kind=r.kind), r.count, _round(r.reply_hours), _round(r.close_hours)]
               for r in report.tickets_by_kind]),
        table("survey", ["part", "average", "count", "before_average", "before_count", "trend"],
              [[t("console-report-part", part=r.part), _round(r.average), r.count, _round(r.before_average),
                r.before_count, t("console-report-trend", trend=r.trend)] for r in report.survey]),
        table("courses", ["course", "start", "capacity", "enrolled", "waiting", "told"],
              [[r.name, r.start, r.capacity, r.enrolled, r.waiting, r.told] for r in report.courses]),
        table("needs", ["trade", "people", "new"],
              [[r.label(locale), r.people, r.new] for r in report.training]),
    ]


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def xlsx_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = _SHEET_BAD.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def report_xlsx(tables: list[Table], title: str = "") -> bytes:
    """An Excel workbook (openpyxl), one sheet per table: bold headings,
    the heading row frozen, columns wide enough for Chinese."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for tab in tables:
        ws = wb.create_sheet(xlsx_name(tab.title, taken))
        ws.append(tab.headings)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in tab.rows:
            ws.append(row)
        ws.freeze_panes = "A2"
        for i, heading in enumerate(tab.headings, 1):
            values = [heading, *(row[i - 1] for row in tab.rows)]
            # A Chinese character is about two columns wide.
            width = max(sum(2 if ord(ch) > 0x2e80 else 1 for ch in str(v if v is not None else "")) for v in values)
            ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    if title:
        wb.properties.title = title
    wb.properties.creator = "gig-market bot"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
