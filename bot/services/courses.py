"""Training courses (clauses 14-16): kept in the `courses` table, which
staff change with `python -m bot courses import|export` (and the staff
console); bot/data/courses.json is the seed, loaded into an empty table at
first start (bot/services/staff_data.py), never again over staff changes."""
from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update

from bot import DATA_DIR, clock
from bot.i18n import Catalog
from bot.services.staff_notices import STAFF_LOCALE
from bot.store.tables import courses, enrollments, workers

MODES = ("offline", "live", "on_demand")
REQUIRED = ("code", "name", "mode", "start_date", "end_date", "capacity")


class CourseFileError(ValueError):
    pass


def read_courses(path: Path | None = None, refdata: Any = None) -> list[dict]:
    file = Path(path or DATA_DIR / "courses.json")
    return check_courses(json.loads(file.read_text(encoding="utf-8")), refdata, file.name)


def check_courses(doc: Any, refdata: Any = None, file: str = "courses.json") -> list[dict]:
    """The courses of a document ({"courses": [...]}), validated: a
    CourseFileError names the course at fault."""
    if not isinstance(doc, dict) or not isinstance(doc.get("courses"), list):
        raise CourseFileError(f"{file}: must be an object with a list \"courses\"")
    out, seen = [], set()
    for n, c in enumerate(doc["courses"], 1):
        if not isinstance(c, dict):
            raise CourseFileError(f"{file} course {n}: must be an object")
        where = f"{file} course {n} ({c.get('code', '?')})"
        missing = [k for k in REQUIRED if c.get(k) in (None, "")]
        if missing:
            raise CourseFileError(f"{where}: missing {', '.join(missing)}")
        if c["code"] in seen:
            raise CourseFileError(f"{where}: the code is used twice")
        seen.add(c["code"])
        keywords = c.get("keywords", [])
        if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
            raise CourseFileError(f"{where}: keywords must be a list of words")
        try:
            int(c["capacity"])
            date.fromisoformat(c["start_date"])
            date.fromisoformat(c["end_date"])
        except (TypeError, ValueError):
            raise CourseFileError(f"{where}: capacity must be a number and dates like 2026-12-07") from None
        if c["mode"] not in MODES:
            raise CourseFileError(f"{where}: mode must be one of {', '.join(MODES)}")
        if date.fromisoformat(c["end_date"]) < date.fromisoformat(c["start_date"]):
            raise CourseFileError(f"{where}: it ends before it starts")
        if refdata is not None and c.get("trade") and refdata.trade_by_code(c["trade"]) is None:
            raise CourseFileError(f"{where}: unknown trade {c['trade']!r}")
        if refdata is not None and c.get("area") and refdata.area_by_code(c["area"]) is None:
            raise CourseFileError(f"{where}: unknown area {c['area']!r}")
        out.append(c)
    return out


async def sync_courses(conn, items: list[dict]) -> int:
    """Insert or update the courses of the file; courses no longer in it
    are kept (their sign-ups stay) but no longer offered."""
    now = time.time()
    codes = []
    for c in items:
        fields = {"name": c["name"], "trade": c.get("trade") or "", "teaches": c.get("teaches", ""),
                  "area": c.get("area"), "place": c.get("place", ""), "mode": c["mode"],
                  "start_date": c["start_date"], "end_date": c["end_date"], "schedule": c.get("schedule", ""),
                  "capacity": int(c["capacity"]), "cost": c.get("cost", ""), "subsidy": c.get("subsidy", ""),
                  "who": c.get("who", ""), "keywords": json.dumps(c.get("keywords") or [], ensure_ascii=False),
                  "active": True, "updated_at": now}
        changed = await conn.execute(update(courses).where(courses.c.code == c["code"]).values(**fields))
        if changed.rowcount == 0:
            await conn.execute(insert(courses).values(code=c["code"], **fields))
        codes.append(c["code"])
    await conn.execute(update(courses).where(courses.c.code.not_in(codes)).values(active=False))
    return len(codes)


EXPORTED = ("code", "name", "trade", "teaches", "area", "place", "mode", "start_date", "end_date", "schedule",
            "capacity", "cost", "subsidy", "who")


