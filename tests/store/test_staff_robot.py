"""Staff notices through the outbox to a fake WeCom robot that enforces the
real one's limits (20 a minute per key, 4,096 / 2,048 bytes, 93000 for a
wrong key), against the real database and key-value store: paced and
shared by every process, urgent first, refusals understood, no secret in
a log or in `outbox.last_error`; and the access token's failures."""
import asyncio
import json
import logging
from dataclasses import replace

import aiohttp
import pytest
from sqlalchemy import select

from bot.handlers import outbound
from bot.handlers.outbound import OutboxSender, StaffWebhook, WeChatAPI
from bot.i18n import Catalog
from bot.services import staff_notices as sn
from bot.store.repos import OutboxRepo
from bot.store.tables import outbox

CAT = Catalog()


@pytest.fixture
async def http():
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as s:
        yield s


@pytest.fixture
def quick(monkeypatch):
    """Back-off and holds in hundredths of a second (the robot's own minute stays real)."""
    monkeypatch.setattr(outbound, "backoff", lambda attempts: 0.02)
    monkeypatch.setattr(outbound, "config_retry", lambda failures: 0.05)
    monkeypatch.setattr(outbound, "token_backoff", lambda failures: 0.0)


def notice(n: int, urgent: bool = False) -> dict:
    return sn.notice(CAT, "staff-ticket", ticket=n, story=f"第{n}号的事",
                     vars=dict(id=n, kind="injury" if urgent else "question", urgent="yes" if urgent else "no",
                               user=f"…user{n:04d}", job="-", call="no", time="2026-12-04 09:30", dialog="none"),
                     user=dict(employer="-", market="-", phone="-"))


async def queue(db, payload, key, urgent=False):
    async with db.transaction() as conn:
        return await sn.queue(conn, payload, key, urgent=urgent)


async def rows(db):
    async with db.reading() as conn:
        return {r["idempotency_key"]: r for r in await OutboxRepo(conn).list()}


async def drain(*senders, until=lambda: False, rounds=200, pause=0.03):
    for _ in range(rounds):
        await asyncio.gather(*(s.drain_once() for s in senders))
        if until():
            return
        await asyncio.sleep(pause)


def sender(settings, db, kv, http, url, **kw):
    return OutboxSender(settings, db, None, StaffWebhook(url, http), kv=kv, catalog=CAT, **kw)


# ---------------------------------------------------------------------------- pacing and order


async def test_a_flood_is_paced_under_the_robots_minute_urgent_first_each_once(db, kv, http, settings,
                                                                              fake_wecom):
    """Two senders (two processes sharing the database and the store): 6
    notices go one each; then 30 more and an urgent ticket arrive at once.
    The urgent notice and its mention go first, the 30 go together, and
    the robot never answers 45009."""
    a, b = (sender(settings, db, kv, http, fake_wecom.url) for _ in range(2))
    for n in range(1, 7):
        await queue(db, notice(n), f"t{n}")
    await drain(a, b, until=lambda: len(fake_wecom.keys()) == 6)
    assert [p["_keys"] for p in fake_wecom.posts] == [[f"t{n}"] for n in range(1, 7)], "one each, in order"
    for n in range(7, 43):
        await queue(db, notice(n), f"t{n}")
    await queue(db, notice(99, urgent=True), "urgent", urgent=True)
    await queue(db, sn.mention(CAT, "staff-urgent", ("duty.wang",), id=99, kind="injury"), "urgent-mention",
                urgent=True)
    started = asyncio.get_running_loop().time()
    await drain(a, b, until=lambda: len(fake_wecom.keys()) == 44)
    assert asyncio.get_running_loop().time() - started < 10, "all within seconds, not minutes"
    later = fake_wecom.posts[6:]
    assert later[0]["_keys"] == ["urgent"] and later[1]["_keys"] == ["urgent-mention"]
    assert later[1]["text"]["mentioned_list"] == ["duty.wang"]
    assert fake_wecom.keys() == [f"t{n}" for n in range(1, 7)] + ["urgent", "urgent-mention"] + \
        [f"t{n}" for n in range(7, 43)], "each once, in order"
    assert len(fake_wecom.posts) <= 20 - 4, "within the minute, places kept for urgent notices"
    assert fake_wecom.refused == [], "the robot never had to refuse one"
    assert {r["status"] for r in (await rows(db)).values()} == {"sent"}


