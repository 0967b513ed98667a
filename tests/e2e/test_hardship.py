"""Hardship categories (issue 14, clause 13), end to end: a worker says
theirs in "my info", staff recognise it (认定) by phone, the worker is told,
and a public-welfare post for hardship reaches exactly the recognised
worker: pushed to them and found by them, not by a worker who only said so
nor by one who said nothing."""
import asyncio
import json
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.app import content_rules
from bot.handlers.keys import DB, PUSHES
from bot.i18n import Catalog
from bot.refdata import ReferenceData
from bot.services.pushes import QUANZHOU
from bot.services.welfare import create_from_file
from bot.store.tables import applications, outbox, workers
from tests.conftest import Bot
from tests.e2e.test_register_and_post import add_more
from tests.wx import new_openid

CAT = Catalog()


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


def line_of(said, label):
    """The number of the summary's line that shows `label`."""
    return next(ln for ln in said.splitlines() if label in ln).split(".")[0].strip()


async def register(bot, user, phone):
    await bot.say(user, "求职登记")
    for answer in ("同意", "小李", phone, "保洁", "丰泽", "对的"):
        said = await bot.say(user, answer)
    assert zh("reg-saved", push="no") in said
    said = await add_more(bot, user, push="要")
    assert zh("reg-saved", push="yes") in said


async def say_hardship(bot, user, words):
    said = await bot.say(user, "我的信息")
    said = await bot.say(user, line_of(said, "困难情况"))
    assert zh("reg-ask-hardship") in said
    said = await bot.say(user, words)
    assert zh("reg-confirm") in said
    return said, await bot.say(user, "对的")


async def welfare_post(bot, tmp_path, eligibility):
    start = (datetime.now(QUANZHOU).date() + timedelta(days=1)).isoformat()
    doc = {"office": {"code": "fengze-test", "name": "丰泽区零工市场", "phone": "13900000000"},
           "posts": [{"trade": "cleaner", "area": "fengze", "address": "东海街道社区服务中心", "start_date": start,
                      "days": 30, "start_time": "08:00", "end_time": "12:00", "pay": 90, "pay_unit": "day",
                      "pay_method": "monthly", "headcount": 5, "description": "社区公共区域保洁，临时公益性岗位",
                      "eligibility": eligibility}]}
    path = tmp_path / "posts.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    [job_id] = await create_from_file(bot.app[DB], ReferenceData.load(), content_rules(), path)
    return job_id


async def pushed_to(bot, openid):
    async with bot.app[DB].reading() as conn:
        got = (await conn.execute(select(outbox).where(outbox.c.recipient == openid))).mappings().all()
    return [r["payload"] for r in got if r["idempotency_key"].startswith("push:")]


async def test_a_hardship_post_reaches_exactly_the_workers_staff_recognised(settings, fake_wechat, tmp_path):
    staff = new_openid("s")
    bot = await Bot(replace(settings, staff_openids=frozenset({staff}), user_rate_limit=0)).start()
    try:
        recognised, said_only, nobody = new_openid("w"), new_openid("w"), new_openid("w")
        await register(bot, recognised, "13800000001")
        await register(bot, said_only, "13800000002")
        await register(bot, nobody, "13800000003")
        # two say they are disabled / on dibao, in words; it is kept as what they said
        summary, said = await say_hardship(bot, recognised, "我是残疾人")
        assert "困难情况（残疾、低保等，可不填）：残疾人" in summary
        await say_hardship(bot, said_only, "低保户")
        async with bot.app[DB].reading() as conn:
            got = {r["openid"]: r for r in (await conn.execute(select(workers))).mappings().all()}
        assert json.loads(got[recognised]["hardship_said"]) == ["disabled"]
        assert json.loads(got[said_only]["hardship_said"]) == ["dibao"] and got[said_only]["hardship"] is False
        # staff recognise the first by phone; they are told kindly
        said = await bot.say(staff, "认定 13800000001 残疾人")
        assert zh("staff-recognise-done", action="recognise", name="小李", changed="残疾人", categories="残疾人",
                  said="残疾人") in said
        await asyncio.sleep(0.3)
        assert any(zh("hardship-recognised", categories="残疾人") in t for t in fake_wechat.texts_to(recognised))
        said = await bot.say(recognised, "我的信息")
        assert "（工作人员已认定：残疾人）" in said
        await bot.say(recognised, "取消")
        # a hardship post: pushed to the recognised worker only ...
        job_id = await welfare_post(bot, tmp_path, {"hardship": True})
        noon = datetime.now(QUANZHOU).replace(hour=12, minute=0).timestamp()
        await bot.app[PUSHES].round(noon)  # course pushes may go out in the same round: the job pushes are read below
        assert len(await pushed_to(bot, recognised)) == 1
        assert await pushed_to(bot, said_only) == [] and await pushed_to(bot, nobody) == []
        # ... and found by them only
        said = await bot.say(recognised, "公益岗")
        assert zh("find-found", count=1) in said and "保洁" in said
        for other in (said_only, nobody, new_openid("x")):
            said = await bot.say(other, "公益岗")
            assert zh("find-found", count=1) not in said and f"#{job_id}" not in said
        # taken back: the post is no longer theirs to find, nor to apply to from the list shown before
        said = await bot.say(staff, "取消认定 13800000001 全部")
        assert "已取消认定" in said
        said = await bot.say(recognised, "1")
        assert "保洁" in said
        said = await bot.say(recognised, "1")
        assert zh("apply-welfare-not-eligible") in said and zh("applied", contact="-", phone="13900000000",
                                                                 id=job_id) not in said
        async with bot.app[DB].reading() as conn:
            assert (await conn.execute(select(applications))).all() == []
        await bot.say(recognised, "取消")
        said = await bot.say(recognised, "公益岗")
        assert zh("find-found", count=1) not in said
    finally:
        await bot.stop()


