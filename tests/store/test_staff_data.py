"""Staff data in the database (#14), on SQLite and PostgreSQL: the files of
bot/data/ seed an empty database once and never again, import checks the
whole file and changes nothing when a record is wrong, export gives back
what import takes, and the in-process copy follows a change made by
anyone (another process, the staff console) at its next look."""
import copy
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from bot import DATA_DIR
from bot.app import content_rules, language_resources, policy_base
from bot.language.policy_kb import PolicyBaseError
from bot.services.courses import CourseFileError, check_courses, export_courses, sync_courses
from bot.services.staff_data import (Seed, StaffData, StaffDataError, bump, check_markets, export_markets,
                                     export_policies, read_policy_docs, replace_markets, save_policies, seed,
                                     versions)
from bot.services.welfare import WelfarePostError, export_posts, import_posts
from bot.store.db import Database
from bot.store.tables import courses, jobs


def refdata():
    return language_resources()[0]


def seed_files():
    return Seed.read(refdata())


def a_market(code="test_new_station", name="测试新驿站", area="nanan", scene="199"):
    return {"code": code, "name": name, "kind": "station", "area": area, "address": "测试地址",
            "location": {"lat": 24.96, "lng": 118.38}, "hours": "周一至周五 8:00-12:00", "verified": False}


def without(docs, gone):
    """The entries but one, the others' related entries mended."""
    out = []
    for d in docs:
        if d["id"] == gone:
            continue
        related = [r for r in d["related"] if r != gone]
        for spare in ("free-services", "legal-aid", "wage-arrears"):
            if len(related) < 2 and spare not in related and spare != d["id"]:
                related.append(spare)
        out.append({**d, "related": related})
    return out


def an_entry(entry_id="test-entry", related=("wage-arrears", "legal-aid")):
    doc = json.loads((DATA_DIR / "policies" / "free-services.json").read_text("utf-8"))
    return {**doc, "id": entry_id, "related": list(related)}


async def test_the_files_seed_an_empty_database_once_and_a_restart_keeps_staff_changes(db):
    async with db.startup_work() as conn:
        assert await seed(conn, seed_files()) == ["courses", "markets", "policies"]
    async with db.reading() as conn:
        assert (await export_markets(conn))["markets"][0]["code"] == refdata().markets[0].code
        assert len((await export_policies(conn))["entries"]) == len(policy_base().entries)
        first = (await export_courses(conn))["courses"][0]
    # Staff move a course, drop a market and an entry.
    async with db.transaction() as conn:
        await conn.execute(update(courses).where(courses.c.code == first["code"]).values(start_date="2031-01-05"))
        await bump(conn, "courses")
        await replace_markets(conn, refdata().markets[1:], {})
        await save_policies(conn, without((await export_policies(conn))["entries"], "scams"))
    # A restart (every process seeds at start) loads no file again.
    async with db.startup_work() as conn:
        assert await seed(conn, seed_files()) == []
    async with db.reading() as conn:
        assert (await conn.execute(select(courses.c.start_date).where(courses.c.code == first["code"]))
                ).scalar_one() == "2031-01-05"
        assert refdata().markets[0].code not in [m["code"] for m in (await export_markets(conn))["markets"]]
        assert "scams" not in [d["id"] for d in (await export_policies(conn))["entries"]]


async def test_export_then_import_gives_back_the_same_data(db):
    async with db.startup_work() as conn:
        await seed(conn, seed_files())
    async with db.reading() as conn:
        markets_doc, policies_doc, courses_doc = (await export_markets(conn), await export_policies(conn),
                                                  await export_courses(conn))
    # Exported files are what the commands write: JSON, read back as staff's file would be.
    markets_doc, policies_doc, courses_doc = (json.loads(json.dumps(d, ensure_ascii=False))
                                              for d in (markets_doc, policies_doc, courses_doc))
    async with db.transaction() as conn:
        before = await versions(conn)
        await replace_markets(conn, *check_markets(markets_doc, refdata()))
        await save_policies(conn, policies_doc["entries"])
        await sync_courses(conn, check_courses(courses_doc, refdata()))
        await bump(conn, "courses")
    async with db.reading() as conn:
        assert await export_markets(conn) == markets_doc
        assert await export_policies(conn) == policies_doc
        assert await export_courses(conn) == courses_doc
        after = await versions(conn)
    assert all(after[k] == before[k] + 1 for k in ("markets", "policies", "courses"))
    # The markets file's own records and QR scenes survive the trip.
    shipped = json.loads((DATA_DIR / "markets.json").read_text("utf-8"))
    assert markets_doc["qr_scenes"] == shipped["qr_scenes"]
    assert [m["code"] for m in markets_doc["markets"]] == [m["code"] for m in shipped["markets"]]


