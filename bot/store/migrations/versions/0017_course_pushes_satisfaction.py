"""courses reach people, satisfaction in three parts (issue #14, clauses 14-16 and 24)

`course_pushes`: which worker was told about which course (one push per
course and worker, counted in the day's push cap). `surveys` gets the
three answers of the satisfaction survey: the environment, the process
and the result (1-5 each, NULL when skipped); `overall` stays for the
answers given before.

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "course_pushes",
        sa.Column("openid", sa.String(64), nullable=False),
        sa.Column("course_code", sa.String(40), nullable=False),
        sa.Column("sent_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("openid", "course_code", name="pk_course_pushes"),
    )
    op.create_index("ix_course_pushes_sent_at", "course_pushes", ["sent_at"])
    with op.batch_alter_table("surveys") as batch:
        batch.add_column(sa.Column("environment", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("process", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("result", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("surveys") as batch:
        batch.drop_column("result")
        batch.drop_column("process")
        batch.drop_column("environment")
    op.drop_index("ix_course_pushes_sent_at", table_name="course_pushes")
    op.drop_table("course_pushes")
