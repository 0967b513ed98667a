"""The courses page: training courses created, edited and retired (through
bot/services/staff_data.py `save_course` / `retire_course`, checked as an
import is: workers see the change at once in this process, within the
staff-data look (2 s) in the others), each course's sign-up and waiting
lists, and the list exported as CSV and Excel (whole phones: audited)."""
from __future__ import annotations

from typing import Any

from aiohttp import web
from sqlalchemy.exc import IntegrityError
from yarl import URL

from bot.console.web import audit, data, once, page, render, tr
from bot.handlers.keys import CATALOG, DB, STAFF_DATA
from bot.masking import mask_phone
from bot.services.courses import MODES, CourseFileError, course_rows, signups, signups_csv, signups_xlsx
from bot.services.staff_data import StaffDataError, retire_course, save_course
from bot.services.staff_forms import Problems, course_form_values, course_from_form

NAV = (40, "console-nav-courses", "/console/courses", "reviewer")
FIELDS = ("name", "trade", "teaches", "area", "place", "mode", "start_date", "end_date", "schedule", "capacity",
          "cost", "subsidy", "who", "keywords")


def _refdata(request: web.Request) -> Any:
    return request.app[STAFF_DATA].current.refdata


async def _one(request: web.Request, code: str) -> dict | None:
    async with request.app[DB].reading() as conn:
        rows = await course_rows(conn, code)
    return rows[0] if rows else None


def _not_found(request: web.Request) -> web.Response:
    return render(request, "error.html", status=404, message=tr(request, "console-course-not-found"))


@page(role="reviewer")
async def course_list(request: web.Request) -> web.StreamResponse:
    async with request.app[DB].reading() as conn:
        rows = await course_rows(conn)
    done = request.query.get("done", "")
    return render(request, "courses/list.html", offered=[r for r in rows if r["active"]],
                  retired=[r for r in rows if not r["active"]],
                  notice=tr(request, "console-course-retired", name=request.query.get("name", ""))
                  if done == "retired" else "")


@page(role="reviewer")
async def course_detail(request: web.Request) -> web.StreamResponse:
    code = request.match_info["code"]
    row = await _one(request, code)
    if row is None:
        return _not_found(request)
    async with request.app[DB].reading() as conn:
        people = await signups(conn, code)
    listed = [{"name": s.name or "-", "phone": mask_phone(s.phone), "status": s.status, "at": s.created_at}
              for s in people]
    refdata = _refdata(request)
    c = row["course"]
    trade = refdata.trade_by_code(c.get("trade", "")) if c.get("trade") else None
    area = refdata.area_by_code(c["area"]) if c.get("area") else None
    return render(request, "courses/detail.html", row=row, c=c, trade=trade.name if trade else "",
                  area=area.name if area else "",
                  enrolled=[p for p in listed if p["status"] == "enrolled"],
                  waiting=[p for p in listed if p["status"] == "waiting"],
                  notice=tr(request, "console-course-saved", name=c["name"])
                  if request.query.get("done") == "saved" else "")


def _form(request: web.Request, values: dict[str, str], problems: Problems | None, editing: str | None,
          status: int = 200, refused: str = "") -> web.Response:
    refdata = _refdata(request)
    errors = {f: tr(request, m, **v) for f, (m, v) in (problems.by_field if problems else {}).items()}
    return render(request, "courses/form.html", status=status, values={f: values.get(f, "") for f in
                                                                       ("code", *FIELDS)},
                  errors=errors, editing=editing, refused=refused, modes=MODES,
                  trades=sorted(refdata.trades, key=lambda t: t.name), areas=refdata.areas)


@page(role="staff")
async def new_course_form(request: web.Request) -> web.StreamResponse:
    return _form(request, {"mode": "offline"}, None, None)


@page(role="staff")
async def edit_course_form(request: web.Request) -> web.StreamResponse:
    row = await _one(request, request.match_info["code"])
    if row is None:
        return _not_found(request)
    return _form(request, course_form_values(row["course"]), None, row["course"]["code"])


