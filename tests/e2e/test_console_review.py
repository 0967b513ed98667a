"""The console's 审核, 招工 and 求职者 pages (#15), end to end on both
stores: a held post approved in the page reaches its employer's WeChat
and a worker's 找工作; a rejection needs a reason the employer reads; a
post found, hidden (out of search, back in 审核) and closed (its employer
told); a worker looked up by phone and a hardship category recognised
(the worker told). Every change is audited; a reviewer may decide posts
but not close them nor look up workers."""
import asyncio
import json
import re

import pytest
from sqlalchemy import select

from bot.handlers.keys import DB
from bot.i18n import Catalog
from bot.store.tables import audit_log, jobs, workers
from tests.console import signed_in
from tests.e2e.test_find_and_apply import register
from tests.e2e.test_register_and_post import post_and_confirm, rows
from tests.wx import new_openid

pytestmark = pytest.mark.every_backend

CAT = Catalog()
HELD = "晋江鞋厂招普工2名，限45岁以下，日结200，明天8点到17点"
OPEN = "明天丰泽区搬家需要1个搬运工，日结200元，早上8点到下午5点，联系电话13905951234"


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


def text_of(html: str) -> str:
    """What the page reads as (tags out, entities as characters)."""
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", " ", html))


def once_of(html: str, form_id: str) -> str:
    """The `once` token of one form of the page."""
    part = html[html.index(f'id="{form_id}"'):]
    return re.search(r'name="once" value="([^"]+)"', part).group(1)


async def wait_text(fake_wechat, openid: str, needle: str) -> list[str]:
    """The messages the fake WeChat got for `openid`, once one holds `needle` (the outbox sends in the background)."""
    for _ in range(200):
        got = fake_wechat.texts_to(openid)
        if any(needle in t for t in got):
            return got
        await asyncio.sleep(0.05)
    return fake_wechat.texts_to(openid)


async def audited(bot, action: str) -> list[dict]:
    async with bot.app[DB].reading() as conn:
        found = (await conn.execute(select(audit_log).where(audit_log.c.action == action))).mappings().all()
    return [dict(r) for r in found]


async def held_post(bot) -> tuple[str, int]:
    employer = new_openid("e")
    said = await post_and_confirm(bot, employer, HELD)
    assert zh("post-in-review") in said
    [job] = [j for j in await rows(bot, jobs) if j["status"] == "review"]
    return employer, job["id"]


async def test_a_held_post_approved_in_the_console_reaches_the_employer_and_a_workers_search(bot, fake_wechat):
    employer, job_id = await held_post(bot)
    staff = await signed_in(bot, "lin", role="reviewer")
    try:
        status, page, _ = await staff.get("/console/review")
        assert status == 200
        shown = text_of(page)
        assert zh("console-review-count", count=1) in shown
        assert zh("console-review-post", id=job_id) in shown
        assert "限了最大年龄" in shown, "the reason, in words"
        assert "晋江" in shown and "干 1 天" in shown, "the post as a worker reads it"
        # a worker does not find it yet
        assert zh("find-nothing") in await bot.say(new_openid("w"), "晋江有没有普工的活")
        status, _, r = await staff.post(f"/console/review/{job_id}",
                                        {"action": "approve", "once": once_of(page, f"approve-{job_id}")})
        assert status == 302
        status, page, _ = await staff.get(r.headers["Location"])
        assert zh("staff-decided", id=job_id, approved="yes") in text_of(page)
        assert zh("console-review-empty") in text_of(page)
        [job] = await rows(bot, jobs, id=job_id)
        assert job["status"] == "open"
        # the employer gets the typed command's message
        got = await wait_text(fake_wechat, employer, zh("review-result", id=job_id, approved="yes", note="-"))
        assert zh("review-result", id=job_id, approved="yes", note="-") in got
        # and a worker's search finds it
        seeker = new_openid("w")
        assert zh("find-ask-what") in await bot.say(seeker, "找工作")
        said = await bot.say(seeker, "晋江的普工")
        assert zh("find-found", count=1) in said and "晋江" in said
        [entry] = await audited(bot, "review.approve")
        assert entry["staff_name"] == "lin" and entry["target"] == f"job:{job_id}"
        assert json.loads(entry["before"])["status"] == "review" and json.loads(entry["after"])["status"] == "open"
        # deciding it again changes nothing and says so
        status, _, r = await staff.post(f"/console/review/{job_id}", {"action": "reject", "note": "重复"})
        status, page, _ = await staff.get(r.headers["Location"])
        assert zh("staff-no-such-review", id=job_id) in text_of(page)
        assert (await rows(bot, jobs, id=job_id))[0]["status"] == "open"
    finally:
        await staff.close()


