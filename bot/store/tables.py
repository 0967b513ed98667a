"""The database schema (SQLAlchemy Core). Migrations in
bot/store/migrations/versions create exactly this; a test compares them.

Machine times are epoch seconds (float): portable across SQLite and
PostgreSQL and cheap to compare.
"""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Float, Index, Integer, LargeBinary, MetaData, PrimaryKeyConstraint, String,
                        Table, Text, UniqueConstraint)

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
    # For WeChat's 48-hour customer-service window (kept to the hour).
    Column("last_message_at", Float, nullable=True),
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
    # The user whose personal data the message carries, when it goes to
    # someone else (an applicant's name to an employer): found and
    # redacted when that user deletes their data.
    Column("about", String(64), nullable=True),
    # Staff notices: 1 for an urgent ticket's notice and its mention (they go
    # before a backlog of ordinary ones), 0 for the rest.
    Column("priority", Integer, nullable=False, server_default="0"),
    # Deleted once done (sent, recorded or given up) rather than kept until
    # the retention purge: the late confirmation of a deletion, to a user
    # whose data is already erased.
    Column("erase_when_done", Boolean, nullable=False, server_default="0"),
    UniqueConstraint("idempotency_key"),
    Index("ix_outbox_due", "status", "next_attempt_at"),
    Index("ix_outbox_queue", "channel", "status", "priority", "id"),
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
    # Recognised by staff (rending) as a person with employment difficulties in
    # at least one category: `hardship_recognised` is not empty (what
    # public-welfare posts' `hardship` condition reads).
    Column("hardship", Boolean, nullable=False, server_default="0"),
    Column("consent_at", Float, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    # The worker chose to give their phone to an employer with each
    # application; otherwise it goes only once the employer accepts them.
    Column("show_phone", Boolean, nullable=False, server_default="0"),
    # Hardship categories (clause 13; codes of bot/data/hardship_categories.json), JSON lists: what the
    # worker said of themselves (registration, "my info"), and what staff recognised with the recognise command.
    Column("hardship_said", Text, nullable=False, server_default="[]"),
    Column("hardship_recognised", Text, nullable=False, server_default="[]"),
    Column("hardship_recognised_at", Float, nullable=True),
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
    # When the employer agreed to what is kept (asked before a first post).
    Column("consent_at", Float, nullable=True),
    # Deleted on request while complaints about them were still open: the
    # name and phone stay for staff until those are closed (privacy.py).
    Column("erase_requested_at", Float, nullable=True),
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
    # Hours said in words when they have no clock times (a factory's "two
    # shifts", "not fixed"): a code of the choice `work_hours` (bot/data/choices.json);
    # start_time is then "". Empty when the hours are clock times.
    Column("work_hours", String(16), nullable=False, server_default=""),
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
    # review (staff decide) | open | closed (full) | refused | expired (past its last work day)
    Column("status", String(10), nullable=False),
    Column("review_reasons", Text, nullable=False, server_default="[]"),  # JSON list of rule ids
    Column("review_note", Text, nullable=False, server_default=""),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    # accepted applicants; the job is full (closed) at headcount
    Column("filled", Integer, nullable=False, server_default="0"),
    # normal | welfare (a temporary public-welfare post, clause 13)
    Column("kind", String(10), nullable=False, server_default="normal"),
    Column("eligibility", Text, nullable=False, server_default="{}"),   # JSON, welfare posts
    Column("market_code", String(32), nullable=True),                    # the market it came through
    # Search walks jobs in start-date order and stops at enough: no index
    # on end_date, or the planner would sort every open job instead.
)
Index("ix_jobs_status_start", jobs.c.status, jobs.c.start_date, jobs.c.id.desc())
# An area's jobs, and the public-welfare posts, in the order search reads
# them (start date, newest post first within a day), straight from the
# index: without the id the database sorted each day's jobs (thousands in
# Jinjiang), and without the kind it walked every open job for a welfare search.
Index("ix_jobs_status_area_start_id", jobs.c.status, jobs.c.area, jobs.c.start_date, jobs.c.id.desc())
Index("ix_jobs_kind_status_start_id", jobs.c.kind, jobs.c.status, jobs.c.start_date, jobs.c.id.desc())
# What changed since a process last looked: its index of open jobs is kept
# fresh from this (bot/services/open_jobs.py).
Index("ix_jobs_updated_at", jobs.c.updated_at)

