"""database roles: reviewer and supervisor (PostgreSQL only)

Two NOLOGIN group roles; an administrator grants one of them to each person's login role.

- moderator_reviewer: SELECT on every table, INSERT on REVIEWER_INSERT, UPDATE/DELETE only on
  REVIEWER_MUTABLE.
  Never UPDATE or DELETE on APPEND_ONLY (audit events and decisions, local and central).
  Row-level security on workstation_keys: a reviewer sees and inserts only rows whose db_user
  is its own login role, so other workstations' keys stay invisible.
- moderator_supervisor: a member of moderator_reviewer (supervisors work queues too), SELECT on
  everything (all workstation keys included) and writes on SUPERVISOR_WRITABLE.

Roles are cluster-wide, so they are created if missing and never dropped: the downgrade only
revokes what this database granted. Tables that later migrations add need their names added to
the lists below (tables missing from the database are skipped).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

REVIEWER = "moderator_reviewer"
SUPERVISOR = "moderator_supervisor"

# Rows the working code of a reviewer's client updates or deletes (claim, lease renewal, skip,
# undo grace period, sync cursor, breaks and personal wellbeing settings, second reviews).
REVIEWER_MUTABLE = (
    "reports",
    "skips",
    "pending_decisions",
    "sync_cursors",
    "wellbeing_breaks",
    "wellbeing_personal",
    "second_reviews",
)
# Only ever inserted, by anyone but the owner.
APPEND_ONLY = ("audit_events", "central_events", "decisions", "central_decisions")
# What a reviewer's client inserts: its journal and decisions, leases' side tables, its own
# key, wellbeing records, QA results, gold copies (a report and its media rows, made inside the
# claim), and its own reviewer row at first sign-in. Not the training catalogue or records,
# queues, QA settings, gold items, adjudications or wellbeing profiles: those are supervision.
REVIEWER_INSERT = (
    *APPEND_ONLY,
    "pending_decisions",
    "skips",
    "sync_cursors",
    "workstation_keys",
    "exposure_records",
    "wellbeing_breaks",
    "wellbeing_checkins",
    "wellbeing_personal",
    "gold_copies",
    "gold_results",
    "second_reviews",
    "reports",
    "media_items",
    "reviewers",
)
# Supervision: training catalogue and records, queues and people, wellbeing profiles, QA.
SUPERVISOR_WRITABLE = (
    "reviewers",
    "queues",
    "queue_trainings",
    "training_courses",
    "training_records",
    "wellbeing_profiles",
    "qa_settings",
    "gold_items",
    "gold_copies",
    "gold_results",
    "second_reviews",
    "adjudications",
    "reports",
)
assert not set(APPEND_ONLY) & (set(REVIEWER_MUTABLE) | set(SUPERVISOR_WRITABLE))


def _existing(names: tuple[str, ...]) -> list[str]:
    rows = op.get_bind().execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    )
    present = {r[0] for r in rows}
    return [n for n in names if n in present]


def _all_tables() -> list[str]:
    rows = op.get_bind().execute(
        text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename <> 'alembic_version' ORDER BY tablename"
        )
    )
    return [r[0] for r in rows]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for role in (REVIEWER, SUPERVISOR):
        op.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"
        )
    op.execute(f"GRANT {REVIEWER} TO {SUPERVISOR}")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {REVIEWER}, {SUPERVISOR}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {REVIEWER}")
    for table in _all_tables():
        op.execute(f'GRANT SELECT ON "{table}" TO {REVIEWER}, {SUPERVISOR}')
    for table in _existing(REVIEWER_INSERT):
        op.execute(f'GRANT INSERT ON "{table}" TO {REVIEWER}')
    op.execute(f"GRANT SELECT ON alembic_version TO {REVIEWER}, {SUPERVISOR}")
    for table in _existing(REVIEWER_MUTABLE):
        op.execute(f'GRANT UPDATE, DELETE ON "{table}" TO {REVIEWER}')
    for table in _existing(SUPERVISOR_WRITABLE):
        op.execute(f'GRANT INSERT, UPDATE, DELETE ON "{table}" TO {SUPERVISOR}')
    op.execute("ALTER TABLE workstation_keys ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY workstation_keys_own ON workstation_keys FOR ALL TO {REVIEWER} "
        "USING (db_user = current_user) WITH CHECK (db_user = current_user)"
    )
    op.execute(
        f"CREATE POLICY workstation_keys_supervisor ON workstation_keys FOR SELECT "
        f"TO {SUPERVISOR} USING (true)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY IF EXISTS workstation_keys_supervisor ON workstation_keys")
    op.execute("DROP POLICY IF EXISTS workstation_keys_own ON workstation_keys")
    op.execute("ALTER TABLE workstation_keys DISABLE ROW LEVEL SECURITY")
    # Only this database's grants: the roles themselves may serve other databases.
    for role in (REVIEWER, SUPERVISOR):
        op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
        op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}")
        op.execute(f"REVOKE USAGE ON SCHEMA public FROM {role}")
