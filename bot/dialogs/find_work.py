"""Finding work (clauses 8 and 10): a search from the words or a shared
location, results five at a time, a job in detail, and applying to it —
registering first, briefly, if the worker has not."""
from __future__ import annotations

import json
from typing import Any

from bot.dialogs.common import BriefRegistration, pick, words_only
from bot.dialogs.engine import KEEP, Dialog, Invalid, Question, Result, Turn
from bot.language.nlu import parse_number
from bot.dialogs.post_job import job_vars, slots_from_job
from bot.language.query import SearchQuery, is_vague, parse_query
from bot.features.register.messages import WorkerProfile
from bot.features.complaints.messages import LodgeTicket
from bot.features.find_work.messages import JobById, JobsByIds

PAGE = 5
MIN_RATINGS_SHOWN = 3
REPORT_KINDS = ["fake_job", "discrimination", "other"]


def search_key(q: SearchQuery, origin: list[float] | None) -> str:
    """The data key a search is loaded under (the query, as JSON)."""
    filters = {
        "trades": list(q.trades), "areas": list(q.areas), "near": q.near,
        "date_from": q.date_from.isoformat() if q.date_from else None,
        "date_to": q.date_to.isoformat() if q.date_to else None,
        "pay_method": q.pay_method, "pay_min": q.pay_min, "pay_unit": q.pay_unit,
        "welfare": q.welfare, "words": list(q.words), "origin": origin,
    }
    return "search:" + json.dumps(filters, ensure_ascii=False, sort_keys=True)


def line_vars(job: dict, km: float | None, refdata: Any) -> dict:
    v = job_vars(slots_from_job(job, None), refdata)
    return {"trades": v["trades"], "area": v["area"], "amount": v["amount"], "pay_unit": v["pay_unit"],
            "method": v["method"], "month": v["month"], "day": v["day"],
            "km": "none" if km is None else str(km), "welfare": "yes" if job.get("kind") == "welfare" else "no",
            **rating_vars(job.get("_rating"))}


def rating_vars(stats) -> dict:
    """"4.6 points, 23 times", shown once there are at least three ratings."""
    if not stats or stats[1] < MIN_RATINGS_SHOWN:
        return {"avg": "-", "count": 0}
    return {"avg": f"{stats[0]:.1f}", "count": stats[1]}


