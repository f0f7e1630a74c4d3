"""`moderator queue status|list|show|add|edit|archive`: reports in queues, and the queues."""

from __future__ import annotations

import argparse
import json

from moderator.cli import _context
from moderator.cli.queue_admin import register_admin
from moderator.services import lookups

STATES = ("queued", "claimed", "decided")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "queue", help="queues: status, list (reports); show, add, edit, archive (the queues)"
    )
    sub = parser.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    status = sub.add_parser("status", help="counts per queue and state")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=run_status)
    lst = sub.add_parser("list", help="reports in claim order (most urgent first)")
    lst.add_argument("--queue", help="only this queue")
    lst.add_argument("--state", default="queued", choices=[*STATES, "all"])
    lst.add_argument("--limit", type=int, default=50)
    lst.add_argument("--offset", type=int, default=0)
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_list)
    register_admin(sub)


def print_status(counts: dict[str, dict[str, int]]) -> None:
    print(f"{'queue':<28}" + "".join(f"{s:>10}" for s in STATES))
    for name, by_state in counts.items():
        print(f"{name:<28}" + "".join(f"{by_state.get(s, 0):>10}" for s in STATES))


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
        print(
            json.dumps(
                [
                    {
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
                    for r in rows
                ],
                indent=2,
            )
        )
        return 0
    for r in rows:
        print(
            f"{r.sla_due:%Y-%m-%d %H:%M}Z  p{r.priority}  {r.state:<8} {r.queue:<24} "
            f"{r.source}/{r.external_ref}  {r.reported_category}"
        )
    return 0