async def test_a_rejection_needs_a_reason_and_the_employer_reads_it(bot, fake_wechat):
    employer, job_id = await held_post(bot)
    staff = await signed_in(bot, "chen", role="staff")
    try:
        status, page, _ = await staff.get("/console/review")
        status, _, r = await staff.post(f"/console/review/{job_id}", {"action": "reject", "note": "  "})
        status, page, _ = await staff.get(r.headers["Location"])
        assert zh("console-review-note-needed") in text_of(page)
        assert (await rows(bot, jobs, id=job_id))[0]["status"] == "review"
        assert await audited(bot, "review.reject") == []
        status, _, r = await staff.post(f"/console/review/{job_id}",
                                        {"action": "reject", "note": "不能限年龄", "once": once_of(page, f"reject-{job_id}")})
        status, page, _ = await staff.get(r.headers["Location"])
        assert zh("staff-decided", id=job_id, approved="no") in text_of(page)
        assert (await rows(bot, jobs, id=job_id))[0]["status"] == "refused"
        told = zh("review-result", id=job_id, approved="no", note="不能限年龄")
        assert told in await wait_text(fake_wechat, employer, told)
        assert len(await audited(bot, "review.reject")) == 1
    finally:
        await staff.close()


async def test_posts_are_found_hidden_brought_back_and_closed_with_the_employer_told(bot, fake_wechat):
    employer = new_openid("e")
    assert zh("post-published") in await post_and_confirm(bot, employer, OPEN)
    [job] = await rows(bot, jobs)
    job_id = job["id"]
    # a worker applies, and another reports it
    worker = new_openid("w")
    await bot.say(worker, "丰泽有没有搬运的活")
    await bot.say(worker, "1")
    for answer in ("报名", "1", "小李", "13811112222"):
        await bot.say(worker, answer)
    staff = await signed_in(bot, "wu", role="staff")
    try:
        for query, found in (("?trade=porter", True), ("?area=fengze", True), ("?area=jinjiang", False),
                             ("?status=open", True), ("?status=closed", False), ("?text=搬家", True),
                             ("?text=保洁", False), ("?phone=139-0595-1234", True), ("?phone=13900000000", False)):
            status, page, _ = await staff.get("/console/posts" + query)
            assert status == 200
            assert (f'id="post-row-{job_id}"' in page) is found, query
        status, page, _ = await staff.get("/console/posts?phone=12345")
        assert zh("console-posts-phone-invalid") in text_of(page)
        status, page, _ = await staff.get(f"/console/posts/{job_id}")
        shown = text_of(page)
        assert zh("console-post-applied", count=1, applied=1, accepted=0, declined=0, withdrawn=0) in shown
        assert zh("console-post-no-reports") in shown
        assert "13905951234" not in shown, "phones masked"
        status, page, _ = await staff.get(f"/console/posts/{job_id}?show=phone")
        assert "13905951234" in text_of(page), "whole when staff ask"
        [entry] = await audited(bot, "post.phone_view")
        assert entry["target"] == f"job:{job_id}" and entry["staff_name"] == "wu"
        await wait_text(fake_wechat, employer, "小李")   # told of the application
        told_before = len(fake_wechat.texts_to(employer))
        # hidden: out of search at once, waiting in review with its reason in words
        status, _, r = await staff.post(f"/console/posts/{job_id}/hide",
                                        {"reason": "像是假招工", "once": once_of(page, "hide-form")})
        status, page, _ = await staff.get(r.headers["Location"])
        assert zh("console-post-hidden", id=job_id) in text_of(page)
        assert zh("find-nothing") in await bot.say(new_openid("w"), "丰泽有没有搬运的活")
        status, page, _ = await staff.get("/console/review")
        assert zh("console-review-post", id=job_id) in text_of(page)
        assert "工作人员先藏起来了" in text_of(page)
        assert zh("console-post-note", note="像是假招工") in text_of(page), "the hiding's reason, for review"
        assert len(fake_wechat.texts_to(employer)) == told_before, "not told while hidden"
        [entry] = await audited(bot, "post.hide")
        assert json.loads(entry["after"])["status"] == "review"
        # approved in review: back in search
        await staff.post(f"/console/review/{job_id}", {"action": "approve",
                                                        "once": once_of(page, f"approve-{job_id}")})
        said = await bot.say(new_openid("w"), "丰泽有没有搬运的活")
        assert zh("find-found", count=1) in said
        # closed: the employer is told why, and it leaves search
        status, page, _ = await staff.get(f"/console/posts/{job_id}")
        status, _, r = await staff.post(f"/console/posts/{job_id}/close", {"reason": "", "once": "x1"})
        status, page, _ = await staff.get(r.headers["Location"])
        assert zh("console-post-reason-needed") in text_of(page)
        status, _, r = await staff.post(f"/console/posts/{job_id}/close",
                                        {"reason": "老板说招到人了", "once": once_of(page, "close-form")})
        status, page, _ = await staff.get(r.headers["Location"])
        assert zh("console-post-closed", id=job_id) in text_of(page)
        assert (await rows(bot, jobs, id=job_id))[0]["status"] == "closed"
        told = zh("console-post-closed-notice", id=job_id, reason="老板说招到人了")
        assert told in await wait_text(fake_wechat, employer, told)
        told = zh("console-post-closed-applicant", id=job_id)
        assert told in await wait_text(fake_wechat, worker, told), "the worker who applied is told too"
        assert zh("find-nothing") in await bot.say(new_openid("w"), "丰泽有没有搬运的活")
        assert len(await audited(bot, "post.close")) == 1
        # closing again changes nothing
        status, _, r = await staff.post(f"/console/posts/{job_id}/close", {"reason": "再关", "once": "x2"})
        status, page, _ = await staff.get(r.headers["Location"])
        assert zh("console-post-unchanged", id=job_id, status="closed") in text_of(page)
        assert len(await audited(bot, "post.close")) == 1
    finally:
        await staff.close()


