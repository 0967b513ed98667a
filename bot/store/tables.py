"""The database schema (SQLAlchemy Core). Migrations in
bot/store/migrations/versions create exactly this; a test compares them.

Machine times are epoch seconds (float): portable across SQLite and
PostgreSQL and cheap to compare.
"""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Float, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
})

users = Table(
    "users", metadata,
    Column("openid", String(64), primary_key=True),
    Column("locale", String(8), nullable=False, server_default="zh_CN"),
    Column("subscribed", Boolean, nullable=False, server_default="1"),
    # the market or station whose QR code brought the user (clause 1)
    Column("market_code", String(32), nullable=True),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
)

# Every outbound message is a row first, written in the same transaction as
# the change that causes it; a background sender delivers it (at least once).
outbox = Table(
    "outbox", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("idempotency_key", String(200), nullable=False),
    # wechat_custom | wechat_template | staff
    Column("channel", String(20), nullable=False),
    Column("recipient", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    # pending | sent | recorded (outbound disabled) | failed (gave up)
    Column("status", String(12), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", Float, nullable=False),
    Column("lease_until", Float, nullable=True),
    Column("lease_owner", String(40), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("created_at", Float, nullable=False),
    Column("sent_at", Float, nullable=True),
    UniqueConstraint("idempotency_key"),
    Index("ix_outbox_due", "status", "next_attempt_at"),
)

# A user asked for a person (the word for "human") or left a message for staff.
handoffs = Table(
    "handoffs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("openid", String(64), nullable=False, index=True),
    Column("reason", String(20), nullable=False),
    Column("text", Text, nullable=False, server_default=""),
    Column("phone", String(20), nullable=True),
    Column("context", String(40), nullable=True),
    Column("created_at", Float, nullable=False),
)