async def export_courses(conn) -> dict:
    """The courses offered, in the file's format (import takes it back)."""
    rows = (await conn.execute(select(courses).where(courses.c.active.is_(True))
                               .order_by(courses.c.start_date, courses.c.code))).mappings().all()
    return {"courses": [course_record(r) for r in rows]}


def course_record(row: Any) -> dict:
    """A course row in the file's format (as export_courses gives it)."""
    c = {k: row[k] for k in EXPORTED if row[k] not in (None, "")}
    keywords = json.loads(row["keywords"] or "[]")
    if keywords:
        c["keywords"] = keywords
    return c


async def course_rows(conn, code: str | None = None) -> list[dict]:
    """Every course (offered first, then those no longer offered; each by
    its start), as in the file, with `active` and how many are signed up and
    waiting (for the staff console)."""
    q = select(courses).order_by(courses.c.active.desc(), courses.c.start_date, courses.c.code)
    if code is not None:
        q = q.where(courses.c.code == code)
    rows = (await conn.execute(q)).mappings().all()
    counts: dict[tuple[str, str], int] = {
        (c, s): int(n) for c, s, n in (await conn.execute(
            select(enrollments.c.course_code, enrollments.c.status, func.count())
            .where(enrollments.c.status != "cancelled")
            .group_by(enrollments.c.course_code, enrollments.c.status))).all()}
    return [{"course": course_record(r), "active": bool(r["active"]),
             "enrolled": counts.get((r["code"], "enrolled"), 0), "waiting": counts.get((r["code"], "waiting"), 0)}
            for r in rows]


async def course_words_in(conn) -> dict[str, tuple[str, ...]]:
    """Each offered course's own words, by code (for the training dialog)."""
    rows = (await conn.execute(select(courses.c.code, courses.c.keywords)
                               .where(courses.c.active.is_(True)))).all()
    return {code: tuple(json.loads(words or "[]")) for code, words in rows}


SIGNUP_COLUMNS = ("name", "phone", "status", "when")


@dataclass(frozen=True)
class Signup:
    """One sign-up as staff read it (enrolled or waiting)."""
    name: str
    phone: str
    status: str                     # enrolled | waiting
    created_at: float


async def signups(conn, code: str) -> list[Signup]:
    """A course's sign-ups, those with a place first, each list in the order they signed up."""
    rows = (await conn.execute(
        select(enrollments.c.status, enrollments.c.created_at, workers.c.name, workers.c.phone)
        .select_from(enrollments.outerjoin(workers, workers.c.openid == enrollments.c.openid))
        .where(enrollments.c.course_code == code, enrollments.c.status != "cancelled")
        .order_by(enrollments.c.status, enrollments.c.created_at, enrollments.c.id))).all()
    return [Signup(name or "", phone or "", status, float(created)) for status, created, name, phone in rows]


def signup_table(items: list[Signup], catalog: Catalog | None = None) -> list[list[str]]:
    """The sign-up list as rows (headings first) in the staff's words: name,
    phone, status, when (Quanzhou time). The CSV and the Excel file are these rows."""
    cat = catalog or Catalog()
    out = [[cat.text(STAFF_LOCALE, f"staff-signups-{column}") for column in SIGNUP_COLUMNS]]
    for s in items:
        out.append([s.name or "-", s.phone or "-", cat.text(STAFF_LOCALE, "staff-signup-status", status=s.status),
                    clock.stamp(s.created_at)])
    return out


async def signups_csv(conn, code: str, catalog: Catalog | None = None) -> str:
    """A course's sign-up list for staff: name, phone, status, when (Quanzhou
    time), its headings and statuses in the staff's words."""
    buf = io.StringIO()
    csv.writer(buf).writerows(signup_table(await signups(conn, code), catalog))
    return buf.getvalue()


async def signups_xlsx(conn, code: str, catalog: Catalog | None = None, title: str = "") -> bytes:
    """The same list as an Excel workbook (openpyxl): the same columns with
    the staff's headings, the phone kept as text (no 1.38E+10), columns wide
    enough to read, the headings frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = signup_table(await signups(conn, code), catalog)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = (title or code)[:31].translate({ord(c): "_" for c in "[]:*?/\\"})
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCD", (14, 16, 14, 20)):
        sheet.column_dimensions[column].width = width
        for cell in sheet[column][1:]:
            cell.number_format = "@"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
