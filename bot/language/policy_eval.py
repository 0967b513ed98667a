"""Evaluate policy Q&A retrieval against a labeled set of questions.

    python -m bot.language.policy_eval [CASES] [--policies FOLDER] [--synonyms FILE] [--json]

Each case is a question as a user would type or say it and the id of the
entry it should find, or null for a question that has nothing to do with
policy (retrieval must not be confident about it).  The report gives top-1
and top-3 accuracy, how many on-topic questions were not answered
(confident() said no), how many off-topic questions were rejected, the time
per search, and every miss.  The exit status is 1 when a target is missed,
2 when a file cannot be read or is invalid, else 0.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from bot import DATA_DIR
from bot.language.nlu import normalise
from bot.language.policy_kb import PolicyBase

__all__ = ["DEFAULT_CASES", "TARGETS", "evaluate", "load_cases", "main", "targets_missed"]

# In the package (not under tests/): the staff console scores a change against it in production too.
DEFAULT_CASES = DATA_DIR / "policy_eval.json"

#: What the retrieval must reach on the labeled set.
TARGETS = {
    "top1": 0.85,                 # at least
    "top3": 0.95,                 # at least
    "off_topic_rejected": 1.0,    # at least: every off-topic question
    "on_topic_rejected": 0.05,    # at most
}
_CASE_KEYS = frozenset({"q", "id", "note"})


def load_cases(path: Path | None = None) -> list[dict[str, Any]]:
    """The labeled questions, checked for shape; ValueError naming the case."""
    path = Path(path) if path is not None else DEFAULT_CASES
    doc = json.loads(path.read_text(encoding="utf-8"))
    cases = doc.get("cases") if isinstance(doc, dict) else doc
    if not isinstance(cases, list) or not cases:
        raise ValueError(f"{path}: expected a non-empty 'cases' list")
    seen: set[str] = set()
    for i, case in enumerate(cases):
        where = f"{path}: cases[{i}]"
        if not isinstance(case, dict):
            raise ValueError(f"{where}: must be an object")
        unknown = set(case) - _CASE_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}")
        q = case.get("q")
        if not isinstance(q, str) or not q.strip():
            raise ValueError(f"{where}: 'q' (the question) missing")
        if q in seen:
            raise ValueError(f"{where}: question {q!r} is repeated")
        seen.add(q)
        if "id" not in case or not (case["id"] is None or isinstance(case["id"], str)):
            raise ValueError(f"{where}: 'id' must be an entry id, or null for an off-topic question")
    return cases


def _fold(text: str) -> str:
    return normalise(text).lower()


def evaluate(cases_path: Path | None = None, *, kb: PolicyBase | None = None) -> dict[str, Any]:
    """Search every labeled question and return the figures (see the module
    docstring).  ``kb`` defaults to the bot's own knowledge base."""
    cases_path = Path(cases_path) if cases_path is not None else DEFAULT_CASES
    if kb is None:
        from bot.app import language_resources

        kb = PolicyBase.load(language_resources()[1].tokenizer)
    cases = load_cases(cases_path)
    unknown = sorted({c["id"] for c in cases if c["id"] is not None and kb.entry(c["id"]) is None})
    if unknown:
        raise ValueError(f"{cases_path}: expected entry ids that do not exist: {unknown}")
    # An eval question copied into an entry's questions measures nothing.
    sample = {_fold(q): e.id for e in kb for q in e.questions}
    copied = [{"q": c["q"], "entry": sample[_fold(c["q"])]} for c in cases if _fold(c["q"]) in sample]

    on = [c for c in cases if c["id"] is not None]
    off = [c for c in cases if c["id"] is None]
    top1 = top3 = 0
    misses: list[dict[str, Any]] = []
    on_rejected: list[dict[str, Any]] = []
    off_accepted: list[dict[str, Any]] = []
    per_entry: dict[str, dict[str, int]] = {e.id: {"cases": 0, "top1": 0} for e in kb}
    started = time.perf_counter()
    for case in cases:
        hits = kb.search(case["q"], k=3)
        confident = kb.confident(hits)
        got = [{"id": h.entry.id, "score": h.score, "anchored": h.anchored} for h in hits]
        want = case["id"]
        if want is None:
            if confident:
                off_accepted.append({"q": case["q"], "got": got})
            continue
        ids = [h.entry.id for h in hits]
        per_entry[want]["cases"] += 1
        if ids[:1] == [want]:
            top1 += 1
            per_entry[want]["top1"] += 1
        if want in ids:
            top3 += 1
        if ids[:1] != [want]:
            misses.append({"q": case["q"], "want": want, "got": got, "confident": confident})
        if not confident:
            on_rejected.append({"q": case["q"], "want": want, "got": got})
    elapsed = time.perf_counter() - started

    # Timing on its own: the loop above also builds the report. The search
    # itself, not the answers it keeps (every question here was just asked).
    started = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        for case in cases:
            kb.rank(case["q"], k=3)
    ms_per_search = 1000 * (time.perf_counter() - started) / (rounds * len(cases))

    n_on, n_off = len(on), len(off)
    return {
        "cases": str(cases_path),
        "policies": str(kb.source) if kb.source else None,
        "entries": len(kb),
        "on_topic": n_on,
        "off_topic": n_off,
        "top1": top1 / n_on if n_on else 1.0,
        "top3": top3 / n_on if n_on else 1.0,
        "on_topic_rejected": len(on_rejected) / n_on if n_on else 0.0,
        "off_topic_rejected": (n_off - len(off_accepted)) / n_off if n_off else 1.0,
        "misses": misses,
        "on_topic_rejections": on_rejected,
        "off_topic_accepted": off_accepted,
        "copied_into_entries": copied,
        "per_entry": per_entry,
        "ms_per_search": ms_per_search,
        "ms_per_case_with_report": 1000 * elapsed / len(cases),
        "targets": dict(TARGETS),
    }


