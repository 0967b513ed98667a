"""Writes a unit of work may hold back, to send with its record.

A turn's unit of work on PostgreSQL (bot/store/pg.py) ends with the
message's record in the inbox (`InboxRepo.done`), the statement that tells
a resend its changes were made. Many units write nothing else but the
user's own row (first contact, or "last seen" every few minutes), whose
result nobody reads. Sent one by one that is four round trips: BEGIN, the
user's row, the record, COMMIT. Held back and sent with the record, it is
one statement in one implicit transaction:

    WITH recorded AS (INSERT INTO inbox ... ON CONFLICT DO NOTHING RETURNING ...),
         w0 AS (INSERT INTO users ... SELECT ... FROM recorded ON CONFLICT ... DO UPDATE ...)
    SELECT count(*) FROM recorded

Each held write is made only when the record is (its rows come FROM
recorded): a message recorded before (a resend) changes nothing, as when
its unit is rolled back. A unit that runs any other statement first sends
its held writes then, in its transaction, in the order they were made.

Only what runs on asyncpg holds writes (a `PgUnit` has `hold_write`);
elsewhere the repositories execute them at once.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, Hashable

from sqlalchemy import func, select


@dataclass(frozen=True)
class HeldWrite:
    """A write whose result nobody reads: `statement` with `parameters`
    when it runs alone; `after(recorded, prefix, key)` the same write as a
    statement whose rows come from the record's CTE, its parameters named
    with `prefix` (built once for each `key`, which is all it depends on)."""
    statement: Any
    parameters: dict
    after: Callable[[Any, str, Any], Any]
    key: Hashable


@dataclass(frozen=True)
class Record:
    """A unit's last statement, its record: `statement` with `parameters`
    when it runs alone (its row count says whether it recorded);
    `as_cte(key)` the same INSERT with RETURNING, its parameters named as
    in `parameters`."""
    statement: Any
    parameters: dict
    as_cte: Callable[[Any], Any]
    key: Hashable


def with_held(record: Record, held: list[HeldWrite]) -> tuple[Any, dict]:
    """One statement that makes the record and, when it is made, the held
    writes; it gives one row, how many records were made (0 or 1)."""
    statement = _combined(record.as_cte, record.key, tuple((w.after, w.key) for w in held))
    parameters = dict(record.parameters)
    for i, write in enumerate(held):
        parameters.update({f"w{i}_{name}": value for name, value in write.parameters.items()})
    return statement, parameters


@functools.lru_cache(maxsize=64)
def _combined(as_cte: Callable, record_key: Hashable, writes: tuple[tuple[Callable, Hashable], ...]) -> Any:
    # Cached: the same object each time, so it is compiled once (bot/store/prepared.py).
    recorded = as_cte(record_key).cte("recorded")
    made = [after(recorded, f"w{i}_", key).cte(f"w{i}") for i, (after, key) in enumerate(writes)]
    return select(func.count()).select_from(recorded).add_cte(*made)
