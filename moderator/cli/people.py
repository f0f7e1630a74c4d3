"""`moderator people enroll|revoke`: a person's workstations on the team server (admin
commands, run against the team database with an administrator's login)."""

from __future__ import annotations

import argparse
from datetime import timedelta

from moderator.cli import _context
from moderator.services import enrollment


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("people", help="people on the team server: enroll, revoke")
    sub = parser.add_subparsers(dest="people_command", metavar="ACTION", required=True)
    enroll = sub.add_parser(
        "enroll",
        help="issue a one-time enrollment code for a person (printed once)",
        description="The person runs `moderator profile add team --server URL --enroll CODE` "
        "on their desktop within the code's lifetime. The code works once.",
    )
    enroll.add_argument("name", help="the person's username")
    enroll.add_argument("--hours", type=float, default=72.0, help="how long the code works")
    enroll.add_argument("--by", default="", help="who issues it (default: the profile's reviewer)")
    enroll.set_defaults(func=run_enroll)
    revoke = sub.add_parser(
        "revoke", help="revoke every workstation and token of a person, at once"
    )
    revoke.add_argument("name")
    revoke.set_defaults(func=run_revoke)


def run_enroll(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args, upgrade=False)
    try:
        issued_by = args.by or workspace.profile.reviewer_name()
        code = enrollment.issue_code(workspace, args.name, issued_by, timedelta(hours=args.hours))
    finally:
        workspace.close()
    print(code)
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args, upgrade=False)
    try:
        count = enrollment.revoke_all(workspace, args.name)
    finally:
        workspace.close()
    print(f"revoked {count} workstation(s) of {args.name}")
    return 0
