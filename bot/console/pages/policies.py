"""The policies page (#15): the policy knowledge base, listed and edited in a form, with
the answer previewed as a user gets it in WeChat and `policy-eval`'s
figures before and after the change shown before it is saved.

* GET  {prefix}/policies             the entries (search with ?q=)
* GET  {prefix}/policies/new         an empty form (a new entry)
* GET  {prefix}/policies/{id}        an entry's form, with its preview as it is
* POST {prefix}/policies/{id}        action=preview: check the form, preview it, evaluate before and after;
                                     action=save: save it (only the version previewed: a form changed since
                                     is previewed again instead), audited; then every process uses it
                                     within staff_data's refresh (2 s)
  (a new entry posts to {prefix}/policies/new with its id in the form)

Reading needs the reviewer role, changing the staff role. Nothing a user
typed reaches this page; the entries are staff's own text.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from aiohttp import web

from bot.console.web import audit, page, render, tr
from bot.handlers.keys import CATALOG, DB, STAFF_DATA
from bot.language.policy_kb import PolicyBaseError
from bot.services import policy_edit
from bot.services.staff_data import policy_docs, save_policy

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: The fields of the form, in its order (each an element name and id "policy-<field>").
FIELDS = ("title", "title_en", "questions", "short", "short_en", "details", "details_en", "where", "where_en",
          "source", "checked", "related", "note")
UNVERIFIED = "verified: false"
NAV = (60, "console-nav-policies", "/console/policies", "reviewer")


def add_routes(router: web.UrlDispatcher, prefix: str) -> None:
    router.add_get(f"{prefix}/policies", list_page, name="console-policies")
    router.add_get(f"{prefix}/policies/new", new_page)
    router.add_post(f"{prefix}/policies/new", post_new)
    router.add_get(f"{prefix}/policies/{{id}}", edit_page)
    router.add_post(f"{prefix}/policies/{{id}}", post_entry)


def _tools(app: web.Application) -> tuple[Any, Any, Any, Any]:
    from bot.app import content_rules, language_resources

    refdata, nlu = language_resources()
    return app[STAFF_DATA].current.refdata, nlu, content_rules(), app[CATALOG]


async def _docs(request: web.Request) -> list[dict]:
    async with request.app[DB].reading() as conn:
        return await policy_docs(conn)


def _form_of(doc: dict) -> dict[str, str]:
    """An entry as the form shows it: lists one item a line."""
    out = {k: doc.get(k, "") for k in FIELDS}
    out["questions"] = "\n".join(doc.get("questions", []))
    out["related"] = "\n".join(doc.get("related", []))
    out["note"] = doc.get("note", "")
    return out


def _edit(request: web.Request, **context: Any) -> web.Response:
    """The entry's form (edit.html), every variable it reads given."""
    shown: dict[str, Any] = {"new": False, "entry_id": "", "preview": None, "diff": None, "error": "", "digest": "",
                             "saved": False, "others": [], "can_edit": _can_edit(request)}
    shown.update(context)
    return render(request, "policies/edit.html", **shown)


def _can_edit(request: web.Request) -> bool:
    return bool(request["staff"].can("staff"))


def _digest(doc: dict) -> str:
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


@page(role="reviewer")
async def list_page(request: web.Request) -> web.Response:
    docs = await _docs(request)
    q = request.query.get("q", "").strip()[:100]
    if q:
        low = q.lower()
        docs = [d for d in docs if low in d["id"] or low in d["title"] or low in d["title_en"].lower()
                or any(low in x for x in d["questions"])]
    rows = [{"id": d["id"], "title": d["title"], "checked": d["checked"], "questions": len(d["questions"]),
             "unverified": UNVERIFIED in d.get("note", "")} for d in docs]
    return render(request, "policies/list.html", rows=rows, q=q, can_edit=_can_edit(request))


@page(role="staff")
async def new_page(request: web.Request) -> web.Response:
    return _edit(request, new=True, entry_id="", form=_form_of({}), preview=None,
                  diff=None, error="", digest="", others=sorted(d["id"] for d in await _docs(request)))


