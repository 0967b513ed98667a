"""The dialog engine on small dialogs of its own: the table's functions are
called with the dialog (conditions, callbacks, prompts) or the dialog and
the turn (parsers), `ask_in_order` asks for what is missing, and a table
with a mistake fails when its machine is built, naming the mistake."""
import re

import pytest

from bot.engine.dialog import KEEP, Dialog, DialogTableError, Invalid, Question, Turn, ask_in_order, slot_empty


class Recorder(Dialog):
    """Every function of its table notes what it was called with."""

    name = "recorder"
    states = ["ask_word", "ask_more", "shouted", "whispered"]

    def parse_word(self, turn: Turn) -> str:
        self.slots.setdefault("calls", []).append(("parse_word", self, turn))
        if not turn.text:
            raise Invalid("say-a-word")
        return turn.text

    def prompt_ask_more(self) -> None:
        self.slots.setdefault("calls", []).append(("prompt_ask_more", self))
        self.say("more-please", word=self.slots["ask_word"])

    def parse_more(self, turn: Turn) -> object:
        self.slots["more"] = turn.text
        return KEEP

    def loud(self, *args: object) -> bool:
        self.slots.setdefault("calls", []).append(("loud", self, args))
        return self.slots["more"].isupper()

    def on_enter_shouted(self, *args: object) -> None:
        self.slots.setdefault("calls", []).append(("on_enter_shouted", self, args))
        self.say("shouted")

    def on_enter_whispered(self) -> None:
        self.say("whispered")

    # ---- the dialog as a table ---------------------------------------------
    transitions = [
        {"trigger": "answer", "source": "ask_word", "dest": "ask_more"},
        {"trigger": "answer", "source": "ask_more", "dest": "shouted", "conditions": loud},
        {"trigger": "answer", "source": "ask_more", "dest": "whispered"},
    ]
    questions = {
        "ask_word": Question("say-a-word", parse_word),
        "ask_more": Question("more-please", parse_more, ask=prompt_ask_more),
    }
    on_enter = {"shouted": on_enter_shouted, "whispered": on_enter_whispered}


def ids(result) -> list[str]:
    return [s.id for s in result.out]


def test_conditions_and_on_enter_callbacks_receive_the_dialog_and_nothing_else():
    first = Recorder.start(None, Turn())
    assert ids(first) == ["say-a-word", "dialog-ways-back"]
    second = Recorder.step(None, first.saved, Turn(text="hello"))
    assert ids(second) == ["more-please", "dialog-ways-back"]
    third = Recorder.step(None, second.saved, Turn(text="LOUD"))
    assert ids(third) == ["shouted"] and third.saved is None
    # The calls are kept in the slots, which the last step does not save: run it again to see them.
    d = Recorder._attach(None, "ask_more", {"ask_word": "hello", "more": "LOUD"})
    d.trigger("answer")
    assert d.state == "shouted"
    [(cond, cond_self, cond_args), (enter, enter_self, enter_args)] = d.slots["calls"]
    assert (cond, enter) == ("loud", "on_enter_shouted")
    assert cond_self is d and enter_self is d
    assert cond_args == () and enter_args == (), "called as fn(dialog): no event data, no extra arguments"


def test_a_parser_gets_the_dialog_and_the_turn_and_a_custom_prompt_the_dialog():
    turn = Turn(text="hello")
    result = Recorder.step(None, {"name": "recorder", "state": "ask_word", "slots": {}}, turn)
    calls = result.saved["slots"]["calls"]
    assert [c[0] for c in calls] == ["parse_word", "prompt_ask_more"]
    (_, parsed_by, parsed_turn), (_, prompted_by) = calls
    assert parsed_turn is turn and parsed_by is prompted_by
    assert isinstance(parsed_by, Recorder)
    assert result.saved["slots"]["ask_word"] == "hello", "the value goes to the state's name without a slot"


