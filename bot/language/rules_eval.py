"""Evaluate the content rules against a labeled set of job posts.

    python -m bot.language.rules_eval [CASES] [--rules RULES] [--json]

Each labeled post is "lawful" (should pass), "discriminatory", "scam" or
"below-minimum" (pay below the minimum wage; should be refused) or "borderline" (should go to staff review).  The report
gives, per label, how the posts were decided; precision and recall for
"should not be published as is" (refuse or review) and for refuse and review
separately; and every misclassified post.  The exit status is 1 when any
lawful post is refused (the one mistake that must never ship), 2 when a file
cannot be read, else 0.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bot import PACKAGE_DIR
from bot.language.rules import PAY_UNITS, ContentRules

__all__ = ["DEFAULT_CASES", "EXPECTED", "LABELS", "evaluate", "load_cases", "main"]

DEFAULT_CASES = PACKAGE_DIR.parent / "tests" / "unit" / "data" / "labeled_posts.json"
LABELS = ("discriminatory", "scam", "below-minimum", "borderline", "lawful")
EXPECTED = {"discriminatory": "refuse", "scam": "refuse", "below-minimum": "refuse", "borderline": "review",
            "lawful": "pass"}
_CASE_KEYS = frozenset({"id", "label", "text", "trade_category", "pay_amount", "pay_unit", "rules", "note"})


def load_cases(path: Path | None = None) -> list[dict[str, Any]]:
    """The labeled posts, checked for shape; ValueError naming the post."""
    path = Path(path) if path is not None else DEFAULT_CASES
    doc = json.loads(path.read_text(encoding="utf-8"))
    posts = doc.get("posts") if isinstance(doc, dict) else doc
    if not isinstance(posts, list) or not posts:
        raise ValueError(f"{path}: expected a non-empty 'posts' list")
    seen: set[str] = set()
    for i, post in enumerate(posts):
        where = f"{path}: posts[{i}]"
        if not isinstance(post, dict):
            raise ValueError(f"{where}: must be an object")
        pid = post.get("id")
        if not isinstance(pid, str) or not pid or pid in seen:
            raise ValueError(f"{where}: id {pid!r} missing or repeated")
        seen.add(pid)
        where = f"{path}: post {pid!r}"
        unknown = set(post) - _CASE_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}")
        if post.get("label") not in LABELS:
            raise ValueError(f"{where}: label {post.get('label')!r} is not one of {list(LABELS)}")
        if not isinstance(post.get("text"), str) or not post["text"].strip():
            raise ValueError(f"{where}: text missing")
        if post.get("pay_unit") is not None and post["pay_unit"] not in PAY_UNITS:
            raise ValueError(f"{where}: pay_unit {post['pay_unit']!r} is not one of {list(PAY_UNITS)}")
        if not isinstance(post.get("rules", []), list):
            raise ValueError(f"{where}: rules must be a list of rule ids")
    return posts


def _ratio(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision and recall; 1.0 when there was nothing to find or nothing
    was flagged (no error of that kind was possible)."""
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
    }


def _score(results: list[tuple[dict[str, Any], str]], positive, predicted) -> dict[str, Any]:
    tp = sum(1 for post, got in results if positive(post) and predicted(got))
    fp = sum(1 for post, got in results if not positive(post) and predicted(got))
    fn = sum(1 for post, got in results if positive(post) and not predicted(got))
    return _ratio(tp, fp, fn)


