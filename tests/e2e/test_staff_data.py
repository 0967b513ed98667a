"""Staff change courses, markets and the knowledge base in the database
(the import commands, next the staff console): running bots, every one of
them, use the change at their next look, without a restart, and a restart
does not undo it (#14)."""
import asyncio
import json
import time
from datetime import timedelta

import pytest

from bot import DATA_DIR, clock
from bot.handlers.keys import DB, STAFF_DATA
from bot.services.courses import check_courses, export_courses, sync_courses
from bot.services.staff_data import bump, check_markets, export_markets, replace_markets, save_policies
from tests.conftest import Bot
from tests.wx import new_openid

pytestmark = pytest.mark.every_backend
MOVED = clock.today(time.time()).isoformat()
# As the list says it: month and day.
MOVED_SAID = f"{clock.today(time.time()).month}月{clock.today(time.time()).day}日开始"

NEW_MARKET = {"code": "test_dehua_station", "name": "德化县测试零工驿站", "kind": "station", "area": "dehua",
              "address": "德化县浔中镇测试路", "location": {"lat": 25.49, "lng": 118.24},
              "hours": "周一至周五 8:00-12:00", "verified": False}

DRONE = {
    "id": "drone-licence", "title": "无人机执照", "title_en": "Drone licence",
    "questions": ["无人机执照怎么考", "飞无人机要什么证", "无人机驾驶员证在哪里考", "考无人机执照要多少钱",
                  "无人机执照有补贴吗", "无人机培训去哪里报名", "没有无人机执照能飞吗", "无人机证书有什么用"],
    "short": "测试条目：无人机执照的问题，请问工作人员。", "short_en": "A test entry: ask staff about drone licences.",
    "details": "测试条目的详细说明。", "details_en": "The test entry's details.",
    "where": "零工市场服务窗口", "where_en": "The market's service desk",
    "source": "测试", "checked": "2026-12-01", "related": ["training-subsidy", "free-services"],
}


async def changed(bot, before, timeout=20.0):
    """Until the bot's copy is no longer `before` (its own background look)."""
    async def wait():
        while bot.app[STAFF_DATA].current is before:
            await asyncio.sleep(0.02)
    await asyncio.wait_for(wait(), timeout)


async def test_changes_in_the_database_reach_every_running_bot_and_survive_a_restart(settings, fake_wechat):
    first = await Bot(settings, fake_wechat).start(staff_data_refresh=0.05)
    second = await Bot(first.settings, fake_wechat).start()   # another process on the same database and store
    try:
        user = new_openid("w")
        said = await first.say(user, "零工市场")
        said = await first.say(user, "德化")
        assert NEW_MARKET["name"] not in said
        await first.say(user, "取消")
        said = await first.say(user, "无人机执照怎么考")
        assert not said.startswith("【无人机执照】")

        # Staff move a course, add a station and an entry: in the database, as the import commands do.
        before = first.app[STAFF_DATA].current
        db = first.app[DB]
        async with db.transaction() as conn:
            doc = await export_courses(conn)
            course = doc["courses"][0]
            # Today in Quanzhou: first in the list whatever day the test runs.
            course["start_date"] = MOVED
            course["end_date"] = (clock.today(time.time()) + timedelta(days=9)).isoformat()
            course["keywords"] = ["testdrone"]
            await sync_courses(conn, check_courses(doc))
            await bump(conn, "courses")
            markets = await export_markets(conn)
            markets["markets"].append(NEW_MARKET)
            await replace_markets(conn, *check_markets(markets, first.app[STAFF_DATA].base))
            await save_policies(conn, [DRONE], keep_others=True)

        # The first bot sees it by itself (its look every 0.05 s here); the other when it looks.
        await changed(first, before)
        await second.app[STAFF_DATA].refresh()
        for bot in (first, second):
            user = new_openid("w")
            said = await bot.say(user, "培训")
            assert f"{course['name']}，{MOVED_SAID}" in said, said
            await bot.say(user, "取消")
            said = await bot.say(user, "零工市场")
            said = await bot.say(user, "德化")
            assert NEW_MARKET["name"] in said, said
            await bot.say(user, "取消")
            said = await bot.say(new_openid("p"), "无人机执照怎么考")
            assert said.startswith("【无人机执照】"), said
        from bot.features.training.dialog import COURSE_WORDS
        assert COURSE_WORDS.get()[course["code"]] == ("testdrone",)

        # A restart loads no file over what staff changed.
        await second.stop()
        second = await Bot(first.settings, fake_wechat).start()
        user = new_openid("w")
        assert f"{course['name']}，{MOVED_SAID}" in await second.say(user, "培训")
        await second.say(user, "取消")
        assert (await second.say(new_openid("p"), "无人机执照怎么考")).startswith("【无人机执照】")
        await second.say(user, "零工市场")
        assert NEW_MARKET["name"] in await second.say(user, "德化")
    finally:
        await second.stop()
        await first.stop()


