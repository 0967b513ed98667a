"""The staff console's services (#15) on every backend: a market's QR code
is made once through WeChat's QR-code API (the fake's, with its access
token and scene_str limits) and kept as PNG; a new market's scene id is
never one in use; a course's sign-up list exports to Excel with the CSV's
columns and the staff's headings."""
import asyncio
import io
import json
import time

import aiohttp
import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import insert, select, update

from bot.app import language_resources
from bot.handlers.outbound import WeChatAPI
from bot.services.courses import signups_csv, signups_xlsx, sync_courses
from bot.services.qrcodes import PNG_MAGIC, QRCodeError, QRMaker, next_scene, show_base
from bot.services.staff_data import Seed, retire_market, seed
from bot.settings import Secret, Settings
from bot.store.db import Database
from bot.store.tables import enrollments, markets, qr_codes, workers


@pytest.fixture
async def db(database_url):
    database = Database(database_url)
    await database.migrate()
    async with database.transaction() as conn:
        await seed(conn, Seed.read(language_resources()[0]))
    yield database
    await database.close()


@pytest.fixture
async def wechat(fake_wechat, kv):
    settings = Settings(wechat_app_id=fake_wechat.app_id, wechat_app_secret=Secret(fake_wechat.secret),
                        wechat_api_base=fake_wechat.base)
    async with aiohttp.ClientSession() as session:
        yield WeChatAPI(settings, kv, session)


async def test_a_markets_code_is_made_once_through_wechat_and_kept_as_png(db, kv, wechat, fake_wechat):
    maker = QRMaker(db, kv, wechat)
    code, made = await maker.get("101", "fengze_market")
    assert made and code.image.startswith(PNG_MAGIC)
    assert Image.open(io.BytesIO(code.image)).size == (430, 430)
    create = [c for c in fake_wechat.calls if c["path"] == "/cgi-bin/qrcode/create"]
    assert [c["json"] for c in create] == [
        {"action_name": "QR_LIMIT_STR_SCENE", "action_info": {"scene": {"scene_str": "101"}}}]
    assert create[0]["query"]["access_token"] in fake_wechat.valid

    # Again, and from two places at once: the kept image, WeChat not asked again.
    again = await asyncio.gather(maker.get("101", "fengze_market"), QRMaker(db, kv, wechat).get("101", "x"))
    assert [(c.image, m) for c, m in again] == [(code.image, False)] * 2
    assert len([c for c in fake_wechat.calls if c["path"] == "/cgi-bin/qrcode/create"]) == 1
    assert len(fake_wechat.qr_image_calls) == 1

    # Two processes asking for a new one at the same moment make it once.
    both = await asyncio.gather(QRMaker(db, kv, wechat).get("102", "fengze_donghai"),
                                QRMaker(db, kv, wechat).get("102", "fengze_donghai"))
    assert sorted(m for _, m in both) == [False, True]
    async with db.reading() as conn:
        rows = (await conn.execute(select(qr_codes.c.scene, qr_codes.c.market_code))).all()
    assert sorted(map(tuple, rows)) == [("101", "fengze_market"), ("102", "fengze_donghai")]


async def test_a_jpeg_from_wechat_is_kept_as_png(db, kv, wechat, fake_wechat):
    fake_wechat.qr_image_type = "image/jpeg"
    code, _ = await QRMaker(db, kv, wechat).get("103", "licheng_market")
    assert code.image.startswith(PNG_MAGIC)


async def test_without_wechat_or_when_wechat_refuses_nothing_is_kept_and_it_is_said_why(db, kv, wechat, fake_wechat):
    with pytest.raises(QRCodeError) as no_wechat:
        await QRMaker(db, kv, None).get("101", "fengze_market")
    assert no_wechat.value.reason == "no-wechat"
    with pytest.raises(QRCodeError) as too_long:
        await QRMaker(db, kv, wechat).get("9" * 65, "fengze_market")
    assert too_long.value.reason == "no-scene"
    fake_wechat.errcode_next = [45009]
    with pytest.raises(QRCodeError) as busy:
        await QRMaker(db, kv, wechat).get("101", "fengze_market")
    assert busy.value.reason == "unreachable"
    fake_wechat.errcode_next = [40097]
    with pytest.raises(QRCodeError) as refused:
        await QRMaker(db, kv, wechat).get("101", "fengze_market")
    assert refused.value.reason == "refused" and "40097" in refused.value.detail
    fake_wechat.down = True
    with pytest.raises(QRCodeError) as down:
        await QRMaker(db, kv, wechat).get("101", "fengze_market")
    assert down.value.reason == "unreachable"
    async with db.reading() as conn:
        assert (await conn.execute(select(qr_codes))).all() == []


