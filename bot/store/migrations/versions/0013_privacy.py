"""privacy: employers' consent, a worker's choice to show their phone when
applying, what a deletion or the retention periods left to finish, and who
an inbox reply and an outbox message concern

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        batch.add_column(sa.Column("show_phone", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("employers") as batch:
        batch.add_column(sa.Column("consent_at", sa.Float(), nullable=True))
        batch.add_column(sa.Column("erase_requested_at", sa.Float(), nullable=True))
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("anonymised_at", sa.Float(), nullable=True))
        batch.add_column(sa.Column("erase_requested_at", sa.Float(), nullable=True))
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("about", sa.String(64), nullable=True))
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("openid", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("openid")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("about")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("erase_requested_at")
        batch.drop_column("anonymised_at")
    with op.batch_alter_table("employers") as batch:
        batch.drop_column("erase_requested_at")
        batch.drop_column("consent_at")
    with op.batch_alter_table("workers") as batch:
        batch.drop_column("show_phone")