async def test_two_processes_share_the_robots_minute(db, kv, http, settings, monkeypatch):
    """Thirty urgent notices (each its own post), two senders sharing the
    store, the robot's minute shortened to 2 s for both: never more than 20
    posts in any minute, so nothing refused; all delivered once, in order."""
    from tests.fakes import FakeWeCom

    monkeypatch.setattr(outbound, "ROBOT_WINDOW", 2.1)
    fake = await FakeWeCom(window=2.0).start()
    try:
        a, b = (sender(settings, db, kv, http, fake.url) for _ in range(2))
        for n in range(1, 31):
            await queue(db, notice(n, urgent=True), f"u{n}", urgent=True)
        await drain(a, b, until=lambda: len(fake.keys()) == 30, rounds=300, pause=0.02)
        assert fake.refused == [], "the two never went over the robot's minute together"
        assert fake.keys() == [f"u{n}" for n in range(1, 31)]
        first, last = fake.posts[0]["_at"], fake.posts[-1]["_at"]
        assert last - first >= 2.0, "the last ten waited for the minute to move on"
    finally:
        await fake.stop()


async def test_when_the_minute_is_used_up_notices_wait_for_it(db, kv, http, settings, quick, monkeypatch):
    """The robot's minute shortened to 1.5 s for both (a faster clock), its
    limit 3: the bot's own pacing waits instead of being refused."""
    from tests.fakes import FakeWeCom

    monkeypatch.setattr(outbound, "ROBOT_WINDOW", 1.6)
    fake = await FakeWeCom(per_minute=3, window=1.5).start()
    try:
        s = sender(replace(settings, staff_robot_per_minute=3), db, kv, http, fake.url)
        for n in range(1, 6):
            await queue(db, notice(n, urgent=True), f"u{n}", urgent=True)   # urgent: each alone, none together
        await s.drain_once()
        assert len(fake.posts) == 3, "three go in the first minute"
        await s.drain_once()
        assert len(fake.posts) == 3 and fake.refused == [], "the rest wait, nothing refused"
        await drain(s, until=lambda: len(fake.posts) == 5, rounds=100, pause=0.1)
        assert fake.keys() == [f"u{n}" for n in range(1, 6)] and fake.refused == []
    finally:
        await fake.stop()


async def test_a_rate_limit_answer_waits_and_loses_nothing(db, kv, http, settings, quick, monkeypatch):
    """Someone else posts through the same robot: the bot's minute looks
    free, WeCom answers 45009, the bot waits and tries again."""
    from tests.fakes import FakeWeCom

    monkeypatch.setattr(outbound, "RATE_LIMITED_HOLD", 0.3)
    fake = await FakeWeCom(per_minute=2, window=1.0).start()
    try:
        s = sender(settings, db, kv, http, fake.url)
        for n in range(1, 6):
            await queue(db, notice(n, urgent=True), f"u{n}", urgent=True)
        await drain(s, until=lambda: len(fake.posts) == 5, rounds=200, pause=0.05)
        assert fake.keys() == [f"u{n}" for n in range(1, 6)]
        assert {r["errcode"] for r in fake.refused} == {45009}
        refused_at = [r["_at"] for r in fake.refused]
        assert all(b - a >= 0.25 for a, b in zip(refused_at, refused_at[1:])), \
            "after a refusal the bot waits, it does not hammer"
        assert {r["status"] for r in (await rows(db)).values()} == {"sent"}
    finally:
        await fake.stop()


# ---------------------------------------------------------------------------- refusals


async def test_a_notice_refused_for_its_content_becomes_the_short_one(db, kv, http, settings, fake_wecom):
    s = sender(settings, db, kv, http, fake_wecom.url)
    for n in (1, 2, 3):
        await queue(db, notice(n), f"t{n}")
    fake_wecom.errcode_next = [40058]    # WeCom refuses the first as it is
    await drain(s, until=lambda: len(fake_wecom.keys()) == 3, rounds=10, pause=0)
    assert [r["errcode"] for r in fake_wecom.refused] == [40058]
    assert fake_wecom.keys() == ["t1", "t2", "t3"], "its short form went at once, the others after it"
    short = fake_wecom.posts[0]
    assert short["msgtype"] == "text" and "查看 1" in short["text"]["content"]
    row = (await rows(db))["t1"]
    assert row["status"] == "sent" and "40058" in row["last_error"]


