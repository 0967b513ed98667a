"""An alert keeps what its search asked for beyond the work and the areas:
meals and a bed ("any with meals and a bed? notify me"), and where the
worker was for a search near them. Before, such an alert was kept without
them: with no work or no areas named it never told of anything.

Revision ID: 0026
Revises: 0025
"""
import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job_alerts") as batch:
        batch.add_column(sa.Column("meals", sa.Boolean(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("lodging", sa.Boolean(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("near_lat", sa.Float(), nullable=True))
        batch.add_column(sa.Column("near_lng", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job_alerts") as batch:
        batch.drop_column("near_lng")
        batch.drop_column("near_lat")
        batch.drop_column("lodging")
        batch.drop_column("meals")