def targets_missed(report: dict[str, Any]) -> list[str]:
    """The targets the report misses, as readable lines (empty: all met)."""
    t = report["targets"]
    missed = []
    if report["top1"] < t["top1"]:
        missed.append(f"top-1 accuracy {report['top1']:.3f} < {t['top1']}")
    if report["top3"] < t["top3"]:
        missed.append(f"top-3 accuracy {report['top3']:.3f} < {t['top3']}")
    if report["off_topic_rejected"] < t["off_topic_rejected"]:
        missed.append(f"off-topic rejected {report['off_topic_rejected']:.3f} < {t['off_topic_rejected']}")
    if report["on_topic_rejected"] > t["on_topic_rejected"]:
        missed.append(f"on-topic rejected {report['on_topic_rejected']:.3f} > {t['on_topic_rejected']}")
    if report["copied_into_entries"]:
        missed.append(f"{len(report['copied_into_entries'])} eval question(s) copied into entries' questions")
    return missed


def _got(got: list[dict[str, Any]]) -> str:
    return ", ".join(f"{g['id']} {g['score']:.2f}{'' if g['anchored'] else ' (not anchored)'}"
                     for g in got) or "nothing"


def _print_report(report: dict[str, Any], out) -> None:
    w = out.write
    w(f"entries: {report['entries']}, from {report['policies']}\n")
    w(f"cases: {report['on_topic']} on-topic, {report['off_topic']} off-topic, from {report['cases']}\n\n")
    t = report["targets"]
    w(f"top-1 accuracy:      {report['top1']:.3f}  (target >= {t['top1']})\n")
    w(f"top-3 accuracy:      {report['top3']:.3f}  (target >= {t['top3']})\n")
    w(f"off-topic rejected:  {report['off_topic_rejected']:.3f}  (target >= {t['off_topic_rejected']})\n")
    w(f"on-topic rejected:   {report['on_topic_rejected']:.3f}  (target <= {t['on_topic_rejected']})\n")
    w(f"time:                {report['ms_per_search']:.3f} ms per search\n")
    w(f"\nmisses (top-1 wrong): {len(report['misses'])}\n")
    for m in report["misses"]:
        w(f"  {m['q']}\n      want {m['want']}; got {_got(m['got'])}"
          f"{'' if m['confident'] else '; not confident'}\n")
    w(f"on-topic not confident: {len(report['on_topic_rejections'])}\n")
    for m in report["on_topic_rejections"]:
        w(f"  {m['q']}\n      want {m['want']}; got {_got(m['got'])}\n")
    w(f"off-topic answered: {len(report['off_topic_accepted'])}\n")
    for m in report["off_topic_accepted"]:
        w(f"  {m['q']}\n      got {_got(m['got'])}\n")
    weak = {k: v for k, v in report["per_entry"].items() if v["cases"] == 0 or v["top1"] < v["cases"]}
    if weak:
        w("entries with misses or no cases: "
          + ", ".join(f"{k} {v['top1']}/{v['cases']}" for k, v in sorted(weak.items())) + "\n")
    for c in report["copied_into_entries"]:
        w(f"copied into {c['entry']}: {c['q']}\n")
    missed = targets_missed(report)
    w("\n" + ("targets met\n" if not missed else "TARGETS MISSED: " + "; ".join(missed) + "\n"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.language.policy_eval",
                                     description="Evaluate policy Q&A retrieval on a labeled set of questions.")
    parser.add_argument("cases", nargs="?", type=Path, default=None,
                        help=f"labeled questions JSON (default {DEFAULT_CASES})")
    parser.add_argument("--policies", type=Path, default=None,
                        help="folder of policy entries (default the bot's own)")
    parser.add_argument("--synonyms", type=Path, default=None,
                        help="synonym table JSON (default the bot's own)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        from bot.app import language_resources

        kb = PolicyBase.load(language_resources()[1].tokenizer, args.policies, synonyms=args.synonyms)
        report = evaluate(args.cases, kb=kb)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_report(report, sys.stdout)
    return 1 if targets_missed(report) else 0


if __name__ == "__main__":
    sys.exit(main())
