"""Find a gig market or station (clauses 1 and 2): by area, by a shared
location, or from the words ("where is the market in Fengze"); then one in detail."""
from __future__ import annotations

from typing import Any

from bot.engine.answers import area_from_answer, area_in_words, pick, say_area_choices, words_only
from bot.engine.dialog import Dialog, Invalid, Question, Turn
from bot.language.hours import says_unknown

LIST_SIZE = 5


class MarketsDialog(Dialog):
    name = "markets"
    browsing = frozenset({"ask_area", "pick_market"})
    states = ["ask_area", "pick_market", "done"]

    # ---- where ---------------------------------------------------------
    def on_start(self) -> None:
        opening = self.turn.text if self.turn and self.turn.text else ""
        # "Is there a market near me?": the location answers that best, so it is asked first.
        self.slots["nearest"] = bool(opening) and self.ctx.nlu.asks_nearest(opening)
        where = self._where_from_words(opening) if opening else None
        if where is None and self.turn and self.turn.location is not None:
            where = {"lat": self.turn.location.lat, "lng": self.turn.location.lng}
        if where is None and self.ctx.location is not None:
            where = {"lat": self.ctx.location.lat, "lng": self.ctx.location.lng}
        if where is not None:
            self.slots["ask_area"] = where
            self.trigger("known")

    def prompt_ask_area(self) -> None:
        if self.slots.get("nearest"):
            say_area_choices(self, "markets-ask-location-first", location_after=False)
        else:
            say_area_choices(self, "markets-ask-area")

    def parse_area(self, turn: Turn) -> dict:
        if turn.location is not None:
            return {"lat": turn.location.lat, "lng": turn.location.lng}
        return {"area": area_from_answer(self.ctx.refdata, words_only(turn))}

    def _where_from_words(self, text: str) -> dict | None:
        code = area_in_words(self.ctx.refdata, text)
        return {"area": code} if code else None

    # ---- which market --------------------------------------------------
    def _candidates(self) -> tuple[list[tuple[Any, float | None]], bool]:
        """Markets to offer, with distances; and whether the chosen area
        has none of its own (then the nearest ones are offered)."""
        refdata = self.ctx.refdata
        where = self.slots["ask_area"]
        if "lat" in where:
            return list(refdata.nearest_markets(where["lat"], where["lng"], limit=LIST_SIZE)), False
        area = refdata.area_by_code(where["area"])
        ranked = refdata.nearest_markets(area.lat, area.lng, limit=len(refdata.markets))
        own: list[tuple[Any, float | None]] = [(m, None) for m, _ in ranked if m.area == area.code]
        if own:
            return own[:LIST_SIZE], False
        return [(m, km) for m, km in ranked[:LIST_SIZE]], True

    def prompt_pick_market(self) -> None:
        candidates, none_in_area = self._candidates()
        self.slots["choices"] = [m.code for m, _ in candidates]
        if none_in_area:
            area = self.ctx.refdata.area_by_code(self.slots["ask_area"]["area"])
            self.say("markets-none-in-area", area=area.label(self.ctx.locale))
        else:
            self.say("markets-found", count=len(candidates))
        for i, (m, km) in enumerate(candidates, 1):
            if km is None:
                self.say("numbered", n=i, text=m.name)
            else:
                self.say("market-line-distance", n=i, name=m.name, km=round(km, 1))
        self.say("markets-pick")

    def parse_pick(self, turn: Turn) -> str:
        choices = self.slots.get("choices") or []
        if turn.kind not in ("text", "voice"):
            raise Invalid("pick-a-number", max=len(choices))
        # By its number or by a part of its name that only it has.
        names = [m.name if (m := self.ctx.refdata.market_by_code(code)) else "" for code in choices]
        return pick(turn, choices, labels=names)

    def answers_aside(self, turn: Turn) -> bool:
        """A question at a step: "are you open at weekends?" at the list gets
        each market's hours and address; at "which area?" it, and "which is
        nearest?", are told how to get them."""
        if turn.request or not turn.text:
            return False
        nlu = self.ctx.nlu
        if self.state == "ask_area":
            if self._where_from_words(turn.text) is not None:
                return False  # "where is the market in Fengze?" answers the question
            if nlu.asks_nearest(turn.text):
                if not self.slots.get("nearest"):   # else the question, asked again, says just this
                    self.say("markets-nearest-how")
                return True
            if nlu.asks_about_a_market(turn.text):
                self.say("markets-hours-how")
                return True
            return False
        if self.state != "pick_market" or not nlu.asks_about_a_market(turn.text):
            return False
        markets = [m for code in self.slots.get("choices") or [] if (m := self.ctx.refdata.market_by_code(code))]
        self.say("markets-hours")
        for i, m in enumerate(markets, 1):
            self.say("market-line-hours", n=i, name=m.name, hours=m.hours, address=m.address)
        if any(says_unknown(m.address) or says_unknown(m.hours) for m in markets):
            self.say("market-unconfirmed")
        return True

    def on_enter_done(self) -> None:
        m = self.ctx.refdata.market_by_code(self.slots["pick_market"])
        self.say("market-detail", name=m.name, kind=m.kind, address=m.address, hours=m.hours)
        if says_unknown(m.address) or says_unknown(m.hours):
            self.say("market-unconfirmed")
        self.say("market-services")
        self.say("menu-hint")

    # ---- the dialog as a table --------------------------------------------------
    transitions = [
        {"trigger": "answer", "source": "ask_area", "dest": "pick_market"},
        {"trigger": "known", "source": "ask_area", "dest": "pick_market"},
        {"trigger": "answer", "source": "pick_market", "dest": "done"},
    ]
    questions = {
        "ask_area": Question("markets-ask-area", parse_area, ask=prompt_ask_area),
        "pick_market": Question("markets-pick", parse_pick, ask=prompt_pick_market),
    }
    on_enter = {"done": on_enter_done}
