"""The message bus between the pure dialogs and the store.

A dialog never touches the database. When it needs a record it asks a
*query* (`ctx.need(Courses())`), and when the user's answer should change
something it issues a *command* (`self.do(Enroll(course, wait=True))`).
Both are small frozen dataclasses, defined next to the feature they belong
to (`bot/features/<feature>/messages.py`), and each has exactly one
handler, registered on that feature's `Router`
(`bot/features/<feature>/handlers.py`), the way aiogram groups handlers in
routers. The turn (`bot/turn/service.py`) runs the dialog, hands its
queries and then its commands to the `Bus` inside one unit of work (a
database transaction), and knows no feature by name.

This is the message bus of *Architecture Patterns with Python* (ch. 9-10):
commands change state, queries only read, handlers are plain async
functions `handler(message, deps)`.

Answers ahead. A dialog asks its queries one run at a time: the turn runs
it, answers what it asked, and runs it again from the start. When a query's
handler knows the query the dialog will ask next (a search's results are
shown a page at a time: the first page's jobs come next), it may answer that
one too, from what it has just read, in the same unit of work:
`deps.answer_ahead(JobsByIds(first_page), jobs)`. The turn keeps such
answers with the ones asked for, so the dialog finds the answer when it
asks and the turn saves a database session and a run of the conversation.
An answer given ahead must be exactly what the query's own handler would
answer in that unit of work; an answer asked for wins over one given ahead.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Generic, Iterable, TypeVar

if TYPE_CHECKING:
    from bot.i18n import Catalog, Say
    from bot.settings import Settings

R = TypeVar("R")
T = TypeVar("T")


class Query(Generic[R]):
    """What a dialog asks of the store. Subclasses are frozen dataclasses
    (hashable: the answer is kept per turn under the query itself); `R` is
    what the handler returns."""


class Command:
    """A change a dialog asks for. Subclasses are frozen dataclasses; their
    handler runs inside the turn's transaction, with every other command of
    the turn and the record that the message was handled."""


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def field_values(message: Any) -> dict[str, Any]:
    """A frozen dataclass's fields as a dict, each value as it is
    (dataclasses.asdict deep-copies every value, which nothing immutable
    needs: a save's command was a tenth of its turn that way)."""
    names = _FIELD_NAMES.get(type(message))
    if names is None:
        names = _FIELD_NAMES[type(message)] = tuple(f.name for f in dataclasses.fields(message))
    return {name: getattr(message, name) for name in names}


class Notifier:
    """How a handler reaches another user (a customer-service message in
    their language, through the outbox) and the staff group."""

    async def notify(self, conn: Any, openid: str, msg_id: str, key: str, about: str | None = None,
                     **vars: Any) -> bool:
        raise NotImplementedError


class Repositories:
    """The repositories of one unit of work, each made on its connection
    the first time a handler asks for it (`deps.repo(TrainingRepo)`)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self._made: dict[type, Any] = {}

    def repo(self, kind: type[T]) -> T:
        made = self._made.get(kind)
        if made is None:
            made = self._made[kind] = kind(self.conn)  # type: ignore[call-arg]
        return made


@dataclass
class Deps:
    """What a handler may use: the unit of work (`conn`, and its
    repositories through `repo`), who is asking, the time, the settings,
    texts and reference data, and the services several features share.
    Command handlers put values the reply needs (a new ticket's number)
    into `results`, and say whether they queued an outbound message by
    returning True."""
    conn: Any
    openid: str
    now: float
    settings: "Settings"
    catalog: "Catalog"
    refdata: Any
    notifier: Notifier
    services: dict[str, Any] = field(default_factory=dict)
    msg_key: str = ""              # the message's de-duplication key: idempotency keys derive from it
    index: int = 0                 # which of the turn's commands this is
    results: dict[str, Any] = field(default_factory=dict)
    # Where `repo` finds repositories: by default made on `conn`; a handler
    # test gives an in-memory store of fakes instead (tests/fake_store.py).
    repos: Any = None
    # Queries a query handler answered ahead of the dialog asking them
    # (`answer_ahead`), with their answers.
    answered_ahead: dict["Query[Any]", Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.repos is None:
            self.repos = Repositories(self.conn)

    def repo(self, kind: type[T]) -> T:
        """The repository `kind` in this unit of work: `deps.repo(TrainingRepo)`.
        Handlers ask for repositories this way rather than making them on
        `conn`, so that their tests can run on fakes, without a database."""
        found: T = self.repos.repo(kind)
        return found

    def answer_ahead(self, query: "Query[R]", answer: R) -> None:
        """Answer `query` before the dialog asks it (see "Answers ahead" in
        this module's docstring): `answer` must be what `query`'s own
        handler would answer in this unit of work."""
        self.answered_ahead[query] = answer

    async def notify(self, openid: str, msg_id: str, key: str, about: str | None = None, **vars: Any) -> bool:
        """A customer-service message to a user, in their language."""
        return await self.notifier.notify(self.conn, openid, msg_id, key, about=about, **vars)

    def say_instead(self, sentences: dict[str, str], **vars: Any) -> None:
        """What the reply says instead of sentences the dialog said in advance
        (it said "published", but the post was refused at save)."""
        from bot.i18n import Say

        instead: dict[str, Say] = self.results.setdefault("instead", {})
        instead.update({said: Say(other, vars) for said, other in sentences.items()})

    def forget_user(self, identifiers: Iterable[str]) -> None:
        """The user who wrote was erased (bot/features/account): the turn
        keeps nothing of theirs outside the database either (`Forgotten`)."""
        self.results[_FORGOTTEN] = Forgotten(tuple(identifiers))


@dataclass(frozen=True)
class Forgotten:
    """What the turn does after the user who wrote was erased: its record
    of the message names nobody, the dialog state starts afresh (only the
    language stays), and answers kept for WeChat's resends that carry one
    of `identifiers` (their openid, phones …) are emptied."""
    identifiers: tuple[str, ...]


_FORGOTTEN = "forgotten"


def forgotten(results: dict[str, Any]) -> Forgotten | None:
    """Whether a command of this turn erased the user (`Deps.forget_user`)."""
    found: Forgotten | None = results.get(_FORGOTTEN)
    return found


QueryHandler = Callable[[Any, Deps], Awaitable[Any]]
CommandHandler = Callable[[Any, Deps], Awaitable["bool | None"]]
Q = TypeVar("Q", bound="Query[Any]")
C = TypeVar("C", bound=Command)


Periodic = Callable[[Deps], Awaitable[int]]


class Router:
    """A feature's handlers: one per query and command type, and the
    feature's periodic work (run once a minute by one process at a time,
    each returning how many messages it queued)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.queries: dict[type, QueryHandler] = {}
        self.commands: dict[type, CommandHandler] = {}
        self.periodic_work: list[Periodic] = []

    def periodic(self, work: Periodic) -> Periodic:
        self.periodic_work.append(work)
        return work

    def query(self, kind: type[Q]) -> Callable[[Callable[[Q, Deps], Awaitable[Any]]],
                                               Callable[[Q, Deps], Awaitable[Any]]]:
        def register(handler: Callable[[Q, Deps], Awaitable[Any]]) -> Callable[[Q, Deps], Awaitable[Any]]:
            _once(self.queries, kind, self.name)
            self.queries[kind] = handler
            return handler
        return register

    def command(self, kind: type[C]) -> Callable[[Callable[[C, Deps], Awaitable["bool | None"]]],
                                                 Callable[[C, Deps], Awaitable["bool | None"]]]:
        def register(handler: Callable[[C, Deps], Awaitable["bool | None"]]
                     ) -> Callable[[C, Deps], Awaitable["bool | None"]]:
            _once(self.commands, kind, self.name)
            self.commands[kind] = handler
            return handler
        return register


def _once(table: dict[type, Any], kind: type, where: str) -> None:
    if kind in table:
        raise ValueError(f"{kind.__name__} has two handlers (router {where})")


class Bus:
    """All features' routers together."""

    def __init__(self, *routers: Router) -> None:
        self._queries: dict[type, QueryHandler] = {}
        self._commands: dict[type, CommandHandler] = {}
        self.periodic: list[Periodic] = [w for r in routers for w in r.periodic_work]
        for router in routers:
            for kind, handler in router.queries.items():
                _once(self._queries, kind, router.name)
                self._queries[kind] = handler
            for kind, handler in router.commands.items():
                _once(self._commands, kind, router.name)
                self._commands[kind] = handler

    def handles(self, message: object) -> bool:
        return type(message) in self._queries or type(message) in self._commands

    async def ask(self, query: Query[R], deps: Deps) -> R:
        try:
            handler = self._queries[type(query)]
        except KeyError:
            raise LookupError(f"no handler for the query {type(query).__name__}") from None
        result: R = await handler(query, deps)
        return result

    async def run(self, command: Command, deps: Deps) -> bool:
        """Carry out a command; True when it queued an outbound message."""
        try:
            handler = self._commands[type(command)]
        except KeyError:
            raise LookupError(f"no handler for the command {type(command).__name__}") from None
        return bool(await handler(command, deps))
