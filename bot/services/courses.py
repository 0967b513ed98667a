"""Training courses (clauses 14-16): kept in bot/data/courses.json, which
staff edit; loaded into the database at start (and by the `courses`
command), so sign-ups and the waiting list live in one place."""
from __future__ import annotations

import csv
import io
import json
import time
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from bot import DATA_DIR, clock
from bot.i18n import Catalog
from bot.services.staff_notices import STAFF_LOCALE
from bot.store.tables import courses, enrollments, workers

MODES = ("offline", "live", "on_demand")
REQUIRED = ("code", "name", "mode", "start_date", "end_date", "capacity")


class CourseFileError(ValueError):
    pass


def read_courses(path: Path | None = None, refdata: Any = None) -> list[dict]:
    doc = json.loads(Path(path or DATA_DIR / "courses.json").read_text(encoding="utf-8"))
    out, seen = [], set()
    for n, c in enumerate(doc["courses"], 1):
        where = f"courses.json course {n} ({c.get('code', '?')})"
        missing = [k for k in REQUIRED if c.get(k) in (None, "")]
        if missing:
            raise CourseFileError(f"{where}: missing {', '.join(missing)}")
        if c["code"] in seen:
            raise CourseFileError(f"{where}: the code is used twice")
        seen.add(c["code"])
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
                  "who": c.get("who", ""), "active": True, "updated_at": now}
        changed = await conn.execute(update(courses).where(courses.c.code == c["code"]).values(**fields))
        if changed.rowcount == 0:
            await conn.execute(insert(courses).values(code=c["code"], **fields))
        codes.append(c["code"])
    await conn.execute(update(courses).where(courses.c.code.not_in(codes)).values(active=False))
    return len(codes)


async def signups_csv(conn, code: str, catalog: Catalog | None = None) -> str:
    """A course's sign-up list for staff: name, phone, status, when (Quanzhou
    time), its headings and statuses in the staff's words."""
    cat = catalog or Catalog()
    rows = (await conn.execute(
        select(enrollments.c.status, enrollments.c.created_at, workers.c.name, workers.c.phone)
        .select_from(enrollments.outerjoin(workers, workers.c.openid == enrollments.c.openid))
        .where(enrollments.c.course_code == code, enrollments.c.status != "cancelled")
        .order_by(enrollments.c.status, enrollments.c.created_at))).all()
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow([cat.text(STAFF_LOCALE, f"staff-signups-{column}") for column in ("name", "phone", "status", "when")])
    for status, created, name, phone in rows:
        out.writerow([name or "-", phone or "-", cat.text(STAFF_LOCALE, "staff-signup-status", status=status),
                      clock.stamp(created)])
    return buf.getvalue()
