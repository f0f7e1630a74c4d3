"""supervisor tools over the team server: the server's login may change what they change

The supervisor routes (issue 17) write the training catalogue and records, gold items and
the queues' QA rates as the signed-in supervisor; the team server's least-privilege login
gets the rights a supervisor's own database login had for them. Nothing else changes.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"  # chained after main's 0019 (reserved: 0020 on 0015)
branch_labels = None
depends_on = None

SERVER = "moderator_server"
GRANTS = {
    "training_courses": "INSERT, UPDATE, DELETE",
    "queue_trainings": "INSERT, UPDATE, DELETE",
    "training_records": "INSERT, UPDATE, DELETE",
    "gold_items": "INSERT, UPDATE",  # retired, never deleted
    "qa_settings": "INSERT, UPDATE",
}


def _server_role() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    found = bind.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": SERVER})
    return found.first() is not None


def upgrade() -> None:
    if _server_role():
        for table, rights in GRANTS.items():
            op.execute(f'GRANT {rights} ON "{table}" TO {SERVER}')


def downgrade() -> None:
    if _server_role():
        for table, rights in GRANTS.items():
            op.execute(f'REVOKE {rights} ON "{table}" FROM {SERVER}')
