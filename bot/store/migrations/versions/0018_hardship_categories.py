"""hardship categories (clause 13): what a worker said of themselves, and
what staff recognised (rending)

`hardship_said` is what the worker said at registration or in "my info"
(JSON list of category codes, bot/data/hardship_categories.json);
`hardship_recognised` is what staff recognised with their recognise command,
and `hardship` stays "has any staff-recognised category" (what welfare
posts' `hardship` condition reads). Going down drops the two lists; the
flag stays as it was.

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        batch.add_column(sa.Column("hardship_said", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("hardship_recognised", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("hardship_recognised_at", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        batch.drop_column("hardship_recognised_at")
        batch.drop_column("hardship_recognised")
        batch.drop_column("hardship_said")