async def test_a_bad_record_is_named_in_one_line_and_nothing_changes(db):
    async with db.startup_work() as conn:
        await seed(conn, seed_files())
    async with db.reading() as conn:
        markets_doc, policies_doc = await export_markets(conn), await export_policies(conn)
        before = await versions(conn)
    bad = copy.deepcopy(markets_doc)
    bad["markets"].append(a_market(area="atlantis"))
    with pytest.raises(ValueError, match=r"test_new_station.*unknown area 'atlantis'"):
        check_markets(bad, refdata())
    entries = copy.deepcopy(policies_doc["entries"]) + [an_entry(related=("no-such-entry", "legal-aid"))]
    with pytest.raises(PolicyBaseError, match=r"test-entry.*no-such-entry"):
        async with db.transaction() as conn:
            await save_policies(conn, entries)
    long = an_entry()
    long["short"] = "很长" * 400
    with pytest.raises(PolicyBaseError, match=r"test-entry.*'short'"):
        async with db.transaction() as conn:
            await save_policies(conn, [long], keep_others=True)
    with pytest.raises(CourseFileError, match=r"course 1 \(x\).*missing"):
        check_courses({"courses": [{"code": "x", "name": "n"}]}, refdata())
    async with db.reading() as conn:
        assert await export_policies(conn) == policies_doc
        assert await versions(conn) == before


async def test_policies_added_one_at_a_time_keep_the_others(db, tmp_path):
    async with db.startup_work() as conn:
        await seed(conn, seed_files())
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "test-entry.json").write_text(json.dumps(an_entry(), ensure_ascii=False), "utf-8")
    async with db.transaction() as conn:
        assert await save_policies(conn, read_policy_docs(folder), keep_others=True) == 1
    async with db.reading() as conn:
        ids = [d["id"] for d in (await export_policies(conn))["entries"]]
    assert "test-entry" in ids and "scams" in ids and len(ids) == len(policy_base().entries) + 1
    (folder / "other.json").write_text(json.dumps(an_entry(), ensure_ascii=False), "utf-8")
    with pytest.raises(StaffDataError, match="other.json"):
        read_policy_docs(folder)


async def test_the_copy_in_a_process_follows_changes_made_elsewhere(db, database_url):
    async with db.startup_work() as conn:
        await seed(conn, seed_files())
    seen = []
    data = StaffData(db, refdata(), language_resources()[1].tokenizer, base_policies=policy_base(),
                     on_change=seen.append)
    snap = await data.load()
    # Nothing changed in the tables: the files' copies are used as they are.
    assert snap.refdata is refdata() and snap.policies is policy_base()
    assert await data.refresh() is False
    other = Database(database_url)   # another process
    try:
        async with other.transaction() as conn:
            doc = await export_markets(conn)
            doc["markets"].append(a_market())
            doc["qr_scenes"]["199"] = "test_new_station"
            await replace_markets(conn, *check_markets(doc, refdata()))
            await save_policies(conn, [an_entry()], keep_others=True)
    finally:
        await other.close()
    assert await data.refresh() is True
    snap = data.current
    assert snap.refdata.market_by_code("test_new_station").name == "测试新驿站"
    assert snap.refdata.market_for_scene("199").code == "test_new_station"
    assert snap.refdata.markets_in_area("nanan")[-1].code == "test_new_station"
    assert snap.policies.entry("test-entry") is not None and snap.policies is not policy_base()
    assert refdata().market_by_code("test_new_station") is None   # the files' copy is untouched
    assert seen[-1] is snap
    # A market left out is no longer offered; a booking that names it still finds its name.
    async with db.transaction() as conn:
        await replace_markets(conn, [m for m in snap.refdata.markets if m.code != "test_new_station"], {})
    await data.refresh()
    assert "test_new_station" not in [m.code for m in data.current.refdata.markets]
    assert data.current.refdata.market_by_code("test_new_station").name == "测试新驿站"
    assert data.current.refdata.market_for_scene("199") is None


