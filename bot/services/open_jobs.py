"""The open jobs, kept in memory by every process so that a search reads no
candidates from the database (#16).

`OpenJobs.to_rank` answers exactly what `JobRepo.to_rank` answers (the same
`JobCandidate`s in the same order, with the same filters and limit), from
lists kept in search's order (start date, newest post first within a day):
one of all open jobs, one per trade, one per area and one of the welfare
posts. A search walks the shortest list that can hold its answer.

The database stays the source of truth. The index is loaded at start (in
the background: until it is, searches read the database) and every
`every` seconds reads the jobs written since its last look (every write to
a job stamps `jobs.updated_at`). A transaction stamps its rows before it
commits, and the processes' clocks differ, so each look reads what was
stamped since `OVERLAP` seconds before the previous look began (by this
process's clock: the newest stamp seen would stay put while nothing is
written, and a bulk write, the day's sweep of ended jobs, would be read
again every second; and one writer's clock ahead would make the others'
writes wait). Every `RELOAD` seconds the whole index is read again, so
anything missed (a transaction longer than the overlap, a clock further
off) is put right. A job whose
last day passed drops out at the search (the `today` filter), not at a
refresh. A stale index can show a job a few seconds late, or a closed job
among the results: the page a user sees is read in full from the database
and a job no longer taking applications is dropped there (search.py).
"""
from __future__ import annotations

import asyncio
import bisect
import gc
import heapq
import logging
import time
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from bot import clock
from bot.store.repos import CommittedJobWrites, JobCandidate, JobRepo, _json_tuple

log = logging.getLogger("bot.open_jobs")

OVERLAP = 5.0          # seconds re-read before the previous look began
RELOAD = 300.0         # seconds between full reloads
PAGE_ROWS = 2000       # rows at a time in a full load (the loop runs other work between them)


@dataclass(slots=True)
class _Open:
    """One open job: the candidate search ranks (without its text), its
    text, and what the filters read that a candidate does not carry."""
    job: JobCandidate
    description: str
    skills: str
    end_date: str
    pay_method: str
    updated_at: float
    meals: bool | None
    lodging: bool | None


def _with_text(entry: _Open) -> JobCandidate:
    """The candidate with its description and skills (`dataclasses.replace`
    cost ten times more)."""
    j = entry.job
    return JobCandidate(j.id, j.employer_id, j.trades, j.area, j.start_date, j.lat, j.lng, j.pay_max, j.pay_unit,
                        j.kind, j.market_code, j.created_at, j.eligibility_json, entry.description, entry.skills)


def _order(entry: _Open) -> tuple[str, int]:
    """Search's order: start date, then the newest post first."""
    return entry.job.start_date, -entry.job.id


class _Lists:
    """The open jobs in search's order, whole and by trade, area, trade in
    an area (a porter's job in Quangang is rare among both), pay method and
    kind."""

    __slots__ = ("by_id", "everything", "by_trade", "by_area", "by_trade_area", "by_pay_method", "welfare")

    def __init__(self) -> None:
        self.by_id: dict[int, _Open] = {}
        self.everything: list[_Open] = []
        self.by_trade: dict[str, list[_Open]] = {}
        self.by_area: dict[str, list[_Open]] = {}
        self.by_trade_area: dict[tuple[str, str], list[_Open]] = {}
        self.by_pay_method: dict[str, list[_Open]] = {}
        self.welfare: list[_Open] = []

    def _lists_of(self, entry: _Open) -> Iterator[list[_Open]]:
        job = entry.job
        yield self.everything
        for trade in dict.fromkeys(job.trades):
            yield self.by_trade.setdefault(trade, [])
            yield self.by_trade_area.setdefault((trade, job.area), [])
        yield self.by_area.setdefault(job.area, [])
        yield self.by_pay_method.setdefault(entry.pay_method, [])
        if job.kind == "welfare":
            yield self.welfare

    def put(self, entry: _Open) -> None:
        """Add or replace (by id), in order."""
        self.drop(entry.job.id)
        self.by_id[entry.job.id] = entry
        key = _order(entry)
        for found in self._lists_of(entry):
            found.insert(bisect.bisect_left(found, key, key=_order), entry)

    def drop(self, job_id: int) -> None:
        entry = self.by_id.pop(job_id, None)
        if entry is None:
            return
        key = _order(entry)
        for found in self._lists_of(entry):
            at = bisect.bisect_left(found, key, key=_order)
            if at < len(found) and found[at] is entry:
                del found[at]

    def extend(self, entries: list[_Open]) -> None:
        """Add entries that come after every one held, in search's order (a full load)."""
        for entry in entries:
            self.by_id[entry.job.id] = entry
            for found in self._lists_of(entry):
                found.append(entry)


