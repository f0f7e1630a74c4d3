"""`moderator hold add|release|list` and `moderator purge`: retention (supervisors).

On a team profile they go to the team server (its supervisor routes, with this desk's token:
who acts is the token's person, so `--as` is refused there); else to the profile's database.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import tzinfo
from typing import Protocol

from moderator.cli import _context
from moderator.cli._table import print_table
from moderator.cli.action import when
from moderator.domain.errors import ConfigError
from moderator.services.i18n import _, n
from moderator.services.lifecycle import HoldRow, Lifecycle, PurgePlan
from moderator.services.organisation import org_zone


class Retention(Protocol):
    """services.lifecycle.Lifecycle's holds and purge, or remote.lifecycle.RemoteRetention."""

    def holds(self, *, everything: bool = False) -> list[HoldRow]: ...
    def hold(self, report_uid: str, reason: str) -> int: ...
    def release(self, report_uid: str, reason: str) -> None: ...
    def purge(self, *, dry_run: bool = False) -> tuple[PurgePlan, str | None]: ...


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


@contextmanager
def _service(args: argparse.Namespace) -> Iterator[tuple[Retention, Callable[[], tzinfo | None]]]:
    """The holds and purge of the profile (the server's on a team profile), and a way to
    learn the organisation's time zone; closed afterwards."""
    _paths, _config, prof = _context.profile(args)
    if prof.is_team:
        from moderator.remote.admin import RemoteAdmin
        from moderator.remote.desktop import team_api
        from moderator.remote.lifecycle import RemoteRetention

        if getattr(args, "user", None):
            raise ConfigError("--as: on a team profile, you act as the person of this desk's token")
        api = team_api(prof)
        try:
            yield RemoteRetention(api), lambda: RemoteAdmin(api).snapshot().settings.zone()
        finally:
            api.close()
        return
    workspace = _context.workspace(args)
    try:
        yield Lifecycle(workspace, _context.acting(args, workspace)), lambda: org_zone(workspace)
    finally:
        workspace.close()


def run_add(args: argparse.Namespace) -> int:
    with _service(args) as (life, _zone):
        life.hold(args.report, args.reason)
    print(_("report {report} is under a legal hold: no purge will touch it", report=args.report))
    return 0


def run_release(args: argparse.Namespace) -> int:
    with _service(args) as (life, _zone):
        life.release(args.report, args.reason)
    print(_("the legal hold on report {report} is released", report=args.report))
    return 0


def run_list(args: argparse.Namespace) -> int:
    with _service(args) as (life, org):
        rows = life.holds(everything=args.all)
        zone = org() if rows else None
    if not rows:
        print(_("no legal holds"))
        return 0
    print_table(("report", "reason", "placed by", "placed", "released"),
                [(r.report_uid, r.reason, r.placed_by, when(r.placed_at, zone),
                  when(r.released_at, zone)) for r in rows])  # fmt: skip
    return 0


def run_purge(args: argparse.Namespace) -> int:
    with _service(args) as (life, _zone):
        plan, purge_uid = life.purge(dry_run=args.dry_run)
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
