"""A turn's statements on SQLite, run straight through the driver.

SQLAlchemy's execution path (cache-key lookup, execution context, the
result's metadata) costs about 60 us a statement here, several times the
statement itself on the in-loop `sqlite3` connection (bench: a worker's
profile read 70 us, 11 us through the driver). The repositories' statements
are module constants executed thousands of times, so each is compiled once
by SQLAlchemy, for this dialect and this set of parameter names, and then
run with the driver's cursor: the same SQL, the same bound values (through
SQLAlchemy's own bind processors, a list bound to IN written out as
SQLAlchemy writes it) and the same result values (through its result
processors: SQLite's 0/1 read as booleans). What is not plain (several
parameter sets, a string of SQL, values rendered into the SQL) goes through
SQLAlchemy as before, as does any statement the first time it is seen: a
statement built anew for each call is never compiled twice here.

Errors are SQLAlchemy's (`sqlalchemy.exc.IntegrityError` ...), wrapped as its
own execution wraps them, parameters hidden as the engine hides them.
"""
from __future__ import annotations

import functools
import logging
import sqlite3
import weakref
from collections import OrderedDict
from typing import Any, Callable, Iterator, cast

from sqlalchemy import Connection, exc
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.selectable import Select

log = logging.getLogger("bot.store")

_SEEN = object()   # seen once: compiled on its second execution


class _Row(tuple):
    """A result row as the repositories use SQLAlchemy's: by position, by
    column name as an attribute, unpacked, or as a mapping."""
    __slots__ = ()
    _index: dict[str, int] = {}
    _fields: tuple[str, ...] = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self._index[name]]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def _mapping(self) -> dict[str, Any]:
        return dict(zip(self._fields, self))

    def _asdict(self) -> dict[str, Any]:
        return self._mapping


class _Result:
    """What `Connection.execute` returns, for the methods the repositories
    call: rows, the first, one, a scalar, mappings, the rows changed."""
    __slots__ = ("_rows", "_row_type", "rowcount")

    def __init__(self, rows: list, row_type: type[_Row] | None, rowcount: int) -> None:
        self._rows, self._row_type, self.rowcount = rows, row_type, rowcount

    def _typed(self) -> list[_Row]:
        make = self._row_type
        if make is None:
            raise exc.ResourceClosedError("This result object does not return rows.")
        return [make(r) for r in self._rows]

    def __iter__(self) -> Iterator[_Row]:
        return iter(self._typed())

    def all(self) -> list[_Row]:
        return self._typed()

    def first(self) -> _Row | None:
        rows = self._typed()
        return rows[0] if rows else None

    def one(self) -> _Row:
        rows = self._typed()
        if not rows:
            raise exc.NoResultFound("No row was found when one was required")
        if len(rows) > 1:
            raise exc.MultipleResultsFound("Multiple rows were found when exactly one was required")
        return rows[0]

    def one_or_none(self) -> _Row | None:
        rows = self._typed()
        if len(rows) > 1:
            raise exc.MultipleResultsFound("Multiple rows were found when one or none was required")
        return rows[0] if rows else None

    def scalar(self) -> Any:
        first = self.first()
        return None if first is None else first[0]

    def scalar_one(self) -> Any:
        return self.one()[0]

    def scalar_one_or_none(self) -> Any:
        row = self.one_or_none()
        return None if row is None else row[0]

    def scalars(self) -> _Scalars:
        return _Scalars([r[0] for r in self._typed()])

    def mappings(self) -> _Scalars:
        fields = self._row_type._fields if self._row_type is not None else ()
        return _Scalars([dict(zip(fields, r)) for r in self._typed()])


class _Scalars:
    """A result's single values, or its rows as mappings."""
    __slots__ = ("_items",)

    def __init__(self, items: list) -> None:
        self._items = items

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def all(self) -> list:
        return list(self._items)

    def first(self) -> Any:
        return self._items[0] if self._items else None

    def one(self) -> Any:
        if len(self._items) != 1:
            raise (exc.NoResultFound if not self._items else exc.MultipleResultsFound)("not exactly one row")
        return self._items[0]

    def one_or_none(self) -> Any:
        if len(self._items) > 1:
            raise exc.MultipleResultsFound("Multiple rows were found when one or none was required")
        return self._items[0] if self._items else None


