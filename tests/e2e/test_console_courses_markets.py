"""The staff console's 培训, 预约 and 市场 pages (#15): a course added or
changed in the browser is offered to workers in the chat without a restart,
its sign-up and waiting lists are shown (phones masked) and exported as CSV
and Excel (whole phones, audited); guidance bookings by day and market; a
market added is offered to workers and gets a scene id, and its QR code is
made once through WeChat's API and downloads as PNG. Every change is in
the audit log; nothing is open without signing in."""
from __future__ import annotations

import asyncio
import csv
import io
import json
import time
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import insert, select

from bot import clock
from bot.handlers.keys import DB, STAFF_DATA
from bot.store.tables import appointments, audit_log, courses, enrollments, markets, qr_codes, workers
from tests.conftest import Bot
from tests.console import Browser, signed_in
from tests.wx import new_openid

TODAY = clock.today(time.time())


def course_form(**changes) -> dict:
    form = {"code": "weld-test", "name": "电焊工测试班", "trade": "welder", "teaches": "焊接基础",
            "area": "fengze", "place": "丰泽区零工市场培训室", "mode": "offline",
            # starting today: first in the worker's list whatever day the test runs
            "start_date": TODAY.isoformat(), "end_date": (TODAY + timedelta(days=9)).isoformat(),
            "schedule": "工作日 8:30-11:30", "capacity": "1", "cost": "免费", "subsidy": "", "who": "年满18周岁",
            "keywords": "烧电焊"}
    form.update(changes)
    return form


MARKET = {"code": "test_dehua_station", "name": "德化县测试零工驿站", "kind": "station", "area": "dehua",
          "address": "德化县浔中镇测试路", "hours": "周一至周五 8:00-12:00", "lat": "25.49", "lng": "118.24"}


async def audited(bot, action: str) -> list[dict]:
    async with bot.app[DB].reading() as conn:
        rows = (await conn.execute(select(audit_log).where(audit_log.c.action == action)
                                   .order_by(audit_log.c.id))).mappings().all()
    return [dict(r) for r in rows]


async def add_worker(bot, openid: str, name: str, phone: str) -> None:
    now = time.time()
    async with bot.app[DB].transaction() as conn:
        await conn.execute(insert(workers).values(openid=openid, name=name, phone=phone, consent_at=now,
                                                  created_at=now, updated_at=now))


