"""The console's 政策 page (#15): staff edit a knowledge-base entry, see the
answer as a user gets it and policy-eval's figures before and after, save
(audited), and a worker asking in WeChat gets the new answer without a
restart. A wrong change is said and saves nothing."""
from __future__ import annotations

import html as htmlmod
import json
import re

import pytest
from sqlalchemy import select

from bot.handlers.keys import DB, STAFF_DATA
from bot.services.staff_data import policy_docs
from bot.store.tables import audit_log
from tests.console import Browser, signed_in
from tests.wx import new_openid

NEW_SHORT = "先留好干活的证据：聊天记录、考勤、工友证明。\n再打 12333 问清楚怎么投诉。"
WORKER_ASKS = "工钱一直拿不到有什么办法"


def form_of(doc: dict, **changes) -> dict:
    form = {k: doc.get(k, "") for k in ("title", "title_en", "short", "short_en", "details", "details_en", "where",
                                         "where_en", "source", "checked", "note")}
    form["questions"] = "\n".join(doc["questions"])
    form["related"] = "\n".join(doc["related"])
    form.update(changes)
    return form


async def stored(bot, entry_id: str) -> dict | None:
    async with bot.app[DB].reading() as conn:
        return next((d for d in await policy_docs(conn) if d["id"] == entry_id), None)


async def audits(bot) -> list[dict]:
    async with bot.app[DB].reading() as conn:
        return [dict(r) for r in (await conn.execute(select(audit_log).order_by(audit_log.c.id))).mappings()]


def digest_of(page: str) -> str:
    m = re.search(r'name="digest" value="([^"]+)"', page)
    assert m, "no save button"
    return m.group(1)


@pytest.mark.every_backend
async def test_staff_preview_an_entry_see_the_evaluation_save_it_and_a_worker_gets_the_new_answer(bot):
    b = await signed_in(bot, "小林", "staff")
    try:
        status, page, _ = await b.get("/console/policies")
        assert status == 200 and "被拖欠工钱" in page and 'id="policy-row-wage-arrears"' in page
        status, page, _ = await b.get("/console/policies?q=欠薪")
        assert 'id="policy-row-wage-arrears"' in page and 'id="policy-row-work-injury"' not in page

        status, page, _ = await b.get("/console/policies/wage-arrears")
        assert status == 200 and 'id="policy-short"' in page and 'class="bubble preview-answer"' in page
        doc = await stored(bot, "wage-arrears")

        # Preview: the answer as WeChat shows it, the figures before and after; nothing saved yet.
        status, page, _ = await b.post("/console/policies/wage-arrears",
                                       {**form_of(doc, short=NEW_SHORT), "action": "preview"})
        text = htmlmod.unescape(page)
        assert status == 200 and 'id="eval-table"' in page and 'id="eval-same"' in page
        answer = re.search(r'<pre class="bubble preview-answer">(.*?)</pre>', text, re.S).group(1)
        assert answer.startswith("【被拖欠工钱") and NEW_SHORT in answer
        before_after = re.search(r'id="eval-top1".*?eval-before"[^>]*>([\d.]+)<.*?eval-after"[^>]*>([\d.]+)<', page, re.S)
        assert before_after and float(before_after.group(2)) >= float(before_after.group(1))
        assert (await stored(bot, "wage-arrears"))["short"] == doc["short"]
        digest = digest_of(page)

        # A save of a form changed after its preview is previewed again, not saved.
        status, page, _ = await b.post("/console/policies/wage-arrears",
                                       {**form_of(doc, short=NEW_SHORT + "!"), "action": "save", "digest": digest})
        assert status == 200 and 'id="eval-table"' in page and 'id="policy-error"' in page
        assert (await stored(bot, "wage-arrears"))["short"] == doc["short"]

        status, _, r = await b.post("/console/policies/wage-arrears",
                                    {**form_of(doc, short=NEW_SHORT), "action": "save", "digest": digest})
        assert status == 303 and r.headers["Location"] == "/console/policies/wage-arrears?saved=1"
        assert (await stored(bot, "wage-arrears"))["short"] == NEW_SHORT
        status, page, _ = await b.get(r.headers["Location"])
        assert 'id="policy-saved"' in page

        row = [a for a in await audits(bot) if a["action"] == "policy.save"]
        assert len(row) == 1 and row[0]["target"] == "wage-arrears" and row[0]["staff_name"] == "小林"
        assert json.loads(row[0]["before"])["short"] == doc["short"]
        assert json.loads(row[0]["after"])["short"] == NEW_SHORT

        # The worker asking in WeChat gets it, no restart.
        said = await bot.say(new_openid("w"), WORKER_ASKS)
        assert NEW_SHORT in said
    finally:
        await b.close()


async def test_a_wrong_change_is_said_and_nothing_is_saved(bot):
    b = await signed_in(bot, "小林", "staff")
    try:
        await b.get("/console/policies/wage-arrears")
        doc = await stored(bot, "wage-arrears")
        status, page, _ = await b.post("/console/policies/wage-arrears",
                                       {**form_of(doc, related="no-such-entry\nlegal-aid"), "action": "preview"})
        assert status == 200 and 'id="policy-error"' in page and "no-such-entry" in page
        assert "请改一下“相关条目”" in htmlmod.unescape(page)
        assert 'name="digest"' not in page
        status, page, _ = await b.post("/console/policies/wage-arrears",
                                       {**form_of(doc, short="x\n" * 6), "action": "save", "digest": "forged"})
        assert status == 200 and 'id="policy-error"' in page
        for junk in ({}, {"action": "preview", "checked": "yesterday"}, {"action": "save", "questions": "\x00" * 5000}):
            status, page, _ = await b.post("/console/policies/wage-arrears", junk)
            assert status == 200 and 'id="policy-error"' in page
        assert await stored(bot, "wage-arrears") == doc
        assert not [a for a in await audits(bot) if a["action"] == "policy.save"]
    finally:
        await b.close()


