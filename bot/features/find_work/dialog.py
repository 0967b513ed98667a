"""Finding work (clauses 8 and 10): a search from the words or a shared
location, results five at a time, a job in detail, and applying to it —
registering first, briefly, if the worker has not; reporting a job
(clause 20); "my applications" (withdraw one); stopping pushed jobs."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from bot.domain import Application, Job
from bot.engine.answers import KEEP_IT, UNDO, Choice, labels_in, pick, rating_vars, undo_answer, words_only
from bot.engine.lists import PickFromList
from bot.engine.dialog import KEEP, Dialog, Invalid, Location, Question, Result, StepResult, Turn
from bot.language.choices import choice_words
from bot.language.nlu import parse_number
from bot.features.post_job.dialog import job_vars, slots_from_job
from bot.language.query import SearchQuery, asks_by_terms, is_vague, left_open, parse_query
from bot.features.register.dialog import BriefRegistration
from bot.features.register.messages import WorkerProfile
from bot.features.complaints.messages import LodgeTicket
from bot.features.find_work.messages import (AddJobAlert, ApplicationsToday, Apply, FindJobs, JobById, JobsByIds,
                                             MyApplications, MyApplicationTo, StopPushes, Withdraw)
from bot.i18n import Say, say

PAGE = 5
# In the order the question shows them; their words: bot/data/choices.json.
REPORT_KINDS = Choice("report_kind", ("fake_job", "discrimination", "other"))
# "Withdraw this application? 1 yes 2 no": "not going any more" is a yes.
WITHDRAW = Choice("cancel_confirm", (UNDO, KEEP_IT))
# "Sign me up", "I'll go" at a list of jobs, no job named: which one (or, with none found, that there is none).
APPLY_AT_RESULTS = Choice("results_apply", ("apply",))


def search_for(q: SearchQuery, origin: tuple[float, float] | None) -> FindJobs:
    """The search for what the words asked, from where the worker is."""
    return FindJobs(trades=tuple(q.trades), areas=tuple(q.areas), near=q.near,
                    date_from=q.date_from.isoformat() if q.date_from else None,
                    date_to=q.date_to.isoformat() if q.date_to else None,
                    pay_method=q.pay_method, pay_min=q.pay_min, pay_unit=q.pay_unit,
                    welfare=q.welfare, meals=q.meals, lodging=q.lodging, pay_first=q.pay_first,
                    words=tuple(q.words), origin=origin)


def nearest_market(refdata: Any, location: Location) -> Say | None:
    """"The nearest market is X, 2.3 km away", after a shared location."""
    nearest = refdata.nearest_markets(location.lat, location.lng, limit=1)
    if not nearest:
        return None
    market, km = nearest[0]
    return say("nearest-market", name=market.name, km=round(km, 1))


def line_vars(job: Job, km: float | None, refdata: Any, locale: str = "zh_CN") -> dict:
    v = job_vars(slots_from_job(job, None), refdata, locale)
    return {"trades": v["trades"], "area": v["area"], "amount": v["amount"], "pay_unit": v["pay_unit"],
            "method": v["method"], "month": v["month"], "day": v["day"],
            "km": "none" if km is None else str(km), "welfare": "yes" if job.is_welfare else "no",
            **rating_vars(job.employer_rating)}


class FindWorkDialog(BriefRegistration, Dialog):
    name = "find_work"
    accepts_more = True
    browsing = frozenset({"ask_what", "ask_location", "results", "detail"})
    states = ["start", "ask_what", "ask_location", "results", "detail", "ask_consent", "ask_name", "ask_phone",
              "applied", "alert_set", "done", "ask_report", "reported"]

    # ---- the query -------------------------------------------------------
    @classmethod
    def start(cls, ctx: Any, turn: Turn, slots: dict | None = None) -> StepResult:
        result = super().start(ctx, turn, slots)
        if turn is not None and turn.location is not None:
            # A shared location opened the search: where the nearest market
            # is, after the jobs near it.
            line = nearest_market(ctx.refdata, turn.location)
            if line is not None:
                result.out.append(line)
        return result

    def on_start(self) -> None:
        text = self.turn.text if self.turn else ""
        q = parse_query(text, self.ctx.refdata, self.ctx.today) if text else SearchQuery()
        origin = None
        if self.turn and self.turn.location is not None:
            # A shared location: the jobs nearest to it.
            origin = (self.turn.location.lat, self.turn.location.lng)
            if is_vague(q):
                q = SearchQuery(near=True)
        self._set_query(q, origin)
        self.trigger("searched")

    def _set_query(self, q: SearchQuery, origin: tuple[float, float] | None = None) -> None:
        if is_vague(q):
            worker = self.ctx.need(WorkerProfile())
            if worker is not None:
                # Nothing said: what the worker registered for (better paid first, if asked).
                q = SearchQuery(trades=worker.trades, areas=worker.areas, near=worker.near is not None,
                                pay_first=q.pay_first)
                if worker.near is not None and origin is None:
                    origin = worker.near
        if origin is None and (q.near or not q.areas) and self.ctx.location is not None:
            origin = (self.ctx.location.lat, self.ctx.location.lng)
        # Kept in the saved dialog as JSON; asked as FindJobs.
        self.slots["query"] = search_for(q, origin).to_json()
        self.slots["vague"] = is_vague(q)
        self.slots["needs_location"] = q.near and origin is None
        self.slots["page"] = 0
        if not self.slots["vague"] and not self.slots["needs_location"]:
            self._search()

    def _search_again(self, search: FindJobs) -> None:
        """Another search, kept as the one asked (nothing left vague, no
        location awaited), and run."""
        self.slots.update(query=search.to_json(), vague=False, needs_location=False)
        self._search()

    def _search(self) -> None:
        found = self.ctx.need(FindJobs.from_json(self.slots["query"]))
        self.slots["results"] = found["results"]
        self.slots["widened"] = found["widened"]
        self.slots["page"] = 0

    def _search_left_open(self, left: frozenset[str]) -> bool:
        """"Anywhere in Quanzhou", "any work will do": the search again
        without what the worker leaves open (at the first question, when
        nothing was said before: every open job). False when the words
        leave nothing open."""
        if not left:
            return False
        search = FindJobs.from_json(self.slots["query"]) if self.slots.get("query") else FindJobs()
        if "place" in left:
            search = replace(search, areas=(), near=False)
        if "work" in left:
            search = replace(search, trades=(), words=())
        if "day" in left:
            search = replace(search, date_from=None, date_to=None)
            self.say("find-open-day")
        self._search_again(search)
        return True

    @classmethod
    def own_words(cls, ctx: Any, saved: dict, turn: Turn) -> bool:
        """While looking: "any better paid?", "with a bed?" ask the search,
        not the policy desk (which read the word for wages as unpaid wages)."""
        if saved.get("state") not in cls.browsing or not turn.text:
            return False
        return asks_by_terms(parse_query(turn.text, ctx.refdata, ctx.today))

    def vague(self) -> bool:
        return bool(self.slots.get("vague"))

    def needs_location(self) -> bool:
        return bool(self.slots.get("needs_location"))

    def parse_what(self, turn: Turn) -> Any:
        text = words_only(turn)
        q = parse_query(text, self.ctx.refdata, self.ctx.today)
        if self.slots.get("query") and FindJobs.from_json(self.slots["query"]).pay_first:
            q = replace(q, pay_first=True)   # "better paid ones" said before what work
        if is_vague(q):
            if self._search_left_open(left_open(text)):
                return KEEP
            raise Invalid("find-say-what")
        self._set_query(q)
        if self.slots["needs_location"]:
            raise Invalid("find-ask-location")
        return KEEP

    def parse_location(self, turn: Turn) -> Any:
        if turn.location is None:
            return self._place_instead(turn)
        search = replace(FindJobs.from_json(self.slots["query"]), origin=(turn.location.lat, turn.location.lng))
        self.slots["query"] = search.to_json()
        self.slots["needs_location"] = False
        self._search()
        return KEEP

    def _place_instead(self, turn: Turn) -> Any:
        """Words at the location's question: a place ("in Fengze", "Chendai"),
        searched there instead; "anywhere", searched without one; the work
        alone, kept, and the location (or a place) asked again."""
        text = words_only(turn)
        if self._search_left_open(left_open(text)):
            return KEEP
        q = parse_query(text, self.ctx.refdata, self.ctx.today)
        search = FindJobs.from_json(self.slots["query"])
        if q.trades:
            search = replace(search, trades=tuple(q.trades), words=tuple(q.words))
        if q.pay_first:
            search = replace(search, pay_first=True)
        if not q.areas:
            self.slots["query"] = search.to_json()
            raise Invalid("find-location-or-place")
        self._search_again(replace(search, areas=tuple(q.areas), near=False))
        return KEEP

    # ---- results -----------------------------------------------------------
    def prompt_results(self) -> None:
        results = self.slots.get("results") or []
        page = int(self.slots.get("page", 0))
        shown = results[page * PAGE:(page + 1) * PAGE]
        if page == 0:
            self.say("find-searched", **self._searched_vars())
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
                self.say("job-line", n=page * PAGE + i, **line_vars(job, km, self.ctx.refdata, self.ctx.locale))
        more = len(results) > (page + 1) * PAGE
        self.say("find-results-hint", more="yes" if more else "no")
        if self.slots.get("widened"):
            self.say("find-alert-offer")

    def _searched_vars(self) -> dict:
        """What the search understood, to say back before its results
        (trades, places, from which day), in the reader's language."""
        q = FindJobs.from_json(self.slots["query"])
        refdata, locale = self.ctx.refdata, self.ctx.locale
        trades = [t.label(locale) for t in map(refdata.trade_by_code, q.trades) if t is not None]
        areas = [a.label(locale) for a in map(refdata.area_by_code, q.areas) if a is not None]
        day = date.fromisoformat(q.date_from) if q.date_from else None
        return {"what": " / ".join(trades) or ("welfare" if q.welfare else "any"),
                "where": " / ".join(areas) or ("near" if q.near else "none"),
                "month": day.month if day else 0, "day": day.day if day else 0,
                "range": "yes" if q.date_to and q.date_to != q.date_from else "no",
                # Said back too, so that a worker sees "paid daily" was heard.
                "method": q.pay_method or "none", "pay_min": q.pay_min if q.pay_min is not None else "none",
                "pay_unit": q.pay_unit or "day",
                "board": ("both" if q.meals and q.lodging else "meals" if q.meals else
                          "lodging" if q.lodging else "none"),
                "order": "pay" if q.pay_first else "none"}

    def parse_results(self, turn: Turn) -> Any:
        text = words_only(turn)
        results = self.slots.get("results") or []
        n = parse_number(text)
        if n is not None:
            if not results:
                raise Invalid("find-nothing-to-pick")   # not "reply 1": there is nothing to pick
            if not 1 <= n <= len(results):
                raise Invalid("pick-a-number", max=len(results))
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
        if self.ctx.nlu.yes_no(text) and len(results) <= 1:
            # "OK" to the one thing offered: nothing found, the offer of a
            # notice; one job found, that job (more: answers_aside asks which).
            if results:
                self.slots["job"] = results[0][0]
            else:
                self.slots["alert"] = True
            return KEEP
        q = parse_query(text, self.ctx.refdata, self.ctx.today)
        if is_vague(q) and self._search_left_open(left_open(text)):
            return KEEP
        if is_vague(q) and q.pay_first and self._narrows(q):
            return KEEP   # "any better paid?": the same jobs, the better paid first
        if is_vague(q):
            # Not a new search: perhaps a job shown, by its contact's name ("Boss Chen's one").
            page = int(self.slots.get("page", 0))
            shown = [int(r[0]) for r in results[page * PAGE:(page + 1) * PAGE]]
            jobs = self.ctx.need(JobsByIds(tuple(shown))) if shown else {}
            names = [(jobs[i].contact_name or "") if i in jobs else "" for i in shown]
            named = labels_in(text, names) if any(names) else []
            if len(named) == 1:
                self.slots["job"] = shown[named[0]]
                return KEEP
            raise Invalid("find-say-what")
        if self._narrows(q):
            return KEEP
        self._set_query(q)
        if self.slots["needs_location"]:
            raise Invalid("find-ask-location")
        return KEEP

    def _narrows(self, q: SearchQuery) -> bool:
        """"Any paid daily?", "tomorrow's?", "over 200?", "and in Fengze?",
        "with a bed?", "movers?" at the results: the same search with what was said put in
        (the work, or the place, or a filter), the rest kept. False for a
        whole new search (work and place both said), "near me" or welfare
        posts."""
        if (q.trades and q.areas) or q.near or q.welfare or not self.slots.get("query"):
            return False
        search = FindJobs.from_json(self.slots["query"])
        if search.welfare:
            return False   # welfare posts looked at: other words are another search
        if q.trades:
            search = replace(search, trades=tuple(q.trades), words=tuple(q.words))
        if q.areas:
            search = replace(search, areas=tuple(q.areas), near=False)
        if q.date_from or q.date_to:
            search = replace(search, date_from=q.date_from.isoformat() if q.date_from else None,
                             date_to=q.date_to.isoformat() if q.date_to else None)
        if q.pay_method:
            search = replace(search, pay_method=q.pay_method)
        if q.pay_min is not None:
            search = replace(search, pay_min=q.pay_min, pay_unit=q.pay_unit)
        if q.meals or q.lodging:
            # "With a bed?" after "with meals": both asked.
            search = replace(search, meals=search.meals or q.meals, lodging=search.lodging or q.lodging)
        if q.pay_first:
            search = replace(search, pay_first=True)
        self._search_again(search)
        return True

    def answers_aside(self, turn: Turn) -> bool:
        """A yes to a list of jobs (which one?), a no to it (what else to
        look for) or "how much?": said, and the list shown again, not a miss."""
        if self.state == "detail":
            return self._where_the_job_is(turn)
        if self.state != "results":
            return super().answers_aside(turn)   # the consent's (BriefRegistration)
        if turn.kind not in ("text", "voice"):
            return False
        results = self.slots.get("results")
        applies = bool(choice_words(APPLY_AT_RESULTS.name).match(turn.text, APPLY_AT_RESULTS.codes))
        if not results and (applies or self.ctx.nlu.asks_cost(turn.text)):
            # "How much a day?", "sign me up" when nothing was found: that there
            # is nothing yet, and what to do (was "say what work", a miss).
            self.say("find-nothing-yet")
            return True
        if results and self.ctx.nlu.asks_cost(turn.text):
            # "How much a day?": each line says it; where, and how to see more.
            self.say("find-pay-shown")
            return True
        if results and self.ctx.nlu.asks_where(turn.text) and not self.ctx.refdata.match_areas(turn.text) \
                and not self.ctx.refdata.match_towns(turn.text):
            # "Where is it?" at a list: each line names its place, a job's number its address.
            self.say("find-place-shown")
            return True
        if applies:
            self.say("find-said-yes")   # which one: its number
            return True
        said = self.ctx.nlu.yes_no(turn.raw_text)
        if said is None:
            return False
        self.say("find-said-yes" if said else "find-said-no")
        return True

    _place_just_said = False   # (this turn only: the dialog is made again for each message)

    def _where_the_job_is(self, turn: Turn) -> bool:
        """"Where is this job?" at a job's detail: its place (and that the
        employer tells the way), and the choice again; not the markets'
        district question, which left the job (found in ./dev chat)."""
        if turn.kind not in ("text", "voice") or not turn.text:
            return False
        job = self._job()
        if job is None or not self.ctx.nlu.asks_where(turn.text):
            return False
        v = job_vars(slots_from_job(job, None), self.ctx.refdata, self.ctx.locale)
        self.say("job-detail-place", area=v["area"], address="none" if v["address"] == "-" else v["address"])
        self._place_just_said = True   # the choice again, without the whole job once more
        return True

    def picked(self) -> bool:
        return self.slots.get("job") is not None

    def wants_alert(self) -> bool:
        return bool(self.slots.pop("alert", False))

    def on_enter_alert_set(self) -> None:
        search = FindJobs.from_json(self.slots["query"])
        near = search.origin if search.near and not search.areas else None
        self.do(AddJobAlert(search.trades, search.areas, meals=search.meals, lodging=search.lodging, near=near,
                            pay_method=search.pay_method, pay_min=search.pay_min, pay_unit=search.pay_unit))
        self.say("find-alert-set")
        self.say("menu-hint")

    # ---- one job -------------------------------------------------------------
    def _job(self) -> Job | None:
        return self.ctx.need(JobById(int(self.slots["job"])))

    def prompt_detail(self) -> None:
        job = self._job()
        if job is None or not job.is_open_on(self.ctx.today):
            self.say("job-gone")
        elif not self._place_just_said:
            v = job_vars(slots_from_job(job, None), self.ctx.refdata, self.ctx.locale)
            self.say("job-detail", id=job.id, left=job.places_left,
                     contact=job.contact_name or "-", welfare="yes" if job.is_welfare else "no",
                     **rating_vars(job.employer_rating), **v)
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
            if job is None or not job.takes_applications:
                raise Invalid("job-full")
            mine = self.ctx.need(MyApplicationTo(job.id))
            if mine is not None and mine.is_active:
                raise Invalid("already-applied", phone=job.contact_phone)
            today = self.ctx.need(ApplicationsToday())
            if today.reached:
                raise Invalid("apply-cap-reached", limit=today.limit)
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
        assert job is not None  # parse_detail let the worker apply only to a job there is
        self.register_briefly(list(job.trades), [job.area])
        self.do(Apply(job.id))
        self.say("applied", contact=job.contact_name or "-", phone=job.contact_phone, id=job.id)
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "searched", "source": "*", "dest": "ask_what", "conditions": vague},
        {"trigger": "searched", "source": "*", "dest": "ask_location", "conditions": needs_location},
        {"trigger": "searched", "source": "*", "dest": "results"},
        {"trigger": "answer", "source": ["ask_what", "ask_location"], "dest": "results"},
        {"trigger": "answer", "source": "results", "dest": "detail", "conditions": picked},
        {"trigger": "answer", "source": "results", "dest": "alert_set", "conditions": wants_alert},
        {"trigger": "answer", "source": "results", "dest": "results"},
        {"trigger": "answer", "source": "detail", "dest": "results", "conditions": back_to_list},
        {"trigger": "answer", "source": "detail", "dest": "ask_report", "conditions": reporting},
        {"trigger": "answer", "source": "ask_report", "dest": "reported"},
        {"trigger": "answer", "source": "detail", "dest": "applied", "conditions": registered},
        {"trigger": "answer", "source": "detail", "dest": "ask_consent"},
        {"trigger": "answer", "source": "ask_consent", "dest": "done", "conditions": BriefRegistration.no_consent},
        {"trigger": "answer", "source": "ask_consent", "dest": "ask_name"},
        {"trigger": "answer", "source": "ask_name", "dest": "ask_phone"},
        {"trigger": "answer", "source": "ask_phone", "dest": "applied"},
    ]
    questions = {
        "ask_what": Question("find-ask-what", parse_what),
        "ask_location": Question("find-ask-location", parse_location),
        "results": Question("find-results-hint", parse_results, ask=prompt_results),
        "detail": Question("job-detail-actions", parse_detail, ask=prompt_detail),
        "ask_consent": Question("apply-consent", BriefRegistration.parse_consent),
        "ask_report": Question("report-ask-why", parse_report, slot="report_kind"),
        "ask_name": Question("reg-ask-name", BriefRegistration.parse_name, slot="name"),
        "ask_phone": Question("reg-ask-phone", BriefRegistration.parse_phone, slot="phone"),
    }
    on_enter = {
        "applied": on_enter_applied,
        "alert_set": on_enter_alert_set,
        "done": on_enter_done,
        "reported": on_enter_reported,
    }


