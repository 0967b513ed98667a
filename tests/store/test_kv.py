"""One suite for both key-value stores: each test runs on the in-process
store and on Redis (tests/conftest.py)."""
import asyncio

import pytest

from bot.store.kv import LockTimeout


async def test_set_get_delete(kv):
    k = kv.key("a")
    assert await kv.get(k) is None
    await kv.set(k, "1")
    assert await kv.get(k) == "1"
    await kv.delete(k)
    assert await kv.get(k) is None


async def test_values_expire_after_their_ttl(kv):
    k = kv.key("ttl")
    await kv.set(k, "x", ttl=0.15)
    assert await kv.get(k) == "x"
    await asyncio.sleep(0.3)
    assert await kv.get(k) is None


async def test_set_if_absent_is_true_once(kv):
    k = kv.key("seen", "m1")
    results = await asyncio.gather(*(kv.set_if_absent(k, "P", ttl=5) for _ in range(10)))
    assert results.count(True) == 1
    assert await kv.get(k) == "P"


async def test_set_if_absent_works_again_after_expiry(kv):
    k = kv.key("seen", "m2")
    assert await kv.set_if_absent(k, "P", ttl=0.1)
    await asyncio.sleep(0.25)
    assert await kv.set_if_absent(k, "Q", ttl=1)


async def test_lock_serialises_holders(kv):
    inside, peak, order = 0, 0, []

    async def worker(i):
        nonlocal inside, peak
        async with kv.lock("user:x", ttl=5, wait=5):
            inside += 1
            peak = max(peak, inside)
            await asyncio.sleep(0.02)
            order.append(i)
            inside -= 1

    await asyncio.gather(*(worker(i) for i in range(6)))
    assert peak == 1
    assert sorted(order) == list(range(6))


async def test_lock_wait_times_out(kv):
    async with kv.lock("busy", ttl=5, wait=1):
        with pytest.raises(LockTimeout):
            async with kv.lock("busy", ttl=5, wait=0.1):
                pass


async def test_a_crashed_holders_lock_runs_out(kv):
    # A holder that never releases (a killed process) blocks only for the ttl.
    assert await kv._try_acquire(kv.key("lock", "dead"), "token-of-dead-process", 0.2)
    async with kv.lock("dead", ttl=5, wait=2):
        pass


async def test_release_does_not_free_someone_elses_lock(kv):
    key = kv.key("lock", "mine")
    assert await kv._try_acquire(key, "owner-a", 5)
    await kv._release(key, "owner-b")
    assert await kv.get(key) == "owner-a"


async def test_keys_are_namespaced_by_prefix(kv):
    assert kv.key("state", "o1").startswith(kv.prefix + ":")
    assert await kv.ping()


async def test_a_turn_begins_with_seen_mark_lock_and_state_in_one_step(kv):
    seen, lock, state = kv.key("seen", "t1"), kv.key("lock", "user:u1"), kv.key("state", "u1")
    assert await kv.begin_turn(seen, "P", 5, lock, "tok1", 5, state) == ("ok", None, 0)
    await kv.end_turn(state, '{"step": 1}', 60, seen, "D:hello", 5, lock, "tok1")
    assert await kv.get(lock) is None, "the lock is free after the turn"
    assert await kv.get(seen) == "D:hello"
    # The same message again: seen, nothing else taken.
    assert await kv.begin_turn(seen, "P", 5, lock, "tok2", 5, state) == ("seen", "D:hello", 0)
    assert await kv.get(lock) is None
    # The user's next message reads the saved state.
    assert await kv.begin_turn(kv.key("seen", "t2"), "P", 5, lock, "tok3", 5, state) == ("ok", '{"step": 1}', 0)


