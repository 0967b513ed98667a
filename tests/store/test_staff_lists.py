"""The staff's lists over the real store (SQLite, and PostgreSQL when it is
set): the to-do list and the posts held for review show their first 20 and
say how many there are in all; tickets kept in progress for days do not
hide a new one."""
from __future__ import annotations

from bot.store.repos import JobRepo, TicketRepo
from bot.store.tables import jobs


async def test_the_to_do_list_puts_urgent_then_untouched_first_and_counts_them_all(db):
    async with db.transaction() as conn:
        repo = TicketRepo(conn)
        # 25 old tickets someone is working on, then a new one, then a new urgent one.
        taken = [await repo.create(f"o_u{i}", "complaint", text="欠薪") for i in range(25)]
        for ticket_id in taken:
            await repo.update(ticket_id, status="in_progress")
        new = await repo.create("o_new", "complaint", text="刚来的")
        urgent = await repo.create("o_urgent", "complaint", text="受伤了", urgent=True)
        closed = await repo.create("o_done", "complaint", text="办完了")
        await repo.update(closed, status="closed")
    async with db.reading() as conn:
        shown, total = await TicketRepo(conn).open_queue()
    assert total == 27, "every ticket not closed is counted"
    assert [t.id for t in shown][:3] == [urgent, new, taken[0]], "urgent, then untouched, then the oldest"
    assert len(shown) == 20 and closed not in [t.id for t in shown]
    async with db.reading() as conn:
        assert await TicketRepo(conn).open_queue(limit=1) == ([next(t for t in shown if t.id == urgent)], 27)


async def test_the_posts_held_for_review_are_the_oldest_and_counted_in_all(db):
    async with db.transaction() as conn:
        for i in range(23):
            await conn.execute(jobs.insert().values(
                employer_id=1, status="review" if i != 5 else "open", trades="[]", area="fengze", address="",
                start_date="2027-01-20", end_date="2027-01-20", days=1, start_time="08:00", end_time="17:00",
                pay_min=200, pay_max=200, pay_unit="day", pay_method="daily", headcount=1, filled=0,
                contact_name="", contact_phone="13905951234", description=f"第{i}条", skills="",
                review_reasons="[]", kind="job", created_at=1.0 + i, updated_at=1.0 + i))
    async with db.reading() as conn:
        held, total = await JobRepo(conn).in_review()
    assert total == 22 and len(held) == 20
    assert [j.description for j in held][:2] == ["第0条", "第1条"]
    async with db.reading() as conn:
        assert (await JobRepo(conn).in_review(limit=1))[1] == 22
    async with db.transaction() as conn:
        await conn.execute(jobs.delete())
    async with db.reading() as conn:
        assert await JobRepo(conn).in_review() == ([], 0)