async def test_an_entry_changed_by_someone_else_after_the_preview_is_not_overwritten_unseen(bot):
    a = await signed_in(bot, "小林", "staff")
    b = await signed_in(bot, "小陈", "staff")
    try:
        doc = await stored(bot, "wage-arrears")
        pages = []
        for who, short in ((a, NEW_SHORT), (b, "另一个说法。")):
            await who.get("/console/policies/wage-arrears")
            _, page, _ = await who.post("/console/policies/wage-arrears",
                                        {**form_of(doc, short=short), "action": "preview"})
            pages.append(page)
        status, _, _ = await b.post("/console/policies/wage-arrears", {**form_of(doc, short="另一个说法。"),
                                                                       "action": "save", "digest": digest_of(pages[1])})
        assert status == 303
        status, page, _ = await a.post("/console/policies/wage-arrears", {**form_of(doc, short=NEW_SHORT),
                                                                          "action": "save", "digest": digest_of(pages[0])})
        assert status == 200 and 'id="policy-error"' in page and 'id="eval-table"' in page
        assert (await stored(bot, "wage-arrears"))["short"] == "另一个说法。"
        status, _, _ = await a.post("/console/policies/wage-arrears", {**form_of(doc, short=NEW_SHORT),
                                                                       "action": "save", "digest": digest_of(page)})
        assert status == 303 and (await stored(bot, "wage-arrears"))["short"] == NEW_SHORT
        assert [x["staff_name"] for x in await audits(bot) if x["action"] == "policy.save"] == ["小陈", "小林"]
    finally:
        await a.close()
        await b.close()


async def test_a_change_that_makes_retrieval_worse_is_shown_in_red_before_saving(bot):
    b = await signed_in(bot, "小林", "staff")
    try:
        await b.get("/console/policies/wage-arrears")
        doc = await stored(bot, "wage-arrears")
        spoiled = form_of(doc, title="一件事", title_en="A thing", short="见市场。", short_en="See the market.",
                          questions="\n".join(f"第{n}个问题是什么" for n in range(1, 9)))
        status, page, _ = await b.post("/console/policies/wage-arrears", {**spoiled, "action": "preview"})
        assert status == 200 and 'id="eval-worse"' in page and 'id="eval-top1" class="worse"' in page
        assert 'id="eval-new-misses"' in page
    finally:
        await b.close()


async def test_a_new_entry_is_added_and_its_id_checked(bot):
    b = await signed_in(bot, "小林", "staff")
    try:
        wage = await stored(bot, "wage-arrears")
        status, page, _ = await b.get("/console/policies/new")
        assert status == 200 and 'id="policy-id"' in page
        form = form_of(wage, title="无人机执照", title_en="Drone licence", short="测试条目。", short_en="A test entry.",
                       questions="\n".join(["无人机执照怎么考", "飞无人机要什么证", "无人机驾驶员证在哪里考",
                                            "考无人机执照要多少钱", "无人机执照有补贴吗", "无人机培训去哪里报名",
                                            "没有无人机执照能飞吗", "无人机证书有什么用"]),
                       related="training-subsidy\nfree-services")
        status, page, _ = await b.post("/console/policies/new", {**form, "id": "Drone Licence", "action": "preview"})
        assert 'id="policy-error"' in page
        status, page, _ = await b.post("/console/policies/new", {**form, "id": "wage-arrears", "action": "preview"})
        assert 'id="policy-error"' in page
        status, page, _ = await b.post("/console/policies/new", {**form, "id": "drone-licence", "action": "preview"})
        assert 'id="eval-table"' in page and "无人机执照" in page
        status, _, r = await b.post("/console/policies/new", {**form, "id": "drone-licence", "action": "save",
                                                              "digest": digest_of(page)})
        assert status == 303 and (await stored(bot, "drone-licence"))["title"] == "无人机执照"
        assert bot.app[STAFF_DATA].current.policies.entry("drone-licence") is not None
    finally:
        await b.close()


async def test_a_reviewer_reads_but_cannot_change(bot):
    b = await signed_in(bot, "审核员", "reviewer")
    try:
        status, page, _ = await b.get("/console/policies/wage-arrears")
        assert status == 200 and 'id="policy-form"' not in page
        doc = await stored(bot, "wage-arrears")
        status, _, _ = await b.post("/console/policies/wage-arrears", {**form_of(doc), "action": "preview"})
        assert status == 403
        status, _, _ = await b.get("/console/policies/new")
        assert status == 403
    finally:
        await b.close()


async def test_without_sign_in_the_pages_send_one_to_sign_in(bot):
    b = Browser(bot)
    try:
        for path in ("/console/policies", "/console/policies/new", "/console/policies/wage-arrears"):
            status, _, r = await b.get(path)
            assert status == 302 and r.headers["Location"].startswith("/console/login")
    finally:
        await b.close()
