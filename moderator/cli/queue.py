"""`moderator queue status|list|show|add|edit|archive`: reports in queues, and the queues."""

from __future__ import annotations

import argparse
import json
from typing import Any

from moderator.cli import _context
from moderator.cli._args import non_negative_int, positive_int
from moderator.cli._table import print_table
from moderator.cli.queue_admin import register_admin
from moderator.domain.errors import NotFound
from moderator.services import lookups
from moderator.services.i18n import _, n

STATES = ("queued", "claimed", "decided")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "queue", help="queues: status, list (reports); show, add, edit, archive (the queues)"
    )
    sub = parser.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    status = sub.add_parser("status", help="counts per queue and state")
    status.add_argument("--json", action="store_true", help="print the counts as JSON")
    status.set_defaults(func=run_status)
    lst = sub.add_parser("list", help="reports in claim order (most urgent first)")
    lst.add_argument("--queue", metavar="NAME", help="only this queue")
    lst.add_argument(
        "--state",
        default="queued",
        choices=[*STATES, "all"],
        help="only reports in this state (default: queued)",
    )
    lst.add_argument(
        "--limit", type=positive_int, default=50, metavar="N", help="at most N reports (50)"
    )
    lst.add_argument(
        "--offset", type=non_negative_int, default=0, metavar="N", help="skip the first N"
    )
    lst.add_argument("--json", action="store_true", help="print the reports as JSON")
    lst.set_defaults(func=run_list)
    register_admin(sub)


def print_status(counts: dict[str, dict[str, int]]) -> None:
    rows = [[name, *(n(by_state.get(s, 0)) for s in STATES)] for name, by_state in counts.items()]
    header = [_("queue"), _("queued"), _("claimed"), _("decided")]  # the order of STATES
    print_table(header, rows, right=range(1, len(STATES) + 1))


def run_status(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args)
    try:
        counts = lookups.queue_counts(workspace)
    finally:
        workspace.close()
    if args.json:
        print(
            json.dumps(
                {
                    "profile": workspace.profile.name,
                    "queues": {
                        name: {s: by_state.get(s, 0) for s in STATES}
                        for name, by_state in counts.items()
                    },
                },
                indent=2,
            )
        )
    else:
        print_status(counts)
    return 0


def run_list(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args)
    try:
        if args.queue is not None:
            known = sorted(lookups.queue_ids(workspace))
            if args.queue not in known:
                raise NotFound(
                    _("no queue named {queue} (known: {known})", queue=repr(args.queue),
                      known=", ".join(known) or _("none"))
                )  # fmt: skip
        rows = lookups.report_list(
            workspace,
            queue=args.queue,
            state=None if args.state == "all" else args.state,
            limit=args.limit,
            offset=args.offset,
        )
    finally:
        workspace.close()
    if args.json:
        print(json.dumps([_as_dict(r) for r in rows], indent=2))
        return 0
    if not rows:
        print(_("no reports in {queue}", queue=args.queue) if args.queue else _("no reports"))
        return 0
    print_table(
        ["due (UTC)", "priority", "state", "queue", "source", "reference", "category"],
        (
            [
                f"{r.sla_due:%Y-%m-%d %H:%M}",
                r.priority,
                r.state,
                r.queue,
                r.source,
                r.external_ref,
                r.reported_category,
            ]
            for r in rows
        ),
        right=[1],
    )
    return 0


def _as_dict(r: Any) -> dict[str, object]:  # a ReportRow from `lookups.report_list`
    return {
        "uid": r.uid,
        "queue": r.queue,
        "source": r.source,
        "external_ref": r.external_ref,
        "state": r.state,
        "priority": r.priority,
        "category": r.reported_category,
        "received_at": r.received_at.isoformat(),
        "sla_due": r.sla_due.isoformat(),
    }
