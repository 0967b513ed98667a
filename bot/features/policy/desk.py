"""The policy desk: a question answered from the knowledge base, with the
details and related questions on request, an honest "not sure" with the
two closest topics, and answers in the middle of other dialogs. Pure: it
reads the knowledge base loaded at start and says things; no I/O, no
commands."""
from __future__ import annotations

import functools
import json
from typing import Any

from bot import DATA_DIR
from bot.domain.session import Session
from bot.engine.dialog import Turn
from bot.features.register.messages import WorkerProfile
from bot.i18n import Say, say
from bot.language.minimum_wage import fmt

#: The entry answered with the minimum wage figure of the user's area
#: (bot/data/minimum_wage.json, through the content rules).
MINIMUM_WAGE_ENTRY = "minimum-wage"
#: A question this soon after a policy answer, that the knowledge base
#: cannot place on its own, is taken as about that answer's topic.
FOLLOW_UP_WITHIN = 10 * 60.0
#: ... and the topic just answered is among this many nearest topics of the question alone.
FOLLOW_UP_NEAREST = 5


#: The topics offered when a policy question names none ("policy" alone, the menu's button).
MENU_FILE = DATA_DIR / "policy_menu.json"
MENU_MAX = 9
#: ... when no more than this is left of the words once the policy words are
#: taken out ("policy advice", "I want to ask about policy": nothing asked).
MENU_REST = 3


@functools.lru_cache(maxsize=1)
def menu_topics() -> tuple[str, ...]:
    topics = json.loads(MENU_FILE.read_text("utf-8"))["topics"]
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise ValueError(f"{MENU_FILE}: 'topics' must be a list of entry ids")
    return tuple(topics[:MENU_MAX])


