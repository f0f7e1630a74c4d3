"""`moderator db upgrade|current`: the schema of the profile's database."""

from __future__ import annotations

import argparse

from moderator.cli import _context
from moderator.store import migrate
from moderator.store.db import make_engine


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="database schema: upgrade, current")
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    sub.add_parser(
        "upgrade", help="migrate the profile's database to the newest schema"
    ).set_defaults(func=run_upgrade)
    sub.add_parser(
        "current", help="print the schema revision of the profile's database"
    ).set_defaults(func=run_current)


def _engine(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from moderator.services import secrets
    from moderator.services.workspace import refuse_team

    _paths, _config, profile = _context.profile(args)
    refuse_team(profile)
    password = secrets.get_password(profile.name) if profile.is_remote else None
    return make_engine(profile.database, password=password)


def run_upgrade(args: argparse.Namespace) -> int:
    engine = _engine(args)
    try:
        before = migrate.current(engine)
        migrate.upgrade(engine)
        after = migrate.current(engine)
    finally:
        engine.dispose()
    print(
        f"schema: {before or 'empty'} -> {after}"
        if before != after
        else f"schema: {after} (current)"
    )
    return 0


def run_current(args: argparse.Namespace) -> int:
    engine = _engine(args)
    try:
        revision = migrate.current(engine)
    finally:
        engine.dispose()
    heads = migrate.heads()
    state = "current" if revision in heads else f"behind; newest is {', '.join(heads)}"
    print(f"{revision or 'empty'} ({state})")
    return 0
