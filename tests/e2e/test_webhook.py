"""The webhook end to end over HTTP, with local fake WeChat-API and WeCom
servers: signatures, AES, limits, resends, concurrency, time budget."""
import asyncio
import json
import pathlib
import xml.etree.ElementTree as ET

import pytest

from bot.i18n import Catalog
from bot.settings import Secret
from tests.conftest import Bot
from tests.wx import event, new_openid, sign, text, xml_message

# Next to the project's checkout; a git worktree of it sits one level deeper, so look upwards.
VECTORS = next((d / "shared" / "conformance" / "vectors" for d in pathlib.Path(__file__).resolve().parents[2:]
                if (d / "shared" / "conformance" / "vectors").is_dir()),
               pathlib.Path(__file__).resolve().parents[3] / "shared" / "conformance" / "vectors")
CAT = Catalog()


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


async def test_healthz_names_database_and_store(bot):
    resp = await bot.client.get("/healthz")
    doc = await resp.json()
    assert resp.status == 200
    assert doc["database"]["ok"] and doc["store"]["ok"]
    assert doc["database"]["kind"] in ("sqlite", "postgresql")


async def test_get_verification(bot):
    q = bot.wechat.query(echostr="12345")
    resp = await bot.client.get("/wechat", params=q)
    assert resp.status == 200 and await resp.text() == "12345"
    q["signature"] = "0" * 40
    resp = await bot.client.get("/wechat", params=q)
    assert resp.status == 403


async def test_official_safe_mode_sample_decrypts_and_is_answered_encrypted(settings, fake_wechat):
    params = json.loads((VECTORS / "enc_params.json").read_text())["enc_oa_official_sample_compat.xml"]
    from dataclasses import replace

    # The sample was signed in 2014: this test is about decryption, so the
    # signature's age is not checked here (tests/e2e/test_webhook_security.py is).
    s = replace(settings, wechat_token=Secret(params["token"]), wechat_aes_key=Secret(params["EncodingAESKey"]),
                wechat_app_id=params["AppID"], signature_max_age=10**10)
    b = await Bot(s).start()
    try:
        body = (VECTORS / "enc_oa_official_sample_compat.xml").read_bytes()
        q = {"signature": params["signature_plain_url_computed"], "timestamp": params["timestamp"],
             "nonce": params["nonce"], "encrypt_type": "aes", "msg_signature": params["msg_signature"]}
        resp = await b.client.post("/wechat", params=q, data=body)
        assert resp.status == 200
        reply = await resp.text()
        root = ET.fromstring(reply)
        enc = root.findtext("Encrypt")
        assert enc, f"the reply is not encrypted: {reply[:200]}"
        assert root.findtext("MsgSignature") == sign(params["token"], root.findtext("TimeStamp"),
                                                      root.findtext("Nonce"), enc)
        from wechatpy.crypto import WeChatCrypto

        plain = WeChatCrypto(params["token"], params["EncodingAESKey"], params["AppID"]).decrypt_message(
            reply, root.findtext("MsgSignature"), root.findtext("TimeStamp"), root.findtext("Nonce"))
        inner = ET.fromstring(plain)
        assert inner.findtext("ToUserName") == "oyORnuP8q7ou2gfYjqLzSIWZf0rs"
        assert inner.findtext("FromUserName") == "gh_10f6c3c3ac5a"
        assert inner.findtext("Content").strip()
    finally:
        await b.stop()


async def test_encrypted_help_is_answered_encrypted(bot):
    user = new_openid()
    r = await bot.wechat.post(text(user, "帮助"), aes=True)
    assert r.status == 200 and r.encrypted
    assert r.to_user == user
    for word in ("找工作", "招工", "政策", "培训", "投诉", "评价"):
        assert word in r.text


async def test_wrong_signatures_get_403_and_change_nothing(bot, fake_wecom):
    user = new_openid()
    q = bot.wechat.query()
    q["signature"] = "f" * 40
    resp = await bot.client.post("/wechat", params=q, data=text(user, "人工").encode())
    assert resp.status == 403
    q = bot.wechat.query()
    r = await bot.wechat.post(text(user, "人工"), aes=True, query={**q})
    assert r.status == 200  # control: a right one works
    q = bot.wechat.query()
    from tests.wx import WeChat

    forged = WeChat(bot.client, bot.settings.wechat_token.reveal(), bot.settings.wechat_aes_key.reveal(),
                    bot.settings.wechat_app_id)
    forged.token = "wrong-token"  # msg_signature made with the wrong token
    q2 = bot.wechat.query()
    r = await forged.post(text(user, "人工"), aes=True, query=q2)
    assert r.status == 403
    await fake_wecom.wait_posts(1, timeout=5)
    await asyncio.sleep(0.5)
    assert len(fake_wecom.posts) == 1, "only the genuine request reached staff"


