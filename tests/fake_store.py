"""The store in memory, for handler tests that need no database.

The fast speed of the "three speeds" (*Architecture Patterns with Python*,
ch. 5): a feature's bus handlers (`bot/features/<feature>/handlers.py`) run
on fake repositories in a millisecond, so their rules (which day is
"tomorrow" in Quanzhou, who is told what, that a reminder goes once) are
tested one by one; `tests/store` runs the repositories on SQLite and
PostgreSQL, and `tests/e2e` the whole bot over HTTP.

Handlers ask `deps.repo(TrainingRepo)` for a repository; `handler_deps(store)`
builds the `Deps` of a handler test, whose `repo` gives the fake that stands
in for it (FAKES) and whose `notify` records messages as the outbox would.
There is no database behind it (`conn` refuses every use), so a handler
that reached past its repositories fails loudly.

A fake is honest: on everything handlers rely on it answers what the real
repository answers: the same records with the same fields, in the same order,
and the same rules (capacity, the waiting list, "already", a message key
queued once). `tests/store/test_fake_store.py` tells one story to the fake
and to the real repository (`StoreOnConnection`, on SQLite and on
PostgreSQL) and requires the same answers. To fake another repository:
write its fake here, mirroring the real one method by method (only the
methods handlers call), add it to FAKES, give `FakeStore` and
`StoreOnConnection` the same seeding methods, and tell its story in
tests/store/test_fake_store.py.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import time
from typing import Any, TypeVar

from bot.bus import Deps, Notifier
from bot.domain import Appointment, Course, Enrollment
from bot.i18n import Catalog
from bot.refdata import ReferenceData
from bot.services.courses import sync_courses
from bot.turn.service import OutboxNotifier
from bot.settings import Settings
from bot.store.repos import SLOT_CAPACITY, AppointmentRepo, TrainingRepo, UserRepo, WorkerRepo, is_pseudonym
from bot.store.tables import outbox, training_needs

R = TypeVar("R")

# Columns that hold the time a row was written: the fake stamps them with
# time.time() as the repositories do; stories compare only whether they are set.
STAMPS = frozenset({"created_at", "updated_at", "reminded_at", "consent_at"})


@functools.lru_cache(maxsize=1)
def catalog() -> Catalog:
    return Catalog()


@functools.lru_cache(maxsize=1)
def refdata() -> ReferenceData:
    return ReferenceData.load()


class NoDatabase:
    """The `conn` of a handler test: any use means the handler went past
    its repositories, which a fake cannot stand in for."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise AssertionError(f"a handler used the connection (.{name}) instead of deps.repo(...): "
                             "handler tests have no database")


class FakeStore:
    """What the database would hold, as plain rows. `repo(kind)` gives the
    fake standing in for the repository class `kind` (FAKES)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.courses: dict[str, dict] = {}
        self.enrollments: list[dict] = []
        self.training_needs: list[dict] = []
        self.appointments: list[dict] = []
        self.workers: dict[str, dict] = {}
        self.users: dict[str, dict] = {}
        self.outbox: list[dict] = []
        self.notifier = FakeNotifier(self)
        self._ids: dict[str, int] = {}
        self._repos: dict[type, Any] = {}

    def repo(self, kind: type) -> Any:
        if kind not in self._repos:
            fake = FAKES.get(kind)
            if fake is None:
                raise LookupError(f"no fake for {kind.__name__}: write one in tests/fake_store.py "
                                  "and prove it in tests/store/test_fake_store.py")
            self._repos[kind] = fake(self)
        return self._repos[kind]

    def next_id(self, table: str) -> int:
        """Ids as an autoincrement column gives them: 1, 2, 3 … per table."""
        self._ids[table] = self._ids.get(table, 0) + 1
        return self._ids[table]

    # ---- what a test puts in the store first (the same on StoreOnConnection)

    async def offer_courses(self, items: list[dict]) -> None:
        """As bot.services.courses.sync_courses: insert or update; courses
        no longer in the list stay but are not offered."""
        now = time.time()
        for c in items:
            self.courses[c["code"]] = {
                "code": c["code"], "name": c["name"], "trade": c.get("trade") or "", "teaches": c.get("teaches", ""),
                "area": c.get("area"), "place": c.get("place", ""), "mode": c["mode"], "start_date": c["start_date"],
                "end_date": c["end_date"], "schedule": c.get("schedule", ""), "capacity": int(c["capacity"]),
                "cost": c.get("cost", ""), "subsidy": c.get("subsidy", ""), "who": c.get("who", ""), "active": True,
                "updated_at": now}
        codes = {c["code"] for c in items}
        for code, course in self.courses.items():
            if code not in codes:
                course["active"] = False

    async def add_worker(self, openid: str, name: str, phone: str | None = None) -> None:
        self.workers[openid] = {"openid": openid, "name": name, "phone": phone}

    async def set_locale(self, openid: str, locale: str) -> None:
        self.users.setdefault(openid, {"openid": openid})["locale"] = locale

    # ---- what a test reads back

    async def sent(self) -> list[dict]:
        """The messages queued to users, oldest first."""
        return [dict(m) for m in self.outbox]

    async def needs(self) -> list[dict]:
        return [dict(n) for n in self.training_needs]


class FakeNotifier(Notifier):
    """As turns.OutboxNotifier: a customer-service message in the user's
    language into the outbox, once per key; nothing to a deleted user."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store

    async def notify(self, conn: Any, openid: str, msg_id: str, key: str, about: str | None = None,
                     **vars: Any) -> bool:
        if is_pseudonym(openid):
            return False
        locale = self.store.users.get(openid, {}).get("locale") or self.store.settings.default_locale
        text = catalog().text(locale, msg_id, **vars)
        if any(m["key"] == key for m in self.store.outbox):
            return False
        self.store.outbox.append({"openid": openid, "text": text, "key": key, "about": about})
        return True


