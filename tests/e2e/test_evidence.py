"""Complaint evidence end to end: photos and a voice message sent with a
complaint are copied out of WeChat (the fake API speaks /cgi-bin/media/get
and forgets media it was told expired) within seconds, kept, and opened by
staff through signed, expiring links; failures are retried, then told to
staff once; a restart or a second process loses and doubles nothing."""
import asyncio
import hashlib
import os
import re
import stat
import time
from collections import Counter
from dataclasses import replace
from urllib.parse import urlsplit

from sqlalchemy import update

from bot.handlers.keys import DB
from bot.i18n import Catalog
from bot.services import evidence
from bot.store.tables import evidence as evidence_table
from bot.store.tables import outbox
from tests.conftest import Bot
from tests.e2e.test_register_and_post import rows
from tests.wx import new_openid, xml_message

CAT = Catalog()
BASE = "https://gig.example.gov.cn"
LINK = re.compile(r"https://gig\.example\.gov\.cn(/evidence/\d+\?exp=\d+&sig=[\w-]+)")


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


def jpeg(size: int = 4000) -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + os.urandom(size) + b"\xff\xd9"


def png(size: int = 3000) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(size)


def amr(frames: int = 50) -> bytes:
    return b"#!AMR\n" + b"".join(b"\x3c" + os.urandom(31) for _ in range(frames))


def fast(settings, **kw):
    """Evidence settings for tests: links to a public address, quick polls and retries."""
    return replace(settings, **{"public_base_url": BASE, "evidence_poll_interval": 0.1, "evidence_retry_base": 0.05,
                                **kw})


async def complain(b: Bot, worker: str, photos=(), voice: str | None = None) -> int:
    """A wage complaint: what happened told by voice (or typed), photos, no call back."""
    assert zh("complaint-ask-kind").splitlines()[0] in await b.say(worker, "投诉")
    said = await b.say(worker, "1")
    assert zh("complaint-ask-what") in said, said
    story = "老板拖欠我三天工资不给，一共六百块"
    if voice:
        r = await b.wechat.post(xml_message(worker, "voice", MediaId=voice, Format="amr", Recognition=story))
        said = r.text
    else:
        said = await b.say(worker, story)
    assert zh("complaint-ask-photos") in said, said
    for media_id in photos:
        await b.wechat.post(xml_message(worker, "image", PicUrl=f"http://mmbiz.qpic.cn/{media_id}.jpg",
                                        MediaId=media_id))
    await b.say(worker, "好了" if photos else "跳过")
    said = await b.say(worker, "跳过")
    if voice:
        assert "语音 1 段" in said, "the user is told the recording is kept"
    said = await b.say(worker, "提交")
    return int(re.search(r"#(\d+)", said).group(1))


async def evidence_rows(b: Bot, **where) -> list[dict]:
    return sorted(await rows(b, evidence_table, **where), key=lambda r: r["id"])


async def settled(b: Bot, count: int, timeout: float = 10.0) -> list[dict]:
    """The evidence rows once `count` of them are no longer pending."""
    deadline = time.monotonic() + timeout
    while True:
        found = await evidence_rows(b)
        if len([r for r in found if r["status"] != "pending"]) >= count or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.05)


async def kept(b: Bot, count: int, timeout: float = 10.0) -> list[dict]:
    """The evidence rows once `count` of them are stored."""
    deadline = time.monotonic() + timeout
    while True:
        found = await evidence_rows(b)
        if len([r for r in found if r["status"] == "stored"]) >= count or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.05)


async def open_link(b: Bot, path: str):
    resp = await b.client.get(path)
    return resp, await resp.read()