async def test_a_reviewer_reads_posts_but_neither_closes_them_nor_looks_up_workers(bot):
    employer = new_openid("e")
    assert zh("post-published") in await post_and_confirm(bot, employer, OPEN)
    [job] = await rows(bot, jobs)
    reviewer = await signed_in(bot, "guo", role="reviewer")
    try:
        status, page, _ = await reviewer.get(f"/console/posts/{job['id']}")
        assert status == 200 and 'id="close-form"' not in page
        status, page, _ = await reviewer.get(f"/console/posts/{job['id']}?show=phone")
        assert "13905951234" not in text_of(page) and await audited(bot, "post.phone_view") == []
        status, _, _ = await reviewer.post(f"/console/posts/{job['id']}/close", {"reason": "试试"})
        assert status == 403
        status, _, _ = await reviewer.get("/console/workers")
        assert status == 403
        assert (await rows(bot, jobs, id=job["id"]))[0]["status"] == "open"
        # in English too
        status, page, _ = await reviewer.get(f"/console/posts/{job['id']}?lang=en")
        en = CAT.text("en", "console-post-title", id=job["id"])
        assert status == 200 and en in text_of(page) and CAT.text("en", "console-review-as-worker") in text_of(page)
    finally:
        await reviewer.close()


async def test_a_worker_is_found_by_phone_and_a_category_recognised_and_taken_back(bot, fake_wechat):
    worker = new_openid("w")
    await register(bot, worker, push="0")
    staff = await signed_in(bot, "zhao", role="staff")
    try:
        status, page, _ = await staff.get("/console/workers")
        assert status == 200
        status, page, _ = await staff.post("/console/workers", {"phone": "1381111"})
        assert zh("console-workers-phone-invalid") in text_of(page)
        status, page, _ = await staff.post("/console/workers", {"phone": "13900001111"})
        assert zh("console-workers-none") in text_of(page)
        status, page, _ = await staff.post("/console/workers", {"phone": "138 1111 2222"})
        shown = text_of(page)
        assert zh("console-worker-name", name="小李") in shown
        assert zh("console-worker-trades", trades="搬运工") in shown or "搬运" in shown
        assert zh("console-worker-recognised", categories="-") in shown
        assert len(await audited(bot, "worker.lookup")) == 2, "every lookup of a phone, found or not"
        # nothing ticked: nothing changes
        status, page, _ = await staff.post("/console/workers/recognise",
                                           {"openid": worker, "action": "recognise", "once": "n1"})
        assert zh("console-worker-pick") in text_of(page)
        status, page, _ = await staff.post("/console/workers/recognise",
                                           {"openid": worker, "action": "recognise", "category": "disabled",
                                            "once": "n2"})
        assert zh("staff-recognise-done", action="recognise", name="小李", changed="残疾人", categories="残疾人",
                  said="-") in text_of(page)
        async with bot.app[DB].reading() as conn:
            [row] = (await conn.execute(select(workers).where(workers.c.openid == worker))).mappings().all()
        assert json.loads(row["hardship_recognised"]) == ["disabled"] and row["hardship"] is True
        told = zh("hardship-recognised", categories="残疾人")
        assert told in await wait_text(fake_wechat, worker, told)
        [entry] = await audited(bot, "worker.recognise")
        assert json.loads(entry["after"]) == {"hardship_recognised": ["disabled"]}
        assert worker not in entry["target"], "the openid masked in the audit log"
        # the same again: nothing changes, nobody is told twice
        status, page, _ = await staff.post("/console/workers/recognise",
                                           {"openid": worker, "action": "recognise", "category": "disabled",
                                            "once": "n3"})
        assert zh("console-worker-unchanged", name="小李", categories="残疾人") in text_of(page)
        status, page, _ = await staff.post("/console/workers/recognise",
                                           {"openid": worker, "action": "unrecognise", "category": "disabled",
                                            "once": "n4"})
        assert zh("staff-recognise-done", action="unrecognise", name="小李", changed="残疾人", categories="-",
                  said="-") in text_of(page)
        told = zh("hardship-unrecognised", categories="残疾人")
        assert told in await wait_text(fake_wechat, worker, told)
        assert len(await audited(bot, "worker.unrecognise")) == 1
    finally:
        await staff.close()


