"""One turn, end to end: de-duplicate, lock the user, load state, run the
conversation, apply its commands in one transaction (outbox rows included),
save state, and hand back the reply.
"""
from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import msgspec
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot import features
from bot.bus import Bus, Command, Deps, Notifier, Query, forgotten
from bot.domain.session import Session
from bot.turn.conversation import STAFF_FOLLOW_UP, Conversation, Inbound, Outcome
from bot.engine.dialog import NeedData, Result
from bot.i18n import Catalog, Say
from bot.turn.replies import paginate
from bot.settings import Settings
from bot.store.db import Database
from bot.store.kv import KeyValueStore, Nonce, QuickSave
from bot.store.repos import InboxRepo, OutboxRepo, UserRepo, is_pseudonym
from bot.features.complaints.tickets import Tickets, mask_openid

log = logging.getLogger("bot.turn")

STATE_TTL = 180 * 24 * 3600
# A state that holds what the user was typing (an open dialog's answers, a
# draft kept for "go on", trouble told before complaining) is kept no longer
# than the draft can be gone on with, plus a day: unsaved words do not sit
# in the store for months. The rest (language, market) comes back from the
# user's row when the state is gone.
DRAFT_TTL = 2 * 24 * 3600
# Users whose state this process saved last, kept to decide their next
# message ahead (`TurnService._quick`): a state is 0.5-2 KB, so 2,000 of
# them (the people in a conversation with this process at one time, many
# times over) hold a few MB. Each for 10 minutes after its save at most: a
# conversation's next message comes within that, and a state can hold what
# the user was typing (their name, a phone), which is not kept in memory
# longer than it serves (after an erasure made by another process, too).
QUICK_STATES_KEPT = 2_000
QUICK_STATE_SECONDS = 600.0


# The saved dialog state is JSON text in the key-value store, decoded at the
# start of every turn and encoded at its end: msgspec does both several
# times faster than the json module (same JSON; non-ASCII kept as UTF-8).
_STATE_ENCODER = msgspec.json.Encoder()
_STATE_DECODER = msgspec.json.Decoder()


def encode_state(saved: dict) -> str:
    return _STATE_ENCODER.encode(saved).decode("utf-8")


def decode_state(text: str | bytes) -> dict:
    try:
        return _STATE_DECODER.decode(text)
    except msgspec.DecodeError as exc:   # as json.loads would: a ValueError
        raise ValueError(f"the saved dialog state is not JSON: {exc}") from None


def state_ttl(state: str | None) -> float:
    """How long a saved state (`Session.saved()` as JSON) is kept: as
    `kept_state` says of its session."""
    return _kept_for(Session.from_saved(decode_state(state))) if state else STATE_TTL


def kept_state(session: Session) -> tuple[str, float]:
    """The session as the store keeps it, and for how long (a draft days,
    the rest months)."""
    return encode_state(session.saved()), _kept_for(session)


def _kept_for(session: Session) -> float:
    if session.holds_a_draft:
        return DRAFT_TTL
    if session.staff_draft is not None:
        # A staff reply not yet confirmed cannot be sent after this: its
        # words (often a user's name) are not kept any longer.
        return STAFF_FOLLOW_UP
    return STATE_TTL
# A message being worked on is marked "P:<process>", one answered "D:<answer>".
PROCESSING = "P:"
DONE = "D:"
TAKE_OVER = object()
# A turn takes well under WeChat's 5 s; a lock left by a killed process
# frees itself before WeChat's last resend (about 15 s after the first),
# and sooner when its process is known to be gone (its heartbeat stopped).
TURN_LOCK_TTL = 8.0
# Every process says it is alive in the store this often, and is taken for
# gone when it has not said so for HEARTBEAT_TTL: WeChat's first resend
# (5 s after a message) then finds the dead process's turn free to take over.
HEARTBEAT_EVERY = 1.0
HEARTBEAT_TTL = 4.0
RATE_WINDOW = 60.0
# A user heard from this recently whose dialog state is gone (the in-process
# store restarted) may have been in the middle of a dialog. The last message
# time is written at most hourly (conversation.SEEN_EVERY), hence two hours.
RECENTLY = 2 * 3600
# A dialog says what its effect will do ("published!") before the effect is
# made; when the store decides otherwise (a daily limit reached meanwhile,
# a request that repeats an open ticket) the service says this instead.


class Overloaded(Exception):
    """The process had no time for this message: WeChat's resend gets it."""