async def test_photos_and_voice_are_kept_within_seconds_and_staff_open_them_by_signed_links(
        settings, fake_wechat, fake_wecom):
    staff = new_openid("s")
    b = await Bot(fast(settings, staff_openids=frozenset({staff}))).start()
    try:
        media = {"P1": (jpeg(), "image/jpeg"), "P2": (png(), "image/png"), "V1": (amr(), "audio/amr")}
        for media_id, (data, kind) in media.items():
            fake_wechat.add_media(media_id, data, kind)
        worker = new_openid("w")
        number = await complain(b, worker, photos=["P1", "P2"], voice="V1")
        lodged = time.monotonic()
        [post] = await fake_wecom.wait_posts(1)
        notice = post["markdown"]["content"]
        links = LINK.findall(notice)
        assert len(links) == 3, notice
        assert "[照片1](" in notice and "[照片2](" in notice and "[语音1](" in notice
        found = await settled(b, 3)
        took = time.monotonic() - lodged
        assert [r["status"] for r in found] == ["stored"] * 3, found
        assert took < 5, f"kept {took:.1f} s after the complaint"
        by_media = {r["media_id"]: r for r in found}
        for media_id, (data, kind) in media.items():
            r = by_media[media_id]
            assert r["ticket_id"] == number and r["content"] == data and r["content_type"] == kind
            assert r["sha256"] == hashlib.sha256(data).hexdigest() and r["size"] == len(data)
        assert by_media["V1"]["kind"] == "voice" and by_media["V1"]["format"] == "amr"
        assert Counter(fake_wechat.media_calls) == {"P1": 1, "P2": 1, "V1": 1}, "each fetched once"

        # the notice's links work, with the right type and never cached
        for path in links:
            resp, body = await open_link(b, path)
            evidence_id = int(re.search(r"/evidence/(\d+)", path).group(1))
            row = next(r for r in found if r["id"] == evidence_id)
            assert resp.status == 200 and body == row["content"]
            assert resp.headers["Content-Type"] == row["content_type"]
            assert resp.headers["Cache-Control"] == "private, no-store"
            assert resp.headers["X-Content-Type-Options"] == "nosniff"

        # an altered or expired link gets 403 and nothing else
        path = links[0]
        other_id = found[1]["id"]
        sig = path.rsplit("sig=", 1)[1]
        tampered = [
            path[:-1] + ("A" if path[-1] != "A" else "B"),                       # signature changed
            re.sub(r"/evidence/\d+", f"/evidence/{other_id}", path),              # another piece, same signature
            re.sub(r"exp=(\d+)", lambda m: f"exp={int(m.group(1)) + 3600}", path),  # made to last longer
            path.split("&sig=")[0],                                              # no signature
            f"/evidence/{found[0]['id']}?exp=abc&sig={sig}",
            f"/evidence/999999?exp={int(time.time()) + 60}&sig={sig}",             # no such piece
        ]
        key = evidence.link_key(b.settings)
        past = int(time.time()) - 1
        tampered.append(f"/evidence/{found[0]['id']}?exp={past}&sig="
                        f"{evidence.signature(key, found[0]['id'], found[0]['nonce'], past)}")  # signed, expired
        for bad in tampered:
            resp, body = await open_link(b, bad)
            assert resp.status == 403, bad
            assert body.decode() == zh("evidence-http-forbidden")
            assert resp.headers["Cache-Control"] == "private, no-store"

        # the staff ticket view gives fresh links
        said = await b.say(staff, f"查看 {number}")
        fresh = LINK.findall(said)
        assert len(fresh) == 3, said
        resp, body = await open_link(b, fresh[2])
        assert resp.status == 200 and body in {d for d, _ in media.values()}
        # a citizen cannot ask for the view
        assert not LINK.findall(await b.say(worker, f"查看 {number}"))
    finally:
        await b.stop()


async def test_an_expired_media_id_is_retried_then_reported_to_staff_once(settings, fake_wechat, fake_wecom):
    staff = new_openid("s")
    b = await Bot(fast(settings, staff_openids=frozenset({staff}))).start()
    try:
        fake_wechat.add_media("OK1", jpeg(), "image/jpeg")
        fake_wechat.add_media("OLD", jpeg(), "image/jpeg")
        fake_wechat.expire_media("OLD")
        number = await complain(b, new_openid("w"), photos=["OK1", "OLD"])
        found = await settled(b, 2)
        assert [(r["media_id"], r["status"], r["reason"]) for r in found] == [
            ("OK1", "stored", None), ("OLD", "failed", "expired")]
        assert Counter(fake_wechat.media_calls) == {"OK1": 1, "OLD": evidence.REFUSED_TRIES}, "retried, then given up"
        posts = await fake_wecom.wait_posts(2)
        await asyncio.sleep(1.0)  # several more rounds of the fetcher: still one report
        assert len(fake_wecom.posts) == 2, fake_wecom.texts()
        report = posts[1]["markdown"]["content"]
        assert f"#{number}" in report and "照片2" in report and zh("evidence-reason", reason="expired") in report
        assert "照片1" not in report
        health = await (await b.client.get("/healthz")).json()
        assert health["evidence"] == {"pending": 0, "failed": 1}, "operators see it too"
        said = await b.say(staff, f"查看 {number}")
        assert zh("staff-ticket-evidence", kind="image", n=2, state="failed", link="-", reason="expired") in said
        assert len(LINK.findall(said)) == 1, "a link for the photo that was kept"
        # the failed piece's own link says what happened, after the signature was checked
        [path] = LINK.findall(posts[0]["markdown"]["content"])[1:]
        resp, body = await open_link(b, path)
        assert resp.status == 410 and zh("evidence-reason", reason="expired") in body.decode()
    finally:
        await b.stop()


