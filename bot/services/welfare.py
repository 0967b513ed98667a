"""Temporary public-welfare posts (clause 13): staff create them from a
data file, with who may take them; search marks them and pushes reach
only the workers who qualify."""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bot.store.db import Database
from bot.store.repos import EmployerRepo, JobRepo

REQUIRED = ("trade", "area", "address", "start_date", "days", "start_time", "end_time", "pay", "pay_unit",
            "pay_method", "headcount", "contact_phone")
ELIGIBILITY = ("hardship", "min_age", "max_age", "areas")


class WelfarePostError(ValueError):
    pass


def validate(post: dict, refdata: Any, rules: Any, n: int) -> dict:
    where = f"post {n}"
    missing = [k for k in REQUIRED if post.get(k) in (None, "")]
    if missing:
        raise WelfarePostError(f"{where}: missing {', '.join(missing)}")
    trade = refdata.trade_by_code(post["trade"]) or next(iter(refdata.match_trades(post["trade"])), None)
    if trade is None:
        raise WelfarePostError(f"{where}: unknown trade {post['trade']!r}")
    if refdata.area_by_code(post["area"]) is None:
        raise WelfarePostError(f"{where}: unknown area code {post['area']!r}")
    unknown = set(post.get("eligibility", {})) - set(ELIGIBILITY)
    if unknown:
        raise WelfarePostError(f"{where}: unknown eligibility conditions {sorted(unknown)}")
    hardship = post.get("eligibility", {}).get("hardship")
    if hardship is not None and not isinstance(hardship, bool):
        from bot.features.hardship.categories import CATEGORIES

        codes = CATEGORIES.get().codes
        if not isinstance(hardship, list) or not hardship or not set(hardship) <= set(codes):
            raise WelfarePostError(f"{where}: eligibility hardship must be true, false or a list of categories "
                                   f"of bot/data/hardship_categories.json ({', '.join(codes)})")
    start = date.fromisoformat(post["start_date"])
    days = int(post["days"])
    text = "\n".join(str(post.get(k) or "") for k in ("description", "skills"))
    verdict = rules.check(text)
    if verdict.decision == "refuse":
        raise WelfarePostError(f"{where}: refused by the content rules: {', '.join(verdict.rule_ids)}")
    area = refdata.area_by_code(post["area"])
    return {
        "trades": [trade.code], "skills": post.get("skills", ""), "area": post["area"], "address": post["address"],
        "lat": post.get("lat", area.lat), "lng": post.get("lng", area.lng), "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=days - 1)).isoformat(), "days": days,
        "start_time": post["start_time"], "end_time": post["end_time"], "pay_min": int(post["pay"]),
        "pay_max": int(post.get("pay_max", post["pay"])), "pay_unit": post["pay_unit"],
        "pay_method": post["pay_method"], "headcount": int(post["headcount"]), "meals": post.get("meals"),
        "lodging": post.get("lodging"), "contact_name": post.get("contact_name", ""),
        "contact_phone": post["contact_phone"], "description": post.get("description", ""), "status": "open",
        "kind": "welfare", "eligibility": post.get("eligibility", {}),
    }


async def create_from_file(db: Database, refdata: Any, rules: Any, path: Path) -> list[int]:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    office = doc["office"]
    # A post's contact is the office unless the post names its own.
    posts = [validate({"contact_phone": office["phone"], "contact_name": office.get("contact_name", ""), **p},
                      refdata, rules, n) for n, p in enumerate(doc["posts"], 1)]
    ids = []
    async with db.transaction() as conn:
        employer_id = await EmployerRepo(conn).save(f"office:{office['code']}", {
            "kind": "company", "name": office["name"], "contact_name": office.get("contact_name", ""),
            "phone": office["phone"], "credit_code": None})
        for post in posts:
            ids.append(await JobRepo(conn).create(employer_id, post))
    return ids
