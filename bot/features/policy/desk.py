"""The policy desk: a question answered from the knowledge base, with the
details and related questions on request, an honest "not sure" with the
two closest topics, and answers in the middle of other dialogs. Pure: it
reads the knowledge base loaded at start and says things; no I/O, no
commands."""
from __future__ import annotations

from typing import Any

from bot.domain.session import Session
from bot.engine.dialog import Turn
from bot.i18n import Say, say


class PolicyDesk:
    def __init__(self, policies: Any) -> None:
        self.policies = policies

    def confident_about(self, text: str) -> bool:
        return self.policies is not None and self.policies.confident(self.policies.search(text, k=3))

    def answer(self, turn: Turn, ctx: Any, session: Session, out: list[Say]) -> str:
        """The best entry for the question, or "not sure" with the two closest."""
        hits = self.policies.search(turn.text, k=3) if self.policies else []
        if hits and self.policies.confident(hits):
            return self.answer_entry(hits[0].entry.id, ctx, session, out)
        out.append(say("policy-not-sure"))
        session.policy_choices = [h.entry.id for h in hits[:2]]
        for n, h in enumerate(hits[:2], 1):
            out.append(say("numbered", n=n, text=h.entry.text("title", ctx.locale)))
        out.append(say("policy-not-sure-hint"))
        return "policy:unsure"

    def answer_entry(self, entry_id: str, ctx: Any, session: Session, out: list[Say]) -> str:
        entry = self.policies.entry(entry_id)
        out.append(say("policy-answer", title=entry.text("title", ctx.locale), short=entry.text("short", ctx.locale)))
        related = [r for r in entry.related if self.policies.entry(r)]
        session.policy = entry.id
        session.policy_choices = related
        session.menu = False
        out.append(say("policy-details-hint"))
        if related:
            out.append(say("policy-related"))
            for n, r in enumerate(related, 1):
                out.append(say("numbered", n=n, text=self.policies.entry(r).text("title", ctx.locale)))
        return f"policy:{entry.id}"

    def details(self, entry_id: str, ctx: Any, out: list[Say]) -> str:
        entry = self.policies.entry(entry_id)
        out.append(say("policy-details", title=entry.text("title", ctx.locale),
                       details=entry.text("details", ctx.locale), where=entry.text("where", ctx.locale),
                       source=entry.source, checked=entry.checked))
        return f"policy-details:{entry.id}"

    def aside(self, turn: Turn, ctx: Any, out: list[Say]) -> bool:
        """A question asked in the middle of a dialog: answered when the
        knowledge base is sure (the dialog then goes on), else False."""
        hits = self.policies.search(turn.text, k=1) if self.policies else []
        if not (hits and self.policies.confident(hits)):
            return False
        entry = hits[0].entry
        out.append(say("policy-answer", title=entry.text("title", ctx.locale), short=entry.text("short", ctx.locale)))
        out.append(say("policy-aside-back"))
        return True