def test_an_answer_that_does_not_fit_asks_again_with_the_reason():
    result = Recorder.step(None, {"name": "recorder", "state": "ask_word", "slots": {}}, Turn(text=""))
    assert result.invalid and ids(result) == ["say-a-word", "say-a-word", "dialog-ways-back"]
    assert result.saved["state"] == "ask_word" and result.saved["tries"] == 1


def test_the_machine_is_built_once_per_class_and_keeps_no_dialog():
    assert Recorder.machine() is Recorder.machine()
    Recorder.start(None, Turn())
    assert not Recorder.machine().models


class Form(Dialog):
    """Three fields asked in order; the phone is only asked of those who want a call."""

    name = "form"
    states = ["start", "ask_name", "ask_call", "ask_phone", "done"]

    def on_start(self) -> None:
        self.trigger("answer")

    def parse_name(self, turn: Turn) -> str:
        return turn.text

    def parse_call(self, turn: Turn) -> bool:
        return turn.text == "yes"

    def parse_phone(self, turn: Turn) -> str:
        return turn.text

    def missing_phone(self) -> bool:
        if self.slots.get("call") is False:
            self.slots["phone"] = ""
            return False
        return self.slots.get("phone") is None

    # ---- the dialog as a table ---------------------------------------------
    transitions = ask_in_order(["name", "call", "phone"], done="done", missing={"phone": missing_phone})
    questions = {
        "ask_name": Question("ask-name", parse_name, slot="name"),
        "ask_call": Question("ask-call", parse_call, slot="call"),
        "ask_phone": Question("ask-phone", parse_phone, slot="phone"),
    }


def test_ask_in_order_asks_only_what_is_missing_with_the_dialogs_own_condition():
    assert Form.start(None, Turn()).saved["state"] == "ask_name"
    assert Form.start(None, Turn(), {"name": "Wang"}).saved["state"] == "ask_call"
    no_call = Form.step(None, {"name": "form", "state": "ask_call", "slots": {"name": "Wang"}}, Turn(text="no"))
    assert no_call.saved is None, "no call wanted: the phone is not asked"
    call = Form.step(None, {"name": "form", "state": "ask_call", "slots": {"name": "Wang"}}, Turn(text="yes"))
    assert call.saved["state"] == "ask_phone"


def test_ask_in_order_names_its_generated_conditions_by_slot():
    [to_name, to_call, to_phone, to_done] = Form.transitions
    assert to_name["conditions"].__name__ == "slot_empty('name')"
    assert to_phone["conditions"] is Form.missing_phone
    assert "conditions" not in to_done
    empty = slot_empty("x")
    assert empty(Form(None, {})) and empty(Form(None, {"x": None})) and not empty(Form(None, {"x": ""}))


def test_ask_in_order_refuses_a_condition_for_a_field_it_does_not_ask():
    with pytest.raises(ValueError, match=re.escape("['phone']")):
        ask_in_order(["name"], done="done", missing={"phone": lambda d: True})


def _parse(dialog: Dialog, turn: Turn) -> str:
    return turn.text


def _never(dialog: Dialog) -> bool:
    return False


def table(transitions=None, questions=None, on_enter=None, states=("ask", "done")):
    """A dialog class with this table, its machine not built yet."""
    return type("Broken", (Dialog,), {
        "name": "broken", "states": list(states),
        "transitions": transitions if transitions is not None else [
            {"trigger": "answer", "source": "ask", "dest": "done"}],
        "questions": questions if questions is not None else {"ask": Question("ask", _parse)},
        "on_enter": on_enter or {},
    })