# One row per trade of a job, so search can filter by trade with an index.
job_trades = Table(
    "job_trades", metadata,
    Column("job_id", Integer, nullable=False),
    Column("trade", String(32), nullable=False),
    # the job's start date, copied so a trade's jobs are read in date order
    # straight from the index
    Column("start_date", String(10), nullable=False, server_default=""),
    PrimaryKeyConstraint("trade", "job_id", name="pk_job_trades"),
    Index("ix_job_trades_job_id", "job_id"),
)
# A trade's jobs in start-date order, the newest post first within a day:
# search stops after enough candidates, and fresh posts are likelier open.
Index("ix_job_trades_trade_start", job_trades.c.trade, job_trades.c.start_date, job_trades.c.job_id.desc())

# A worker's application to a job (clause 8).
applications = Table(
    "applications", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_id", Integer, nullable=False, index=True),
    Column("worker_openid", String(64), nullable=False, index=True),
    # applied | accepted | declined | withdrawn
    Column("status", String(10), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    # An accepted application is an engagement; it ends when a side says the
    # work is done, or by itself the day after the job's last work day.
    Column("ended_at", Float, nullable=True),
    Column("ended_by", String(10), nullable=True),                      # worker | employer | auto
    Column("disputed", Boolean, nullable=False, server_default="0"),   # the other side says it did not happen
    UniqueConstraint("job_id", "worker_openid", name="uq_applications_job_worker"),
)

# Jobs pushed to a worker, so none is pushed twice and the daily cap holds.
push_log = Table(
    "push_log", metadata,
    Column("openid", String(64), nullable=False),
    Column("job_id", Integer, nullable=False),
    Column("sent_at", Float, nullable=False),
    PrimaryKeyConstraint("openid", "job_id", name="pk_push_log"),
    Index("ix_push_log_sent_at", "sent_at"),
)

# "Tell me when such a job appears": a search kept for pushes.
job_alerts = Table(
    "job_alerts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("openid", String(64), nullable=False, index=True),
    Column("trades", Text, nullable=False, server_default="[]"),
    Column("areas", Text, nullable=False, server_default="[]"),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    # Only jobs that provide meals, a bed (as the search asked).
    Column("meals", Boolean, nullable=False, server_default="0"),
    Column("lodging", Boolean, nullable=False, server_default="0"),
    # A search near the worker: where they were (none: the areas, or anywhere).
    Column("near_lat", Float, nullable=True),
    Column("near_lng", Float, nullable=True),
    # How it pays and the least it pays, per its unit (none: any).
    Column("pay_method", String(16), nullable=True),
    Column("pay_min", Integer, nullable=True),
    Column("pay_unit", String(8), nullable=True),
)

# A complaint, a request for a person, or feedback (clause 23): one ticket,
# answered by staff through the bot.
tickets = Table(
    "tickets", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("openid", String(64), nullable=False, index=True),
    # wages | injury | fake_job | discrimination | service | other | question | feedback
    Column("kind", String(16), nullable=False),
    Column("status", String(12), nullable=False, server_default="open"),  # open | in_progress | closed
    Column("urgent", Boolean, nullable=False, server_default="0"),
    Column("text", Text, nullable=False, server_default=""),
    Column("job_id", Integer, nullable=True),
    Column("employer_id", Integer, nullable=True, index=True),
    Column("phone", String(20), nullable=True),                        # only when the user asked to be called
    Column("photos", Text, nullable=False, server_default="[]"),       # JSON [{"media_id", "url"}]
    Column("context", String(60), nullable=True),
    Column("market_code", String(32), nullable=True),
    Column("created_at", Float, nullable=False),
    Column("first_reply_at", Float, nullable=True),
    Column("touched_at", Float, nullable=True),
    Column("closed_at", Float, nullable=True),
    Column("close_note", Text, nullable=False, server_default=""),
    Column("overdue_at", Float, nullable=True),
    Column("survey_asked_at", Float, nullable=True),
    Column("satisfaction", Integer, nullable=True),
    # When staff were last told the user wrote again on this ticket (a
    # repeated request for a person or complaint is added to it, and announced sparingly).
    Column("repeat_noticed_at", Float, nullable=True),
    # Text, phone, photos and openids removed (statistics stay): after the
    # retention period, or at once when closed if its user deleted their data.
    Column("anonymised_at", Float, nullable=True),
    Column("erase_requested_at", Float, nullable=True),
    # The staff console user handling it (staff_users.id), or none (#15).
    Column("assigned_to", Integer, nullable=True),
    Index("ix_tickets_status_created", "status", "created_at"),
)

ticket_messages = Table(
    "ticket_messages", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", Integer, nullable=False, index=True),
    Column("author", String(8), nullable=False),                       # user | staff
    Column("staff_openid", String(64), nullable=True),
    Column("text", Text, nullable=False),
    Column("created_at", Float, nullable=False),
)

# After an engagement, each side rates the other once (clause 24).
ratings = Table(
    "ratings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("application_id", Integer, nullable=False),
    Column("rater_role", String(10), nullable=False),                   # worker | employer
    Column("rater_openid", String(64), nullable=False),
    Column("worker_openid", String(64), nullable=False, index=True),
    Column("employer_id", Integer, nullable=False, index=True),
    Column("score", Integer, nullable=False),
    Column("tags", Text, nullable=False, server_default="[]"),
    Column("comment", Text, nullable=False, server_default=""),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    UniqueConstraint("application_id", "rater_role", name="uq_ratings_application_role"),
)

# The market's own service, asked at most once a month per user (clause 24).
surveys = Table(
    "surveys", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("openid", String(64), nullable=False, index=True),
    Column("reason", String(12), nullable=False),                       # engagement | ticket
    Column("overall", Integer, nullable=True),
    Column("improve", Text, nullable=False, server_default=""),
    # The satisfaction survey (clause 24), 1-5 each, NULL when skipped.
    Column("environment", Integer, nullable=True),
    Column("process", Integer, nullable=True),
    Column("result", Integer, nullable=True),
    Column("asked_at", Float, nullable=False),
    Column("answered_at", Float, nullable=True),
)

# Training courses (clauses 14-16), loaded from bot/data/courses.json.
courses = Table(
    "courses", metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(80), nullable=False),
    Column("trade", String(32), nullable=False),
    Column("teaches", Text, nullable=False, server_default=""),
    Column("area", String(20), nullable=True),
    Column("place", Text, nullable=False, server_default=""),
    Column("mode", String(10), nullable=False),                          # offline | live | on_demand
    Column("start_date", String(10), nullable=False),
    Column("end_date", String(10), nullable=False),
    Column("schedule", Text, nullable=False, server_default=""),
    Column("capacity", Integer, nullable=False),
    Column("cost", Text, nullable=False, server_default=""),
    Column("subsidy", Text, nullable=False, server_default=""),
    Column("who", Text, nullable=False, server_default=""),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("updated_at", Float, nullable=False),
    Column("keywords", Text, nullable=False, server_default="[]"),        # JSON list: the course's own words
)

