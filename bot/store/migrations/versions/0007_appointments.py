"""career-guidance appointments

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("openid", sa.String(64), nullable=False),
        sa.Column("market_code", sa.String(32), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("half", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("reminded_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_appointments"),
    )
    op.create_index("ix_appointments_openid", "appointments", ["openid"])
    op.create_index("ix_appointments_slot", "appointments", ["market_code", "day", "half"])


def downgrade() -> None:
    op.drop_index("ix_appointments_slot", table_name="appointments")
    op.drop_index("ix_appointments_openid", table_name="appointments")
    op.drop_table("appointments")
