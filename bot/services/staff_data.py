"""Data staff change (#14): courses, markets and stations, the policy
knowledge base and public-welfare posts live in the database; the files in
bot/data/ are only the seed.

* The tables: `courses` (with each course's own words), `markets` (with the
  QR scene ids of its posters), `policies` (each entry as its JSON
  document), welfare posts in `jobs` (kind "welfare"). `data_versions` holds
  a number per kind, bumped in the same transaction as every change
  (`bump`): the import commands and, next, the staff console (#15) change
  data only through the functions here.
* `seed`: at start, a kind that has no version yet (a new database, or one
  from before this table) is loaded from its file and given version 1. A
  restart never loads a file again: what staff changed stays.
* `StaffData`: the in-process copy a turn reads (reference data with the
  markets of the table, the policy index, the course words). Every few
  seconds one cheap query reads the versions; only a kind whose version
  moved is read again and rebuilt, the policy index in a worker thread, and
  the new copy replaces the old in one assignment. A turn never waits for
  it and never touches SQL for it; a change shows within `every` seconds in
  every process; a table that cannot be read or holds a bad record leaves
  the last good copy in place (logged).
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update

from bot import DATA_DIR
from bot.refdata import MARKETS_FILE, Market, ReferenceData, parse_markets
from bot.store.db import Database
from bot.store.tables import data_versions, markets, policies

log = logging.getLogger("bot.staff_data")

KINDS = ("courses", "markets", "policies", "welfare")
SEEDED = ("courses", "markets", "policies")    # welfare posts have no seed file
POLICIES_DIR = DATA_DIR / "policies"


class StaffDataError(ValueError):
    """A file or record staff gave is wrong (one line naming it)."""


# ---------------------------------------------------------------------------
# Versions


async def versions(conn) -> dict[str, int]:
    return {k: int(v) for k, v in (await conn.execute(select(data_versions.c.kind, data_versions.c.version))).all()}


async def bump(conn, kind: str) -> int:
    """One more change of `kind` (in the caller's transaction)."""
    now = time.time()
    done = await conn.execute(update(data_versions).where(data_versions.c.kind == kind)
                              .values(version=data_versions.c.version + 1, changed_at=now))
    if done.rowcount == 0:
        await conn.execute(insert(data_versions).values(kind=kind, version=1, changed_at=now))
    return int((await conn.execute(select(data_versions.c.version)
                                   .where(data_versions.c.kind == kind))).scalar_one())


# ---------------------------------------------------------------------------
# Markets


def read_json(path: Path) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise StaffDataError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise StaffDataError(f"{Path(path).name}: not valid JSON ({exc})") from None


def check_markets(doc: Any, refdata: ReferenceData, file: str = MARKETS_FILE) -> tuple[tuple[Market, ...],
                                                                                     dict[str, str]]:
    """A markets document as in markets.json, validated as at start."""
    return parse_markets(doc, [a.code for a in refdata.areas], file)


async def replace_markets(conn, items: Iterable[Market], scenes: Mapping[str, str]) -> int:
    """The markets offered become exactly these (in this order); one no
    longer listed is kept, not offered (bookings and tickets naming it
    still show its name)."""
    now = time.time()
    by_market: dict[str, list[str]] = {}
    for scene, code in scenes.items():
        by_market.setdefault(code, []).append(scene)
    codes = []
    for n, m in enumerate(items):
        fields = {"name": m.name, "kind": m.kind, "area": m.area, "address": m.address, "lat": m.lat,
                  "lng": m.lng, "hours": m.hours, "verified": m.verified,
                  "scenes": json.dumps(by_market.get(m.code, []), ensure_ascii=False), "position": n,
                  "active": True, "updated_at": now}
        done = await conn.execute(update(markets).where(markets.c.code == m.code).values(**fields))
        if done.rowcount == 0:
            await conn.execute(insert(markets).values(code=m.code, **fields))
        codes.append(m.code)
    await conn.execute(update(markets).where(markets.c.code.not_in(codes), markets.c.active.is_(True))
                       .values(active=False, scenes="[]", updated_at=now))
    await bump(conn, "markets")
    return len(codes)


def _market(r: Mapping[str, Any]) -> Market:
    return Market(code=r["code"], name=r["name"], kind=r["kind"], area=r["area"], address=r["address"],
                  lat=float(r["lat"]), lng=float(r["lng"]), hours=r["hours"], verified=bool(r["verified"]))


async def market_rows(conn) -> list[dict]:
    rows = (await conn.execute(select(markets).order_by(markets.c.position, markets.c.code))).mappings().all()
    return [dict(r) for r in rows]


def markets_doc(rows: Iterable[Mapping[str, Any]]) -> dict:
    """The offered markets in markets.json's format."""
    out, scenes = [], {}
    for r in rows:
        if not r["active"]:
            continue
        out.append({"code": r["code"], "name": r["name"], "kind": r["kind"], "area": r["area"],
                    "address": r["address"], "location": {"lat": r["lat"], "lng": r["lng"]},
                    "hours": r["hours"], "verified": bool(r["verified"])})
        for scene in json.loads(r["scenes"] or "[]"):
            scenes[scene] = r["code"]
    return {"markets": out, "qr_scenes": scenes}


async def export_markets(conn) -> dict:
    return markets_doc(await market_rows(conn))


# ---------------------------------------------------------------------------
# The policy knowledge base


def read_policy_docs(path: Path) -> list[dict]:
    """Entries from a folder of one-entry files (as bot/data/policies/,
    each file named by its id) or from one exported file ({"entries": [...]})."""
    path = Path(path)
    if path.is_dir():
        docs = []
        files = sorted(path.glob("*.json"))
        if not files:
            raise StaffDataError(f"{path}: no policy files (*.json)")
        for file in files:
            doc = read_json(file)
            if isinstance(doc, dict) and doc.get("id") != file.stem:
                raise StaffDataError(f"{file}: id {doc.get('id')!r} must equal the file name ({file.stem!r})")
            docs.append(doc)
        return docs
    doc = read_json(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise StaffDataError(f"{path.name}: must be a folder of entries or an object with a list \"entries\"")
    return list(doc["entries"])


def check_policies(docs: Iterable[Any], source: str = "policies") -> tuple[Any, ...]:
    from bot.language.policy_kb import entries_from_docs

    return entries_from_docs(docs, source)


async def policy_docs(conn) -> list[dict]:
    rows = (await conn.execute(select(policies.c.doc))).scalars().all()
    # In Python's order of the ids (as the files' names sort), not the database's collation.
    return sorted((json.loads(d) for d in rows), key=lambda d: d["id"])


async def save_policies(conn, docs: list[dict], *, keep_others: bool = False, source: str = "policies") -> int:
    """The knowledge base becomes these entries (or, keep_others: these
    added or replaced, the rest kept); the whole result is validated first,
    a PolicyBaseError (a ValueError) names the entry and changes nothing."""
    given = {d.get("id") if isinstance(d, dict) else None: d for d in docs}
    result = [d for d in await policy_docs(conn) if d["id"] not in given] if keep_others else []
    check_policies([*result, *docs], source)
    now = time.time()
    if not keep_others:
        await conn.execute(delete(policies).where(policies.c.id.not_in(list(given))))
    for d in docs:
        text = json.dumps(d, ensure_ascii=False)
        done = await conn.execute(update(policies).where(policies.c.id == d["id"]).values(doc=text, updated_at=now))
        if done.rowcount == 0:
            await conn.execute(insert(policies).values(id=d["id"], doc=text, updated_at=now))
    await bump(conn, "policies")
    return len(docs)


async def export_policies(conn) -> dict:
    return {"entries": await policy_docs(conn)}


# ---------------------------------------------------------------------------
# One record at a time (for the staff console, #15): each change is checked
# with the rest as an import would be, written in the caller's transaction,
# and bumps its version, so every process uses it within seconds.


async def save_market(conn, refdata: ReferenceData, record: dict, scenes: Iterable[str] | None = None) -> None:
    """One market or station added or changed (`record` as in markets.json);
    `scenes`: its QR scene ids (None: those it has)."""
    doc = await export_markets(conn)
    code = record.get("code")
    at = next((i for i, m in enumerate(doc["markets"]) if m["code"] == code), len(doc["markets"]))
    doc["markets"][at:at + 1] = [record]
    if scenes is not None:
        doc["qr_scenes"] = {s: c for s, c in doc["qr_scenes"].items() if c != code}
        for scene in scenes:
            if doc["qr_scenes"].get(scene, code) != code:
                raise StaffDataError(f"market {code!r}: scene id {scene!r} is {doc['qr_scenes'][scene]!r}'s")
            doc["qr_scenes"][scene] = str(code)
    await replace_markets(conn, *check_markets(doc, refdata, "market"))


async def retire_market(conn, code: str) -> bool:
    """No longer offered (kept for the bookings and tickets that name it)."""
    done = await conn.execute(update(markets).where(markets.c.code == code, markets.c.active.is_(True))
                              .values(active=False, scenes="[]", updated_at=time.time()))
    if done.rowcount:
        await bump(conn, "markets")
    return bool(done.rowcount)


async def save_policy(conn, doc: dict) -> None:
    """One knowledge-base entry added or replaced."""
    await save_policies(conn, [doc], keep_others=True, source="policy")


async def delete_policy(conn, entry_id: str) -> None:
    """One entry gone; refused (PolicyBaseError naming them) while other
    entries list it as related."""
    docs = [d for d in await policy_docs(conn) if d["id"] != entry_id]
    await save_policies(conn, docs, source="policies")


async def save_course(conn, refdata: ReferenceData, course: dict) -> None:
    """One course added or changed (`course` as in courses.json)."""
    from bot.services.courses import check_courses, export_courses, sync_courses

    doc = await export_courses(conn)
    doc["courses"] = [c for c in doc["courses"] if c["code"] != course.get("code")] + [course]
    await sync_courses(conn, check_courses(doc, refdata, "course"))
    await bump(conn, "courses")


async def retire_course(conn, code: str) -> bool:
    """No longer offered (its sign-ups kept)."""
    from bot.store.tables import courses

    done = await conn.execute(update(courses).where(courses.c.code == code, courses.c.active.is_(True))
                              .values(active=False, updated_at=time.time()))
    if done.rowcount:
        await bump(conn, "courses")
    return bool(done.rowcount)


# ---------------------------------------------------------------------------
# The seed


@dataclass(frozen=True)
class Seed:
    """The seed files, read and checked (at every start, so a broken one is
    told at once, in one line)."""
    courses: list[dict]
    markets: tuple[Market, ...]
    scenes: dict[str, str]
    policies: list[dict]

    @classmethod
    def read(cls, refdata: ReferenceData, policies_dir: Path | None = None) -> Seed:
        """`refdata` read from the files (its markets are markets.json's)."""
        from bot.services.courses import read_courses

        docs = read_policy_docs(policies_dir or POLICIES_DIR)
        check_policies(docs, "policies/")
        return cls(read_courses(refdata=refdata), refdata.markets,
                   {s: m.code for s, m in refdata.qr_scenes.items()}, docs)


async def seed(conn, files: Seed) -> list[str]:
    """Each kind that has never been loaded (no version yet) from its file;
    the kinds loaded. Run in `Database.startup_work` (one process at a time)."""
    from bot.services.courses import sync_courses

    have = await versions(conn)
    done = []
    for kind in SEEDED:
        if kind in have:
            continue
        if kind == "courses":
            await sync_courses(conn, files.courses)
            await bump(conn, "courses")
        elif kind == "markets":
            await replace_markets(conn, files.markets, files.scenes)
        else:
            await save_policies(conn, files.policies, source="policies/")
        done.append(kind)
    return done


# ---------------------------------------------------------------------------
# The in-process copy


@dataclass(frozen=True)
class Snapshot:
    refdata: ReferenceData
    policies: Any                                   # PolicyBase
    course_words: Mapping[str, tuple[str, ...]]
    versions: Mapping[str, int] = field(default_factory=dict)


class StaffData:
    """What turns read of the staff data, rebuilt when its version moves.
    `base` is the reference data read from the files (areas and trades;
    its markets are replaced by the table's), `base_policies` the index
    built from the files (kept when the table holds the same entries)."""

    def __init__(self, db: Database, base: ReferenceData, tokenizer: Any, *, base_policies: Any = None,
                 every: float = 2.0, on_change: Callable[[Snapshot], None] | None = None) -> None:
        self.db, self.base, self.tokenizer = db, base, tokenizer
        self.base_policies = base_policies
        self.every = every
        self.on_change = on_change
        self.current = Snapshot(base, base_policies, {}, {})
        self._lock = asyncio.Lock()

    async def load(self) -> Snapshot:
        """Everything, now (at start): raises when the tables cannot be read
        or hold a bad record."""
        async with self._lock:
            await self._rebuild(set(KINDS), first=True)
        return self.current

    async def refresh(self) -> bool:
        """Rebuild what changed since the last look; whether anything did."""
        async with self._lock:
            async with self.db.reading() as conn:
                now = await versions(conn)
            changed = {k for k in set(now) | set(self.current.versions)
                       if now.get(k) != self.current.versions.get(k)}
            if not changed:
                return False
            await self._rebuild(changed)
            return True

    async def _rebuild(self, kinds: set[str], first: bool = False) -> None:
        from bot.services.courses import course_words_in

        snap = self.current
        async with self.db.reading() as conn:
            now = await versions(conn)   # first: a change after this is seen on the next look
            rows = await market_rows(conn) if "markets" in kinds else None
            docs = await policy_docs(conn) if "policies" in kinds else None
            words = await course_words_in(conn) if "courses" in kinds or first else None
        new: dict[str, Any] = {"versions": now}
        if rows is not None:
            new["refdata"] = self._refdata(rows)
        if docs is not None:
            new["policies"] = await self._policies(docs)
        if words is not None:
            new["course_words"] = words
        self.current = replace(snap, **new)
        if self.on_change is not None:
            self.on_change(self.current)
        if not first:
            log.info("staff data changed (%s): now in use", ", ".join(sorted(kinds)))

    def _refdata(self, rows: list[dict]) -> ReferenceData:
        doc = markets_doc(rows)
        active, scenes = check_markets(doc, self.base, "markets table")
        retired = [_market(r) for r in rows if not r["active"]]
        if active == self.base.markets and not retired \
                and {s: m.code for s, m in self.base.qr_scenes.items()} == scenes:
            return self.base
        return self.base.with_markets(active, scenes, retired)

    async def _policies(self, docs: list[dict]) -> Any:
        entries = check_policies(docs, "policies table")
        if self.base_policies is not None and tuple(self.base_policies.entries) == entries:
            return self.base_policies
        if not entries:
            return None

        def build():
            from bot.language.policy_kb import PolicyBase, load_lexicon

            return PolicyBase(entries, self.tokenizer, load_lexicon())

        return await asyncio.to_thread(build)   # the index is built off the event loop

    async def run(self, stopping: asyncio.Event) -> None:
        """Look for changes every `every` seconds until stopping (a problem
        is logged once, not at every look, until it changes)."""
        said = ""
        while not stopping.is_set():
            try:
                await asyncio.wait_for(stopping.wait(), self.every)
                return
            except asyncio.TimeoutError:
                pass
            try:
                await self.refresh()
                said = ""
            except asyncio.CancelledError:
                raise
            except Exception as exc:   # a database away, a bad record: the last good copy stays
                problem = f"{type(exc).__name__}: {str(exc)[:300]}"
                if problem != said:
                    log.warning("staff data not refreshed, the last copy stays in use: %s", problem)
                    said = problem
