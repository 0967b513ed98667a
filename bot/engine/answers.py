"""Answer parsers and prompts that several dialogs share."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, Sequence, TypeVar, overload

from bot.engine.dialog import Dialog, Invalid, Turn
from bot.language.choices import choice_words
from bot.language.nlu import normalise, parse_number

T = TypeVar("T")


def words_only(turn: Turn) -> str:
    """The answer's words; a picture or a sticker is not an answer here,
    nor words that clearly ask for another service (`Turn.request`: "my complaints"
    is no address, "I want to find work" no name). The conversation then leaves the dialog."""
    text = _words(turn)
    if turn.request:
        raise Invalid("answer-needs-words")
    return text


def _words(turn: Turn) -> str:
    if turn.kind not in ("text", "voice") or not turn.text:
        raise Invalid("answer-needs-words")
    return turn.text


def said_alone(text: str, words: Sequence[str]) -> bool:
    """The message is one of these words and nothing else."""
    said = normalise(text).lower()
    return any(said == normalise(w).lower() for w in words if w)


@dataclass(frozen=True)
class Choice:
    """A numbered choice a dialog offers, by a name and the codes of its
    options in the order shown: the words of each option are the ones
    bot/data/choices.json keeps under that name. Every `Choice` made is
    listed in `Choice.made`, so a test can check that each option has
    words (a new option cannot be forgotten)."""

    name: str
    codes: tuple[str, ...]

    made: ClassVar[list[Choice]] = []

    def __post_init__(self) -> None:
        Choice.made.append(self)


YES_NO = Choice("yes_no", ("yes", "no"))


@overload
def pick(turn: Turn, options: Choice) -> str: ...
@overload
def pick(turn: Turn, options: Sequence[T], labels: Sequence[str] | None = None) -> T: ...


def pick(turn: Turn, options: Any, labels: Sequence[str] | None = None) -> Any:
    """A numbered choice, by its number ('2', an ordinal or a number word
    picks the second) or by its words: a `Choice`'s words, or for a list
    shown with `labels` (names of jobs, courses, markets ...) an
    unambiguous part of one label. Words that fit several options ask
    which, naming their numbers."""
    text = _words(turn)
    codes: Sequence[Any] = options.codes if isinstance(options, Choice) else options
    n = parse_number(text)
    if n is not None:
        if 1 <= n <= len(codes):
            return codes[n - 1]
        raise Invalid("pick-a-number", max=len(codes))
    if turn.request:
        # Words that ask for another service ("I want work paid by the day"
        # question) answer only when they are an option's own words alone.
        words = [w for c in codes for w in choice_words(options.name).words.get(c, ())] \
            if isinstance(options, Choice) else list(labels or ())
        if not said_alone(text, words):
            raise Invalid("pick-number-or-words", max=len(codes))
    if isinstance(options, Choice):
        found = [codes.index(c) for c in choice_words(options.name).match(text, options.codes)]
    elif labels is not None:
        found = _labels_in(text, labels)
    else:
        found = []
    if len(found) == 1:
        return codes[found[0]]
    if len(found) > 1:
        raise Invalid("pick-which", numbers=" / ".join(str(i + 1) for i in found))
    digit = _one_number_in(text)
    if digit is not None and 1 <= digit <= len(codes):
        return codes[digit - 1]
    raise Invalid("pick-number-or-words", max=len(codes))


def labels_in(text: str, labels: Sequence[str]) -> list[int]:
    """The indexes of the labels the words name (see `pick`); for a
    question that takes several at once."""
    return _labels_in(text, labels)


def _labels_in(text: str, labels: Sequence[str]) -> list[int]:
    """The labels the words name: a label said whole; else the labels
    that alone have a piece (two characters or more) of what was said
    ("Donghai station" names the one market called Donghai); else those
    that have all of it (a piece every label has names them all)."""
    said = normalise(text).lower()
    shown = [normalise(label).lower() for label in labels]
    whole = [i for i, label in enumerate(shown) if label and label in said]
    if whole or len(said) < 2:
        return whole
    pieces = {said[i:j] for i in range(len(said)) for j in range(i + 2, min(len(said), i + 12) + 1)
              if _whole_words(said, i, j)}
    only = {next(i for i, label in enumerate(shown) if _has(label, piece))
            for piece in pieces if sum(_has(label, piece) for label in shown) == 1}
    if only:
        return sorted(only)
    # Else the one label that has every part of what was said that any label has
    # ("Fengze gig market" for "Quanzhou Fengze District gig market").
    covered = [_covered(said, label) for label in shown]
    anywhere = set().union(*covered)
    fits = [i for i, c in enumerate(covered) if anywhere and c == anywhere]
    if len(fits) == 1:
        return fits
    return [i for i, label in enumerate(shown) if said in label]


def _covered(said: str, label: str) -> set[int]:
    """The positions of `said` inside a piece of it (two characters or more) that `label` has."""
    # Pieces of 12 at most, as above: a longer one's pieces cover the same.
    return {k for i in range(len(said)) for j in range(i + 2, min(len(said), i + 12) + 1)
            if _whole_words(said, i, j) and _has(label, said[i:j]) for k in range(i, j)}


def _latin(c: str) -> bool:
    return "a" <= c <= "z" or "0" <= c <= "9"


def _whole_words(text: str, i: int, j: int) -> bool:
    """text[i:j] does not cut a Latin word ("the one" has no piece "he")."""
    return not (i > 0 and _latin(text[i - 1]) and _latin(text[i])) \
        and not (j < len(text) and _latin(text[j - 1]) and _latin(text[j]))


def _has(label: str, piece: str) -> bool:
    """The label has the piece; a piece with Latin ends as whole words ("in" is not in "Lin")."""
    if not (_latin(piece[0]) or _latin(piece[-1])):
        return piece in label
    at = label.find(piece)
    while at >= 0:
        if _whole_words(label, at, at + len(piece)):
            return True
        at = label.find(piece, at + 1)
    return False


def _one_number_in(text: str) -> int | None:
    """The one number of a short answer around it ("I pick 3", "five
    points" said aloud); None when there is none or more than one."""
    from bot.language import parsing

    numbers = re.findall(r"[0-9]+", parsing.arabic_numerals(normalise(text)))
    return int(numbers[0]) if len(numbers) == 1 and len(numbers[0]) <= 2 else None


def yes_no(ctx: Any, turn: Turn, *, strict: bool = False) -> bool:
    """1 or a yes: True; 2 or a no: False. A yes or no word as the whole
    message, or (unless `strict`: an answer that cannot be undone) words
    that say yes or no among others ("yes, that is right")."""
    text = _words(turn)
    n = parse_number(text)
    if n in (1, 2):
        return n == 1
    answer = ctx.nlu.yes_no(text)
    if answer is not None:
        return bool(answer)
    found = ctx.nlu.intent(text)
    if strict or turn.request or (found is not None and found.name not in _NOT_A_REQUEST):
        # Words that ask for a service ("I want to complain" has "want" in
        # it) are not a yes among other words: the conversation sees a
        # change of mind.
        raise Invalid("pick-number-or-words", max=2)
    return pick(turn, YES_NO) == "yes"


# Intents that do not make a yes or no among other words something else.
_NOT_A_REQUEST = frozenset({"thanks", "greeting"})


UNDO, KEEP_IT = "undo", "keep"


def undo_answer(ctx: Any, turn: Turn, options: Choice, *, strict: bool = False) -> bool:
    """The answer to "cancel (withdraw, delete) this?", 1 to cancel, 2 to
    keep it: True cancels. `options` is a Choice of UNDO and KEEP_IT whose
    words say the cancel itself ("not going any more", "drop it") or
    keeping it ("still going", "do not cancel"): those answer, a yes beside
    the cancel's own words too ("yes, not going"); a no beside them, or
    words of both, ask again. Else a plain yes or no (`yes_no`); `strict`
    (what cannot be undone): nothing but the cancel's words and a yes."""
    text = words_only(turn)
    n = parse_number(text)
    if n in (1, 2):
        return n == 1
    words = choice_words(options.name)
    found = words.match(text, options.codes)
    if len(found) > 1:
        raise Invalid("pick-number-or-words", max=2)
    if found == [KEEP_IT]:
        return False
    if found == [UNDO]:
        rest = normalise(text).lower()
        for word in sorted(words.words.get(UNDO, ()), key=len, reverse=True):
            rest = rest.replace(word, " ")
        said = choice_words(YES_NO.name).match(rest, YES_NO.codes)
        if "no" in said or (strict and rest.strip() and not ctx.nlu.yes_no(rest)):
            raise Invalid("pick-number-or-words", max=2)
        return True
    return yes_no(ctx, turn, strict=strict)


SAVE = "save"
# The words that save a summary (a yes saves it too).
# "Change something", said alone at a summary (no line named).
CHANGE = "change"
SUMMARY = Choice("summary", (SAVE, CHANGE))


def summary_answer(ctx: Any, turn: Turn, fields: Sequence[str]) -> str | None:
    """The answer to a summary shown to confirm. Its lines are numbered
    from 1: the number of a line gives the field it shows, to ask again;
    a yes or a word that says save (bot/data/choices.json "summary") gives
    SAVE. None for anything else (the caller may read
    other words, then says `summary-invalid`)."""
    text = _words(turn)
    n = parse_number(text)
    if turn.request and n is None:
        # "publish" alone saves any summary; "I want to publish a job" there asks for another service.
        if ctx.nlu.yes_no(text) or said_alone(text, choice_words(SUMMARY.name).words.get(SAVE, ())):
            return SAVE
        raise Invalid("summary-invalid", max=len(fields))
    if n is None and _says_save(ctx, text):
        return SAVE
    # Only a number alone is a line: "3 people" at a post's summary is a change of headcount.
    if n is not None and 1 <= n <= len(fields):
        return fields[n - 1]
    if n is None and said_alone(text, choice_words(SUMMARY.name).words.get(CHANGE, ())):
        # "I want to change something", no line named: which one, and no miss.
        raise Invalid("summary-which-line", miss=False, max=len(fields))
    return None


def _says_save(ctx: Any, text: str) -> bool:
    """A yes, or a save word with no "not" left beside it once the save
    words are taken out: "no need to change" and "all good, post it" save,
    "do not post" and "the phone is not right" do not (tests/unit/test_summary.py)."""
    if ctx.nlu.yes_no(text):
        return True
    words = choice_words(SUMMARY.name)
    if not words.match(text, (SAVE,)):
        return False
    return not choice_words(YES_NO.name).match(words.without(text, (SAVE,), " "), ("no",))


def say_area_choices(dialog: Dialog, prompt: str, *, location_after: bool = True) -> None:
    """The question, then Quanzhou's areas numbered, then how to share a
    location (`location_after=False`: the question already asked for it)."""
    dialog.say(prompt)
    for i, area in enumerate(dialog.ctx.refdata.areas, 1):
        dialog.say("numbered", n=i, text=area.label(dialog.ctx.locale))
    if location_after:
        dialog.say("markets-or-location")


# Words for the whole city ("Quanzhou downtown"), at a question that needs one district.
WHOLE_CITY = Choice("whole_city", ("city",))


def area_from_answer(refdata: Any, text: str) -> str:
    """An area code from a number in the list, an area's name or a town's."""
    n = parse_number(text)
    if n is not None:
        if 1 <= n <= len(refdata.areas):
            return refdata.areas[n - 1].code
        raise Invalid("pick-a-number", max=len(refdata.areas))
    code = area_in_words(refdata, text)
    if code is None:
        if choice_words(WHOLE_CITY.name).match(text, WHOLE_CITY.codes):
            # "Quanzhou city", "downtown": several districts, one is asked for.
            raise Invalid("area-whole-city")
        raise Invalid("area-not-found")
    return code


def area_in_words(refdata: Any, text: str) -> str | None:
    areas = refdata.match_areas(text)
    if areas:
        return areas[0].code
    towns = refdata.match_towns(text)
    return towns[0][1].code if towns else None


def trades_from_answer(refdata: Any, turn: Turn, limit: int) -> list[str]:
    text = words_only(turn)
    # A word of several trades alone ("cooking": cook or kitchen helper) names them all.
    trades = refdata.match_trades(text) or [t for _, ts in refdata.match_ambiguous_trades(text) for t in ts]
    if not trades:
        raise Invalid("trade-not-found")
    return list(dict.fromkeys(t.code for t in trades))[:limit]


def optional_text(ctx: Any, turn: Turn, limit: int) -> str:
    """Free text, or '' when the user says there is none or skips."""
    text = words_only(turn)
    if ctx.nlu.is_skip(text) or ctx.nlu.means_none(text):
        return ""
    return turn.raw_text.strip()[:limit]


def name_answer(ctx: Any, turn: Turn) -> str:
    """A person's or company's name as typed, or a re-prompt. A yes or a
    no ("fine", "right", "no"), thanks or a greeting is an answer to
    something else, never a name."""
    from bot.language import parsing

    text = words_only(turn)
    if ctx.nlu.only_courtesy(text):
        raise Invalid("name-not-a-word", said=turn.raw_text.strip()[:10])
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
        if optional and choice_words(NO_PHONE.name).match(text, NO_PHONE.codes):
            return ""   # "I have no phone": the skip it is, not "this number is wrong"
        if not parsing.says_a_number(text):
            raise Invalid(f"{invalid}-none")   # "yes" or a word: no number was given, none is wrong
        raise Invalid(invalid)
    return phone


# "I have no mobile phone", "I'd rather not give it" at a phone question that may be skipped.
NO_PHONE = Choice("no_phone", ("none",))
# A rating (average, how many) is shown once there are at least this many.
MIN_RATINGS_SHOWN = 3


def rating_vars(stats: tuple[float, int] | None) -> dict:
    """"4.6 points, 23 times", shown once there are at least three ratings
    (of an employer beside their jobs, of a worker beside their application)."""
    if not stats or stats[1] < MIN_RATINGS_SHOWN:
        return {"avg": "-", "count": 0}
    return {"avg": f"{stats[0]:.1f}", "count": stats[1]}
