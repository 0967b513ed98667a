"""The console's tickets page (#15): the queue and its filters, a ticket's
thread, and reply / in progress / close / assign reaching the user in
WeChat exactly as the typed commands do, each audited."""
from __future__ import annotations

import asyncio
import json
import re
import time

import pytest
from sqlalchemy import select

from bot.handlers.keys import DB
from bot.i18n import Catalog
from bot.store.tables import audit_log, tickets
from tests.console import add_staff, signed_in
from tests.wx import new_openid

CAT = Catalog()


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


async def _rows(bot, table, *where):
    async with bot.app[DB].reading() as conn:
        return [dict(r) for r in (await conn.execute(select(table).where(*where).order_by(table.c.id)))
                .mappings().all()]


async def _complaint(bot, worker: str, story: str = "老板拖欠我三天工资不给，一共六百块", phone: str = "") -> int:
    await bot.say(worker, story)
    await bot.say(worker, "好了")          # no photos
    await bot.say(worker, phone or "不用")
    said = await bot.say(worker, "提交")
    return int(re.search(r"#(\d+)", said).group(1))


async def _wait_text(fake_wechat, openid: str, needle: str, timeout: float = 10.0) -> list[str]:
    loop = asyncio.get_running_loop()
    give_up = loop.time() + timeout
    while loop.time() < give_up:
        texts = fake_wechat.texts_to(openid)
        if any(needle in t for t in texts):
            return texts
        await asyncio.sleep(0.05)
    raise AssertionError(f"{needle!r} never reached {openid}: {fake_wechat.texts_to(openid)}")


@pytest.mark.every_backend
async def test_staff_reply_progress_and_close_in_the_console_reach_the_worker_in_wechat_and_are_audited(
        bot, fake_wechat):
    worker = new_openid("w")
    number = await _complaint(bot, worker, phone="13811112222")
    b = await signed_in(bot, "小林", "staff")
    try:
        status, html, _ = await b.get("/console/tickets")
        assert status == 200 and f'id="ticket-row-{number}"' in html and "拖欠工资" in html
        status, html, _ = await b.get(f"/console/tickets/{number}")
        assert status == 200 and "六百块" in html
        assert "138****2222" in html and "13811112222" not in html, "the phone is masked until asked for"
        status, html, _ = await b.get(f"/console/tickets/{number}?show=phone")
        assert "13811112222" in html
        # reply: the same WeChat message as `回复 N`
        await b.get(f"/console/tickets/{number}")
        status, _, r = await b.post(f"/console/tickets/{number}/reply", {"text": "我们已联系老板，明天给你结清"})
        assert status == 303 and r.headers["Location"].endswith("done=replied")
        texts = await _wait_text(fake_wechat, worker, "明天给你结清")
        assert zh("staff-replied", id=number, text="我们已联系老板，明天给你结清") in texts
        status, html, _ = await b.get(f"/console/tickets/{number}?done=replied")
        assert zh("console-ticket-replied") in html and "明天给你结清" in html
        assert zh("console-ticket-from-staff", name="小林") in html
        # close with a note: the outcome, then the satisfaction question, as `结案 N`
        status, _, r = await b.post(f"/console/tickets/{number}/close", {"note": "工资已结清"})
        assert status == 303
        texts = await _wait_text(fake_wechat, worker, "工资已结清")
        assert zh("ticket-closed", id=number, note="工资已结清", wrote="yes") in texts
        said = await bot.say(worker, "4")
        assert said == zh("survey-thanks")
        [t] = await _rows(bot, tickets)
        assert t["status"] == "closed" and t["satisfaction"] == 4 and t["close_note"] == "工资已结清"
        log = [e for e in await _rows(bot, audit_log) if e["action"].startswith("ticket.")]
        assert [(e["staff_name"], e["action"], e["target"]) for e in log] == [
            ("小林", "ticket.phone_view", f"ticket:{number}"),
            ("小林", "ticket.reply", f"ticket:{number}"),
            ("小林", "ticket.close", f"ticket:{number}")]
        assert json.loads(log[1]["before"]) == {"status": "open"}
        assert json.loads(log[1]["after"]) == {"status": "in_progress", "reply_chars": 14}
        assert "13811112222" not in json.dumps(log, ensure_ascii=False), "no user's phone in the audit log"
        # the closed ticket is under 已结案, not in the open queue
        status, html, _ = await b.get("/console/tickets")
        assert f'id="ticket-row-{number}"' not in html
        status, html, _ = await b.get("/console/tickets?f=closed")
        assert f'id="ticket-row-{number}"' in html
    finally:
        await b.close()


