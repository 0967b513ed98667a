"""The markets page: markets and stations (name, kind, area, address, opening hours as
bot/language/hours.py reads them, location, checked or not) added, edited
and retired through bot/services/staff_data.py (`save_market`,
`retire_market`: checked as the seed is, seen by workers within the
staff-data look), and each one's QR code for print: made once through
WeChat's QR-code API with the market's scene id (bot/services/qrcodes.py;
a new market gets a scene id of its own), kept, downloadable as PNG."""
from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from sqlalchemy.exc import IntegrityError
from yarl import URL

from bot.console.web import audit, data, once, page, render, tr
from bot.handlers.keys import DB, KV, STAFF_DATA, WECHAT
from bot.refdata import ReferenceDataError
from bot.services.qrcodes import QRCodeError, QRMaker, describe, kept_for, next_scene
from bot.services.staff_data import StaffDataError, market_rows, retire_market, save_market
from bot.services.staff_forms import Problems, market_form_values, market_from_form
from bot.store.kv import LockTimeout

NAV = (60, "console-nav-markets", "/console/markets", "reviewer")
FIELDS = ("code", "name", "kind", "area", "address", "hours", "lat", "lng", "verified")
SCENE_LOCK = "console-market-scenes"   # one scene id handed out at a time


def record_of(row: dict) -> dict:
    """A market row as in markets.json."""
    return {"code": row["code"], "name": row["name"], "kind": row["kind"], "area": row["area"],
            "address": row["address"], "location": {"lat": row["lat"], "lng": row["lng"]}, "hours": row["hours"],
            "verified": bool(row["verified"])}


async def _rows(request: web.Request) -> list[dict]:
    async with request.app[DB].reading() as conn:
        return await market_rows(conn)


async def _one(request: web.Request, code: str) -> dict | None:
    return next((r for r in await _rows(request) if r["code"] == code), None)


def _not_found(request: web.Request) -> web.Response:
    return render(request, "error.html", status=404, message=tr(request, "console-market-not-found"))


def _area_name(refdata: Any, code: str) -> str:
    area = refdata.area_by_code(code)
    return area.name if area else code


@page(role="reviewer")
async def market_list(request: web.Request) -> web.StreamResponse:
    refdata = request.app[STAFF_DATA].current.refdata
    rows = await _rows(request)
    for r in rows:
        r["area_name"] = _area_name(refdata, r["area"])
    notice = tr(request, "console-market-retired", name=request.query.get("name", "")) \
        if request.query.get("done") == "retired" else ""
    return render(request, "markets/list.html", offered=[r for r in rows if r["active"]],
                  retired=[r for r in rows if not r["active"]], notice=notice)


async def _detail(request: web.Request, row: dict, *, notice: str = "", problem: str = "",
                  status: int = 200) -> web.Response:
    refdata = request.app[STAFF_DATA].current.refdata
    async with request.app[DB].reading() as conn:
        codes = await kept_for(conn, row["code"])
    scenes = json.loads(row["scenes"] or "[]")
    listed = [{"scene": s, "made": s in codes} for s in scenes]
    listed += [{"scene": s, "made": True} for s in codes if s not in scenes]   # a retired market's posters
    return render(request, "markets/detail.html", status=status, m=row, area=_area_name(refdata, row["area"]),
                  qr=listed, notice=notice, problem=problem)


@page(role="reviewer")
async def market_detail(request: web.Request) -> web.StreamResponse:
    row = await _one(request, request.match_info["code"])
    if row is None:
        return _not_found(request)
    done = request.query.get("done", "")
    notice = ""
    if done == "saved":
        notice = tr(request, "console-market-saved", name=row["name"])
    elif done == "qr":
        notice = tr(request, "console-market-qr-made", scene=request.query.get("scene", ""))
    return await _detail(request, row, notice=notice)


def _form(request: web.Request, values: dict[str, str], problems: Problems | None, editing: str | None,
          status: int = 200, refused: str = "") -> web.Response:
    refdata = request.app[STAFF_DATA].current.refdata
    errors = {f: tr(request, m, **v) for f, (m, v) in (problems.by_field if problems else {}).items()}
    return render(request, "markets/form.html", status=status, values={f: values.get(f, "") for f in FIELDS},
                  errors=errors, editing=editing, refused=refused, areas=refdata.areas)


@page(role="staff")
async def new_market_form(request: web.Request) -> web.StreamResponse:
    return _form(request, {"kind": "station"}, None, None)


@page(role="staff")
async def edit_market_form(request: web.Request) -> web.StreamResponse:
    row = await _one(request, request.match_info["code"])
    if row is None:
        return _not_found(request)
    return _form(request, market_form_values(record_of(row)), None, row["code"])


