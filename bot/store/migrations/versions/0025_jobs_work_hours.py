"""A job post's hours can be said in words when they have no clock times:
a factory's "two shifts" or "not fixed". Before, such a
post could not be made at all: the hours' question took clock times only.

Revision ID: 0025
Revises: 0024
"""
import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("work_hours", sa.String(16), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("work_hours")
