"""bank feeds: a queue sends its confirmed outcomes into a hash bank (issue 18)

- `bank_feeds`: one row per queue: the bank, the outcomes sent, the confirmation rule (two
  reviewers agreeing, a supervisor, or either) before a hash is entered; stopped, not deleted.
- PostgreSQL: supervisors and the team server read, add and change it (never DELETE).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import moderator.store.base

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

UTC_TIME = moderator.store.base.UTCDateTime
ROLES = ("moderator_supervisor", "moderator_server")


def upgrade() -> None:
    op.create_table(
        "bank_feeds",
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("outcomes", sa.Text(), nullable=False),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.Column("set_at", UTC_TIME(), nullable=False),
        sa.Column("stopped_at", UTC_TIME(), nullable=True),
        sa.CheckConstraint(
            "rule IN ('two', 'supervisor', 'either')", name=op.f("ck_bank_feeds_rule")
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_bank_feeds_queue_id_queues")
        ),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["hash_banks.id"], name=op.f("fk_bank_feeds_bank_id_hash_banks")
        ),
        sa.PrimaryKeyConstraint("queue_id", name=op.f("pk_bank_feeds")),
    )
    if op.get_bind().dialect.name == "postgresql":
        bind = op.get_bind()
        present = {
            r[0]
            for r in bind.execute(
                sa.text("SELECT rolname FROM pg_roles WHERE rolname LIKE 'moderator_%'")
            )
        }
        for role in ROLES:
            if role in present:
                op.execute(f"GRANT SELECT, INSERT, UPDATE ON bank_feeds TO {role}")


def downgrade() -> None:
    op.drop_table("bank_feeds")