# Staff-edited data (#14): the files in bot/data/ are only the seed, loaded
# into an empty table at first start (bot/services/staff_data.py). Every
# change bumps its kind's row in `data_versions`, which each process checks
# every few seconds to rebuild its in-process copy.
markets = Table(
    "markets", metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(80), nullable=False),
    Column("kind", String(10), nullable=False),                          # market | station
    Column("area", String(20), nullable=False),
    Column("address", Text, nullable=False, server_default=""),
    Column("lat", Float, nullable=False),
    Column("lng", Float, nullable=False),
    Column("hours", Text, nullable=False, server_default=""),
    Column("verified", Boolean, nullable=False, server_default="0"),
    Column("scenes", Text, nullable=False, server_default="[]"),        # JSON list: QR scene ids of its posters
    Column("position", Integer, nullable=False, server_default="0"),     # order in the file and lists
    # false: no longer offered (bookings and tickets that name it still show its name)
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("updated_at", Float, nullable=False),
)

# A market's QR code for print (#15), made once through WeChat's QR-code
# API (a permanent code with the scene id as scene_str) and kept: WeChat
# makes at most 100,000 permanent codes per account.
qr_codes = Table(
    "qr_codes", metadata,
    Column("scene", String(64), primary_key=True),
    Column("market_code", String(32), nullable=False, index=True),
    Column("ticket", Text, nullable=False),
    Column("url", Text, nullable=False, server_default=""),             # what the code says (weixin.qq.com/q/…)
    Column("image", LargeBinary, nullable=False),                        # the PNG WeChat made
    Column("created_at", Float, nullable=False),
)