async def test_wechat_down_until_the_media_is_gone_is_reported_not_dropped(settings, fake_wechat, fake_wecom):
    b = await Bot(fast(settings)).start()
    try:
        fake_wechat.add_media("P1", jpeg(), "image/jpeg")
        # Down before the complaint is lodged: the fetcher starts on it at
        # once and, with faster turns, could fetch it before the staff notice
        # was seen (a race that failed once in CI). The complaint itself
        # reaches the bot through the webhook, not WeChat's API.
        fake_wechat.down = True
        number = await complain(b, new_openid("w"), photos=["P1"])
        await fake_wecom.wait_posts(1)
        await asyncio.sleep(0.5)
        [r] = await evidence_rows(b)
        assert r["status"] == "pending" and r["attempts"] >= 1 and "503" in (r["last_error"] or ""), r
        # three days later WeChat is still down: WeChat has deleted the media by now
        async with b.app[DB].transaction() as conn:
            await conn.execute(update(evidence_table).values(received_at=time.time() - evidence.MEDIA_LIFETIME,
                                                             next_attempt_at=0))
        [r] = await settled(b, 1)
        assert (r["status"], r["reason"]) == ("failed", "wechat_down")
        posts = await fake_wecom.wait_posts(2)
        assert f"#{number}" in posts[1]["markdown"]["content"]
        assert zh("evidence-reason", reason="wechat_down") in posts[1]["markdown"]["content"]
    finally:
        await b.stop()


async def test_a_restart_in_the_middle_of_a_download_loses_nothing(settings, fake_wechat, fake_wecom):
    s = fast(settings)
    b = await Bot(s).start()
    data = jpeg()
    fake_wechat.add_media("SLOW", data, "image/jpeg")
    fake_wechat.media_delay = 3.0
    try:
        await complain(b, new_openid("w"), photos=["SLOW"])
        for _ in range(100):
            if fake_wechat.media_calls:
                break
            await asyncio.sleep(0.05)
        assert fake_wechat.media_calls == ["SLOW"], "the download is in flight"
    finally:
        await b.stop()
    async with _db(s) as db:
        async with db.reading() as conn:
            [r] = (await conn.execute(evidence_table.select())).mappings().all()
    assert r["status"] == "pending" and r["lease_until"] is None, "the stopped process gave its lease back"
    fake_wechat.media_delay = 0.0
    b = await Bot(s).start()
    try:
        [r] = await settled(b, 1)
        assert r["status"] == "stored" and r["content"] == data
        # a process killed mid-download leaves its lease: it is taken over once it runs out
        fake_wechat.add_media("P2", jpeg(), "image/jpeg")
        await complain(b, new_openid("w"), photos=["P2"])
        await settled(b, 2)
    finally:
        await b.stop()
    async with _db(s) as db:
        async with db.transaction() as conn:
            await conn.execute(update(evidence_table).where(evidence_table.c.media_id == "P2").values(
                status="pending", content=None, lease_owner="killed-host-1234", lease_until=time.time() + 6.0))
    # (6 s: a start on a loaded machine takes a few seconds, and the check
    # below must come while the dead process's lease still runs)
    b = await Bot(s).start()
    try:
        await asyncio.sleep(1.0)
        assert [r["status"] for r in await evidence_rows(b)] == ["stored", "pending"], "the lease is respected"
        found = await settled(b, 2, timeout=15.0)
        assert all(r["status"] == "stored" for r in found)
        assert Counter(fake_wechat.media_calls)["P2"] == 2, "taken over once the lease ran out"
        reports = [m for m in await rows(b, outbox) if m["idempotency_key"].startswith("evidence-failed")]
        assert reports == [], "nothing was reported lost"
    finally:
        await b.stop()


