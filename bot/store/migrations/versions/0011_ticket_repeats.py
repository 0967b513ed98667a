"""a repeated request is added to the user's open ticket: when staff were last told

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tickets", sa.Column("repeat_noticed_at", sa.Float(), nullable=True))


def downgrade() -> None:
    op.drop_column("tickets", "repeat_noticed_at")
