"""Console staff accounts (table `staff_users`): local passwords hashed with
argon2 (argon2-cffi, the reference implementation's bindings), and the WeCom
user id a WeCom web login maps to. Used by the console and by
`python -m bot staff-user …`."""
from __future__ import annotations

import asyncio
import functools
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update

from bot.store.tables import staff_users

ROLES = ("admin", "staff", "reviewer")
# What each role may do includes what the lower ones may.
RANK = {"reviewer": 1, "staff": 2, "admin": 3}
MIN_PASSWORD = 8

_hasher = PasswordHasher()


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified when the name is unknown, so that a wrong name takes as long
    as a wrong password (made on first use: hashing takes a good part of a second)."""
    return _hasher.hash("not a password of anyone")


@dataclass(frozen=True)
class StaffUser:
    id: int
    name: str
    role: str

    def can(self, role: str) -> bool:
        return RANK.get(self.role, 0) >= RANK[role]


@dataclass(frozen=True)
class StaffAccount:
    id: int
    name: str
    role: str
    active: bool
    has_password: bool
    wecom_userid: str | None
    created_at: float
    last_login_at: float | None

    @property
    def user(self) -> StaffUser:
        return StaffUser(self.id, self.name, self.role)


def _account(row) -> StaffAccount:
    return StaffAccount(row["id"], row["name"], row["role"], bool(row["active"]), bool(row["password_hash"]),
                        row["wecom_userid"], row["created_at"], row["last_login_at"])


def hash_password(password: str) -> str:
    return _hasher.hash(password)


class StaffAccounts:
    """The staff_users table, on one connection."""

    def __init__(self, conn) -> None:
        self.conn = conn

    async def add(self, name: str, role: str, password: str | None = None, wecom_userid: str | None = None,
                  now: float | None = None) -> int:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        name = name.strip()
        if not name or len(name) > 64:
            raise ValueError("a name of 1 to 64 characters is needed")
        if await self.by_name(name) is not None:
            raise ValueError(f"there is already a staff user named {name!r}")
        if wecom_userid and await self.by_wecom(wecom_userid) is not None:
            raise ValueError(f"the WeCom user id {wecom_userid!r} already belongs to a staff user")
        hashed = await asyncio.to_thread(hash_password, password) if password else None
        result = await self.conn.execute(insert(staff_users).values(
            name=name, role=role, password_hash=hashed, wecom_userid=wecom_userid or None, active=True,
            created_at=time.time() if now is None else now))
        return int(result.inserted_primary_key[0])

    async def _one(self, where) -> StaffAccount | None:
        row = (await self.conn.execute(select(staff_users).where(where))).mappings().first()
        return _account(row) if row else None

    async def by_name(self, name: str) -> StaffAccount | None:
        return await self._one(staff_users.c.name == name.strip())

    async def by_id(self, staff_id: int) -> StaffAccount | None:
        return await self._one(staff_users.c.id == staff_id)

    async def by_wecom(self, userid: str) -> StaffAccount | None:
        return await self._one(staff_users.c.wecom_userid == userid)

    async def all(self) -> list[StaffAccount]:
        rows = (await self.conn.execute(select(staff_users).order_by(staff_users.c.id))).mappings().all()
        return [_account(r) for r in rows]

    async def set_active(self, name: str, active: bool) -> bool:
        result = await self.conn.execute(update(staff_users).where(staff_users.c.name == name.strip())
                                         .values(active=active))
        return bool(result.rowcount)

    async def set_password(self, name: str, password: str) -> bool:
        hashed = await asyncio.to_thread(hash_password, password)
        result = await self.conn.execute(update(staff_users).where(staff_users.c.name == name.strip())
                                         .values(password_hash=hashed))
        return bool(result.rowcount)

    async def signed_in(self, staff_id: int, now: float) -> None:
        await self.conn.execute(update(staff_users).where(staff_users.c.id == staff_id).values(last_login_at=now))

    async def check_password(self, name: str, password: str) -> StaffAccount | None:
        """The active account whose password this is, else None (taking as
        long for an unknown name as for a wrong password). A hash made with
        older parameters is renewed."""
        row = (await self.conn.execute(select(staff_users).where(staff_users.c.name == name.strip())))\
            .mappings().first()
        stored = row["password_hash"] if row is not None and row["password_hash"] else \
            await asyncio.to_thread(_dummy_hash)
        try:
            await asyncio.to_thread(_hasher.verify, stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None or not row["password_hash"] or not row["active"]:
            return None
        if _hasher.check_needs_rehash(stored):
            await self.conn.execute(update(staff_users).where(staff_users.c.id == row["id"])
                                    .values(password_hash=await asyncio.to_thread(hash_password, password)))
        return _account(row)
