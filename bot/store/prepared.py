"""A turn's statements run straight through the driver (sqlite3, asyncpg).

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
statement built anew for each call is never compiled twice here. (On
PostgreSQL a turn's unit of work runs on asyncpg alone, bot/store/pg.py, and
compiles each statement at its first sight.)

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
from sqlalchemy.sql.elements import ClauseElement, TextClause
from sqlalchemy.sql.dml import UpdateBase

log = logging.getLogger("bot.store")

_SEEN = object()   # seen once: compiled on its second execution
# PostgreSQL's result processors by SQL: a statement built anew for each
# call (compiled each time, bot/store/pg.py) finds those of its first run.
_PG_PROCESSORS: dict[str, list] = {}
_PG_PROCESSORS_KEPT = 1024


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
    __slots__ = ("_rows", "_row_type", "rowcount", "_returned_key")

    def __init__(self, rows: list, row_type: type[_Row] | None, rowcount: int,
                 returned_key: bool = False) -> None:
        self._rows, self._row_type, self.rowcount = rows, row_type, rowcount
        # An INSERT whose RETURNING SQLAlchemy added for the new row's key:
        # the row is the key, not a result.
        self._returned_key = returned_key

    @property
    def inserted_primary_key(self) -> tuple:
        if not self._returned_key or not self._rows:
            raise exc.InvalidRequestError("This statement did not return the new row's key.")
        return tuple(self._rows[0])

    def _typed(self) -> list[_Row]:
        make = self._row_type
        if make is None or self._returned_key:
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

    def mappings(self) -> _Mappings:
        fields = self._row_type._fields if self._row_type is not None else ()
        return _Mappings([dict(zip(fields, r)) for r in self._typed()])


class _Scalars:
    """A result's single values."""
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


class _Mappings(_Scalars):
    """A result's rows as mappings (the same methods as its single values)."""
    __slots__ = ()


class _Prepared:
    """One statement compiled for one set of parameter names."""
    __slots__ = ("sql", "compiled", "names", "binds", "row_type", "processors", "pg_processors",
                 "returns_rows", "key_returned")

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
        # Whether it gives rows (None: a string of SQL, known only when run);
        # and whether those rows are only the key of an INSERT's new row
        # (SQLAlchemy adds RETURNING for it on PostgreSQL).
        self.returns_rows: bool | None = bool(columns) if not isinstance(statement, TextClause) else None
        self.key_returned = bool(compiled.implicit_returning) and not getattr(statement, "_returning", ())
        if columns:
            fields = tuple(c[0] for c in columns)
            self.row_type = _row_type(fields)
            if dialect.name == "sqlite":
                # PostgreSQL's depend on the column types the server reports (`run_async`).
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

    async def run_async(self, raw: Any, parameters: dict | None, dialect: Any) -> _Result:
        """On an asyncpg connection (bot/store/pg.py): the driver's own
        errors are raised (`pg.translated` makes them SQLAlchemy's)."""
        sql, args = self._sql_args(parameters)
        if self.returns_rows is False:
            return _Result([], None, _changed(await raw.execute(sql, *args), 0))
        if self.returns_rows is None:
            # A string of SQL: whether it gives rows, and their names, known only when run.
            statement = await raw.prepare(sql)
            attributes = statement.get_attributes()
            records = await statement.fetch(*args)
            row_type = _row_type(tuple(a.name for a in attributes)) if attributes else None
            return _Result([tuple(r) for r in records], row_type, _changed(statement.get_statusmsg(), len(records)))
        processors = self.pg_processors
        if processors is None:
            processors = self.pg_processors = _PG_PROCESSORS.get(sql)
        if processors is None:
            # The first run of this SQL: the column types the server reports, for
            # SQLAlchemy's result processors (one more exchange, once).
            statement = await raw.prepare(sql)
            found = [c[3]._cached_result_processor(dialect, a.type.oid)
                     for c, a in zip(self.compiled._result_columns, statement.get_attributes())]
            records = await statement.fetch(*args)
            processors = self.pg_processors = found if any(found) else []
            if len(_PG_PROCESSORS) >= _PG_PROCESSORS_KEPT:
                _PG_PROCESSORS.clear()
            _PG_PROCESSORS[sql] = processors
        else:
            records = await raw.fetch(sql, *args)
        if processors:
            rows = [tuple(p(v) if p is not None else v for p, v in zip(processors, r)) for r in records]
        else:
            rows = [tuple(r) for r in records]
        return _Result(rows, self.row_type, len(rows), self.key_returned)

    async def run_many_async(self, raw: Any, many: list[dict]) -> _Result:
        """The statement once for each set of parameters (an INSERT of
        several rows) on an asyncpg connection, in one exchange."""
        if self.compiled.post_compile_params or self.returns_rows is not False:
            raise exc.InvalidRequestError("only a plain INSERT, UPDATE or DELETE runs for several rows here")
        await raw.executemany(self.sql, [self._sql_args(one)[1] for one in many])
        return _Result([], None, -1)   # as the driver: the rows changed are not told

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
                row_type = _row_type(tuple(d[0] for d in cursor.description))
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

    def prepared(self, statement: ClauseElement, parameters: Any, at_once: bool = False) -> _Prepared | None:
        """The statement compiled for these parameters' names; None when it
        goes through SQLAlchemy (see the module's docstring). `at_once`:
        compiled at its first sight too (where nothing else could run it)."""
        if not isinstance(statement, ClauseElement) or (parameters is not None and not isinstance(parameters, dict)):
            return None
        # An INSERT or UPDATE's columns are those of its parameters.
        keys = tuple(sorted(parameters)) if isinstance(statement, UpdateBase) and parameters else ()
        key = id(statement)
        entry = self._by_id.get(key)
        if entry is None or entry[0]() is not statement:
            self._by_id[key] = (weakref.ref(statement, functools.partial(self._forget, key)), {})
            while len(self._by_id) > self.KEPT:
                self._by_id.popitem(last=False)
            # First seen: SQLAlchemy runs it, or it is compiled for this once
            # and not kept; a second time, it is compiled and kept.
            return self._compile(statement, list(keys) or None) if at_once else None
        self._by_id.move_to_end(key)
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


def _row_type(fields: tuple[str, ...]) -> type[_Row]:
    return type("Row", (_Row,), {"__slots__": (), "_fields": fields,
                                 "_index": {f: i for i, f in enumerate(fields)}})


def _changed(status: str | None, rows: int) -> int:
    """The rows a statement changed, from PostgreSQL's command tag
    ("UPDATE 3", "INSERT 0 1"); a SELECT's, the rows it gave."""
    if status:
        last = status.rsplit(" ", 1)[-1]
        if last.isdigit() and not status.startswith("SELECT"):
            return int(last)
    return rows