async def test_one_notice_that_keeps_failing_holds_no_other(db, kv, http, settings, fake_wecom, monkeypatch):
    """WeCom answers the first notice with an error it does not explain:
    that notice waits its back-off; the others go on."""
    monkeypatch.setattr(outbound, "backoff", lambda attempts: 30.0)
    s = sender(settings, db, kv, http, fake_wecom.url)
    for n in (1, 2, 3):
        await queue(db, notice(n), f"t{n}")
    fake_wecom.errcode_next = [60020]
    await drain(s, until=lambda: len(fake_wecom.keys()) == 2, rounds=10, pause=0)
    assert fake_wecom.keys() == ["t2", "t3"]
    row = (await rows(db))["t1"]
    assert row["status"] == "pending" and "60020" in row["last_error"], "kept, to be tried again"


async def test_a_short_notice_refused_too_fails_loudly_once_and_is_not_retried(db, kv, http, settings,
                                                                                fake_wecom, caplog):
    s = sender(settings, db, kv, http, fake_wecom.url)
    await queue(db, notice(7), "t7")
    fake_wecom.errcode_next = [40058, 85002]
    with caplog.at_level(logging.WARNING, logger="bot.outbound"):
        for _ in range(4):
            await s.drain_once()
    assert (await rows(db))["t7"]["status"] == "failed"
    assert len(fake_wecom.refused) == 2 and fake_wecom.posts == []
    assert [r for r in caplog.records if r.levelno == logging.ERROR and "staff_notice_failed" in r.getMessage()]


async def test_notices_refused_together_go_again_one_by_one(db, kv, http, settings, monkeypatch):
    from tests.fakes import FakeWeCom

    monkeypatch.setattr(outbound, "ROBOT_WINDOW", 3.0)   # a faster clock for both
    fake = await FakeWeCom(window=2.9).start()
    try:
        s = sender(settings, db, kv, http, fake.url)
        for n in range(1, 11):
            await queue(db, notice(n), f"t{n}")
        fake.errcode_next = [40058]   # the combined post is refused
        await drain(s, until=lambda: len(fake.keys()) == 10, rounds=200, pause=0.05)
        assert "条通知" in fake.refused[0]["markdown"]["content"], "the ten went together and were refused"
        assert fake.keys() == [f"t{n}" for n in range(1, 11)], "then each alone, once, in order"
        assert [len(p["_keys"]) for p in fake.posts] == [1] * 10
    finally:
        await fake.stop()


async def test_a_wrong_key_keeps_the_notices_says_so_once_and_shows_in_healthz(db, kv, http, settings,
                                                                               fake_wecom, quick, caplog):
    s = sender(settings, db, kv, http, fake_wecom.url)
    for n in (1, 2):
        await queue(db, notice(n), f"t{n}")
    right, fake_wecom.key = fake_wecom.key, "not-the-key-we-have"
    with caplog.at_level(logging.WARNING, logger="bot.outbound"):
        for _ in range(5):
            await s.drain_once()
            await asyncio.sleep(0.06)
    assert {r["status"] for r in (await rows(db)).values()} == {"pending"}, "kept"
    assert [r["errcode"] for r in fake_wecom.refused][:1] == [93000]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "staff_robot_misconfigured" in errors[0].getMessage(), "loud, once"
    health = (await s.health())["staff_robot"]
    assert health["ok"] is False and "93000" in health["problem"] and health["waiting"] == 2
    fake_wecom.key = right    # staff fix it
    await drain(s, until=lambda: len(fake_wecom.keys()) == 2, rounds=50, pause=0.06)
    assert fake_wecom.keys() == ["t1", "t2"]
    assert (await s.health())["staff_robot"]["ok"] is True


async def test_a_redirect_is_not_followed_and_the_key_is_in_no_log_and_no_last_error(
        db, kv, http, settings, fake_wecom, quick, caplog):
    s = sender(settings, db, kv, http, fake_wecom.url)
    await queue(db, notice(1), "t1")
    fake_wecom.redirect_to = f"http://127.0.0.1:{fake_wecom.port}/elsewhere?key={fake_wecom.key}"
    with caplog.at_level(logging.DEBUG):
        for _ in range(3):
            await s.drain_once()
            await asyncio.sleep(0.06)
    assert fake_wecom.redirected == [], "the redirect was not followed"
    row = (await rows(db))["t1"]
    assert row["status"] == "pending" and "302" in row["last_error"]
    assert fake_wecom.key not in (row["last_error"] or "")
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("bot"))
    assert "302" in ours and fake_wecom.key not in ours, "the key is in none of our log lines"
    assert "302" in (await s.health())["staff_robot"]["problem"]
    fake_wecom.redirect_to = None
    await drain(s, until=lambda: fake_wecom.posts, rounds=50, pause=0.06)
    assert fake_wecom.keys() == ["t1"]


