"""organisation: stored, versioned policies, organisation settings, queue archiving (issue 15)

- `policies`: each imported policy file, by id, version and the SHA-256 of its bytes.
  Queues name the version new decisions are made under (`queues.policy_version`).
- A workspace made before this revision used the policies shipped inside the program: the
  ones its queues name are imported here, as they ship today, and the queues pinned to them.
- `org_settings`: the organisation's name, time zone, support contact, retention periods.
- `queues.archived_at`: an archived queue takes no new reports (queues are never deleted).
- PostgreSQL: reviewers read both tables; supervisors import policies (never rewrite one) and
  change settings. People are added by supervisors only: a reviewer's login no longer inserts
  its own `reviewers` row (sign-in looks people up, it does not register them).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import moderator.store.base

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

UTC_TIME = moderator.store.base.UTCDateTime
REVIEWER = "moderator_reviewer"
SUPERVISOR = "moderator_supervisor"


def upgrade() -> None:
    op.create_table(
        "policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.String(length=100), nullable=False),
        sa.Column("version", sa.String(length=50), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("imported_by", sa.String(length=100), nullable=False),
        sa.Column("imported_at", UTC_TIME(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policies")),
        sa.UniqueConstraint("sha256", name=op.f("uq_policies_sha256")),
        sa.UniqueConstraint("policy_id", "version", name=op.f("uq_policies_policy_id_version")),
    )
    op.create_index("ix_policies_latest", "policies", ["policy_id", "id"], unique=False)
    op.create_table(
        "org_settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column("changed_at", UTC_TIME(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_org_settings")),
    )
    with op.batch_alter_table("queues", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("policy_version", sa.String(length=50), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("archived_at", UTC_TIME(), nullable=True))
    _import_shipped_policies()
    if op.get_bind().dialect.name == "postgresql":
        _grant()


def _import_shipped_policies() -> None:
    """The shipped policies the existing queues name, stored and pinned as they ship now."""
    from moderator.domain import shipped as shipped_files
    from moderator.domain.errors import ModeratorError
    from moderator.domain.policy_file import builtin_ids, load_builtin

    bind = op.get_bind()
    named = [r[0] for r in bind.execute(sa.text("SELECT DISTINCT policy_id FROM queues"))]
    shipped = set(builtin_ids())
    policies = sa.table(
        "policies",
        sa.column("policy_id", sa.String),
        sa.column("version", sa.String),
        sa.column("sha256", sa.String),
        sa.column("title", sa.String),
        sa.column("body", sa.Text),
        sa.column("source", sa.String),
        sa.column("imported_by", sa.String),
        sa.column("imported_at", UTC_TIME()),
    )
    now = datetime.now(UTC)
    for policy_id in sorted(set(named) & shipped):
        try:
            policy = load_builtin(policy_id)
        except ModeratorError:
            continue  # left unpinned: the window says the policy cannot be used, and why
        body = shipped_files.folder("policies").joinpath(f"{policy_id}.toml").read_bytes()
        bind.execute(
            policies.insert().values(
                policy_id=policy.id,
                version=policy.version,
                sha256=policy.sha256,
                title=policy.title,
                body=body.decode("utf-8"),
                source=f"{policy_id}.toml (shipped)",
                imported_by="migration 0010",
                imported_at=now,
            )
        )
        bind.execute(
            sa.text("UPDATE queues SET policy_version = :v WHERE policy_id = :p"),
            {"v": policy.version, "p": policy_id},
        )


def _grant() -> None:
    op.execute(f"GRANT SELECT ON policies, org_settings TO {REVIEWER}, {SUPERVISOR}")
    op.execute(f"GRANT INSERT ON policies TO {SUPERVISOR}")  # never UPDATE or DELETE
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON org_settings TO {SUPERVISOR}")
    op.execute(f"GRANT USAGE, SELECT ON SEQUENCE policies_id_seq TO {SUPERVISOR}")
    op.execute(f"REVOKE INSERT ON reviewers FROM {REVIEWER}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"GRANT INSERT ON reviewers TO {REVIEWER}")
    # Not a batch copy: on SQLite that would drop and recreate `queues`, which the reports
    # refer to. Both engines drop a plain column in place (SQLite since 3.35).
    op.execute("ALTER TABLE queues DROP COLUMN archived_at")
    op.execute("ALTER TABLE queues DROP COLUMN policy_version")
    op.drop_table("org_settings")
    op.drop_index("ix_policies_latest", table_name="policies")
    op.drop_table("policies")
