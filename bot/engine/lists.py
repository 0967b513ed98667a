"""The dialogs that open on the user's own list ("my applications", "my
training", "my guidance", the jobs done or to rate): one shape, one piece."""
from __future__ import annotations

from typing import Any, Callable, ClassVar, Sequence

from bot.engine.answers import Choice, pick, said_alone
from bot.language.choices import choice_words
from bot.language.nlu import parse_number


# At a list of one, the words that mean that one (bot/data/choices.json "the_one").
THE_ONE = Choice("the_one", ("it",))


def one_of_one(ctx: Any, text: str) -> bool:
    """A yes, or "show me", "this one" said alone: at a list of one, that one."""
    return bool(ctx.nlu.yes_no(text)) or said_alone(text, choice_words(THE_ONE.name).words.get("it", ()))


class PickFromList:
    """A dialog (mixed in before `Dialog`) that opens on a list of the
    user's own things and takes one.

    At its first state it triggers "listed": its table goes to "pick" when
    `has_any`, else to the state that says there is none. The "pick"
    question (`prompt_pick`, `parse_pick`) shows `list_says[0]`, the items
    numbered (`say_item`) and `list_says[1]`, and takes one by its number
    or by words only its `label` has (a name, a trade, a place); the
    answer is the item's `value`."""

    # The catalog ids of the line above the list and of the question below it.
    list_says: ClassVar[tuple[str, str]]
    # Looking at the list is no answer typed (`Dialog.browsing`).
    browsing: ClassVar[frozenset[str]] = frozenset({"pick"})
    # The intents that name this dialog's service ("work done"): said again
    # at a list of one, they mean that one, and so does a yes. A list whose
    # pick leads to undoing something (cancel a sign-up) names none: there
    # "OK" means "seen", not "this one".
    named_by: ClassVar[frozenset[str]] = frozenset()
    # Dialog's, named for the type checker (not defined here: Dialog's own are used).
    ctx: Any
    say: Callable[..., None]
    trigger: Callable[..., Any]

    def items(self) -> Sequence[Any]:
        raise NotImplementedError

    def say_item(self, n: int, item: Any) -> None:
        raise NotImplementedError

    def label(self, item: Any) -> str:
        """The words that name the item besides its number."""
        return ""

    def value(self, item: Any) -> Any:
        return item.id

    def on_start(self) -> None:
        self.trigger("listed")

    def has_any(self) -> bool:
        return bool(self.items())

    def prompt_pick(self) -> None:
        above, question = self.list_says
        self.say(above)
        for n, item in enumerate(self.items(), 1):
            self.say_item(n, item)
        self.say(question)

    def parse_pick(self, turn: Any) -> Any:
        items = list(self.items())
        if len(items) == 1 and self._means_the_one(turn):
            return self.value(items[0])
        return self.value(pick(turn, items, labels=[self.label(item) for item in items]))

    def _means_the_one(self, turn: Any) -> bool:
        """At a list of one: a yes ("right"), or the service named again
        ("the work is done" at "which job is done?"), is that one."""
        text = turn.text if turn.kind in ("text", "voice") else ""
        if not text or parse_number(text) is not None:
            return False
        if not self.named_by:
            return False
        found = self.ctx.nlu.intent(text)
        return (found is not None and found.name in self.named_by) or one_of_one(self.ctx, text)
