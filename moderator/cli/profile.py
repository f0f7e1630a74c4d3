"""`moderator profile add|list|remove`: named databases and media roots, or team servers.

`profile add NAME --database URL --media-root DIR` names a workspace (SQLite, or a team's
PostgreSQL); `profile add NAME --server URL --enroll CODE` enrolls this desk with a team
server (its key and token go to the OS keyring; the profile holds no database URL).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

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
        help="sqlite:///path/to/file.sqlite or postgresql://user@host:5432/db",
    )
    add.add_argument("--media-root", help="folder that report media lies under")
    team = add.add_argument_group("team mode (instead of --database and --media-root)")
    team.add_argument("--server", metavar="URL", help="the team server, https://…")
    team.add_argument(
        "--enroll", metavar="CODE", help="the one-time enrollment code your supervisor gave you"
    )
    team.add_argument(
        "--ca", metavar="FILE", default="", help="check the server's certificate against this CA"
    )
    team.add_argument("--label", default="", help="a name for this desk, shown to supervisors")
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
    if args.server or args.enroll:
        return _add_team(args)
    if not args.database or not args.media_root:
        raise ConfigError(
            "give --database and --media-root (a workspace), or --server and --enroll (a team)"
        )
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


def _add_team(args: argparse.Namespace) -> int:
    if not (args.server and args.enroll):
        raise ConfigError("a team profile needs both --server URL and --enroll CODE")
    if args.database or args.media_root or args.central or args.password_stdin:
        raise ConfigError(
            "a team profile holds no database: the server has it (drop --database, "
            "--media-root, --central and any password)"
        )
    ca = str(Path(args.ca).expanduser().resolve()) if args.ca else ""
    if ca and not Path(ca).is_file():
        raise ConfigError(f"--ca {args.ca}: no such file")
    try:
        from moderator.remote import identity
    except ImportError as exc:
        raise ConfigError(
            f"team mode needs {exc.name}: install it with `pip install 'moderator[team]'`"
        ) from None
    done = identity.enroll(
        _context.paths(args),
        args.name,
        args.server,
        args.enroll,
        server_ca=ca,
        label=args.label,
        make_default=args.default,
    )
    print(
        f"profile {args.name!r} saved: this desk is enrolled with {args.server} as "
        f"{done.profile.reviewer} ({done.role}), workstation {done.profile.workstation}; "
        "its key and token are in the system keyring"
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
                        "database": p.database or None,
                        "media_root": p.media_root or None,
                        "server": p.server or None,
                        "workstation": p.workstation or None,
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
        if p.is_team:
            print(f"{mark} {p.name:<20} {p.server}  (team server, as {p.reviewer_name()})")
            continue
        signed = ", signed chains required" if p.require_signed else ""
        print(f"{mark} {p.name:<20} {p.database}  (media: {p.media_root}{signed})")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    paths = _context.paths(args)
    profile = config_mod.load(paths).profiles.get(args.name)
    config_mod.remove_profile(paths, args.name)
    secrets.delete_password(args.name)
    if profile is not None and profile.is_team:
        from moderator.remote import identity

        identity.forget(profile)
    print(f"profile {args.name!r} removed")
    return 0
