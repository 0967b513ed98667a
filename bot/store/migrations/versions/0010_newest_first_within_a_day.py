"""search reads the newest posts first among jobs starting on one day

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_job_trades_trade_start", table_name="job_trades")
    op.create_index("ix_job_trades_trade_start", "job_trades", ["trade", "start_date", sa.text("job_id DESC")])
    op.drop_index("ix_jobs_status_start", table_name="jobs")
    op.create_index("ix_jobs_status_start", "jobs", ["status", "start_date", sa.text("id DESC")])


def downgrade() -> None:
    op.drop_index("ix_jobs_status_start", table_name="jobs")
    op.create_index("ix_jobs_status_start", "jobs", ["status", "start_date"])
    op.drop_index("ix_job_trades_trade_start", table_name="job_trades")
    op.create_index("ix_job_trades_trade_start", "job_trades", ["trade", "start_date", "job_id"])
