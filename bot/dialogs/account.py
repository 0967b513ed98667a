"""A user's own records: "my info" (the worker profile), "delete" (delete
it), and "my jobs" (an employer's jobs: close, repost, edit)."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.language import parsing
from bot.dialogs.engine import Dialog, Invalid, Question, Result, Turn
from bot.language.nlu import parse_number
from bot.dialogs.find_work import rating_vars
from bot.dialogs.post_job import job_vars, slots_from_job
from bot.dialogs.common import pick, words_only, yes_no
from bot.features.find_work.messages import MyApplications
from bot.features.post_job.messages import EmployerProfile

LIST_SIZE = 9


class DeleteDialog(Dialog):
    """The "delete" command: erase everything kept about the user (worker, employer or
    both), after saying what goes and what happens to open jobs; then say
    exactly what had to stay and why (bot/services/privacy.py does it)."""

    name = "delete"
    states = ["confirm", "deleted", "kept", "nothing"]
    transitions = [
        {"trigger": "nothing", "source": "confirm", "dest": "nothing"},
        {"trigger": "answer", "source": "confirm", "dest": "deleted", "conditions": "agreed"},
        {"trigger": "answer", "source": "confirm", "dest": "kept"},
    ]
    questions = {"confirm": Question("delete-confirm", "parse_confirm")}

    def _data(self) -> dict:
        return self.ctx.need("my_data")

    def on_start(self) -> None:
        data = self._data()
        if not (data["worker"] or data["employer"] or data["records"]):
            self.trigger("nothing")

    def prompt_confirm(self) -> None:
        self.say("delete-confirm")
        if self._data()["open_jobs"]:
            self.say("delete-confirm-jobs", count=self._data()["open_jobs"])
        self.say("delete-confirm-choices")

    def agreed(self) -> bool:
        return bool(self.slots.get("confirm"))

    def parse_confirm(self, turn: Turn) -> bool:
        return yes_no(self.ctx, turn)

    def on_enter_deleted(self) -> None:
        data = self._data()
        self.effect("erase_user")
        self.say("delete-done")
        if data["open_jobs"]:
            self.say("delete-done-jobs", count=data["open_jobs"])
        kept = []
        for ticket_id in data["open_tickets"]:
            kept.append(("delete-done-open-ticket", {"id": ticket_id}))
        if data["complaints_open"] or data["complaints_closed"]:
            kept.append(("delete-done-complaints", {"open": data["complaints_open"],
                                                    "closed": data["complaints_closed"],
                                                    "days": data["ticket_days"]}))
        if data["ratings_given"]:
            kept.append(("delete-done-ratings", {"count": data["ratings_given"]}))
        kept.append(("delete-done-sent", {}))
        kept.append(("delete-done-recent", {}))
        self.say("delete-done-kept")
        for msg_id, variables in kept:
            self.say(msg_id, **variables)
        self.say("delete-done-again")

    def on_enter_kept(self) -> None:
        self.say("delete-kept")
        self.say("menu-hint")

    def on_enter_nothing(self) -> None:
        self.say("delete-nothing")
        self.say("menu-hint")


def job_status(job: dict, today: date) -> str:
    if job["status"] == "open" and job["end_date"] < today.isoformat():
        return "expired"
    return job["status"]


class MyJobsDialog(Dialog):
    """"My jobs": an employer's jobs, one to close (filled), repost or edit."""

    name = "my_jobs"
    states = ["start", "pick_job", "pick_action", "ask_new_date", "closed", "handed_over", "empty",
              "pick_applicant", "decide", "decided"]
    transitions = [
        {"trigger": "listed", "source": "start", "dest": "pick_job", "conditions": "has_jobs"},
        {"trigger": "listed", "source": "start", "dest": "empty"},
        {"trigger": "answer", "source": "pick_job", "dest": "pick_action"},
        {"trigger": "answer", "source": "pick_action", "dest": "closed", "conditions": "wants_close"},
        {"trigger": "answer", "source": "pick_action", "dest": "ask_new_date", "conditions": "wants_repost"},
        {"trigger": "answer", "source": "pick_action", "dest": "handed_over", "conditions": "wants_edit"},
        {"trigger": "answer", "source": "pick_action", "dest": "pick_applicant", "conditions": "wants_applicants"},
        {"trigger": "answer", "source": "pick_applicant", "dest": "decide"},
        {"trigger": "answer", "source": "decide", "dest": "decided"},
        {"trigger": "answer", "source": "ask_new_date", "dest": "handed_over"},
    ]
    questions = {
        "pick_job": Question("myjobs-pick", "parse_job"),
        "pick_action": Question("myjobs-action", "parse_action"),
        "ask_new_date": Question("myjobs-new-date", "parse_new_date"),
        "pick_applicant": Question("applicants-pick", "parse_applicant"),
        "decide": Question("applicant-decide", "parse_decision"),
    }

    def on_start(self) -> None:
        jobs = self.ctx.need("my_jobs") or []
        self.slots["jobs"] = [j["id"] for j in jobs[:LIST_SIZE]]
        self.trigger("listed")

    def has_jobs(self) -> bool:
        return bool(self.slots["jobs"])

    def _jobs(self) -> dict[int, dict]:
        return {j["id"]: j for j in self.ctx.need("my_jobs") or []}

    def prompt_pick_job(self) -> None:
        jobs = self._jobs()
        self.say("myjobs-list")
        for i, job_id in enumerate(self.slots["jobs"], 1):
            job = jobs.get(job_id)
            if job is None:
                continue
            v = job_vars(slots_from_job(job, None), self.ctx.refdata)
            self.say("myjobs-line", n=i, id=job_id, trades=v["trades"], area=v["area"], month=v["month"],
                     day=v["day"], headcount=v["headcount"], status=job_status(job, self.ctx.today))
        self.say("myjobs-pick")

    def parse_job(self, turn: Turn) -> int:
        return pick(turn, self.slots["jobs"])

    def prompt_pick_action(self) -> None:
        job = self._jobs().get(self.slots["pick_job"])
        if job is not None:
            self.say("post-summary-plain", **job_vars(slots_from_job(job, None), self.ctx.refdata))
            self.say("job-status", status=job_status(job, self.ctx.today), id=job["id"])
        self.say("myjobs-action")

    def parse_action(self, turn: Turn) -> str:
        n = parse_number(words_only(turn))
        if n not in (1, 2, 3, 4):
            raise Invalid("pick-a-number", max=4)
        return ["close", "repost", "edit", "applicants"][n - 1]

    def wants_applicants(self) -> bool:
        return self.slots.get("pick_action") == "applicants"

    def _applicants(self) -> list[dict]:
        return [a for a in self.ctx.need(f"applicants:{self.slots['pick_job']}") if a["status"] != "withdrawn"]

    def prompt_pick_applicant(self) -> None:
        applicants = self._applicants()
        if not applicants:
            self.say("applicants-none")
            return
        self.say("applicants-list", count=len(applicants))
        for i, a in enumerate(applicants, 1):
            trades = [self.ctx.refdata.trade_by_code(c) for c in a.get("trades") or []]
            # The phone only once accepted, or when the worker chose to show it (ApplicationRepo.for_job).
            phone = a.get("phone") or ("hidden" if a.get("phone_hidden") else "none")
            self.say("applicant-line", n=i, name=a.get("name") or "-", phone=phone,
                     trades=" / ".join(t.name for t in trades if t) or "-", status=a["status"],
                     **rating_vars(a.get("_rating")))
        self.say("applicants-pick")

    def parse_applicant(self, turn: Turn) -> int:
        applicants = self._applicants()
        n = parse_number(words_only(turn))
        if not applicants or n is None or not 1 <= n <= len(applicants):
            raise Invalid("pick-a-number", max=max(1, len(applicants)))
        return applicants[n - 1]["id"]

    def parse_decision(self, turn: Turn) -> str:
        n = parse_number(words_only(turn))
        if n not in (1, 2):
            raise Invalid("pick-a-number", max=2)
        return "accepted" if n == 1 else "declined"

    def on_enter_decided(self) -> None:
        self.effect("application_decision", application_id=self.slots["pick_applicant"],
                    status=self.slots["decide"])
        # What was done, and on acceptance the worker's phone: known once the effect ran.
        self.say("applicant-decided", status=Result("decision"), name=Result("applicant_name"),
                 phone=Result("applicant_phone"))
        self.say("menu-hint")

    def wants_close(self) -> bool:
        return self.slots.get("pick_action") == "close"

    def wants_repost(self) -> bool:
        return self.slots.get("pick_action") == "repost"

    def wants_edit(self) -> bool:
        return self.slots.get("pick_action") == "edit"

    def parse_new_date(self, turn: Turn) -> str:
        day = parsing.parse_date(words_only(turn), self.ctx.today)
        if day is None or day > self.ctx.today + timedelta(days=180):
            raise Invalid("date-invalid")
        return day.isoformat()

    def on_enter_closed(self) -> None:
        self.effect("job_status", job_id=self.slots["pick_job"], status="closed")
        self.say("myjobs-closed")
        self.say("menu-hint")

    def on_enter_handed_over(self) -> None:
        """Editing and reposting continue in the posting dialog, at its
        summary: checked by the content rules again before publishing."""
        job = self._jobs()[self.slots["pick_job"]]
        slots: dict[str, Any] = slots_from_job(job, self.ctx.need(EmployerProfile()))
        if self.slots.get("pick_action") == "repost":
            slots.pop("job_id")
            slots["date"] = self.slots["ask_new_date"]
        self.handover = ("post_job", "confirm", slots)

    def on_enter_empty(self) -> None:
        self.say("myjobs-none")
        self.say("menu-hint")


