"""Every sentence a user sees lives in locales/<lang>/*.ftl (Fluent).

`Catalog.text(locale, id, **vars)` renders one message. A dialog does not
render text itself: it returns `Say(id, vars)` items, rendered here in the
user's language at the end of the turn.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fluent.runtime import FluentLocalization, FluentResourceLoader
from fluent.runtime.types import fluent_number

from bot import PACKAGE_DIR

LOCALES = ("zh_CN", "en")
FALLBACK = {"zh_CN": ["zh_CN", "en"], "en": ["en", "zh_CN"]}


@dataclass(frozen=True)
class Say:
    """A sentence to tell the user: a catalog id and its variables."""
    id: str
    vars: dict[str, Any] = field(default_factory=dict)


def say(msg_id: str, **vars: Any) -> Say:
    return Say(msg_id, vars)


@dataclass(frozen=True)
class Listed:
    """A variable that is a list of catalog words: each value is rendered
    with `msg_id` (as its variable `var`) and the results joined with the
    locale's `list-separator` ("、", ", "). A post held for several
    reasons names each in words, which one Fluent message cannot do."""
    msg_id: str
    var: str
    values: tuple[str, ...]


def find_locales_dir(explicit: Path | None = None) -> Path:
    candidates = [explicit] if explicit else []
    if os.environ.get("BOT_LOCALES_DIR"):
        candidates.append(Path(os.environ["BOT_LOCALES_DIR"]))
    candidates += [PACKAGE_DIR.parent / "locales", Path.cwd() / "locales"]
    for c in candidates:
        if c and (c / "zh_CN").is_dir():
            return c
    raise FileNotFoundError("no locales/ folder found; set BOT_LOCALES_DIR")


class _FileLoader(FluentResourceLoader):
    """fluent.runtime's loader leaves files open; this one closes them, and
    parses each file once: every locale falls back on the others, so
    without the cache each file would be parsed once per locale (Fluent's
    parser is pure Python, and parsing was most of the time to start)."""

    def __init__(self, roots) -> None:
        super().__init__(roots)
        self._parsed: dict[Path, Any] = {}

    def resources(self, locale, resource_ids):
        for root in self.roots:
            found = []
            for resource_id in resource_ids:
                path = Path(self.localize_path(os.path.join(root, resource_id), locale))
                if path.is_file():
                    found.append(self._parse(path))
            if found:
                yield found

    def _parse(self, path: Path):
        from fluent.syntax import FluentParser

        if path not in self._parsed:
            # Spans (source positions) are for editors; the runtime never reads them.
            self._parsed[path] = FluentParser(with_spans=False).parse(path.read_text(encoding="utf-8"))
        return self._parsed[path]


FORMATTED_KEPT = 4096


class Catalog:
    def __init__(self, locales_dir: Path | None = None) -> None:
        self.dir = find_locales_dir(locales_dir)
        self.resource_ids = sorted(p.name for p in (self.dir / "zh_CN").glob("*.ftl"))
        loader = _FileLoader(str(self.dir / "{locale}"))
        self._loc = {
            lang: FluentLocalization(FALLBACK[lang], self.resource_ids, loader, use_isolating=False)
            for lang in LOCALES
        }
        for loc in self._loc.values():
            list(loc._bundles())  # parse every file now, at start, not on a first message
        self._formatted: dict[tuple, str] = {}

    def text(self, locale: str, msg_id: str, **vars: Any) -> str:
        # The same prompts go out thousands of times a day: formatting with
        # Fluent costs more than the rest of a simple turn, so the text is
        # kept for each message, locale and set of values.
        try:
            key = (locale, msg_id, *sorted((k, type(v), v) for k, v in vars.items())) if vars else (locale, msg_id)
            found = self._formatted.get(key)
        except TypeError:  # a value that cannot be a key (a list): format it each time
            return self._format(locale, msg_id, vars)
        if found is None:
            found = self._format(locale, msg_id, vars)
            if len(self._formatted) >= FORMATTED_KEPT:
                self._formatted.clear()
            self._formatted[key] = found
        return found

    def _format(self, locale: str, msg_id: str, vars: dict[str, Any]) -> str:
        loc = self._loc.get(locale) or self._loc["zh_CN"]
        # Years, job numbers and phone-like numbers read wrong as "1,975":
        # numbers are shown without thousands separators.
        args = {k: fluent_number(v, useGrouping=False) if isinstance(v, int) and not isinstance(v, bool) else v
                for k, v in vars.items()}
        for k, v in args.items():
            if isinstance(v, Listed):
                sep = loc.format_value("list-separator")
                args[k] = sep.join(self.text(locale, v.msg_id, **{v.var: one}) for one in v.values) or "-"
        return loc.format_value(msg_id, args or None)

    def render(self, locale: str, items: list[Say]) -> str:
        return "\n".join(self.text(locale, s.id, **s.vars) for s in items).strip()

    def ids(self, locale: str) -> dict[str, set[str]]:
        """Message ids of one locale and the variables each uses (for tests)."""
        from fluent.syntax import FluentParser, ast

        found: dict[str, set[str]] = {}
        for name in self.resource_ids:
            path = self.dir / locale / name
            if not path.exists():
                continue
            res = FluentParser().parse(path.read_text(encoding="utf-8"))
            for entry in res.body:
                if isinstance(entry, ast.Message):
                    found[entry.id.name] = _variables(entry)
                elif isinstance(entry, ast.Junk):
                    raise ValueError(f"{path}: cannot parse: {(entry.content or '')[:80]!r}")
        return found


def _variables(node) -> set[str]:
    from fluent.syntax.visitor import Visitor as FluentVisitor

    names: set[str] = set()

    class Visitor(FluentVisitor):
        def visit_VariableReference(self, n):  # noqa: N802 (Fluent's naming)
            names.add(n.id.name)
            self.generic_visit(n)

    Visitor().visit(node)
    return names
