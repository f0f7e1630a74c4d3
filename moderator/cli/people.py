"""`moderator people add|edit|deactivate|list`: who may work in this workspace (supervisors);
`people enroll|revoke`: a person's workstations on the team server (admin commands, run against
the team database with an administrator's login)."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta

from moderator.cli import _context
from moderator.domain.reports import Role
from moderator.services import enrollment
from moderator.services.i18n import _, n
from moderator.services.people import ROLES, People, PersonRow

ROLE_NAMES = [str(r) for r in ROLES]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "people", help="people: add, edit, deactivate, list; enroll, revoke (team server)"
    )
    sub = parser.add_subparsers(dest="people_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a person (supervisors)")
    add.add_argument("name", help="their user name, as they sign in")
    add.add_argument("--role", choices=ROLE_NAMES, required=True, help="what they may do")
    add.add_argument("--display-name", default="", help="their full name")
    _context.add_as(add)
    add.set_defaults(func=run_add)
    edit = sub.add_parser("edit", help="change a person's role or name, or reactivate them")
    edit.add_argument("name", help="their user name")
    edit.add_argument("--role", choices=ROLE_NAMES, help="their new role")
    edit.add_argument("--display-name", help="their full name")
    edit.add_argument("--reactivate", action="store_true", help="let a deactivated person back")
    _context.add_as(edit)
    edit.set_defaults(func=run_edit)
    off = sub.add_parser(
        "deactivate", help="from now on the person can neither sign in nor claim anything"
    )
    off.add_argument("name", help="their user name")
    _context.add_as(off)
    off.set_defaults(func=run_deactivate)
    lst = sub.add_parser("list", help="everyone, active or not")
    lst.add_argument("--json", action="store_true", help="print the people as JSON")
    lst.set_defaults(func=run_list)
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
    revoke.add_argument("name", help="their user name")
    revoke.set_defaults(func=run_revoke)


def _people(args: argparse.Namespace) -> People:
    workspace = _context.workspace(args)
    return People(workspace, _context.acting(args, workspace))


def _line(p: PersonRow) -> str:
    state = "" if p.active else _("  (deactivated)")
    return f"{p.username:<24} {p.role:<11} {p.display_name}{state}"


def run_add(args: argparse.Namespace) -> int:
    people = _people(args)
    try:
        row = people.add(args.name, Role(args.role), args.display_name)
    finally:
        people.workspace.close()
    print(_("added {person}", person=_line(row)))
    return 0


def run_edit(args: argparse.Namespace) -> int:
    people = _people(args)
    try:
        row = people.edit(
            args.name,
            role=Role(args.role) if args.role else None,
            display_name=args.display_name,
            active=True if args.reactivate else None,
        )
    finally:
        people.workspace.close()
    print(_line(row))
    return 0


def run_deactivate(args: argparse.Namespace) -> int:
    people = _people(args)
    try:
        row = people.deactivate(args.name)
    finally:
        people.workspace.close()
    print(_("{name} is deactivated: they can no longer sign in or claim reports",
            name=row.username))  # fmt: skip
    return 0


def run_list(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args)
    try:
        rows = People(workspace, "").listing()
    finally:
        workspace.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "name": p.username,
                        "display_name": p.display_name,
                        "role": p.role,
                        "active": p.active,
                        "added_at": p.created_at.isoformat(),
                    }
                    for p in rows
                ],
                indent=2,
            )
        )
        return 0
    for p in rows:
        print(_line(p))
    return 0


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
    print(_("revoked {count} workstation(s) of {name}", count=n(count), name=args.name))
    return 0
