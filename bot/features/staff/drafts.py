"""What a user had filled in when they asked for a person ("human" in the
middle of a dialog, or with one kept for later): the dialog's answers as
(field, value) pairs that staff can read, so that they can help without
asking again. Pure: the saved dialog and the reference data in, plain
strings out; the labels are the staff's catalog's (`staff-draft-line`,
rendered by the Tickets service)."""
from __future__ import annotations

from typing import Any

from bot.engine.dialog import Dialog
from bot.features.ratings.rules import RULES as RATING_RULES
from bot.features.register.dialog import DEFAULTS as REGISTER_DEFAULTS
from bot.language.choices import choice_words
from bot.services.staff_notices import STAFF_LOCALE

# Slots whose value is an option code of a numbered choice (bot/data/choices.json):
# shown as that option's own first word ("daily" -> its Chinese word).
SLOT_CHOICES = {"kind": "complaint_kind", "method": "pay_method", "days": "days", "hours": "hours",
                "report_kind": "report_kind", "when": "class_time", "mode": "class_mode",
                "employer_kind": "employer_kind", "pick_action": "job_action", "decide": "decision",
                "topic": "guidance_topic"}   # the topic of a guidance visit (asked since the markets part of #14)
MAX_VALUE = 5000   # a story is kept whole (the staff notice shortens it to fit, with a pointer)
# What a dialog sets before asking anything (registration's defaults, changed later with the "more" word):
# not "filled in" unless an answer changed it. (A post's defaults stay: staff read them as the post
# would be published, e.g. person or company.)
DEFAULTS: dict[str, dict[str, Any]] = {"register": REGISTER_DEFAULTS}


def fields(dialog: type[Dialog], saved: dict[str, Any], refdata: Any) -> tuple[tuple[str, str], ...]:
    """The answers given so far, in the order the dialog asks its
    questions: (slot, the value as a person reads it). Unanswered and
    internal slots, and defaults nobody answered, are left out."""
    slots = saved.get("slots") or {}
    defaults = DEFAULTS.get(dialog.name, {})
    answered = {k for step in saved.get("history") or () if isinstance(step, dict)
                for k in [*(step.get("added") or ()), *(step.get("undo") or {})]}
    not_said = {k for k, v in defaults.items() if k not in answered and slots.get(k) == v}
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for state, question in dialog.questions.items():
        slot = question.slot or state.removeprefix("ask_")
        if slot in seen or slot not in slots or slot in not_said:
            continue
        seen.add(slot)
        value = slots[slot]
        if isinstance(value, dict):
            out.extend(_parts(slot, value))
            continue
        shown = _shown(slot, value, refdata)
        if shown:
            out.append((slot, shown))
    return tuple(out)


def _parts(slot: str, value: dict[str, Any]) -> list[tuple[str, str]]:
    """The answers kept as a small record: hours ("08:00-17:00") and pay
    (its amount, and its unit as a code the staff's catalog names)."""
    if value.get("start") or value.get("end"):
        return [(slot, f"{value.get('start') or '?'}-{value.get('end') or '?'}")]
    if value.get("min") is not None:
        low, high = value.get("min"), value.get("max")
        parts = [(slot, f"{low}-{high}" if high not in (None, low) else f"{low}")]
        if value.get("unit"):
            parts.append((f"{slot}_unit", str(value["unit"])))
        return parts
    return []


def _shown(slot: str, value: Any, refdata: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"     # the staff's words for them: `staff-draft-line`
    if not value or isinstance(value, dict):
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return _word(slot, value, refdata)[:MAX_VALUE]
    if isinstance(value, list):
        if all(isinstance(v, dict) for v in value):
            return str(len(value))            # photos, recordings: how many
        return "、".join(_word(slot, str(v), refdata) for v in value if v not in (None, ""))
    return ""


def _word(slot: str, value: str, refdata: Any) -> str:
    """A code as its name (a trade, an area, a market, a choice's option,
    a rating's words); anything else as typed."""
    choice = SLOT_CHOICES.get(slot)
    if choice is not None:
        words = choice_words(choice).words.get(value)
        if words:
            return words[0]
    if slot == "tags":
        rules = RATING_RULES.get()
        for tag in (*rules.employer_tags, *rules.worker_tags):
            if tag.code == value:
                return tag.text(STAFF_LOCALE)
    found = refdata.trade_by_code(value) or refdata.area_by_code(value) or refdata.market_by_code(value)
    return found.name if found is not None else value
