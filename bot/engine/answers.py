"""Answer parsers and prompts that several dialogs share."""
from __future__ import annotations

from typing import Any, Sequence, TypeVar

from bot.engine.dialog import Dialog, Invalid, Turn
from bot.language.nlu import parse_number

T = TypeVar("T")


def words_only(turn: Turn) -> str:
    """The answer's words; a picture or a sticker is not an answer here."""
    if turn.kind not in ("text", "voice") or not turn.text:
        raise Invalid("answer-needs-words")
    return turn.text


def pick(turn: Turn, options: Sequence[T]) -> T:
    """A numbered choice: '2' (or an ordinal or number word) picks options[1]."""
    n = parse_number(words_only(turn))
    if n is not None and 1 <= n <= len(options):
        return options[n - 1]
    raise Invalid("pick-a-number", max=len(options))


def yes_no(ctx: Any, turn: Turn) -> bool:
    """1 or a yes word: True; 2 or a no word: False."""
    text = words_only(turn)
    n = parse_number(text)
    if n in (1, 2):
        return n == 1
    answer = ctx.nlu.yes_no(text)
    if answer is None:
        raise Invalid("pick-a-number", max=2)
    return answer


def say_area_choices(dialog: Dialog, prompt: str) -> None:
    """The question, then Quanzhou's areas numbered, then how to share a location."""
    dialog.say(prompt)
    for i, area in enumerate(dialog.ctx.refdata.areas, 1):
        dialog.say("numbered", n=i, text=area.name)
    dialog.say("markets-or-location")


def area_from_answer(refdata: Any, text: str) -> str:
    """An area code from a number in the list, an area's name or a town's."""
    n = parse_number(text)
    if n is not None:
        if 1 <= n <= len(refdata.areas):
            return refdata.areas[n - 1].code
        raise Invalid("pick-a-number", max=len(refdata.areas))
    code = area_in_words(refdata, text)
    if code is None:
        raise Invalid("area-not-found")
    return code


def area_in_words(refdata: Any, text: str) -> str | None:
    areas = refdata.match_areas(text)
    if areas:
        return areas[0].code
    towns = refdata.match_towns(text)
    return towns[0][1].code if towns else None


def trades_from_answer(refdata: Any, turn: Turn, limit: int) -> list[str]:
    trades = refdata.match_trades(words_only(turn))
    if not trades:
        raise Invalid("trade-not-found")
    return list(dict.fromkeys(t.code for t in trades))[:limit]


def optional_text(ctx: Any, turn: Turn, limit: int) -> str:
    """Free text, or '' when the user says there is none or skips."""
    text = words_only(turn)
    if ctx.nlu.is_skip(text) or ctx.nlu.means_none(text):
        return ""
    return turn.raw_text.strip()[:limit]


def name_answer(turn: Turn) -> str:
    """A person's or company's name as typed, or a re-prompt."""
    from bot.language import parsing

    words_only(turn)
    name = parsing.parse_name(turn.raw_text)
    if name is None:
        raise Invalid("name-invalid")
    return name


def phone_answer(ctx: Any, turn: Turn, *, optional: bool = True, invalid: str = "phone-invalid") -> str:
    """A mobile number; '' when it is optional and the user skips."""
    from bot.language import parsing

    text = words_only(turn)
    if optional and ctx.nlu.is_skip(text):
        return ""
    phone = parsing.parse_mobile(text)
    if phone is None:
        raise Invalid(invalid)
    return phone


# A rating (average, how many) is shown once there are at least this many.
MIN_RATINGS_SHOWN = 3


def rating_vars(stats: tuple[float, int] | None) -> dict:
    """"4.6 points, 23 times", shown once there are at least three ratings
    (of an employer beside their jobs, of a worker beside their application)."""
    if not stats or stats[1] < MIN_RATINGS_SHOWN:
        return {"avg": "-", "count": 0}
    return {"avg": f"{stats[0]:.1f}", "count": stats[1]}