class _db:
    """The bot's database, opened directly (the bot is stopped)."""

    def __init__(self, settings) -> None:
        from bot.store.db import Database

        self.db = Database(settings.database_url)

    async def __aenter__(self):
        return self.db

    async def __aexit__(self, *exc) -> None:
        await self.db.close()


async def test_a_second_process_does_not_fetch_the_same_evidence_again(settings, fake_wechat, fake_wecom):
    s = fast(settings)
    one, two = await Bot(s).start(), await Bot(s).start()
    try:
        ids = [fake_wechat.add_media(f"M{n}", jpeg(), "image/jpeg") for n in range(6)]
        fake_wechat.media_delay = 1.0  # both fetchers poll while downloads are in flight
        await complain(one, new_openid("w"), photos=ids)
        found = await settled(one, 6, timeout=20)
        assert [r["status"] for r in found] == ["stored"] * 6
        assert Counter(fake_wechat.media_calls) == {m: 1 for m in ids}, Counter(fake_wechat.media_calls)
        assert len({r["lease_owner"] for r in found}) == 2, "both processes were fetching (4 rows a round each)"
    finally:
        await one.stop()
        await two.stop()


async def test_without_wechat_credentials_staff_are_told_it_cannot_be_kept_and_it_is_fetched_once_set(
        settings, fake_wechat, fake_wecom):
    staff = new_openid("s")
    s = fast(settings, staff_openids=frozenset({staff}))
    b = await Bot(replace(s, wechat_app_id="", wechat_app_secret=type(s.wechat_app_secret)(""))).start()
    try:
        fake_wechat.add_media("P1", jpeg(), "image/jpeg")
        number = await complain(b, new_openid("w"), photos=["P1"])
        [post] = await fake_wecom.wait_posts(1)
        assert zh("evidence-notice-unfetchable", photos=1, voices=0) in post["markdown"]["content"]
        [r] = await evidence_rows(b)
        assert (r["status"], r["reason"]) == ("unfetchable", "no_credentials") and not fake_wechat.media_calls
        said = await b.say(staff, f"查看 {number}")
        assert zh("staff-ticket-evidence", kind="image", n=1, state="unfetchable", link="-",
                  reason="no_credentials") in said
    finally:
        await b.stop()
    # credentials set within WeChat's three days: fetched after the restart
    b = await Bot(s).start()
    try:
        [r] = await kept(b, 1)
        assert r["status"] == "stored" and fake_wechat.media_calls == ["P1"]
        await asyncio.sleep(0.3)
        assert len(fake_wecom.posts) == 1, "nothing further to report"
    finally:
        await b.stop()


async def test_sizes_and_types_are_checked(settings, fake_wechat, fake_wecom):
    b = await Bot(fast(settings)).start()
    try:
        fake_wechat.add_media("HTML", b"<html><script>alert(1)</script></html>" * 20, "image/jpeg")
        fake_wechat.add_media("HUGE", jpeg(evidence.MAX_BYTES["image"] + 1), "image/jpeg")
        fake_wechat.add_media("GOOD", jpeg(), "image/jpeg")
        number = await complain(b, new_openid("w"), photos=["HTML", "HUGE", "GOOD"])
        found = await settled(b, 3)
        assert [(r["media_id"], r["status"], r["reason"]) for r in found] == [
            ("HTML", "failed", "bad_type"), ("HUGE", "failed", "too_large"), ("GOOD", "stored", None)]
        assert Counter(fake_wechat.media_calls) == {"HTML": 1, "HUGE": 1, "GOOD": 1}, "refused at once, not retried"
        assert all(r["content"] is None for r in found[:2]), "nothing kept of what was refused"
        posts = await fake_wecom.wait_posts(2)
        report = posts[1]["markdown"]["content"]
        assert f"#{number}" in report and zh("evidence-reason", reason="bad_type") in report
        assert zh("evidence-reason", reason="too_large") in report
    finally:
        await b.stop()


