"""Finding work and applying, against the store."""
from __future__ import annotations

from dataclasses import replace

from bot import clock
from bot.bus import Deps, Router
from bot.domain import Application, Job
from bot.features.find_work.messages import (AddJobAlert, ApplicationsToday, Apply, DailyUse, FindJobs, JobById,
                                             JobsByIds, MyApplications, MyApplicationTo, StopPushes, Withdraw)
from bot.features.find_work.dialog import PAGE
from bot.features.find_work.search import search
from bot.services.pushes import eligible, of_worker
from bot.store.repos import (ApplicationRepo, EmployerRepo, JobRepo, LimitsRepo, PushRepo, UserRepo,
                             WorkerRepo)

router = Router("find_work")

# The dialog says "applied" before the application is made; when the daily
# limit was reached meanwhile (another process, a limit lowered) the reply
# says this instead.
SAID_WHEN_CAPPED = {"applied": "apply-cap-refused"}
SAID_WHEN_NOT_ELIGIBLE = {"applied": "apply-welfare-not-eligible"}


@router.query(MyApplications)
async def my_applications(q: MyApplications, deps: Deps) -> list[Application]:
    apps = await ApplicationRepo(deps.conn).for_worker(deps.openid)
    their_jobs = await JobRepo(deps.conn).get_many(a.job_id for a in apps)
    return [replace(a, job=their_jobs[a.job_id]) for a in apps if their_jobs[a.job_id] is not None]


@router.query(JobById)
async def job_by_id(q: JobById, deps: Deps) -> Job | None:
    return await JobRepo(deps.conn).get_rated(q.job_id)


@router.query(JobsByIds)
async def jobs_by_ids(q: JobsByIds, deps: Deps) -> dict[int, Job | None]:
    return await JobRepo(deps.conn).get_many(q.job_ids, rated=True)


@router.query(FindJobs)
async def find_jobs(q: FindJobs, deps: Deps) -> dict:
    """Ranked with what the worker registered for and the market they came
    through. The dialog shows the first page next (`JobsByIds`): answered
    ahead from the jobs the search read, with the same ratings."""
    worker = await WorkerRepo(deps.conn).get(deps.openid)
    user = await UserRepo(deps.conn).get(deps.openid)
    found = await search(deps.conn, q, today=clock.today(deps.now), now=deps.now, refdata=deps.refdata,
                         profile=worker, market_code=(user or {}).get("market_code"), page=PAGE,
                         open_jobs=deps.services.get("open_jobs"))
    first_page = tuple(int(job_id) for job_id, _ in found["results"][:PAGE])
    if first_page:
        deps.answer_ahead(JobsByIds(first_page), {job_id: found["jobs"][job_id] for job_id in first_page})
    return found


@router.query(MyApplicationTo)
async def my_application_to(q: MyApplicationTo, deps: Deps) -> Application | None:
    return await ApplicationRepo(deps.conn).get(q.job_id, deps.openid)


@router.query(ApplicationsToday)
async def applications_today(q: ApplicationsToday, deps: Deps) -> DailyUse:
    return await _applications_today(deps)


async def _applications_today(deps: Deps) -> DailyUse:
    """Applications since the start of the Quanzhou day, against the limit."""
    limit = deps.settings.daily_application_limit
    if not limit:
        return DailyUse(0, 0)
    since = clock.day_start(clock.today(deps.now))
    return DailyUse(await LimitsRepo(deps.conn).applications_since(deps.openid, since), limit)


@router.command(Apply)
async def apply(c: Apply, deps: Deps) -> bool:
    """An application; the employer is told who applied. Their phone goes
    to the employer only once accepted, unless the worker chose to show it
    when applying."""
    apps = ApplicationRepo(deps.conn)
    if deps.settings.daily_application_limit:
        mine = await apps.get(c.job_id, deps.openid)
        if mine is None or not mine.is_active:
            # Checked when the worker chose to apply too; here it counts.
            today = await _applications_today(deps)
            if today.reached:
                deps.say_instead(SAID_WHEN_CAPPED, limit=today.limit)
                return False
    job = await JobRepo(deps.conn).get(c.job_id)
    if job is None or not job.takes_applications:
        return False
    worker = await WorkerRepo(deps.conn).get(deps.openid)
    if job.is_welfare and not eligible(of_worker(worker), job, clock.today(deps.now)):
        # A public-welfare post only for those who qualify (clause 13), opened from an older list.
        deps.say_instead(SAID_WHEN_NOT_ELIGIBLE)
        return False
    app, new = await apps.apply(c.job_id, deps.openid)
    if not new:
        return False
    employer = await EmployerRepo(deps.conn).by_id(job.employer_id)
    if employer is None:
        return False
    trades = [deps.refdata.trade_by_code(code) for code in worker.trades] if worker else []
    phone = "none"
    if worker is not None and worker.phone:
        phone = worker.phone_for_applications or "hidden"
    return await deps.notify(employer.openid, "new-applicant", f"apply:{deps.msg_key}", about=deps.openid,
                             id=c.job_id, name=(worker.name if worker else None) or "-", phone=phone,
                             trades=" / ".join(t.name for t in trades if t) or "-")


@router.command(Withdraw)
async def withdraw(c: Withdraw, deps: Deps) -> bool:
    apps = ApplicationRepo(deps.conn)
    app = await apps.by_id(c.application_id)
    if app is None or app.worker_openid != deps.openid or not app.is_active:
        return False
    await apps.set_status(app.id, "withdrawn")
    job = await JobRepo(deps.conn).get(app.job_id)
    if app.status == "accepted":
        job = await JobRepo(deps.conn).add_filled(app.job_id, -1)
    employer = await EmployerRepo(deps.conn).by_id(job.employer_id) if job else None
    if job is None or employer is None:
        return False
    worker = await WorkerRepo(deps.conn).get(deps.openid)
    return await deps.notify(employer.openid, "applicant-withdrew", f"withdraw:{deps.msg_key}",
                             about=deps.openid, id=job.id, name=(worker.name if worker else None) or "-")


@router.command(AddJobAlert)
async def add_alert(c: AddJobAlert, deps: Deps) -> None:
    await PushRepo(deps.conn).add_alert(deps.openid, list(c.trades), list(c.areas), meals=c.meals, lodging=c.lodging,
                                        near=c.near, pay_method=c.pay_method, pay_min=c.pay_min, pay_unit=c.pay_unit)


@router.command(StopPushes)
async def stop_pushes(c: StopPushes, deps: Deps) -> None:
    await PushRepo(deps.conn).stop(deps.openid)