class FindWorkDialog(BriefRegistration, Dialog):
    name = "find_work"
    accepts_more = True
    states = ["start", "ask_what", "ask_location", "results", "detail", "ask_consent", "ask_name", "ask_phone",
              "applied", "alert_set", "done", "ask_report", "reported"]
    transitions = [
        {"trigger": "searched", "source": "*", "dest": "ask_what", "conditions": "vague"},
        {"trigger": "searched", "source": "*", "dest": "ask_location", "conditions": "needs_location"},
        {"trigger": "searched", "source": "*", "dest": "results"},
        {"trigger": "answer", "source": ["ask_what", "ask_location"], "dest": "results"},
        {"trigger": "answer", "source": "results", "dest": "detail", "conditions": "picked"},
        {"trigger": "answer", "source": "results", "dest": "alert_set", "conditions": "wants_alert"},
        {"trigger": "answer", "source": "results", "dest": "results"},
        {"trigger": "answer", "source": "detail", "dest": "results", "conditions": "back_to_list"},
        {"trigger": "answer", "source": "detail", "dest": "ask_report", "conditions": "reporting"},
        {"trigger": "answer", "source": "ask_report", "dest": "reported"},
        {"trigger": "answer", "source": "detail", "dest": "applied", "conditions": "registered"},
        {"trigger": "answer", "source": "detail", "dest": "ask_consent"},
        {"trigger": "answer", "source": "ask_consent", "dest": "done", "conditions": "no_consent"},
        {"trigger": "answer", "source": "ask_consent", "dest": "ask_name"},
        {"trigger": "answer", "source": "ask_name", "dest": "ask_phone"},
        {"trigger": "answer", "source": "ask_phone", "dest": "applied"},
    ]
    questions = {
        "ask_what": Question("find-ask-what", "parse_what"),
        "ask_location": Question("find-ask-location", "parse_location", accepts_location=True),
        "results": Question("find-results-hint", "parse_results"),
        "detail": Question("job-detail-actions", "parse_detail"),
        "ask_consent": Question("apply-consent", "parse_consent"),
        "ask_report": Question("report-ask-why", "parse_report", slot="report_kind"),
        "ask_name": Question("reg-ask-name", "parse_name", slot="name"),
        "ask_phone": Question("reg-ask-phone", "parse_phone", slot="phone"),
    }

    # ---- the query -------------------------------------------------------
    def on_start(self) -> None:
        text = self.turn.text if self.turn else ""
        q = parse_query(text, self.ctx.refdata, self.ctx.today) if text else SearchQuery()
        origin = None
        if self.turn and self.turn.location is not None:
            # A shared location: the jobs nearest to it.
            origin = [self.turn.location.lat, self.turn.location.lng]
            if is_vague(q):
                q = SearchQuery(near=True)
        self._set_query(q, origin)
        self.trigger("searched")

    def _set_query(self, q: SearchQuery, origin: list[float] | None = None) -> None:
        if is_vague(q):
            worker = self.ctx.need(WorkerProfile())
            if worker is not None:
                # Nothing said: what the worker registered for.
                q = SearchQuery(trades=tuple(worker.get("trades") or ()), areas=tuple(worker.get("areas") or ()),
                                near=worker.get("near_lat") is not None)
                if worker.get("near_lat") is not None and origin is None:
                    origin = [worker["near_lat"], worker["near_lng"]]
        if origin is None and (q.near or not q.areas) and self.ctx.location is not None:
            origin = [self.ctx.location.lat, self.ctx.location.lng]
        self.slots["query"] = search_key(q, origin)[len("search:"):]
        self.slots["vague"] = is_vague(q)
        self.slots["needs_location"] = q.near and origin is None
        self.slots["page"] = 0
        if not self.slots["vague"] and not self.slots["needs_location"]:
            self._search()

    def _search(self) -> None:
        found = self.ctx.need("search:" + self.slots["query"])
        self.slots["results"] = found["results"]
        self.slots["widened"] = found["widened"]
        self.slots["page"] = 0

    def vague(self) -> bool:
        return bool(self.slots.get("vague"))

    def needs_location(self) -> bool:
        return bool(self.slots.get("needs_location"))

    def parse_what(self, turn: Turn) -> Any:
        q = parse_query(words_only(turn), self.ctx.refdata, self.ctx.today)
        if is_vague(q):
            raise Invalid("find-say-what")
        self._set_query(q)
        if self.slots["needs_location"]:
            raise Invalid("find-ask-location")
        return KEEP

    def parse_location(self, turn: Turn) -> Any:
        if turn.location is None:
            raise Invalid("find-ask-location")
        filters = json.loads(self.slots["query"])
        filters["origin"] = [turn.location.lat, turn.location.lng]
        self.slots["query"] = json.dumps(filters, ensure_ascii=False, sort_keys=True)
        self.slots["needs_location"] = False
        self._search()
        return KEEP

    # ---- results -----------------------------------------------------------
    def prompt_results(self) -> None:
        results = self.slots.get("results") or []
        page = int(self.slots.get("page", 0))
        shown = results[page * PAGE:(page + 1) * PAGE]
        if not results:
            self.say("find-nothing")
            self.say("find-alert-offer")
            return
        if self.slots.get("widened") and page == 0:
            self.say(f"find-widened-{self.slots['widened'].replace('_', '-')}")
        elif page == 0:
            self.say("find-found", count=len(results))
        jobs = self.ctx.need(JobsByIds(tuple(int(r[0]) for r in shown)))
        for i, (job_id, km) in enumerate(shown, 1):
            job = jobs.get(job_id)
            if job is not None:
                self.say("job-line", n=page * PAGE + i, **line_vars(job, km, self.ctx.refdata))
        more = len(results) > (page + 1) * PAGE
        self.say("find-results-hint", more="yes" if more else "no")
        if self.slots.get("widened"):
            self.say("find-alert-offer")

    def parse_results(self, turn: Turn) -> Any:
        text = words_only(turn)
        results = self.slots.get("results") or []
        n = parse_number(text)
        if n is not None:
            if not 1 <= n <= len(results):
                raise Invalid("pick-a-number", max=max(1, len(results)))
            self.slots["job"] = results[n - 1][0]
            return KEEP
        if self.ctx.nlu.global_word(text) == "more":
            if len(results) <= (int(self.slots.get("page", 0)) + 1) * PAGE:
                raise Invalid("no-more")
            self.slots["page"] = int(self.slots.get("page", 0)) + 1
            return KEEP
        if self.ctx.nlu.wants_alert(text):
            self.slots["alert"] = True
            return KEEP
        q = parse_query(text, self.ctx.refdata, self.ctx.today)
        if is_vague(q):
            raise Invalid("find-say-what")
        self._set_query(q)
        if self.slots["needs_location"]:
            raise Invalid("find-ask-location")
        return KEEP

    def picked(self) -> bool:
        return self.slots.get("job") is not None

    def wants_alert(self) -> bool:
        return bool(self.slots.pop("alert", False))

    def on_enter_alert_set(self) -> None:
        filters = json.loads(self.slots["query"])
        self.effect("add_alert", trades=filters.get("trades") or [], areas=filters.get("areas") or [])
        self.say("find-alert-set")
        self.say("menu-hint")

    # ---- one job -------------------------------------------------------------
    def _job(self) -> dict | None:
        return self.ctx.need(JobById(int(self.slots["job"])))

    def prompt_detail(self) -> None:
        job = self._job()
        if job is None or job["status"] != "open" or job["end_date"] < self.ctx.today.isoformat():
            self.say("job-gone")
        else:
            v = job_vars(slots_from_job(job, None), self.ctx.refdata)
            self.say("job-detail", id=job["id"], left=max(0, job["headcount"] - job["filled"]),
                     contact=job.get("contact_name") or "-", welfare="yes" if job.get("kind") == "welfare" else "no",
                     **rating_vars(job.get("_rating")), **v)
        self.say("job-detail-actions")

    def parse_detail(self, turn: Turn) -> Any:
        text = words_only(turn)
        n = parse_number(text)
        if n == 2 or self.ctx.nlu.global_word(text) == "back":
            self.slots["job"] = None
            return KEEP
        if n == 3 or self.ctx.nlu.wants_report(text):
            self.slots["reporting"] = True
            return KEEP
        if n == 1 or self.ctx.nlu.wants_apply(text):
            job = self._job()
            if job is None or job["status"] != "open" or job["filled"] >= job["headcount"]:
                raise Invalid("job-full")
            mine = self.ctx.need(f"application:{job['id']}")
            if mine is not None and mine["status"] in ("applied", "accepted"):
                raise Invalid("already-applied", phone=job["contact_phone"])
            cap = self.ctx.need("apply_cap") or {}
            if cap.get("limit") and cap["used"] >= cap["limit"]:
                raise Invalid("apply-cap-reached", limit=cap["limit"])
            return KEEP
        raise Invalid("pick-a-number", max=2)

    def back_to_list(self) -> bool:
        return self.slots.get("job") is None

    def reporting(self) -> bool:
        return bool(self.slots.pop("reporting", False))

    # ---- reporting a job (clause 20): one step --------------------------------
    def parse_report(self, turn: Turn) -> str:
        return pick(turn, REPORT_KINDS)

    def on_enter_reported(self) -> None:
        kind = self.slots["report_kind"]
        self.do(LodgeTicket(kind, text=self.ctx.nlu.report_text(), job_id=self.slots["job"], context="report",
                            hide_job=kind == "fake_job"))
        self.say("reported", id=Result("ticket_id"), hidden="yes" if kind == "fake_job" else "no")
        self.say("menu-hint")

    def registered(self) -> bool:
        return self.ctx.need(WorkerProfile()) is not None

    # ---- applying (with a brief registration) ----------------------------------
    def on_enter_done(self) -> None:
        self.say("reg-declined")
        self.say("menu-hint")

    def on_enter_applied(self) -> None:
        job = self._job()
        self.register_briefly(job["trades"], [job["area"]])
        self.effect("apply", job_id=job["id"])
        self.say("applied", contact=job.get("contact_name") or "-", phone=job["contact_phone"], id=job["id"])
        self.say("menu-hint")

