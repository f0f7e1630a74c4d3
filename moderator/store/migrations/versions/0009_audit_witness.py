"""audit witnesses: what the sync cursor remembers, and an index on DECIDE events

- sync_cursors.acked_hash: the hash of the event at acked_seq, so local verification can tell
  a chain rewritten up to what the central store acknowledged.
- sync_cursors.checkpoint_seq: the last checkpoint event among the acknowledged ones.
  Both are filled in for existing cursors from the local journal as it stands.
- ix_audit_events_decide, ix_central_events_decide: partial indexes on (workstation, seq) of
  DECIDE events, which verification matches against the decision rows.

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

DECIDE = sa.text("kind = 'decide'")


def upgrade() -> None:
    with op.batch_alter_table("sync_cursors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("acked_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("checkpoint_seq", sa.BigInteger(), nullable=True))
    op.execute(
        "UPDATE sync_cursors SET "
        "acked_hash = (SELECT e.hash FROM audit_events e WHERE e.workstation = "
        "sync_cursors.workstation AND e.seq = sync_cursors.acked_seq), "
        "checkpoint_seq = (SELECT max(e.seq) FROM audit_events e WHERE e.workstation = "
        "sync_cursors.workstation AND e.kind = 'checkpoint' AND e.seq <= sync_cursors.acked_seq)"
    )
    for table in ("audit_events", "central_events"):
        op.create_index(
            f"ix_{table}_decide",
            table,
            ["workstation", "seq"],
            unique=False,
            sqlite_where=DECIDE,
            postgresql_where=DECIDE,
        )


def downgrade() -> None:
    for table in ("audit_events", "central_events"):
        op.drop_index(f"ix_{table}_decide", table_name=table)
    with op.batch_alter_table("sync_cursors", schema=None) as batch_op:
        batch_op.drop_column("checkpoint_seq")
        batch_op.drop_column("acked_hash")
