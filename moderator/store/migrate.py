"""Schema migrations, run from the program (`moderator db upgrade`) rather than a separate tool."""

from __future__ import annotations

from enum import StrEnum

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DatabaseError

from moderator.store.errors import DatabaseUnavailable, WorkspaceRefused

VERSION_TABLE = "alembic_version"


class Schema(StrEnum):
    """What a database holds, as far as this program is concerned."""

    EMPTY = "empty"  # nothing yet: ours to create
    CURRENT = "current"
    BEHIND = "behind"  # ours, an older revision: upgradable
    NEWER = "newer"  # a revision this program does not know (a newer moderator, or not ours)
    FOREIGN = "foreign"  # tables and no schema version: another program's database


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "moderator.store:migrations")
    return config


def heads() -> list[str]:
    return list(ScriptDirectory.from_config(alembic_config()).get_heads())


def revisions() -> list[str]:
    """Every revision, newest first."""
    return [s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()]


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.commit()


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
        conn.commit()


def is_current(engine: Engine) -> bool:
    return current(engine) in heads()


def schema(engine: Engine) -> tuple[Schema, str | None]:
    """The database's state and revision, read without changing anything.

    A file that is not a SQLite database at all raises WorkspaceRefused.
    """
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = (
                MigrationContext.configure(conn).get_current_revision()
                if VERSION_TABLE in tables
                else None
            )
    except DatabaseError as exc:
        if "not a database" in str(exc):
            raise WorkspaceRefused(
                f"{engine.url.database} is not a SQLite database (another program's file?)"
            ) from None
        raise
    if revision is None:
        return (Schema.FOREIGN if tables - {VERSION_TABLE} else Schema.EMPTY), None
    if revision in heads():
        return Schema.CURRENT, revision
    if revision in revisions():
        return Schema.BEHIND, revision
    return Schema.NEWER, revision


def ensure(engine: Engine, *, upgrade_it: bool, what: str, how: str) -> None:
    """Make sure `engine`'s schema is this program's newest, upgrading it if `upgrade_it`.

    Another program's database, or one made by a newer moderator, is refused untouched;
    `what` names it and `how` says who runs the upgrade when it is not done here.
    """
    state, revision = schema(engine)
    if state is Schema.FOREIGN:
        with engine.connect() as conn:
            names = sorted(inspect(conn).get_table_names())
        shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
        raise WorkspaceRefused(
            f"{what} is not a moderator workspace (it holds other tables: {shown}); "
            "it was left untouched"
        )
    if state is Schema.NEWER:
        raise WorkspaceRefused(
            f"{what} has schema revision {revision!r}, which this program does not know: it was "
            f"made by a newer moderator (this one knows up to {', '.join(heads())}); "
            "upgrade moderator"
        )
    if state is Schema.CURRENT:
        return
    if upgrade_it:
        upgrade(engine)
        return
    raise DatabaseUnavailable(
        f"the schema of {what} is at {revision or 'nothing'}, this program needs "
        f"{', '.join(heads())}: {how}"
    )
