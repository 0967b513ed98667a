"""appointments.topic: what a career-guidance visit is about (clause 10)

One of work | skills | business | rights | other, asked when the half-day is
booked and shown to staff with the day's bookings; empty for bookings made
before it was asked.

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("appointments", sa.Column("topic", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("appointments") as batch:
        batch.drop_column("topic")
