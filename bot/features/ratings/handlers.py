"""After the job against the store: engagements ending (by a party, or by
themselves the day after the last work day), disputes, ratings with the
safety flags they raise for staff, and the service survey."""
from __future__ import annotations

from bot import clock
from bot.bus import Deps, Router
from bot.domain import Engagement
from bot.features.ratings.rules import RULES
from bot.features.ratings.messages import (AnswerSurvey, DidNotHappen, Engagements, MyRating, Rate, StartSurvey,
                                           SurveyDue, WorkDone)
from bot.services import staff_notices
from bot.store.repos import EmployerRepo, RatingRepo, SurveyRepo

router = Router("ratings")

SURVEY_EVERY = 30 * 24 * 3600   # the service survey is put to a user at most this often


async def _party(deps: Deps, engagement: int) -> tuple[Engagement, str] | None:
    """The engagement and the user's side of it; None for a third party."""
    e = await RatingRepo(deps.conn).engagement(engagement)
    if e is None:
        return None
    role = e.side_of(deps.openid)
    return None if role is None else (e, role)


@router.query(Engagements)
async def engagements(q: Engagements, deps: Deps) -> list[Engagement]:
    return await RatingRepo(deps.conn).engagements_of(deps.openid)


@router.query(SurveyDue)
async def survey_due(q: SurveyDue, deps: Deps) -> bool:
    last = await SurveyRepo(deps.conn).last_asked(deps.openid)
    return last is None or deps.now - last > SURVEY_EVERY


@router.query(MyRating)
async def my_rating(q: MyRating, deps: Deps) -> dict:
    """A user's average as a worker and as an employer, and the tags
    others gave them most (why the rating is what it is)."""
    repo = RatingRepo(deps.conn)
    out: dict = {}
    employer = await EmployerRepo(deps.conn).by_openid(deps.openid)
    for role, got in (("worker", await repo.received(deps.openid, "worker")),
                      ("employer", await repo.received(deps.openid, "employer", employer.id) if employer else [])):
        tags: dict[str, int] = {}
        for r in got:
            for t in r.tags:
                tags[t] = tags.get(t, 0) + 1
        out[role] = {"avg": sum(r.score for r in got) / len(got) if got else 0.0, "count": len(got),
                     "tags": sorted(tags.items(), key=lambda kv: -kv[1])}
    return out


@router.command(WorkDone)
async def work_done(c: WorkDone, deps: Deps) -> bool:
    party = await _party(deps, c.engagement)
    if party is None:
        return False
    e, role = party
    if not e.started_by(clock.today(deps.now)):
        return False   # the work has not begun (the dialog offers only begun work; checked here too)
    if not await RatingRepo(deps.conn).end(e.id, role, deps.now):
        return False
    return await deps.notify(e.other_side(role), "partner-says-done", f"done:{deps.msg_key}", id=e.job_id)


@router.command(DidNotHappen)
async def did_not_happen(c: DidNotHappen, deps: Deps) -> bool:
    party = await _party(deps, c.engagement)
    if party is None:
        return False
    e, _ = party
    await RatingRepo(deps.conn).dispute(e.id)
    # The one use of the Tickets service here (it may move): lodge the ticket.
    deps.results["ticket_id"], sent = await deps.services["tickets"].lodge(
        deps.conn, deps.openid, f"dispute:{deps.msg_key}",
        {"kind": "dispute", "text": f"#{e.job_id}", "job_id": e.job_id, "context": "dispute"})
    return bool(sent)


@router.command(Rate)
async def rate(c: Rate, deps: Deps) -> bool:
    """Only the two parties of a real engagement rate, once each
    (corrections within 24 hours). Safety signals go to staff."""
    party = await _party(deps, c.engagement)
    if party is None:
        return False
    e, role = party
    if role != c.role or not e.rateable:
        return False
    repo = RatingRepo(deps.conn)
    status = await repo.rate(e, role, deps.openid, int(c.score), list(c.tags), c.comment, deps.now)
    if status == "too_late" or role != "worker":
        return False
    rules = RULES.get()
    queued = False
    if rules.flagged & set(c.tags):
        queued |= await staff_notices.queue(deps.conn, staff_notices.notice(
            deps.catalog, "staff-flag-unpaid", vars=dict(id=e.job_id), user=dict(employer=e.employer_name)),
            f"flag:unpaid:{e.id}")
    avg, count = (await repo.employer_stats([e.employer_id])).get(e.employer_id, (5.0, 0))
    if count >= rules.low_average_min_count and avg < rules.low_average:
        queued |= await staff_notices.queue(deps.conn, staff_notices.notice(
            deps.catalog, "staff-flag-low", vars=dict(avg=f"{avg:.1f}", count=count),
            user=dict(employer=e.employer_name)), f"flag:low:{e.employer_id}")
    return queued


@router.command(StartSurvey)
async def start_survey(c: StartSurvey, deps: Deps) -> None:
    await SurveyRepo(deps.conn).ask(deps.openid, c.reason, deps.now)


@router.command(AnswerSurvey)
async def answer_survey(c: AnswerSurvey, deps: Deps) -> None:
    await SurveyRepo(deps.conn).answer_latest(deps.openid, c.overall, c.improve, environment=c.environment,
                                              process=c.process, result=c.result)


@router.periodic
async def end_due_engagements(deps: Deps) -> int:
    """Engagements end by themselves the day after the last work day;
    both sides are asked to rate."""
    repo = RatingRepo(deps.conn)
    n = 0
    for e in await repo.due_to_end(clock.today(deps.now).isoformat()):
        if await repo.end(e.id, "auto", deps.now):
            for who in (e.worker_openid, e.employer_openid):
                await deps.notify(who, "rate-please", f"rate-please:{e.id}:{who}", id=e.job_id)
            n += 1
    return n
