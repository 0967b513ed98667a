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
    """New posts (those without an "id"), and the posts with the "id" of a
    welfare post changed as given (`"status": "closed"` closes one, `"open"`
    opens it again): all checked first, then in one transaction; a
    WelfarePostError names the post and nothing changes."""
    created, _ = await import_posts(db, refdata, rules, json.loads(Path(path).read_text(encoding="utf-8")))
    return created


async def import_posts(db: Database, refdata: Any, rules: Any, doc: Any) -> tuple[list[int], list[int]]:
    """(ids created, ids changed)."""
    from bot.services.staff_data import bump

    if not isinstance(doc, dict) or not isinstance(doc.get("posts"), list):
        raise WelfarePostError("the file must be an object with a list \"posts\"")
    office = doc.get("office")
    checked: list[tuple[int | None, dict, str | None]] = []
    for n, p in enumerate(doc["posts"], 1):
        if not isinstance(p, dict):
            raise WelfarePostError(f"post {n}: must be an object")
        job_id = p.get("id")
        if job_id is not None and not isinstance(job_id, int):
            raise WelfarePostError(f"post {n}: id must be a number")
        status = p.get("status")
        if status not in (None, "open", "closed"):
            raise WelfarePostError(f"post {n}: status must be open or closed")
        if job_id is None and not isinstance(office, dict):
            raise WelfarePostError(f"post {n}: a new post needs the file's \"office\"")
        # A post's contact is the office unless the post names its own.
        base = {"contact_phone": office["phone"], "contact_name": office.get("contact_name", "")} \
            if isinstance(office, dict) else {}
        fields = {k: v for k, v in {**base, **p}.items() if k not in ("id", "status")}
        checked.append((job_id, validate(fields, refdata, rules, n), status))
    created, changed = [], []
    async with db.transaction() as conn:
        jobs = JobRepo(conn)
        employer_id = None
        for n, (job_id, post, status) in enumerate(checked, 1):
            if job_id is None:
                if employer_id is None:
                    assert isinstance(office, dict)   # checked above for every new post
                    employer_id = await EmployerRepo(conn).save(f"office:{office['code']}", {
                        "kind": "company", "name": office["name"], "contact_name": office.get("contact_name", ""),
                        "phone": office["phone"], "credit_code": None})
                created.append(await jobs.create(employer_id, post))
                continue
            job = await jobs.get(job_id)
            if job is None or job.kind != "welfare":
                raise WelfarePostError(f"post {n}: #{job_id} is not a public-welfare post")
            post = {k: v for k, v in post.items() if k not in ("status", "kind")}
            if status is not None:
                post["status"] = status
            await jobs.update(job_id, post)
            changed.append(job_id)
        await bump(conn, "welfare")
    return created, changed


async def export_posts(db: Database) -> dict:
    """Every public-welfare post, in the import format with its "id" and
    "status": edit it and import it back to change or close them."""
    from sqlalchemy import select

    from bot.store.tables import jobs

    async with db.reading() as conn:
        rows = (await conn.execute(select(jobs).where(jobs.c.kind == "welfare").order_by(jobs.c.id))).mappings().all()
    posts = []
    for r in rows:
        post = {"id": r["id"], "status": r["status"], "trade": json.loads(r["trades"])[0], "area": r["area"],
                "address": r["address"], "lat": r["lat"], "lng": r["lng"], "start_date": r["start_date"],
                "days": r["days"], "start_time": r["start_time"], "end_time": r["end_time"], "pay": r["pay_min"],
                "pay_max": r["pay_max"], "pay_unit": r["pay_unit"], "pay_method": r["pay_method"],
                "headcount": r["headcount"], "meals": r["meals"], "lodging": r["lodging"],
                "contact_name": r["contact_name"], "contact_phone": r["contact_phone"],
                "description": r["description"], "skills": r["skills"], "eligibility": json.loads(r["eligibility"])}
        posts.append({k: v for k, v in post.items() if v is not None})
    return {"posts": posts}
