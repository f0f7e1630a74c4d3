"""team server: enrollment codes, workstation registrations, tokens, idempotency keys; the
server's database role; desktops lose theirs (issue 16)

Tables (both engines): `enrollment_codes`, `workstation_registrations`, `api_tokens`,
`idempotency_keys` (models_server.py).

PostgreSQL only:
- `moderator_server`, a NOLOGIN group role for the server's one runtime login: SELECT on every
  table, INSERT only on SERVER_INSERT_ONLY (audit and decisions, local and central, and
  workstation keys: never UPDATE or DELETE), INSERT on SERVER_INSERT, INSERT/UPDATE/DELETE on
  SERVER_MUTABLE. No DDL: migrations stay an administrator's command.
- `moderator_reviewer` (migration 0007) loses every privilege on this database: in team mode a
  reviewer's desktop talks to the server and holds no database login. The role itself is
  cluster-wide and is left in place; the downgrade grants 0007's privileges back.

Revision ID: 0013
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

import moderator.store.base

revision = "0013"
down_revision = "0010"
branch_labels = None
depends_on = None

UTC = moderator.store.base.UTCDateTime
SERVER = "moderator_server"
REVIEWER = "moderator_reviewer"

SERVER_INSERT_ONLY = (
    "audit_events",
    "central_events",
    "decisions",
    "central_decisions",
    "workstation_keys",
)
# Rows the claim makes (gold copies and their media) or that only ever grow.
SERVER_INSERT = ("media_items", "exposure_records", "wellbeing_checkins", "gold_results")
SERVER_MUTABLE = (
    "reports",
    "skips",
    "pending_decisions",
    "wellbeing_breaks",
    "wellbeing_personal",
    "gold_copies",
    "second_reviews",
    "enrollment_codes",
    "workstation_registrations",
    "api_tokens",
    "idempotency_keys",
)


def upgrade() -> None:
    op.create_table(
        "enrollment_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.Column("issued_at", UTC(), nullable=False),
        sa.Column("expires_at", UTC(), nullable=False),
        sa.Column("used_at", UTC(), nullable=True),
        sa.Column("workstation", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["reviewers.id"],
            name=op.f("fk_enrollment_codes_reviewer_id_reviewers"),
        ),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_enrollment_codes")),
    )
    op.create_table(
        "workstation_registrations",
        sa.Column("workstation", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("server_chain", sa.String(length=36), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("enrolled_at", UTC(), nullable=False),
        sa.Column("revoked_at", UTC(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["reviewers.id"],
            name=op.f("fk_workstation_registrations_reviewer_id_reviewers"),
        ),
        sa.PrimaryKeyConstraint("workstation", name=op.f("pk_workstation_registrations")),
        sa.UniqueConstraint("server_chain", name=op.f("uq_workstation_registrations_server_chain")),
    )
    with op.batch_alter_table("workstation_registrations") as batch:
        batch.create_index("ix_workstation_registrations_reviewer", ["reviewer_id"])
    op.create_table(
        "api_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("workstation", sa.String(length=36), nullable=False),
        sa.Column("issued_at", UTC(), nullable=False),
        sa.Column("expires_at", UTC(), nullable=False),
        sa.Column("revoked_at", UTC(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workstation"],
            ["workstation_registrations.workstation"],
            name=op.f("fk_api_tokens_workstation_workstation_registrations"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_api_tokens")),
    )
    with op.batch_alter_table("api_tokens") as batch:
        batch.create_index("ix_api_tokens_workstation", ["workstation"])
    op.create_table(
        "idempotency_keys",
        sa.Column("workstation", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("endpoint", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.PrimaryKeyConstraint("workstation", "key", name=op.f("pk_idempotency_keys")),
    )
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.create_index("ix_idempotency_keys_created", ["created_at"])
    if op.get_bind().dialect.name == "postgresql":
        _grant_server()
        _revoke_reviewer()


def _tables() -> list[str]:
    rows = op.get_bind().execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    )
    return sorted(r[0] for r in rows)


def _grant_server() -> None:
    op.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{SERVER}') "
        f"THEN CREATE ROLE {SERVER} NOLOGIN; END IF; END $$"
    )
    present = set(_tables())
    op.execute(f"GRANT USAGE ON SCHEMA public TO {SERVER}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {SERVER}")
    for table in sorted(present):
        op.execute(f'GRANT SELECT ON "{table}" TO {SERVER}')
    for table in (*SERVER_INSERT_ONLY, *SERVER_INSERT):
        if table in present:
            op.execute(f'GRANT INSERT ON "{table}" TO {SERVER}')
    for table in SERVER_MUTABLE:
        if table in present:
            op.execute(f'GRANT INSERT, UPDATE, DELETE ON "{table}" TO {SERVER}')
    # The server registers workstation keys for everyone it enrolls and reads them all.
    op.execute(
        f"CREATE POLICY workstation_keys_server ON workstation_keys FOR ALL TO {SERVER} "
        "USING (true) WITH CHECK (true)"
    )


def _revoke_reviewer() -> None:
    op.execute(
        f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{REVIEWER}') THEN "
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {REVIEWER}; "
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {REVIEWER}; "
        "END IF; END $$"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS workstation_keys_server ON workstation_keys")
        op.execute(
            f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{SERVER}') THEN "
            f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {SERVER}; "
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {SERVER}; "
            f"REVOKE USAGE ON SCHEMA public FROM {SERVER}; END IF; END $$"
        )
    for name in ("idempotency_keys", "api_tokens", "workstation_registrations", "enrollment_codes"):
        op.drop_table(name)
    if op.get_bind().dialect.name == "postgresql":
        _restore_reviewer()


def _restore_reviewer() -> None:
    """Grant the reviewer role 0007's privileges again (those tables all still exist)."""
    roles = importlib.import_module("moderator.store.migrations.versions.0007_roles")
    present = set(_tables())
    grants = [
        ("SELECT", sorted(present - {"alembic_version"})),
        # Not `reviewers`: migration 0010 took that one back (people are added by supervisors).
        ("INSERT", [t for t in roles.REVIEWER_INSERT if t in present and t != "reviewers"]),
        ("UPDATE, DELETE", [t for t in roles.REVIEWER_MUTABLE if t in present]),
    ]
    for what, tables in grants:
        for table in tables:
            op.execute(f'GRANT {what} ON "{table}" TO {REVIEWER}')
    op.execute(f"GRANT SELECT ON alembic_version TO {REVIEWER}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {REVIEWER}")
