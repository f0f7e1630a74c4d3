"""the Admin window over the team server: the server's login may change people, queues,
policies and the organisation's settings

The admin routes (issue 17) add and change people, queues (with their wellbeing profile),
policy versions and the organisation's settings as the signed-in supervisor, each change
checked against the supervisor role in the same transaction. The team server's login gets
the rights a supervisor's own database login had for them: people are added and their role,
name and active flag changed (column grants: never their id, user name or creation time);
policy versions are only ever added. Nothing else changes.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"  # chained after main's 0021 (reserved: 0022 on 0020)
branch_labels = None
depends_on = None

SERVER = "moderator_server"
GRANTS = {
    "reviewers": "INSERT, UPDATE (role, display_name, active)",
    "queues": "INSERT, UPDATE",
    "wellbeing_profiles": "INSERT, UPDATE",
    "policies": "INSERT",  # never UPDATE or DELETE: decisions name a version by its hash
    "org_settings": "INSERT, UPDATE, DELETE",
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
