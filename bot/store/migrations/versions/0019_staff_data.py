"""staff data in the database: markets, the policy knowledge base, course
words, and a version per kind that every process checks to rebuild its
in-process copy (#14). The files in bot/data/ become the seed, loaded into
an empty table at first start.

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.add_column(sa.Column("keywords", sa.Text(), nullable=False, server_default="[]"))
    op.create_table(
        "markets",
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("area", sa.String(20), nullable=False),
        sa.Column("address", sa.Text(), nullable=False, server_default=""),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lng", sa.Float(), nullable=False),
        sa.Column("hours", sa.Text(), nullable=False, server_default=""),
        sa.Column("verified", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("scenes", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("active", sa.Boolean(), nullable=False, server_default="1"),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_markets"),
    )
    op.create_table(
        "policies",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_policies"),
    )
    op.create_table(
        "data_versions",
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name="pk_data_versions"),
    )


def downgrade() -> None:
    op.drop_table("data_versions")
    op.drop_table("policies")
    op.drop_table("markets")
    with op.batch_alter_table("courses") as batch:
        batch.drop_column("keywords")
