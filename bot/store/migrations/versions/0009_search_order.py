"""search reads in start-date order: job_trades.start_date, no end-date index

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_jobs_status_end", table_name="jobs")
    with op.batch_alter_table("job_trades") as batch:
        batch.add_column(sa.Column("start_date", sa.String(10), nullable=False, server_default=""))
    op.execute("UPDATE job_trades SET start_date = (SELECT jobs.start_date FROM jobs WHERE jobs.id = job_trades.job_id)")
    op.create_index("ix_job_trades_trade_start", "job_trades", ["trade", "start_date", "job_id"])


def downgrade() -> None:
    op.drop_index("ix_job_trades_trade_start", table_name="job_trades")
    with op.batch_alter_table("job_trades") as batch:
        batch.drop_column("start_date")
    op.create_index("ix_jobs_status_end", "jobs", ["status", "end_date"])