def record(kind: type[R], row: dict, **extra: Any) -> R:
    """A fake's row as the domain record the real repository maps it to:
    the record's fields taken from the row, `extra` on top."""
    names = {f.name for f in dataclasses.fields(kind)}
    return kind(**{**{k: v for k, v in row.items() if k in names}, **extra})


class FakeTrainingRepo:
    """Stands in for TrainingRepo."""

    def __init__(self, store: FakeStore) -> None:
        self.s = store

    async def upcoming(self, today: str) -> list[Course]:
        return [record(Course, c, enrolled=await self.enrolled_count(c["code"]))
                for c in sorted(self.s.courses.values(), key=lambda c: (c["start_date"], c["code"]))
                if c["active"] and c["end_date"] >= today]

    async def course(self, code: str) -> Course | None:
        c = self.s.courses.get(code)
        return record(Course, c, enrolled=await self.enrolled_count(code)) if c else None

    async def enrolled_count(self, code: str) -> int:
        return sum(1 for e in self.s.enrollments if e["course_code"] == code and e["status"] == "enrolled")

    async def enrollment(self, code: str, openid: str) -> Enrollment | None:
        found = self._enrollment(code, openid)
        return record(Enrollment, found) if found else None

    def _enrollment(self, code: str, openid: str) -> dict | None:
        return next((e for e in self.s.enrollments if e["course_code"] == code and e["openid"] == openid), None)

    async def enroll(self, code: str, openid: str, wait_if_full: bool) -> str:
        course = self.s.courses.get(code)
        if course is None or not course["active"]:
            return "gone"
        mine = self._enrollment(code, openid)
        if mine and mine["status"] in ("enrolled", "waiting"):
            return "already"
        full = record(Course, course, enrolled=await self.enrolled_count(code)).is_full
        status = "waiting" if full else "enrolled"
        if full and not wait_if_full:
            return "full"
        now = time.time()
        if mine:   # signing up again: the new created_at puts them at the end of the waiting list
            mine.update(status=status, created_at=now, updated_at=now, reminded_at=None)
        else:
            self.s.enrollments.append({"id": self.s.next_id("enrollments"), "course_code": code, "openid": openid,
                                       "status": status, "created_at": now, "updated_at": now, "reminded_at": None})
        return status

    async def cancel(self, code: str, openid: str) -> str | None:
        mine = self._enrollment(code, openid)
        if mine is None or mine["status"] == "cancelled":
            return None
        was = mine["status"]
        mine.update(status="cancelled", updated_at=time.time())
        if was != "enrolled":
            return None
        waiting = sorted((e for e in self.s.enrollments if e["course_code"] == code and e["status"] == "waiting"),
                         key=lambda e: (e["created_at"], e["id"]))
        if not waiting:
            return None
        waiting[0].update(status="enrolled", updated_at=time.time())
        return str(waiting[0]["openid"])

    def _with_course(self, e: dict) -> Enrollment:
        c = self.s.courses[e["course_code"]]
        return record(Enrollment, e, **{k: c[k] for k in ("name", "start_date", "schedule", "place", "mode")})

    async def mine(self, openid: str) -> list[Enrollment]:
        rows = [self._with_course(e) for e in self.s.enrollments
                if e["openid"] == openid and e["status"] != "cancelled"]
        return sorted(rows, key=lambda r: r.start_date)

    async def due_reminders(self, day: str) -> list[Enrollment]:
        return [self._with_course(e) for e in self.s.enrollments
                if e["status"] == "enrolled" and e["reminded_at"] is None
                and self.s.courses[e["course_code"]]["start_date"] == day]

    async def reminded(self, enrollment_id: int) -> None:
        for e in self.s.enrollments:
            if e["id"] == enrollment_id:
                e["reminded_at"] = time.time()

    async def add_need(self, openid: str, trades: list[str], wish: str, when: str, mode: str) -> None:
        self.s.training_needs.append({"id": self.s.next_id("training_needs"), "openid": openid,
                                      "trades": json.dumps(trades), "wish": wish, "when": when, "mode": mode,
                                      "created_at": time.time()})


