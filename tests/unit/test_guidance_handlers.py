"""Career guidance's handlers on the fake store (tests/fake_store.py): no
database. The repository itself is proven against SQLite and PostgreSQL in
tests/store/test_fake_store.py; the conversation in
tests/e2e/test_policy_and_training.py."""
from __future__ import annotations

from datetime import datetime, timedelta


from bot import clock
from bot.bus import Bus
from bot.features.guidance.handlers import DAYS_LOOKED_AT, router
from bot.features.guidance.messages import BookGuidance, BookingsOn, CancelGuidance, MyBookings, TakenSlots
from bot.store.repos import SLOT_CAPACITY
from tests.fake_store import FakeStore, handler_deps, refdata

BUS = Bus(router)
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=clock.QUANZHOU).timestamp()   # Monday morning in Quanzhou
MARKET = "fengze_market"


def day(n: int, now: float = NOW) -> str:
    return (clock.today(now) + timedelta(days=n)).isoformat()


async def run(store, message, openid="o_me", now=NOW):
    deps = handler_deps(store, openid=openid, now=now)
    return await BUS.run(message, deps), deps.results


async def ask(store, query, openid="o_me", now=NOW):
    return await BUS.ask(query, handler_deps(store, openid=openid, now=now))


def test_every_guidance_message_has_its_handler():
    for message in (TakenSlots(MARKET), MyBookings(), BookingsOn(day(1)), BookGuidance(MARKET, day(1), "morning"),
                    CancelGuidance(1)):
        assert BUS.handles(message), message


async def test_taken_slots_count_the_coming_days_bookings_at_that_market_only():
    store = FakeStore()
    for who, market, d, half in (("u1", MARKET, 1, "morning"), ("u2", MARKET, 1, "morning"),
                                 ("u3", MARKET, 2, "afternoon"), ("u4", "licheng_market", 1, "morning"),
                                 ("u5", MARKET, 0, "morning"), ("u6", MARKET, DAYS_LOOKED_AT, "morning"),
                                 ("u7", MARKET, DAYS_LOOKED_AT - 1, "afternoon")):
        await run(store, BookGuidance(market, day(d), half), openid=who)
    assert await ask(store, TakenSlots(MARKET)) == {
        f"{day(1)}|morning": 2, f"{day(2)}|afternoon": 1, f"{day(DAYS_LOOKED_AT - 1)}|afternoon": 1}


async def test_booking_says_yes_until_the_half_day_is_full_then_no():
    store = FakeStore()
    for n in range(SLOT_CAPACITY):
        assert (await run(store, BookGuidance(MARKET, day(1), "morning"), openid=f"u{n}"))[1] == {"booked": "yes"}
    assert await run(store, BookGuidance(MARKET, day(1), "morning"), openid="late") == (False, {"booked": "no"})
    assert await ask(store, MyBookings(), openid="late") == []


async def test_moving_a_booking_cancels_the_old_one():
    store = FakeStore()
    await run(store, BookGuidance(MARKET, day(1), "morning"))
    [old] = await ask(store, MyBookings())
    assert (await run(store, BookGuidance(MARKET, day(3), "afternoon", replaces=old.id)))[1] == {"booked": "yes"}
    assert [(b.day, b.half) for b in await ask(store, MyBookings())] == [(day(3), "afternoon")]


async def test_a_user_cancels_only_their_own_booking():
    store = FakeStore()
    await run(store, BookGuidance(MARKET, day(1), "morning"), openid="u1")
    [theirs] = await ask(store, MyBookings(), openid="u1")
    await run(store, CancelGuidance(theirs.id), openid="someone_else")
    assert len(await ask(store, MyBookings(), openid="u1")) == 1
    await run(store, CancelGuidance(theirs.id), openid="u1")
    assert await ask(store, MyBookings(), openid="u1") == []


async def test_my_bookings_are_from_today_on_in_quanzhou_time():
    store = FakeStore()
    await run(store, BookGuidance(MARKET, day(0), "afternoon"))
    await run(store, BookGuidance(MARKET, day(2), "morning"))
    assert [b.day for b in await ask(store, MyBookings())] == [day(0), day(2)]
    just_after_midnight = datetime.combine(clock.today(NOW) + timedelta(days=1), datetime.min.time(),
                                           clock.QUANZHOU).timestamp() + 60
    assert [b.day for b in await ask(store, MyBookings(), now=just_after_midnight)] == [day(2)]


async def test_staff_see_everyone_booked_on_a_day_with_their_names():
    store = FakeStore()
    await store.add_worker("u1", "张三", "13905958888")
    await run(store, BookGuidance(MARKET, day(1), "morning"), openid="u1")
    await run(store, BookGuidance("licheng_market", day(1), "afternoon"), openid="u2")
    await run(store, BookGuidance(MARKET, day(2), "morning"), openid="u3")
    booked = await ask(store, BookingsOn(day(1)), openid="o_staff")
    assert [(b.market_code, b.openid, b.name, b.phone) for b in booked] == [
        (MARKET, "u1", "张三", "13905958888"), ("licheng_market", "u2", None, None)]


async def test_the_topic_of_the_visit_is_kept_with_the_booking_for_the_user_and_staff():
    store = FakeStore()
    await store.add_worker("u1", "张三", "13905958888")
    await run(store, BookGuidance(MARKET, day(1), "morning", topic="rights"), openid="u1")
    await run(store, BookGuidance(MARKET, day(1), "morning"), openid="u2")       # booked before it was asked
    [mine] = await ask(store, MyBookings(), openid="u1")
    assert mine.topic == "rights"
    booked = await ask(store, BookingsOn(day(1)), openid="o_staff")
    assert [(b.openid, b.name, b.topic) for b in booked] == [("u1", "张三", "rights"), ("u2", None, None)]
    [moved] = await ask(store, MyBookings(), openid="u1")
    await run(store, BookGuidance(MARKET, day(2), "morning", replaces=moved.id, topic=moved.topic), openid="u1")
    assert [(b.day, b.topic) for b in await ask(store, MyBookings(), openid="u1")] == [(day(2), "rights")]


async def test_the_day_before_everyone_booked_is_reminded_once_with_the_markets_address():
    store = FakeStore()
    await run(store, BookGuidance(MARKET, day(1), "morning"), openid="u1")
    await run(store, BookGuidance("no_such_market", day(1), "afternoon"), openid="u2")
    await run(store, BookGuidance(MARKET, day(2), "morning"), openid="u3")       # not yet
    await run(store, BookGuidance(MARKET, day(1), "afternoon"), openid="u4")
    [cancelled] = await ask(store, MyBookings(), openid="u4")
    await run(store, CancelGuidance(cancelled.id), openid="u4")
    remind = router.periodic_work[0]
    assert await remind(handler_deps(store, openid="", now=NOW)) == 2
    told = {m["openid"]: m for m in await store.sent()}
    assert set(told) == {"u1", "u2"}
    market = refdata().market_by_code(MARKET)
    assert told["u1"]["text"] == (f"提醒：明天上午在 {market.name} 有你的职业指导（{market.address}）。"
                                  "去不了请回复“我的预约”取消。")
    assert "在 no_such_market 有你的职业指导（-）" in told["u2"]["text"], "a market gone from the list"
    assert told["u1"]["key"] == "guidance-reminder:1"
    assert await remind(handler_deps(store, openid="", now=NOW + 60)) == 0, "once"
