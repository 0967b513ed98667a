"""The user's own record against the store: the users row, what is kept,
and its deletion (bot/features/account/privacy.py)."""
from __future__ import annotations

from bot.bus import Deps, Router
from bot.features.account import privacy
from bot.features.account.messages import DataHeld, DeleteMyData, MyData, PrivacyTerms, UpdateUser
from bot.store.repos import UserRepo

router = Router("account")


@router.query(PrivacyTerms)
async def privacy_terms(q: PrivacyTerms, deps: Deps) -> dict:
    return {"engagement_days": int(deps.settings.retention_engagement_days),
            "ticket_days": int(deps.settings.retention_ticket_days)}


@router.query(MyData)
async def my_data(q: MyData, deps: Deps) -> DataHeld:
    return await privacy.summary(deps.conn, deps.openid, deps.settings)


@router.command(UpdateUser)
async def update_user(c: UpdateUser, deps: Deps) -> None:
    await UserRepo(deps.conn).upsert(deps.openid, **c.changes())


@router.command(DeleteMyData)
async def delete_my_data(c: DeleteMyData, deps: Deps) -> bool:
    erasure = await privacy.erase_user(deps.conn, deps.openid, deps.now, deps.notifier.notify)
    deps.forget_user(erasure.needles)
    return True  # whatever it told others (staff, employers, workers waiting) is queued