class MyApplicationsDialog(PickFromList, Dialog):
    """"My applications": see them, withdraw one; the employer is told."""

    name = "my_applications"
    states = ["start", "pick", "confirm", "withdrawn", "kept", "empty"]
    list_says = ("myapps-list", "myapps-pick")

    def items(self) -> list[Application]:
        return [a for a in self.ctx.need(MyApplications()) if a.is_active]

    def say_item(self, n: int, a: Application) -> None:
        job = a.job
        assert job is not None  # MyApplications reads each with its job
        v = job_vars(slots_from_job(job, None), self.ctx.refdata, self.ctx.locale)
        self.say("myapps-line", n=n, trades=v["trades"], area=v["area"], month=v["month"], day=v["day"],
                 status=a.status, contact=job.contact_name or "-",
                 phone=job.contact_phone or "-")  # "-": the employer deleted their data

    def label(self, a: Application) -> str:
        """What a worker calls one of their applications ("the Fengze one", "Chen's"): its trades,
        area and the employer's name."""
        assert a.job is not None
        v = job_vars(slots_from_job(a.job, None), self.ctx.refdata, self.ctx.locale)
        return f"{v['trades']} {v['area']} {a.job.contact_name or ''}"

    def parse_confirm(self, turn: Turn) -> bool:
        return undo_answer(self.ctx, turn, WITHDRAW)

    def agreed(self) -> bool:
        return bool(self.slots.get("confirm"))

    def on_enter_withdrawn(self) -> None:
        self.do(Withdraw(self.slots["pick"]))
        self.say("myapps-withdrawn")
        self.say("menu-hint")

    def on_enter_kept(self) -> None:
        self.say("myapps-kept")
        self.say("menu-hint")

    def on_enter_empty(self) -> None:
        self.say("myapps-none")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "listed", "source": "start", "dest": "pick", "conditions": PickFromList.has_any},
        {"trigger": "listed", "source": "start", "dest": "empty"},
        {"trigger": "answer", "source": "pick", "dest": "confirm"},
        {"trigger": "answer", "source": "confirm", "dest": "withdrawn", "conditions": agreed},
        {"trigger": "answer", "source": "confirm", "dest": "kept"},
    ]
    questions = {
        "pick": Question("myapps-pick", PickFromList.parse_pick, ask=PickFromList.prompt_pick),
        "confirm": Question("myapps-withdraw", parse_confirm, own_words=WITHDRAW.name),
    }
    on_enter = {"withdrawn": on_enter_withdrawn, "kept": on_enter_kept, "empty": on_enter_empty}


def unsubscribe() -> StepResult:
    """"Stop sending me jobs" (the unsubscribe intent): no more pushes or
    alerts, said at once; no dialog opens."""
    return StepResult([say("unsubscribed")], [StopPushes()], None)
