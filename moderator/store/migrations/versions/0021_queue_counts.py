"""queue counts: reports per queue and state kept by triggers, not counted by scanning (issue 14)

- `queue_counts`: +1/-1 rows appended by triggers on `reports` (insert, delete, a change of
  queue or state) in the transaction of the change; folded now and then into one row per
  queue and state (`store.queue_counts`). Backfilled here from the reports in place.
- PostgreSQL: the trigger function and `queue_counts_fold()` are SECURITY DEFINER, so the
  team server's and supervisors' logins need only SELECT on the table.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

ROLES = ("moderator_supervisor", "moderator_server")
_ROW = "INSERT INTO queue_counts (queue_id, state, n) VALUES"
SQLITE_TRIGGERS = (
    "CREATE TRIGGER queue_counts_insert AFTER INSERT ON reports BEGIN "
    f"{_ROW} (NEW.queue_id, NEW.state, 1); END",
    "CREATE TRIGGER queue_counts_delete AFTER DELETE ON reports BEGIN "
    f"{_ROW} (OLD.queue_id, OLD.state, -1); END",
    "CREATE TRIGGER queue_counts_update AFTER UPDATE OF queue_id, state ON reports "
    "WHEN OLD.queue_id IS NOT NEW.queue_id OR OLD.state IS NOT NEW.state BEGIN "
    f"{_ROW} (OLD.queue_id, OLD.state, -1), (NEW.queue_id, NEW.state, 1); END",
)
PG_FUNCTIONS = (
    "CREATE FUNCTION queue_counts_track() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
    "SET search_path = public AS $$ BEGIN "
    f"IF TG_OP = 'INSERT' THEN {_ROW} (NEW.queue_id, NEW.state, 1); "
    f"ELSIF TG_OP = 'DELETE' THEN {_ROW} (OLD.queue_id, OLD.state, -1); "
    f"ELSE {_ROW} (OLD.queue_id, OLD.state, -1), (NEW.queue_id, NEW.state, 1); END IF; "
    "RETURN NULL; END $$",
    # One statement: the rows it deletes are exactly the rows it sums. Rows appended
    # meanwhile by other transactions are not in its snapshot and stay for the next fold.
    "CREATE FUNCTION queue_counts_fold() RETURNS void LANGUAGE sql SECURITY DEFINER "
    "SET search_path = public AS $$ "
    "WITH gone AS (DELETE FROM queue_counts RETURNING queue_id, state, n) "
    "INSERT INTO queue_counts (queue_id, state, n) SELECT queue_id, state, sum(n) FROM gone "
    "GROUP BY queue_id, state HAVING sum(n) <> 0 $$",
    "CREATE TRIGGER queue_counts_rows AFTER INSERT OR DELETE ON reports FOR EACH ROW "
    "EXECUTE FUNCTION queue_counts_track()",
    "CREATE TRIGGER queue_counts_update AFTER UPDATE OF queue_id, state ON reports FOR EACH ROW "
    "WHEN (OLD.queue_id IS DISTINCT FROM NEW.queue_id OR OLD.state IS DISTINCT FROM NEW.state) "
    "EXECUTE FUNCTION queue_counts_track()",
)


def upgrade() -> None:
    op.create_table(
        "queue_counts",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_counts")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("LOCK TABLE reports IN SHARE MODE")  # no change slips between count and trigger
    op.execute(
        "INSERT INTO queue_counts (queue_id, state, n) "
        "SELECT queue_id, state, count(*) FROM reports GROUP BY queue_id, state"
    )
    for ddl in PG_FUNCTIONS if postgres else SQLITE_TRIGGERS:
        op.execute(ddl)
    if postgres:
        _grant()


def _grant() -> None:
    present = {
        r[0]
        for r in op.get_bind().execute(
            sa.text("SELECT rolname FROM pg_roles WHERE rolname LIKE 'moderator_%'")
        )
    }
    for role in ROLES:
        if role in present:
            op.execute(f"GRANT SELECT ON queue_counts TO {role}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS queue_counts_rows ON reports")
        op.execute("DROP TRIGGER IF EXISTS queue_counts_update ON reports")
        op.execute("DROP FUNCTION IF EXISTS queue_counts_track()")
        op.execute("DROP FUNCTION IF EXISTS queue_counts_fold()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS queue_counts_{name}")
    op.drop_table("queue_counts")