policies = Table(
    "policies", metadata,
    Column("id", String(64), primary_key=True),
    Column("doc", Text, nullable=False),                                 # the entry as JSON, as in its file
    Column("updated_at", Float, nullable=False),
)

data_versions = Table(
    "data_versions", metadata,
    Column("kind", String(20), primary_key=True),                        # courses | markets | policies | welfare
    Column("version", Integer, nullable=False),
    Column("changed_at", Float, nullable=False),
)

enrollments = Table(
    "enrollments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("course_code", String(40), nullable=False, index=True),
    Column("openid", String(64), nullable=False, index=True),
    Column("status", String(10), nullable=False),                        # enrolled | waiting | cancelled
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("reminded_at", Float, nullable=True),
    UniqueConstraint("course_code", "openid", name="uq_enrollments_course_openid"),
)

# Which worker was told about which course (clauses 14-16): once each.
course_pushes = Table(
    "course_pushes", metadata,
    Column("openid", String(64), nullable=False),
    Column("course_code", String(40), nullable=False),
    Column("sent_at", Float, nullable=False),
    PrimaryKeyConstraint("openid", "course_code", name="pk_course_pushes"),
    Index("ix_course_pushes_sent_at", "sent_at"),
)

# What workers want to learn (clause 14), for the staff report.
training_needs = Table(
    "training_needs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("openid", String(64), nullable=False),
    Column("trades", Text, nullable=False, server_default="[]"),
    Column("wish", Text, nullable=False, server_default=""),
    Column("when", String(10), nullable=False),                          # weekdays | weekends | evenings | any
    Column("mode", String(10), nullable=False),                          # offline | online | any
    Column("created_at", Float, nullable=False),
)

# One-to-one career guidance (clause 10): a half-day slot at a market.
appointments = Table(
    "appointments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("openid", String(64), nullable=False, index=True),
    Column("market_code", String(32), nullable=False),
    Column("day", String(10), nullable=False),
    Column("half", String(10), nullable=False),                          # morning | afternoon
    Column("status", String(10), nullable=False),                        # booked | cancelled
    Column("created_at", Float, nullable=False),
    Column("reminded_at", Float, nullable=True),
    Column("topic", String(16), nullable=True),                          # work | skills | business | rights | other
    Index("ix_appointments_slot", "market_code", "day", "half"),
)

# Messages whose changes were made: written in the same transaction as the
# changes, so a resend after a crash or a lost in-process store changes
# nothing twice, and gets the first answer.
inbox = Table(
    "inbox", metadata,
    Column("msg_key", String(200), primary_key=True),
    Column("reply", Text, nullable=False, server_default=""),
    Column("created_at", Float, nullable=False, index=True),
    # whose message it was, so their stored replies go when they delete their data
    Column("openid", String(64), nullable=True),
)