async def test_a_refused_access_token_is_refreshed_and_the_download_goes_on(settings, fake_wechat, fake_wecom):
    b = await Bot(fast(settings)).start()
    try:
        fake_wechat.add_media("P1", jpeg(), "image/jpeg")
        fake_wechat.errcode_next = [-1]  # WeChat busy once
        number = await complain(b, new_openid("w"), photos=["P1"])
        assert number
        [r] = await settled(b, 1)
        assert r["status"] == "stored"
        fake_wechat.add_media("P2", jpeg(), "image/jpeg")
        fake_wechat.expire_tokens()
        await complain(b, new_openid("w"), photos=["P2"])
        found = await settled(b, 2)
        assert [r["status"] for r in found] == ["stored", "stored"]
        refused = [c for c in fake_wechat.calls if c["path"] == "/cgi-bin/media/get"
                   and c["query"].get("access_token") not in fake_wechat.valid]
        assert refused, "the stale token was refused by the fake"
    finally:
        await b.stop()


async def test_evidence_in_a_folder_and_erased_with_its_ticket_or_user(settings, fake_wechat, fake_wecom, tmp_path):
    folder = tmp_path / "evidence"
    b = await Bot(fast(settings, evidence_dir=str(folder))).start()
    try:
        data = jpeg()
        fake_wechat.add_media("P1", data, "image/jpeg")
        fake_wechat.add_media("V1", amr(), "audio/amr")
        worker = new_openid("w")
        number = await complain(b, worker, photos=["P1"], voice="V1")
        [post] = await fake_wecom.wait_posts(1)
        links = LINK.findall(post["markdown"]["content"])
        found = await settled(b, 2)
        assert all(r["status"] == "stored" and r["content"] is None and r["path"] for r in found)
        photo = next(r for r in found if r["kind"] == "image")
        with open(photo["path"], "rb") as f:
            assert f.read() == data
        assert stat.S_IMODE(os.stat(photo["path"]).st_mode) == 0o600
        assert os.path.dirname(photo["path"]).startswith(str(folder))
        resp, body = await open_link(b, links[0])
        assert resp.status == 200 and body == data
        # a second complaint by another user stays when the first ticket's evidence is erased
        fake_wechat.add_media("P9", jpeg(), "image/jpeg")
        other = new_openid("w")
        await complain(b, other, photos=["P9"])
        await settled(b, 3)
        async with b.app[DB].transaction() as conn:
            assert await evidence.erase_for_tickets(conn, [number]) == 2
        assert not any(os.path.exists(r["path"]) for r in found), "the files are gone"
        assert [r["media_id"] for r in await evidence_rows(b)] == ["P9"]
        for path in links:
            resp, _ = await open_link(b, path)
            assert resp.status == 403, "an erased piece's link opens nothing"
        async with b.app[DB].transaction() as conn:
            assert await evidence.erase_for_user(conn, other) == 1
        assert await evidence_rows(b) == [] and not [p for p in folder.rglob("*") if p.is_file()]
    finally:
        await b.stop()


async def test_without_a_public_address_staff_are_told_there_is_no_link(settings, fake_wechat, fake_wecom):
    staff = new_openid("s")
    b = await Bot(fast(settings, staff_openids=frozenset({staff}), public_base_url="")).start()
    try:
        fake_wechat.add_media("P1", jpeg(), "image/jpeg")
        number = await complain(b, new_openid("w"), photos=["P1"])
        [post] = await fake_wecom.wait_posts(1)
        assert zh("evidence-notice-no-links", photos=1, voices=0) in post["markdown"]["content"]
        [r] = await settled(b, 1)
        assert r["status"] == "stored", "kept all the same"
        said = await b.say(staff, f"查看 {number}")
        assert zh("staff-ticket-evidence", kind="image", n=1, state="nolink", link="-", reason="refused") in said
    finally:
        await b.stop()


async def test_links_are_refused_when_no_key_can_sign_them(settings):
    from bot.settings import Secret

    no_key = replace(settings, wechat_app_secret=Secret(""), evidence_link_secret=Secret(""))
    assert evidence.link_key(no_key) is None
    assert evidence.link(replace(no_key, public_base_url=BASE), {"id": 1, "nonce": "n"}, time.time()) is None
    own = replace(settings, evidence_link_secret=Secret("s3cret"))
    assert evidence.link_key(own) != evidence.link_key(settings), "EVIDENCE_LINK_SECRET is used when set"
    url = evidence.link(replace(own, public_base_url=BASE), {"id": 7, "nonce": "abc"}, time.time())
    parts = urlsplit(url)
    assert parts.path == "/evidence/7" and url.startswith(BASE)
