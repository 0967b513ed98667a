"""markets' QR codes for print, made once through WeChat's QR-code API and
kept (#15, the staff console's markets page).

Revision ID: 0022
Revises: 0020
"""
import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "qr_codes",
        sa.Column("scene", sa.String(64), nullable=False),
        sa.Column("market_code", sa.String(32), nullable=False),
        sa.Column("ticket", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False, server_default=""),
        sa.Column("image", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("scene", name="pk_qr_codes"),
    )
    op.create_index("ix_qr_codes_market_code", "qr_codes", ["market_code"])


def downgrade() -> None:
    op.drop_index("ix_qr_codes_market_code", table_name="qr_codes")
    op.drop_table("qr_codes")