async def test_the_fake_refuses_a_scene_over_64_characters_and_calls_without_a_token(fake_wechat):
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{fake_wechat.base}/cgi-bin/qrcode/create", params={"access_token": "nope"},
                                json={"action_name": "QR_LIMIT_STR_SCENE",
                                      "action_info": {"scene": {"scene_str": "1"}}}) as resp:
            assert (await resp.json())["errcode"] == 40001
        fake_wechat.valid.add("T")
        async with session.post(f"{fake_wechat.base}/cgi-bin/qrcode/create", params={"access_token": "T"},
                                json={"action_name": "QR_LIMIT_STR_SCENE",
                                      "action_info": {"scene": {"scene_str": "x" * 65}}}) as resp:
            assert (await resp.json())["errcode"] != 0
        async with session.get(f"{fake_wechat.base}/cgi-bin/showqrcode", params={"ticket": "unknown"}) as resp:
            assert resp.status == 404


async def test_a_new_markets_scene_is_never_one_in_use_even_a_retired_markets_printed_one(db):
    async with db.transaction() as conn:
        assert await next_scene(conn) == "116"          # the seed's are 101-115
        await conn.execute(insert(qr_codes).values(scene="130", market_code="old", ticket="t", url="",
                                                   image=b"x", created_at=time.time()))
        assert await next_scene(conn) == "131"
        await retire_market(conn, "kaifaqu_market")     # its scene 115 leaves the market, its poster stays
        await conn.execute(update(markets).where(markets.c.code == "fengze_market")
                           .values(scenes=json.dumps(["101", "200", "poster-a"])))
        assert await next_scene(conn) == "201"


def test_the_images_host_is_wechats_mp_host_unless_the_api_base_is_elsewhere():
    assert show_base("https://api.weixin.qq.com") == "https://mp.weixin.qq.com"
    assert show_base("http://127.0.0.1:9999/") == "http://127.0.0.1:9999"


async def test_signups_export_to_excel_with_the_csvs_columns_and_the_staffs_headings(db):
    async with db.transaction() as conn:
        await sync_courses(conn, [{"code": "t-course", "name": "测试课", "mode": "offline", "start_date": "2026-12-07",
                                   "end_date": "2026-12-08", "capacity": 1}])
        now = time.time()
        for n, (openid, status) in enumerate((("o_a", "enrolled"), ("o_b", "waiting"), ("o_c", "cancelled"))):
            await conn.execute(insert(workers).values(openid=openid, name=f"工人{n}", phone=f"1380000000{n}",
                                                      consent_at=now, created_at=now, updated_at=now))
            await conn.execute(insert(enrollments).values(course_code="t-course", openid=openid, status=status,
                                                          created_at=now + n, updated_at=now + n))
    async with db.reading() as conn:
        data = await signups_xlsx(conn, "t-course")
        text = await signups_csv(conn, "t-course")
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [line.split(",") for line in text.strip().splitlines()]
    assert rows[0] == ["姓名", "手机", "状态", "报名时间"]
    assert [r[:3] for r in rows[1:]] == [["工人0", "13800000000", "已报上"], ["工人1", "13800000001", "排队等空位"]]
    assert isinstance(rows[1][1], str)   # a phone stays text, not 1.38E+10


async def test_a_code_another_process_is_still_making_is_said_to_be_busy_not_an_error(db, kv, wechat, monkeypatch):
    import contextlib

    from bot.store.kv import LockTimeout

    @contextlib.asynccontextmanager
    async def busy(*args, **kw):
        raise LockTimeout("held")
        yield

    monkeypatch.setattr(kv, "lock", busy)
    with pytest.raises(QRCodeError) as held:
        await QRMaker(db, kv, wechat).get("101", "fengze_market")
    assert held.value.reason == "unreachable"
