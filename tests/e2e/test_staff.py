"""The staff console's parts that are not a conversation: the shortage
trades (one computation with the weekly report), the staff-only ticket
commands checked again at the bus, and the overdue follow-up run as the
complaints feature's periodic work."""
import json
import time
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import insert

from bot import clock
from bot.app import language_resources
from bot.handlers.keys import DB, TURNS
from bot.i18n import Catalog
from bot.services.report import build_report
from bot.features.staff.messages import CloseTicket, MarkTicketInProgress, OpenTicketCount, OpenTickets, ReplyToTicket, TicketDetails
from bot.store.tables import employers, job_trades, jobs, outbox, tickets, workers
from tests.conftest import Bot
from tests.e2e.test_register_and_post import rows
from tests.wx import new_openid

CAT = Catalog()


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


async def seed(db, now: float) -> None:
    """Open places against registered workers: electricians and welders are
    both two people short (3 wanted, 1 registered; 2 wanted, none), porters
    are not short, and a full job and one that ended yesterday count for
    nothing."""
    today, created = clock.today(now), now - 3600
    yesterday, later = (today - timedelta(days=1)).isoformat(), (today + timedelta(days=3)).isoformat()
    async with db.transaction() as conn:
        employer = (await conn.execute(insert(employers).values(
            openid=new_openid("e"), kind="company", name="Employer Co", phone="13700000000",
            created_at=created, updated_at=created).returning(employers.c.id))).scalar_one()
        for trade, headcount, filled, end in (("electrician", 3, 0, later), ("welder", 2, 0, later),
                                              ("porter", 1, 0, later), ("welder", 4, 4, later),
                                              ("electrician", 5, 0, yesterday)):
            job = (await conn.execute(insert(jobs).values(
                employer_id=employer, trades=json.dumps([trade]), area="fengze", address="Some street 1",
                start_date=today.isoformat(), end_date=end, days=1, start_time="08:00", pay_min=200,
                pay_max=260, pay_unit="day", pay_method="daily", headcount=headcount, filled=filled,
                contact_name="Boss", contact_phone="13700000000", status="open", created_at=created,
                updated_at=created).returning(jobs.c.id))).scalar_one()
            await conn.execute(insert(job_trades).values(job_id=job, trade=trade))
        for n, trades in enumerate((["electrician", "porter"], ["porter"])):
            await conn.execute(insert(workers).values(
                openid=new_openid("w"), name=f"Worker {n}", trades=json.dumps(trades), consent_at=created,
                created_at=created, updated_at=created))


async def test_the_shortage_trades_anyone_asks_for_are_the_reports_for_today(bot):
    now = time.time()
    await seed(bot.app[DB], now)
    said = await bot.say(new_openid("w"), "哪些工种缺人")
    refdata, _ = language_resources()
    today = clock.today(now)
    report = await build_report(bot.app[DB], refdata, today, today)
    lines = [zh("shortage-line", n=n, trade=r.name, demand=r.open_places, supply=r.workers)
             for n, r in enumerate(report.shortage(), 1)]
    assert lines == [zh("shortage-line", n=1, trade="电工", demand=3, supply=1),
                     zh("shortage-line", n=2, trade="焊工", demand=2, supply=0)], \
        "as short as each other: the one with more open places first, in both"
    assert said.splitlines() == [zh("shortage-intro"), *lines]


async def test_ticket_commands_and_views_are_for_staff_only_even_at_the_bus(settings, fake_wecom):
    staff = new_openid("s")
    b = await Bot(replace(settings, staff_openids=frozenset({staff}))).start()
    try:
        user, other = new_openid("w"), new_openid("x")
        await b.say(user, "人工")
        [t] = await rows(b, tickets)
        turns = b.app[TURNS]
        await turns.execute(other, "t:not-staff", [ReplyToTicket(t["id"], "把身份证发我"),
                                                   MarkTicketInProgress(t["id"]), CloseTicket(t["id"], "好了")])
        [after] = await rows(b, tickets)
        assert after["status"] == "open" and after["touched_at"] is None
        assert await rows(b, outbox, recipient=user) == [], "nothing reached the user"
        seen = await turns.ask(other, TicketDetails(t["id"]), OpenTickets())
        assert seen == {TicketDetails(t["id"]): None, OpenTickets(): [], OpenTicketCount(): 0}
        assert await turns.ask(other, OpenTicketCount()) == {OpenTicketCount(): 0}, "not even how many"
        # the same from staff
        seen = await turns.ask(staff, TicketDetails(t["id"]), OpenTickets())
        assert seen[TicketDetails(t["id"])].ticket.id == t["id"] and [x.id for x in seen[OpenTickets()]] == [t["id"]]
        assert seen[OpenTicketCount()] == 1
        await turns.execute(staff, "t:staff", [CloseTicket(t["id"], "已电话联系")])
        [after] = await rows(b, tickets)
        assert after["status"] == "closed"
        [sent] = await rows(b, outbox, recipient=user)
        assert "已电话联系" in sent["payload"]
    finally:
        await b.stop()


async def test_the_periodic_work_follows_up_an_untouched_ticket_once(bot, fake_wecom, fake_wechat):
    worker = new_openid("w")
    await bot.say(worker, "人工")
    await fake_wecom.wait_posts(1)
    [t] = await rows(bot, tickets)
    turns = bot.app[TURNS]
    monday_9 = datetime(2026, 11, 30, 9, 0, tzinfo=clock.QUANZHOU).timestamp()
    async with bot.app[DB].transaction() as conn:
        from bot.store.repos import TicketRepo

        await TicketRepo(conn).update(t["id"], created_at=monday_9)
        await turns.periodic(conn, monday_9 + 3600)
    assert (await rows(bot, tickets))[0]["overdue_at"] is None
    async with bot.app[DB].transaction() as conn:
        assert await turns.periodic(conn, monday_9 + 4 * 3600) >= 1
    [t] = await rows(bot, tickets)
    assert t["overdue_at"] == monday_9 + 4 * 3600
    async with bot.app[DB].transaction() as conn:
        await turns.periodic(conn, monday_9 + 5 * 3600)
    assert (await rows(bot, tickets))[0]["overdue_at"] == monday_9 + 4 * 3600, "once"
    told = [r for r in await rows(bot, outbox, recipient=worker) if r["idempotency_key"].startswith("overdue-user:")]
    assert len(told) == 1 and f"#{t['id']}" in json.loads(told[0]["payload"])["text"]["content"]