@pytest.mark.every_backend
async def test_a_course_added_in_the_console_is_offered_in_the_chat_at_once_and_its_lists_export(bot, fake_wechat):
    staff = await signed_in(bot, "小陈")
    try:
        status, html, _ = await staff.get("/console/courses")
        assert status == 200 and 'id="course-new"' in html
        status, html, _ = await staff.get("/console/courses/new")
        assert status == 200 and 'id="course-form"' in html
        status, _, r = await staff.post("/console/courses/new", course_form())
        assert status == 302 and r.headers["Location"] == "/console/courses/weld-test?done=saved"
        status, html, _ = await staff.get(r.headers["Location"])
        assert "电焊工测试班" in html and "工人马上就能" in html

        # A worker asks for training: the new course is there, no restart, no wait.
        worker = new_openid("w")
        said = await bot.say(worker, "培训")
        assert f"电焊工测试班，{TODAY.month}月{TODAY.day}日开始" in said, said
        # and from another process on the same database and store
        other = await Bot(bot.settings, fake_wechat).start()
        try:
            said = await other.say(new_openid("w"), "培训")
            assert f"电焊工测试班，{TODAY.month}月{TODAY.day}日开始" in said, said
        finally:
            await other.stop()
        [entry] = await audited(bot, "course.save")
        assert entry["staff_name"] == "小陈" and entry["target"] == "weld-test" and entry["before"] is None
        assert json.loads(entry["after"])["capacity"] == 1

        # Two sign up for its one place: one gets it, one waits.
        await add_worker(bot, "o_course_a", "王大力", "13812345678")
        await add_worker(bot, "o_course_b", "李小红", "13987654321")
        now = time.time()
        async with bot.app[DB].transaction() as conn:
            for n, (openid, status_) in enumerate((("o_course_a", "enrolled"), ("o_course_b", "waiting"))):
                await conn.execute(insert(enrollments).values(course_code="weld-test", openid=openid,
                                                              status=status_, created_at=now + n, updated_at=now + n))
        status, html, _ = await staff.get("/console/courses/weld-test")
        assert "已报上（1 人）" in html and "排队等空位（1 人）" in html
        assert "王大力" in html and "138****5678" in html and "13812345678" not in html   # masked in the list
        assert "李小红" in html and "139****4321" in html

        status, body, r = await staff.get("/console/courses/weld-test/signups.csv")
        assert status == 200 and r.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
        assert rows[0] == ["姓名", "手机", "状态", "报名时间"]
        assert [r_[:3] for r_ in rows[1:]] == [["王大力", "13812345678", "已报上"], ["李小红", "13987654321", "排队等空位"]]
        async with staff.session.get(staff.url("/console/courses/weld-test/signups.xlsx")) as resp:
            assert resp.status == 200 and "spreadsheetml" in resp.headers["Content-Type"]
            sheet = load_workbook(io.BytesIO(await resp.read())).active
        assert [[c.value for c in row] for row in sheet.iter_rows()] == rows
        assert [json.loads(e["after"])["format"] for e in await audited(bot, "course.export")] == ["csv", "xlsx"]

        # Changed: more places. Seen at once; the change is audited with before and after.
        status, html, _ = await staff.get("/console/courses/weld-test/edit")
        assert 'value="电焊工测试班"' in html and 'value="烧电焊"' in html
        status, _, r = await staff.post("/console/courses/weld-test/edit", course_form(capacity="30", code="other"))
        assert status == 302 and r.headers["Location"].startswith("/console/courses/weld-test")
        said = await bot.say(new_openid("w"), "培训")
        assert "电焊工测试班" in said and "还剩 29 个名额" in said, said
        changed = (await audited(bot, "course.save"))[-1]
        assert json.loads(changed["before"])["capacity"] == 1 and json.loads(changed["after"])["capacity"] == 30

        # Retired: no longer offered; its sign-ups kept.
        status, _, r = await staff.post("/console/courses/weld-test/retire", {})
        assert status == 302
        said = await bot.say(new_openid("w"), "培训")
        assert "电焊工测试班" not in said
        assert [e["target"] for e in await audited(bot, "course.retire")] == ["weld-test"]
        async with bot.app[DB].reading() as conn:
            assert (await conn.execute(select(enrollments.c.status).where(
                enrollments.c.course_code == "weld-test"))).scalars().all()
    finally:
        await staff.close()


async def test_a_wrong_course_form_says_what_to_fix_and_saves_nothing(bot):
    staff = await signed_in(bot, "小陈")
    try:
        await staff.get("/console/courses/new")
        status, html, _ = await staff.post("/console/courses/new", course_form(
            name="", capacity="二十", end_date=(TODAY - timedelta(days=1)).isoformat(), code="Bad Code"))
        assert status == 400
        assert "有 4 处要改" in html and "这一项要填" in html and "要填 1 到 10000 之间的整数" in html
        assert "结束日期不能早于开始日期" in html and 'id="error-code"' in html
        assert 'value="Bad Code"' in html            # what was typed stays in the form
        # A code already used, and a form posted twice by a double click
        await staff.get("/console/courses/new")
        status, html, _ = await staff.post("/console/courses/new", course_form(code="elec-2026-12-fz"))
        assert status == 400 and "这个编号已经用过了" in html
        await staff.get("/console/courses/new")
        first = dict(course_form(code=""), once=staff.once, csrf=staff.csrf)
        assert (await staff.post("/console/courses/new", first))[0] == 302
        assert (await staff.post("/console/courses/new", first))[0] == 302
        async with bot.app[DB].reading() as conn:
            made = (await conn.execute(select(courses.c.code).where(courses.c.name == "电焊工测试班"))).scalars().all()
        assert len(made) == 1 and made[0].startswith("course-")
        assert len(await audited(bot, "course.save")) == 1
        # Unknown course: a kind page, not an error
        status, html, _ = await staff.get("/console/courses/no-such-course")
        assert status == 404 and "没有这个课程" in html
    finally:
        await staff.close()


