"""Numbered choices answered in words: each option's own words and the
synonyms people use for it (bot/data/choices.json), per choice.

A dialog names its choice (``Choice("days", [...])`` in bot/engine/answers.py);
the words are read here once at start (``Choices.load``, then ``use``) and
looked up by that name.  ``ChoiceWords.match`` finds which offered options
the words point to: every word of every option found in the message,
except a word inside a longer one that was found too (the "want" of "do not want" is
not a yes).  Nothing is read at import.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from bot.language.nlu import normalise
from bot.language.words import Loaded, Words, WordsError, alt

CHOICES_FILE = "choices.json"

# A Latin word is matched as a whole word ("any" is not in "company").
_LATIN = re.compile(r"^[a-z0-9 '\-]+$")


@dataclass(frozen=True)
class ChoiceWords:
    """One choice's words: option code -> the words that mean it."""

    name: str
    words: dict[str, tuple[str, ...]]

    def match(self, text: str, options: Sequence[str]) -> list[str]:
        """The options (of those offered) that ``text`` names, in the
        order offered; empty when none."""
        t = normalise(text).lower()
        if not t or not self._any_word.search(t):
            return []   # most messages name no option: one scan in C, not a find per word
        found: list[tuple[int, int, str]] = []
        for code in options:
            for word in self.words.get(code, ()):
                found.extend((start, start + len(word), code) for start in _occurrences(t, word))
        # A word lying inside a longer word found at the same place is part of that word.
        kept = {code for start, end, code in found
                if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in found)}
        return [code for code in options if code in kept]

    def without(self, text: str, options: Sequence[str] | None = None, instead: str = "") -> str:
        """``text`` normalised and in lower case, with the words of
        ``options`` (every option's when None) taken out, the longest first:
        what it says besides naming them."""
        t = normalise(text).lower()
        for word in self._longest_first(tuple(self.words) if options is None else tuple(options)):
            t = t.replace(word, instead)
        return t

    def _longest_first(self, options: tuple[str, ...]) -> tuple[str, ...]:
        kept = self._longest_first_kept
        found = kept.get(options)
        if found is None:
            found = kept[options] = tuple(sorted({w for code in options for w in self.words.get(code, ())},
                                                 key=len, reverse=True))
        return found

    @functools.cached_property
    def _longest_first_kept(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        return {}

    @functools.cached_property
    def _any_word(self) -> re.Pattern[str]:
        """Any word of any option, anywhere (a Latin word's boundaries
        aside): found whenever `match` could find something."""
        return re.compile(alt(w for words in self.words.values() for w in words))


def _occurrences(text: str, word: str) -> list[int]:
    if _LATIN.match(word):
        return [m.start() for m in re.finditer(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text)]
    starts, at = [], text.find(word)
    while at >= 0:
        starts.append(at)
        at = text.find(word, at + 1)
    return starts


class Choices:
    """Every choice's words, by the choice's name."""

    def __init__(self, words: Words) -> None:
        self.by_name: dict[str, ChoiceWords] = {}
        for name in words.as_dict():
            if name == "note":
                continue
            table = words.lists(name)
            self.by_name[name] = ChoiceWords(name, {code: tuple(normalise(w).lower() for w in ws)
                                                    for code, ws in table.items()})

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Choices:
        return cls(Words.read(CHOICES_FILE, data_dir))

    def get(self, name: str) -> ChoiceWords:
        try:
            return self.by_name[name]
        except KeyError:
            raise WordsError(f"{CHOICES_FILE}: the choice {name!r} is missing") from None


_CHOICES: Loaded[Choices] = Loaded(Choices.load)


def choice_words(name: str) -> ChoiceWords:
    """The words of the choice ``name`` (as loaded at start)."""
    return _CHOICES.get().get(name)


def use(choices: Choices) -> Choices:
    """Make ``choice_words`` read ``choices`` (the app, at start)."""
    return _CHOICES.set(choices)
