"""Key-value store for dialog state, de-duplication, locks and the token cache.

Two implementations of one small interface: `MemoryStore` (the embedded
default, one process) and `RedisStore` (several processes share it).
Both pass the same test suite (tests/store/test_kv.py).
"""
from __future__ import annotations

import asyncio
import functools
import heapq
import hmac
import secrets
import time
from abc import ABC, abstractmethod
from collections import OrderedDict
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, AsyncIterator, Awaitable, Callable, Iterable, NamedTuple

if TYPE_CHECKING:
    from bot.store.resp import RespClient, Script


class LockTimeout(Exception):
    """The lock could not be taken within the wait time."""


class KeyValueStore(ABC):
    kind: str = "?"

    def __init__(self, prefix: str = "qzbot") -> None:
        self.prefix = prefix

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    @abstractmethod
    async def get(self, key: str) -> str | None: ...

    @abstractmethod
    async def set(self, key: str, value: str, ttl: float | None = None) -> None: ...

    @abstractmethod
    async def set_if_absent(self, key: str, value: str, ttl: float | None = None) -> bool:
        """Set key only if it does not exist; True when it was set."""

    @abstractmethod
    async def delete(self, key: str) -> None: ...

    @abstractmethod
    async def _try_acquire(self, key: str, token: str, ttl: float) -> bool: ...

    @abstractmethod
    async def _release(self, key: str, token: str) -> None: ...

    @abstractmethod
    async def ping(self) -> bool: ...

    async def close(self) -> None:
        return None

    # ---- a turn's start and end, one round trip each ------------------------
    @abstractmethod
    async def begin_turn(self, seen_key: str, seen_value: str, seen_ttl: float,
                         lock_key: str, token: str, lock_ttl: float, state_key: str,
                         rate_key: str | None = None, rate_window: float = 60.0,
                         nonce: Nonce | None = None) -> tuple[str, str | None, int]:
        """Mark a message seen, count it, take its user's lock and read the
        user's state, as one step:
        ("seen", earlier value, 0) when the message was seen before (nothing
        else done); ("locked", None, n) when it is now marked seen but
        another turn holds the lock; ("ok", state or None, n) with the lock
        held. n: the messages counted under `rate_key` in its current
        window of `rate_window` seconds, this one included (0 without a
        rate_key). With a `nonce`, first of all: its key is set to its
        digest unless it is already there, and ("replayed", None, 0) when it
        is there with another digest (nothing else done)."""

    @abstractmethod
    async def end_turn(self, state_key: str, state: str | None, state_ttl: float,
                       seen_key: str, seen_value: str, seen_ttl: float, lock_key: str, token: str) -> None:
        """Save the state (None: keep it) and the message's answer and
        release the lock, together: a crash never leaves one without the
        other."""

    @abstractmethod
    async def quick_turn(self, quick: QuickSave, seen_key: str, seen_value: str, seen_ttl: float,
                         lock_key: str, token: str, lock_ttl: float, state_key: str,
                         rate_key: str | None = None, rate_window: float = 60.0,
                         nonce: Nonce | None = None) -> tuple[str, str | None, int]:
        """A whole turn that changes nothing but the dialog, decided ahead
        on the state this process saved last (`quick.expected`), in one
        step: when nothing moved since (the state is still that one, nobody
        holds the user's lock, the message was not seen, its nonce is new
        or its own, one more message stays within `quick.rate_limit`), the
        message is counted, marked seen with its answer, the nonce kept and
        the state saved: ("done", None, n). Otherwise, in the same step,
        exactly what `begin_turn` with the same arguments does, and its
        answer: the turn goes on the ordinary way, with no round trip lost.
        Run twice (an answer lost on the way back), the second run finds
        the message seen."""

    @abstractmethod
    async def redact_values(self, match: str, needles: Iterable[str], replacement: str) -> int:
        """Replace the value of every key matching the glob `match` whose
        value contains any of `needles` (a deleted user's phone in the
        answers kept for resends), keeping its expiry; how many."""

    async def acquire(self, lock_key: str, token: str, ttl: float, wait: float,
                      holder_gone: Callable[[str], Awaitable[bool]] | None = None) -> None:
        """Take a lock (full key) within `wait` seconds, else LockTimeout.
        `holder_gone(token)`, asked now and then while waiting, tells
        whether the holder is known to be dead (its process stopped
        beating): its lock is then freed at once instead of at its ttl."""
        deadline = time.monotonic() + wait
        next_check = time.monotonic() + 0.2
        delay = 0.002
        while not await self._try_acquire(lock_key, token, ttl):
            now = time.monotonic()
            if holder_gone is not None and now >= next_check:
                next_check = now + 0.2
                holder = await self.get(lock_key)
                if holder is not None and await holder_gone(holder):
                    await self._release(lock_key, holder)
                    continue
            if now >= deadline:
                raise LockTimeout(lock_key)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)

    async def release(self, lock_key: str, token: str) -> None:
        """Release a lock taken with `token` (nothing if it expired and
        someone else holds it now)."""
        await self._release(lock_key, token)

    @asynccontextmanager
    async def lock(self, name: str, ttl: float = 30.0, wait: float = 10.0) -> AsyncIterator[None]:
        """Hold a named lock. `ttl` bounds how long a crashed holder blocks
        others; `wait` bounds how long we wait for it (LockTimeout after)."""
        key = self.key("lock", name)
        token = secrets.token_hex(8)
        await self.acquire(key, token, ttl, wait)
        try:
            yield
        finally:
            await self._release(key, token)


