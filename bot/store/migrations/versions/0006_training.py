"""training courses, enrollments with a waiting list, training needs

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("trade", sa.String(32), nullable=False),
        sa.Column("teaches", sa.Text(), nullable=False, server_default=""),
        sa.Column("area", sa.String(20), nullable=True),
        sa.Column("place", sa.Text(), nullable=False, server_default=""),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("start_date", sa.String(10), nullable=False),
        sa.Column("end_date", sa.String(10), nullable=False),
        sa.Column("schedule", sa.Text(), nullable=False, server_default=""),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Text(), nullable=False, server_default=""),
        sa.Column("subsidy", sa.Text(), nullable=False, server_default=""),
        sa.Column("who", sa.Text(), nullable=False, server_default=""),
        sa.Column("active", sa.Boolean(), nullable=False, server_default="1"),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_courses"),
    )
    op.create_table(
        "enrollments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("course_code", sa.String(40), nullable=False),
        sa.Column("openid", sa.String(64), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.Column("reminded_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_enrollments"),
        sa.UniqueConstraint("course_code", "openid", name="uq_enrollments_course_openid"),
    )
    op.create_index("ix_enrollments_course_code", "enrollments", ["course_code"])
    op.create_index("ix_enrollments_openid", "enrollments", ["openid"])
    op.create_table(
        "training_needs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("openid", sa.String(64), nullable=False),
        sa.Column("trades", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("wish", sa.Text(), nullable=False, server_default=""),
        sa.Column("when", sa.String(10), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_training_needs"),
    )


def downgrade() -> None:
    op.drop_table("training_needs")
    op.drop_index("ix_enrollments_openid", table_name="enrollments")
    op.drop_index("ix_enrollments_course_code", table_name="enrollments")
    op.drop_table("enrollments")
    op.drop_table("courses")
