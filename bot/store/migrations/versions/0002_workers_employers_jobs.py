"""workers, employers, jobs (registration and posting)

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workers",
        sa.Column("openid", sa.String(64), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("areas", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("near_lat", sa.Float(), nullable=True),
        sa.Column("near_lng", sa.Float(), nullable=True),
        sa.Column("trades", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("skills", sa.Text(), nullable=False, server_default=""),
        sa.Column("days", sa.String(12), nullable=False, server_default="any"),
        sa.Column("hours", sa.String(12), nullable=False, server_default="any"),
        sa.Column("pay_amount", sa.Integer(), nullable=True),
        sa.Column("pay_unit", sa.String(8), nullable=True),
        sa.Column("pay_method", sa.String(16), nullable=True),
        sa.Column("wants_push", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("consent_at", sa.Float(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("openid", name="pk_workers"),
    )
    op.create_table(
        "employers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("openid", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("contact_name", sa.String(40), nullable=False, server_default=""),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("credit_code", sa.String(18), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_employers"),
        sa.UniqueConstraint("openid", name="uq_employers_openid"),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("trades", sa.Text(), nullable=False),
        sa.Column("skills", sa.Text(), nullable=False, server_default=""),
        sa.Column("area", sa.String(20), nullable=False),
        sa.Column("address", sa.Text(), nullable=False, server_default=""),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lng", sa.Float(), nullable=True),
        sa.Column("start_date", sa.String(10), nullable=False),
        sa.Column("end_date", sa.String(10), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.String(5), nullable=False),
        sa.Column("end_time", sa.String(5), nullable=False, server_default=""),
        sa.Column("pay_min", sa.Integer(), nullable=False),
        sa.Column("pay_max", sa.Integer(), nullable=False),
        sa.Column("pay_unit", sa.String(8), nullable=False),
        sa.Column("pay_method", sa.String(16), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("meals", sa.Boolean(), nullable=True),
        sa.Column("lodging", sa.Boolean(), nullable=True),
        sa.Column("contact_name", sa.String(40), nullable=False, server_default=""),
        sa.Column("contact_phone", sa.String(20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("review_reasons", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("review_note", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
    )
    op.create_index("ix_jobs_employer_id", "jobs", ["employer_id"])
    op.create_index("ix_jobs_status_end", "jobs", ["status", "end_date"])


def downgrade() -> None:
    op.drop_index("ix_jobs_status_end", table_name="jobs")
    op.drop_index("ix_jobs_employer_id", table_name="jobs")
    op.drop_table("jobs")
    op.drop_table("employers")
    op.drop_table("workers")