# Complaint evidence (photos, voice) copied out of WeChat, whose temporary
# media expire after 3 days (bot/services/evidence.py). A row is written
# with its ticket, then a background loop downloads it; the bytes live in
# `content` or, with EVIDENCE_DIR set, in a file at `path`. Erased with its
# ticket or its user (evidence.erase_for_tickets / erase_for_user).
evidence = Table(
    "evidence", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", Integer, nullable=False, index=True),
    Column("openid", String(64), nullable=False, index=True),
    Column("kind", String(8), nullable=False),                           # image | voice
    Column("seq", Integer, nullable=False),                              # photo 1, 2 … / voice 1 … within the ticket
    Column("media_id", String(256), nullable=False),
    Column("source_url", Text, nullable=False, server_default=""),  # PicUrl
    Column("format", String(16), nullable=False, server_default=""),    # a voice message's Format (amr, speex)
    # Random, part of every link's signature: a link never opens another
    # row that later got the same id (SQLite reuses the highest deleted id).
    Column("nonce", String(32), nullable=False),
    # pending | stored | failed (gave up; staff told) | unfetchable (no WeChat credentials)
    Column("status", String(12), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", Float, nullable=False),
    Column("lease_until", Float, nullable=True),
    Column("lease_owner", String(40), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("reason", String(16), nullable=True),                         # why it failed (a catalog selector)
    Column("content_type", String(64), nullable=True),
    Column("size", Integer, nullable=True),
    Column("sha256", String(64), nullable=True),
    Column("content", LargeBinary, nullable=True),
    Column("path", Text, nullable=True),        # a file under EVIDENCE_DIR instead
    Column("received_at", Float, nullable=False),                        # sent by the user: WeChat's 3 days start
    Column("created_at", Float, nullable=False),
    Column("stored_at", Float, nullable=True),
    Column("reported_at", Float, nullable=True),                         # failure told to staff
    Index("ix_evidence_due", "status", "next_attempt_at"),
)

# ---- The staff console (#15) ---------------------------------------------------
# Staff who sign in to the console: a local account (argon2 hash) and/or a
# WeCom user id (WeCom web login). Never deleted, only disabled: the audit
# log names them.
staff_users = Table(
    "staff_users", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False),
    Column("role", String(10), nullable=False),                         # admin | staff | reviewer
    Column("password_hash", Text, nullable=True),
    Column("wecom_userid", String(64), nullable=True),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("created_at", Float, nullable=False),
    Column("last_login_at", Float, nullable=True),
    UniqueConstraint("name"),
    UniqueConstraint("wecom_userid"),
)

# Every change made in the console: who, what, when, before and after
# (JSON). Written in the transaction of the change itself.
audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Float, nullable=False),
    Column("staff_id", Integer, nullable=True),
    Column("staff_name", String(64), nullable=False),
    Column("action", String(60), nullable=False),
    Column("target", String(120), nullable=False, server_default=""),
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
    Index("ix_audit_log_at", "at"),
)

# ---- The personal-data inventory ---------------------------------------------
# What each column can hold, by kind, set on the columns as
# `info["personal"]` (None: nothing personal). Every text-like column is
# listed, and tests/store/test_privacy.py fails for one that is not: a
# column added later must be classified here first. bot/features/account/privacy.py
# erases and anonymises by these kinds.
PERSONAL_KINDS = {
    "openid": "a user's WeChat openid: identifies them",
    "key": "a key that may embed an openid (a message's de-duplication key)",
    "name": "a person's or business's name, or a number that identifies them",
    "phone": "a phone number",
    "address": "where someone lives or works",
    "location": "coordinates someone shared",
    "text": "free text someone wrote: it may hold anything",
    "media": "photos or voice someone sent",
    "message": "a message to or about someone, as sent or as answered",
    "profile": "facts about a person that no longer point to anyone once the row is anonymised",
    "staff": "a staff member's openid, or their console account (name, WeCom id, password hash): not a user's; "
             "kept for accountability",
}