class PolicyDesk:
    def __init__(self, policies: Any) -> None:
        self.policies = policies

    def confident_about(self, text: str) -> bool:
        return self.policies is not None and self.policies.confident(self.policies.search(text, k=3))

    def reads_as_policy(self, text: str, nlu: Any) -> bool:
        """A message that reads as a policy question even when the
        knowledge base is not sure which: it names an entry's subject (a
        distinctive word of its title, or a synonym), or has a word of the
        policy intent. Off-topic messages ("what's the weather") do neither."""
        hits = self.policies.search(text, k=1) if self.policies is not None and text else []
        return bool(hits) and (hits[0].anchored or bool(nlu.intent_scores(text).get("policy")))

    def answer(self, turn: Turn, ctx: Any, session: Session, out: list[Say]) -> str:
        """The best entry for the question, or "not sure" with the two closest."""
        hits = self.policies.search(turn.text, k=3) if self.policies else []
        if hits and self.policies.confident(hits):
            return self.answer_entry(hits[0].entry.id, ctx, session, out, turn.text)
        rest = ctx.nlu.strip_intent_words(turn.text) if turn.text else ""
        if self.policies is not None and (len(rest) <= MENU_REST or not hits):
            return self.menu(ctx, session, out)   # "policy" and nothing asked: the topics, not "not sure"
        out.append(say("policy-not-sure"))
        session.policy_choices = [h.entry.id for h in hits[:2]]
        session.policy, session.policy_at = None, ctx.now   # the next message may pick one in words
        for n, h in enumerate(hits[:2], 1):
            out.append(say("numbered", n=n, text=h.entry.text("title", ctx.locale)))
        out.append(say("policy-not-sure-hint"))
        return "policy:unsure"

    def menu(self, ctx: Any, session: Session, out: list[Say]) -> str:
        """The common topics to pick by number, or a question to type."""
        topics = [t for t in menu_topics() if self.policies.entry(t) is not None]
        session.policy_choices = topics
        session.policy, session.policy_at = None, ctx.now   # the next message may pick one in words
        session.menu = False
        out.append(say("policy-menu"))
        for n, t in enumerate(topics, 1):
            out.append(say("numbered", n=n, text=self.policies.entry(t).text("title", ctx.locale)))
        out.append(say("policy-menu-hint"))
        return "policy:menu"

    def answer_entry(self, entry_id: str, ctx: Any, session: Session, out: list[Say], text: str = "") -> str:
        entry = self.policies.entry(entry_id)
        out.append(say("policy-answer", title=entry.text("title", ctx.locale), short=entry.text("short", ctx.locale)))
        self.figures(entry.id, text, ctx, out)
        related = [r for r in entry.related if self.policies.entry(r)]
        self._answered(entry.id, related, ctx, session)
        session.menu = False
        out.append(say("policy-details-hint"))
        if related:
            out.append(say("policy-related"))
            for n, r in enumerate(related, 1):
                out.append(say("numbered", n=n, text=self.policies.entry(r).text("title", ctx.locale)))
        return f"policy:{entry.id}"

    def picks_offered(self, text: str, session: Session, since: float) -> str | None:
        """Just after "not sure, did you mean …?" or the topics' menu (no
        topic answered): the topic offered that the words are nearest to,
        when it is the nearest of all; None otherwise."""
        if self.policies is None or session.policy is not None or not session.policy_choices or not text \
                or not 0 <= since <= FOLLOW_UP_WITHIN:
            return None
        hits = self.policies.search(text, k=1)
        if not hits or hits[0].entry.id not in session.policy_choices \
                or hits[0].score < self.policies.tuning.min_score:
            return None
        return hits[0].entry.id

    def _just_answered(self, session: Session, since_answer: float) -> bool:
        """A topic was answered, and not longer ago than FOLLOW_UP_WITHIN."""
        return self.policies is not None and session.policy is not None \
            and self.policies.entry(session.policy) is not None and 0 <= since_answer <= FOLLOW_UP_WITHIN

    def follows_up(self, text: str, session: Session, since_answer: float, nlu: Any) -> bool:
        """A question just after a policy answer that the knowledge base
        cannot place on its own ("how much a month?", "can I still pay
        at sixty?"): it asks about that answer's topic."""
        if not self._just_answered(session, since_answer) or not nlu.is_question(text):
            return False
        hits = self.policies.search(text, k=FOLLOW_UP_NEAREST)
        # Not sure of any topic, and the one just answered among the
        # nearest ("what time do you close?" is near none of them).
        return not self.policies.confident(hits) and any(h.entry.id == session.policy for h in hits)

    def follow_up(self, ctx: Any, session: Session, out: list[Say]) -> str:
        """The topic just answered, in full (what it costs, who may, where
        to go), and the way to a person for what it does not say."""
        entry_id = session.policy or ""
        entry = self.policies.entry(entry_id)
        session.policy_at = ctx.now
        if session.policy_detailed:
            # Everything it says was shown: where to ask, not the same text again.
            out.append(say("policy-follow-up-unsure", title=entry.text("title", ctx.locale),
                           where=entry.text("where", ctx.locale)))
            return f"policy-follow-up:{entry_id}:unsure"
        out.append(say("policy-follow-up", title=entry.text("title", ctx.locale)))
        self.details(entry_id, ctx, out, session)
        out.append(say("policy-follow-up-person"))
        return f"policy-follow-up:{entry_id}"

    def asks_where_to_go(self, text: str, session: Session, since_answer: float, nlu: Any) -> bool:
        """"Where do I do it?" just after a policy answer: where to go for that topic."""
        return self._just_answered(session, since_answer) and nlu.asks_where_to_go(text)

    def where_to_go(self, ctx: Any, session: Session, out: list[Say], in_dialog: bool = False) -> str:
        """"Where do I do it?" just after an answer: that topic's office and
        who to ask (its `where`), not the gig markets' list. (In a dialog
        "details" would answer its question: not offered there.)"""
        entry = self.policies.entry(session.policy or "")
        session.policy_at = ctx.now
        out.append(say("policy-where", title=entry.text("title", ctx.locale), where=entry.text("where", ctx.locale)))
        if not in_dialog:
            out.append(say("policy-details-hint"))
        return f"policy-where:{entry.id}"

    def details(self, entry_id: str, ctx: Any, out: list[Say], session: Session | None = None) -> str:
        entry = self.policies.entry(entry_id)
        if session is not None:
            session.policy_detailed = True
            session.policy_at = ctx.now
        out.append(say("policy-details", title=entry.text("title", ctx.locale),
                       details=entry.text("details", ctx.locale), where=entry.text("where", ctx.locale),
                       source=entry.source, checked=entry.checked))
        return f"policy-details:{entry.id}"

    def aside(self, turn: Turn, ctx: Any, out: list[Say], session: Session) -> str | None:
        """A question asked in the middle of a dialog: answered when the
        knowledge base is sure (the dialog then goes on, after
        "policy-aside-back"); the topic answered, else None. The topic is
        the one a follow-up asks about ("where do I pay?"), as after any
        answer; numbers answer the dialog's question, so none is offered."""
        hits = self.policies.search(turn.text, k=1) if self.policies else []
        if not (hits and self.policies.confident(hits)):
            return None
        entry = hits[0].entry
        out.append(say("policy-answer", title=entry.text("title", ctx.locale), short=entry.text("short", ctx.locale)))
        self.figures(entry.id, turn.text, ctx, out)
        self._answered(entry.id, [], ctx, session)
        return entry.id

    @staticmethod
    def _answered(entry_id: str, choices: list[str], ctx: Any, session: Session) -> None:
        """The topic just answered (a follow-up asks about it), and the
        related topics a number picks next."""
        session.policy, session.policy_choices = entry_id, choices
        session.policy_at, session.policy_detailed = ctx.now, False

    def figures(self, entry_id: str, text: str, ctx: Any, out: list[Say]) -> None:
        """The minimum wage entry goes on with the figure: for the area
        named in the question, else the registered worker's area, else
        the whole table in short; then its document, date and whether
        staff confirmed it."""
        wages = getattr(ctx.rules, "minimum_wage", None)
        if entry_id != MINIMUM_WAGE_ENTRY or wages is None:
            return
        areas = [a.code for a in ctx.refdata.match_areas(text)] if text else []
        if not areas and text:
            areas = [area.code for _, area in ctx.refdata.match_towns(text)][:1]
        if not areas:
            worker = ctx.need(WorkerProfile())
            areas = list(worker.areas[:1]) if worker is not None and worker.areas else []
        figures = [f for f in (wages.for_area(a, ctx.today) for a in areas) if f is not None]
        if figures:
            for f in figures:
                area = ctx.refdata.area_by_code(f.area)
                out.append(say("policy-minimum-wage-area", area=area.label(ctx.locale) if area else f.area,
                               monthly=f.monthly, hourly=fmt(f.hourly), newer="yes" if f.newer else "no",
                               year=f.standard.effective.year))
        else:
            figures = []
            first_found = wages.lowest(ctx.today)
            out.append(say("policy-minimum-wage-table", newer="yes" if first_found and first_found[0][0].newer
                           else "no", year=first_found[0][0].standard.effective.year if first_found else 0))
            for f, codes in first_found:
                names = [ctx.refdata.area_by_code(c) for c in codes]
                sep = ", " if ctx.locale == "en" else "\u3001"
                out.append(say("policy-minimum-wage-group", monthly=f.monthly, hourly=fmt(f.hourly),
                               areas=sep.join(a.label(ctx.locale) for a in names if a is not None)))
                figures.append(f)
        first = figures[0]
        out.append(say("policy-minimum-wage-source", document=first.standard.name(ctx.locale),
                       effective=first.standard.effective.isoformat(), newer="yes" if first.newer else "no",
                       verified="yes" if first.verified else "no", check=wages.check_place(ctx.locale)))
        if not areas:
            out.append(say("policy-minimum-wage-your-area"))
