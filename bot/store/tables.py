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

# A registered job seeker (clause 10). Personal data: kept only after
# consent, deleted on request.
workers = Table(
    "workers", metadata,
    Column("openid", String(64), primary_key=True),
    Column("name", String(60), nullable=False),
    Column("phone", String(20), nullable=True),
    Column("birth_year", Integer, nullable=True),
    Column("areas", Text, nullable=False, server_default="[]"),        # JSON list of area codes
    Column("near_lat", Float, nullable=True),                            # "near me": a shared location
    Column("near_lng", Float, nullable=True),
    Column("trades", Text, nullable=False, server_default="[]"),       # JSON list of trade codes
    Column("skills", Text, nullable=False, server_default=""),
    Column("days", String(12), nullable=False, server_default="any"),  # any | weekends | weekdays | today
    Column("hours", String(12), nullable=False, server_default="any"),  # any | morning | afternoon | evening
    Column("pay_amount", Integer, nullable=True),
    Column("pay_unit", String(8), nullable=True),                       # day | hour | piece | month
    Column("pay_method", String(16), nullable=True),
    Column("wants_push", Boolean, nullable=False, server_default="0"),
    Column("consent_at", Float, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
)

# A person or company that posts jobs (clause 9).
employers = Table(
    "employers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("openid", String(64), nullable=False),
    Column("kind", String(10), nullable=False),                         # person | company
    Column("name", String(80), nullable=False),
    Column("contact_name", String(40), nullable=False, server_default=""),
    Column("phone", String(20), nullable=False),
    Column("credit_code", String(18), nullable=True),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    UniqueConstraint("openid"),
)

# A job post with every field clause 9 asks for.
jobs = Table(
    "jobs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("employer_id", Integer, nullable=False, index=True),
    Column("trades", Text, nullable=False),                             # JSON list of trade codes
    Column("skills", Text, nullable=False, server_default=""),
    Column("area", String(20), nullable=False),
    Column("address", Text, nullable=False, server_default=""),
    Column("lat", Float, nullable=True),
    Column("lng", Float, nullable=True),
    Column("start_date", String(10), nullable=False),                   # YYYY-MM-DD
    Column("end_date", String(10), nullable=False),                     # last work day
    Column("days", Integer, nullable=False),
    Column("start_time", String(5), nullable=False),
    Column("end_time", String(5), nullable=False, server_default=""),
    Column("pay_min", Integer, nullable=False),
    Column("pay_max", Integer, nullable=False),
    Column("pay_unit", String(8), nullable=False),
    Column("pay_method", String(16), nullable=False),
    Column("headcount", Integer, nullable=False),
    Column("meals", Boolean, nullable=True),
    Column("lodging", Boolean, nullable=True),
    Column("contact_name", String(40), nullable=False, server_default=""),
    Column("contact_phone", String(20), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    # review (staff decide) | open | closed (full) | refused
    Column("status", String(10), nullable=False),
    Column("review_reasons", Text, nullable=False, server_default="[]"),  # JSON list of rule ids
    Column("review_note", Text, nullable=False, server_default=""),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Index("ix_jobs_status_end", "status", "end_date"),
)
