"""after the decision: actions, notices to reporters, retention and legal holds (issue 19)

- `queue_lifecycle`: per queue, the notice deadline and the retention period in days.
- `actions`: what a final decision's outcome calls for, with state, evidence and follow-up.
- `reporter_notices`: the notice sent to a report's reporter and its exact text.
- `legal_holds`, `report_purges`: what must not be purged, and what was.
- PostgreSQL: supervisors and the team server read, add and change these (never DELETE), and
  may blank the purged columns of reports and media items (column grants).

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import moderator.store.base

revision = "0017"
down_revision = "0015"
branch_labels = None
depends_on = None

UTC_TIME = moderator.store.base.UTCDateTime
ROLES = ("moderator_supervisor", "moderator_server")
TABLES = ("queue_lifecycle", "actions", "reporter_notices", "legal_holds", "report_purges")
UID = sa.String(length=36)


def upgrade() -> None:
    op.create_table(
        "queue_lifecycle",
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("notice_days", sa.Integer(), nullable=True),
        sa.Column("retention_days", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "notice_days IS NULL OR notice_days > 0", name=op.f("ck_queue_lifecycle_notice_days")
        ),
        sa.CheckConstraint(
            "retention_days IS NULL OR retention_days > 0",
            name=op.f("ck_queue_lifecycle_retention_days"),
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_queue_lifecycle_queue_id_queues")
        ),
        sa.PrimaryKeyConstraint("queue_id", name=op.f("pk_queue_lifecycle")),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", UID, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("decision_uid", UID, nullable=False),
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decided_at", UTC_TIME(), nullable=False),
        sa.Column("due_at", UTC_TIME(), nullable=False),
        sa.Column("follow_up_hours", sa.Integer(), nullable=False),
        sa.Column("follow_up_at", UTC_TIME(), nullable=True),
        sa.Column("sent_at", UTC_TIME(), nullable=True),
        sa.Column("confirmed_at", UTC_TIME(), nullable=True),
        sa.Column("updated_at", UTC_TIME(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('remove', 'block', 'notify_host', 'report_hotline', 'report_law_enforcement')",
            name=op.f("ck_actions_kind"),
        ),
        sa.CheckConstraint(
            "state IN ('due', 'sent', 'confirmed', 'failed')", name=op.f("ck_actions_state")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_actions_report_id_reports")
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_actions_queue_id_queues")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
        sa.UniqueConstraint("uid", name=op.f("uq_actions_uid")),
        sa.UniqueConstraint("decision_uid", "kind", name=op.f("uq_actions_decision_uid_kind")),
    )
    op.create_index("ix_actions_open", "actions", ["state", "due_at"], unique=False)
    op.create_index("ix_actions_report", "actions", ["report_id"], unique=False)
    op.create_table(
        "reporter_notices",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("deadline", UTC_TIME(), nullable=True),
        sa.Column("sent_at", UTC_TIME(), nullable=False),
        sa.Column("sent_by", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_reporter_notices_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_reporter_notices")),
    )
    op.create_table(
        "legal_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_by", sa.String(length=100), nullable=False),
        sa.Column("placed_at", UTC_TIME(), nullable=False),
        sa.Column("released_by", sa.String(length=100), nullable=True),
        sa.Column("released_at", UTC_TIME(), nullable=True),
        sa.Column("release_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_legal_holds_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_holds")),
    )
    op.create_index("ix_legal_holds_report", "legal_holds", ["report_id"], unique=False)
    op.create_table(
        "report_purges",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("purge_uid", UID, nullable=False),
        sa.Column("purged_at", UTC_TIME(), nullable=False),
        sa.Column("purged_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_report_purges_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_purges")),
    )
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
                f"GRANT USAGE, SELECT ON SEQUENCE actions_id_seq, legal_holds_id_seq TO {role}"
            )
            op.execute(f"GRANT UPDATE (reporter_text, url) ON reports TO {role}")
            op.execute(f"GRANT UPDATE (uri) ON media_items TO {role}")


def downgrade() -> None:
    op.drop_table("report_purges")
    op.drop_index("ix_legal_holds_report", table_name="legal_holds")
    op.drop_table("legal_holds")
    op.drop_table("reporter_notices")
    op.drop_index("ix_actions_report", table_name="actions")
    op.drop_index("ix_actions_open", table_name="actions")
    op.drop_table("actions")
    op.drop_table("queue_lifecycle")