async def test_the_seed_is_the_shipped_files(bot):
    """A new database starts with what bot/data/ holds."""
    async with bot.app[DB].reading() as conn:
        markets = await export_markets(conn)
    shipped = json.loads((DATA_DIR / "markets.json").read_text("utf-8"))
    assert [m["code"] for m in markets["markets"]] == [m["code"] for m in shipped["markets"]]
    assert len(bot.app[STAFF_DATA].current.policies) == len(list((DATA_DIR / "policies").glob("*.json")))


async def test_the_commands_export_and_import_and_a_bad_file_changes_nothing(tmp_path):
    from tests.e2e.test_cli import clean_env, run

    env = clean_env(tmp_path, WECHAT_TOKEN="test-token-cli")   # no warning line: what is printed is the answer
    for kind in ("markets", "policies", "courses"):
        code, out = await run([kind, "export", str(tmp_path / f"{kind}.json")], env)
        assert code == 0, out
    markets = json.loads((tmp_path / "markets.json").read_text("utf-8"))
    assert markets["qr_scenes"] == json.loads((DATA_DIR / "markets.json").read_text("utf-8"))["qr_scenes"]
    markets["markets"].append(NEW_MARKET)
    (tmp_path / "markets.json").write_text(json.dumps(markets, ensure_ascii=False), "utf-8")
    code, out = await run(["markets", "import", str(tmp_path / "markets.json")], env)
    assert code == 0 and f"imported {len(markets['markets'])};" in out, out
    code, out = await run(["markets", "export"], env)
    assert json.loads(out) == markets

    (tmp_path / "drone.json").write_text(json.dumps({"entries": [DRONE]}, ensure_ascii=False), "utf-8")
    code, out = await run(["policies", "import", str(tmp_path / "drone.json"), "--add"], env)
    assert code == 0, out
    code, out = await run(["chat", "--as", "o_cli_policy_1", "--no-welcome"], env, "无人机执照怎么考\n".encode())
    assert "【无人机执照】" in out, out

    # A bad record: one line naming it, exit 1, nothing changed.
    markets["markets"][-1]["area"] = "atlantis"
    (tmp_path / "markets.json").write_text(json.dumps(markets, ensure_ascii=False), "utf-8")
    code, out = await run(["markets", "import", str(tmp_path / "markets.json")], env)
    assert code == 1 and "test_dehua_station" in out and "atlantis" in out and len(out.strip().splitlines()) == 1
    courses = json.loads((tmp_path / "courses.json").read_text("utf-8"))
    courses["courses"][1]["mode"] = "by-pigeon"
    (tmp_path / "courses.json").write_text(json.dumps(courses, ensure_ascii=False), "utf-8")
    code, out = await run(["courses", "import", str(tmp_path / "courses.json")], env)
    assert code == 1 and courses["courses"][1]["code"] in out and len(out.strip().splitlines()) == 1
    code, out = await run(["markets", "export"], env)
    assert json.loads(out)["markets"][-1]["area"] == "dehua"
    # The older form still imports: the courses file as it was exported.
    courses["courses"][1]["mode"] = "offline"
    (tmp_path / "courses.json").write_text(json.dumps(courses, ensure_ascii=False), "utf-8")
    code, out = await run(["courses", str(tmp_path / "courses.json")], env)
    assert code == 0, out