class OpenJobs:
    """Every open job, in memory, for search (see the module's docstring)."""

    def __init__(self, db: Any, *, every: float = 1.0, reload_every: float = RELOAD,
                 overlap: float = OVERLAP, own_writes: bool = True) -> None:
        """`own_writes`: catch up before a search on the job writes this
        process committed (a test's index standing for another process's
        says False: it sees them at its next look, as that one would)."""
        self.db = db
        self.own_writes = own_writes
        self._seen_writes = CommittedJobWrites.count
        self.every, self.reload_every, self.overlap = every, reload_every, overlap
        self._lists: _Lists | None = None
        self._since = 0.0             # the next look reads jobs stamped from this time on
        self._loaded_at = 0.0         # monotonic time of the last full load
        self._shared: dict[Any, Any] = {}
        self._lock = asyncio.Lock()
        self._loading = False

    @property
    def ready(self) -> bool:
        """Loaded: searches may use it (else they read the database)."""
        return self._lists is not None

    def __len__(self) -> int:
        return len(self._lists.by_id) if self._lists is not None else 0

    # ---- keeping it -------------------------------------------------------
    def _entry(self, row: Any) -> _Open:
        """A row of `JobRepo.open_to_index`, its repeated strings shared."""
        share = self._shared.setdefault
        trades = _json_tuple(row[2])
        job = JobCandidate(row[0], share(row[1], row[1]), share(trades, trades), share(row[3], row[3]),
                           share(row[4], row[4]), row[5], row[6], share(row[7], row[7]), share(row[8], row[8]),
                           share(row[9], row[9]), share(row[10], row[10]), row[11], share(row[12], row[12]))
        return _Open(job, row[13], share(row[14], row[14]), share(row[15], row[15]), share(row[16], row[16]),
                     row[20], row[21], row[22])

    @staticmethod
    def _is_open(row: Any) -> bool:
        return row[17] == "open" and row[18] < row[19]

    async def caught_up(self) -> bool:
        """Whether a search may use the index now: loaded, and holding the
        jobs this process wrote (read again first, when it wrote some since
        the last look). False while a full load runs or when the read failed:
        that search reads the database."""
        if self._lists is None:
            return False
        if not self.own_writes or CommittedJobWrites.count == self._seen_writes:
            return True
        if self._loading:
            return False
        try:
            await self.refresh(only_if_behind=True)   # or wait for the one under way
        except Exception as exc:   # the search reads the database (and says so if that fails too)
            log.debug("open jobs index could not catch up: %s", exc)
            return False
        return True

    async def load(self) -> None:
        """Read every open job again (at start, and every `reload_every`
        seconds), a page at a time; searches use the old copy meanwhile."""
        async with self._lock:
            self._loading = True
            # The load makes half a million objects: the collector would scan
            # them all a few times over (stalls of 50-70 ms at 100,000 jobs).
            collecting = gc.isenabled()
            gc.disable()
            try:
                await self._load()
            finally:
                self._loading = False
                if collecting:
                    gc.enable()

    async def _load(self) -> None:
        started = time.perf_counter()
        writes = CommittedJobWrites.count
        looked = time.time()
        today = clock.today(time.time()).isoformat()
        entries: list[_Open] = []
        self._shared = {}
        async with self.db.reading() as conn:
            async for rows in JobRepo(conn).open_to_index(today, PAGE_ROWS):
                entries.extend(map(self._entry, rows))
        entries.sort(key=_order)   # as read, whatever the database's collation: one pass
        lists = _Lists()
        for at in range(0, len(entries), PAGE_ROWS):
            lists.extend(entries[at:at + PAGE_ROWS])
            await asyncio.sleep(0)   # turns go on meanwhile
        # What the load could not see (committed after its read began) the
        # next look reads.
        self._since = looked - self.overlap
        self._lists = lists
        self._seen_writes = writes
        self._loaded_at = time.monotonic()
        log.info("open jobs index loaded: %d jobs in %.2f s", len(lists.by_id), time.perf_counter() - started)

    async def refresh(self, only_if_behind: bool = False) -> int:
        """Read the jobs written since the last look (and the `overlap`
        before it); how many changed in the index. `only_if_behind`: only
        when this process committed job writes the index has not read."""
        if self._lists is None:
            await self.load()
            return len(self)
        async with self._lock:
            lists = self._lists
            writes = CommittedJobWrites.count   # each committed before the read below
            if only_if_behind and writes == self._seen_writes:
                return 0
            looked = time.time()
            async with self.db.reading() as conn:
                rows = await JobRepo(conn).changed_since(self._since)
            changed = 0
            for row in rows:
                job_id = row[0]
                kept = lists.by_id.get(job_id)
                if self._is_open(row):
                    if kept is not None and kept.updated_at == row[20]:
                        continue   # read again in the overlap, unchanged
                    lists.put(self._entry(row))
                    changed += 1
                elif kept is not None:
                    lists.drop(job_id)
                    changed += 1
            self._seen_writes = writes
            self._since = looked - self.overlap
            return changed

    async def run(self, stopping: asyncio.Event) -> None:
        """Load, then look for changes every `every` seconds until stopping,
        and load again now and then. A database away is logged (once until
        the problem changes) and tried again; the last copy stays in use."""
        said = ""
        first = True
        while not stopping.is_set():
            if not first:
                try:
                    await asyncio.wait_for(stopping.wait(), self.every)
                    return
                except asyncio.TimeoutError:
                    pass
            first = False
            try:
                if self._lists is None or time.monotonic() - self._loaded_at >= self.reload_every:
                    await self.load()
                else:
                    await self.refresh()
                said = ""
            except asyncio.CancelledError:
                raise
            except Exception as exc:   # a database away: keep the last copy, try again
                problem = f"{type(exc).__name__}: {str(exc)[:300]}"
                if problem != said:
                    log.warning("open jobs index not refreshed, the last copy stays in use: %s", problem)
                    said = problem

    # ---- searching --------------------------------------------------------
    def to_rank(self, *, today: str, trades: Iterable[str] = (), areas: Iterable[str] = (),
                date_from: str | None = None, date_to: str | None = None, pay_method: str | None = None,
                welfare: bool = False, bbox: tuple[float, float, float, float] | None = None, limit: int = 150,
                with_text: bool = False, meals: bool = False, lodging: bool = False) -> list[JobCandidate]:
        """What `JobRepo.to_rank` answers with the same arguments, from memory."""
        lists = self._lists
        if lists is None:
            raise RuntimeError("the open jobs index is not loaded yet")
        asked = list(dict.fromkeys(trades))
        area_set = set(areas)
        # The shortest lists that hold every job the search can find.
        sources: list[list[_Open]] = [lists.everything]
        if asked:
            by_trade = [lists.by_trade.get(t, []) for t in asked]
            sources = by_trade
        if area_set:
            by_area = [lists.by_area.get(a, []) for a in area_set]
            if asked:
                by_area = [lists.by_trade_area.get((t, a), []) for t in asked for a in area_set]
            if sum(map(len, by_area)) < sum(map(len, sources)):
                sources = by_area
        if pay_method and len(lists.by_pay_method.get(pay_method, ())) < sum(map(len, sources)):
            sources = [lists.by_pay_method.get(pay_method, [])]
        if welfare and len(lists.welfare) < sum(map(len, sources)):
            sources = [lists.welfare]
        walk: Iterable[_Open] = sources[0] if len(sources) == 1 else heapq.merge(*sources, key=_order)
        south = west = north = east = 0.0
        if bbox is not None:
            south, west, north, east = bbox
        out: list[JobCandidate] = []
        taken = 0       # the database's limit counts a job once per trade asked that it has
        last_id = -1
        for entry in walk:
            job = entry.job
            if job.id == last_id:
                continue   # the same job from a second list
            last_id = job.id
            if date_to and job.start_date > date_to:
                break      # the lists are in start-date order: nothing later can match
            if entry.end_date < today:
                continue
            if asked:
                times = sum(1 for t in asked if t in job.trades)
                if not times:
                    continue
            else:
                times = 1
            if area_set and job.area not in area_set:
                continue
            if date_from and entry.end_date < date_from:
                continue
            if pay_method and entry.pay_method != pay_method:
                continue
            if welfare and job.kind != "welfare":
                continue
            if (meals and not entry.meals) or (lodging and not entry.lodging):
                continue
            if bbox is not None and (job.lat is None or job.lng is None or not south <= job.lat <= north
                                     or not west <= job.lng <= east):
                continue
            out.append(_with_text(entry) if with_text else job)
            taken += times
            if taken >= limit:
                break
        return out