async def test_a_reviewer_reads_courses_bookings_and_markets_but_changes_nothing(bot):
    reviewer = await signed_in(bot, "小审", "reviewer")
    try:
        for path in ("/console/courses", "/console/courses/elec-2026-12-fz", "/console/bookings",
                     "/console/markets", "/console/markets/fengze_market"):
            status, html, _ = await reviewer.get(path)
            assert status == 200, path
            assert 'id="course-new"' not in html and 'id="market-new"' not in html
        status, _, _ = await reviewer.post("/console/courses/new", course_form())
        assert status == 403
        status, _, _ = await reviewer.post("/console/markets/fengze_market/qr", {})
        assert status == 403
        status, _, _ = await reviewer.get("/console/courses/elec-2026-12-fz/signups.csv")
        assert status == 403
        # and in English, every page whole
        for path, title in (("/console/courses?lang=en", "Training courses"),
                            ("/console/courses/elec-2026-12-fz", "Signed up (0)"),
                            ("/console/bookings", "Career guidance bookings"),
                            ("/console/markets", "Markets and stations"),
                            ("/console/markets/fengze_market", "QR code")):
            status, html, _ = await reviewer.get(path)
            assert status == 200 and title in html, path
    finally:
        await reviewer.close()


async def test_bookings_of_a_day_by_market_with_the_topic_and_the_phone_masked(bot):
    day = (TODAY + timedelta(days=1)).isoformat()
    await add_worker(bot, "o_book_a", "张三", "13811112222")
    await add_worker(bot, "o_book_b", "赵四", "13833334444")
    async with bot.app[DB].transaction() as conn:
        for openid, market, half, topic in (("o_book_a", "fengze_market", "afternoon", "rights"),
                                            ("o_book_b", "licheng_market", "morning", None)):
            await conn.execute(insert(appointments).values(openid=openid, market_code=market, day=day, half=half,
                                                           status="booked", created_at=time.time(), topic=topic))
    staff = await signed_in(bot, "小陈")
    try:
        status, html, _ = await staff.get(f"/console/bookings?day={day}")
        assert status == 200 and "2 个预约" in html
        assert "张三" in html and "138****2222" in html and "13811112222" not in html and "维权" in html
        assert "赵四" in html and "没说" in html and "上午" in html
        status, html, _ = await staff.get(f"/console/bookings?day={day}&market=licheng_market")
        assert "1 个预约" in html and "赵四" in html and "张三" not in html
        status, html, _ = await staff.get("/console/bookings?day=next-tuesday")
        assert status == 200 and "先给你看今天的" in html
        status, html, _ = await staff.get("/console/bookings")
        assert f'value="{TODAY.isoformat()}"' in html and "这一天没有预约" in html
    finally:
        await staff.close()


