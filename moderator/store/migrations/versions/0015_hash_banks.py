"""hash banks: named banks of signals and their entries with provenance (issue 18)

- `hash_banks`: name, source, signal types, threshold, action (known / route / flag), the
  outcome of a known match, the queue a route sends to, safe-list flag; retired, not deleted.
- `bank_entries`: one signal value each, unique per bank (re-import changes nothing), with
  who added and confirmed it, when, from which report or file line; retired, not deleted.
- `hash_matches`: each match of a report's media item, with what was done (known, route,
  flag; safe for a safe-list hit, suppressed for what a safe-list hit overrode).
- PostgreSQL: supervisors and the team server read, add and retire (SELECT, INSERT, UPDATE;
  never DELETE). Reviewers hold no database login since 0013: the server explains matches.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import moderator.store.base

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None

UTC_TIME = moderator.store.base.UTCDateTime
ROLES = ("moderator_supervisor", "moderator_server")
TABLES = ("hash_banks", "bank_entries", "hash_matches")


def upgrade() -> None:
    op.create_table(
        "hash_banks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("source_name", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("signals", sa.Text(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("match_percent", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=100), nullable=False),
        sa.Column("route_queue_id", sa.Integer(), nullable=True),
        sa.Column("safe_list", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTC_TIME(), nullable=False),
        sa.Column("retired_at", UTC_TIME(), nullable=True),
        sa.Column("retired_by", sa.String(length=100), nullable=True),
        sa.CheckConstraint(
            "action IN ('known', 'route', 'flag')", name=op.f("ck_hash_banks_action")
        ),
        sa.CheckConstraint(
            "source IN ('own', 'partner', 'regulator')", name=op.f("ck_hash_banks_source")
        ),
        sa.CheckConstraint("threshold BETWEEN 0 AND 63", name=op.f("ck_hash_banks_threshold")),
        sa.ForeignKeyConstraint(
            ["route_queue_id"], ["queues.id"], name=op.f("fk_hash_banks_route_queue_id_queues")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hash_banks")),
        sa.UniqueConstraint("name", name=op.f("uq_hash_banks_name")),
    )
    op.create_table(
        "bank_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("signal", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("value_key", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("added_by", sa.String(length=100), nullable=False),
        sa.Column("added_at", UTC_TIME(), nullable=False),
        sa.Column("confirmed_by", sa.String(length=100), nullable=False),
        sa.Column("confirmed_at", sa.String(length=40), nullable=False),
        sa.Column("origin", sa.String(length=300), nullable=False),
        sa.Column("report_uid", sa.String(length=36), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("extra", sa.Text(), nullable=False),
        sa.Column("retired_at", UTC_TIME(), nullable=True),
        sa.Column("retired_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["hash_banks.id"], name=op.f("fk_bank_entries_bank_id_hash_banks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_entries")),
        sa.UniqueConstraint("bank_id", "digest", name=op.f("uq_bank_entries_bank_id_digest")),
    )
    op.create_index("ix_bank_entries_value", "bank_entries", ["signal", "value_key"], unique=False)
    op.create_table(
        "hash_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("signal", sa.String(length=20), nullable=False),
        sa.Column("distance", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("matched_at", UTC_TIME(), nullable=False),
        sa.CheckConstraint(
            "action IN ('known', 'route', 'flag', 'safe', 'suppressed')",
            name=op.f("ck_hash_matches_action"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_hash_matches_report_id_reports")
        ),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["hash_banks.id"], name=op.f("fk_hash_matches_bank_id_hash_banks")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["bank_entries.id"], name=op.f("fk_hash_matches_entry_id_bank_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hash_matches")),
    )
    op.create_index("ix_hash_matches_report", "hash_matches", ["report_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        _grant()


def _grant() -> None:
    bind = op.get_bind()
    present = {
        r[0]
        for r in bind.execute(
            sa.text("SELECT rolname FROM pg_roles WHERE rolname LIKE 'moderator_%'")
        )
    }
    tables = ", ".join(TABLES)
    for role in ROLES:
        if role in present:
            op.execute(f"GRANT SELECT, INSERT, UPDATE ON {tables} TO {role}")
            op.execute(
                f"GRANT USAGE, SELECT ON SEQUENCE hash_banks_id_seq, bank_entries_id_seq, hash_matches_id_seq TO {role}"
            )


def downgrade() -> None:
    op.drop_index("ix_hash_matches_report", table_name="hash_matches")
    op.drop_table("hash_matches")
    op.drop_index("ix_bank_entries_value", table_name="bank_entries")
    op.drop_table("bank_entries")
    op.drop_table("hash_banks")
