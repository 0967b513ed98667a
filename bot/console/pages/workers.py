"""Workers in the console (#15): a worker looked up by the phone typed
whole (name, trades, areas, when registered, the hardship categories they
said and those staff recognised), and a clause-13 category recognised or
taken back (recognise / unrecognise) the way the typed command does it
(bot/features/hardship/handlers.py: saved, logged, the worker told in
their language). Staff only: it shows personal data, and each lookup is
audited."""
from __future__ import annotations

from aiohttp import web

from bot import clock
from bot.console.pages.review import refdata
from bot.console.web import audit, console_deps, once, page, render, tr
from bot.domain import Worker
from bot.features.hardship.categories import CATEGORIES
from bot.features.hardship.handlers import record_recognition
from bot.features.hardship.messages import RecogniseHardship
from bot.handlers.keys import DB, TURNS
from bot.language import parsing
from bot.masking import mask_openid, mask_phone
from bot.store.repos import WorkerRepo

NAV = (40, "console-workers-title", "/console/workers", "staff")


def _card(request: web.Request, w: Worker) -> dict:
    locale = request.get("locale") or "zh_CN"
    rd = refdata(request)
    known = CATEGORIES.get()

    def names(codes, lookup) -> str:
        found = [lookup(c) for c in codes]
        return " / ".join(x.label(locale) if x is not None else c for x, c in zip(found, codes)) or "-"
    return {
        "openid": w.openid,
        "lines": [tr(request, "console-worker-name", name=w.name or "-"),
                  tr(request, "console-worker-phone", phone=w.phone or "-"),
                  tr(request, "console-worker-trades", trades=names(w.trades, rd.trade_by_code)),
                  tr(request, "console-worker-areas", areas=names(w.areas, rd.area_by_code)),
                  tr(request, "console-worker-registered", time=clock.stamp(w.created_at) if w.created_at else "-"),
                  tr(request, "console-worker-said", categories=known.labels(w.hardship_said, locale)),
                  tr(request, "console-worker-recognised", categories=known.labels(w.hardship_recognised, locale))]
        + ([tr(request, "console-worker-recognised-at", time=clock.stamp(w.hardship_recognised_at))]
           if w.hardship_recognised_at else []),
        "recognised": set(w.hardship_recognised),
    }


def _page(request: web.Request, *, phone: str = "", cards: list | None = None, problem: str = "",
          done: str = "") -> web.Response:
    locale = request.get("locale") or "zh_CN"
    known = CATEGORIES.get()
    return render(request, "workers/lookup.html", phone=phone, cards=cards or [], problem=problem, done=done,
                  categories=[(c.code, c.label(locale)) for c in known.categories],
                  unverified=tr(request, "staff-recognise-unverified", check=known.check_with)
                  if not known.verified else "")


async def lookup_page(request: web.Request) -> web.Response:
    return _page(request)


async def lookup(request: web.Request) -> web.Response:
    """The workers registered with the phone typed (a POST: the phone stays
    out of addresses and logs); the lookup is audited."""
    form = await request.post()
    typed = str(form.get("phone") or "")[:30]
    phone = parsing.parse_mobile(typed)
    if phone is None:
        return _page(request, phone=typed, problem=tr(request, "console-workers-phone-invalid"))
    async with request.app[DB].transaction_now() as conn:
        found = await WorkerRepo(conn).by_phone(phone)
        await audit(conn, request, "worker.lookup", f"phone:{mask_phone(phone)}", after={"found": len(found)})
    if not found:
        return _page(request, phone=phone, problem=tr(request, "console-workers-none"))
    cards = [_card(request, w) for w in found]
    problem = tr(request, "console-workers-several", count=len(found)) if len(found) > 1 else ""
    return _page(request, phone=phone, cards=cards, problem=problem)


async def recognise(request: web.Request) -> web.Response:
    """Recognise (action=recognise) or take back (action=unrecognise) the
    categories ticked for one worker (form: openid, category…)."""
    form = await request.post()
    openid = str(form.get("openid") or "")[:64]
    on = form.get("action") != "unrecognise"
    known = CATEGORIES.get()
    codes = tuple(c for c in known.codes if c in form.getall("category", []))
    async with request.app[DB].transaction_now() as conn:
        worker = await WorkerRepo(conn).get(openid) if openid else None
        if worker is None:
            return _page(request, problem=tr(request, "console-workers-none"))
        if not codes:
            return _page(request, phone=worker.phone or "", cards=[_card(request, worker)],
                         problem=tr(request, "console-worker-pick"))
        had = set(worker.hardship_recognised)
        now = had | set(codes) if on else had - set(codes)
        locale = request.get("locale") or "zh_CN"
        if now == had or not await once(request):
            return _page(request, phone=worker.phone or "", cards=[_card(request, worker)],
                         problem=tr(request, "console-worker-unchanged", name=worker.name or "-",
                                    categories=known.labels(worker.hardship_recognised, locale)))
        await record_recognition(RecogniseHardship(openid, codes, on), console_deps(request, conn))
        after = await WorkerRepo(conn).get(openid)
        assert after is not None
        await audit(conn, request, "worker.recognise" if on else "worker.unrecognise", f"worker:{mask_openid(openid)}",
                    before={"hardship_recognised": sorted(had)},
                    after={"hardship_recognised": sorted(after.hardship_recognised)})
    request.app[TURNS].wake_sender()
    done = tr(request, "staff-recognise-done", action="recognise" if on else "unrecognise", name=after.name or "-",
              changed=known.labels(now ^ had, locale), categories=known.labels(after.hardship_recognised, locale),
              said=known.labels(after.hardship_said, locale))
    return _page(request, phone=after.phone or "", cards=[_card(request, after)], done=done)


def add_routes(router: web.UrlDispatcher, prefix: str) -> None:
    router.add_get(f"{prefix}/workers", page(role="staff")(lookup_page), name="console-workers")
    router.add_post(f"{prefix}/workers", page(role="staff")(lookup), name="console-workers-find")
    router.add_post(f"{prefix}/workers/recognise", page(role="staff")(recognise), name="console-workers-recognise")