class _Prepared:
    """One statement compiled for one set of parameter names."""
    __slots__ = ("sql", "compiled", "names", "binds", "row_type", "processors", "pg_processors")

    def __init__(self, statement: ClauseElement, keys: list[str] | None, dialect: Any) -> None:
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect, column_keys=keys))
        self.sql = compiled.string
        self.compiled = compiled
        self.names = tuple(compiled.positiontup or ())
        self.binds: dict[str, Any] = dict(cast(dict, compiled._bind_processors))
        columns = compiled._result_columns
        self.row_type: type[_Row] | None = None
        self.processors: list[Callable | None] | None = None
        self.pg_processors: list[Callable | None] | None = None
        if columns:
            fields = tuple(c[0] for c in columns)
            self.row_type = type("Row", (_Row,), {"__slots__": (), "_fields": fields,
                                                  "_index": {f: i for i, f in enumerate(fields)}})
            if dialect.name == "sqlite":
                # PostgreSQL's depend on the column types the server reports (`fetch_async`).
                processors = [c[3]._cached_result_processor(dialect, None) for c in columns]
                self.processors = processors if any(processors) else None

    def _sql_args(self, parameters: dict | None) -> tuple[str, list]:
        """The SQL to run and its values in order: a list bound to IN
        written out as one value each (the SQL then depends on its length)."""
        compiled = self.compiled
        values: Any = compiled.construct_params(parameters or {})
        binds: Any
        names: Any
        if not compiled.post_compile_params:
            binds, names, sql = self.binds, self.names, self.sql
        else:
            expanded = compiled._process_parameters_for_postcompile(values)
            binds, names, sql = expanded.processors, expanded.positiontup or (), expanded.statement
            values = expanded.parameters
        return sql, [binds[n](values[n]) if n in binds else values[n] for n in names]

    async def fetch_async(self, raw: Any, parameters: dict | None, dialect: Any) -> _Result:
        """A SELECT on an asyncpg connection (`PgReads`)."""
        sql, args = self._sql_args(parameters)
        if self.pg_processors is None:
            # The first run: the column types the server reports, for SQLAlchemy's result processors.
            statement = await raw.prepare(sql)
            found = [c[3]._cached_result_processor(dialect, a.type.oid)
                     for c, a in zip(self.compiled._result_columns, statement.get_attributes())]
            records = await statement.fetch(*args)
            self.pg_processors = found if any(found) else []
        else:
            records = await raw.fetch(sql, *args)
        processors = self.pg_processors
        if processors:
            rows = [tuple(p(v) if p is not None else v for p, v in zip(processors, r)) for r in records]
        else:
            rows = [tuple(r) for r in records]
        return _Result(rows, self.row_type, len(rows))

    def run(self, dbapi_conn: sqlite3.Connection, parameters: dict | None) -> _Result:
        sql, args = self._sql_args(parameters)
        cursor = dbapi_conn.cursor()
        try:
            try:
                cursor.execute(sql, args)
                rows = cursor.fetchall() if cursor.description is not None else []
            except sqlite3.Error as error:
                raise exc.DBAPIError.instance(sql, args, error, sqlite3.Error, hide_parameters=True) from error
            row_type = self.row_type
            if cursor.description is not None and row_type is None:
                # A text() statement: its columns are what the driver names.
                fields = tuple(d[0] for d in cursor.description)
                row_type = type("Row", (_Row,), {"__slots__": (), "_fields": fields,
                                                 "_index": {f: i for i, f in enumerate(fields)}})
            processors = self.processors
            if processors is not None and rows:
                rows = [tuple(p(v) if p is not None else v for p, v in zip(processors, r)) for r in rows]
            return _Result(rows, row_type if cursor.description is not None else None, cursor.rowcount)
        finally:
            cursor.close()


