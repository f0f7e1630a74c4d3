"""`moderator hold add|release|list` and `moderator purge`: retention (supervisors)."""

from __future__ import annotations

import argparse

from moderator.cli import _context
from moderator.cli._table import print_table
from moderator.cli.action import when
from moderator.services.i18n import _, n
from moderator.services.lifecycle import Lifecycle
from moderator.services.organisation import org_zone


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hold = subparsers.add_parser("hold", help="legal holds: reports a purge must not touch")
    sub = hold.add_subparsers(dest="hold_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="place a legal hold on a report")
    add.add_argument("report", metavar="REPORT", help="the report's uid (or unique reference)")
    add.add_argument("--reason", required=True, help="why: the case or request reference")
    _context.add_as(add)
    add.set_defaults(func=run_add)
    release = sub.add_parser("release", help="release a report's legal hold")
    release.add_argument("report", metavar="REPORT", help="the report's uid (or reference)")
    release.add_argument("--reason", required=True, help="why it may be released")
    _context.add_as(release)
    release.set_defaults(func=run_release)
    lst = sub.add_parser("list", help="the holds in force")
    lst.add_argument("--all", action="store_true", help="released ones too")
    _context.add_as(lst)
    lst.set_defaults(func=run_list)
    purge = subparsers.add_parser(
        "purge", help="remove reporter text, URLs and media references past retention"
    )
    purge.add_argument("--dry-run", action="store_true", help="only say what would go")
    _context.add_as(purge)
    purge.set_defaults(func=run_purge)


def _service(args: argparse.Namespace) -> Lifecycle:
    workspace = _context.workspace(args)
    return Lifecycle(workspace, _context.acting(args, workspace))


def run_add(args: argparse.Namespace) -> int:
    life = _service(args)
    try:
        life.hold(args.report, args.reason)
    finally:
        life.workspace.close()
    print(_("report {report} is under a legal hold: no purge will touch it", report=args.report))
    return 0


def run_release(args: argparse.Namespace) -> int:
    life = _service(args)
    try:
        life.release(args.report, args.reason)
    finally:
        life.workspace.close()
    print(_("the legal hold on report {report} is released", report=args.report))
    return 0


def run_list(args: argparse.Namespace) -> int:
    life = _service(args)
    try:
        rows = life.holds(everything=args.all)
        zone = org_zone(life.workspace)
    finally:
        life.workspace.close()
    if not rows:
        print(_("no legal holds"))
        return 0
    print_table(("report", "reason", "placed by", "placed", "released"),
                [(r.report_uid, r.reason, r.placed_by, when(r.placed_at, zone),
                  when(r.released_at, zone)) for r in rows])  # fmt: skip
    return 0


def run_purge(args: argparse.Namespace) -> int:
    life = _service(args)
    try:
        plan, purge_uid = life.purge(dry_run=args.dry_run)
    finally:
        life.workspace.close()
    fields = {"reports": n(len(plan.due)), "media": n(plan.media)}
    print(_("would remove the content of {reports} report(s) past retention ({media} media "
            "reference(s)); statistics and the chain are kept", **fields) if args.dry_run
          else _("removed the content of {reports} report(s) past retention ({media} media "
                 "reference(s)); statistics and the chain are kept", **fields))  # fmt: skip
    if plan.held:
        print(_("refused {count} report(s) under a legal hold: {reports}",
                count=n(len(plan.held)), reports=", ".join(plan.held)))  # fmt: skip
    if purge_uid:
        print(_("purge {purge} is recorded in the audit chain", purge=purge_uid))
    return 0