async def _save(request: web.Request, editing: str | None) -> web.StreamResponse:
    form = await request.post()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    rows = await _rows(request)
    before = None
    if editing is not None:
        row = next((r for r in rows if r["code"] == editing), None)
        if row is None:
            return _not_found(request)
        before = record_of(row)
    if not await once(request):
        raise web.HTTPFound(f"/console/markets/{editing}" if editing else "/console/markets")
    refdata = request.app[STAFF_DATA].current.refdata
    record, problems = market_from_form(values, refdata, existing={r["code"] for r in rows} | {"new"},
                                        names={r["code"]: r["name"] for r in rows if r["active"]}, editing=editing)
    if problems:
        return _form(request, values, problems, editing, status=400)
    try:
        async with request.app[KV].lock(SCENE_LOCK, ttl=15, wait=10):
            async with request.app[DB].transaction() as conn:
                # A new market gets a scene id of its own (for its QR code); an edited one keeps its own.
                scenes = [await next_scene(conn)] if editing is None else None
                await save_market(conn, refdata, record, scenes)
                await audit(conn, request, "market.save", record["code"], before=before,
                            after={**record, **({"scenes": scenes} if scenes else {})})
    except (ReferenceDataError, StaffDataError, ValueError, IntegrityError, LockTimeout) as exc:
        # IntegrityError: another staff member added the same code a moment before; LockTimeout: busy
        return _form(request, values, None, editing, status=400,
                     refused=tr(request, "console-check-refused", detail=str(exc).splitlines()[0][:300]))
    await request.app[STAFF_DATA].refresh()
    raise web.HTTPFound(f"/console/markets/{record['code']}?done=saved")


@page(role="staff")
async def create_market(request: web.Request) -> web.StreamResponse:
    return await _save(request, None)


@page(role="staff")
async def update_market(request: web.Request) -> web.StreamResponse:
    return await _save(request, request.match_info["code"])


@page(role="staff")
async def retire(request: web.Request) -> web.StreamResponse:
    code = request.match_info["code"]
    row = await _one(request, code)
    if row is None:
        return _not_found(request)
    async with request.app[DB].transaction() as conn:
        if await retire_market(conn, code):
            await audit(conn, request, "market.retire", code, before={"active": True, "scenes": row["scenes"]},
                        after={"active": False})
    await request.app[STAFF_DATA].refresh()
    raise web.HTTPFound(str(URL("/console/markets").with_query(done="retired", name=row["name"])))


async def _scene(request: web.Request, row: dict) -> str:
    """The market's scene id; one that has none (offered again after being
    retired, or loaded without one) gets back the scene of a code made for
    it before (its posters work again), else a new one."""
    scenes = json.loads(row["scenes"] or "[]")
    if scenes:
        return str(scenes[0])
    refdata = request.app[STAFF_DATA].current.refdata
    async with request.app[KV].lock(SCENE_LOCK, ttl=15, wait=10):
        async with request.app[DB].transaction() as conn:
            made = await kept_for(conn, row["code"])
            scene = min(made, key=lambda s: made[s].created_at) if made else await next_scene(conn)
            await save_market(conn, refdata, record_of(row), [scene])
            await audit(conn, request, "market.scene", row["code"], before={"scenes": []}, after={"scenes": [scene]})
    await request.app[STAFF_DATA].refresh()
    return scene


@page(role="staff")
async def make_qr(request: web.Request) -> web.StreamResponse:
    row = await _one(request, request.match_info["code"])
    if row is None:
        return _not_found(request)
    if not row["active"]:
        return await _detail(request, row, status=400, problem=tr(request, "console-qr-error", reason="no-scene",
                                                                  detail=""))
    await once(request)    # a double click: the second finds the code kept
    try:
        scene = await _scene(request, row)
        code, made = await QRMaker(request.app[DB], request.app[KV], request.app[WECHAT]).get(scene, row["code"])
    except (QRCodeError, ReferenceDataError, StaffDataError, LockTimeout) as exc:
        reason = exc.reason if isinstance(exc, QRCodeError) else \
            "unreachable" if isinstance(exc, LockTimeout) else "no-scene"
        detail = exc.detail if isinstance(exc, QRCodeError) else str(exc)
        fresh = await _one(request, row["code"]) or row
        return await _detail(request, fresh, status=503 if reason == "unreachable" else 400,
                             problem=tr(request, "console-qr-error", reason=reason, detail=detail))
    if made:
        async with request.app[DB].transaction() as conn:
            await audit(conn, request, "market.qr", row["code"], after=describe(code))
    raise web.HTTPFound(str(URL(f"/console/markets/{row['code']}").with_query(done="qr", scene=code.scene)))


@data(role="reviewer")
async def qr_png(request: web.Request) -> web.StreamResponse:
    code, scene = request.match_info["code"], request.match_info["scene"]
    async with request.app[DB].reading() as conn:
        kept = (await kept_for(conn, code)).get(scene)
    if kept is None:
        raise web.HTTPNotFound(text="no QR code made for this scene yet\n")
    download = "attachment" if request.query.get("download") else "inline"
    return web.Response(body=kept.image, headers={
        "Content-Type": "image/png", "Cache-Control": "private, max-age=3600",
        "Content-Disposition": f'{download}; filename="qrcode-{code}-{scene}.png"'})


def add_routes(router: web.UrlDispatcher, prefix: str) -> None:
    base = prefix + "/markets"
    router.add_get(base, market_list)
    router.add_get(base + "/new", new_market_form)
    router.add_post(base + "/new", create_market)
    router.add_get(base + "/{code}", market_detail)
    router.add_get(base + "/{code}/edit", edit_market_form)
    router.add_post(base + "/{code}/edit", update_market)
    router.add_post(base + "/{code}/retire", retire)
    router.add_post(base + "/{code}/qr", make_qr)
    router.add_get(base + "/{code}/qr/{scene}.png", qr_png)
