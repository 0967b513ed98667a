"""The personal-data inventory, retention periods and the store's part of
an erasure, on SQLite + the in-process store and PostgreSQL + Redis."""
from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import Boolean, Float, Integer, LargeBinary, String, Text, insert, select

from bot.features.account import privacy
from bot.settings import Settings
from bot.store.repos import (ApplicationRepo, EmployerRepo, InboxRepo, JobRepo, OutboxRepo, PushRepo, RatingRepo,
                             TicketRepo, WorkerRepo)
from bot.store.tables import (PERSONAL_KINDS, applications, inbox, job_alerts, jobs, metadata, outbox,
                              push_log, ratings, ticket_messages, tickets)

DAY = 86400.0


# ---- the inventory ----------------------------------------------------------------

def test_every_text_column_of_every_table_says_whether_it_holds_personal_data():
    """A column added later, by anyone, must be classified in
    tables.INVENTORY before this passes (and so before it can hold
    someone's data that a deletion would miss)."""
    unclassified, wrong = [], []
    for table in metadata.tables.values():
        for col in table.c:
            text_like = isinstance(col.type, (String, Text, LargeBinary))   # bytes: photos, voice
            if text_like and "personal" not in col.info:
                unclassified.append(f"{table.name}.{col.name}")
            if "personal" in col.info and col.info["personal"] not in (None, *PERSONAL_KINDS):
                wrong.append(f"{table.name}.{col.name}: {col.info['personal']!r}")
            if not text_like and not isinstance(col.type, (Integer, Float, Boolean)):
                unclassified.append(f"{table.name}.{col.name} ({col.type}): a type this test does not know")
    assert not unclassified, f"classify these in bot/store/tables.py INVENTORY: {unclassified}"
    assert not wrong, wrong
    # the coordinates and birth years people give are numbers, and personal too
    assert metadata.tables["workers"].c.near_lat.info["personal"] == "location"
    assert metadata.tables["jobs"].c.lat.info["personal"] == "location"
    assert metadata.tables["workers"].c.birth_year.info["personal"] == "profile"


def test_every_table_has_an_eraser_and_every_personal_table_is_erased():
    assert set(metadata.tables) <= set(privacy.ERASERS), \
        f"say how these are erased in bot/features/account/privacy.py ERASERS: " \
        f"{set(metadata.tables) - set(privacy.ERASERS)}"
    assert privacy.personal_tables() <= set(privacy.ERASERS)
    no_personal = {t for t in metadata.tables if t not in privacy.personal_tables()}
    assert all(privacy.ERASERS[t] is privacy._nothing for t in no_personal)


# ---- retention -----------------------------------------------------------------------

async def _table(db, table) -> list[dict]:
    async with db.reading() as conn:
        return [dict(r) for r in (await conn.execute(select(table))).mappings().all()]


async def _age(db, table, column, value, **where) -> None:
    from sqlalchemy import update

    async with db.transaction() as conn:
        q = update(table).values({column: value})
        for k, v in where.items():
            q = q.where(table.c[k] == v)
        await conn.execute(q)


