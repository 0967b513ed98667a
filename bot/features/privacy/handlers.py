"""Privacy against the store."""
from __future__ import annotations

from bot.bus import Deps, Router
from bot.features.privacy.messages import PrivacyTerms

router = Router("privacy")


@router.query(PrivacyTerms)
async def privacy_terms(q: PrivacyTerms, deps: Deps) -> dict:
    return {"engagement_days": int(deps.settings.retention_engagement_days),
            "ticket_days": int(deps.settings.retention_ticket_days)}
