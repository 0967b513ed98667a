"""The policy Q&A knowledge base (clauses 11-13 and 17-19 of the city's
standard): entries kept by staff in ``bot/data/policies/<id>.json``, one
topic a file (see the README there), and retrieval of the entry a worker's
question is about.

Retrieval is BM25F over features of each entry's title, its sample
questions and (with little weight) its short answer, in both languages:

* words: the jieba tokens (the shared tokenizer with the trade and place
  user dictionary), minus stop words and punctuation; English plurals are
  folded to the singular;
* bigrams: character bigrams over each run of adjacent Chinese words, so that
  a question still matches when jieba cuts a term differently ("yang lao bao
  xian" as one word or two) and adjacent words count a little as a phrase.

The query is expanded with the table in ``bot/data/policy_synonyms.json``:
every phrase of it found in the question (longest first, not overlapping)
adds its synonyms, related words or corrected spelling with a lower weight.

``confident()`` decides whether the best hit is good enough to answer with.
A question is *anchored* to an entry when it names the entry's subject: it
shares a distinctive word of the title, itself or through a true synonym
(not a related word, which may be small talk, nor a typo guess).  An
anchored hit needs a modest score; one that is not needs a high score and a
clear lead over the second hit.  Off-topic messages ("what's the weather")
share at most an everyday word with some entry, so they are never anchored
and score low.

Everything is built once in ``PolicyBase.load()``; ``search()`` costs one
jieba cut, one regular-expression scan and a few dictionary look-ups (about
0.1 ms).
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot import DATA_DIR
from bot.language.nlu import normalise
from bot.language.words import KeptReadings

__all__ = [
    "POLICIES_DIR",
    "SYNONYMS_FILE",
    "Entry",
    "Hit",
    "PolicyBase",
    "PolicyBaseError",
    "Tuning",
]

POLICIES_DIR = DATA_DIR / "policies"
SYNONYMS_FILE = DATA_DIR / "policy_synonyms.json"

SHORT_MAX_BYTES = 600      # a short answer must be under this, UTF-8
SHORT_MAX_LINES = 4
DETAILS_MAX_BYTES = 1500   # details must be under this, UTF-8
KEEP_ANSWERS = 1024        # questions whose search is kept (see `PolicyBase.search`)
QUESTIONS_RANGE = (8, 15)
RELATED_RANGE = (2, 3)

_TEXT_FIELDS = ("title", "title_en", "short", "short_en", "details", "details_en",
                "where", "where_en", "source", "checked")
_REQUIRED = (*_TEXT_FIELDS[:2], "questions", *_TEXT_FIELDS[2:], "related")
_ALLOWED = frozenset({"id", *_REQUIRED, "note"})
_SYNONYM_KEYS = frozenset({"note", "synonym_weight", "related_weight", "typo_weight",
                           "synonyms", "related", "typos", "stop_words"})

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"^[{_HAN}]+$")
_WORDY_RE = re.compile(f"[0-9a-z{_HAN}]")


def _phrase_pattern(phrase: str) -> str:
    """A synonym-table phrase as a pattern: English words only as whole
    words ("fee" not inside "feel"), Chinese anywhere."""
    pattern = re.escape(phrase)
    if phrase[:1].isascii() and phrase[:1].isalnum():
        pattern = "(?<![a-z0-9])" + pattern
    if phrase[-1:].isascii() and phrase[-1:].isalnum():
        pattern += "(?![a-z0-9])"
    return pattern


def _stem(word: str) -> str:
    """A plain English plural to its singular ("wages", "markets"), so that
    English questions meet the English titles and answers."""
    if len(word) > 3 and word.isascii() and word.isalpha():
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith("s") and not word.endswith("ss"):
            return word[:-1]
    return word


class PolicyBaseError(ValueError):
    """A policy file or the synonym file is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    title_en: str
    questions: tuple[str, ...]
    short: str
    short_en: str
    details: str
    details_en: str
    where: str
    where_en: str
    source: str
    checked: str
    related: tuple[str, ...]

    def text(self, field: str, locale: str = "zh_CN") -> str:
        """``title``, ``short``, ``details`` or ``where`` in the user's
        language (English for any locale starting with "en")."""
        return getattr(self, f"{field}_en" if locale.lower().startswith("en") else field)


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    #: the question shares a distinctive word of the entry's title (itself
    #: or through a synonym)
    anchored: bool = True


