"""`moderator queue show|add|edit|archive`: the queues themselves (supervisors; audited)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from moderator.cli import _context
from moderator.domain.errors import ConfigError
from moderator.domain.reports import Role
from moderator.domain.wellbeing_profile import builtin_profiles
from moderator.services.i18n import _
from moderator.services.queues import (
    QueueAdmin,
    QueueRequest,
    QueueRow,
    WellbeingText,
    wellbeing_text,
)

ROLES = [str(r) for r in Role]


def register_admin(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    show = sub.add_parser("show", help="the queues: policy, SLA, escalation, trainings, role")
    show.add_argument("name", nargs="?", help="only this queue")
    show.add_argument("--json", action="store_true", help="print the queues as JSON")
    show.set_defaults(func=run_show)
    add = sub.add_parser("add", help="add a queue (supervisors)")
    add.add_argument("name", help="the new queue's name")
    add.add_argument(
        "--policy", required=True, metavar="ID[@VERSION]",
        help="a stored policy (`moderator policy list`); without @VERSION its latest version",
    )  # fmt: skip
    _options(add)
    add.set_defaults(func=run_add)
    edit = sub.add_parser("edit", help="change a queue (supervisors)")
    edit.add_argument("name", help="the queue to change")
    edit.add_argument("--policy", metavar="ID[@VERSION]", help="decide new reports under it")
    _options(edit, editing=True)
    edit.set_defaults(func=run_edit)
    archive = sub.add_parser(
        "archive", help="close a queue to new reports (queues with reports are never deleted)"
    )
    archive.add_argument("name", help="the queue to close")
    _context.add_as(archive)
    archive.set_defaults(func=run_archive)


def _options(parser: argparse.ArgumentParser, *, editing: bool = False) -> None:
    parser.add_argument("--title", help="a longer name shown in the window")
    parser.add_argument(
        "--sla-hours", type=int, default=None if editing else 24,
        help="hours from receipt to the deadline (default 24; a change applies to new reports)",
    )  # fmt: skip
    parser.add_argument("--escalate-to", metavar="QUEUE", help="where escalated reports go")
    parser.add_argument(
        "--wellbeing", metavar="PROFILE",
        help=f"a wellbeing profile: {', '.join(builtin_profiles())}, or a TOML file "
        "(default for a new queue: the organisation's default-wellbeing)",
    )  # fmt: skip
    parser.add_argument(
        "--requires", action="append", metavar="COURSE", default=None,
        help="a training course a reviewer must hold to claim here (repeat for more)",
    )  # fmt: skip
    parser.add_argument(
        "--min-role", choices=ROLES, default=None if editing else "reviewer",
        help="the least role that may claim here (default reviewer)",
    )  # fmt: skip
    parser.add_argument(
        "--category", action="append", metavar="CODE", dest="categories", default=None,
        help="a report category this queue handles (repeat for more)",
    )  # fmt: skip
    parser.add_argument(
        "--notice-days", type=int, metavar="N",
        help="reporters get a notice by the end of the N-th day after receipt, in the "
        "organisation's time zone (default: the policy's; 0 on edit: no notices)",
    )  # fmt: skip
    parser.add_argument(
        "--retention-days", type=int, metavar="N",
        help="purge reporter text, URLs and media references N days after the decision "
        "(default: the policy's; 0 on edit: keep)",
    )  # fmt: skip
    if editing:
        parser.add_argument("--no-escalation", action="store_true", help="remove --escalate-to")
        parser.add_argument("--no-requires", action="store_true", help="require no training")
    _context.add_as(parser)


def wellbeing_arg(value: str | None) -> WellbeingText | None:
    if value is None:
        return None
    path = Path(value)
    if path.is_file():
        return WellbeingText(path.read_text("utf-8"), path.name)
    if value in builtin_profiles():
        return wellbeing_text(value)
    raise ConfigError(f"{value}: no such file (shipped profiles: {', '.join(builtin_profiles())})")


def _admin(args: argparse.Namespace) -> QueueAdmin:
    workspace = _context.workspace(args)
    return QueueAdmin(workspace, _context.acting(args, workspace))


def describe(q: QueueRow) -> str:
    parts = [
        f"{q.name}: {q.title}" if q.title and q.title != q.name else q.name,
        f"  policy {q.policy_id}@{q.policy_version or '(latest)'}, SLA {q.sla_hours} h, "
        f"claimed by {q.min_role} and up",
        f"  escalates to {q.escalate_to or '(nowhere)'}; needs "
        f"{', '.join(q.requires) or 'no training'}; wellbeing {q.wellbeing or '(default)'}",
        "  "
        + (
            f"notice to reporters within {q.notice_days} day(s)"
            if q.notice_days
            else "no notices to reporters"
        )
        + (
            f"; content purged {q.retention_days} day(s) after the decision"
            if q.retention_days
            else "; content kept (no retention period)"
        ),
        f"  {q.reports} report(s), {q.open} open"
        + (f"; archived {q.archived_at:%Y-%m-%d}" if q.archived_at else ""),
    ]
    return "\n".join(parts)


def _as_json(q: QueueRow) -> dict[str, Any]:
    return {
        "name": q.name,
        "title": q.title,
        "policy": q.policy_id,
        "policy_version": q.policy_version,
        "sla_hours": q.sla_hours,
        "escalate_to": q.escalate_to,
        "requires": list(q.requires),
        "min_role": str(q.min_role),
        "categories": list(q.categories),
        "wellbeing": q.wellbeing,
        "archived_at": q.archived_at.isoformat() if q.archived_at else None,
        "reports": q.reports,
        "open": q.open,
        "notice_days": q.notice_days,
        "retention_days": q.retention_days,
    }


def run_show(args: argparse.Namespace) -> int:
    admin = _admin(args)
    try:
        rows = [r for r in admin.listing() if args.name in (None, r.name)]
    finally:
        admin.workspace.close()
    if args.name and not rows:
        raise ConfigError(_("no queue named {queue}", queue=repr(args.name)))
    if args.json:
        print(json.dumps([_as_json(r) for r in rows], indent=2))
    elif not rows:
        print("no queues yet: add one with `moderator queue add NAME --policy ID`")
    for row in [] if args.json else rows:
        print(describe(row))
    return 0


def run_add(args: argparse.Namespace) -> int:
    request = QueueRequest(
        args.name, args.policy, args.title or "", args.sla_hours, args.escalate_to,
        tuple(args.requires or ()), Role(args.min_role), tuple(args.categories or ()),
        wellbeing_arg(args.wellbeing), args.notice_days, args.retention_days,
    )  # fmt: skip
    admin = _admin(args)
    try:
        row = admin.add(request)
    finally:
        admin.workspace.close()
    print(f"added queue {describe(row)}")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    for key in ("title", "policy", "sla_hours", "escalate_to", "min_role", "notice_days",
                "retention_days"):  # fmt: skip
        if getattr(args, key) is not None:
            changes[key] = getattr(args, key)
    if args.requires is not None or args.no_requires:
        changes["requires"] = tuple(args.requires or ())
    if args.categories is not None:
        changes["categories"] = tuple(args.categories)
    if args.no_escalation:
        changes["escalate_to"] = ""
    wellbeing = wellbeing_arg(args.wellbeing)
    if not changes and wellbeing is None:
        raise ConfigError(_("nothing to change (see `moderator queue edit --help`)"))
    admin = _admin(args)
    try:
        row = admin.edit(args.name, changes, wellbeing)
    finally:
        admin.workspace.close()
    print(describe(row))
    return 0


def run_archive(args: argparse.Namespace) -> int:
    admin = _admin(args)
    try:
        admin.archive(args.name)
    finally:
        admin.workspace.close()
    print(f"queue {args.name} is archived: it takes no new reports")
    return 0