async def test_a_post_for_some_categories_and_bad_staff_commands_change_nothing(settings, tmp_path):
    staff = new_openid("s")
    bot = await Bot(replace(settings, staff_openids=frozenset({staff}), user_rate_limit=0)).start()
    try:
        dibao, disabled = new_openid("w"), new_openid("w")
        await register(bot, dibao, "13800000011")
        await register(bot, disabled, "13800000012")
        # a worker cannot use the staff command: it is ordinary words to them
        said = await bot.say(disabled, "认定 13800000012 残疾人")
        assert "已认定" not in said
        said = await bot.say(staff, "认定 13800000011")
        assert zh("staff-recognise-usage", categories="大龄失业人员 / 残疾人 / 低保家庭成员 / 零就业家庭成员 / "
                  "长期失业人员 / 其他就业困难情况") in said
        said = await bot.say(staff, "认定 13899999999 低保")
        assert zh("staff-recognise-nobody", who="13899999999") in said
        await bot.say(staff, "认定 13800000011 低保")
        said = await bot.say(staff, f"认定 {disabled} 残疾人")
        assert "已认定 小李：残疾人" in said
        async with bot.app[DB].reading() as conn:
            got = {r["openid"]: r for r in (await conn.execute(select(workers))).mappings().all()}
        assert json.loads(got[dibao]["hardship_recognised"]) == ["dibao"] and got[dibao]["hardship"] is True
        await welfare_post(bot, tmp_path, {"hardship": ["dibao"]})
        noon = datetime.now(QUANZHOU).replace(hour=12, minute=0).timestamp()
        await bot.app[PUSHES].round(noon)  # course pushes may go out in the same round: the job pushes are read below
        assert len(await pushed_to(bot, dibao)) == 1 and await pushed_to(bot, disabled) == []
        # deletion takes the categories with the profile
        await bot.say(dibao, "注销")
        await bot.say(dibao, "1")
        async with bot.app[DB].reading() as conn:
            left = (await conn.execute(select(workers).where(workers.c.openid == dibao))).mappings().all()
        assert left == []
    finally:
        await bot.stop()




async def test_staff_are_told_once_when_a_worker_says_a_hardship_with_the_phone_masked(settings, fake_wecom):
    """Only a recognised category opens welfare posts, so a category said
    must reach staff to be checked: one notice, the phone masked, how to
    recognise it; saying nothing new tells them nothing again."""
    bot = await Bot(replace(settings, user_rate_limit=0)).start()
    try:
        worker = new_openid("w")
        await register(bot, worker, "13800000011")
        await say_hardship(bot, worker, "我是残疾人")
        [post] = await fake_wecom.wait_posts(1)
        text = fake_wecom.content(post)
        assert "求职者说有困难情况" in text and "小李" in text and "残疾人" in text
        assert "138****0011" in text and "13800000011" not in text
        assert "认定 手机号 类别" in text
        # the same said again, and the profile saved unchanged: no second notice
        await say_hardship(bot, worker, "残疾人")
        await asyncio.sleep(1.0)
        assert sum("求职者说有困难情况" in t for t in fake_wecom.texts()) == 1
    finally:
        await bot.stop()