async def _save(request: web.Request, editing: str | None) -> web.StreamResponse:
    form = await request.post()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    before = None
    if editing is not None:
        row = await _one(request, editing)
        if row is None:
            return _not_found(request)
        before = row["course"]
    if not await once(request):         # a second click of the same form: it was saved the first time
        raise web.HTTPFound(f"/console/courses/{editing}" if editing else "/console/courses")
    refdata = _refdata(request)
    async with request.app[DB].reading() as conn:
        existing = {r["course"]["code"] for r in await course_rows(conn)} | {"new"}   # /courses/new is the form
    course, problems = course_from_form(values, refdata, existing=existing, editing=editing)
    if problems:
        return _form(request, values, problems, editing, status=400)
    try:
        async with request.app[DB].transaction_now() as conn:
            await save_course(conn, refdata, course)
            await audit(conn, request, "course.save", course["code"], before=before, after=course)
    except (CourseFileError, StaffDataError, ValueError, IntegrityError) as exc:
        # IntegrityError: another staff member added the same code a moment before
        return _form(request, values, None, editing, status=400,
                     refused=tr(request, "console-check-refused", detail=str(exc).splitlines()[0][:300]))
    await request.app[STAFF_DATA].refresh()     # this process at once; the others at their next look
    raise web.HTTPFound(f"/console/courses/{course['code']}?done=saved")


@page(role="staff")
async def create_course(request: web.Request) -> web.StreamResponse:
    return await _save(request, None)


@page(role="staff")
async def update_course(request: web.Request) -> web.StreamResponse:
    return await _save(request, request.match_info["code"])


@page(role="staff")
async def retire(request: web.Request) -> web.StreamResponse:
    code = request.match_info["code"]
    row = await _one(request, code)
    if row is None:
        return _not_found(request)
    async with request.app[DB].transaction_now() as conn:
        if await retire_course(conn, code):
            await audit(conn, request, "course.retire", code, before={"active": True}, after={"active": False})
    await request.app[STAFF_DATA].refresh()
    raise web.HTTPFound(str(URL("/console/courses").with_query(done="retired", name=row["course"]["name"])))


async def _export(request: web.Request, kind: str) -> web.StreamResponse:
    code = request.match_info["code"]
    row = await _one(request, code)
    if row is None:
        raise web.HTTPNotFound(text="no such course\n")
    catalog = request.app[CATALOG]
    async with request.app[DB].transaction() as conn:
        if kind == "csv":
            body = ("\ufeff" + await signups_csv(conn, code, catalog)).encode("utf-8")   # BOM: Excel reads it as UTF-8
            content_type = "text/csv; charset=utf-8"
        else:
            body = await signups_xlsx(conn, code, catalog, title=row["course"]["name"])
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        # The whole phones leave the console: who took them is kept.
        await audit(conn, request, "course.export", code, after={"format": kind})
    return web.Response(body=body, headers={
        "Content-Type": content_type,
        "Content-Disposition": f'attachment; filename="signups-{code}.{kind}"'})


@data(role="staff")
async def export_csv(request: web.Request) -> web.StreamResponse:
    return await _export(request, "csv")


@data(role="staff")
async def export_xlsx(request: web.Request) -> web.StreamResponse:
    return await _export(request, "xlsx")


def add_routes(router: web.UrlDispatcher, prefix: str) -> None:
    base = prefix + "/courses"
    router.add_get(base, course_list)
    router.add_get(base + "/new", new_course_form)
    router.add_post(base + "/new", create_course)
    router.add_get(base + "/{code}", course_detail)
    router.add_get(base + "/{code}/edit", edit_course_form)
    router.add_post(base + "/{code}/edit", update_course)
    router.add_post(base + "/{code}/retire", retire)
    router.add_get(base + "/{code}/signups.csv", export_csv)
    router.add_get(base + "/{code}/signups.xlsx", export_xlsx)