INVENTORY: dict[str, dict[str, str | None]] = {
    "users": {"openid": "openid", "locale": None, "market_code": "profile"},
    "outbox": {"idempotency_key": "key", "channel": None, "recipient": "openid", "payload": "message",
               "status": None, "lease_owner": None, "last_error": None, "about": "openid",
               "erase_when_done": None},
    "workers": {"openid": "openid", "name": "name", "phone": "phone", "birth_year": "profile",
                "areas": "profile", "near_lat": "location", "near_lng": "location", "trades": "profile",
                "skills": "text", "days": "profile", "hours": "profile", "pay_amount": "profile",
                "pay_unit": "profile", "pay_method": "profile", "hardship": "profile",
                "hardship_said": "profile", "hardship_recognised": "profile"},
    "employers": {"openid": "openid", "kind": None, "name": "name", "contact_name": "name", "phone": "phone",
                  "credit_code": "name"},
    "jobs": {"trades": None, "skills": "text", "area": None, "address": "address", "lat": "location",
             "lng": "location", "start_date": None, "end_date": None, "start_time": None, "end_time": None,
             "work_hours": None, "pay_unit": None, "pay_method": None, "contact_name": "name", "contact_phone": "phone",
             "description": "text", "status": None, "review_reasons": None, "review_note": "text", "kind": None,
             "eligibility": None, "market_code": None},
    "job_trades": {"trade": None, "start_date": None},
    "applications": {"worker_openid": "openid", "status": None, "ended_by": None},
    "push_log": {"openid": "openid"},
    "job_alerts": {"openid": "openid", "trades": "profile", "areas": "profile", "meals": "profile",
                   "lodging": "profile", "near_lat": "location", "near_lng": "location", "pay_method": "profile",
                   "pay_min": "profile", "pay_unit": "profile"},
    "tickets": {"openid": "openid", "kind": None, "status": None, "text": "text", "phone": "phone",
                "photos": "media", "context": None, "market_code": None, "close_note": "text"},
    "staff_users": {"name": "staff", "role": None, "password_hash": "staff", "wecom_userid": "staff"},
    # target names a record by its number ("ticket:12"), before/after what changed in it (statuses,
    # staff data): no user's identifiers (the eraser takes out any that got there).
    "audit_log": {"staff_name": "staff", "action": None, "target": "profile", "before": "profile",
                  "after": "profile"},
    "ticket_messages": {"author": None, "staff_openid": "staff", "text": "text"},
    "ratings": {"rater_role": None, "rater_openid": "openid", "worker_openid": "openid", "tags": "profile",
                "comment": "text"},
    "surveys": {"openid": "openid", "reason": None, "improve": "text"},
    "courses": {"code": None, "name": None, "trade": None, "teaches": None, "area": None, "place": None,
                "mode": None, "start_date": None, "end_date": None, "schedule": None, "cost": None,
                "subsidy": None, "who": None, "keywords": None},
    "markets": {"code": None, "name": None, "kind": None, "area": None, "address": None, "hours": None,
                "scenes": None},
    "qr_codes": {"scene": None, "market_code": None, "ticket": None, "url": None, "image": None},
    "policies": {"id": None, "doc": None},
    "data_versions": {"kind": None},
    "enrollments": {"course_code": None, "openid": "openid", "status": None},
    "course_pushes": {"openid": "openid", "course_code": None},
    "training_needs": {"openid": "openid", "trades": "profile", "wish": "text", "when": "profile",
                       "mode": "profile"},
    "appointments": {"openid": "openid", "market_code": None, "day": None, "half": None, "status": None,
                     "topic": "profile"},
    "inbox": {"msg_key": "key", "reply": "message", "openid": "openid"},
    "evidence": {"openid": "openid", "kind": None, "media_id": "media", "source_url": "media", "format": None,
                 "nonce": None, "status": None, "lease_owner": None, "last_error": None, "reason": None,
                 "content_type": None, "sha256": None, "content": "media", "path": "media"},
}

for _table_name, _columns in INVENTORY.items():
    for _column_name, _kind in _columns.items():
        assert _kind is None or _kind in PERSONAL_KINDS, (_table_name, _column_name, _kind)
        metadata.tables[_table_name].c[_column_name].info["personal"] = _kind
