"""engagements end, ratings both ways, service surveys

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("ended_at", sa.Float(), nullable=True))
        batch.add_column(sa.Column("ended_by", sa.String(10), nullable=True))
        batch.add_column(sa.Column("disputed", sa.Boolean(), nullable=False, server_default="0"))
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("rater_role", sa.String(10), nullable=False),
        sa.Column("rater_openid", sa.String(64), nullable=False),
        sa.Column("worker_openid", sa.String(64), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("comment", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ratings"),
        sa.UniqueConstraint("application_id", "rater_role", name="uq_ratings_application_role"),
    )
    op.create_index("ix_ratings_worker_openid", "ratings", ["worker_openid"])
    op.create_index("ix_ratings_employer_id", "ratings", ["employer_id"])
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("openid", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(12), nullable=False),
        sa.Column("overall", sa.Integer(), nullable=True),
        sa.Column("improve", sa.Text(), nullable=False, server_default=""),
        sa.Column("asked_at", sa.Float(), nullable=False),
        sa.Column("answered_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_surveys"),
    )
    op.create_index("ix_surveys_openid", "surveys", ["openid"])


def downgrade() -> None:
    op.drop_index("ix_surveys_openid", table_name="surveys")
    op.drop_table("surveys")
    op.drop_index("ix_ratings_employer_id", table_name="ratings")
    op.drop_index("ix_ratings_worker_openid", table_name="ratings")
    op.drop_table("ratings")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("disputed")
        batch.drop_column("ended_by")
        batch.drop_column("ended_at")