class Statements:
    """The statements compiled so far, by the statement object (held weakly:
    one built for a single call and run once is forgotten with it). A
    compiled statement holds its statement, so at most KEPT are kept, the
    least recently used dropped first: one built anew for each call and run
    twice in it would otherwise be kept for ever."""

    KEPT = 512

    def __init__(self, dialect: Any) -> None:
        self.dialect = dialect
        self._by_id: OrderedDict[int, tuple[weakref.ref, dict]] = OrderedDict()

    def execute(self, conn: Connection, statement: Any, parameters: Any) -> Any:
        prepared = self.prepared(statement, parameters)
        if prepared is None:
            return conn.execute(statement, parameters)
        return prepared.run(conn.connection.dbapi_connection, parameters)   # type: ignore[arg-type]

    def prepared(self, statement: ClauseElement, parameters: Any) -> _Prepared | None:
        """The statement compiled for these parameters' names; None when it
        goes through SQLAlchemy (see the module's docstring)."""
        if not isinstance(statement, ClauseElement) or (parameters is not None and not isinstance(parameters, dict)):
            return None
        key = id(statement)
        entry = self._by_id.get(key)
        if entry is None or entry[0]() is not statement:
            self._by_id[key] = (weakref.ref(statement, functools.partial(self._forget, key)), {})
            while len(self._by_id) > self.KEPT:
                self._by_id.popitem(last=False)
            return None   # first seen: SQLAlchemy runs it; a second time compiles it
        self._by_id.move_to_end(key)
        # An INSERT or UPDATE's columns are those of its parameters.
        keys = tuple(sorted(parameters)) if isinstance(statement, UpdateBase) and parameters else ()
        kept = entry[1]
        prepared = kept.get(keys, _SEEN)
        if prepared is _SEEN:
            prepared = kept[keys] = self._compile(statement, list(keys) or None)
        return prepared

    def _compile(self, statement: ClauseElement, keys: list[str] | None) -> _Prepared | None:
        """None for what must go through SQLAlchemy each time: values
        rendered into the SQL at execution (a list bound to IN is written
        out here, `_sql_args`)."""
        prepared = _Prepared(statement, keys, self.dialect)
        compiled = prepared.compiled
        if compiled.literal_execute_params or not compiled.positional \
                or not all(b.expanding for b in compiled.post_compile_params):
            return None
        return prepared

    def _forget(self, key: int, ref: weakref.ref) -> None:
        # The statement is gone (its id may soon be another's): its entry goes,
        # unless the id was taken again meanwhile.
        entry = self._by_id.get(key)
        if entry is not None and entry[0] is ref:
            del self._by_id[key]


class PgReads:
    """A turn's short reads on PostgreSQL (`Database.reading_now`): a SELECT
    seen before runs on the asyncpg connection itself. Through SQLAlchemy's
    async engine a read cost about 400 us of CPU beyond asyncpg's own (the
    greenlet hand-over, the execution context, the transaction it opens
    and the ROLLBACK that ends it). Anything else, and a read that fails
    here, goes through SQLAlchemy: a failure is then raised, and the
    connection dropped if it broke, as SQLAlchemy does."""

    def __init__(self, conn: Any, statements: Statements) -> None:
        self.conn = conn
        self._statements = statements
        self._raw: Any = None

    async def execute(self, statement: Any, parameters: Any = None) -> Any:
        prepared = self._statements.prepared(statement, parameters) if isinstance(statement, Select) else None
        if prepared is not None:
            try:
                if self._raw is None:
                    self._raw = (await self.conn.get_raw_connection()).driver_connection
                return await prepared.fetch_async(self._raw, parameters, self._statements.dialect)
            except Exception:
                log.warning("a read through asyncpg failed; running it through SQLAlchemy", exc_info=True)
        return await self.conn.execute(statement, parameters)
