"""outbox.priority: urgent staff notices go before a backlog of ordinary ones

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_outbox_queue", "outbox", ["channel", "status", "priority", "id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_queue", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("priority")
