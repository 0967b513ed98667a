"""search, applications, pushes: job trades index, applications, push log, alerts

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("last_message_at", sa.Float(), nullable=True))
    with op.batch_alter_table("workers") as batch:
        batch.add_column(sa.Column("hardship", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("filled", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("kind", sa.String(10), nullable=False, server_default="normal"))
        batch.add_column(sa.Column("eligibility", sa.Text(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("market_code", sa.String(32), nullable=True))
    op.create_index("ix_jobs_status_area_start", "jobs", ["status", "area", "start_date"])
    op.create_index("ix_jobs_status_start", "jobs", ["status", "start_date"])
    op.create_table(
        "job_trades",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("trade", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("trade", "job_id", name="pk_job_trades"),
    )
    op.create_index("ix_job_trades_job_id", "job_trades", ["job_id"])
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("worker_openid", sa.String(64), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_applications"),
        sa.UniqueConstraint("job_id", "worker_openid", name="uq_applications_job_worker"),
    )
    op.create_index("ix_applications_job_id", "applications", ["job_id"])
    op.create_index("ix_applications_worker_openid", "applications", ["worker_openid"])
    op.create_table(
        "push_log",
        sa.Column("openid", sa.String(64), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("openid", "job_id", name="pk_push_log"),
    )
    op.create_index("ix_push_log_sent_at", "push_log", ["sent_at"])
    op.create_table(
        "job_alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("openid", sa.String(64), nullable=False),
        sa.Column("trades", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("areas", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_job_alerts"),
    )
    op.create_index("ix_job_alerts_openid", "job_alerts", ["openid"])


def downgrade() -> None:
    op.drop_index("ix_job_alerts_openid", table_name="job_alerts")
    op.drop_table("job_alerts")
    op.drop_index("ix_push_log_sent_at", table_name="push_log")
    op.drop_table("push_log")
    op.drop_index("ix_applications_worker_openid", table_name="applications")
    op.drop_index("ix_applications_job_id", table_name="applications")
    op.drop_table("applications")
    op.drop_index("ix_job_trades_job_id", table_name="job_trades")
    op.drop_table("job_trades")
    op.drop_index("ix_jobs_status_start", table_name="jobs")
    op.drop_index("ix_jobs_status_area_start", table_name="jobs")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("market_code")
        batch.drop_column("eligibility")
        batch.drop_column("kind")
        batch.drop_column("filled")
    with op.batch_alter_table("workers") as batch:
        batch.drop_column("hardship")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_message_at")
