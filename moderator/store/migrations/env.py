"""Alembic environment: always run on a connection handed in by moderator.store.migrate."""

from __future__ import annotations

from alembic import context

from moderator.store import models  # noqa: F401  (registers the tables)
from moderator.store.base import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `moderator db upgrade`, not the alembic command")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
