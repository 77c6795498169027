"""nomination.body_text: the body as plain text, for search documents

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 04:30:00
"""

import sqlalchemy as sa
from alembic import op

from catalogue.rendering import markdown_to_text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("nomination") as batch:
        batch.add_column(sa.Column("body_text", sa.Text(), nullable=False, server_default=""))
    # fill it for existing entries, a batch at a time (keyset paging by id)
    nomination = sa.table(
        "nomination", sa.column("id", sa.Integer), sa.column("body", sa.Text), sa.column("body_text", sa.Text)
    )
    connection = op.get_bind()
    fill = (
        sa.update(nomination)
        .where(nomination.c.id == sa.bindparam("nomination_id"))
        .values(body_text=sa.bindparam("text"))
    )
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(nomination.c.id, nomination.c.body)
            .where(nomination.c.id > last_id)
            .order_by(nomination.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        connection.execute(fill, [{"nomination_id": nid, "text": markdown_to_text(body)} for nid, body in rows])
        last_id = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("nomination") as batch:
        batch.drop_column("body_text")
