"""nomination.request_hash: an idempotency key is bound to the request it first came with

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 12:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nomination") as batch:
        batch.add_column(sa.Column("request_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nomination") as batch:
        batch.drop_column("request_hash")
