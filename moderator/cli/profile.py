"""`moderator profile add|list|remove`: named databases and media roots."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from moderator.cli import _context
from moderator.domain.errors import ConfigError
from moderator.services import config as config_mod
from moderator.services import secrets
from moderator.services.config import Profile


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("profile", help="profiles: add, list, remove")
    sub = parser.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add or replace a profile")
    add.add_argument("name", help="the profile's name, used with --profile NAME")
    add.add_argument(
        "--database",
        required=True,
        help="sqlite:///path/to/file.sqlite or postgresql://user@host:5432/db",
    )
    add.add_argument("--media-root", required=True, help="folder that report media lies under")
    add.add_argument("--reviewer", default="", help="reviewer name (default: your login name)")
    add.add_argument(
        "--central",
        default="",
        metavar="URL",
        help="the central audit store (PostgreSQL) to sync to; default: the profile database",
    )
    add.add_argument(
        "--require-signed",
        action="store_true",
        help="`audit verify` fails on events no signed checkpoint covers (a team's rule)",
    )
    add.add_argument("--default", action="store_true", help="make it the default profile")
    pw = add.add_mutually_exclusive_group()
    pw.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the database password from standard input into the keyring",
    )
    pw.add_argument(
        "--ask-password",
        action="store_true",
        help="prompt for the database password and keep it in the keyring",
    )
    add.set_defaults(func=run_add)
    lst = sub.add_parser("list", help="list profiles")
    lst.add_argument("--json", action="store_true", help="print the profiles as JSON")
    lst.set_defaults(func=run_list)
    rm = sub.add_parser("remove", help="remove a profile (and its keyring entry)")
    rm.add_argument("name", help="the profile to remove")
    rm.set_defaults(func=run_remove)


def run_add(args: argparse.Namespace) -> int:
    paths = _context.paths(args)
    profile = config_mod.validate_profile(
        Profile(
            args.name,
            args.database,
            args.media_root,
            args.reviewer,
            central=args.central,
            require_signed=args.require_signed,
        )
    )
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif args.ask_password:
        password = getpass.getpass(f"Password for {args.database}: ")
    if password is not None:
        if not profile.is_remote:
            raise ConfigError("a password only applies to a PostgreSQL profile")
        secrets.store_password(profile.name, password)  # refuses when no keyring: nothing saved
    config_mod.add_profile(paths, profile, make_default=args.default)
    stored = " (password kept in the system keyring)" if password is not None else ""
    print(f"profile {profile.name!r} saved{stored}")
    file = config_mod.missing_workspace(profile)
    if file is not None:
        print(
            f"its workspace {file} does not exist yet: create it with "
            f"`moderator --profile {profile.name} db upgrade`"
        )
    return 0


def run_list(args: argparse.Namespace) -> int:
    paths = _context.paths(args)
    config = config_mod.load(paths)
    profiles = dict(config.profiles)
    if config_mod.DEFAULT_PROFILE not in profiles:
        profiles[config_mod.DEFAULT_PROFILE] = config_mod.embedded_profile(
            paths, config_mod.DEFAULT_PROFILE
        )
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "name": p.name,
                        "database": p.database,
                        "media_root": p.media_root,
                        "reviewer": p.reviewer_name(),
                        "central": p.central or None,
                        "require_signed": p.require_signed,
                        "default": p.name == config.default_profile,
                    }
                    for p in sorted(profiles.values(), key=lambda p: p.name)
                ],
                indent=2,
            )
        )
        return 0
    for p in sorted(profiles.values(), key=lambda p: p.name):
        mark = "*" if p.name == config.default_profile else " "
        signed = ", signed chains required" if p.require_signed else ""
        print(f"{mark} {p.name:<20} {p.database}  (media: {p.media_root}{signed})")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    config_mod.remove_profile(_context.paths(args), args.name)
    secrets.delete_password(args.name)
    print(f"profile {args.name!r} removed")
    return 0