async def test_a_turn_checks_the_requests_nonce_first_and_a_reused_one_does_nothing(kv):
    """The webhook's nonce is checked in the turn's first step: kept with
    its body's digest; the same digest again (WeChat's resend) goes on; any
    other digest is refused with nothing marked, counted or locked."""
    from bot.store.kv import Nonce

    lock, state, rate = kv.key("lock", "user:un"), kv.key("state", "un"), kv.key("rate", "un")
    nonce = Nonce(kv.key("nonce", "1700000000", "271828"), "digest-of-body-a", 300)
    first = kv.key("seen", "n1")
    assert await kv.begin_turn(first, "P", 5, lock, "tok1", 5, state, rate, 60, nonce) == ("ok", None, 1)
    assert await kv.get(nonce.key) == "digest-of-body-a"
    await kv.end_turn(state, '{"step": 1}', 60, first, "D:hello", 5, lock, "tok1")
    # A captured signature on another body: refused, and nothing of the user's touched.
    forged = kv.key("seen", "n2")
    assert await kv.begin_turn(forged, "P", 5, lock, "tok2", 5, state, rate, 60,
                               nonce._replace(digest="digest-of-body-b")) == ("replayed", None, 0)
    assert await kv.get(forged) is None and await kv.get(lock) is None
    assert await kv.get(nonce.key) == "digest-of-body-a"
    # WeChat's resend of the first body: on to de-duplication, as before.
    assert await kv.begin_turn(first, "P", 5, lock, "tok3", 5, state, rate, 60, nonce) == ("seen", "D:hello", 0)
    # The count was not moved by the forged request.
    assert (await kv.begin_turn(kv.key("seen", "n3"), "P", 5, lock, "tok4", 5, state, rate, 60))[2] == 2


async def test_a_turn_waits_for_the_users_lock_but_is_marked_seen(kv):
    seen, lock, state = kv.key("seen", "t3"), kv.key("lock", "user:u2"), kv.key("state", "u2")
    await kv.set(lock, "someone-else", ttl=5)
    assert await kv.begin_turn(seen, "P", 5, lock, "tok", 5, state) == ("locked", None, 0)
    assert await kv.get(seen) == "P" and await kv.get(lock) == "someone-else"
    with pytest.raises(LockTimeout):
        await kv.acquire(lock, "tok", 5, wait=0.1)


async def test_ending_a_turn_without_a_new_state_keeps_the_old_one(kv):
    seen, lock, state = kv.key("seen", "t4"), kv.key("lock", "user:u3"), kv.key("state", "u3")
    await kv.set(state, "old")
    assert await kv.begin_turn(seen, "P", 5, lock, "tok", 5, state) == ("ok", "old", 0)
    await kv.end_turn(state, None, 60, seen, "D:", 5, lock, "tok")
    assert await kv.get(state) == "old" and await kv.get(seen) == "D:" and await kv.get(lock) is None


async def test_ending_a_turn_whose_lock_ran_out_leaves_the_new_holders_lock(kv):
    seen, lock, state = kv.key("seen", "t5"), kv.key("lock", "user:u4"), kv.key("state", "u4")
    assert (await kv.begin_turn(seen, "P", 5, lock, "slow", 0.1, state))[0] == "ok"
    await asyncio.sleep(0.25)
    await kv.acquire(lock, "next", 5, wait=1)
    await kv.end_turn(state, "s", 60, seen, "D:x", 5, lock, "slow")
    assert await kv.get(lock) == "next"


async def test_the_in_process_store_does_not_grow_when_the_same_keys_are_rewritten():
    """Its own bookkeeping (Redis keeps expiry itself): rewriting a key
    must not leave an ever longer list of old expiry times behind."""
    from bot.store.kv import MemoryStore

    kv = MemoryStore(max_keys=500)
    for n in range(20_000):
        await kv.set(kv.key("state", f"u{n % 50}"), str(n), ttl=3600)          # an hour: kept by the second
        await kv.set(kv.key("dialog", f"u{n % 50}"), str(n), ttl=180 * 86400)  # half a year: by the hour
        await kv.set(kv.key("seen", str(n)), "D:", ttl=300)                     # pushed out when full
    assert len(kv._data) == 500
    assert kv.scheduled() == 500
    assert await kv.get(kv.key("state", "u7")) == str(19_957)
    assert await kv.get(kv.key("dialog", "u7")) == str(19_957)