async def test_retention_purges_and_anonymises_what_is_past_its_period_and_nothing_else(db):
    now = time.time()
    settings = Settings()  # the defaults the README states
    old = now - 400 * DAY
    async with db.transaction() as conn:
        box = OutboxRepo(conn)
        for key in ("sent-old", "failed-old", "recorded-old", "pending-old", "sent-new"):
            await box.add("wechat_custom", "o_x", {"text": {"content": key}}, key)
        await PushRepo(conn).record("o_x", [1, 2], old)
        await PushRepo(conn).record("o_x", [3], now)
        await InboxRepo(conn).done("msg:old", "你的电话 13905958888", "o_x")
        await InboxRepo(conn).done("msg:new", "hello", "o_x")
        await PushRepo(conn).add_alert("o_x", ["mover"], ["fengze"])      # expires in 30 days
        await PushRepo(conn).add_alert("o_y", ["mover"], ["fengze"])
        tickets_repo = TicketRepo(conn)
        closed_old = await tickets_repo.create("o_x", "wages", text="欠钱，电话13905958888", phone="13905958888",
                                               photos=[{"media_id": "m", "url": "u"}])
        await tickets_repo.add_message(closed_old, "staff", "已处理", "o_staff")
        closed_new = await tickets_repo.create("o_x", "wages", text="新的", phone="13905958888")
        open_old = await tickets_repo.create("o_x", "injury", text="还在办", phone="13905958888")
        employer_id = await EmployerRepo(conn).save("o_e", {"kind": "person", "name": "陈先生", "phone": "13905951111"})
        job_fields = {"trades": ["mover"], "area": "fengze", "start_date": "2020-01-01", "end_date": "2020-01-01",
                      "days": 1, "start_time": "08:00", "pay_min": 200, "pay_max": 200, "pay_unit": "day",
                      "pay_method": "daily", "headcount": 1, "contact_name": "陈先生", "contact_phone": "13905951111",
                      "status": "expired"}
        old_job = await JobRepo(conn).create(employer_id, job_fields)
        new_job = await JobRepo(conn).create(employer_id, {**job_fields, "start_date": "2099-01-01",
                                                           "end_date": "2099-01-01", "status": "open"})
        await ApplicationRepo(conn).apply(old_job, "o_x")
        await ApplicationRepo(conn).apply(new_job, "o_x")
    async with db.reading() as conn:
        ids = {r["idempotency_key"]: r["id"] for r in await OutboxRepo(conn).list()}
        apps = {a.job_id: a.id for a in await ApplicationRepo(conn).for_worker("o_x")}
    async with db.transaction() as conn:
        box = OutboxRepo(conn)
        for key, status in (("sent-old", "sent"), ("failed-old", "failed"), ("recorded-old", "recorded"),
                            ("sent-new", "sent")):
            await conn.execute(outbox.update().where(outbox.c.id == ids[key]).values(status=status))
        for app_id in apps.values():
            await conn.execute(applications.update().where(applications.c.id == app_id).values(status="accepted"))
        ratings_repo = RatingRepo(conn)
        for job_id, app_id in apps.items():
            e = await ratings_repo.engagement(app_id)
            await ratings_repo.end(app_id, "auto", old if job_id == old_job else now)
            await ratings_repo.rate(e, "worker", "o_x", 5, [], "老板人很好", now)
    for key in ("sent-old", "failed-old", "recorded-old", "pending-old"):
        await _age(db, outbox, "created_at", old, id=ids[key])
    await _age(db, inbox, "created_at", old, msg_key="msg:old")
    await _age(db, job_alerts, "expires_at", now - 8 * DAY, openid="o_x")
    await _age(db, tickets, "status", "closed", id=closed_old)
    await _age(db, tickets, "closed_at", old, id=closed_old)
    await _age(db, tickets, "satisfaction", 4, id=closed_old)
    await _age(db, tickets, "status", "closed", id=closed_new)
    await _age(db, tickets, "closed_at", now - DAY, id=closed_new)
    await _age(db, tickets, "created_at", old, id=open_old)

    done = await privacy.apply_retention(db, settings, now)

    keys = {r["idempotency_key"] for r in await _table(db, outbox)}
    assert keys == {"pending-old", "sent-new"}, "delivered, failed and recorded go after 30 days; pending never"
    assert sorted(r["job_id"] for r in await _table(db, push_log)) == [3]
    assert [r["msg_key"] for r in await _table(db, inbox)] == ["msg:new"]
    assert [r["openid"] for r in await _table(db, job_alerts)] == ["o_y"], "an alert 8 days past its end goes"
    by_id = {t["id"]: t for t in await _table(db, tickets)}
    t = by_id[closed_old]
    assert (t["text"], t["phone"], t["photos"], t["close_note"], t["openid"]) == ("", None, "[]", "", "")
    assert t["kind"] == "wages" and t["satisfaction"] == 4 and t["closed_at"] and t["anonymised_at"], \
        "statistics stay"
    [m] = [m for m in await _table(db, ticket_messages) if m["ticket_id"] == closed_old]
    assert m["text"] == "" and m["staff_openid"] is None
    assert by_id[closed_new]["text"] == "新的" and by_id[open_old]["text"] == "还在办", "not yet, or still open"
    comments = {r["application_id"]: r["comment"] for r in await _table(db, ratings)}
    assert comments == {apps[old_job]: "", apps[new_job]: "老板人很好"}
    contacts = {j["id"]: j["contact_phone"] for j in await _table(db, jobs)}
    assert contacts == {old_job: "", new_job: "13905951111"}
    assert done["outbox"] == 3 and done["tickets"] == 1
    # a second round finds nothing more to do
    assert not any((await privacy.apply_retention(db, settings, now)).values())


async def test_retention_periods_follow_the_settings(db):
    now = time.time()
    async with db.transaction() as conn:
        await OutboxRepo(conn).add("wechat_custom", "o_x", {}, "k")
        await conn.execute(outbox.update().values(status="sent", created_at=now - 3 * DAY))
    await privacy.apply_retention(db, Settings(retention_outbox_days=5), now)
    assert len(await _table(db, outbox)) == 1
    await privacy.apply_retention(db, Settings(retention_outbox_days=2), now)
    assert await _table(db, outbox) == []


