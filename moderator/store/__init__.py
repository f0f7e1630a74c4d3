"""Persistence: SQLAlchemy models, migrations, the queue and the audit journal."""
