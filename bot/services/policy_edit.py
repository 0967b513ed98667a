"""The staff console's policy editor (#15): what a changed knowledge-base
entry will look like to a user, and what it does to retrieval, before it
is saved.

* `edited(docs, doc)`: the knowledge base with one entry added or
  replaced (the form's document), as `save_policy` would make it;
* `build_base(docs, tokenizer)`: that knowledge base checked as an import
  is (a PolicyBaseError, a ValueError, names the field) and indexed, as
  StaffData builds it;
* `preview(base, entry_id, ...)`: the answer and the details exactly as
  the policy desk says them in WeChat (bot/features/policy/desk.py,
  rendered by the catalog and cut into WeChat's pages), in a language;
* `eval_diff(before, docs_after, tokenizer)`: `python -m bot policy-eval`'s
  figures (bot/language/policy_eval.py) on the index in use and on one
  built with the change, both off the event loop.

Nothing here writes: saving goes through staff_data.save_policy.
"""
from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.language.policy_kb import PolicyBase, load_lexicon

__all__ = ["EvalDiff", "Figures", "Preview", "build_base", "edited", "eval_diff", "form_doc", "preview"]

NO_CASES = "no cases"
#: The figures of the evaluation compared, in the order shown.
FIGURES = ("top1", "top3", "off_topic_rejected", "on_topic_rejected")


def edited(docs: Iterable[Mapping[str, Any]], doc: Mapping[str, Any]) -> list[dict]:
    """The entries with `doc` added, or in place of the entry of its id."""
    out = [dict(d) for d in docs if d.get("id") != doc.get("id")]
    out.append(dict(doc))
    return sorted(out, key=lambda d: str(d.get("id")))


def build_base(docs: Iterable[Any], tokenizer: Any) -> PolicyBase:
    """The index of these entries, checked first as an import checks them
    (a PolicyBaseError naming the entry and field). CPU work: call it in a
    thread."""
    from bot.services.staff_data import check_policies

    return PolicyBase(check_policies(list(docs), "policy"), tokenizer, load_lexicon())


# ---------------------------------------------------------------------------
# The form


def _lines(value: Any) -> list[str]:
    text = value if isinstance(value, str) else ""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _text(value: Any) -> str:
    text = value if isinstance(value, str) else ""
    return text.replace("\r\n", "\n").strip()


def form_doc(form: Mapping[str, Any], entry_id: str, note: str | None = None) -> dict:
    """An entry document from the edit form's fields: questions one a line,
    related ids one a line (or separated by commas or spaces), the texts
    with their line breaks; `note` kept from the stored entry."""
    doc: dict[str, Any] = {"id": entry_id}
    for key in ("title", "title_en"):
        doc[key] = _text(form.get(key))
    doc["questions"] = _lines(form.get("questions"))
    for key in ("short", "short_en", "details", "details_en", "where", "where_en", "source", "checked"):
        doc[key] = _text(form.get(key))
    related = _text(form.get("related")).replace(",", " ").replace("\u3001", " ").replace("\uff0c", " ")
    doc["related"] = related.split()
    note = _text(form.get("note")) if "note" in form else (note or "")
    if note:
        doc["note"] = note
    return doc


# ---------------------------------------------------------------------------
# The preview


@dataclass(frozen=True)
class Preview:
    """What a user reading `locale` gets: the answer when the knowledge
    base picks the entry, and the details when they ask for more; each a
    list of WeChat messages (pages of at most 2048 bytes)."""
    locale: str
    answer: list[str]
    details: list[str]


