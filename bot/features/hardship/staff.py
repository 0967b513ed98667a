"""The staff's recognise `<openid|phone> <category>` and unrecognise `<openid|phone>
<category | all>` (words under "staff" in bot/data/intents.json), without
I/O: who is meant, which categories, and the change asked for. The
conversation routes these two staff commands here."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.features.hardship.categories import CATEGORIES
from bot.features.hardship.messages import RecogniseHardship, WorkersForStaff
from bot.i18n import Say, say

if TYPE_CHECKING:
    from bot.turn.conversation import Context

COMMANDS = ("recognise", "unrecognise")
MAX_SHOWN = 5


def command(kind: str, rest: str, ctx: "Context", out: list[Say], commands: list[Any]) -> str:
    known = CATEGORIES.get()
    on = kind == "recognise"
    who, _, said = rest.strip().partition(" ")
    said = said.strip()
    codes: tuple[str, ...] | None = ()
    if said:
        codes = known.codes if not on and known.means_all(said) else known.read(said)
    if not who or not codes:
        out.append(say("staff-recognise-usage", categories=known.labels(known.codes, ctx.locale)))
        if not known.verified:
            out.append(say("staff-recognise-unverified", check=known.check_with))
        return f"staff:{kind}:usage"
    found = ctx.need(WorkersForStaff(who))
    if not found:
        out.append(say("staff-recognise-nobody", who=who))
        return f"staff:{kind}:nobody"
    if len(found) > 1:
        out.append(say("staff-recognise-several", count=len(found)))
        for w in found[:MAX_SHOWN]:
            out.append(say("staff-recognise-candidate", name=w.name, openid=w.openid))
        return f"staff:{kind}:several"
    worker = found[0]
    had = set(worker.hardship_recognised)
    now = had | set(codes) if on else had - set(codes)
    if now == had:
        out.append(say("staff-recognise-unchanged", name=worker.name,
                       categories=known.labels(worker.hardship_recognised, ctx.locale)))
        return f"staff:{kind}:unchanged"
    commands.append(RecogniseHardship(worker.openid, tuple(codes), on))
    out.append(say("staff-recognise-done", action=kind, name=worker.name,
                   changed=known.labels(now ^ had, ctx.locale), categories=known.labels(now, ctx.locale),
                   said=known.labels(worker.hardship_said, ctx.locale)))
    return f"staff:{kind}"