class DoneBefore(Exception):
    """A message's changes were recorded as made before, by an earlier copy
    of it: its unit of work is rolled back."""


class NonceReused(Exception):
    """The request's nonce was seen with another body: a captured signature
    on a forged message. Nothing was done; the webhook refuses it."""


@dataclass
class TurnProgress:
    """Shared between the HTTP handler and the turn running for it: the
    handler marks it late when WeChat's time is nearly up, and the turn
    then sends its answer as a customer-service message instead."""
    late: bool = False
    answered: bool = False
    info: dict = field(default_factory=dict)


class TurnService:
    def __init__(self, settings: Settings, db: Database, kv: KeyValueStore,
                 conversation: Conversation, catalog: Catalog, wake_sender=None, bus: Bus | None = None,
                 open_jobs: Any = None) -> None:
        self.settings = settings
        # Every feature's queries and commands (bot/features/*/handlers.py).
        self.bus = bus if bus is not None else Bus(*features.routers())
        self.db = db
        self.kv = kv
        self.conversation = conversation
        self.catalog = catalog
        self.wake_sender = wake_sender or (lambda: None)
        self.notifier = OutboxNotifier(settings, catalog)
        self.tickets = Tickets(settings, catalog, conversation.refdata, self.notify)
        # What the handlers share in this process (`Deps.services`): the
        # tickets, and the index of open jobs search reads (bot/services/open_jobs.py;
        # kept fresh by the app, absent in tools and tests that make no app).
        self.services: dict[str, Any] = {"tickets": self.tickets}
        if open_jobs is not None:
            self.services["open_jobs"] = open_jobs
        self._working = asyncio.Semaphore(settings.turn_concurrency)
        # This process as the others see it: its turns' marks and locks carry
        # this id, and its heartbeat in the store says it is still alive.
        self.instance = secrets.token_hex(6)
        self._in_flight: set[str] = set()
        # openid -> (the dialog state this process saved last for them, as
        # saved; when), the least recently saved first.
        self._last_saved: dict[str, tuple[str, float]] = {}

    # ---- liveness ---------------------------------------------------------
    async def beat(self) -> None:
        await self.kv.set(self.kv.key("alive", self.instance), "1", ttl=HEARTBEAT_TTL)

    async def heartbeat(self, stopping: asyncio.Event) -> None:
        """Say this process is alive until it stops; a clean stop says it
        is gone at once (its turns have finished by then)."""
        while not stopping.is_set():
            try:
                await self.beat()
            except Exception:
                log.warning("heartbeat not written (the store is unreachable)", exc_info=True)
            try:
                await asyncio.wait_for(stopping.wait(), HEARTBEAT_EVERY)
            except asyncio.TimeoutError:
                pass
        try:
            await self.kv.delete(self.kv.key("alive", self.instance))
        except Exception:
            pass

    async def _gone(self, instance: str) -> bool:
        """Whether the process `instance` has stopped beating (it was killed)."""
        if not instance:
            return False  # a mark without a process (older versions): wait for its expiry
        if instance == self.instance:
            return False
        return await self.kv.get(self.kv.key("alive", instance)) is None

    async def _holder_gone(self, token: str) -> bool:
        return await self._gone(token.split(".", 1)[0] if "." in token else "")

    async def handle(self, msg: Inbound, msg_key: str, progress: TurnProgress | None = None,
                     nonce: Nonce | None = None) -> str:
        """The passive reply for this message ('' for none). A resend of a
        message already handled gets the first answer again and changes
        nothing. `nonce`: the signed request's, checked in the same round
        trip as the rest (NonceReused, with nothing done, when it came
        before with another body)."""
        progress = progress or TurnProgress()
        settings = self.settings
        seen_key = self.kv.key("seen", msg_key)
        lock_key = self.kv.key("lock", f"user:{msg.openid}")
        state_key = self.kv.key("state", msg.openid)
        token = f"{self.instance}.{secrets.token_hex(6)}"
        processing = PROCESSING + self.instance
        # What a person sends is counted (not the location WeChat reports by itself).
        counted = settings.user_rate_limit > 0 and (msg.kind != "event" or msg.event == "click")
        rate_key = self.kv.key("rate", msg.openid) if counted else None
        begin = (seen_key, processing, settings.dedup_ttl, lock_key, token, TURN_LOCK_TTL, state_key,
                 rate_key, RATE_WINDOW, nonce)
        decided = begun = None
        last = self._last_saved.get(msg.openid)
        if last is not None and time.monotonic() - last[1] < QUICK_STATE_SECONDS:
            reply, decided, begun = await self._quick(msg, last[0], begin, progress)
            if reply is not None:
                return reply
        # Usually one round trip (or none more, when the quick way began it):
        # the nonce checked, the message marked seen, counted, the user's
        # lock taken, the state read.
        status, raw_state, count = begun or await self.kv.begin_turn(*begin)
        if status == "replayed":
            raise NonceReused(msg_key)
        if status == "seen":
            progress.info["resend"] = True
            earlier = await self._earlier_answer(seen_key, msg_key)
            if earlier is not TAKE_OVER:
                return earlier
            # The first copy's process died mid-turn, or gave the message up:
            # this copy does the work (the inbox keeps its changes from being
            # made twice).
        elif count > settings.user_rate_limit:
            return await self._slow_down(msg, status, raw_state, seen_key, lock_key, state_key, token, progress)
        self._in_flight.add(msg_key)
        try:
            if status != "ok":  # another message of this user is being worked on: wait for it
                await self.kv.acquire(lock_key, token, TURN_LOCK_TTL, wait=25, holder_gone=self._holder_gone)
                raw_state = await self.kv.get(state_key)
            # A slot after the user's lock (a waiting turn holds no slot), but
            # not for longer than the lock lasts: an overloaded process lets
            # the message go (WeChat resends it) rather than lose the lock.
            if self._working.locked():
                try:
                    async with asyncio.timeout(TURN_LOCK_TTL - 2):   # a timer, not a task as wait_for's
                        await self._working.acquire()
                except TimeoutError:
                    raise Overloaded(f"no turn slot within {TURN_LOCK_TTL - 2:.0f} s") from None
            else:
                await self._working.acquire()  # free: no timer needed
            try:
                reply, (state, ttl) = await self._turn(msg, msg_key, progress, raw_state, decided)
            finally:
                self._working.release()
            # The state and the answer a resend gets are saved together, and the lock freed.
            try:
                await self.kv.end_turn(state_key, state, ttl, seen_key, DONE + ("" if progress.late else reply),
                                       settings.dedup_ttl, lock_key, token)
                self._remember(msg.openid, state if state is not None else raw_state)
            except Exception:
                self._last_saved.pop(msg.openid, None)
                if not progress.info.get("changed"):
                    raise  # nothing was changed: "please send it again" is the truth
                # The store failed after the changes were made (the inbox has
                # them for resends): the user is told what was done, not to
                # send it again, which would do it twice.
                log.exception("state of %s not saved after its changes were made", mask_openid(msg.openid))
                await asyncio.shield(self._abandon(seen_key, lock_key, token))
        except BaseException:
            # Not handled: let WeChat's resend try again.
            self._last_saved.pop(msg.openid, None)
            await asyncio.shield(self._abandon(seen_key, lock_key, token))
            raise
        finally:
            self._in_flight.discard(msg_key)
        return reply

    async def _quick(self, msg: Inbound, last: str, begin: tuple, progress: TurnProgress
                     ) -> tuple[str | None, tuple[str, Outcome] | None, tuple[str, str | None, int] | None]:
        """The user's message decided on the state this process saved for
        them last, and, when it changes nothing but the dialog, saved with
        its answer in one call to the store that first checks nothing moved
        (`KeyValueStore.quick_turn`): one round trip where the ordinary way
        takes two (its start, then its end). (the reply, None, None) when
        done. Otherwise (None, decided, begun): `decided`, (the state, the
        outcome) when the outcome has changes to make, for the ordinary way
        to use if it finds the same state; `begun`, what `begin_turn` with
        `begin` answered when the store began the turn the ordinary way
        (something moved), else None."""
        if self._working.locked():
            return None, None, None   # busy: the ordinary way waits for a slot in turn
        async with self._working:
            outcome = await self._decide(msg, last)
        if outcome.commands:
            return None, (last, outcome), None
        if progress.late:
            return None, None, None
        reply, (state, ttl) = self._answer(outcome, self._render(outcome, {})[1], progress)
        progress.answered = True
        quick = QuickSave(last, state, ttl, DONE + reply, self.settings.user_rate_limit)
        begun = await self.kv.quick_turn(quick, *begin)
        if begun[0] != "done":
            progress.answered = False
            progress.info.clear()   # the ordinary way tells what it did
            return None, None, begun
        self._remember(msg.openid, state)
        return reply, None, None

    def _remember(self, openid: str, state: str | None) -> None:
        kept = self._last_saved
        kept.pop(openid, None)   # to the end: the least recently saved go first
        now = time.monotonic()
        if state is not None:
            kept[openid] = (state, now)
        while kept:
            oldest = next(iter(kept))
            if len(kept) <= QUICK_STATES_KEPT and now - kept[oldest][1] < QUICK_STATE_SECONDS:
                break
            del kept[oldest]

    async def _slow_down(self, msg: Inbound, status: str, raw_state: str | None, seen_key: str, lock_key: str,
                         state_key: str, token: str, progress: TurnProgress) -> str:
        """Too many messages from one user within a minute: this one is not
        acted on, and they are asked kindly to slow down (a resend of it
        gets the same answer). Their dialog stays where it was."""
        if status != "ok":
            raw_state = await self.kv.get(state_key)
        try:
            locale = json.loads(raw_state).get("locale") if raw_state else None
        except ValueError:
            locale = None
        reply = self.catalog.text(locale or self.settings.default_locale, "slow-down")
        progress.info.update(intent="slow_down", state="-")
        log.info(json.dumps({"event": "rate_limited", "user": mask_openid(msg.openid)}))
        if status == "ok":
            await self.kv.end_turn(state_key, None, STATE_TTL, seen_key, DONE + reply, self.settings.dedup_ttl,
                                   lock_key, token)
        else:
            await self.kv.set(seen_key, DONE + reply, ttl=self.settings.dedup_ttl)
        return reply

    async def _abandon(self, seen_key: str, lock_key: str, token: str) -> None:
        try:
            await self.kv.delete(seen_key)
            await self.kv.release(lock_key, token)
        except Exception:  # the store is down: the marks expire by themselves
            log.warning("could not clear the marks of an unfinished turn", exc_info=True)

    async def _earlier_answer(self, seen_key: str, msg_key: str):
        """A resend: the first copy's answer, waiting for it while it is
        being worked on. TAKE_OVER when nobody is working on it any more:
        its process died (no heartbeat), or it gave the message up. When
        the first copy is still being worked on after WeChat's time, the
        answer is '' and that copy sends its answer as a customer-service
        message (it is late), so nothing is left undone."""
        deadline = time.monotonic() + self.settings.reply_budget
        processing = PROCESSING + self.instance
        while True:
            value = await self.kv.get(seen_key)
            if value is None:
                # The first copy gave up (it failed, or the process was too
                # busy) and cleared its mark: one resend claims the work.
                if await self.kv.set_if_absent(seen_key, processing, ttl=self.settings.dedup_ttl):
                    return TAKE_OVER
                continue
            if value.startswith(DONE):
                return value[len(DONE):]
            owner = value[len(PROCESSING):] if value.startswith(PROCESSING) else ""
            abandoned = owner == self.instance and msg_key not in self._in_flight
            if abandoned or await self._gone(owner):
                # Clear that mark only if it is still the dead one's, so that
                # of several resends arriving together exactly one claims it.
                await self.kv.release(seen_key, value)
                continue
            if time.monotonic() >= deadline:
                return ""
            await asyncio.sleep(0.05)

    async def _state_from_profile(self, openid: str) -> dict | None:
        """No dialog state (a new user, or the in-process store restarted):
        start from what the database remembers, e.g. the language chosen."""
        async with self.db.reading_now() as conn:
            user = await UserRepo(conn).get(openid)
        if user is None:
            return None
        state = {"locale": user["locale"], "market": user["market_code"], "known": True}
        last = user.get("last_message_at")
        if last and time.time() - last < RECENTLY:
            state["lost"] = True  # they were probably in the middle of something
        return state

    async def _decide(self, msg: Inbound, saved: str | dict | None) -> Outcome:
        """Run the conversation; when it asks for records it does not have,
        load them and run it again (it is pure, so that is safe). `saved`:
        the state as stored (JSON text, decoded afresh for each run, which
        is cheaper than copying it) or as a dict."""
        data: dict = {}
        now = time.time()
        conversation = self.conversation.pinned()   # one copy of the staff data for the whole turn
        for _ in range(5):
            try:
                if isinstance(saved, str):
                    return conversation.handle(msg, decode_state(saved), now=now, data=data, owned=True)
                return conversation.handle(msg, saved, now=now, data=data)
            except NeedData as need:
                data.update(await self.ask(msg.openid, *need.queries))
        raise RuntimeError("the conversation kept asking for data")

    def deps(self, conn, openid: str, now: float | None = None, msg_key: str = "",
             results: dict | None = None) -> Deps:
        """What the bus's handlers may use, inside this unit of work."""
        return Deps(conn, openid, time.time() if now is None else now, self.settings, self.catalog,
                    self.conversation.refdata, self.notifier, dict(self.services), msg_key,
                    results=results if results is not None else {})

    async def ask(self, openid: str, *queries: Query) -> dict:
        """The answers to a dialog's queries (tests and the CLI use this too),
        and those their handlers answered ahead (`Deps.answer_ahead`)."""
        async with self.db.reading_now() as conn:
            deps = self.deps(conn, openid)
            asked = {q: await self.bus.ask(q, deps) for q in queries}
        return {**deps.answered_ahead, **asked}

    async def execute(self, openid: str, msg_key: str, commands: list, now: float | None = None) -> dict:
        """Carry out commands outside a conversation (staff tools, tests), in
        one transaction; the results a reply would be filled with."""
        results: dict = {}
        async with self.db.transaction() as conn:
            queued = await self._carry_out(conn, openid, msg_key, commands, results)
        if queued:
            self.wake_sender()
        return results

    async def periodic(self, conn, now: float) -> int:
        """Every feature's periodic work (reminders …), in this transaction;
        how many messages it queued."""
        deps = self.deps(conn, "", now)
        return sum([await work(deps) for work in self.bus.periodic])

    async def _turn(self, msg: Inbound, msg_key: str, progress: TurnProgress, raw: str | None,
                    decided: tuple[str, Outcome] | None = None) -> tuple[str, tuple[str | None, float]]:
        """(the reply, (the dialog state to save, for how long); a state of
        None leaves it as it is). `decided`: an outcome decided ahead on a
        state, used when `raw` is that state."""
        if decided is not None and raw is not None and decided[0] == raw:
            outcome = decided[1]
        else:
            outcome = await self._decide(msg, raw or await self._state_from_profile(msg.openid))
        progress.info["changed"] = bool(outcome.commands)  # made (or found made) once this returns
        locale = outcome.locale
        results: dict = {}
        forget = None
        if not outcome.commands and progress.info.get("resend"):
            # This copy took over from one whose process died mid-turn, perhaps
            # after its changes were committed, and they can change the decision
            # (an application already made is now refused as a duplicate, with no
            # changes): the inbox is asked all the same, for the first answer.
            earlier = await self._recorded_reply(msg_key)
            if earlier is not None:
                progress.info["changed"] = True
                progress.answered = True
                return earlier, (raw, state_ttl(raw))
        if outcome.commands:
            # The changes and the record that they were made commit together:
            # a resend after a crash (or after the in-process store forgot it)
            # finds the record, as the unit's last statement, and everything
            # it did is rolled back. (Recorded last rather than looked up
            # first: one round trip less for every message that changes
            # something, and the earlier copies are rare.)
            try:
                async with self.db.transaction_now() as conn:
                    queued = await self._carry_out(conn, msg.openid, msg_key, outcome.commands, results)
                    text, pages = self._render(outcome, results)
                    forget = forgotten(results)
                    if not await InboxRepo(conn).done(msg_key, pages[0] if pages else "",
                                                      None if forget else msg.openid):
                        raise DoneBefore(msg_key)
            except Exception as failed:
                # Done before, or failed on what the earlier copy made (a
                # unique key taken): the first copy's answer, and the state
                # that copy would have saved (the dialog left at the question
                # just answered would take a further "1" as a second post).
                earlier = await self._reply_if_done(msg_key, failed)
                progress.info["resend"] = True
                progress.answered = True
                return earlier, kept_state(outcome.state)
            if queued:
                self.wake_sender()
            if forget is not None:
                # The user was erased: nothing of theirs stays in the key-value
                # store either. The dialog state starts afresh (only the
                # language), and answers kept for resends that carry their
                # phone are emptied.
                outcome.state = Session(locale=locale)
                await self._forget_recent_answers(forget.identifiers)
        else:
            text, pages = self._render(outcome, results)
        reply, state = self._answer(outcome, pages, progress)
        if progress.late and reply:
            # WeChat stopped waiting: the answer goes as a customer-service message.
            # To a user erased in this very turn it still goes (it tells them
            # the deletion is done), and leaves no row with their openid.
            async with self.db.transaction_now() as conn:
                await OutboxRepo(conn).add("wechat_custom", msg.openid, custom_text(msg.openid, reply),
                                           f"late:{msg_key}", erase_when_done=forget is not None)
            self.wake_sender()
            return "", state
        progress.answered = True
        return reply, state

    @staticmethod
    def _answer(outcome: Outcome, pages: list[str], progress: TurnProgress) -> tuple[str, tuple[str, float]]:
        """The reply (its first page; the rest kept in the state for "more")
        and the state to save, for how long."""
        reply = pages[0] if pages else ""
        if len(pages) > 1:
            outcome.state.pages = pages[1:]
        elif outcome.out and not any(s.id == "plain" for s in outcome.out):
            outcome.state.pages = []
        progress.info.update(intent=outcome.intent, state=outcome.state.dialog_at, locale=outcome.locale)
        return reply, kept_state(outcome.state)

    async def _reply_if_done(self, msg_key: str, failed: Exception) -> str:
        """The answer recorded for a message whose unit of work just failed
        or found it recorded; `failed` raised again when there is none (or
        the database cannot say)."""
        if isinstance(failed, DBAPIError) and not isinstance(failed, IntegrityError):
            raise failed   # the database failed (unreachable, a timeout): it cannot say either
        try:
            earlier = await self._recorded_reply(msg_key)
        except Exception:
            raise failed from None
        if earlier is None:
            raise failed
        return earlier

    async def _recorded_reply(self, msg_key: str) -> str | None:
        """The answer the inbox recorded for a message whose changes were made."""
        async with self.db.reading_now() as conn:
            return await InboxRepo(conn).reply_if_done(msg_key)

    async def _forget_recent_answers(self, needles: tuple[str, ...]) -> None:
        try:
            await self.kv.redact_values(self.kv.key("seen", "*"), needles, DONE)
        except Exception:  # they expire within settings.dedup_ttl anyway
            log.warning("could not clear answers kept for resends after an erasure", exc_info=True)

    def _render(self, outcome: Outcome, results: dict) -> tuple[str, list[str]]:
        locale = outcome.locale
        instead = results.get("instead") or {}
        text = self.catalog.render(locale, [_filled(instead.get(s.id, s), results) for s in outcome.out])
        return text, paginate(text, self.catalog.text(locale, "more-hint"))

    async def _carry_out(self, conn, openid: str, msg_key: str, commands: list[Command],
                         results: dict | None = None) -> bool:
        """Carry out the turn's commands, in order, in the caller's
        transaction; True when an outbound message was queued. Values the
        reply needs (a new ticket's number) go into `results`."""
        results = {} if results is None else results
        queued = False
        deps = self.deps(conn, openid, msg_key=msg_key, results=results)
        for n, command in enumerate(commands):
            deps.index = n
            queued |= await self.bus.run(command, deps)
        return queued

    async def notify(self, conn, openid: str, msg_id: str, key: str, about: str | None = None, **vars) -> bool:
        return await self.notifier.notify(conn, openid, msg_id, key, about=about, **vars)


