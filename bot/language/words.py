"""Word lists kept as data, and the pieces grammars are built from.

The grammar of each reader (its regular expressions, their groups, what may
stand before and after a word) is Python, next to the code that uses it;
the words it combines are data in ``bot/data/`` (plain words only, matched
as written), read once when the app starts.  ``Words`` reads such a file
and hands out its lists, checked, with errors that name the file and the
key; ``Loaded`` holds what was built from them.
"""
from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

from bot import DATA_DIR

__all__ = ["Loaded", "Words", "WordsError", "alt", "after", "not_after", "not_before"]

T = TypeVar("T")


class WordsError(ValueError):
    """A word file is missing, is not valid JSON, or lacks a list a grammar needs."""


class Words:
    """One JSON object of a word file (the whole file or one of its
    sections): its lists, checked as they are taken."""

    def __init__(self, doc: Mapping[str, Any], where: str) -> None:
        self._doc = doc
        self.where = where

    @classmethod
    def read(cls, name: str, data_dir: Path | None = None) -> Words:
        """The file ``name`` in ``data_dir`` (default bot/data/)."""
        path = Path(data_dir if data_dir is not None else DATA_DIR) / name
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise WordsError(f"{path}: cannot read ({exc.strerror or exc})") from exc
        except json.JSONDecodeError as exc:
            raise WordsError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
        if not isinstance(doc, dict):
            raise WordsError(f"{path}: must be a JSON object")
        return cls(doc, path.name)

    def _get(self, key: str) -> Any:
        if key not in self._doc:
            raise WordsError(f"{self.where}: {key!r} is missing")
        return self._doc[key]

    def _fail(self, key: str, what: str) -> WordsError:
        return WordsError(f"{self.where}.{key}: must be {what}")

    def section(self, key: str) -> Words:
        value = self._get(key)
        if not isinstance(value, dict):
            raise self._fail(key, "an object")
        return Words(value, f"{self.where}.{key}")

    def word(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value:
            raise self._fail(key, "a word")
        return value

    def words(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise self._fail(key, "a list of words")
        return tuple(value)

    def number(self, key: str) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._fail(key, "a whole number")
        return value

    def numbers(self, key: str) -> dict[str, int]:
        """A table of words and the whole numbers they stand for."""
        value = self._get(key)
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and k and isinstance(v, int) and not isinstance(v, bool) for k, v in value.items()):
            raise self._fail(key, "an object of words and whole numbers")
        return dict(value)

    def amounts(self, key: str) -> dict[str, float]:
        """A table of words and the amounts (whole or not) they stand for."""
        value = self._get(key)
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and k and isinstance(v, (int, float)) and not isinstance(v, bool)
                for k, v in value.items()):
            raise self._fail(key, "an object of words and numbers")
        return dict(value)

    def names(self, key: str) -> dict[str, str]:
        """A table of words and what each stands for (a name or a word)."""
        value = self._get(key)
        if not isinstance(value, dict) or not all(isinstance(k, str) and k and isinstance(v, str)
                                                  for k, v in value.items()):
            raise self._fail(key, "an object of words and names")
        return dict(value)

    def lists(self, key: str) -> dict[str, tuple[str, ...]]:
        """A table of names (or words) and a list of words for each."""
        value = self._get(key)
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, list) and all(isinstance(w, str) and w for w in v)
                for k, v in value.items()):
            raise self._fail(key, "an object of lists of words")
        return {k: tuple(v) for k, v in value.items()}

    def as_dict(self) -> dict[str, Any]:
        return dict(self._doc)

    def raw(self, key: str) -> Any:
        """A value the caller checks itself."""
        return self._get(key)


class Loaded(Generic[T]):
    """What a module builds from its word file: the app builds it at start
    and sets it here; until then (tests, tools) the first use builds it from
    the shipped files.  Nothing is read at import."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._value: T | None = None

    def get(self) -> T:
        if self._value is None:
            self._value = self._build()
        return self._value

    def set(self, value: T) -> T:
        self._value = value
        return value


class KeptReadings:
    """What a pure reading of a message gave (an intent's scores, a post's
    fields), kept per message and per day: the conversation reads the same
    text again when it runs a second time for records it needed, and the
    same short answers come from many users. Valid only for the tables it
    was read with (the grammar, the typo list, the reference data: given
    as `tables`, compared by identity, since the app or a test may swap
    them); emptied when full. Keep only immutable results here."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._found: dict = {}
        self._tables: tuple = ()

    def get(self, key: Any, tables: tuple, read: Callable[[], T]) -> T:
        if len(tables) != len(self._tables) or not all(map(operator.is_, tables, self._tables)):
            self._found.clear()
            self._tables = tables
        try:
            found: T = self._found[key]
            return found
        except KeyError:
            pass
        if len(self._found) >= self.size:
            self._found.clear()
        value = self._found[key] = read()
        return value


# ---------------------------------------------------------------------------
# Pieces of patterns made from word lists


def alt(words: Iterable[str], *, escape: bool = True) -> str:
    """A non-capturing alternation, longest words first (so the regular
    expression prefers the longest word at a position); never matches when
    there are no words."""
    items = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not items:
        return "(?!)"
    return "(?:" + "|".join(re.escape(w) if escape else w for w in items) + ")"


def not_after(words: Iterable[str] = (), chars: str = "") -> str:
    """Look-behinds: not right after any of the words, nor after any of the
    characters of ``chars`` (already written for a character class, such as
    ``0-9.``)."""
    words = sorted(set(words))
    singles = chars + "".join(re.escape(w) for w in words if len(w) == 1)
    out = f"(?<![{singles}])" if singles else ""
    return out + "".join(f"(?<!{re.escape(w)})" for w in words if len(w) > 1)


def after(words: Iterable[str]) -> str:
    """A look-behind: right after one of the words."""
    words = sorted(set(words))
    singles = "".join(re.escape(w) for w in words if len(w) == 1)
    parts = ([f"(?<=[{singles}])"] if singles else []) + [f"(?<={re.escape(w)})" for w in words if len(w) > 1]
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def not_before(words: Iterable[str], chars: str = "") -> str:
    """A look-ahead: not followed by any of the words (or characters)."""
    words = tuple(words)
    parts = [alt(words)] if words else []
    if chars:
        parts.append(f"[{chars}]")
    return "(?!" + "|".join(parts) + ")" if parts else ""
