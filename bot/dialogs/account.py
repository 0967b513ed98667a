"""A user's own records: "my info" (the worker profile), "delete" (delete
it), and "my applications"."""
from __future__ import annotations

from bot.dialogs.engine import Dialog, Question, Turn
from bot.dialogs.common import yes_no


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