@pytest.mark.every_backend
async def test_a_market_added_is_offered_and_its_qr_code_is_made_once_and_downloads(bot, fake_wechat):
    staff = await signed_in(bot, "小陈")
    try:
        await staff.get("/console/markets/new")
        bad = dict(MARKET, hours="每天好多点", lat="118.24", lng="25.49")
        status, html, _ = await staff.post("/console/markets/new", bad)
        assert status == 400 and "看不懂这个开放时间" in html and "纬度和经度是不是写反了" in html
        await staff.get("/console/markets/new")
        status, _, r = await staff.post("/console/markets/new", MARKET)
        assert status == 302 and r.headers["Location"] == "/console/markets/test_dehua_station?done=saved"

        # A worker looking for a market in 德化 finds it.
        worker = new_openid("w")
        await bot.say(worker, "零工市场")
        said = await bot.say(worker, "德化")
        assert "德化县测试零工驿站" in said, said
        [entry] = await audited(bot, "market.save")
        assert json.loads(entry["after"])["scenes"] == ["116"]    # the seed's scene ids are 101-115

        status, html, _ = await staff.get("/console/markets/test_dehua_station")
        assert 'id="qr-make"' in html and "场景号 116" in html
        status, _, r = await staff.post("/console/markets/test_dehua_station/qr", {})
        assert status == 302
        status, html, _ = await staff.get(r.headers["Location"])
        assert "二维码做好了" in html and 'id="qr-download-116"' in html and 'id="qr-make"' not in html
        creates = [c for c in fake_wechat.calls if c["path"] == "/cgi-bin/qrcode/create"]
        assert [c["json"]["action_info"]["scene"]["scene_str"] for c in creates] == ["116"]

        async with staff.session.get(staff.url("/console/markets/test_dehua_station/qr/116.png?download=1")) as resp:
            assert resp.status == 200 and resp.headers["Content-Type"] == "image/png"
            assert resp.headers["Content-Disposition"].startswith("attachment")
            image = Image.open(io.BytesIO(await resp.read()))
            assert image.format == "PNG" and image.size == (430, 430)
        # Asked again: the kept code, WeChat not asked again.
        await staff.get("/console/markets/test_dehua_station")
        assert (await staff.post("/console/markets/test_dehua_station/qr", {}))[0] == 302
        assert len([c for c in fake_wechat.calls if c["path"] == "/cgi-bin/qrcode/create"]) == 1
        [made] = await audited(bot, "market.qr")
        assert json.loads(made["after"])["scene"] == "116"

        # Not signed in: the image is not given.
        stranger = Browser(bot)
        try:
            assert (await stranger.get("/console/markets/test_dehua_station/qr/116.png"))[0] == 401
        finally:
            await stranger.close()

        # Edited hours are seen by workers; retired, it is no longer offered and its printed code is kept.
        await staff.get("/console/markets/test_dehua_station/edit")
        status, _, _ = await staff.post("/console/markets/test_dehua_station/edit",
                                        dict(MARKET, hours="周一至周六 8:00-12:00", verified="1"))
        assert status == 302
        assert bot.app[STAFF_DATA].current.refdata.market_by_code("test_dehua_station").hours == "周一至周六 8:00-12:00"
        status, _, _ = await staff.post("/console/markets/test_dehua_station/retire", {})
        assert status == 302
        assert "test_dehua_station" not in {m.code for m in bot.app[STAFF_DATA].current.refdata.markets}
        async with bot.app[DB].reading() as conn:
            assert (await conn.execute(select(qr_codes.c.scene))).scalars().all() == ["116"]
            assert (await conn.execute(select(markets.c.active).where(markets.c.code == "test_dehua_station"))
                    ).scalar_one() is False
        assert [e["action"] for e in await audited(bot, "market.retire")] == ["market.retire"]
    finally:
        await staff.close()


async def test_without_wechat_credentials_the_qr_code_page_says_why_and_keeps_nothing(bot):
    await bot.stop()
    await bot.start(wechat_app_id="")
    staff = await signed_in(bot, "小陈")
    try:
        await staff.get("/console/markets/fengze_market")
        status, html, _ = await staff.post("/console/markets/fengze_market/qr", {})
        assert status == 400 and "没有设置公众号的 AppID 和 AppSecret" in html
        async with bot.app[DB].reading() as conn:
            assert (await conn.execute(select(qr_codes))).all() == []
        assert (await staff.get("/console/markets/fengze_market/qr/101.png"))[0] == 404
    finally:
        await staff.close()


async def test_two_staff_adding_markets_at_once_get_different_scene_ids(bot):
    a, b = await signed_in(bot, "甲"), await signed_in(bot, "乙")
    try:
        await a.get("/console/markets/new")
        await b.get("/console/markets/new")
        results = await asyncio.gather(
            a.post("/console/markets/new", dict(MARKET, code="test_one", name="测试一号驿站")),
            b.post("/console/markets/new", dict(MARKET, code="test_two", name="测试二号驿站")))
        assert [s for s, _, _ in results] == [302, 302]
        async with bot.app[DB].reading() as conn:
            rows = dict((await conn.execute(select(markets.c.code, markets.c.scenes)
                                            .where(markets.c.code.in_(["test_one", "test_two"])))).all())
        assert sorted(json.loads(rows["test_one"]) + json.loads(rows["test_two"])) == ["116", "117"]
    finally:
        await a.close()
        await b.close()
