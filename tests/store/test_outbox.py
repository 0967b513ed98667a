"""The durable outbox and its sender, against the real database (SQLite or
PostgreSQL) and store, with local fake WeChat-API and WeCom servers."""
import asyncio
from dataclasses import replace

import aiohttp
import pytest

from bot.handlers.outbound import OutboxSender, StaffWebhook, WeChatAPI
from bot.store.repos import OutboxRepo


@pytest.fixture
async def http():
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as s:
        yield s


def text_to(openid, content):
    return {"touser": openid, "msgtype": "text", "text": {"content": content}}


async def queue(db, channel, recipient, payload, key):
    async with db.transaction() as conn:
        return await OutboxRepo(conn).add(channel, recipient, payload, key)


async def statuses(db):
    async with db.reading() as conn:
        return {r["idempotency_key"]: r for r in await OutboxRepo(conn).list()}


async def test_a_message_with_the_same_key_is_queued_once(db):
    assert await queue(db, "staff", "staff", {"msgtype": "text", "text": {"content": "a"}}, "k1")
    assert not await queue(db, "staff", "staff", {"msgtype": "text", "text": {"content": "a"}}, "k1")
    assert len(await statuses(db)) == 1


async def test_sender_delivers_to_users_and_staff_once(db, kv, http, settings, fake_wechat, fake_wecom):
    sender = OutboxSender(settings, db, WeChatAPI(settings, kv, http), StaffWebhook(fake_wecom.url, http))
    await queue(db, "wechat_custom", "o_user_1", text_to("o_user_1", "hello"), "m1")
    await queue(db, "staff", "staff", {"msgtype": "markdown", "markdown": {"content": "notice"}}, "s1")
    assert await sender.drain_once() == 2
    assert await sender.drain_once() == 0
    assert fake_wechat.texts_to("o_user_1") == ["hello"]
    assert fake_wechat.messages[0]["_key"] == "m1"
    assert [p["markdown"]["content"] for p in fake_wecom.posts] == ["notice"]
    rows = await statuses(db)
    assert rows["m1"]["status"] == "sent" and rows["s1"]["status"] == "sent"


async def test_refused_token_is_refreshed_once_and_the_call_retried(db, kv, http, settings, fake_wechat):
    api = WeChatAPI(settings, kv, http)
    sender = OutboxSender(settings, db, api, None)
    await queue(db, "wechat_custom", "o1", text_to("o1", "first"), "t1")
    await sender.drain_once()
    assert fake_wechat.token_calls == 1
    fake_wechat.expire_tokens()  # WeChat now answers 40001 to the cached token
    await queue(db, "wechat_custom", "o1", text_to("o1", "second"), "t2")
    await sender.drain_once()
    assert fake_wechat.texts_to("o1") == ["first", "second"]
    assert fake_wechat.token_calls == 2


async def test_token_is_shared_between_processes_through_the_store(kv, http, settings, fake_wechat):
    a, b = WeChatAPI(settings, kv, http), WeChatAPI(settings, kv, http)
    tokens = await asyncio.gather(a.access_token(), b.access_token(), a.access_token())
    assert len(set(tokens)) == 1
    assert fake_wechat.token_calls == 1


async def test_out_of_window_is_not_retried_forever(db, kv, http, settings, fake_wechat):
    sender = OutboxSender(settings, db, WeChatAPI(settings, kv, http), None)
    fake_wechat.errcode_next = [45015]
    await queue(db, "wechat_custom", "o2", text_to("o2", "late news"), "w1")
    await sender.drain_once()
    assert (await statuses(db))["w1"]["status"] == "failed"
    assert await sender.drain_once() == 0
    assert fake_wechat.messages == []


async def test_out_of_window_falls_back_to_a_template_message_where_configured(db, kv, http, settings,
                                                                             fake_wechat):
    s = replace(settings, template_notice_id="TPL_NOTICE")
    sender = OutboxSender(s, db, WeChatAPI(s, kv, http), None)
    fake_wechat.errcode_next = [45047]
    await queue(db, "wechat_custom", "o3", text_to("o3", "your application was accepted"), "w2")
    await sender.drain_once()
    await sender.drain_once()
    assert len(fake_wechat.messages) == 1
    sent = fake_wechat.messages[0]
    assert sent["_path"].endswith("/template/send") and sent["template_id"] == "TPL_NOTICE"
    assert sent["data"]["content"]["value"] == "your application was accepted"


async def test_a_failing_webhook_is_retried_with_backoff_until_delivered(db, http, settings, fake_wecom,
                                                                     monkeypatch):
    monkeypatch.setattr("bot.handlers.outbound.backoff", lambda attempts: 0.05)
    sender = OutboxSender(settings, db, None, StaffWebhook(fake_wecom.url, http))
    fake_wecom.fail_next = 3
    await queue(db, "staff", "staff", {"msgtype": "text", "text": {"content": "urgent"}}, "r1")
    for _ in range(20):
        await sender.drain_once()
        if fake_wecom.posts:
            break
        await asyncio.sleep(0.06)
    assert fake_wecom.failures == 3
    assert len(fake_wecom.posts) == 1
    row = (await statuses(db))["r1"]
    assert row["status"] == "sent" and row["attempts"] == 4


