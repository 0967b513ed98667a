"""Every dialog the features register, read as a table: its machine builds,
every state can be reached, every question has its parser on the class,
every state that is not a question ends the dialog, and no method meant
for the table (on_enter_<state>, prompt_<state>, parse_…, missing_…) is
left out of it or shadowed by an override the table does not use."""
import inspect

import pytest

from bot import features
from bot.engine.dialog import Dialog

DIALOGS = features.dialogs()

# States a dialog is opened at other than its first one: another dialog
# hands over to it there, or "my info" resumes it there. Each is reachable
# from the first state too today; listed so that a change that makes one
# reachable only from outside still passes, for the right reason.
ENTRIES: dict[str, set[str]] = {
    "register": {"confirm"},        # "my info" shows the profile at its summary (bot/features/account)
    "delete": {"confirm"},          # "delete" said at the registration summary
    "rate": {"ask_score"},          # "work done" goes on to rate the other side
    "survey": {"ask_environment"},  # after a rating, now and then
    "guidance": {"pick_slot"},      # moving a booking ("my guidance")
    # editing or reposting from "my jobs"; a post saved at the consent question before consent moved into
    # the summary
    "post_job": {"confirm", "ask_consent"},
}

# Questions whose last answer transition has a condition: the parser lets
# through only answers one of the conditions takes.
CHOICES_COVERED: dict[tuple[str, str], str] = {
    ("my_jobs", "pick_action"): "parse_action returns one of the four actions, each with its transition",
}


def _sources(cls: type[Dialog], t: dict) -> list[str]:
    source = t["source"]
    return list(cls.states) if source == "*" else [source] if isinstance(source, str) else list(source)


def _functions(cls: type[Dialog]) -> list[tuple[str, object]]:
    """Every function the table names, with where it names it."""
    out: list[tuple[str, object]] = []
    for i, t in enumerate(cls.transitions):
        for key in ("conditions", "unless"):
            value = t.get(key)
            for fn in ([] if value is None else value if isinstance(value, list) else [value]):
                out.append((f"transition {i} {key}", fn))
    for state, q in cls.questions.items():
        out.append((f"the parser of {state}", q.parse))
        if q.ask is not None:
            out.append((f"the prompt of {state}", q.ask))
    for state, fn in cls.on_enter.items():
        out.append((f"on_enter of {state}", fn))
    return out


def test_every_dialog_of_the_package_is_registered_by_its_feature():
    def subclasses(cls: type) -> set[type]:
        return {s for c in cls.__subclasses__() for s in {c} | subclasses(c)}

    with_tables = {c for c in subclasses(Dialog) if c.__module__.startswith("bot.") and "transitions" in c.__dict__}
    assert with_tables == set(DIALOGS)
    assert len({d.name for d in DIALOGS}) == len(DIALOGS), "dialog names are unique"


@pytest.mark.parametrize("cls", DIALOGS, ids=lambda c: c.name)
def test_the_machine_builds(cls):
    machine = cls.machine()
    assert list(machine.states) == list(cls.states)


@pytest.mark.parametrize("cls", DIALOGS, ids=lambda c: c.name)
def test_every_state_is_reachable_from_the_first_or_an_entry(cls):
    reached = {cls.states[0], *ENTRIES.get(cls.name, ())}
    assert reached <= set(cls.states), f"{cls.name}: an entry in ENTRIES is not one of its states"
    todo = list(reached)
    while todo:
        here = todo.pop()
        for t in cls.transitions:
            if here in _sources(cls, t) and t["dest"] not in reached:
                reached.add(t["dest"])
                todo.append(t["dest"])
    assert set(cls.states) == reached, f"{cls.name}: never reached: {set(cls.states) - reached}"


@pytest.mark.parametrize("cls", DIALOGS, ids=lambda c: c.name)
def test_every_question_has_its_parser_on_the_class_and_an_answer_leads_on(cls):
    for state, q in cls.questions.items():
        assert inspect.isfunction(q.parse), (cls.name, state, q.parse)
        assert getattr(cls, q.parse.__name__, None) is q.parse, \
            f"{cls.name}.{state}: the parser {q.parse.__qualname__} is not the class's own {q.parse.__name__}"
        answers = [t for t in cls.transitions if t["trigger"] == "answer" and state in _sources(cls, t)]
        assert answers, f"{cls.name}.{state}: no transition for an answer"
        last = answers[-1]
        assert (cls.name, state) in CHOICES_COVERED or not last.get("conditions") and not last.get("unless"), \
            f"{cls.name}.{state}: every answer must lead somewhere (the last transition has no condition)"


@pytest.mark.parametrize("cls", DIALOGS, ids=lambda c: c.name)
def test_a_state_that_is_not_a_question_ends_the_dialog(cls):
    """The first state may be left at once by on_start (a list to show, a
    search to run); any other state that is not a question is an end:
    the engine saves no dialog there, so nothing may go on from it."""
    for state in cls.states[1:]:
        if state in cls.questions:
            continue
        going_on = [t for t in cls.transitions if t["source"] != "*" and state in _sources(cls, t)]
        assert not going_on, f"{cls.name}.{state} is not a question but the table goes on from it: {going_on}"


@pytest.mark.parametrize("cls", DIALOGS, ids=lambda c: c.name)
def test_the_table_names_the_class_own_functions(cls):
    """A subclass overriding a function its base's table names would be
    silently bypassed: the function the table names must be the one the
    class has under that name (generated conditions have no such name)."""
    for where, fn in _functions(cls):
        assert callable(fn), (cls.name, where, fn)
        same_name = getattr(cls, fn.__name__, None)
        assert same_name is None or same_name is fn, \
            f"{cls.name}: {where} names {fn.__qualname__}, but the class's {fn.__name__} is {same_name.__qualname__}"


@pytest.mark.parametrize("cls", DIALOGS, ids=lambda c: c.name)
def test_no_method_meant_for_the_table_is_left_out(cls):
    named = {fn for _, fn in _functions(cls)}
    for attr in dir(cls):
        fn = getattr(cls, attr)
        if attr.startswith("on_enter_"):
            assert cls.on_enter.get(attr[len("on_enter_"):]) is fn, f"{cls.name}: {attr} is not in on_enter"
        elif attr.startswith("prompt_"):
            q = cls.questions.get(attr[len("prompt_"):])
            assert q is not None and q.ask is fn, f"{cls.name}: {attr} is not the ask= of its question"
        elif attr.startswith(("parse_", "missing_")):
            assert fn in named, f"{cls.name}: {attr} is not in the table"
