"""drop handoffs: requests for a person have been tickets since 0004

0004 copied every row of `handoffs` into `tickets`, and nothing has written
to it since; what was left there were copies of old requests (text and
callback phone) outside the tickets' retention and erasure. Going down
gives the table back empty: its rows live on as tickets.

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_handoffs_openid", table_name="handoffs")
    op.drop_table("handoffs")


def downgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("openid", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("context", sa.String(40), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_handoffs"),
    )
    op.create_index("ix_handoffs_openid", "handoffs", ["openid"])
