"""award.deadline_at (an award's own deadline, overriding its cycle's) and award.edits_close

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 15:00:00
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("award") as batch:
        batch.add_column(sa.Column("deadline_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch.add_column(
            sa.Column(
                "edits_close",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="deadline",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("award") as batch:
        batch.drop_column("edits_close")
        batch.drop_column("deadline_at")
