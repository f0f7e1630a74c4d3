"""person active check: the claim's share lock on a person's row, for the server's login

The claim share-locks the claimer's `reviewers` row (`SELECT active ... FOR SHARE`) so that a
deactivation committing meanwhile waits and nothing is claimed after it. PostgreSQL requires
UPDATE privilege for a row lock, which the server's login must not have on `reviewers` (it
cannot change people). So the lock is taken inside a SECURITY DEFINER function owned by the
administrator who migrates, and the server may only execute it.

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0013"
branch_labels = None
depends_on = None

SERVER = "moderator_server"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION moderator_person_active(person integer) RETURNS boolean "
        "LANGUAGE sql SECURITY DEFINER SET search_path = public AS "
        "$$ SELECT active FROM reviewers WHERE id = person FOR SHARE $$"
    )
    op.execute("REVOKE ALL ON FUNCTION moderator_person_active(integer) FROM PUBLIC")
    op.execute(
        f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{SERVER}') THEN "
        f"GRANT EXECUTE ON FUNCTION moderator_person_active(integer) TO {SERVER}; "
        "END IF; END $$"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS moderator_person_active(integer)")
