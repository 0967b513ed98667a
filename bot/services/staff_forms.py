"""What staff type into the console's course and market forms (#15), read
into records as the files have them (courses.json, markets.json), with each
field's problem said in the staff's words (a catalog id and its values).

Pure: no I/O. The page saves a record that reads cleanly through
bot/services/staff_data.py (`save_course`, `save_market`), which checks it
again with the rest, exactly as an import does; what that still refuses is
shown as it says it (`console-check-refused`).
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.language.hours import HoursError, parse_hours
from bot.refdata import LAT_RANGE, LNG_RANGE, MARKET_KINDS, ReferenceData
from bot.services.courses import MODES

COURSE_TEXTS = {"name": 80, "teaches": 400, "place": 200, "schedule": 200, "cost": 200, "subsidy": 200,
                "who": 200}
MARKET_TEXTS = {"name": 80, "address": 200, "hours": 200}
CODE_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
MARKET_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")     # as bot/refdata.py reads them
KEYWORD_SPLIT = re.compile(r"[,，、;；\s]+")
MAX_KEYWORDS = 30
MAX_CAPACITY = 10_000


@dataclass
class Problems:
    """Each field's first problem: field -> (catalog id, its values)."""
    by_field: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)

    def add(self, name: str, message: str, **values: Any) -> None:
        self.by_field.setdefault(name, (message, values))

    def __bool__(self) -> bool:
        return bool(self.by_field)


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _texts(form: Mapping[str, Any], limits: Mapping[str, int], problems: Problems,
           required: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for name, limit in limits.items():
        value = _text(form, name)
        if not value and name in required:
            problems.add(name, "console-check-required")
        elif len(value) > limit:
            problems.add(name, "console-check-too-long", limit=limit)
        out[name] = value
    return out


def _date(form: Mapping[str, Any], name: str, problems: Problems) -> str:
    value = _text(form, name)
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        problems.add(name, "console-check-required" if not value else "console-check-date")
        return value


def _code(form: Mapping[str, Any], pattern: re.Pattern[str], limit: int, taken: set[str], problems: Problems,
          new: bool, prefix: str) -> str:
    value = _text(form, "code").lower()
    if not value and new:
        return f"{prefix}{secrets.token_hex(3)}"
    if not pattern.match(value) or len(value) > limit:
        problems.add("code", "console-check-code", limit=limit)
    elif new and value in taken:
        problems.add("code", "console-check-code-taken")
    return value


def course_from_form(form: Mapping[str, Any], refdata: ReferenceData, *, existing: set[str],
                     editing: str | None = None) -> tuple[dict, Problems]:
    """A course as in courses.json from the form. `existing`: every course
    code there is (retired too); `editing`: the code of the course changed
    (its code does not change), None for a new one."""
    problems = Problems()
    course: dict[str, Any] = {}
    course["code"] = editing if editing is not None else _code(
        form, CODE_RE, 40, existing, problems, new=True, prefix="course-")
    texts = _texts(form, COURSE_TEXTS, problems, required=("name",))
    course["name"] = texts.pop("name")
    trade = _text(form, "trade")
    if trade and refdata.trade_by_code(trade) is None:
        problems.add("trade", "console-check-choice")
    if trade:
        course["trade"] = trade
    area = _text(form, "area")
    if area and refdata.area_by_code(area) is None:
        problems.add("area", "console-check-choice")
    course["area"] = area or None
    mode = _text(form, "mode")
    if mode not in MODES:
        problems.add("mode", "console-check-choice")
    course["mode"] = mode
    course["start_date"] = _date(form, "start_date", problems)
    course["end_date"] = _date(form, "end_date", problems)
    if "start_date" not in problems.by_field and "end_date" not in problems.by_field \
            and course["end_date"] < course["start_date"]:
        problems.add("end_date", "console-check-dates-order")
    raw = _text(form, "capacity")
    try:
        capacity = int(raw)
        if not 1 <= capacity <= MAX_CAPACITY:
            raise ValueError
        course["capacity"] = capacity
    except ValueError:
        problems.add("capacity", "console-check-required" if not raw else "console-check-number",
                     low=1, high=MAX_CAPACITY)
        course["capacity"] = raw
    for name, value in texts.items():
        if value:
            course[name] = value
    words = [w for w in KEYWORD_SPLIT.split(_text(form, "keywords")) if w]
    if len(words) > MAX_KEYWORDS or any(len(w) > 20 for w in words):
        problems.add("keywords", "console-check-keywords", count=MAX_KEYWORDS)
    if words:
        course["keywords"] = list(dict.fromkeys(words))
    return course, problems


def course_form_values(course: Mapping[str, Any]) -> dict[str, str]:
    """A course (as exported) as the form shows it."""
    values = {k: "" if v is None else str(v) for k, v in course.items() if k != "keywords"}
    values["keywords"] = "、".join(course.get("keywords") or [])
    return values


def market_from_form(form: Mapping[str, Any], refdata: ReferenceData, *, existing: set[str],
                     names: Mapping[str, str], editing: str | None = None) -> tuple[dict, Problems]:
    """A market or station as in markets.json from the form. `existing`:
    every market code there is (retired too); `names`: the offered markets'
    names by code (a name is one market's)."""
    problems = Problems()
    record: dict[str, Any] = {}
    record["code"] = editing if editing is not None else _code(
        form, MARKET_CODE_RE, 32, existing, problems, new=True, prefix="market_")
    texts = _texts(form, MARKET_TEXTS, problems, required=("name", "address", "hours"))
    if texts["name"] and any(n == texts["name"] and c != record["code"] for c, n in names.items()):
        problems.add("name", "console-check-name-taken")
    kind = _text(form, "kind")
    if kind not in MARKET_KINDS:
        problems.add("kind", "console-check-choice")
    area = _text(form, "area")
    if refdata.area_by_code(area) is None:
        problems.add("area", "console-check-choice")
    if texts["hours"]:
        try:
            parse_hours(texts["hours"])
        except HoursError as exc:
            problems.add("hours", "console-check-hours", detail=str(exc))
    point = []
    for name, (low, high) in (("lat", LAT_RANGE), ("lng", LNG_RANGE)):
        raw = _text(form, name)
        try:
            number = float(raw)
            if not low <= number <= high:
                raise ValueError
            point.append(number)
        except ValueError:
            problems.add(name, "console-check-required" if not raw else "console-check-location", low=low, high=high)
            point.append(0.0)
    record.update(name=texts["name"], kind=kind, area=area, address=texts["address"],
                  location={"lat": point[0], "lng": point[1]}, hours=texts["hours"],
                  verified=form.get("verified") in ("1", "on", "true", "yes"))
    return record, problems


def market_form_values(record: Mapping[str, Any]) -> dict[str, str]:
    location = record.get("location") or {}
    return {"code": str(record.get("code", "")), "name": str(record.get("name", "")),
            "kind": str(record.get("kind", "")), "area": str(record.get("area", "")),
            "address": str(record.get("address", "")), "hours": str(record.get("hours", "")),
            "lat": "" if location.get("lat") is None else str(location["lat"]),
            "lng": "" if location.get("lng") is None else str(location["lng"]),
            "verified": "1" if record.get("verified") else ""}
