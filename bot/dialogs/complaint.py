"""Leave a complaint or a message for staff (clause 23).

The first version of the complaint channel: what happened, and a phone
for staff to call back (optional). The staff group gets it at once.
"""
from __future__ import annotations

from bot.dialogs import parsing
from bot.dialogs.engine import Dialog, Invalid, Question, Turn
from bot.dialogs.nlu import normalise

MIN_TEXT = 4
MAX_TEXT = 1000


class ComplaintDialog(Dialog):
    name = "complaint"
    states = ["ask_what", "ask_phone", "done"]
    transitions = [
        {"trigger": "answer", "source": "ask_what", "dest": "ask_phone"},
        {"trigger": "answer", "source": "ask_phone", "dest": "done"},
    ]
    questions = {
        "ask_what": Question("complaint-ask-what", "parse_what"),
        "ask_phone": Question("complaint-ask-phone", "parse_phone"),
    }

    def parse_what(self, turn: Turn) -> str:
        if turn.kind not in ("text", "voice"):
            raise Invalid("answer-needs-words")
        text = turn.raw_text.strip()
        if len(normalise(text)) < MIN_TEXT:
            raise Invalid("complaint-too-short")
        return text[:MAX_TEXT]

    def parse_phone(self, turn: Turn) -> str:
        if turn.kind not in ("text", "voice"):
            raise Invalid("answer-needs-words")
        if self.ctx.nlu.is_skip(turn.text):
            return ""
        phone = parsing.parse_mobile(turn.text)
        if phone is None:
            raise Invalid("phone-invalid")
        return phone

    def on_enter_done(self) -> None:
        self.effect("handoff", reason="complaint", text=self.slots["ask_what"],
                    phone=self.slots["ask_phone"] or None, context=self.name)
        self.say("complaint-sent", called_back="yes" if self.slots["ask_phone"] else "no")