@dataclass(frozen=True)
class Tuning:
    """Retrieval and confidence parameters, tuned on
    bot/data/policy_eval.json (python -m bot.language.policy_eval)."""
    k1: float = 1.2
    b: float = 0.5
    bigram_weight: float = 0.5
    field_weights: tuple[tuple[str, float], ...] = (
        ("title", 2.0), ("questions", 1.0), ("short", 0.25), ("title_en", 2.0), ("short_en", 1.0),
        ("details_en", 0.25))
    anchor_idf: float = 0.6     # title words in more entries than this allows are not anchors
    min_score: float = 3.0      # an anchored best hit must score at least this
    strong_score: float = 9.0   # one not anchored must score at least this
    min_margin: float = 0.2     # ... and lead the second by this share of its score


# ---------------------------------------------------------------------------
# Loading and validation


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PolicyBaseError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise PolicyBaseError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc


def _text(doc: Mapping[str, Any], key: str, where: str) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PolicyBaseError(f"{where}: field {key!r} must be a non-empty string")
    return value.strip()


def _string_list(doc: Mapping[str, Any], key: str, where: str, bounds: tuple[int, int]) -> tuple[str, ...]:
    value = doc.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PolicyBaseError(f"{where}: field {key!r} must be a list of non-empty strings")
    items = tuple(v.strip() for v in value)
    if not bounds[0] <= len(items) <= bounds[1]:
        raise PolicyBaseError(f"{where}: field {key!r} must have {bounds[0]} to {bounds[1]} items, has {len(items)}")
    if len(set(items)) != len(items):
        raise PolicyBaseError(f"{where}: field {key!r} has repeated items")
    return items


def _entry_from(doc: Any, path: Path | str) -> Entry:
    where = str(path)
    if not isinstance(doc, dict):
        raise PolicyBaseError(f"{where}: must be one JSON object (one entry)")
    missing = [k for k in ("id", *_REQUIRED) if k not in doc]
    if missing:
        raise PolicyBaseError(f"{where}: missing field(s) {missing}")
    unknown = sorted(set(doc) - _ALLOWED)
    if unknown:
        raise PolicyBaseError(f"{where}: unknown field(s) {unknown}")
    entry_id = doc["id"]
    if not isinstance(entry_id, str) or not _ID_RE.match(entry_id):
        raise PolicyBaseError(f"{where}: id {entry_id!r} must be lower-case ASCII words joined by '-'")
    texts = {k: _text(doc, k, where) for k in _TEXT_FIELDS}
    for key in ("short", "short_en"):
        size = len(texts[key].encode("utf-8"))
        if size >= SHORT_MAX_BYTES:
            raise PolicyBaseError(f"{where}: {key!r} is {size} bytes; it must be under {SHORT_MAX_BYTES}")
        lines = len(texts[key].splitlines())
        if lines > SHORT_MAX_LINES:
            raise PolicyBaseError(f"{where}: {key!r} has {lines} lines; at most {SHORT_MAX_LINES}")
    for key in ("details", "details_en"):
        size = len(texts[key].encode("utf-8"))
        if size >= DETAILS_MAX_BYTES:
            raise PolicyBaseError(f"{where}: {key!r} is {size} bytes; it must be under {DETAILS_MAX_BYTES}")
    try:
        date.fromisoformat(texts["checked"])
    except ValueError:
        raise PolicyBaseError(f"{where}: 'checked' must be a date like 2026-11-27, not {texts['checked']!r}") from None
    related = _string_list(doc, "related", where, RELATED_RANGE)
    if entry_id in related:
        raise PolicyBaseError(f"{where}: 'related' lists the entry itself")
    return Entry(id=entry_id, questions=_string_list(doc, "questions", where, QUESTIONS_RANGE),
                 related=related, **texts)


def load_entries(folder: Path | None = None) -> tuple[Entry, ...]:
    """Every entry in ``folder`` (default bot/data/policies), validated:
    required fields, sizes, unique ids, related ids that exist."""
    folder = Path(folder) if folder is not None else POLICIES_DIR
    if not folder.is_dir():
        raise PolicyBaseError(f"{folder}: no such folder")
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise PolicyBaseError(f"{folder}: no policy files (*.json)")
    entries: list[Entry] = []
    seen: dict[str, Path] = {}
    for path in paths:
        entry = _entry_from(_read_json(path), path)
        if entry.id in seen:
            raise PolicyBaseError(f"{path}: id {entry.id!r} is already used by {seen[entry.id]}")
        seen[entry.id] = path
        entries.append(entry)
    # After the duplicate check: a copied file whose id was not changed is
    # reported as a duplicate, which says more than a name mismatch.
    for entry in entries:
        if entry.id != seen[entry.id].stem:
            raise PolicyBaseError(f"{seen[entry.id]}: id {entry.id!r} must equal the file name "
                                  f"({seen[entry.id].stem!r})")
    for entry in entries:
        unknown = [r for r in entry.related if r not in seen]
        if unknown:
            raise PolicyBaseError(f"{seen[entry.id]}: related id(s) {unknown} do not exist")
    return tuple(entries)


