"""The user's own record: "my info" (what is kept about them as worker
and employer, the worker profile to correct) and "delete" (erase it all,
after saying what goes and what has to stay)."""
from __future__ import annotations

from typing import Any

from bot.engine.answers import KEEP_IT, UNDO, Choice, undo_answer
from bot.engine.dialog import Dialog, Question, StepResult, Turn
from bot.features.account.messages import DataHeld, DeleteMyData, MyData
from bot.features.post_job.messages import EmployerProfile
from bot.features.register.dialog import RegisterDialog, slots_from_worker
from bot.features.register.messages import WorkerProfile
from bot.i18n import Say, say

# "Delete everything? 1 yes 2 no": "delete it" is a yes, "do not delete" a no (bot/data/choices.json).
DELETE = Choice("delete_confirm", (UNDO, KEEP_IT))


def my_info(ctx: Any, turn: Turn) -> StepResult:
    """"My info": an employer's details, and a worker's profile shown at
    the registration dialog's summary, where any field can be corrected
    (or the word "delete" said)."""
    worker, employer = ctx.need(WorkerProfile()), ctx.need(EmployerProfile())
    if worker is None and employer is None:
        return StepResult([say("profile-none")], [], None)
    out: list[Say] = []
    if employer is not None:
        out.append(say("profile-employer", name=employer.name, phone=employer.phone, kind=employer.kind))
    if worker is None:
        out.append(say("profile-employer-hint"))
        return StepResult(out, [], None)
    out.append(say("profile-intro"))
    profile = RegisterDialog.resume(ctx, "confirm", slots_from_worker(worker), turn)
    return StepResult(out + profile.out, profile.commands, profile.saved)


class DeleteDialog(Dialog):
    """The "delete" command: erase everything kept about the user (worker, employer or
    both), after saying what goes and what happens to open jobs; then say
    exactly what had to stay and why (bot/features/account/privacy.py does it)."""

    name = "delete"
    states = ["confirm", "deleted", "kept", "nothing"]

    def _data(self) -> DataHeld:
        return self.ctx.need(MyData())

    def on_start(self) -> None:
        if not self._data().anything:
            self.trigger("nothing")

    def prompt_confirm(self) -> None:
        self.say("delete-confirm")
        if self._data().open_jobs:
            self.say("delete-confirm-jobs", count=self._data().open_jobs)
        self.say("delete-confirm-choices")

    def agreed(self) -> bool:
        return bool(self.slots.get("confirm"))

    def parse_confirm(self, turn: Turn) -> bool:
        # Deleting cannot be undone: only a clear yes or "delete it" (nothing else beside) deletes.
        return undo_answer(self.ctx, turn, DELETE, strict=True)

    def on_enter_deleted(self) -> None:
        data = self._data()
        self.do(DeleteMyData())
        self.say("delete-done")
        if data.open_jobs:
            self.say("delete-done-jobs", count=data.open_jobs)
        kept: list[tuple[str, dict]] = []
        for ticket_id in data.open_tickets:
            kept.append(("delete-done-open-ticket", {"id": ticket_id}))
        if data.complaints_open or data.complaints_closed:
            kept.append(("delete-done-complaints", {"open": data.complaints_open,
                                                    "closed": data.complaints_closed,
                                                    "days": data.ticket_days}))
        if data.ratings_given:
            kept.append(("delete-done-ratings", {"count": data.ratings_given}))
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

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "nothing", "source": "confirm", "dest": "nothing"},
        {"trigger": "answer", "source": "confirm", "dest": "deleted", "conditions": agreed},
        {"trigger": "answer", "source": "confirm", "dest": "kept"},
    ]
    questions = {"confirm": Question("delete-confirm", parse_confirm, ask=prompt_confirm)}
    on_enter = {"deleted": on_enter_deleted, "kept": on_enter_kept, "nothing": on_enter_nothing}
