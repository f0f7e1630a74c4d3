"""platform intake and decisions out: sources and their tokens, intake keys, the decision feed
(filled by a trigger on `decisions`), webhook subscriptions, deliveries and attempts (issue 17)

The trigger only adds each decision to the feed, unnumbered, with the id of the transaction
that wrote it (`pg_current_xact_id()`; 0 on SQLite): no lock in the decide path. The feed's
readers number rows first (`moderator.store.decision_feed.sequence`, which explains why a
keyset cursor over the numbers skips nothing).

PostgreSQL: the server's role (0013) inserts and updates these tables (never deletes).

Revision ID: 0019
Revises: 0017
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import moderator.store.base

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

UTC = moderator.store.base.UTCDateTime
SERVER = "moderator_server"
TABLES = (
    "sources",
    "source_tokens",
    "intake_records",
    "decision_feed",
    "webhook_subscriptions",
    "webhook_deliveries",
    "webhook_attempts",
)


def _big() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("revoked_at", UTC(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_sources_name")),
    )
    op.create_table(
        "source_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.Column("issued_at", UTC(), nullable=False),
        sa.Column("revoked_at", UTC(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_source_tokens_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_source_tokens")),
    )
    op.create_index("ix_source_tokens_source", "source_tokens", ["source_id"])
    op.create_table(
        "intake_records",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("external_ref", sa.String(length=200), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("received_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_intake_records_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_intake_records_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("source_id", "external_ref", name=op.f("pk_intake_records")),
    )
    op.create_table(
        "decision_feed",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("xid", _big(), nullable=False),
        sa.Column("seq", _big(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_feed_decision_id_decisions"),
            ondelete="CASCADE",  # derived rows: a decision's check still names a deleted one
        ),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_decision_feed")),
    )
    op.create_index("ix_decision_feed_seq", "decision_feed", ["seq"], unique=True)
    op.create_index(
        "ix_decision_feed_unnumbered",
        "decision_feed",
        ["xid", "decision_id"],
        postgresql_where=sa.text("seq IS NULL"),
        sqlite_where=sa.text("seq IS NULL"),
    )
    op.create_table(
        "webhook_subscriptions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("removed_at", UTC(), nullable=True),
        sa.Column("feed_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_webhook_subscriptions_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_subscriptions")),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", _big(), nullable=False),
        sa.Column("subscription_id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC(), nullable=False),
        sa.Column("done_at", UTC(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["webhook_subscriptions.id"],
            name=op.f("fk_webhook_deliveries_subscription_id_webhook_subscriptions"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_webhook_deliveries_decision_id_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint(
            "subscription_id", "event_id", name=op.f("uq_webhook_deliveries_subscription_id")
        ),
    )
    op.create_index(
        "ix_webhook_deliveries_due",
        "webhook_deliveries",
        ["next_attempt_at"],
        postgresql_where=sa.text("done_at IS NULL"),
    )
    op.create_table(
        "webhook_attempts",
        sa.Column("id", _big(), nullable=False),
        sa.Column("delivery_id", _big(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("at", UTC(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=False),
        sa.Column("millis", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["webhook_deliveries.id"],
            name=op.f("fk_webhook_attempts_delivery_id_webhook_deliveries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_attempts")),
    )
    op.create_index("ix_webhook_attempts_delivery", "webhook_attempts", ["delivery_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION moderator_decision_feed() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN INSERT INTO decision_feed (decision_id, xid) "
            "VALUES (NEW.id, pg_current_xact_id()::text::bigint); RETURN NEW; END $$"
        )
        op.execute(
            "CREATE TRIGGER decision_feed_insert AFTER INSERT ON decisions "
            "FOR EACH ROW EXECUTE FUNCTION moderator_decision_feed()"
        )
        op.execute(
            f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{SERVER}') THEN "
            + " ".join(f'GRANT SELECT, INSERT, UPDATE ON "{t}" TO {SERVER};' for t in TABLES)
            + f" GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {SERVER}; END IF; END $$"
        )
    else:
        op.execute(
            "CREATE TRIGGER decision_feed_insert AFTER INSERT ON decisions BEGIN "
            "INSERT INTO decision_feed (decision_id, xid) VALUES (NEW.id, 0); END"
        )
    # Decisions stored before this revision enter the feed too, numbered in their order.
    op.execute(
        "INSERT INTO decision_feed (decision_id, xid, seq) "
        "SELECT id, 0, row_number() OVER (ORDER BY id) FROM decisions"
    )


def downgrade() -> None:
    op.execute(
        "DROP TRIGGER IF EXISTS decision_feed_insert ON decisions"
        if op.get_bind().dialect.name == "postgresql"
        else "DROP TRIGGER IF EXISTS decision_feed_insert"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS moderator_decision_feed()")
    for name in reversed(TABLES):
        op.drop_table(name)
