"""Search reads an area's jobs and the public-welfare posts straight from
an index in its own order (start date, newest first within a day) (#16).

Revision ID: 0022
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_jobs_status_area_start", table_name="jobs")
    op.create_index("ix_jobs_status_area_start_id", "jobs", ["status", "area", "start_date", sa.text("id DESC")])
    op.create_index("ix_jobs_kind_status_start_id", "jobs", ["kind", "status", "start_date", sa.text("id DESC")])


def downgrade() -> None:
    op.drop_index("ix_jobs_kind_status_start_id", table_name="jobs")
    op.drop_index("ix_jobs_status_area_start_id", table_name="jobs")
    op.create_index("ix_jobs_status_area_start", "jobs", ["status", "area", "start_date"])
