"""nomination_revision: entrants' edits to published case studies, held for review

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 13:00:00
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nomination_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("proposed", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["decided_by"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["nomination_id"], ["nomination.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("nomination_revision") as batch:
        batch.create_index(batch.f("ix_nomination_revision_nomination_id"), ["nomination_id"], unique=False)
        batch.create_index(batch.f("ix_nomination_revision_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("nomination_revision") as batch:
        batch.drop_index(batch.f("ix_nomination_revision_state"))
        batch.drop_index(batch.f("ix_nomination_revision_nomination_id"))
    op.drop_table("nomination_revision")
