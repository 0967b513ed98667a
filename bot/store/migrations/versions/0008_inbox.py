"""inbox: messages whose changes were made (exactly once across crashes)

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("msg_key", sa.String(200), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("msg_key", name="pk_inbox"),
    )
    op.create_index("ix_inbox_created_at", "inbox", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_inbox_created_at", table_name="inbox")
    op.drop_table("inbox")