class MyApplicationsDialog(Dialog):
    """"My applications": see them, withdraw one; the employer is told."""

    name = "my_applications"
    states = ["start", "pick", "confirm", "withdrawn", "kept", "empty"]
    transitions = [
        {"trigger": "listed", "source": "start", "dest": "pick", "conditions": "has_any"},
        {"trigger": "listed", "source": "start", "dest": "empty"},
        {"trigger": "answer", "source": "pick", "dest": "confirm"},
        {"trigger": "answer", "source": "confirm", "dest": "withdrawn", "conditions": "agreed"},
        {"trigger": "answer", "source": "confirm", "dest": "kept"},
    ]
    questions = {
        "pick": Question("myapps-pick", "parse_pick"),
        "confirm": Question("myapps-withdraw", "parse_confirm"),
    }

    def _apps(self) -> list[dict]:
        return [a for a in self.ctx.need(MyApplications()) if a["status"] in ("applied", "accepted")]

    def on_start(self) -> None:
        self.trigger("listed")

    def has_any(self) -> bool:
        return bool(self._apps())

    def prompt_pick(self) -> None:
        self.say("myapps-list")
        for i, a in enumerate(self._apps(), 1):
            job = a["job"]
            v = job_vars(slots_from_job(job, None), self.ctx.refdata)
            self.say("myapps-line", n=i, trades=v["trades"], area=v["area"], month=v["month"], day=v["day"],
                     status=a["status"], contact=job.get("contact_name") or "-",
                     phone=job["contact_phone"] or "-")  # "-": the employer deleted their data
        self.say("myapps-pick")

    def parse_pick(self, turn: Turn) -> int:
        apps = self._apps()
        return pick(turn, apps)["id"]

    def parse_confirm(self, turn: Turn) -> bool:
        return yes_no(self.ctx, turn)

    def agreed(self) -> bool:
        return bool(self.slots.get("confirm"))

    def on_enter_withdrawn(self) -> None:
        self.effect("withdraw", application_id=self.slots["pick"])
        self.say("myapps-withdrawn")
        self.say("menu-hint")

    def on_enter_kept(self) -> None:
        self.say("myapps-kept")
        self.say("menu-hint")

    def on_enter_empty(self) -> None:
        self.say("myapps-none")
        self.say("menu-hint")