async def test_odd_addresses_and_filters_get_a_page_not_an_error(bot):
    staff = await signed_in(bot, "he", role="staff")
    try:
        for path in ("/console/posts/abc", "/console/posts/99999999999999999999", "/console/posts/0"):
            status, page, _ = await staff.get(path)
            assert status == 404 and 'id="error"' in page, path
        status, page, _ = await staff.get("/console/posts?status=zzz&trade=%25&area=x'&text=%25_&phone=" + "1" * 40)
        assert status == 200
        await staff.get("/console/review")
        for path in ("/console/review/99999999999999999999", "/console/review/abc", "/console/posts/abc/close",
                     "/console/posts/99999999999999999999/hide"):
            status, _, _ = await staff.post(path, {"action": "approve", "reason": "x"})
            assert status == 302, path
        status, page, _ = await staff.post("/console/workers/recognise", {"openid": "nobody", "category": "disabled"})
        assert status == 200 and zh("console-workers-none") in text_of(page)
    finally:
        await staff.close()


async def test_a_post_reported_as_fake_shows_its_report_waits_in_review_and_is_closed(bot, fake_wechat):
    employer = new_openid("e")
    assert zh("post-published") in await post_and_confirm(bot, employer, OPEN)
    [job] = await rows(bot, jobs)
    worker = new_openid("w")
    await bot.say(worker, "丰泽有没有搬运的活")
    await bot.say(worker, "1")
    await bot.say(worker, "举报")
    await bot.say(worker, "1")    # a fake job: hidden from search at once (the complaints' path)
    staff = await signed_in(bot, "ma", role="staff")
    try:
        status, page, _ = await staff.get("/console/review")
        assert zh("console-review-post", id=job["id"]) in text_of(page)
        assert "有人举报" in text_of(page)
        status, page, _ = await staff.get(f"/console/posts/{job['id']}")
        shown = text_of(page)
        assert zh("console-post-reports", count=1) in shown and "假招工" in shown
        assert 'id="hide-form"' not in page, "already out of search"
        status, _, r = await staff.post(f"/console/posts/{job['id']}/close",
                                        {"reason": "核实是假招工", "once": once_of(page, "close-form")})
        status, page, _ = await staff.get(r.headers["Location"])
        assert zh("console-post-closed", id=job["id"]) in text_of(page)
        told = zh("console-post-closed-notice", id=job["id"], reason="核实是假招工")
        assert told in await wait_text(fake_wechat, employer, told)
        status, page, _ = await staff.get("/console/review")
        assert zh("console-review-empty") in text_of(page)
    finally:
        await staff.close()


async def test_the_review_page_counts_every_held_post_and_shows_the_oldest_fifty(bot):
    from bot.store.repos import EmployerRepo, JobRepo

    async with bot.app[DB].transaction() as conn:
        employer_id = await EmployerRepo(conn).save(new_openid("e"), {"kind": "person", "name": "林老板",
                                                                      "phone": "13905951234", "consent": True})
        for n in range(51):
            await JobRepo(conn).create(employer_id, {
                "trades": ["porter"], "area": "fengze", "start_date": "2030-01-01", "end_date": "2030-01-01",
                "days": 1, "start_time": "08:00", "pay_min": 200, "pay_max": 200, "pay_unit": "day",
                "pay_method": "daily", "headcount": 1, "contact_phone": "13905951234", "status": "review",
                "review_reasons": ["age-limit"], "description": f"post {n}"})
    staff = await signed_in(bot, "qi", role="reviewer")
    try:
        status, page, _ = await staff.get("/console/review")
        assert zh("console-review-count", count=51) in text_of(page)
        assert page.count('id="approve-button-') == 50 and 'id="review-1"' in page and 'id="review-51"' not in page
    finally:
        await staff.close()