async def test_a_backlog_is_purged_in_batches(db):
    now = time.time()
    async with db.transaction() as conn:
        await conn.execute(insert(push_log), [{"openid": f"o_{i}", "job_id": i, "sent_at": now - 90 * DAY}
                                              for i in range(25)])
    assert (await privacy.apply_retention(db, Settings(), now, batch=10))["push_log"] == 10
    assert len(await _table(db, push_log)) == 15
    for _ in range(2):
        await privacy.apply_retention(db, Settings(), now, batch=10)
    assert await _table(db, push_log) == []


def test_retention_settings_from_the_environment_with_their_floors():
    s = Settings.from_env({"WECHAT_TOKEN": "t"})
    assert (s.retention_outbox_days, s.retention_push_log_days, s.retention_inbox_days, s.retention_ticket_days,
            s.retention_alert_days, s.retention_engagement_days, s.log_file, s.log_retention_days) == \
        (30, 60, 7, 365, 7, 365, "", 14)
    s = Settings.from_env({"WECHAT_TOKEN": "t", "RETENTION_TICKET_DAYS": "90", "LOG_FILE": "/tmp/x.log",
                           "LOG_RETENTION_DAYS": "3"})
    assert s.retention_ticket_days == 90 and s.log_file == "/tmp/x.log" and s.log_retention_days == 3
    with pytest.warns(RuntimeWarning, match="RETENTION_PUSH_LOG_DAYS"):
        s = Settings.from_env({"WECHAT_TOKEN": "t", "RETENTION_PUSH_LOG_DAYS": "3"})
    assert s.retention_push_log_days == 31, "a job must not be pushed twice within 30 days"
    with pytest.warns(RuntimeWarning, match="RETENTION_INBOX_DAYS"):
        s = Settings.from_env({"WECHAT_TOKEN": "t", "RETENTION_INBOX_DAYS": "soon"})
    assert s.retention_inbox_days == 7


# ---- the key-value store's part --------------------------------------------------------

async def test_answers_kept_for_resends_that_carry_a_phone_are_emptied_in_place(kv):
    seen = kv.key("seen", "msg:1")
    other = kv.key("seen", "msg:2")
    state = kv.key("state", "o_x")
    await kv.set(seen, "D:电话：13905958888", ttl=300)
    await kv.set(other, "D:找到 3 个活", ttl=300)
    await kv.set(state, '{"note": "13905958888"}', ttl=3600)
    assert await kv.redact_values(kv.key("seen", "*"), ["13905958888"], "D:") == 1
    assert await kv.get(seen) == "D:" and await kv.get(other) == "D:找到 3 个活"
    assert await kv.get(state) == '{"note": "13905958888"}', "only keys matching the pattern"
    assert await kv.redact_values(kv.key("seen", "*"), [], "D:") == 0
    if kv.kind == "redis":
        ttl = await kv._redis.pttl(seen)
        assert 0 < ttl <= 300_000, "the expiry is kept"


# ---- logs ------------------------------------------------------------------------------

async def test_a_failed_statement_does_not_put_what_a_user_wrote_into_the_error_or_the_log(db):
    async with db.transaction() as conn:
        await WorkerRepo(conn).save("o_x", {"name": "老王", "phone": "13905958888"})
    with pytest.raises(Exception) as caught:
        async with db.transaction() as conn:
            await conn.execute(insert(metadata.tables["workers"]).values(
                openid="o_x", name="老王", phone="13905958888", consent_at=1, created_at=1, updated_at=1))
    assert "13905958888" not in str(caught.value) and "老王" not in str(caught.value)


def test_the_log_file_rotates_at_quanzhou_midnight_and_keeps_the_days_set(tmp_path):
    import logging
    from datetime import datetime

    from bot.clock import QUANZHOU
    from bot.logfile import add_log_file

    path = tmp_path / "bot.log"
    handler = add_log_file(Settings(log_file=str(path), log_retention_days=5))
    try:
        assert handler.backupCount == 5
        logging.getLogger("bot.test").warning(json.dumps({"event": "x"}))
        handler.flush()
        assert '"event": "x"' in path.read_text(encoding="utf-8")
        at = datetime(2026, 12, 4, 23, 30, tzinfo=QUANZHOU).timestamp()
        assert handler.computeRollover(int(at)) == int(datetime(2026, 12, 5, tzinfo=QUANZHOU).timestamp())
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert add_log_file(Settings()) is None