async def test_in_progress_tells_the_user_and_a_double_submitted_form_acts_once(bot, fake_wechat):
    worker = new_openid("w")
    number = await _complaint(bot, worker)
    b = await signed_in(bot, "小林", "staff")
    try:
        await b.get(f"/console/tickets/{number}")
        status, _, _ = await b.post(f"/console/tickets/{number}/progress")
        assert status == 303
        await _wait_text(fake_wechat, worker, zh("ticket-in-progress", id=number))
        [t] = await _rows(bot, tickets)
        assert t["status"] == "in_progress"
        await b.get(f"/console/tickets/{number}")
        form = {"text": "收到，马上处理"}
        once = b.once
        status, _, r = await b.post(f"/console/tickets/{number}/reply", {**form, "once": once})
        assert r.headers["Location"].endswith("done=replied")
        status, _, r = await b.post(f"/console/tickets/{number}/reply", {**form, "once": once})
        assert r.headers["Location"].endswith("done=again")
        await _wait_text(fake_wechat, worker, "马上处理")
        await asyncio.sleep(0.5)
        assert sum("马上处理" in t for t in fake_wechat.texts_to(worker)) == 1
        messages = [e for e in await _rows(bot, audit_log) if e["action"] == "ticket.reply"]
        assert len(messages) == 1
        # the user's answer joins the ticket's thread in the console
        said = await bot.say(worker, "好的谢谢 我周一去")
        assert said == zh("human-reply-sent", id=number)
        status, html, _ = await b.get(f"/console/tickets/{number}")
        thread = html[html.index('id="ticket-thread"'):]
        assert thread.index("收到，马上处理") < thread.index("好的谢谢 我周一去")
    finally:
        await b.close()


async def test_an_empty_or_overlong_reply_changes_nothing_and_says_why(bot, fake_wechat):
    worker = new_openid("w")
    number = await _complaint(bot, worker)
    b = await signed_in(bot, "小林", "staff")
    try:
        await b.get(f"/console/tickets/{number}")
        status, _, r = await b.post(f"/console/tickets/{number}/reply", {"text": "   "})
        assert status == 303
        status, html, _ = await b.get(r.headers["Location"])
        assert zh("console-ticket-reply-empty") in html
        status, _, r = await b.post(f"/console/tickets/{number}/reply", {"text": "长" * 1001})
        status, html, _ = await b.get(r.headers["Location"])
        assert zh("console-ticket-too-long", max=1000) in html
        status, _, _ = await b.get("/console/tickets/99999")
        assert status == 404
        status, _, _ = await b.get("/console/tickets/abc")
        assert status == 404
        [t] = await _rows(bot, tickets)
        assert t["status"] == "open"
        assert [e["action"] for e in await _rows(bot, audit_log)] == ["console.sign_in"]
    finally:
        await b.close()


