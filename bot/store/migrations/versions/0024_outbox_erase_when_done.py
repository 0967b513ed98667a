"""An outbound message can be marked to be deleted once it is done (sent,
recorded or given up), not kept until the retention purge: the late
confirmation of a deletion goes to a user whose data is already erased, and
must not keep their openid afterwards.

Revision ID: 0024
Revises: 0023
"""
import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("erase_when_done", sa.Boolean(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("erase_when_done")