class OutboxNotifier(Notifier):
    def __init__(self, settings: Settings, catalog: Catalog) -> None:
        self.settings, self.catalog = settings, catalog

    async def notify(self, conn, openid: str, msg_id: str, key: str, about: str | None = None, **vars) -> bool:
        """A customer-service message to another user, in their language.
        `about`: the user whose personal data it carries, if any. Nothing
        goes to a user who deleted their data (a pseudonym now)."""
        if is_pseudonym(openid):
            return False
        user = await UserRepo(conn).get(openid)
        locale = (user or {}).get("locale") or self.settings.default_locale
        text = self.catalog.text(locale, msg_id, **vars)
        return await OutboxRepo(conn).add("wechat_custom", openid, custom_text(openid, text), key, about=about)


def custom_text(openid: str, text: str) -> dict:
    return {"touser": openid, "msgtype": "text", "text": {"content": text}}


def _filled(s: Say, results: dict) -> Say:
    if not any(isinstance(v, Result) for v in s.vars.values()):
        return s
    return Say(s.id, {k: (results.get(v.name, "-") if isinstance(v, Result) else v) for k, v in s.vars.items()})


def _say_instead(results: dict | None, sentences: dict[str, str], **vars) -> None:
    """What the reply says instead of the sentences a dialog said in advance."""
    if results is not None:
        results.setdefault("instead", {}).update({said: Say(other, vars) for said, other in sentences.items()})

