"""An alert keeps the pay its search asked for: how it is paid ("any paid
daily? notify me") and the least it pays, per its unit. Before, such an
alert told of every new job, whatever it paid.

Revision ID: 0027
Revises: 0026
"""
import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job_alerts") as batch:
        batch.add_column(sa.Column("pay_method", sa.String(16), nullable=True))
        batch.add_column(sa.Column("pay_min", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("pay_unit", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job_alerts") as batch:
        batch.drop_column("pay_unit")
        batch.drop_column("pay_min")
        batch.drop_column("pay_method")