@pytest.mark.parametrize("cls, message", [
    (table(transitions=[{"trigger": "answer", "source": "ask", "dest": "gone"}]),
     "goes to 'gone', not one of its states"),
    (table(transitions=[{"trigger": "answer", "source": ["ask", "nowhere"], "dest": "done"}]),
     "starts from 'nowhere', not one of its states"),
    (table(transitions=[{"trigger": "answer", "source": "ask", "dest": "done", "conditions": "confirmed"}]),
     "each of its conditions must be a function, not 'confirmed'"),
    (table(transitions=[{"trigger": "answer", "source": "ask", "dest": "done", "unless": [_never, "nope"]}]),
     "each of its unless must be a function, not 'nope'"),
    (table(transitions=[{"trigger": "answer", "source": "ask", "dest": "done", "after": "log"}]),
     "has ['after']"),
    (table(transitions=[{"source": "ask", "dest": "done"}]), "has no trigger"),
    (table(questions={"ask": Question("ask", "parse_ask")}), "the parser of 'ask' must be a function"),
    (table(questions={"ask": Question("ask", _parse, ask="prompt_ask")}), "the prompt of 'ask' must be a function"),
    (table(questions={"ask": Question("ask", _parse), "asked": Question("asked", _parse)}),
     "a question for 'asked', not one of its states"),
    (table(on_enter={"finished": lambda d: None}), "on_enter for 'finished', not one of its states"),
    (table(on_enter={"done": "on_enter_done"}), "on_enter of 'done' must be a function"),
    (table(states=("ask", "done", "ask")), "a state is listed twice"),
])
def test_a_mistake_in_a_table_fails_when_the_machine_is_built_and_says_what(cls, message):
    with pytest.raises(DialogTableError, match=re.escape(message)) as failed:
        cls.machine()
    assert str(failed.value).startswith("Broken: ")


class Gate(Dialog):
    """Conditions that pass, fail, return a non-bool, and an `unless`: the
    engine fires its table as `transitions` itself would."""

    name = "gate"
    states = ["ask_x", "wide", "narrow", "none_left", "done"]

    def open_(self) -> bool:
        return self.slots.get("open") is True

    def count(self):
        return self.slots.get("count")   # a number, not a bool: transitions compares it with True

    def closed(self) -> bool:
        return bool(self.slots.get("closed"))

    def on_enter_wide(self) -> None:
        self.say("went-wide")

    def parse_x(self, turn: Turn) -> str:
        return turn.text

    transitions = [
        {"trigger": "answer", "source": "ask_x", "dest": "wide", "conditions": [open_, count]},
        {"trigger": "answer", "source": "ask_x", "dest": "narrow", "unless": closed},
        {"trigger": "answer", "source": "ask_x", "dest": "none_left", "conditions": count},
        {"trigger": "finish", "source": ["wide", "narrow"], "dest": "done"},
    ]
    questions = {"ask_x": Question("ask-x", parse_x)}
    on_enter = {"wide": on_enter_wide}


@pytest.mark.parametrize("slots", [
    {}, {"open": True}, {"open": True, "count": True}, {"open": True, "count": 1}, {"closed": True},
    {"closed": True, "count": True}, {"closed": True, "count": 2}, {"open": True, "count": True, "closed": True},
])
def test_firing_the_table_does_what_the_transitions_machine_does(slots):
    ours = Gate._attach(None, "ask_x", dict(slots))
    theirs = Gate._attach(None, "ask_x", dict(slots))
    fired = ours.trigger("answer")
    assert fired == Gate.machine().events["answer"].trigger(theirs, theirs)
    assert (ours.state, ours.slots, ours.out) == (theirs.state, theirs.slots, theirs.out)


def test_an_event_with_no_transition_from_the_state_fails_as_the_machine_does():
    from transitions.core import MachineError

    with pytest.raises(MachineError):
        Gate._attach(None, "ask_x", {}).trigger("finish")
    theirs = Gate._attach(None, "ask_x", {})
    with pytest.raises(MachineError):
        Gate.machine().events["finish"].trigger(theirs, theirs)
    with pytest.raises(AttributeError):
        Gate._attach(None, "ask_x", {}).trigger("no_such_event")