async def test_staff_notices_go_in_order_and_a_down_robot_is_tried_once_per_round(db, http, settings, fake_wecom,
                                                                                monkeypatch):
    monkeypatch.setattr("bot.handlers.outbound.backoff", lambda attempts: 0.05)
    sender = OutboxSender(settings, db, None, StaffWebhook(fake_wecom.url, http))
    for i in range(5):
        await queue(db, "staff", "staff", {"msgtype": "text", "text": {"content": f"notice {i}"}}, f"o{i}")
    fake_wecom.fail_next = 1
    await sender.drain_once()
    assert fake_wecom.failures == 1 and fake_wecom.posts == [], "the rest waited instead of failing one by one"
    assert {r["status"] for r in (await statuses(db)).values()} == {"pending"}
    for _ in range(20):
        await asyncio.sleep(0.06)
        await sender.drain_once()
        if len(fake_wecom.posts) == 5:
            break
    assert fake_wecom.texts() == [f"notice {i}" for i in range(5)]


async def test_two_senders_deliver_each_message_exactly_once(db, kv, http, settings, fake_wechat):
    a = OutboxSender(settings, db, WeChatAPI(settings, kv, http), None)
    b = OutboxSender(settings, db, WeChatAPI(settings, kv, http), None)
    for i in range(30):
        await queue(db, "wechat_custom", f"o{i}", text_to(f"o{i}", f"n{i}"), f"k{i}")

    async def drain(sender):
        while await sender.drain_once(limit=5):
            pass

    await asyncio.gather(drain(a), drain(b), drain(a), drain(b))
    keys = [m["_key"] for m in fake_wechat.messages]
    assert sorted(keys) == sorted(f"k{i}" for i in range(30))


async def test_without_credentials_messages_are_recorded_not_sent(db, settings, fake_wechat):
    recorded = []
    sender = OutboxSender(settings, db, None, None)
    sender.recorders.append(lambda m: recorded.append(m.recipient))
    await queue(db, "wechat_custom", "o9", text_to("o9", "x"), "rec1")
    await queue(db, "staff", "staff", {"msgtype": "text", "text": {"content": "y"}}, "rec2")
    await sender.drain_once()
    rows = await statuses(db)
    assert rows["rec1"]["status"] == "recorded" and rows["rec2"]["status"] == "recorded"
    assert sorted(recorded) == ["o9", "staff"]
    assert fake_wechat.messages == []


async def test_a_message_sent_while_the_database_blinks_is_still_marked_sent_and_not_sent_again(
        db, http, settings, fake_wecom, monkeypatch):
    """The database goes away between the send and its record: the sender
    keeps trying to record it, instead of leaving it leased, to be sent
    again when the lease runs out."""
    sender = OutboxSender(settings, db, None, StaffWebhook(fake_wecom.url, http))
    await queue(db, "staff", "staff", {"msgtype": "text", "text": {"content": "new ticket"}}, "b1")
    real_finish = OutboxRepo.finish
    blinks = [ConnectionResetError("connection to the database lost")] * 2

    async def finish(self, *args, **kw):
        if blinks:
            raise blinks.pop()
        return await real_finish(self, *args, **kw)

    monkeypatch.setattr(OutboxRepo, "finish", finish)
    await sender.drain_once()
    assert blinks == [] and len(fake_wecom.posts) == 1
    assert (await statuses(db))["b1"]["status"] == "sent"


async def test_messages_queued_while_wechat_was_down_go_out_soon_after_it_is_back(db, kv, http, settings,
                                                                                  fake_wechat, monkeypatch):
    # A long outage: each failed message waits minutes before its own next
    # try. The sender tries one of them early, once per probe interval, and
    # once that one goes the rest go at once; a message queued for later on
    # purpose keeps its time.
    from bot.handlers import outbound

    monkeypatch.setattr(outbound, "backoff", lambda attempts: 600.0)
    monkeypatch.setattr(outbound, "token_backoff", lambda failures: 0.0)
    monkeypatch.setattr(outbound, "WECHAT_PROBE_EVERY", 0.3)
    sender = OutboxSender(settings, db, WeChatAPI(settings, kv, http), None)
    fake_wechat.down = True
    for i in range(3):
        await queue(db, "wechat_custom", f"o{i}", text_to(f"o{i}", f"工资的事有回复了 {i}"), f"late{i}")
    async with db.transaction() as conn:
        await OutboxRepo(conn).add("wechat_custom", "o9", text_to("o9", "明早提醒"), "later", delay=600.0)
    await sender.drain_once()
    assert fake_wechat.down_calls >= 3, "each message was tried once"
    calls = fake_wechat.down_calls
    for _ in range(5):             # within one probe interval: one early try, not one per message
        await sender.drain_once()
    assert fake_wechat.down_calls - calls <= 2, "one early try (its token and its message), not one per message"
    assert {k: r["status"] for k, r in (await statuses(db)).items()} == {
        "late0": "pending", "late1": "pending", "late2": "pending", "later": "pending"}

    fake_wechat.down = False
    await asyncio.sleep(0.35)
    for _ in range(3):
        await sender.drain_once()
    assert sorted(m["_key"] for m in fake_wechat.messages) == ["late0", "late1", "late2"], \
        "each went once, minutes before its own back-off"
    rows = await statuses(db)
    assert [rows[f"late{i}"]["status"] for i in range(3)] == ["sent"] * 3
    assert rows["later"]["status"] == "pending", "a message queued for later is not brought forward"


def test_the_access_token_is_asked_for_again_at_least_once_a_minute():
    from bot.handlers.outbound import token_backoff

    assert [token_backoff(n) for n in (1, 2, 3)] == [1.0, 2.0, 4.0]
    assert token_backoff(50) == 60.0