@pytest.mark.parametrize("body", [b"", "你好".encode(), b"<xml><a>1</b></xml>", b'{"MsgType": "text"}',
                                  b"<xml><ToUserName>x</ToUserName></xml>", b"<root><MsgType>text</MsgType></root>"])
async def test_malformed_bodies_get_400(bot, body):
    resp = await bot.client.post("/wechat", params=bot.wechat.query(), data=body)
    assert resp.status == 400


async def test_oversized_body_gets_413(bot):
    body = text(new_openid(), "找" * 30000).encode()
    resp = await bot.client.post("/wechat", params=bot.wechat.query(), data=body)
    assert resp.status == 413


async def test_entity_bomb_and_xxe_are_refused(bot, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    user = new_openid()
    tail = text(user, "&xxe;")
    for doctype in (f'<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file://{secret}">]>',
                    '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY xxe "&a;&a;&a;&a;&a;&a;">]>'):
        resp = await bot.client.post("/wechat", params=bot.wechat.query(), data=(doctype + tail).encode())
        assert resp.status == 400
        assert "TOP-SECRET" not in await resp.text()


async def test_every_message_type_gets_an_answer(bot):
    user = new_openid()
    samples = [
        xml_message(user, "image", PicUrl="http://x/1.jpg", MediaId="m1"),
        xml_message(user, "voice", MediaId="m2", Format="amr", Recognition="我想找工作。"),
        xml_message(user, "voice", MediaId="m3", Format="amr"),
        xml_message(user, "video", MediaId="m4", ThumbMediaId="t4"),
        xml_message(user, "location", Location_X="24.87", Location_Y="118.67", Scale="15", Label="x"),
        xml_message(user, "link", Title="t", Description="d", Url="http://x"),
        xml_message(user, "some_new_type", Foo="bar"),
        event(user, "CLICK", EventKey="MENU_POLICY"),
        event(user, "LOCATION", Latitude="24.87", Longitude="118.67", Precision="65"),
        event(user, "VIEW", EventKey="http://x"),
        event(user, "whatever_comes_next"),
    ]
    for xml in samples:
        r = await bot.wechat.post(xml)
        assert r.status == 200, xml
        if r.body.strip() not in ("", "success"):
            assert r.text.strip() and len(r.text.encode()) <= 2048


async def test_voice_is_understood_like_text(bot):
    user = new_openid()
    r = await bot.wechat.post(xml_message(user, "voice", MediaId="m", Format="amr", Recognition="帮助。"))
    assert "投诉" in r.text and "培训" in r.text


async def test_location_finds_the_nearest_market(bot):
    user = new_openid()
    r = await bot.wechat.post(xml_message(user, "location", Location_X="24.9037", Location_Y="118.5894",
                                          Scale="15", Label="丰泽区"))
    assert "零工" in r.text and "公里" in r.text


async def test_human_notifies_staff_once_naming_the_user(bot, fake_wecom):
    user = new_openid()
    said = await bot.say(user, "人工")
    assert said == zh("handed-to-staff", id=1)
    posts = await fake_wecom.wait_posts(1)
    assert len(posts) == 1
    assert user[-8:] in posts[0]["markdown"]["content"]
    assert user not in posts[0]["markdown"]["content"], "the full openid is masked"
    assert posts[0]["_key"], "the notice carries an idempotency key"


async def test_resend_is_acted_on_once_also_when_three_copies_arrive_at_once(bot, fake_wecom):
    user = new_openid()
    xml = text(user, "人工", msg_id=987654321012345)
    first = await bot.wechat.post(xml)
    again = await bot.wechat.post(xml)
    assert again.text == first.text, "a resend gets the same answer"
    user2 = new_openid()
    xml2 = text(user2, "人工", msg_id=987654321012346)
    replies = await asyncio.gather(*(bot.wechat.post(xml2) for _ in range(3)))
    assert all(r.status == 200 for r in replies)
    await fake_wecom.wait_posts(2)
    await asyncio.sleep(1.0)
    named = [p for p in fake_wecom.posts if user[-8:] in p["markdown"]["content"]]
    named2 = [p for p in fake_wecom.posts if user2[-8:] in p["markdown"]["content"]]
    assert len(named) == 1 and len(named2) == 1


async def test_two_quick_messages_of_one_user_never_corrupt_the_dialog(bot, monkeypatch):
    from bot.handlers.keys import KV, TURNS

    turns = bot.app[TURNS]
    original = turns._decide

    async def thinking(msg, saved):
        await asyncio.sleep(0.05)  # real work takes time: the window where turns could race
        return await original(msg, saved)

    monkeypatch.setattr(turns, "_decide", thinking)
    user = new_openid()
    await bot.say(user, "老板拖欠我三天工资不给")
    await bot.say(user, "跳过")  # no photos
    # Three wrong phone numbers at once. Each turn must see the one before
    # it (lock, then load state): the third is the third try, and only it
    # gives up. Racing turns would all read "no tries yet".
    replies = await asyncio.gather(*(bot.say(user, n) for n in ("12", "34", "56")))
    gave_up = [r for r in replies if zh("dialog-gave-up") in r]
    assert len(gave_up) == 1, replies
    state = json.loads(await bot.app[KV].get(bot.app[KV].key("state", user)))
    assert state.get("dialog") is None


async def test_a_slow_answer_becomes_success_and_one_customer_service_message(settings, fake_wechat,
                                                                                 monkeypatch):
    from bot.handlers.keys import TURNS

    b = await Bot(settings).start(reply_budget=0.2)
    try:
        turns = b.app[TURNS]
        original = turns._decide

        async def slow(msg, saved):
            await asyncio.sleep(0.6)  # a deliberately slow answer
            return await original(msg, saved)

        monkeypatch.setattr(turns, "_decide", slow)
        user = new_openid()
        r = await b.wechat.post(text(user, "帮助"))
        assert r.status == 200 and r.body == "success"
        await fake_wechat.wait_messages(1, timeout=10)
        await asyncio.sleep(0.5)
        to_user = [m for m in fake_wechat.messages if m["touser"] == user]
        assert len(to_user) == 1
        assert to_user[0]["msgtype"] == "text" and "投诉" in to_user[0]["text"]["content"]
    finally:
        await b.stop()


async def test_a_long_answer_is_split_and_more_pages_on(bot, monkeypatch):
    from bot.handlers.keys import TURNS
    from bot.i18n import say

    turns = bot.app[TURNS]
    original = turns._decide
    lines = [f"{i:03d} 泉州丰泽区搬运装卸日结，工地需要小工👷" for i in range(150)]

    async def long_answer(msg, saved):
        outcome = await original(msg, saved)
        if msg.text == "列表":
            outcome.out = [say("plain", text=line) for line in lines]
        return outcome

    monkeypatch.setattr(turns, "_decide", long_answer)
    user = new_openid()
    pages = [await bot.say(user, "列表")]
    while zh("more-hint") in pages[-1]:
        assert len(pages) < 20
        pages.append(await bot.say(user, "更多"))
    assert len(pages) > 2
    for p in pages:
        assert 0 < len(p.encode("utf-8")) <= 2048
    shown = "\n".join(p.replace("\n" + zh("more-hint"), "") for p in pages)
    assert shown == "\n".join(lines), "every line arrives once, in order, none cut"
    assert await bot.say(user, "更多") == zh("no-more")


async def test_language_choice_survives_a_lost_dialog_state(bot):
    from bot.handlers.keys import KV

    user = new_openid()
    await bot.say(user, "English")
    await bot.app[KV].delete(bot.app[KV].key("state", user))  # e.g. the in-process store restarted
    assert "Find work" in await bot.say(user, "help")


async def test_language_switch_is_remembered(bot):
    user = new_openid()
    r = await bot.say(user, "English")
    assert "English" in r
    r = await bot.say(user, "help")
    assert "Find work" in r
    r = await bot.say(user, "中文")
    r = await bot.say(user, "帮助")
    assert "找工作" in r


async def test_staff_notice_queued_while_wecom_is_down_arrives_once_after_restart(settings, fake_wecom):
    await fake_wecom.stop()
    b = await Bot(settings).start()
    user = new_openid()
    try:
        assert await b.say(user, "人工") == zh("handed-to-staff", id=1)
        await asyncio.sleep(0.5)
    finally:
        await b.stop()
    await fake_wecom.start()  # same port: the webhook is back
    b = await Bot(settings).start()
    try:
        await fake_wecom.wait_posts(1, timeout=15)
        await asyncio.sleep(1.0)
        assert len([p for p in fake_wecom.posts if user[-8:] in p["markdown"]["content"]]) == 1
    finally:
        await b.stop()


async def test_wecom_failing_posts_are_retried_until_delivered_once(bot, fake_wecom):
    fake_wecom.fail_next = 2
    user = new_openid()
    await bot.say(user, "人工")
    posts = await fake_wecom.wait_posts(1, timeout=15)
    assert fake_wecom.failures == 2
    await asyncio.sleep(0.5)
    assert len(posts) == 1


async def test_expired_dialog_is_told_and_restarts_cleanly(bot):
    from bot.handlers.keys import KV

    user = new_openid()
    await bot.say(user, "投诉")
    kv = bot.app[KV]
    key = kv.key("state", user)
    state = json.loads(await kv.get(key))
    state["at"] -= 31 * 60
    await kv.set(key, json.dumps(state))
    reply = await bot.say(user, "帮助")
    assert zh("dialog-expired") in reply
    assert "找工作" in reply
    reply = await bot.say(user, "投诉")
    assert zh("complaint-ask-kind").splitlines()[0] in reply


async def _answered_then_forgotten(bot, user: str, said: str, msg_id: int):
    """A message answered, then forgotten by the key-value store (its mark
    and the user's state), as a restart of the in-process store or a
    flushed Redis leaves it: (the message, its first answer)."""
    from bot.handlers.keys import KV

    xml = text(user, said, msg_id=msg_id)
    first = await bot.wechat.post(xml)
    kv = bot.app[KV]
    for key in (kv.key("seen", f"msg:{msg_id}"), kv.key("state", user)):
        await kv.delete(key)
    return xml, first


async def test_a_resend_after_the_store_forgot_everything_changes_nothing_twice(bot, fake_wecom):
    """The in-process store is lost when the server restarts (or Redis was
    flushed): the database's record of the message keeps WeChat's resend
    from acting again, and it gets the first answer."""
    from bot.store.tables import tickets
    from tests.e2e.test_register_and_post import rows

    user = new_openid()
    xml, first = await _answered_then_forgotten(bot, user, "人工", 55501)
    again = await bot.wechat.post(xml)
    assert again.text == first.text
    assert len(await rows(bot, tickets)) == 1
    await fake_wecom.wait_posts(1)
    await asyncio.sleep(0.5)
    assert len([p for p in fake_wecom.posts if user[-8:] in str(p)]) == 1


async def test_a_resend_whose_changes_fail_on_what_the_first_copy_made_gets_the_first_answer(
        bot, fake_wecom, monkeypatch):
    """The record that a message was done is written last in its unit of
    work: a resend the store forgot runs its changes again, and one of them
    may fail on a row the first copy made (a unique key taken) before the
    record is reached. It is answered as the first copy was, and nothing is
    changed; a new message failing so is not mistaken for a resend."""
    from sqlalchemy.exc import IntegrityError

    from bot.handlers.keys import TURNS
    from bot.store.tables import tickets
    from tests.e2e.test_register_and_post import rows

    xml, first = await _answered_then_forgotten(bot, new_openid(), "人工", 55502)

    async def taken(*_args, **_kwargs):
        raise IntegrityError("INSERT INTO tickets ...", None, Exception("duplicate key value"))

    monkeypatch.setattr(bot.app[TURNS], "_carry_out", taken)
    again = await bot.wechat.post(xml)
    assert again.text == first.text
    other = await bot.wechat.post(text(new_openid(), "人工", msg_id=55503))
    assert other.status == 200 and zh("system-busy") in other.text
    assert len(await rows(bot, tickets)) == 1


async def test_two_processes_taking_turns_on_one_users_messages_follow_the_dialog(settings, fake_wecom):
    """Each process decides a user's next message ahead, on the state it
    saved for them last, and saves it in one call that first checks nothing
    moved. When the other process moved the dialog on since, the check
    finds it and the turn is taken on the state as it is: every answer is
    the next question, whichever process gets the message."""
    from bot.handlers.keys import KV

    if not settings.redis_url:
        pytest.skip("processes share a dialog through Redis")
    a, b = await Bot(settings).start(), await Bot(settings).start()
    user = new_openid()
    try:
        walk = [(a, "我要登记", "reg-consent"), (b, "同意", "reg-ask-name"), (a, "老王", "reg-ask-phone"),
                (a, "13812345678", "reg-ask-trades"), (b, "搬运", "reg-ask-areas"), (a, "丰泽", None),
                (b, "对的", None), (a, "对的", None)]
        said = []
        for by, text_, asked in walk:
            reply = await by.say(user, text_)
            said.append(reply)
            if asked is not None:
                assert zh(asked).splitlines()[0][:12] in reply, (text_, reply)
        assert "老王" in said[5] and "13812345678" in said[5], "the summary, of what both were told"
        assert zh("reg-saved", push="no").splitlines()[0][:5] in said[6]
        assert "登记好了" not in said[7], "saved once: the second yes is not a second save"
        # The state both see is the one saved last, by either.
        state = json.loads(await a.app[KV].get(a.app[KV].key("state", user)))
        assert state.get("dialog") is None
    finally:
        await a.stop()
        await b.stop()


async def test_a_resend_of_a_message_answered_in_one_call_gets_the_same_answer_and_moves_nothing(bot):
    from bot.handlers.keys import KV

    user = new_openid()
    await bot.say(user, "我要登记")
    await bot.say(user, "同意")
    xml = text(user, "老王", msg_id=55601)
    first = await bot.wechat.post(xml)
    kv = bot.app[KV]
    state = await kv.get(kv.key("state", user))
    again = await bot.wechat.post(xml)
    assert again.text == first.text and zh("reg-ask-phone")[:10] in first.text
    assert await kv.get(kv.key("state", user)) == state, "the name question is not answered twice"
    assert zh("reg-ask-trades")[:8] in await bot.say(user, "13812345678")


async def test_an_overloaded_process_lets_a_message_go_for_its_resend_instead_of_outliving_the_lock(
        settings, fake_wecom, monkeypatch):
    from bot.handlers.keys import TURNS

    monkeypatch.setattr("bot.turn.service.TURN_LOCK_TTL", 2.5)  # a slot is waited for 0.5 s
    b = await Bot(settings).start(turn_concurrency=1)
    try:
        turns = b.app[TURNS]
        await turns._working.acquire()  # every slot busy with someone else's slow turn
        user = new_openid()
        msg = text(user, "人工", msg_id=7_000_001)
        r = await b.wechat.post(msg)
        assert r.status == 200 and r.text == zh("system-busy"), "told to send it again, not left waiting"
        turns._working.release()
        r = await b.wechat.post(msg)  # WeChat's resend of the same message
        assert r.status == 200 and "#" in r.text, "the resend is worked on, not taken for a duplicate"
        notices = await fake_wecom.wait_posts(1)
        assert len([p for p in notices if user[-8:] in p["markdown"]["content"]]) == 1
    finally:
        await b.stop()


async def test_a_resend_waiting_on_a_copy_that_gives_up_does_the_work_itself(settings, fake_wecom, monkeypatch):
    from bot.handlers.keys import TURNS

    monkeypatch.setattr("bot.turn.service.TURN_LOCK_TTL", 2.5)
    b = await Bot(settings).start(turn_concurrency=1)
    try:
        turns = b.app[TURNS]
        await turns._working.acquire()
        user = new_openid()
        msg = text(user, "人工", msg_id=7_000_002)
        first = asyncio.create_task(b.wechat.post(msg))
        await asyncio.sleep(0.1)
        resend = asyncio.create_task(b.wechat.post(msg))  # arrives while the first copy waits
        await asyncio.sleep(0.6)  # the first copy gives up
        turns._working.release()
        r1, r2 = await first, await resend
        assert r1.text == zh("system-busy")
        assert "#" in r2.text, "the waiting resend is answered, not with an empty reply WeChat would take as done"
        notices = await fake_wecom.wait_posts(1)
        assert len([p for p in notices if user[-8:] in p["markdown"]["content"]]) == 1
    finally:
        await b.stop()


async def test_an_answer_after_the_dialog_state_was_lost_is_told_so_not_just_not_understood(bot):
    from bot.handlers.keys import KV

    user = new_openid()
    await bot.say(user, "投诉")
    await bot.say(user, "1")
    await bot.app[KV].delete(bot.app[KV].key("state", user))  # the in-process store restarted
    said = await bot.say(user, "2")
    assert zh("dialog-lost") in said and zh("not-understood") not in said
    assert zh("menu-list").splitlines()[0] in said, "the menu follows, to start again"
    # Told once: the next words are handled as usual.
    assert zh("dialog-lost") not in await bot.say(user, "2")
    # Someone new who says something unclear is simply not understood.
    assert zh("not-understood") in await bot.say(new_openid(), "嗯嗯")
