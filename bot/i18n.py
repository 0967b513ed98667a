"""Every sentence a user sees lives in locales/<lang>/*.ftl (Fluent).

`Catalog.text(locale, id, **vars)` renders one message. A dialog does not
render text itself: it returns `Say(id, vars)` items, rendered here in the
user's language at the end of the turn.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
import functools
from typing import Any, Callable

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


class _Unsupported(Exception):
    """A message (or a value given it) the compiled form does not cover:
    Fluent's own resolver formats it."""


class _Compiled:
    """One message compiled to Python: a summary of thirteen lines with a
    worker's name in it cannot be kept for the next worker, and Fluent's
    resolver took about 40 us to format it (a tenth of a whole turn) where
    this takes a few. It covers what locales/ uses (text, string literals,
    variables, message references and selects on a variable, by string or
    number, with the locale's plural rules) and formats exactly as Fluent
    does (tests/unit/test_locales.py compares the two on every message);
    anything else raises _Unsupported at compile time or with the value."""
    __slots__ = ("parts",)

    def __init__(self, pattern: Any, messages: dict, plural_form: Callable[[Any], str], seen: frozenset = frozenset()):
        self.parts = [_compile_element(e, messages, plural_form, seen) for e in pattern.elements]

    def __call__(self, args: dict[str, Any]) -> str:
        return "".join([p if p.__class__ is str else p(args) for p in self.parts])


def _compiled_or_text(pattern: Any, messages: dict, plural_form: Callable[[Any], str], seen: frozenset) -> Any:
    """A pattern of text alone as its text, else compiled."""
    compiled = _Compiled(pattern, messages, plural_form, seen)
    return "".join(compiled.parts) if all(p.__class__ is str for p in compiled.parts) else compiled


def _compile_element(element: Any, messages: dict, plural_form: Callable[[Any], str], seen: frozenset) -> Any:
    from fluent.syntax import ast

    if isinstance(element, ast.TextElement):
        return element.value
    expr = element.expression if isinstance(element, ast.Placeable) else element
    if isinstance(expr, ast.Placeable):
        return _compile_element(expr, messages, plural_form, seen)
    if isinstance(expr, ast.StringLiteral):
        return expr.parse()["value"]
    if isinstance(expr, ast.VariableReference):
        return functools.partial(_arg_text, expr.id.name)
    if isinstance(expr, ast.MessageReference) and expr.attribute is None:
        target = messages.get(expr.id.name)
        if target is None or target.value is None or expr.id.name in seen:
            raise _Unsupported(expr.id.name)
        return _compiled_or_text(target.value, messages, plural_form, seen | {expr.id.name})
    if isinstance(expr, ast.SelectExpression) and isinstance(expr.selector, ast.VariableReference):
        variants = []
        default = None
        for variant in expr.variants:
            compiled = _compiled_or_text(variant.value, messages, plural_form, seen)
            key = variant.key.parse()["value"] if isinstance(variant.key, ast.NumberLiteral) else variant.key.name
            variants.append((key, compiled))
            if variant.default:
                default = compiled
        if default is None:
            raise _Unsupported("no default variant")
        return _Select(expr.selector.id.name, tuple(variants), default, plural_form)
    raise _Unsupported(type(expr).__name__)


def _arg_text(name: str, args: dict[str, Any]) -> str:
    value = args.get(name)
    if value.__class__ is str:
        return value
    if value.__class__ is int:
        return str(value)   # as fluent_number(value, useGrouping=False) writes it in zh_CN and en
    raise _Unsupported(name)


class _Select:
    """A select on a variable, matched as Fluent's `match` does: a number
    equals a number key or has the key's name as its plural category; a
    string equals a key's name, or is the plural category of a number key
    (the variants tried in order, the default else)."""
    __slots__ = ("name", "variants", "default", "plural_form", "by_name")

    def __init__(self, name: str, variants: tuple, default: Any, plural_form: Callable[[Any], str]) -> None:
        self.name, self.variants, self.default, self.plural_form = name, variants, default, plural_form
        # With names for keys only, a string finds its variant at once (the first of a name).
        self.by_name: dict[str, Any] | None = None
        if all(key.__class__ is str for key, _ in variants):
            self.by_name = {}
            for key, compiled in variants:
                self.by_name.setdefault(key, compiled)

    def __call__(self, args: dict[str, Any]) -> str:
        value = args.get(self.name)
        found: Any = None
        if value.__class__ is str:
            if self.by_name is not None:
                found = self.by_name.get(value)
            else:
                found = next((c for k, c in self.variants
                              if (k == value if k.__class__ is str else self.plural_form(k) == value)), None)
        elif value.__class__ is int:
            found = next((c for k, c in self.variants
                          if (k == value if k.__class__ is not str else self.plural_form(value) == k)), None)
        else:
            raise _Unsupported(self.name)
        if found is None:
            found = self.default
        return found if found.__class__ is str else found(args)


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
        # Each message compiled at its first use (None: Fluent formats it).
        self._compiled: dict[tuple[str, str], _Compiled | None] = {}

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
        compiled = self._compiled_for(locale, msg_id)
        if compiled is not None:
            args = {k: self._listed(locale, loc, v) if isinstance(v, Listed) else v for k, v in vars.items()}
            try:
                return compiled(args)
            except _Unsupported:
                pass
        return self._format_with_fluent(locale, msg_id, vars)

    def _listed(self, locale: str, loc: FluentLocalization, listed: Listed) -> str:
        sep = loc.format_value("list-separator")
        return sep.join(self.text(locale, listed.msg_id, **{listed.var: one}) for one in listed.values) or "-"

    def _compiled_for(self, locale: str, msg_id: str) -> _Compiled | None:
        key = (locale, msg_id)
        try:
            return self._compiled[key]
        except KeyError:
            pass
        compiled = None
        # As FluentLocalization: the first bundle of the fallback chain with the message.
        for bundle in (self._loc.get(locale) or self._loc["zh_CN"])._bundles():
            message = bundle._messages.get(msg_id)
            if message is not None and message.value is not None:
                try:
                    compiled = _Compiled(message.value, bundle._messages, bundle._plural_form, frozenset({msg_id}))
                except _Unsupported:
                    compiled = None
                break
        self._compiled[key] = compiled
        return compiled

    def _format_with_fluent(self, locale: str, msg_id: str, vars: dict[str, Any]) -> str:
        loc = self._loc.get(locale) or self._loc["zh_CN"]
        # Years, job numbers and phone-like numbers read wrong as "1,975":
        # numbers are shown without thousands separators.
        args = {k: fluent_number(v, useGrouping=False) if isinstance(v, int) and not isinstance(v, bool) else v
                for k, v in vars.items()}
        for k, v in args.items():
            if isinstance(v, Listed):
                args[k] = self._listed(locale, loc, v)
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