def preview(base: PolicyBase, entry_id: str, catalog: Any, refdata: Any, nlu: Any, rules: Any = None,
            locale: str = "zh_CN", now: float | None = None) -> Preview:
    """The entry as the policy desk says it, through the same code a turn
    runs (PolicyDesk, the catalog, the pagination): a user with no
    profile, asking with no place named (the minimum wage entry then shows
    the whole table)."""
    import time

    from bot.domain.session import Session
    from bot.features.policy.desk import PolicyDesk
    from bot.features.register.messages import WorkerProfile
    from bot.i18n import Say
    from bot.turn.conversation import Context
    from bot.turn.replies import paginate

    desk = PolicyDesk(base)
    ctx = Context(nlu, refdata, locale, "console-preview", time.time() if now is None else now, rules=rules,
                  data={WorkerProfile(): None})
    more = catalog.text(locale, "more-hint")

    def pages(items: list[Say]) -> list[str]:
        return paginate(catalog.render(locale, items), more)

    answer: list[Say] = []
    desk.answer_entry(entry_id, ctx, Session(locale=locale), answer)
    details: list[Say] = []
    desk.details(entry_id, ctx, details)
    return Preview(locale, pages(answer), pages(details))


# ---------------------------------------------------------------------------
# The evaluation, before and after


@dataclass(frozen=True)
class Figures:
    top1: float
    top3: float
    off_topic_rejected: float
    on_topic_rejected: float
    missed: list[str]                  # targets missed, as readable lines (policy_eval.targets_missed)
    misses: list[dict] = field(default_factory=list)   # questions whose best hit is wrong

    @classmethod
    def of(cls, report: Mapping[str, Any]) -> Figures:
        from bot.language.policy_eval import targets_missed

        return cls(report["top1"], report["top3"], report["off_topic_rejected"], report["on_topic_rejected"],
                   targets_missed(dict(report)), list(report["misses"]))


@dataclass(frozen=True)
class EvalDiff:
    """The evaluation on the knowledge base in use (None when there is none
    or it cannot be evaluated) and on the changed one (None: `error` says
    why, e.g. a case expects an entry the change removes)."""
    before: Figures | None
    after: Figures | None
    error: str = ""
    #: the index built with the change (for its preview)
    base: Any = field(default=None, compare=False, repr=False)

    @property
    def worse(self) -> list[str]:
        """The figures the change makes worse (on_topic_rejected: higher is worse)."""
        if self.before is None or self.after is None:
            return []
        out = []
        for name in FIGURES:
            b, a = getattr(self.before, name), getattr(self.after, name)
            if (a > b + 1e-9) if name == "on_topic_rejected" else (a < b - 1e-9):
                out.append(name)
        return out

    @property
    def new_misses(self) -> list[dict]:
        """Questions the change makes miss that were found before."""
        if self.before is None or self.after is None:
            return []
        had = {m["q"] for m in self.before.misses}
        return [m for m in self.after.misses if m["q"] not in had]


def _figures(kb: PolicyBase | None, cases: Path | None) -> Figures | None:
    from bot.language.policy_eval import evaluate

    if kb is None:
        return None
    return Figures.of(evaluate(cases, kb=kb))


def cases_file(cases: Path | None = None) -> Path | None:
    """The labeled questions, or None where they are not installed (the
    Docker image holds no tests/: the console says so)."""
    from bot.language.policy_eval import DEFAULT_CASES

    path = Path(cases) if cases is not None else DEFAULT_CASES
    return path if path.is_file() else None


async def eval_diff(before: PolicyBase | None, docs_after: list[dict], tokenizer: Any,
                    cases: Path | None = None) -> EvalDiff:
    """The evaluation before and after the change, and the index with the
    change (`base`). The index is built and both evaluations run in a
    worker thread (about half a second of CPU); a bad entry raises
    PolicyBaseError as build_base does. Without the labeled questions
    (`cases_file`), `error` is "no cases" and both figures None."""
    def run() -> EvalDiff:
        after_kb = build_base(docs_after, tokenizer)
        path = cases_file(cases)
        if path is None:
            return EvalDiff(None, None, NO_CASES, after_kb)
        try:
            old = _figures(before, path)
        except (OSError, ValueError):
            old = None
        try:
            return EvalDiff(old, _figures(after_kb, path), "", after_kb)
        except (OSError, ValueError) as exc:
            return EvalDiff(old, None, str(exc), after_kb)

    return await asyncio.to_thread(run)
