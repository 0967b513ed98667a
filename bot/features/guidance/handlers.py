"""Career guidance against the store: slots, bookings, reminders."""
from __future__ import annotations

from datetime import timedelta

from bot import clock
from bot.bus import Deps, Router
from bot.domain import Appointment
from bot.features.guidance.messages import BookGuidance, BookingsOn, CancelGuidance, MyBookings, TakenSlots
from bot.store.repos import AppointmentRepo

router = Router("guidance")
DAYS_LOOKED_AT = 10   # covers the working days a user is offered


@router.query(TakenSlots)
async def taken_slots(q: TakenSlots, deps: Deps) -> dict[str, int]:
    today = clock.today(deps.now)
    days = [(today + timedelta(days=i)).isoformat() for i in range(1, DAYS_LOOKED_AT)]
    taken = await deps.repo(AppointmentRepo).taken(q.market, days)
    return {f"{d}|{h}": n for (d, h), n in taken.items()}


@router.query(MyBookings)
async def my_bookings(q: MyBookings, deps: Deps) -> list[Appointment]:
    return await deps.repo(AppointmentRepo).mine(deps.openid, clock.today(deps.now).isoformat())


@router.query(BookingsOn)
async def bookings_on(q: BookingsOn, deps: Deps) -> list[Appointment]:
    return await deps.repo(AppointmentRepo).on_day(q.day)


@router.command(BookGuidance)
async def book(c: BookGuidance, deps: Deps) -> None:
    ok = await deps.repo(AppointmentRepo).book(deps.openid, c.market, c.day, c.half, c.replaces, c.topic)
    deps.results["booked"] = "yes" if ok else "no"


@router.command(CancelGuidance)
async def cancel(c: CancelGuidance, deps: Deps) -> None:
    await deps.repo(AppointmentRepo).cancel(deps.openid, c.appointment_id)


@router.periodic
async def remind(deps: Deps) -> int:
    """The day before, everyone booked is reminded where and when."""
    bookings = deps.repo(AppointmentRepo)
    tomorrow = (clock.today(deps.now) + timedelta(days=1)).isoformat()
    n = 0
    for a in await bookings.due_reminders(tomorrow):
        market = deps.refdata.market_by_code(a.market_code)
        await deps.notify(a.openid, "guidance-reminder", f"guidance-reminder:{a.id}",
                          market=market.name if market else a.market_code,
                          address=market.address if market else "-", half=a.half)
        await bookings.reminded(a.id)
        n += 1
    return n