async def test_the_in_process_store_drops_expired_keys_nobody_reads_again():
    from bot.store.kv import MemoryStore

    kv = MemoryStore()
    for n in range(200):
        await kv.set(kv.key("seen", str(n)), "D:", ttl=0.2)
    await kv.set(kv.key("state", "kept"), "{}", ttl=3600)
    await asyncio.sleep(1.3)   # past the second their expiry was kept by
    await kv.set(kv.key("state", "other"), "{}", ttl=3600)   # a write sweeps what is due
    assert len(kv._data) == 2 and kv.scheduled() == 2


async def test_a_turn_counts_its_users_messages_in_a_window(kv):
    lock, state, rate = kv.key("lock", "user:r1"), kv.key("state", "r1"), kv.key("rate", "r1")
    counts = []
    for n in range(3):
        status, _, count = await kv.begin_turn(kv.key("seen", f"r{n}"), "P", 5, lock, "t", 5, state, rate, 0.3)
        counts.append(count)
        if status == "ok":
            await kv.end_turn(state, None, 60, kv.key("seen", f"r{n}"), "D:", 5, lock, "t")
    assert counts == [1, 2, 3]
    # A resend is not counted again; a held lock does not stop the count.
    assert (await kv.begin_turn(kv.key("seen", "r0"), "P", 5, lock, "t", 5, state, rate, 0.3))[2] == 0
    await kv.set(lock, "busy", ttl=5)
    assert await kv.begin_turn(kv.key("seen", "r3"), "P", 5, lock, "t", 5, state, rate, 0.3) == ("locked", None, 4)
    await asyncio.sleep(0.45)   # a new window
    assert (await kv.begin_turn(kv.key("seen", "r4"), "P", 5, lock, "t", 5, state, rate, 0.3))[2] == 1


async def test_the_in_process_store_keeps_at_most_its_size_dropping_the_least_recently_used():
    from bot.store.kv import MemoryStore

    kv = MemoryStore(max_keys=100)
    for n in range(100):
        await kv.set(kv.key("state", f"u{n}"), "{}", ttl=3600)
    await kv.get(kv.key("state", "u0"))           # u0 was just used
    for n in range(100, 150):
        await kv.set(kv.key("state", f"u{n}"), "{}", ttl=3600)
    assert len(kv._data) == 100
    assert await kv.get(kv.key("state", "u0")) == "{}"
    assert await kv.get(kv.key("state", "u1")) is None and await kv.get(kv.key("state", "u50")) is None
    assert await kv.get(kv.key("state", "u149")) == "{}"


async def test_a_full_in_process_store_lets_old_resend_answers_go_before_a_paused_users_dialog(monkeypatch):
    """Under load most keys are answers kept for resends (one a message): when
    the store is full those past WeChat's resends go first, so someone who
    paused mid-dialog keeps it (and the draft they were told is kept); young
    ones stay, and a resend within the window still gets its answer."""
    import bot.store.kv as kv_module
    from bot.store.kv import MemoryStore

    monkeypatch.setattr(kv_module, "RESEND_MARK_KEPT", 0.05)
    kv = MemoryStore(max_keys=50)

    async def turn(user: str, n: int) -> None:
        seen, lock, state = kv.key("seen", f"{user}-{n}"), kv.key("lock", user), kv.key("state", user)
        status, _, _ = await kv.begin_turn(seen, "P", 300, lock, "t", 8, state)
        assert status == "ok"
        await kv.end_turn(state, f"dialog of {user}", 3600, seen, f"D:answer {n}", 300, lock, "t")

    for u in range(10):
        await turn(f"paused{u}", 0)   # ten people half-way through a dialog, who then pause
    await asyncio.sleep(0.06)
    for batch in range(5):   # 150 messages from others, 30 at a time
        for n in range(6 * batch, 6 * batch + 6):
            for u in range(5):
                await turn(f"busy{u}", n)
        await asyncio.sleep(0.06)
    assert len(kv._data) <= 50
    assert [await kv.get(kv.key("state", f"paused{u}")) for u in range(10)] == [f"dialog of paused{u}" for u in range(10)]
    # The newest answers are still there for resends.
    assert await kv.get(kv.key("seen", "busy4-29")) == "D:answer 29"
    # With every answer young, the least recently used goes, as before.
    kv2 = MemoryStore(max_keys=20)
    for u in range(30):
        await kv2.set(kv2.key("state", f"u{u}"), "{}", ttl=3600)
    assert await kv2.get(kv2.key("state", "u0")) is None and await kv2.get(kv2.key("state", "u29")) == "{}"


