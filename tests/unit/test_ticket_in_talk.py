"""Which open ticket a user's words go to (a thanks to staff, the last piece
of a story): found trying 我的投诉 with several tickets as a worker would
(audit of issue 13). The handler on a small in-memory list of tickets."""
import pytest

from bot.bus import Bus
from bot.domain import Ticket
from bot.features.complaints import handlers
from bot.features.complaints.messages import TicketInTalk
from tests.fake_store import FakeStore, handler_deps

NOW = 1_800_000_000.0
BUS = Bus(handlers.router)


class Tickets:
    def __init__(self, tickets):
        self.tickets = tickets

    async def for_user(self, openid):
        return sorted((t for t in self.tickets if t.openid == openid), key=lambda t: -t.created_at)


def ticket(id, **kw):
    return Ticket(**{"id": id, "openid": "o_me", "kind": "wages", **kw})


async def in_talk(monkeypatch, tickets):
    monkeypatch.setattr(handlers, "TicketRepo", lambda conn: Tickets(tickets))
    return await BUS.ask(TicketInTalk(), handler_deps(FakeStore(), openid="o_me", now=NOW))


async def test_a_thanks_after_a_staff_reply_goes_to_the_ticket_answered_not_one_lodged_before_it(monkeypatch):
    """Before: the injury ticket lodged 5 minutes ago (and only marked in progress) took the thanks meant for
    the staff reply on the wages ticket, which came 2 minutes ago."""
    answered = ticket(1, created_at=NOW - 3600, first_reply_at=NOW - 120, touched_at=NOW - 120)
    lodged = ticket(3, kind="injury", status="in_progress", created_at=NOW - 300, touched_at=NOW - 60)
    found = await in_talk(monkeypatch, [answered, lodged])
    assert found is not None and found.id == 1


@pytest.mark.parametrize("reply_at,expected", [(NOW - 600, 3), (None, 3)])
async def test_words_right_after_lodging_go_to_the_ticket_just_lodged(monkeypatch, reply_at, expected):
    answered = ticket(1, created_at=NOW - 3600, first_reply_at=reply_at, touched_at=reply_at)
    lodged = ticket(3, created_at=NOW - 120)
    found = await in_talk(monkeypatch, [answered, lodged])
    assert found is not None and found.id == expected


async def test_closed_old_or_unanswered_tickets_take_nothing(monkeypatch):
    tickets = [ticket(1, status="closed", created_at=NOW - 60, first_reply_at=NOW - 30, touched_at=NOW - 30),
               ticket(2, created_at=NOW - 4 * 24 * 3600, first_reply_at=NOW - 4 * 24 * 3600,
                      touched_at=NOW - 4 * 24 * 3600),
               ticket(4, created_at=NOW - 3600)]
    assert await in_talk(monkeypatch, tickets) is None
