"""A user's own records: "my info" (the worker profile), "delete" (delete
it), and "my applications"."""
from __future__ import annotations

from bot.dialogs.engine import Dialog, Question, Turn
from bot.features.post_job.dialog import job_vars, slots_from_job
from bot.dialogs.common import pick, yes_no
from bot.features.find_work.messages import MyApplications


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
