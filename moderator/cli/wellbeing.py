"""`moderator wellbeing set QUEUE FILE | show [QUEUE] | mine FILE`: wellbeing profiles."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from moderator.cli import _context
from moderator.domain.errors import ConfigError
from moderator.domain.wellbeing_profile import (
    builtin_profiles,
    builtin_text,
    describe,
    parse_profile,
)
from moderator.services.wellbeing import WellbeingService, queue_profiles
from moderator.services.workspace import sign_in


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("wellbeing", help="wellbeing profiles: set, show, mine")
    sub = parser.add_subparsers(dest="wellbeing_command", metavar="ACTION", required=True)
    put = sub.add_parser("set", help="set a queue's profile from a TOML file (supervisors)")
    put.add_argument("queue", help="the queue's name")
    put.add_argument("file", help=f"a TOML file, or a shipped one: {', '.join(builtin_profiles())}")
    put.add_argument("--as", dest="user", help="the supervisor's name (default: the profile's)")
    put.set_defaults(func=run_set)
    show = sub.add_parser("show", help="the profile of every queue (or one)")
    show.add_argument("queue", nargs="?", help="only this queue")
    show.add_argument("--json", action="store_true", help="print the profiles as JSON")
    show.set_defaults(func=run_show)
    mine = sub.add_parser("mine", help="your own, stricter-only, settings from a TOML file")
    mine.add_argument("file", help="a TOML file with your settings")
    mine.add_argument("--as", dest="user", help="your name (default: the profile's reviewer)")
    mine.set_defaults(func=run_mine)


def _text(file: str) -> tuple[str, str]:
    path = Path(file)
    if path.is_file():
        return path.read_text("utf-8"), str(path)
    if file in builtin_profiles():
        return builtin_text(file), f"{file}.toml"
    raise ConfigError(f"{file}: no such file (shipped profiles: {', '.join(builtin_profiles())})")


def run_set(args: argparse.Namespace) -> int:
    text, source = _text(args.file)
    workspace = _context.workspace(args)
    try:
        service = WellbeingService(workspace, sign_in(workspace, args.user))
        profile = service.set_queue_profile(args.queue, text, source)
    finally:
        workspace.close()
    print(f"queue {args.queue}: wellbeing profile {profile.name!r} set")
    return 0


def run_show(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args)
    try:
        rows = [r for r in queue_profiles(workspace) if args.queue in (None, r.queue)]
    finally:
        workspace.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "queue": row.queue,
                        "set_by": row.set_by,
                        "set_at": row.set_at.isoformat(),
                        "profile": dataclasses.asdict(parse_profile(row.body, row.queue)),
                    }
                    for row in rows
                ],
                indent=2,
            )
        )
        return 0
    if not rows:
        print("no wellbeing profile set" + (f" for {args.queue}" if args.queue else ""))
        return 0
    for row in rows:
        print(f"{row.queue}  (set by {row.set_by}, {row.set_at:%Y-%m-%d %H:%M} UTC)")
        for name, value in describe(parse_profile(row.body, row.queue)):
            print(f"  {name:<22}{value}")
    return 0


def run_mine(args: argparse.Namespace) -> int:
    text, source = _text(args.file)
    workspace = _context.workspace(args)
    try:
        profile = WellbeingService(workspace, sign_in(workspace, args.user)).set_personal(
            text, source
        )
    finally:
        workspace.close()
    print("your settings are saved; with them, on every queue:")
    for name, value in describe(profile):
        print(f"  {name:<22}{value}")
    return 0