class QuickSave(NamedTuple):
    """What a turn decided ahead saves when nothing moved (`quick_turn`)."""
    expected: str        # the state it was decided on
    state: str           # the state to save, for state_ttl seconds
    state_ttl: float
    answer: str          # the message's answer, kept as its seen mark
    rate_limit: int      # messages a user may send in the rate window (with a rate key)


class Nonce(NamedTuple):
    """A signed request's nonce as a turn checks it (`begin_turn`): kept
    under `key` with the `digest` of the body it came with, for `ttl`
    seconds (while its timestamp is accepted). The same key with another
    digest is a captured signature put on another body."""
    key: str
    digest: str
    ttl: float


# WeChat resends a message it had no answer to within about 15 s (three tries): an answer
# kept for resends this long may make way for other keys when the store is full.
RESEND_MARK_KEPT = 20.0

# Past this many seconds away, an expiry is kept by the hour (see MemoryStore._buckets).
EXPIRY_HOUR = 3600


class MemoryStore(KeyValueStore):
    """In-process store: the embedded default. Expired keys are dropped
    lazily on read and by a sweep of the expiry heap on writes. It holds at
    most `max_keys` keys: past that, the answers kept for resends that are
    past WeChat's resends go first (one a message, so under load they are
    most keys: they would push out the dialog of someone who paused, with
    the draft they were told is kept), then the least recently used (dialogs
    of users long silent; a user's lock and a nonce are young and stay)."""

    kind = "memory"

    def __init__(self, prefix: str = "qzbot", max_keys: int = 20_000) -> None:
        super().__init__(prefix)
        self.max_keys = max(16, max_keys)
        self._data: OrderedDict[str, tuple[str, float | None]] = OrderedDict()
        # When keys expire, in buckets: by the second for a key that lives an
        # hour or less, by the hour for a longer one. A key written again
        # moves out of its bucket (a dialog's state, kept 180 days, is
        # rewritten every message: a heap kept every old expiry until it was
        # rebuilt, a stall of 18 ms at 20,000 keys). A bucket is swept when its
        # time is up; every key in it expired before that.
        self._buckets: dict[int, set[str]] = {}
        self._due: list[int] = []   # the buckets' times, a heap
        # The answers kept for resends, by when they were written (oldest first).
        self._resend_marks: OrderedDict[str, float] = OrderedDict()

    def _schedule(self, key: str, expires: float, ttl: float) -> None:
        when = int(expires) + 1
        if ttl > EXPIRY_HOUR:
            when = (when // EXPIRY_HOUR + 1) * EXPIRY_HOUR
        keys = self._buckets.get(when)
        if keys is None:
            keys = self._buckets[when] = set()
            heapq.heappush(self._due, when)
        keys.add(key)

    def _unschedule(self, key: str, expires: float | None) -> None:
        if expires is None:
            return
        second = int(expires) + 1
        keys = self._buckets.get(second)
        if keys is not None and key in keys:
            keys.remove(key)
            return
        keys = self._buckets.get((second // EXPIRY_HOUR + 1) * EXPIRY_HOUR)
        if keys is not None:
            keys.discard(key)

    def _drop(self, key: str, item: tuple[str, float | None]) -> None:
        """Forget a key just taken out of `_data`."""
        self._resend_marks.pop(key, None)
        self._unschedule(key, item[1])

    def _alive(self, key: str) -> tuple[str, float | None] | None:
        item = self._data.get(key)
        if item is None:
            return None
        if item[1] is not None and item[1] <= time.monotonic():
            del self._data[key]
            self._drop(key, item)
            return None
        self._data.move_to_end(key)
        return item

    def _sweep(self) -> None:
        now = time.monotonic()
        due = self._due
        while due and due[0] <= now:
            for key in self._buckets.pop(heapq.heappop(due), ()):
                item = self._data.get(key)
                if item is not None and item[1] is not None and item[1] <= now:
                    del self._data[key]
                    self._resend_marks.pop(key, None)

    def scheduled(self) -> int:
        """Keys waiting in the expiry buckets (never more than the keys kept)."""
        return sum(len(keys) for keys in self._buckets.values())

    def _put(self, key: str, value: str, ttl: float | None, resend_mark: bool = False) -> None:
        now = time.monotonic()
        data = self._data
        old = data.get(key)
        if old is not None:
            self._unschedule(key, old[1])
        expires = None if ttl is None else now + ttl
        data[key] = (value, expires)
        data.move_to_end(key)
        if resend_mark:
            self._resend_marks[key] = now
            self._resend_marks.move_to_end(key)
        while len(data) > self.max_keys:
            self._evict_one(now)
        if ttl is not None:
            self._schedule(key, now + ttl, ttl)
        self._sweep()

    def _evict_one(self, now: float) -> None:
        marks = self._resend_marks
        while marks:
            key, written = next(iter(marks.items()))
            if now - written < RESEND_MARK_KEPT:
                break
            marks.popitem(last=False)
            item = self._data.pop(key, None)
            if item is not None:
                self._unschedule(key, item[1])
                return
        key, item = self._data.popitem(last=False)
        self._drop(key, item)

    async def get(self, key: str) -> str | None:
        item = self._alive(key)
        return None if item is None else item[0]

    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        self._put(key, value, ttl)

    async def set_if_absent(self, key: str, value: str, ttl: float | None = None) -> bool:
        if self._alive(key) is not None:
            return False
        self._put(key, value, ttl)
        return True

    async def delete(self, key: str) -> None:
        item = self._data.pop(key, None)
        if item is not None:
            self._drop(key, item)

    async def _try_acquire(self, key: str, token: str, ttl: float) -> bool:
        return await self.set_if_absent(key, token, ttl)

    async def _release(self, key: str, token: str) -> None:
        item = self._alive(key)
        if item is not None and item[0] == token:
            del self._data[key]
            self._drop(key, item)

    async def ping(self) -> bool:
        return True

    async def begin_turn(self, seen_key, seen_value, seen_ttl, lock_key, token, lock_ttl, state_key,
                         rate_key=None, rate_window=60.0, nonce=None):
        if nonce is not None:
            seen_with = self._alive(nonce.key)
            if seen_with is None:
                self._put(nonce.key, nonce.digest, nonce.ttl)
            elif not hmac.compare_digest(seen_with[0], nonce.digest):
                return "replayed", None, 0
        earlier = self._alive(seen_key)
        if earlier is not None:
            return "seen", earlier[0], 0
        self._put(seen_key, seen_value, seen_ttl, resend_mark=True)
        count = self._count(rate_key, rate_window) if rate_key else 0
        if self._alive(lock_key) is not None:
            return "locked", None, count
        self._put(lock_key, token, lock_ttl)
        return "ok", await self.get(state_key), count

    def _count(self, key: str, window: float) -> int:
        item = self._alive(key)
        if item is None:
            self._put(key, "1", window)
            return 1
        count = int(item[0]) + 1
        self._data[key] = (str(count), item[1])  # the window keeps its end
        return count

    async def end_turn(self, state_key, state, state_ttl, seen_key, seen_value, seen_ttl, lock_key, token):
        if state is not None:
            self._put(state_key, state, state_ttl)
        self._put(seen_key, seen_value, seen_ttl, resend_mark=True)
        await self._release(lock_key, token)

    async def quick_turn(self, quick, seen_key, seen_value, seen_ttl, lock_key, token, lock_ttl, state_key,
                         rate_key=None, rate_window=60.0, nonce=None):
        if self._nothing_moved(quick, seen_key, lock_key, state_key, rate_key, nonce):
            count = self._count(rate_key, rate_window) if rate_key else 0
            if nonce is not None and self._alive(nonce.key) is None:
                self._put(nonce.key, nonce.digest, nonce.ttl)
            self._put(state_key, quick.state, quick.state_ttl)
            self._put(seen_key, quick.answer, seen_ttl, resend_mark=True)
            return "done", None, count
        return await self.begin_turn(seen_key, seen_value, seen_ttl, lock_key, token, lock_ttl, state_key,
                                     rate_key, rate_window, nonce)

    def _nothing_moved(self, quick, seen_key, lock_key, state_key, rate_key, nonce) -> bool:
        if nonce is not None:
            seen_with = self._alive(nonce.key)
            if seen_with is not None and not hmac.compare_digest(seen_with[0], nonce.digest):
                return False
        if self._alive(seen_key) is not None or self._alive(lock_key) is not None:
            return False
        found = self._alive(state_key)
        if found is None or found[0] != quick.expected:
            return False
        counted = self._alive(rate_key) if rate_key else None
        return counted is None or int(counted[0]) + 1 <= quick.rate_limit

    async def redact_values(self, match: str, needles, replacement: str) -> int:
        """Replace the value of every key matching the glob `match` whose
        value contains any of `needles` (a deleted user's phone in the
        answers kept for resends), keeping its expiry; how many."""
        import fnmatch

        needles = [n for n in needles if n]
        n = 0
        for key in [k for k in self._data if fnmatch.fnmatchcase(k, match)]:
            item = self._alive(key)
            if item is not None and needles and any(x in item[0] for x in needles):
                self._data[key] = (replacement, item[1])
                n += 1
        return n


_RELEASE_LUA = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


# The message counted under KEYS[4] in its window of ARGV[5] ms ('' for none),
# by begin_turn and by quick_turn.
_COUNT_MESSAGE_LUA = """
local function count_message()
    if ARGV[5] == '' then
        return 0
    end
    local count = redis.call('incr', KEYS[4])
    if count == 1 then
        redis.call('pexpire', KEYS[4], ARGV[5])
    end
    return count
end
"""


# Repeatable (resp.Script): a turn's token is its own, so finding its lock
# held by that token means this very call ran already and its answer was
# lost with the connection; it answers as it did then ("ok", the count, the
# state), and counts nothing twice. Sent again when it found the lock
# taken by another turn, it finds its message marked seen and says so: the
# turn then finds the mark its own and abandoned, and takes the message up.
# The nonce comes first (KEYS[5], ARGV[6] its body's digest, '' for none): a
# second run finds its own digest there. (Lua's comparison is not constant
# time; what it compares are digests of bodies, which tell an attacker
# nothing they could use.)
_BEGIN_TURN_BODY = """
if ARGV[6] ~= '' and not redis.call('set', KEYS[5], ARGV[6], 'PX', ARGV[7], 'NX') then
    if redis.call('get', KEYS[5]) ~= ARGV[6] then
        return {'replayed', 0}
    end
end
if redis.call('get', KEYS[2]) == ARGV[3] then
    local counted = 0
    if ARGV[5] ~= '' then
        counted = tonumber(redis.call('get', KEYS[4]) or '0') or 0
    end
    return {'ok', counted, redis.call('get', KEYS[3])}
end
if not redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
    return {'seen', 0, redis.call('get', KEYS[1])}
end
local count = count_message()
if not redis.call('set', KEYS[2], ARGV[3], 'PX', ARGV[4], 'NX') then
    return {'locked', count}
end
return {'ok', count, redis.call('get', KEYS[3])}
"""
_BEGIN_TURN_LUA = _COUNT_MESSAGE_LUA + _BEGIN_TURN_BODY

# Run again after its answer was lost on the way back (the lean client sends
# a repeatable script again): the message's answer is already saved, so
# nothing is written. A second run must not write this turn's state over a
# later turn's, nor free that turn's lock.
_END_TURN_LUA = """
if redis.call('get', KEYS[2]) == ARGV[3] then
    return 1
end
if ARGV[1] ~= '' then
    redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
redis.call('set', KEYS[2], ARGV[3], 'PX', ARGV[4])
if redis.call('get', KEYS[3]) == ARGV[5] then
    redis.call('del', KEYS[3])
end
return 1
"""


# All checks first; when nothing moved, all the writes, and 'done'. When
# anything moved, nothing of that is done and the script goes on as
# begin_turn (the same KEYS, ARGV[1..7] as its own), so the turn loses no
# round trip. ARGV[8..12]: the answer, the state decided on, the state to
# save and for how long (ms), the rate limit. Repeatable: a second run finds
# the message seen (or, when the first ran as begin_turn, its own lock).
_QUICK_TURN_LUA = _COUNT_MESSAGE_LUA + """
local quick = true
if ARGV[6] ~= '' then
    local digest = redis.call('get', KEYS[5])
    if digest and digest ~= ARGV[6] then
        quick = false
    end
end
if quick and redis.call('exists', KEYS[1], KEYS[2]) > 0 then
    quick = false
end
if quick and redis.call('get', KEYS[3]) ~= ARGV[9] then
    quick = false
end
if quick and ARGV[5] ~= '' and (tonumber(redis.call('get', KEYS[4]) or '0') or 0) + 1 > tonumber(ARGV[12]) then
    quick = false
end
if quick then
    local count = count_message()
    if ARGV[6] ~= '' then
        redis.call('set', KEYS[5], ARGV[6], 'PX', ARGV[7], 'NX')
    end
    redis.call('set', KEYS[3], ARGV[10], 'PX', ARGV[11])
    redis.call('set', KEYS[1], ARGV[8], 'PX', ARGV[2])
    return {'done', count}
end
""" + _BEGIN_TURN_BODY


class RedisStore(KeyValueStore):
    """Redis-backed store shared by several server processes."""

    kind = "redis"

    def __init__(self, url: str, prefix: str = "qzbot", timeout: float = 3.0) -> None:
        super().__init__(prefix)
        import redis.asyncio as aioredis

        from bot.store.resp import RespClient, Script, run_script, understands

        self.url = url
        # Bounded waits: a Redis that does not answer (a network partition,
        # a frozen server) fails the turn within WeChat's 5 s, and the
        # message is left for WeChat's resend, instead of hanging forever.
        # redis-py (no retries as configured here) serves what the lean
        # client does not: SCAN, and every call when the URL asks for TLS
        # (rediss://) or options that client does not read.
        self._redis = aioredis.from_url(url, decode_responses=True, socket_connect_timeout=timeout,
                                        socket_timeout=timeout, health_check_interval=30)
        # Every other call on one shared pipelined connection (bot/store/resp.py):
        # redis-py costs ~200 us of CPU a call. Chosen once, here: `_call` runs
        # a command and answers as Redis does (str, int, None, list).
        self._resp: RespClient | None = None
        self._call: Callable[..., Awaitable[Any]]
        if understands(url):
            self._resp = RespClient(url, timeout=timeout)
            self._call = self._resp.call
        else:
            self._call = self._redis.execute_command
        # `_eval(script, keys, args)`: a Lua script run with `_call` (by its
        # SHA1, sent whole once if Redis does not have it).
        self._eval: Callable[[Script, list[str], list[Any]], Awaitable[Any]]
        self._eval = functools.partial(run_script, self._call)
        self._release_lua = Script(_RELEASE_LUA)
        self._begin_turn_lua = Script(_BEGIN_TURN_LUA, repeatable=True)
        self._end_turn_lua = Script(_END_TURN_LUA, repeatable=True)
        self._quick_turn_lua = Script(_QUICK_TURN_LUA, repeatable=True)

    @staticmethod
    def _px(ttl: float | None) -> int | None:
        return None if ttl is None else max(1, int(ttl * 1000))

    async def get(self, key: str) -> str | None:
        return await self._call("GET", key)

    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        if ttl is None:
            await self._call("SET", key, value)
        else:
            await self._call("SET", key, value, "PX", self._px(ttl))

    async def set_if_absent(self, key: str, value: str, ttl: float | None = None) -> bool:
        # The answer is OK (redis-py: True) when set, nil when the key exists.
        if ttl is None:
            return await self._call("SET", key, value, "NX") is not None
        return await self._call("SET", key, value, "PX", self._px(ttl), "NX") is not None

    async def delete(self, key: str) -> None:
        await self._call("DEL", key)

    async def _try_acquire(self, key: str, token: str, ttl: float) -> bool:
        return await self.set_if_absent(key, token, ttl)

    async def _release(self, key: str, token: str) -> None:
        await self._eval(self._release_lua, [key], [token])

    async def ping(self) -> bool:
        return bool(await self._call("PING"))

    async def begin_turn(self, seen_key, seen_value, seen_ttl, lock_key, token, lock_ttl, state_key,
                         rate_key=None, rate_window=60.0, nonce=None):
        keys, args = self._turn_keys_args(seen_key, seen_value, seen_ttl, lock_key, token, lock_ttl, state_key,
                                          rate_key, rate_window, nonce)
        return self._begun(await self._eval(self._begin_turn_lua, keys, args))

    async def end_turn(self, state_key, state, state_ttl, seen_key, seen_value, seen_ttl, lock_key, token):
        await self._eval(self._end_turn_lua, [state_key, seen_key, lock_key],
                         [state or "", self._px(state_ttl), seen_value, self._px(seen_ttl), token])

    def _turn_keys_args(self, seen_key, seen_value, seen_ttl, lock_key, token, lock_ttl, state_key, rate_key,
                        rate_window, nonce) -> tuple[list[str], list[Any]]:
        keys = [seen_key, lock_key, state_key, rate_key or seen_key + ":rate",
                nonce.key if nonce else seen_key + ":nonce"]
        args = [seen_value, self._px(seen_ttl), token, self._px(lock_ttl), self._px(rate_window) if rate_key else "",
                nonce.digest if nonce else "", self._px(nonce.ttl) if nonce else ""]
        return keys, args

    @staticmethod
    def _begun(found: list) -> tuple[str, str | None, int]:
        # Lua drops a trailing nil from a table: a missing value is simply absent.
        return found[0], (found[2] if len(found) > 2 else None), int(found[1])

    async def quick_turn(self, quick, seen_key, seen_value, seen_ttl, lock_key, token, lock_ttl, state_key,
                         rate_key=None, rate_window=60.0, nonce=None):
        keys, args = self._turn_keys_args(seen_key, seen_value, seen_ttl, lock_key, token, lock_ttl, state_key,
                                          rate_key, rate_window, nonce)
        args += [quick.answer, quick.expected, quick.state, self._px(quick.state_ttl), quick.rate_limit]
        return self._begun(await self._eval(self._quick_turn_lua, keys, args))

    async def close(self) -> None:
        if self._resp is not None:
            await self._resp.close()
        await self._redis.aclose()

    async def redact_values(self, match: str, needles, replacement: str) -> int:
        """As MemoryStore.redact_values: SCAN, then the values read and the
        matching ones replaced in place (KEEPTTL; XX: not if gone meanwhile)."""
        needles = [n for n in needles if n]
        if not needles:
            return 0
        n = 0
        batch: list[str] = []

        async def check(keys: list[str]) -> int:
            found = 0
            for key, value in zip(keys, await self._redis.mget(keys)):
                if value is not None and any(x in value for x in needles):
                    found += bool(await self._redis.set(key, replacement, keepttl=True, xx=True))
            return found

        async for key in self._redis.scan_iter(match=match, count=500):
            batch.append(key)
            if len(batch) >= 500:
                n += await check(batch)
                batch = []
        if batch:
            n += await check(batch)
        return n


def open_store(redis_url: str, prefix: str, *, max_keys: int = 20_000, timeout: float = 3.0) -> KeyValueStore:
    return RedisStore(redis_url, prefix, timeout) if redis_url else MemoryStore(prefix, max_keys)