async def test_erasing_someone_signed_up_moves_the_first_waiting_up_and_tells_them_unless_the_course_is_gone(db):
    from bot.services.courses import sync_courses
    from bot.store.repos import TrainingRepo, new_pseudonym
    from bot.store.tables import courses

    now = time.time()
    offered = [{"code": code, "name": f"课程{code}", "trade": "electrician", "mode": "offline", "capacity": 1,
                "start_date": "2099-01-04", "end_date": "2099-01-05", "schedule": "", "place": "丰泽区"}
               for code in ("a", "b")]
    async with db.transaction() as conn:
        await sync_courses(conn, offered)
        training = TrainingRepo(conn)
        for code in ("a", "b"):
            await training.enroll(code, "o_x", wait_if_full=False)
            await training.enroll(code, "o_next", wait_if_full=True)
        await conn.execute(courses.delete().where(courses.c.code == "b"))   # removed by hand meanwhile
    told: list[tuple] = []

    async def notify(conn, openid, msg_id, key, **vars):
        told.append((openid, msg_id, key, vars))
        return True

    subject = privacy.Subject(openid="o_x", pseudonym=new_pseudonym(), now=now)
    async with db.transaction() as conn:
        assert await privacy._enrollments(conn, subject, {"notify": notify}) == 2, "both kept under the pseudonym"
        assert [(await TrainingRepo(conn).enrollment(code, "o_next")).status for code in ("a", "b")] == \
            ["enrolled", "enrolled"], "the place freed on the course gone moved them up too"
    assert told == [("o_next", "training-promoted", f"promoted:erasure:{subject.pseudonym}:a",
                     {"name": "课程a", "start_month": 1, "start_day": 4, "schedule": "-", "place": "丰泽区"})]


async def test_course_pushes_are_kept_as_long_as_the_push_log_and_unsubscribing_lasts_until_pushes_are_asked_again(db):
    from bot.store.tables import course_pushes

    now = time.time()
    async with db.transaction() as conn:
        await WorkerRepo(conn).save("o_c", {"name": "小李", "phone": "13811112222", "wants_push": False})
        repo = PushRepo(conn)
        await repo.record_courses("o_c", ["old-course"], now - 90 * DAY)
        await repo.record_courses("o_c", ["new-course"], now - DAY)
        await repo.stop("o_c")
        await repo.stop("o_c")                       # said twice: one row
    done = await privacy.apply_retention(db, Settings(), now)
    assert done["course_pushes"] == 1
    assert sorted(r["course_code"] for r in await _table(db, course_pushes)) == ["-", "new-course"]
    async with db.transaction() as conn:
        await WorkerRepo(conn).save("o_c", {"wants_push": True})
    assert [r["course_code"] for r in await _table(db, course_pushes)] == ["new-course"]


async def test_a_console_audit_entry_that_names_an_erased_user_keeps_the_change_without_them(db):
    """The console's audit log (#15) names records by number; should an
    entry carry a user's openid, their erasure takes it out and keeps the rest."""
    from sqlalchemy import insert

    from bot.store.tables import audit_log

    me, other = "o_audit_subject_0001", "o_audit_other_00002"
    async with db.transaction() as conn:
        await conn.execute(insert(audit_log).values(at=1.0, staff_id=1, staff_name="lin", action="worker.category",
                                                    target=f"worker:{me}", before='{"category": null}',
                                                    after=json.dumps({"category": "x", "who": me})))
        await conn.execute(insert(audit_log).values(at=2.0, staff_id=1, staff_name="lin", action="worker.category",
                                                    target=f"worker:{other}", before=None, after=None))

        async def notify(*a, **kw):
            return False
        await privacy.erase_user(conn, me, 3.0, notify)
    rows = sorted(await _table(db, audit_log), key=lambda r: r["id"])
    assert me not in json.dumps(rows)
    assert rows[0]["staff_name"] == "lin" and rows[0]["action"] == "worker.category"
    assert json.loads(rows[0]["after"])["category"] == "x"
    assert rows[1]["target"] == f"worker:{other}"


async def test_users_turns_go_between_the_steps_of_a_retention_round(db):
    """On SQLite each step runs in the event loop's thread: the round gives
    way between steps, so a turn waits for one step at most, not the round."""
    import asyncio

    now = time.time()
    async with db.transaction() as conn:
        await conn.execute(insert(push_log), [{"openid": f"o_{i}", "job_id": i, "sent_at": now - 90 * DAY}
                                              for i in range(5)])
    ticks = 0

    async def a_turn_waiting() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0)
            ticks += 1

    waiting = asyncio.create_task(a_turn_waiting())
    await asyncio.sleep(0)
    before = ticks
    done = await privacy.apply_retention(db, Settings(), now)
    waiting.cancel()
    assert done["push_log"] == 5
    assert ticks - before >= len(done) - 1, "the loop ran other work between the steps"