def evaluate(cases_path: Path | None = None, *, rules: ContentRules | None = None) -> dict[str, Any]:
    """Run the rules over the labeled posts and return the figures (see the
    module docstring).  ``rules`` defaults to ``ContentRules.load()``."""
    cases_path = Path(cases_path) if cases_path is not None else DEFAULT_CASES
    rules = rules if rules is not None else ContentRules.load()
    posts = load_cases(cases_path)
    known = set(rules.rule_ids)
    unknown = sorted({r for p in posts for r in p.get("rules", []) if r not in known})
    if unknown:
        raise ValueError(f"{cases_path}: expected rule ids not in the rules file: {unknown}")

    results: list[tuple[dict[str, Any], str]] = []
    by_label = {label: {"posts": 0, "pass": 0, "review": 0, "refuse": 0, "correct": 0} for label in LABELS}
    misclassified: list[dict[str, Any]] = []
    rule_misses: list[dict[str, Any]] = []
    rule_hits: Counter[str] = Counter()
    started = time.perf_counter()
    for post in posts:
        verdict = rules.check(post["text"], trade_category=post.get("trade_category"),
                              pay_amount=post.get("pay_amount"), pay_unit=post.get("pay_unit"))
        label, got = post["label"], verdict.decision
        expected = EXPECTED[label]
        results.append((post, got))
        row = by_label[label]
        row["posts"] += 1
        row[got] += 1
        hits = [{"rule": h.rule_id, "action": h.action, "matched": h.matched} for h in verdict.hits]
        rule_hits.update(h.rule_id for h in verdict.hits)
        if got == expected:
            row["correct"] += 1
        else:
            misclassified.append({"id": post["id"], "label": label, "expected": expected, "decision": got,
                                  "hits": hits, "text": post["text"]})
        missing = [r for r in post.get("rules", []) if r not in verdict.rule_ids]
        if missing:
            rule_misses.append({"id": post["id"], "missing": missing, "hits": hits, "text": post["text"]})
    elapsed = time.perf_counter() - started

    return {
        "cases": str(cases_path),
        "rules_file": str(rules.source) if rules.source else None,
        "rules": len(rules.rules),
        "posts": len(posts),
        "by_label": by_label,
        "flag": _score(results, lambda p: p["label"] != "lawful", lambda d: d != "pass"),
        "refuse": _score(results, lambda p: EXPECTED[p["label"]] == "refuse", lambda d: d == "refuse"),
        "review": _score(results, lambda p: EXPECTED[p["label"]] == "review", lambda d: d == "review"),
        "lawful_refused": [p["id"] for p, got in results if p["label"] == "lawful" and got == "refuse"],
        "misclassified": misclassified,
        "rule_misses": rule_misses,
        "rule_hits": dict(sorted(rule_hits.items())),
        "ms_per_post": 1000 * elapsed / len(posts),
    }


def _hits_text(hits: list[dict[str, Any]]) -> str:
    return ", ".join(f"{h['rule']}({h['action']}) {h['matched']!r}" for h in hits) or "no hits"


def _print_report(report: dict[str, Any], out) -> None:
    w = out.write
    w(f"rules: {report['rules']} content rules + pay check, from {report['rules_file']}\n")
    w(f"posts: {report['posts']}, from {report['cases']}\n\n")
    w(f"{'label':<16}{'posts':>6}{'pass':>6}{'review':>8}{'refuse':>8}{'correct':>9}\n")
    for label, row in report["by_label"].items():
        w(f"{label:<16}{row['posts']:>6}{row['pass']:>6}{row['review']:>8}{row['refuse']:>8}{row['correct']:>9}\n")
    w("\n")
    for key, title in (("flag", "should not be published as is (refuse or review)"),
                       ("refuse", "refuse (discriminatory, scam or below the minimum wage)"),
                       ("review", "review (borderline)")):
        s = report[key]
        w(f"{title}: precision {s['precision']:.3f}, recall {s['recall']:.3f} "
          f"(tp {s['tp']}, fp {s['fp']}, fn {s['fn']})\n")
    w(f"\nmisclassified: {len(report['misclassified'])}\n")
    for m in report["misclassified"]:
        w(f"  {m['id']} [{m['label']}] expected {m['expected']}, got {m['decision']}: {_hits_text(m['hits'])}\n"
          f"      {m['text']}\n")
    w(f"expected rules not hit: {len(report['rule_misses'])}\n")
    for m in report["rule_misses"]:
        w(f"  {m['id']} missing {', '.join(m['missing'])}; got {_hits_text(m['hits'])}\n      {m['text']}\n")
    w("\nhits per rule: " + ", ".join(f"{k} {v}" for k, v in report["rule_hits"].items()) + "\n")
    w(f"time: {report['ms_per_post']:.3f} ms per post\n")
    refused = report["lawful_refused"]
    w(f"lawful posts refused: {len(refused)}" + (f" ({', '.join(refused)})" if refused else "") + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.language.rules_eval",
                                     description="Evaluate the job-post content rules on a labeled set.")
    parser.add_argument("cases", nargs="?", type=Path, default=None,
                        help=f"labeled posts JSON (default {DEFAULT_CASES})")
    parser.add_argument("--rules", type=Path, default=None, help="content rules JSON (default the bot's own)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        rules = ContentRules.load(args.rules)
        report = evaluate(args.cases, rules=rules)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_report(report, sys.stdout)
    return 1 if report["lawful_refused"] else 0


if __name__ == "__main__":
    sys.exit(main())
