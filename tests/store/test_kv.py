"""One suite for both key-value stores: in-process by default, Redis when
TEST_REDIS_URL is set (CI runs both)."""
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
