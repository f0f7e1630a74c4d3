"""adjudication over the team server: the server's login may record an adjudication

The adjudication routes (issue 17) record a supervisor's final outcome of a disagreement as
the signed-in supervisor, the role checked in the same transaction. The team server's login
already changes second reviews (their state); it gets INSERT on adjudications, never UPDATE
or DELETE: an adjudication, once recorded, stays as it was.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

SERVER = "moderator_server"
GRANTS = {"adjudications": "INSERT"}


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
