"""The dialog engine: a dialog is a `transitions` state machine declared
once per dialog class as a table (states, transitions, questions and what
happens on entering a state), whose every condition, parser, prompt and
callback is a function named directly, so that "find usages" finds it.
Each turn makes a fresh dialog object at its saved state and fires the
class machine's events on it (the machine keeps no reference to it). No I/O
happens here: a dialog says things (`Say`) and asks for changes (typed
`Command`s, bot/bus.py) that the service layer applies in one transaction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar

import msgspec
from transitions import Machine, State
from transitions.core import MachineError

from bot.bus import Command, Query
from bot.i18n import Say

MAX_TRIES = 3


@dataclass(frozen=True)
class Location:
    lat: float
    lng: float
    label: str = ""


@dataclass
class Turn:
    """What the user sent, normalised (no WeChat types beyond this point)."""
    text: str = ""               # typed text or voice recognition, normalised
    raw_text: str = ""           # as sent
    kind: str = "text"           # text | voice | location | image | link | video | file | event
    location: Location | None = None
    media: dict[str, str] = field(default_factory=dict)
    now: float = 0.0
    # The service these words clearly ask for, when it is not the open
    # dialog's (bot/turn/conversation.py, `Nlu.clear_request`): no question
    # takes them as its answer, save a choice said in its own words alone.
    request: str = ""


@dataclass(frozen=True)
class Result:
    """A value an effect produces (e.g. the new ticket's number), for a
    sentence said in the same turn: filled in after the commands ran."""
    name: str


class Invalid(Exception):
    """An answer that does not fit: re-prompt with this reason."""

    def __init__(self, msg_id: str, *, miss: bool = True, **vars: Any) -> None:
        super().__init__(msg_id)
        self.reason = Say(msg_id, vars)
        # False: the words were understood ("change something" at a summary,
        # with no line named), only not enough to act on: told how, never a
        # step toward giving up.
        self.miss = miss


# A function named in a dialog's table takes the dialog as its first
# argument. It is typed `Any` there: a class names its own methods, and
# `Callable[[Dialog], ...]` would refuse a subclass's method (parameters are
# contravariant).


@dataclass(frozen=True)
class Question:
    prompt: str                                   # catalog id of the question
    parse: Callable[[Any, Turn], Any]          # the dialog's function turning a Turn into a slot value
    slot: str | None = None                       # where the value goes (default: the state's name)
    ask: Callable[[Any], None] | None = None   # the dialog's function asking it, when more than the prompt
    # The answer is the user's own words (what happened, skills, a comment):
    # taken as they are, never answered as a policy question in passing,
    # even when it ends "what can I do?".
    free_text: bool = False
    # The name of a choice (bot/data/choices.json) whose words answer this
    # question even when they are words that work anywhere: at "withdraw
    # your application?" a bare "cancel" means yes, withdraw it, not
    # "leave this dialog" (which would keep the application while saying
    # "cancelled").
    own_words: str | None = None


class NeedData(Exception):
    """The turn needs data from the store (e.g. the user's profile): the
    service asks the queries and runs the turn again, so dialogs stay free
    of I/O."""

    def __init__(self, *queries: Query) -> None:
        super().__init__(", ".join(map(repr, queries)))
        self.queries = queries


_COPY_ENCODER = msgspec.json.Encoder()
_COPY_DECODER = msgspec.json.Decoder()


def plain_copy(value: Any) -> Any:
    """A deep copy of saved dialog data (dicts, lists and plain values, as
    JSON gives them; it is saved as JSON): through msgspec's JSON, in C,
    two to three times faster than walking it in Python (a dialog's step
    copies its slots each turn, for the undo of "back"), and many times
    faster than copy.deepcopy. A tuple comes back a list, as from the
    saved state; what JSON cannot hold is walked instead."""
    if isinstance(value, (dict, list)):
        try:
            return _COPY_DECODER.decode(_COPY_ENCODER.encode(value))
        except (TypeError, msgspec.EncodeError):
            pass
    return _walked_copy(value)


def _walked_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _walked_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_walked_copy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_walked_copy(v) for v in value)
    return value


def slot_empty(slot: str) -> Callable[[Any], bool]:
    """A condition: the dialog's `slot` holds nothing yet."""
    def empty(dialog: Dialog) -> bool:
        return dialog.slots.get(slot) is None
    # Named for what it checks: a failing table or a log names the slot.
    empty.__name__ = empty.__qualname__ = f"slot_empty({slot!r})"
    return empty


def _undo_entry(state: str, before: dict, after: dict) -> dict:
    """What going one question back needs to put the slots back as they were when `state`
    was asked: only what this answer changed, so the saved dialog grows by
    one answer per step, not by a copy of every slot."""
    return {"state": state,
            "undo": {k: v for k, v in before.items() if k not in after or after[k] != v},
            "added": [k for k in after if k not in before]}


KEEP = object()
"""Returned by a parse method that set its slots itself."""


def ask_in_order(fields: list[str], done: str, trigger: str = "answer",
                 missing: dict[str, Callable[[Any], bool]] | None = None) -> list[dict]:
    """Transitions to the first question whose slot is still empty, then to
    `done`: a dialog asks only for what it does not know yet, and a
    correction (emptying one slot) asks that one question again. `missing`
    maps a field to the dialog's own condition when "empty" is not enough
    (a question asked only of some users)."""
    missing = dict(missing or {})
    unknown = set(missing) - set(fields)
    if unknown:
        raise ValueError(f"ask_in_order: conditions for fields it does not ask: {sorted(unknown)}")
    return ([{"trigger": trigger, "source": "*", "dest": f"ask_{f}", "conditions": missing.get(f) or slot_empty(f)}
             for f in fields] + [{"trigger": trigger, "source": "*", "dest": done}])


class DialogTableError(ValueError):
    """A dialog class's table names a state it does not have, or something
    that cannot be called: found when its machine is built, not mid-turn."""


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


_TRANSITION_KEYS = {"trigger", "source", "dest", "conditions", "unless"}


def check_table(cls: type[Dialog]) -> None:
    """Raise DialogTableError naming the first mistake in a dialog class's
    table: every source and destination is one of its states, every
    question and entry callback belongs to a state, every condition,
    parser, prompt and callback is a function (not a name)."""
    where = cls.__qualname__
    states = list(cls.states)
    if not states:
        raise DialogTableError(f"{where}: no states")
    if len(set(states)) != len(states):
        raise DialogTableError(f"{where}: a state is listed twice in {states}")
    known = set(states)

    def must_call(what: str, fn: Any) -> None:
        if not callable(fn):
            raise DialogTableError(f"{where}: {what} must be a function, not {fn!r}")

    for i, t in enumerate(cls.transitions):
        what = f"transition {i} ({t.get('trigger')!r} from {t.get('source')!r} to {t.get('dest')!r})"
        extra = set(t) - _TRANSITION_KEYS
        if extra:
            # before/after/prepare would take names again: what happens on arrival is on_enter.
            raise DialogTableError(f"{where}: {what} has {sorted(extra)}; "
                                   f"a transition has only {sorted(_TRANSITION_KEYS)}")
        if not isinstance(t.get("trigger"), str):
            raise DialogTableError(f"{where}: {what} has no trigger")
        sources = t.get("source")
        for source in ([] if sources == "*" else _as_list(sources)):
            if source not in known:
                raise DialogTableError(f"{where}: {what} starts from {source!r}, not one of its states")
        if t.get("dest") not in known:
            raise DialogTableError(f"{where}: {what} goes to {t.get('dest')!r}, not one of its states")
        for key in ("conditions", "unless"):
            for fn in _as_list(t.get(key)):
                must_call(f"{what}: each of its {key}", fn)
    for state, q in cls.questions.items():
        if state not in known:
            raise DialogTableError(f"{where}: a question for {state!r}, not one of its states")
        if not isinstance(q, Question):
            raise DialogTableError(f"{where}: the question for {state!r} is not a Question: {q!r}")
        must_call(f"the parser of {state!r}", q.parse)
        if q.ask is not None:
            must_call(f"the prompt of {state!r}", q.ask)
    for state, fn in cls.on_enter.items():
        if state not in known:
            raise DialogTableError(f"{where}: on_enter for {state!r}, not one of its states")
        must_call(f"on_enter of {state!r}", fn)


@dataclass
class StepResult:
    out: list[Say]
    commands: list[Command]
    saved: dict | None           # None: the dialog is over
    invalid: bool = False        # the answer did not fit the question
    handover: tuple[str, str, dict] | None = None  # (dialog name, state, slots) to continue in
    # The dialog as it stood when it gave up (answers that did not fit, too
    # often): nothing the user typed is lost, they can go on with it later.
    draft: dict | None = None


class Dialog:
    """Base class. A subclass declares its methods, then, at the end of
    the class body (so that it can name them), the dialog as a table:

        name = "complaint"
        states = ["ask_what", "ask_phone", "done"]
        ...
        transitions = [{"trigger": "answer", "source": "ask_what", "dest": "ask_phone"}, …]
        questions = {"ask_what": Question("complaint-ask-what", parse_what),
                     "ask_phone": Question("complaint-ask-phone", parse_phone, ask=prompt_ask_phone), …}
        on_enter = {"done": on_enter_done}

    Conditions and callbacks are called with the dialog (`fn(dialog)`), a
    parser with the dialog and the turn. Entering a state that is not a
    question ends the dialog.
    """

    name: ClassVar[str]
    # An optional dialog (a survey) steps aside when the answer does not fit:
    # the message is then understood as a new request.
    optional: ClassVar[bool] = False
    # States where the user only looks at a list or a record, with nothing of
    # theirs typed yet: leaving there for another service keeps nothing for
    # "go on" and says nothing of it ("what you were filling in is kept"
    # would be untrue).
    browsing: ClassVar[frozenset[str]] = frozenset()
    states: ClassVar[list[str]]
    transitions: ClassVar[list[dict]]
    questions: ClassVar[dict[str, Question]]
    # What happens on arriving at a state (says things, asks for commands).
    on_enter: ClassVar[dict[str, Callable[[Any], None]]] = {}
    _machine: ClassVar[Machine | None] = None
    _routes: ClassVar[dict | None] = None

    state: str  # set by transitions

    def __init__(self, ctx: Any, slots: dict | None = None) -> None:
        self.ctx = ctx
        self.slots: dict[str, Any] = dict(slots or {})
        self.out: list[Say] = []
        self.commands: list[Command] = []
        self.turn: Turn | None = None
        self.handover: tuple[str, str, dict] | None = None

    # ---- helpers for subclasses ----------------------------------------
    def say(self, msg_id: str, /, **vars: Any) -> None:
        self.out.append(Say(msg_id, vars))

    def do(self, command: Command) -> None:
        """Ask for a change: the turn applies the dialog's commands, in
        order, in one transaction after the dialog has run."""
        self.commands.append(command)

    # ---- the machine, built once per class -------------------------------
    @classmethod
    def machine(cls) -> Machine:
        machine = cls.__dict__.get("_machine")
        if machine is None:
            check_table(cls)
            # No model is added: each turn's dialog is handed to the event
            # (`trigger`), so nothing is bound to it per message. With
            # send_event=False the table's functions get the event's
            # arguments, which are just the dialog: `fn(dialog)`.
            states = [State(name, on_enter=[cls.on_enter[name]] if name in cls.on_enter else None)
                      for name in cls.states]
            machine = Machine(model=None, states=states, transitions=cls.transitions,
                              initial=cls.states[0], auto_transitions=False,
                              ignore_invalid_triggers=False, send_event=False)
            cls._machine = machine
        return machine

    @classmethod
    def _attach(cls, ctx: Any, state: str, slots: dict) -> "Dialog":
        machine = cls.machine()
        machine.get_state(state)  # an unknown state (old saved data) fails here, not later
        d = cls(ctx, slots)
        d.state = state
        return d

    @classmethod
    def routes(cls) -> dict[str, dict[str, list[tuple[tuple, str, tuple]]]]:
        """The class machine's transitions as plain data, read from it once:
        event -> source state -> [(checks, destination, entry callbacks)],
        in the machine's order; a check is (function, the result it needs).
        Firing a transition through `transitions` builds an event object,
        resolves every callback by name and logs each step, per message;
        this is the same walk over the same machine, without that work."""
        found = cls.__dict__.get("_routes")
        if found is None:
            machine = cls.machine()
            found = {}
            for name, event in machine.events.items():
                by_source = found[name] = {}
                for source, transitions in event.transitions.items():
                    by_source[source] = [
                        (tuple((c.func, c.target) for c in t.conditions), str(t.dest),
                         tuple(machine.get_state(str(t.dest)).on_enter))
                        for t in transitions]
            cls._routes = found
        return found

    def trigger(self, event: str) -> bool:
        """Fire one of the class's transitions on this dialog, as the
        machine would (`send_event=False`: every condition and callback
        gets the dialog): the first whose conditions hold is taken, its
        destination entered and its entry callbacks called; False when none
        holds; MachineError when the event has no transition from here."""
        try:
            by_source = type(self).routes()[event]
        except KeyError:
            raise AttributeError(f"no event {event!r} in dialog {self.name}") from None
        candidates = by_source.get(self.state)
        if not candidates:
            raise MachineError(f"Can't trigger event {event} from state {self.state}!")
        for checks, dest, entered in candidates:
            if all(check(self) == wanted for check, wanted in checks):
                self.state = dest
                for callback in entered:
                    callback(self)
                return True
        return False

    def _prompt(self) -> None:
        q = self.questions.get(self.state)
        if q is None:
            return
        if q.ask is not None:
            q.ask(self)
        else:
            self.say(q.prompt)
        self.say("dialog-ways-back")

    # ---- the engine's entry points ---------------------------------------
    @classmethod
    def start(cls, ctx: Any, turn: Turn, slots: dict | None = None) -> StepResult:
        d = cls._attach(ctx, cls.states[0], dict(slots or {}))
        d.turn = turn
        d.on_start()
        # A dialog that skipped its first questions (the answers were in
        # the words that opened it) can still go back to them.
        history = [] if d.state == cls.states[0] else [{"state": cls.states[0], "slots": {}}]
        d._prompt()
        return d._result(history=history, tries=0)

    @classmethod
    def step(cls, ctx: Any, saved: dict, turn: Turn) -> StepResult:
        d = cls._attach(ctx, saved["state"], saved.get("slots", {}))
        d.turn = turn
        q = cls.questions[d.state]
        asked = d.state
        history = list(saved.get("history", []))
        before = plain_copy(d.slots)
        try:
            value = q.parse(d, turn)
        except Invalid as bad:
            if not q.free_text and not turn.request and d.answers_another_question(turn):
                # An answer to a later question ("8 to 5" when the day was
                # asked, as people tell things in their own order): kept,
                # and this question asked again, without counting a miss;
                # unless it answered this one too ("Chen, 139..." at the
                # name, which alone is no name): then on to the next.
                answered = d.slots.get(q.slot or asked) not in (None, "")
                if answered:
                    d.trigger("answer")
                d._prompt()
                history.append(_undo_entry(asked, before, d.slots))
                return d._result(history, 0 if answered else int(saved.get("tries", 0)))
            aside = d._answered_aside(q, saved, turn)
            if aside is not None:
                return aside
            tries = int(saved.get("tries", 0)) + (1 if bad.miss else 0)
            if tries >= MAX_TRIES:
                d.out.append(bad.reason)
                if asked in cls.browsing:
                    # Only a list looked at: nothing typed to keep, and
                    # "what you filled in is kept, reply 'go on'" would be untrue.
                    d.say("dialog-gave-up-browsing")
                    return StepResult(d.out, d.commands, None)
                d.say("dialog-gave-up")
                return StepResult(d.out, d.commands, None, draft={**saved, "tries": 0})
            d.out.append(bad.reason)
            d._prompt()
            result = d._result(history, tries)
            result.invalid = True
            return result
        if value is not KEEP:
            d.slots[q.slot or d.state] = value
        d.also_answers(turn)
        d.trigger("answer")
        d._prompt()
        history.append(_undo_entry(asked, before, d.slots))
        return d._result(history, 0)

    @classmethod
    def resume(cls, ctx: Any, state: str, slots: dict, turn: Turn | None = None) -> StepResult:
        """Open the dialog at `state` with known slots (e.g. a profile to
        correct, shown at its summary)."""
        d = cls._attach(ctx, state, dict(slots))
        d.turn = turn
        d._prompt()
        return d._result(history=[], tries=0)

    @classmethod
    def reprompt(cls, ctx: Any, saved: dict) -> StepResult:
        """Ask the current question again, nothing else changed (after an
        aside, such as a policy question answered mid-dialog)."""
        d = cls._attach(ctx, saved["state"], saved.get("slots", {}))
        d._prompt()
        return d._result(list(saved.get("history", [])), int(saved.get("tries", 0)))

    @classmethod
    def aside(cls, ctx: Any, saved: dict, turn: Turn) -> StepResult | None:
        """A question about what the current step shows, answered by the
        dialog and its question asked again (nothing else changed); None
        when the words are no such question. Asked before a policy aside:
        "is it free?" at a course list is about the courses."""
        q = cls.questions.get(saved["state"])
        if q is None or cls.answers_aside is Dialog.answers_aside:
            return None   # most dialogs answer no such question: not worth building one to ask
        d = cls._attach(ctx, saved["state"], saved.get("slots", {}))
        d.turn = turn
        return d._answered_aside(q, saved, turn)

    @classmethod
    def own_words(cls, ctx: Any, saved: dict, turn: Turn) -> bool:
        """Words this dialog takes as said to it even when they read as a
        question for the policy desk ("any better paid?" at a search is no
        question about wages): none, unless a dialog says so."""
        return False

    def _answered_aside(self, q: Question, saved: dict, turn: Turn) -> StepResult | None:
        """A question about what is shown ("is it free?" at a course list):
        answered, and the question asked again, with nothing else changed
        and no miss counted; None when the words are no such question."""
        if q.free_text or not self.answers_aside(turn):
            return None
        self._prompt()
        return self._result(list(saved.get("history", [])), int(saved.get("tries", 0)))

    @classmethod
    def back(cls, ctx: Any, saved: dict) -> StepResult:
        history = list(saved.get("history", []))
        # A dialog's entry state that is not a question (passed through on
        # the way to the first one) cannot be gone back to: going there
        # would end the dialog with nothing said and the draft lost.
        while history and history[-1]["state"] not in cls.questions:
            history.pop()
        if not history:
            d = cls._attach(ctx, saved["state"], saved.get("slots", {}))
            d.say("dialog-back-at-start")
            d._prompt()
            return d._result(history, 0)
        previous = history.pop()
        if "slots" in previous:  # a whole copy (the first question, or state saved by an older version)
            slots = previous["slots"]
        else:
            slots = {k: v for k, v in saved.get("slots", {}).items() if k not in previous["added"]}
            slots.update(previous["undo"])
        d = cls._attach(ctx, previous["state"], slots)
        d._prompt()
        return d._result(history, 0)

    def _result(self, history: list, tries: int) -> StepResult:
        if self.state not in self.questions:
            return StepResult(self.out, self.commands, None, handover=self.handover)
        saved = {"name": self.name, "state": self.state, "slots": self.slots,
                 "history": history, "tries": tries}
        return StepResult(self.out, self.commands, saved)

    # ---- hooks -------------------------------------------------------------
    def answers_another_question(self, turn: Turn) -> bool:
        """An answer that does not fit the question asked: whether it
        answers others of this dialog, taken now (and said so). By default
        nothing is taken."""
        return False

    def answers_aside(self, turn: Turn) -> bool:
        """An answer that does not fit may be a question about what this
        step shows (a course's cost, a market's hours): whether it was
        answered (said now). By default none is."""
        return False

    def also_answers(self, turn: Turn) -> None:
        """An answer that fits the question asked may say more ("Old Wang,
        phone 138…" at the name's question): what it says for questions
        still ahead is taken now (and said so), so they are not asked. By
        default nothing more is taken."""

    def on_start(self) -> None:
        """Called once before the first question is asked."""
