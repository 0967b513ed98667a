"""The hardship categories (clause 13: public-welfare posts go to those who
qualify) from bot/data/hardship_categories.json: each category's code, its
name in both languages and the words a worker may say for it. Read and
checked once when the app starts (never at import); a broken file stops
the start with one line naming the file and the key."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.language.nlu import normalise
from bot.language.words import Loaded, Words, WordsError

FILE = "hardship_categories.json"


@dataclass(frozen=True)
class Category:
    code: str
    zh: str
    en: str
    words: tuple[str, ...]        # normalised and lower-case, as answers are compared

    def label(self, locale: str) -> str:
        return self.zh if locale == "zh_CN" else self.en


@dataclass(frozen=True)
class Categories:
    categories: tuple[Category, ...]
    none_words: frozenset[str]    # the whole answer: "none of these"
    all_words: frozenset[str]     # the whole rest of a staff command: every category
    not_words: tuple[str, ...]    # a "not" left once the categories' words are taken out: unclear
    verified: bool                # the list was checked against Fujian's and Quanzhou's rules
    source: str
    check_with: str

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Categories:
        words = Words.read(FILE, data_dir)
        raw: Any = words.raw("categories")
        if not isinstance(raw, list) or not raw:
            raise WordsError(f"{words.where}.categories: must be a list of categories")
        out = []
        for n, c in enumerate(raw, 1):
            where = f"{words.where}.categories[{n}]"
            if not isinstance(c, dict) or not all(isinstance(c.get(k), str) and c.get(k) for k in ("code", "zh", "en")):
                raise WordsError(f"{where}: a category needs code, zh and en")
            said = Words(c, where).words("words")
            out.append(Category(c["code"], c["zh"], c["en"], tuple(_fold(w) for w in said)))
        if len({c.code for c in out}) != len(out):
            raise WordsError(f"{words.where}.categories: a code is used twice")
        verified = words.raw("verified")
        if not isinstance(verified, bool):
            raise WordsError(f"{words.where}.verified: must be true or false")
        return cls(tuple(out), frozenset(_fold(w) for w in words.words("none_words")),
                   frozenset(_fold(w) for w in words.words("all_words")),
                   tuple(_fold(w) for w in words.words("not_words")), verified,
                   words.word("source"), words.word("check_with"))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.categories)

    def by_code(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def labels(self, codes: Any, locale: str) -> str:
        """The categories' names, in the file's order ("-" for none)."""
        chosen = set(codes or ())
        return " / ".join(c.label(locale) for c in self.categories if c.code in chosen) or "-"

    def means_none(self, text: str) -> bool:
        return _fold(text) in self.none_words

    def means_all(self, text: str) -> bool:
        return _fold(text) in self.all_words

    def read(self, text: str) -> tuple[str, ...] | None:
        """The categories the words name ("I am disabled, on dibao": disabled,
        dibao), in the file's order; () when they name none; None when a
        "not" is left beside them ("I am not disabled"): unclear, ask again."""
        t = _fold(text)
        found = []
        for c in self.categories:
            hits = [w for w in c.words if w in t]
            if hits:
                found.append(c.code)
                for w in sorted(hits, key=len, reverse=True):
                    t = t.replace(w, " ")
        if found and any(w in t for w in self.not_words if _is_word(w, t)):
            return None
        return tuple(found)


def _fold(text: str) -> str:
    return normalise(text).lower().strip()


def _is_word(w: str, t: str) -> bool:
    """A Chinese "not" anywhere; an English one as a whole word."""
    if not w.isascii():
        return True
    return re.search(rf"\b{re.escape(w)}\b", t) is not None


# Set by the app at start (bot/features/hardship/__init__.py, load_data); tests
# and tools that never start the app get the shipped file on first use.
CATEGORIES: Loaded[Categories] = Loaded(Categories.load)
