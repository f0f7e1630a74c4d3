"""`moderator db upgrade|current`: the schema of the profile's database."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from moderator.cli import _context
from moderator.services import secrets
from moderator.services.workspace import refuse_team
from moderator.store import migrate
from moderator.store.db import make_engine
from moderator.store.errors import environment_problem


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="database schema: upgrade, current")
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    sub.add_parser(
        "upgrade", help="migrate the profile's database to the newest schema"
    ).set_defaults(func=run_upgrade)
    sub.add_parser(
        "current", help="print the schema revision of the profile's database"
    ).set_defaults(func=run_current)


@contextmanager
def _engine(args: argparse.Namespace, *, create: bool) -> Iterator[tuple[Engine, str]]:
    """The profile's engine and how to name its database; only `upgrade` makes a file."""
    _paths, _config, profile = _context.profile(args)
    refuse_team(profile)
    password = secrets.get_password(profile.name) if profile.is_remote else None
    engine = make_engine(profile.database, password=password, create=create or profile.managed)
    try:
        yield engine, f"the database of profile {profile.name!r}"
    except SQLAlchemyError as exc:
        problem = environment_problem(exc)
        if problem is None:
            raise
        raise secrets.login_problem(problem, profile.name, password) from exc
    finally:
        engine.dispose()


def run_upgrade(args: argparse.Namespace) -> int:
    with _engine(args, create=True) as (engine, what):
        _state, before = migrate.schema(engine)
        migrate.ensure(engine, upgrade_it=True, what=what, how="")
        after = migrate.current(engine)
    print(
        f"schema: {before or 'empty'} -> {after}"
        if before != after
        else f"schema: {after} (current)"
    )
    return 0


def run_current(args: argparse.Namespace) -> int:
    with _engine(args, create=False) as (engine, _what):
        state, revision = migrate.schema(engine)
    newest = ", ".join(migrate.heads())
    said = {
        migrate.Schema.CURRENT: "current",
        migrate.Schema.EMPTY: f"behind; newest is {newest}",
        migrate.Schema.BEHIND: f"behind; newest is {newest}",
        migrate.Schema.NEWER: f"newer than this program, which knows up to {newest}",
        migrate.Schema.FOREIGN: "not a moderator database",
    }[state]
    print(f"{revision or 'empty'} ({said})")
    return 0