def entries_from_docs(docs: Iterable[Any], source: str = "policies") -> tuple[Entry, ...]:
    """Entries from their JSON documents (rows of the `policies` table, or
    an exported file), validated as the files are: required fields, sizes,
    unique ids, related ids that exist. Errors name the entry."""
    entries: list[Entry] = []
    seen: set[str] = set()
    for n, doc in enumerate(docs, 1):
        name = doc.get("id") if isinstance(doc, dict) else None
        where = f"{source}: entry {n}" + (f" ({name})" if isinstance(name, str) else "")
        entry = _entry_from(doc, where)
        if entry.id in seen:
            raise PolicyBaseError(f"{where}: id {entry.id!r} is used twice")
        seen.add(entry.id)
        entries.append(entry)
    for entry in entries:
        unknown = [r for r in entry.related if r not in seen]
        if unknown:
            raise PolicyBaseError(f"{source}: entry ({entry.id}): related id(s) {unknown} do not exist")
    return tuple(entries)


@dataclass(frozen=True)
class _Lexicon:
    stop_words: frozenset[str]
    #: phrase found in a question -> {phrase to add: weight}
    expansions: dict[str, dict[str, float]]
    #: phrase of the synonyms section -> itself and its synonyms: a question
    #: with the phrase names what they name (everyday "related" words and
    #: typos add weight but name nothing: "kuai di" may be a parcel)
    naming: dict[str, frozenset[str]]


def _weight(doc: Mapping[str, Any], key: str, default: float, where: str) -> float:
    value = doc.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise PolicyBaseError(f"{where}: {key!r} must be a number in (0, 1]")
    return float(value)


def _phrase(word: Any, where: str) -> str:
    if not isinstance(word, str):
        raise PolicyBaseError(f"{where}: {word!r} is not a string")
    w = normalise(word).lower()
    if len(w) < 2:
        raise PolicyBaseError(f"{where}: {word!r} is too short; phrases need at least two characters")
    return w


def _groups(doc: Mapping[str, Any], key: str, where: str) -> list[tuple[str, list[str]]]:
    table = doc.get(key, {})
    if not isinstance(table, dict) or not all(isinstance(v, list) for v in table.values()):
        raise PolicyBaseError(f"{where}: {key!r} must map a word to a list of words")
    return [(_phrase(k, f"{where}: {key}"), [_phrase(v, f"{where}: {key} of {k!r}") for v in values])
            for k, values in table.items()]


def load_lexicon(path: Path | None = None) -> _Lexicon:
    """The synonym table (default bot/data/policy_synonyms.json): in
    ``synonyms`` and ``related`` a key and each of its words stand for each
    other (the words of one key not for one another); ``typos`` map a wrong
    spelling to the right word; ``stop_words`` are left out of matching."""
    path = Path(path) if path is not None else SYNONYMS_FILE
    where = str(path)
    doc = _read_json(path)
    if not isinstance(doc, dict):
        raise PolicyBaseError(f"{where}: must be a JSON object")
    unknown = sorted(set(doc) - _SYNONYM_KEYS)
    if unknown:
        raise PolicyBaseError(f"{where}: unknown field(s) {unknown}")
    syn_w = _weight(doc, "synonym_weight", 0.5, where)
    rel_w = _weight(doc, "related_weight", 0.4, where)
    typo_w = _weight(doc, "typo_weight", 0.9, where)
    stops = doc.get("stop_words", [])
    if not isinstance(stops, list) or not all(isinstance(s, str) and s.strip() for s in stops):
        raise PolicyBaseError(f"{where}: 'stop_words' must be a list of words")
    typos = doc.get("typos", {})
    if not isinstance(typos, dict) or not all(isinstance(v, str) for v in typos.values()):
        raise PolicyBaseError(f"{where}: 'typos' must map a wrong spelling to the right word")

    expansions: dict[str, dict[str, float]] = defaultdict(dict)
    naming: dict[str, set[str]] = defaultdict(set)

    def add(src: str, dst: str, weight: float) -> None:
        if src != dst:
            expansions[src][dst] = max(weight, expansions[src].get(dst, 0.0))

    for key, values in _groups(doc, "synonyms", where):
        naming[key].add(key)
        for v in values:
            add(key, v, syn_w)
            add(v, key, syn_w)
            naming[key].add(v)
            naming[v].update((v, key))
    for key, values in _groups(doc, "related", where):
        for v in values:
            add(key, v, rel_w)
            add(v, key, rel_w)
    for wrong, right in typos.items():
        w, r = _phrase(wrong, f"{where}: typos"), _phrase(right, f"{where}: typos")
        if w in expansions:
            raise PolicyBaseError(f"{where}: typos: {wrong!r} is also a word of synonyms or related")
        add(w, r, typo_w)
    return _Lexicon(frozenset(normalise(s).lower() for s in stops), dict(expansions),
                    {p: frozenset(n) for p, n in naming.items()})


