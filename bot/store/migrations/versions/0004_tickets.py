"""tickets and their messages (complaints, handoffs, feedback)

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("openid", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(12), nullable=False, server_default="open"),
        sa.Column("urgent", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("employer_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("photos", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("context", sa.String(60), nullable=True),
        sa.Column("market_code", sa.String(32), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("first_reply_at", sa.Float(), nullable=True),
        sa.Column("touched_at", sa.Float(), nullable=True),
        sa.Column("closed_at", sa.Float(), nullable=True),
        sa.Column("close_note", sa.Text(), nullable=False, server_default=""),
        sa.Column("overdue_at", sa.Float(), nullable=True),
        sa.Column("survey_asked_at", sa.Float(), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_tickets"),
    )
    op.create_index("ix_tickets_openid", "tickets", ["openid"])
    op.create_index("ix_tickets_employer_id", "tickets", ["employer_id"])
    op.create_index("ix_tickets_status_created", "tickets", ["status", "created_at"])
    op.create_table(
        "ticket_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(8), nullable=False),
        sa.Column("staff_openid", sa.String(64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ticket_messages"),
    )
    op.create_index("ix_ticket_messages_ticket_id", "ticket_messages", ["ticket_id"])
    # Earlier requests for a person and complaints become tickets.
    op.execute(
        "INSERT INTO tickets (openid, kind, status, text, phone, context, created_at) "
        "SELECT openid, CASE reason WHEN 'human' THEN 'question' ELSE 'other' END, 'open', text, phone, context, "
        "created_at FROM handoffs")


def downgrade() -> None:
    op.drop_index("ix_ticket_messages_ticket_id", table_name="ticket_messages")
    op.drop_table("ticket_messages")
    op.drop_index("ix_tickets_status_created", table_name="tickets")
    op.drop_index("ix_tickets_employer_id", table_name="tickets")
    op.drop_index("ix_tickets_openid", table_name="tickets")
    op.drop_table("tickets")