@page(role="reviewer")
async def edit_page(request: web.Request) -> web.Response:
    entry_id = request.match_info["id"]
    docs = await _docs(request)
    doc = next((d for d in docs if d["id"] == entry_id), None)
    if doc is None:
        raise web.HTTPFound(request.app.router["console-policies"].url_for())
    previews = None
    base = request.app[STAFF_DATA].current.policies
    if base is not None and base.entry(entry_id) is not None:
        refdata, nlu, rules, catalog = _tools(request.app)
        previews = [policy_edit.preview(base, entry_id, catalog, refdata, nlu, rules, locale)
                    for locale in ("zh_CN", "en")]
    return _edit(request, new=False, entry_id=entry_id, form=_form_of(doc),
                  preview=previews, diff=None, error="", digest="", saved=request.query.get("saved") == "1",
                  others=sorted(d["id"] for d in docs if d["id"] != entry_id))


@page(role="staff")
async def post_new(request: web.Request) -> web.Response:
    form = await request.post()
    entry_id = str(form.get("id", "")).strip()
    docs = await _docs(request)
    if not _ID_RE.match(entry_id) or len(entry_id) > 60:
        return _form_again(request, True, entry_id, form, docs, tr(request, "console-policy-bad-id"))
    return await _post(request, entry_id, form, docs, new=True)


@page(role="staff")
async def post_entry(request: web.Request) -> web.Response:
    entry_id = request.match_info["id"]
    form = await request.post()
    docs = await _docs(request)
    if not any(d["id"] == entry_id for d in docs):
        raise web.HTTPFound(request.app.router["console-policies"].url_for())
    return await _post(request, entry_id, form, docs, new=False)


_FIELD_RE = re.compile(r"'([a-z_]+)'")


def _invalid(request: web.Request, exc: Exception) -> str:
    """The check's one line, with the box it is about named in the staff
    member's language when it names one."""
    problem = str(exc)
    named = [f for f in _FIELD_RE.findall(problem) if f in FIELDS]
    if "related id" in problem:
        named = ["related"]
    field = tr(request, "console-policy-field", field=named[0]) if named else "none"
    return tr(request, "console-policy-invalid", field=field, problem=problem)


def _form_again(request: web.Request, new: bool, entry_id: str, form: Any, docs: list[dict], error: str,
                status: int = 200) -> web.Response:
    shown = {k: str(form.get(k, "")) for k in FIELDS}
    return _edit(request, new=new, entry_id=entry_id, form=shown, preview=None, diff=None,
                  error=error, digest="", others=sorted(d["id"] for d in docs if d["id"] != entry_id))


async def _post(request: web.Request, entry_id: str, form: Any, docs: list[dict], new: bool) -> web.Response:
    stored = next((d for d in docs if d["id"] == entry_id), None)
    if new and stored is not None:
        return _form_again(request, True, entry_id, form, docs, tr(request, "console-policy-id-taken"))
    doc = policy_edit.form_doc({k: str(form.get(k, "")) for k in FIELDS}, entry_id)
    after = policy_edit.edited(docs, doc)
    # What was previewed: this form against the entry as it was stored then
    # (another staff member's save in between changes it).
    digest = _digest({"doc": doc, "was": stored})
    staff_data = request.app[STAFF_DATA]
    if form.get("action") == "save" and form.get("digest") == digest:
        try:
            async with request.app[DB].transaction_now() as conn:
                await save_policy(conn, doc)
                await audit(conn, request, "policy.save", entry_id, before=stored, after=doc)
        except PolicyBaseError as exc:
            return _form_again(request, new, entry_id, form, docs, _invalid(request, exc))
        await staff_data.refresh()   # this process at once; the others within their next look
        raise web.HTTPSeeOther(f"{request.app.router['console-policies'].url_for()}/{entry_id}?saved=1")
    # Preview (or a save of something else than was previewed: previewed again, saying so).
    again = tr(request, "console-policy-changed") if form.get("action") == "save" else ""
    try:
        diff = await policy_edit.eval_diff(staff_data.current.policies, after, staff_data.tokenizer)
    except PolicyBaseError as exc:
        return _form_again(request, new, entry_id, form, docs, _invalid(request, exc))
    refdata, nlu, rules, catalog = _tools(request.app)
    previews = [policy_edit.preview(diff.base, entry_id, catalog, refdata, nlu, rules, locale)
                for locale in ("zh_CN", "en")]
    return _edit(request, new=new, entry_id=entry_id, form=_form_of(doc), preview=previews,
                 diff=diff, error=again, digest=digest, others=sorted(d["id"] for d in docs if d["id"] != entry_id))