async def test_assign_and_the_mine_urgent_and_overdue_filters(bot, fake_wechat):
    from bot.store.repos import TicketRepo

    worker, injured = new_openid("w"), new_openid("w")
    plain = await _complaint(bot, worker)
    urgent = await _complaint(bot, injured, story="我在工地受伤了，手被砸到，老板不管")
    b = await signed_in(bot, "小林", "staff")
    other_id = await add_staff(bot, "小王", "staff")
    try:
        status, html, _ = await b.get("/console/tickets?f=urgent")
        assert f'id="ticket-row-{urgent}"' in html and f'id="ticket-row-{plain}"' not in html
        status, html, _ = await b.get("/console/tickets?f=mine")
        assert zh("console-tickets-none") in html
        await b.get(f"/console/tickets/{plain}")
        me = next(a for a in (await _rows(bot, __import__("bot.store.tables", fromlist=["x"]).staff_users))
                  if a["name"] == "小林")
        status, _, r = await b.post(f"/console/tickets/{plain}/assign", {"staff_id": str(me["id"])})
        status, html, _ = await b.get(r.headers["Location"])
        assert zh("console-ticket-assigned-done", name="小林") in html
        status, html, _ = await b.get("/console/tickets?f=mine")
        assert f'id="ticket-row-{plain}"' in html and f'id="ticket-row-{urgent}"' not in html
        await b.get(f"/console/tickets/{plain}")
        await b.post(f"/console/tickets/{plain}/assign", {"staff_id": str(other_id)})
        status, html, _ = await b.get("/console/tickets?f=mine")
        assert f'id="ticket-row-{plain}"' not in html
        status, html, _ = await b.get("/console/tickets")
        assert "小王" in html
        # overdue: created long enough ago that more than TICKET_SLA_HOURS of working time passed
        async with bot.app[DB].transaction() as conn:
            await TicketRepo(conn).update(urgent, created_at=time.time() - 14 * 86400)
        status, html, _ = await b.get("/console/tickets?f=overdue")
        assert f'id="ticket-row-{urgent}"' in html and f'id="ticket-row-{plain}"' not in html
        assign = [(json.loads(e["before"]), json.loads(e["after"])) for e in await _rows(bot, audit_log)
                  if e["action"] == "ticket.assign"]
        assert assign == [({"assigned_to": None}, {"assigned_to": me["id"]}),
                          ({"assigned_to": me["id"]}, {"assigned_to": other_id})]
        # a made-up staff id changes nothing
        await b.get(f"/console/tickets/{plain}")
        await b.post(f"/console/tickets/{plain}/assign", {"staff_id": "424242"})
        [t] = await _rows(bot, tickets, tickets.c.id == plain)
        assert t["assigned_to"] == other_id
    finally:
        await b.close()


async def test_a_reviewer_reads_tickets_but_cannot_act_on_them(bot, fake_wechat):
    worker = new_openid("w")
    number = await _complaint(bot, worker, phone="13811112222")
    b = await signed_in(bot, "审核员甲", "reviewer")
    try:
        status, html, _ = await b.get(f"/console/tickets/{number}")
        assert status == 200 and 'id="reply-form"' not in html
        status, html, _ = await b.get(f"/console/tickets/{number}?show=phone")
        assert "13811112222" not in html
        status, html, _ = await b.post(f"/console/tickets/{number}/reply", {"text": "hi"})
        assert status == 403
        status, html, _ = await b.post(f"/console/tickets/{number}/close", {"note": "x"})
        assert status == 403
        [t] = await _rows(bot, tickets)
        assert t["status"] == "open"
    finally:
        await b.close()


async def test_a_tickets_photos_open_from_the_console_by_their_signed_links(settings, fake_wechat, fake_wecom):
    from tests.conftest import Bot
    from tests.e2e.test_evidence import complain, fast, jpeg, kept

    # (over plain http here: behind https the console's cookies are Secure, which a test client over http drops)
    b = await Bot(fast(settings, public_base_url="http://gig.example.gov.cn"), fake_wechat).start()
    photo = jpeg()
    fake_wechat.add_media("P1", photo, "image/jpeg")
    browser = None
    try:
        worker = new_openid("w")
        number = await complain(b, worker, photos=["P1"])
        browser = await signed_in(b, "小林", "staff")
        assert [r["status"] for r in await kept(b, 1)] == ["stored"]
        status, html, _ = await browser.get(f"/console/tickets/{number}")
        assert status == 200 and zh("evidence-kind", kind="image") + "1" in html
        [link] = re.findall(r'href="http://gig\.example\.gov\.cn(/evidence/\d+\?exp=\d+&amp;sig=[\w-]+)"', html)
        resp = await b.client.get(link.replace("&amp;", "&"))
        assert resp.status == 200 and await resp.read() == photo
    finally:
        if browser is not None:
            await browser.close()
        await b.stop()