async def test_a_bad_row_written_behind_the_import_leaves_the_last_good_copy(db, caplog):
    import asyncio

    from bot.store.tables import policies

    async with db.startup_work() as conn:
        await seed(conn, seed_files())
    data = StaffData(db, refdata(), language_resources()[1].tokenizer, base_policies=policy_base(), every=0.01)
    good = await data.load()
    async with db.transaction() as conn:
        await conn.execute(update(policies).where(policies.c.id == "scams").values(doc='{"id": "scams"}'))
        await bump(conn, "policies")
    with pytest.raises(PolicyBaseError, match="scams"):
        await data.refresh()
    assert data.current is good
    stopping = asyncio.Event()
    task = asyncio.create_task(data.run(stopping))
    while "not refreshed" not in caplog.text:
        await asyncio.sleep(0.01)
    stopping.set()
    await task
    assert data.current is good


async def test_welfare_posts_export_edit_close_and_import_again(db):
    doc = json.loads((DATA_DIR / "welfare_posts.example.json").read_text("utf-8"))
    doc["posts"][0]["start_date"] = (date.today() + timedelta(days=2)).isoformat()
    created, changed = await import_posts(db, refdata(), content_rules(), doc)
    assert len(created) == 1 and changed == []
    exported = await export_posts(db)
    post = exported["posts"][0]
    assert post["id"] == created[0] and post["status"] == "open" and post["eligibility"]["hardship"] is True
    # The same file back changes nothing but the time of the change.
    assert await import_posts(db, refdata(), content_rules(), exported) == ([], created)
    assert await export_posts(db) == exported
    post["pay"], post["pay_max"], post["status"] = 120, 120, "closed"
    await import_posts(db, refdata(), content_rules(), exported)
    async with db.reading() as conn:
        row = (await conn.execute(select(jobs).where(jobs.c.id == created[0]))).mappings().one()
    assert (row["pay_min"], row["status"]) == (120, "closed")
    # An id that is no public-welfare post: named, nothing changed.
    post["id"], post["pay"] = created[0] + 100, 130
    with pytest.raises(WelfarePostError, match=rf"post 1: #{created[0] + 100}"):
        await import_posts(db, refdata(), content_rules(), exported)
    async with db.reading() as conn:
        assert (await conn.execute(select(jobs.c.pay_min).where(jobs.c.id == created[0]))).scalar_one() == 120


def test_a_broken_seed_file_is_named(tmp_path):
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "x.json").write_text("{", "utf-8")
    with pytest.raises(StaffDataError, match="x.json: not valid JSON"):
        Seed.read(refdata(), folder)


async def test_one_record_at_a_time_as_the_staff_console_will(db):
    from bot.services.staff_data import (delete_policy, retire_course, retire_market, save_course, save_market,
                                         save_policy)

    async with db.startup_work() as conn:
        await seed(conn, seed_files())
    data = StaffData(db, refdata(), language_resources()[1].tokenizer, base_policies=policy_base())
    await data.load()
    async with db.transaction() as conn:
        await save_market(conn, refdata(), a_market(), scenes=["199"])
        await save_policy(conn, an_entry())
        course = (await export_courses(conn))["courses"][0]
        await save_course(conn, refdata(), {**course, "capacity": 99, "keywords": ["testword"]})
    await data.refresh()
    snap = data.current
    assert snap.refdata.market_for_scene("199").code == "test_new_station"
    assert snap.policies.entry("test-entry") is not None
    assert snap.course_words[course["code"]] == ("testword",)
    async with db.reading() as conn:
        assert [c["capacity"] for c in (await export_courses(conn))["courses"] if c["code"] == course["code"]] == [99]
    # A changed market keeps its place; a scene id of another market is refused.
    async with db.transaction() as conn:
        await save_market(conn, refdata(), {**a_market(), "hours": "周六 8:00-12:00"})
    with pytest.raises(StaffDataError, match="scene id '101'"):
        async with db.transaction() as conn:
            await save_market(conn, refdata(), a_market(), scenes=["101"])
    # An entry others point to cannot go; one nobody points to can.
    with pytest.raises(PolicyBaseError, match="scams"):
        async with db.transaction() as conn:
            await delete_policy(conn, "scams")
    async with db.transaction() as conn:
        await delete_policy(conn, "test-entry")
        assert await retire_market(conn, "test_new_station") is True
        assert await retire_course(conn, course["code"]) is True
    await data.refresh()
    snap = data.current
    assert snap.policies.entry("test-entry") is None and snap.policies.entry("scams") is not None
    assert "test_new_station" not in [m.code for m in snap.refdata.markets]
    assert snap.refdata.market_by_code("test_new_station").hours == "周六 8:00-12:00"
    assert course["code"] not in snap.course_words
