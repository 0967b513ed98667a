"""Posts in the console (#15): posts found by trade, area, status, words
or the employer's phone; one post with its applicants counted and the
reports against it; a post closed (its employer told why) or hidden
(out of search at once, as a reported fraud is, until review decides it).
Reviewers may read; closing and hiding are staff's."""
from __future__ import annotations

import time

from aiohttp import web

from bot import clock
from bot.console.pages.review import as_worker_sees, job_id_of, post_line, reasons_in_words, refdata
from bot.console.web import audit, console_deps, once, page, render, tr
from bot.handlers.keys import DB, TURNS
from bot.masking import mask_phone, mask_text
from bot.services.staff_posts import (MAX_REASON, SEARCH_LIMIT, STATUSES, PostSearch, close_post, hide_post,
                                      job_record, post_detail, search_posts)

NAV = (30, "console-posts-title", "/console/posts", "reviewer")
MAX_REPORT_TEXT = 60
DONE = ("closed", "hidden", "unchanged", "reason")


async def search(request: web.Request) -> web.Response:
    s = PostSearch.from_query(request.query)
    found: list = []
    problem = ""
    if s.phone and s.phone_digits is None:
        problem = tr(request, "console-posts-phone-invalid")
    else:
        async with request.app[DB].reading() as conn:
            found = await search_posts(conn, s, now=time.time())
    locale = request.get("locale") or "zh_CN"
    rd = refdata(request)
    rows = [{"id": j.id, "line": post_line(request, j),
             "status": tr(request, "console-post-status", status=j.status_on(clock.today(time.time())))}
            for j in found]
    return render(request, "posts/search.html", s=s, rows=rows, problem=problem, searched=not s.empty,
                  limit=SEARCH_LIMIT, statuses=STATUSES,
                  trades=[(t.code, t.label(locale)) for t in rd.trades],
                  areas=[(a.code, a.label(locale)) for a in rd.areas])


async def detail(request: web.Request) -> web.Response:
    job_id = job_id_of(request)
    # The employer's phone whole only when a member of staff asks for it (?show=phone), and that is audited.
    show_phone = request.query.get("show") == "phone" and request["staff"].can("staff")
    async with request.app[DB].reading() as conn:
        found = await post_detail(conn, job_id) if job_id is not None else None
    if found is not None and show_phone and found.employer is not None:
        async with request.app[DB].transaction_now() as conn:
            await audit(conn, request, "post.phone_view", f"job:{found.job.id}")
    if found is None:
        return render(request, "error.html", status=404, message=tr(request, "console-post-not-found", id=job_id or 0))
    job = found.job
    counts = {k: found.applications.get(k, 0) for k in ("applied", "accepted", "declined", "withdrawn")}
    reports = [tr(request, "staff-todo-line", id=t.id, kind=t.kind, status=t.status,
                  time=clock.stamp(t.created_at) if t.created_at else "-", urgent="yes" if t.urgent else "no",
                  wrote="yes" if t.text else "no", text=mask_text(t.text or "")[:MAX_REPORT_TEXT])
               for t in found.reports]
    done = request.query.get("done", "")
    e = found.employer
    return render(request, "posts/detail.html", job=job, line=post_line(request, job),
                  status_text=tr(request, "console-post-status", status=job.status_on(clock.today(time.time()))),
                  employer=tr(request, "console-post-employer", name=e.name if e else "-",
                              phone=(e.phone if show_phone else mask_phone(e.phone)) if e else "-"),
                  phone_whole=show_phone,
                  created=tr(request, "console-post-created", time=clock.stamp(job.created_at) if job.created_at
                             else "-"),
                  applied=tr(request, "console-post-applied", count=found.applied, **counts),
                  reasons=reasons_in_words(request, job) if job.status == "review" else [],
                  preview=as_worker_sees(request, job), reports=reports,
                  can_close=job.status in ("open", "review"), can_hide=job.status == "open",
                  may_change=request["staff"].can("staff"),
                  done=_done_text(request, done, job), done_ok=done in ("closed", "hidden"))


def _done_text(request: web.Request, done: str, job) -> str:
    if done not in DONE:
        return ""
    if done == "reason":
        return tr(request, "console-post-reason-needed")
    if done == "unchanged":
        return tr(request, "console-post-unchanged", id=job.id, status=job.status)
    return tr(request, f"console-post-{done}", id=job.id)


async def _change(request: web.Request, action: str) -> web.StreamResponse:
    """Close or hide one post (form: reason); audited; back to its page."""
    job_id = job_id_of(request)
    if job_id is None:
        raise web.HTTPFound(request.app.router["console-posts"].url_for())
    here = request.app.router["console-post"].url_for(job_id=str(job_id))
    form = await request.post()
    reason = str(form.get("reason") or "").strip()[:MAX_REASON]
    if not reason:
        raise web.HTTPFound(here.with_query(done="reason"))
    if not await once(request):
        raise web.HTTPFound(here)
    async with request.app[DB].transaction_now() as conn:
        deps = console_deps(request, conn)
        changed = await (close_post if action == "close" else hide_post)(deps, job_id, reason)
        if changed is not None:
            before, after = changed
            await audit(conn, request, f"post.{action}", f"job:{job_id}", before=job_record(before),
                        after=job_record(after))
    if changed is None:
        raise web.HTTPFound(here.with_query(done="unchanged"))
    request.app[TURNS].wake_sender()
    raise web.HTTPFound(here.with_query(done="closed" if action == "close" else "hidden"))


async def close(request: web.Request) -> web.StreamResponse:
    return await _change(request, "close")


async def hide(request: web.Request) -> web.StreamResponse:
    return await _change(request, "hide")


def add_routes(router: web.UrlDispatcher, prefix: str) -> None:
    router.add_get(f"{prefix}/posts", page(role="reviewer")(search), name="console-posts")
    router.add_get(prefix + "/posts/{job_id}", page(role="reviewer")(detail), name="console-post")
    router.add_post(prefix + "/posts/{job_id}/close", page(role="staff")(close), name="console-post-close")
    router.add_post(prefix + "/posts/{job_id}/hide", page(role="staff")(hide), name="console-post-hide")