async def test_an_error_text_with_a_key_is_scrubbed_before_it_is_kept(db):
    async with db.transaction() as conn:
        await OutboxRepo(conn).add("staff", "staff", sn.markdown("x"), "s1")
        [m] = await OutboxRepo(conn).claim_due("me", 5)
        await OutboxRepo(conn).retry_later(m.id, "me", 0, "InvalidURL http://h/send?key=SECRETKEY&x=1 "
                                                          "access_token=TOKEN123")
    async with db.reading() as conn:
        [row] = (await conn.execute(select(outbox.c.last_error))).all()
    assert "SECRETKEY" not in row[0] and "TOKEN123" not in row[0] and "key=***" in row[0]


async def test_without_a_robot_notices_are_logged_masked_not_whole(db, settings, caplog):
    s = OutboxSender(settings, db, None, None, catalog=CAT)
    old_style = sn.markdown("**用户要找人工** #5\n回电：请打 13811112222\n内容：\n> 身份证350502199001011234 " + "很长" * 300)
    await queue(db, old_style, "t5")
    with caplog.at_level(logging.INFO, logger="bot.outbound"):
        await s.drain_once()
    assert (await rows(db))["t5"]["status"] == "recorded"
    assert "13811112222" not in caplog.text and "350502199001011234" not in caplog.text
    assert "138****2222" in caplog.text and "很长" * 150 not in caplog.text


async def test_an_old_notice_too_long_for_wecom_is_cut_to_fit_not_refused(db, kv, http, settings, fake_wecom):
    s = sender(settings, db, kv, http, fake_wecom.url)
    await queue(db, {"msgtype": "markdown", "markdown": {"content": "**投诉** #9\n" + "> 很长的事\n" * 500}}, "t9")
    await s.drain_once()
    assert fake_wecom.keys() == ["t9"] and fake_wecom.refused == []


# ---------------------------------------------------------------------------- the access token


def text_to(openid, content):
    return {"touser": openid, "msgtype": "text", "text": {"content": content}}


async def test_a_busy_token_endpoint_is_temporary_and_repeated_failures_alert_staff_once(
        db, kv, http, settings, fake_wechat, quick, caplog):
    """WeChat's token endpoint answers -1 (system busy): the staff reply
    waiting on it is not failed but retried; the fifth failure in a row
    logs an error and queues one urgent staff notice; when WeChat is back
    the reply goes, and staff hear that once."""
    api = WeChatAPI(settings, kv, http)
    s = OutboxSender(settings, db, api, None, kv=kv, catalog=CAT)
    async with db.transaction() as conn:
        await OutboxRepo(conn).add("wechat_custom", "o_user", text_to("o_user", "工作人员回复你：已联系老板"), "reply1")
    fake_wechat.token_errcode = -1
    with caplog.at_level(logging.WARNING, logger="bot.outbound"):
        for _ in range(8):
            await s.drain_once()
            await asyncio.sleep(0.03)
    row = (await rows(db))["reply1"]
    assert row["status"] == "pending", "a busy token endpoint is not a refusal of the message"
    assert "-1" in row["last_error"] and fake_wechat.secret not in row["last_error"]
    assert fake_wechat.token_refusals >= 5
    alerts = [r for r in caplog.records if r.levelno == logging.ERROR and "wechat_token_alert" in r.getMessage()]
    assert len(alerts) == 1, "an error log line, once per incident"
    staff = [r for r in (await rows(db)).values() if r["channel"] == "staff"]
    assert len(staff) == 1 and staff[0]["priority"] == sn.URGENT
    assert "access_token" in json.loads(staff[0]["payload"])["markdown"]["content"]
    assert "连不上微信，或微信系统繁忙" in json.loads(staff[0]["payload"])["markdown"]["content"], "why, in words"
    assert (await s.health())["wechat_token"]["ok"] is False
    fake_wechat.token_errcode = None
    for _ in range(20):
        await s.drain_once()
        if fake_wechat.messages:
            break
        await asyncio.sleep(0.03)
    assert fake_wechat.texts_to("o_user") == ["工作人员回复你：已联系老板"]
    staff = [r for r in (await rows(db)).values() if r["channel"] == "staff"]
    assert len(staff) == 2, "and once more when it works again"
    assert (await s.health())["wechat_token"] == {"ok": True}
