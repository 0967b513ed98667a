"""What ratings are made of, from bot/data/ratings.json (staff edit it):
the tags each side picks from, words a comment may not contain, and when an
employer's average is low enough for staff to look. Read and checked once
when the app starts (never at import); a broken file stops the start with
one line naming the file and the key."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.language.nlu import normalise
from bot.language.words import Loaded, Words, WordsError

FILE = "ratings.json"


@dataclass(frozen=True)
class Tag:
    code: str
    zh: str
    en: str
    bad: bool = False     # a complaint, not praise
    flag: bool = False    # staff are told at once (wages not paid)

    def text(self, locale: str) -> str:
        return self.zh if locale == "zh_CN" else self.en


@dataclass(frozen=True)
class RatingRules:
    worker_tags: tuple[Tag, ...]      # what an employer says of a worker
    employer_tags: tuple[Tag, ...]    # what a worker says of an employer
    insults: tuple[str, ...]          # normalised and lower-case, as comments are compared
    low_average: float
    low_average_min_count: int

    @classmethod
    def load(cls, data_dir: Path | None = None) -> RatingRules:
        words = Words.read(FILE, data_dir)
        return cls(_tags(words, "worker_tags"), _tags(words, "employer_tags"),
                   tuple(normalise(w).lower() for w in words.words("insults")),
                   _positive(words, "low_average"), words.number("low_average_min_count"))

    def tags_for(self, role: str) -> tuple[Tag, ...]:
        """What the rater picks from: a worker rates the employer, an employer the worker."""
        return self.employer_tags if role == "worker" else self.worker_tags

    @property
    def flagged(self) -> frozenset[str]:
        """Tags a worker gives that staff hear of at once."""
        return frozenset(t.code for t in self.employer_tags if t.flag)


def _tags(words: Words, key: str) -> tuple[Tag, ...]:
    raw: Any = words.raw(key)
    if not isinstance(raw, list) or not raw:
        raise WordsError(f"{words.where}.{key}: must be a list of tags")
    out = []
    for n, t in enumerate(raw, 1):
        where = f"{words.where}.{key}[{n}]"
        if not isinstance(t, dict) or not all(isinstance(t.get(k), str) and t.get(k) for k in ("code", "zh", "en")):
            raise WordsError(f"{where}: a tag needs code, zh and en")
        out.append(Tag(t["code"], t["zh"], t["en"], bool(t.get("bad", False)), bool(t.get("flag", False))))
    if len({t.code for t in out}) != len(out):
        raise WordsError(f"{words.where}.{key}: a code is used twice")
    return tuple(out)


def _positive(words: Words, key: str) -> float:
    value = words.raw(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise WordsError(f"{words.where}.{key}: must be a number above 0")
    return float(value)


# Set by the app at start (bot/features/ratings/__init__.py, load_data); tests
# and tools that never start the app get the shipped file on first use.
RULES: Loaded[RatingRules] = Loaded(RatingRules.load)