class FakeAppointmentRepo:
    """Stands in for AppointmentRepo."""

    def __init__(self, store: FakeStore) -> None:
        self.s = store

    async def taken(self, market_code: str, days: list[str]) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = {}
        for a in self.s.appointments:
            if a["market_code"] == market_code and a["day"] in days and a["status"] == "booked":
                out[(a["day"], a["half"])] = out.get((a["day"], a["half"]), 0) + 1
        return out

    async def book(self, openid: str, market_code: str, day: str, half: str, replaces: int | None = None,
                   topic: str | None = None) -> bool:
        if (await self.taken(market_code, [day])).get((day, half), 0) >= SLOT_CAPACITY:
            return False
        if replaces:
            await self.cancel(openid, replaces)
        self.s.appointments.append({"id": self.s.next_id("appointments"), "openid": openid,
                                    "market_code": market_code, "day": day, "half": half, "status": "booked",
                                    "created_at": time.time(), "reminded_at": None, "topic": topic})
        return True

    async def cancel(self, openid: str, appointment_id: int) -> bool:
        for a in self.s.appointments:
            if a["id"] == appointment_id and a["openid"] == openid and a["status"] == "booked":
                a["status"] = "cancelled"
                return True
        return False

    async def mine(self, openid: str, today: str) -> list[Appointment]:
        rows = [record(Appointment, a) for a in self.s.appointments
                if a["openid"] == openid and a["status"] == "booked" and a["day"] >= today]
        return sorted(rows, key=lambda a: (a.day, a.half))

    async def on_day(self, day: str) -> list[Appointment]:
        rows = []
        for a in self.s.appointments:
            if a["day"] == day and a["status"] == "booked":
                worker = self.s.workers.get(a["openid"], {})
                rows.append(record(Appointment, a, name=worker.get("name"), phone=worker.get("phone")))
        return sorted(rows, key=lambda a: (a.market_code, a.half, a.id))

    async def due_reminders(self, day: str) -> list[Appointment]:
        return [record(Appointment, a) for a in self.s.appointments
                if a["day"] == day and a["status"] == "booked" and a["reminded_at"] is None]

    async def reminded(self, appointment_id: int) -> None:
        for a in self.s.appointments:
            if a["id"] == appointment_id:
                a["reminded_at"] = time.time()


# The repository each fake stands in for.
FAKES: dict[type, type] = {
    TrainingRepo: FakeTrainingRepo,
    AppointmentRepo: FakeAppointmentRepo,
}


class StoreOnConnection:
    """The real repositories on a database connection, with the same
    seeding and reading methods as FakeStore: a story told to both must get
    the same answers (tests/store/test_fake_store.py)."""

    def __init__(self, conn: Any, settings: Settings | None = None) -> None:
        self.conn = conn
        self.settings = settings or Settings()
        self.notifier = OutboxNotifier(self.settings, catalog())
        self._repos: dict[type, Any] = {}

    def repo(self, kind: type) -> Any:
        if kind not in self._repos:
            self._repos[kind] = kind(self.conn)
        return self._repos[kind]

    async def offer_courses(self, items: list[dict]) -> None:
        await sync_courses(self.conn, items)

    async def add_worker(self, openid: str, name: str, phone: str | None = None) -> None:
        await WorkerRepo(self.conn).save(openid, {"name": name, "phone": phone})

    async def set_locale(self, openid: str, locale: str) -> None:
        await UserRepo(self.conn).upsert(openid, locale=locale)

    async def sent(self) -> list[dict]:
        rows = (await self.conn.execute(outbox.select().where(outbox.c.channel == "wechat_custom")
                                        .order_by(outbox.c.id))).mappings().all()
        return [{"openid": r["recipient"], "text": json.loads(r["payload"])["text"]["content"],
                 "key": r["idempotency_key"], "about": r["about"]} for r in rows]

    async def needs(self) -> list[dict]:
        rows = (await self.conn.execute(training_needs.select().order_by(training_needs.c.id))).mappings().all()
        return [dict(r) for r in rows]


def handler_deps(store: FakeStore | StoreOnConnection, openid: str = "o_me", now: float | None = None,
                 msg_key: str = "msg:1", **kw: Any) -> Deps:
    """The Deps a handler gets in a turn, on this store."""
    conn = store.conn if isinstance(store, StoreOnConnection) else NoDatabase()
    return Deps(conn=conn, openid=openid,
                now=time.time() if now is None else now, settings=store.settings, catalog=catalog(),
                refdata=refdata(), notifier=store.notifier, msg_key=msg_key, repos=store, **kw)


def plain(value: Any) -> Any:
    """Rows and records as a story compares them (a record as the dict of
    its fields): a stamp column says only whether it is set."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: (v is not None if k in STAMPS else plain(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


__all__ = ["FAKES", "FakeStore", "NoDatabase", "StoreOnConnection", "handler_deps", "plain", "record"]
