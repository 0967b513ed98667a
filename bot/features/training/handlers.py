"""Training against the store: courses, sign-ups, the waiting list, needs, reminders."""
from __future__ import annotations

from datetime import timedelta

from bot import clock
from bot.bus import Deps, Router
from bot.domain import Course, Enrollment
from bot.features.training.messages import AddTrainingNeed, CancelEnrollment, Courses, Enroll, MyTraining
from bot.store.repos import TrainingRepo

router = Router("training")


@router.query(Courses)
async def courses(q: Courses, deps: Deps) -> list[Course]:
    return await deps.repo(TrainingRepo).upcoming(clock.today(deps.now).isoformat())


@router.query(MyTraining)
async def my_training(q: MyTraining, deps: Deps) -> list[Enrollment]:
    return await deps.repo(TrainingRepo).mine(deps.openid)


@router.command(Enroll)
async def enroll(c: Enroll, deps: Deps) -> None:
    deps.results["enroll_status"] = await deps.repo(TrainingRepo).enroll(c.course, deps.openid, c.wait)


@router.command(CancelEnrollment)
async def cancel(c: CancelEnrollment, deps: Deps) -> bool:
    repo = deps.repo(TrainingRepo)
    promoted = await repo.cancel(c.course, deps.openid)
    if not promoted:
        return False
    course = await repo.course(c.course)
    if course is None:   # the course itself was deleted meanwhile: nothing to tell them about
        return False
    return await deps.notify(promoted, "training-promoted", f"promoted:{deps.msg_key}", name=course.name,
                             **clock.month_days(start=course.start_date), schedule=course.schedule or "-",
                             place=course.place or "-")


@router.command(AddTrainingNeed)
async def add_need(c: AddTrainingNeed, deps: Deps) -> None:
    await deps.repo(TrainingRepo).add_need(deps.openid, list(c.trades), c.wish, c.when, c.mode)


@router.periodic
async def remind(deps: Deps) -> int:
    """The day before a course starts, everyone signed up is reminded."""
    repo = deps.repo(TrainingRepo)
    tomorrow = (clock.today(deps.now) + timedelta(days=1)).isoformat()
    n = 0
    for e in await repo.due_reminders(tomorrow):
        await deps.notify(e.openid, "training-reminder", f"course-reminder:{e.id}", name=e.name,
                          start=e.start_date, schedule=e.schedule or "-", place=e.place or "-")
        await repo.reminded(e.id)
        n += 1
    return n