async def test_a_quick_turn_saves_its_answer_and_state_only_when_nothing_moved(kv):
    """A turn decided ahead on the state last saved is saved in one step,
    counted and with its nonce kept. When anything moved (the state, a turn
    holding the lock, the message seen, a nonce with another body, the
    limit reached) none of that is done, and the same step begins the turn
    the ordinary way instead, as begin_turn would."""
    from bot.store.kv import Nonce, QuickSave

    lock, state, rate = kv.key("lock", "user:uq"), kv.key("state", "uq"), kv.key("rate", "uq")
    nonce = Nonce(kv.key("nonce", "1700000000", "31415"), "digest-a", 300)

    def quick(n: int, expected: str, limit: int = 30) -> QuickSave:
        return QuickSave(expected, f'{{"s": {n}}}', 60, f"D:answer {n}", limit)

    async def turn(seen: str, save: QuickSave, token: str, with_nonce=nonce):
        return await kv.quick_turn(save, kv.key("seen", seen), "P", 5, lock, token, 5, state, rate, 60, with_nonce)

    async def ordinary_end(seen: str, token: str, new_state: str | None = None) -> None:
        await kv.end_turn(state, new_state, 60, kv.key("seen", seen), "D:ordinary", 5, lock, token)

    # No state kept (a new user, or it expired): begun the ordinary way.
    assert await turn("q1", quick(2, '{"s": 1}'), "t1") == ("ok", None, 1)
    await ordinary_end("q1", "t1", '{"s": 1}')
    # Another state than the one decided on (another process moved it on).
    assert await turn("q2", quick(2, '{"s": 0}'), "t2") == ("ok", '{"s": 1}', 2)
    await ordinary_end("q2", "t2")
    # A turn of the same user holds the lock: marked seen, counted, told.
    await kv.set(lock, "other-turn", ttl=5)
    assert await turn("q3", quick(2, '{"s": 1}'), "t3") == ("locked", None, 3)
    assert await kv.get(kv.key("seen", "q3")) == "P" and await kv.get(state) == '{"s": 1}'
    await kv.delete(lock)
    # Its nonce came before with another body: refused, nothing done.
    assert await turn("q4", quick(2, '{"s": 1}'), "t4", nonce._replace(digest="digest-b")) == ("replayed", None, 0)
    assert await kv.get(kv.key("seen", "q4")) is None and await kv.get(rate) == "3"
    # One more message would pass the limit: begun the ordinary way, which counts it and slows the user down.
    assert await turn("q5", quick(2, '{"s": 1}', limit=3), "t5") == ("ok", '{"s": 1}', 4)
    await ordinary_end("q5", "t5")
    await kv.delete(rate)
    # Nothing moved: all of it in one step, and no lock taken.
    assert await turn("q6", quick(2, '{"s": 1}'), "t6") == ("done", None, 1)
    assert (await kv.get(kv.key("seen", "q6")), await kv.get(state), await kv.get(rate)) == \
        ("D:answer 2", '{"s": 2}', "1")
    assert await kv.get(lock) is None
    # Run again (its answer lost on the way): the message is seen, with its answer; nothing done twice.
    assert await turn("q6", quick(3, '{"s": 2}'), "t7") == ("seen", "D:answer 2", 0)
    assert (await kv.get(state), await kv.get(rate)) == ('{"s": 2}', "1")