# ---------------------------------------------------------------------------
# The index


class PolicyBase:
    def __init__(self, entries: Iterable[Entry], tokenizer, lexicon: _Lexicon,
                 tuning: Tuning | None = None, source: Path | None = None) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.tuning = tuning or Tuning()
        self.source = source
        self._tokenizer = tokenizer
        self._stop = lexicon.stop_words
        self._by_id = {e.id: e for e in self.entries}
        self._answers = KeptReadings(KEEP_ANSWERS)
        # Synonym phrases, longest first: one regular-expression scan finds
        # them without overlaps, a longer phrase winning over its parts.
        phrases = sorted(lexicon.expansions, key=lambda p: (-len(p), p))
        self._phrase_re = re.compile("|".join(map(_phrase_pattern, phrases))) if phrases else None
        self._expansions = {p: self._expand_features(targets) for p, targets in lexicon.expansions.items()}
        # The features of what a phrase of the synonyms section names, for
        # anchoring.
        self._anchor_words = {p: frozenset(f for n in names for f in self._features(n))
                              for p, names in lexicon.naming.items()}
        self._build()

    @classmethod
    def load(cls, tokenizer, folder: Path | None = None, *, synonyms: Path | None = None,
             tuning: Tuning | None = None) -> "PolicyBase":
        """Read and validate every policy file in ``folder`` (default
        bot/data/policies) and the synonym table, and build the index.
        Raises PolicyBaseError (a ValueError) naming the file at fault."""
        folder = Path(folder) if folder is not None else POLICIES_DIR
        return cls(load_entries(folder), tokenizer, load_lexicon(synonyms), tuning, folder)

    # -- features --------------------------------------------------------

    def _features(self, text: str) -> dict[str, float]:
        """Words (weight 1) and bigrams of adjacent Chinese words
        (bigram_weight), counted per occurrence."""
        feats: dict[str, float] = defaultdict(float)
        run: list[str] = []
        bw = self.tuning.bigram_weight

        def flush() -> None:
            s = "".join(run)
            for i in range(len(s) - 1):
                feats["b:" + s[i:i + 2]] += bw
            run.clear()

        for tok in self._tokenizer.lcut(normalise(text).lower()):
            tok = tok.strip()
            if not tok or not _WORDY_RE.search(tok) or tok in self._stop:
                flush()
                continue
            if _HAN_RE.match(tok):
                run.append(tok)
            else:
                flush()
                tok = _stem(tok)
            feats["w:" + tok] += 1.0
        flush()
        return feats

    def _title_words(self, title: str) -> list[str]:
        """A title's words of two or more characters (three or more for
        English) and the bigrams inside its Chinese words: what a question
        names when it names the entry's subject."""
        out: list[str] = []
        for tok in self._tokenizer.lcut(normalise(title).lower()):
            tok = tok.strip()
            if tok in self._stop or not _WORDY_RE.search(tok):
                continue
            if _HAN_RE.match(tok):
                if len(tok) >= 2:
                    out.append("w:" + tok)
                    out.extend("b:" + tok[i:i + 2] for i in range(len(tok) - 1) if len(tok) > 2)
            elif len(tok) >= 3:
                out.append("w:" + _stem(tok))
        return out

    def _expand_features(self, targets: Mapping[str, float]) -> dict[str, float]:
        out: dict[str, float] = {}
        for phrase, weight in targets.items():
            for f, w in self._features(phrase).items():
                out[f] = max(out.get(f, 0.0), min(w, 1.0) * weight)
        return out

    def _query(self, text: str) -> tuple[dict[str, float], frozenset[str], list[str]]:
        """The weighted query features (the text's own, and those of the
        synonyms of the table's phrases found in it), the text's own
        features, and the phrases found."""
        own = self._features(text)
        query = {f: min(w, 1.0) for f, w in own.items()}
        found = self._phrase_re.findall(normalise(text).lower()) if self._phrase_re is not None else []
        for phrase in found:
            for f, w in self._expansions[phrase].items():
                if w > query.get(f, 0.0):
                    query[f] = w
        return query, frozenset(own), found

    def _anchored(self, i: int, own: frozenset[str], found: list[str]) -> bool:
        """Whether the question names entry i's subject: it shares a
        distinctive word or bigram of the entry's title, itself or through
        a phrase of the synonyms section (not related words, not typos)."""
        anchors = self._anchors[i]
        return not own.isdisjoint(anchors) or any(
            not anchors.isdisjoint(self._anchor_words.get(p, ())) for p in found)

    # -- index -----------------------------------------------------------

    def _build(self) -> None:
        t = self.tuning
        weights = dict(t.field_weights)
        docs: list[dict[str, float]] = []
        lengths: list[float] = []
        for e in self.entries:
            tf: dict[str, float] = defaultdict(float)
            length = 0.0
            for field, fw in weights.items():
                texts = e.questions if field == "questions" else (getattr(e, field),)
                for text in texts:
                    for f, n in self._features(text).items():
                        tf[f] += fw * n
                        length += fw * n
            docs.append(dict(tf))
            lengths.append(length)
        n_docs = len(docs)
        avg = sum(lengths) / n_docs if n_docs else 1.0
        df: dict[str, int] = defaultdict(int)
        for tf in docs:
            for f in tf:
                df[f] += 1
        self._idf = {f: math.log(1.0 + (n_docs - n + 0.5) / (n + 0.5)) for f, n in df.items()}
        # Anchors: the title words (either language) that few entries share.
        self._anchors = [frozenset(f for f in (*self._title_words(e.title), *self._title_words(e.title_en))
                                   if self._idf.get(f, 0.0) >= t.anchor_idf)
                         for e in self.entries]
        # Postings hold each feature's BM25 term score per entry, so that a
        # search only multiplies by the query weight and adds.
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, (tf, length) in enumerate(zip(docs, lengths)):
            norm = t.k1 * (1.0 - t.b + t.b * length / avg)
            for f, n in tf.items():
                self._postings[f].append((i, self._idf[f] * n * (t.k1 + 1.0) / (n + norm)))
        self._postings = dict(self._postings)

    # -- API -------------------------------------------------------------

    def search(self, text: str, k: int = 3) -> list[Hit]:
        """The k entries that best match the question, best first (only
        entries that share something with it)."""
        # A turn that asks for records runs its conversation again, and the
        # same question is asked twice: the answer is kept per text (the
        # base never changes; staff changes build a new one).
        return list(self._answers.get((text, k), (), lambda: tuple(self.rank(text, k))))

    def rank(self, text: str, k: int = 3) -> list[Hit]:
        """`search` itself, without the answers kept (what policy-eval times)."""
        query, own, found = self._query(text)
        scores: dict[int, float] = defaultdict(float)
        for f, qw in query.items():
            for i, s in self._postings.get(f, ()):
                scores[i] += qw * s
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:max(k, 0)]
        return [Hit(self.entries[i], round(s, 4), self._anchored(i, own, found)) for i, s in best if s > 0]

    def confident(self, hits: list[Hit]) -> bool:
        """Whether the best hit is good enough to answer with. When the
        question names the entry's subject (anchored), a score of min_score
        is enough; otherwise the score must reach strong_score and lead the
        second hit by min_margin (a share of the best score)."""
        if not hits:
            return False
        t = self.tuning
        top = hits[0]
        if top.anchored:
            return top.score >= t.min_score
        second = hits[1].score if len(hits) > 1 else 0.0
        return top.score >= t.strong_score and top.score - second >= t.min_margin * top.score

    def entry(self, id: str) -> Entry | None:  # noqa: A002 (the brief's name)
        return self._by_id.get(id)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)
