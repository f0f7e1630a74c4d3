"""`moderator qa gold add|list|retire`, `qa settings`, `qa disagreements`: quality assurance."""

from __future__ import annotations

import argparse
import json

from moderator.cli import _context
from moderator.cli._table import print_table
from moderator.domain.errors import ModeratorError
from moderator.services.config import default_username
from moderator.services.i18n import _
from moderator.services.quality import QualityService


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("qa", help="quality assurance: gold items, second review")
    sub = parser.add_subparsers(dest="qa_command", metavar="ACTION", required=True)
    gold = sub.add_parser("gold", help="gold items: decided reports with a known outcome")
    gsub = gold.add_subparsers(dest="gold_command", metavar="ACTION", required=True)
    add = gsub.add_parser("add", help="mark a decided report as gold")
    add.add_argument("report", metavar="REPORT", help="the report's uid (or unique reference)")
    add.add_argument("outcome", metavar="OUTCOME", help="the outcome it should get")
    add.add_argument("--note", default="", help="why this outcome (seen by supervisors only)")
    add.set_defaults(func=run_gold_add)
    lst = gsub.add_parser("list", help="gold items with how often served and answered right")
    lst.add_argument("--all", action="store_true", help="include retired items")
    lst.add_argument("--json", action="store_true", help="print the items as JSON")
    lst.set_defaults(func=run_gold_list)
    retire = gsub.add_parser("retire", help="stop serving a gold item (its results are kept)")
    retire.add_argument(
        "uid", metavar="GOLD", help="the gold item: its report's reference (as listed) or its uid"
    )
    retire.set_defaults(func=run_gold_retire)
    settings = sub.add_parser("settings", help="show or change a queue's QA settings")
    settings.add_argument("queue", metavar="QUEUE", nargs="?", help="omit to list every queue")
    settings.add_argument("--gold-rate", type=float, metavar="SHARE", help="e.g. 0.05")
    settings.add_argument("--second-review", type=float, metavar="SHARE", help="e.g. 0.1")
    settings.add_argument("--json", action="store_true", help="print the settings as JSON")
    settings.set_defaults(func=run_settings)
    dis = sub.add_parser("disagreements", help="second reviews waiting for adjudication")
    dis.add_argument("--all", action="store_true", help="include adjudicated ones")
    dis.add_argument("--json", action="store_true", help="print the cases as JSON")
    dis.set_defaults(func=run_disagreements)


def _service(args: argparse.Namespace) -> QualityService:
    workspace = _context.workspace(args)
    return QualityService(workspace, workspace.profile.reviewer or default_username())


def run_gold_add(args: argparse.Namespace) -> int:
    qa = _service(args)
    try:
        item = qa.mark_gold(args.report, args.outcome, args.note)
    finally:
        qa.workspace.close()
    print(
        f"gold item {item.uid}: report {item.external_ref} ({item.queue}) "
        f"expects {item.expected_outcome}"
    )
    return 0


def run_gold_list(args: argparse.Namespace) -> int:
    qa = _service(args)
    try:
        items = qa.gold_items(include_retired=args.all)
    finally:
        qa.workspace.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "uid": i.uid,
                        "report": i.report_uid,
                        "external_ref": i.external_ref,
                        "queue": i.queue,
                        "policy": i.policy_id,
                        "expected": i.expected_outcome,
                        "created_by": i.created_by,
                        "created_at": i.created_at.isoformat(),
                        "retired_at": i.retired_at.isoformat() if i.retired_at else None,
                        "served": i.served,
                        "answered": i.answered,
                        "correct": i.correct,
                    }
                    for i in items
                ],
                indent=2,
            )
        )
        return 0
    if not items:
        print("no gold items")
        return 0
    print_table(
        ["reference", "queue", "expected", "served", "right", "added by", "state"],
        (
            [
                i.external_ref,
                i.queue,
                i.expected_outcome,
                i.served,
                f"{i.correct}/{i.answered}",
                i.created_by,
                "retired" if i.retired_at else "serving",
            ]
            for i in items
        ),
        right=[3, 4],
    )
    return 0


def run_gold_retire(args: argparse.Namespace) -> int:
    qa = _service(args)
    try:
        item = qa.retire_gold(args.uid)
    finally:
        qa.workspace.close()
    print(f"gold item for {item.external_ref} retired")
    return 0


def run_settings(args: argparse.Namespace) -> int:
    qa = _service(args)
    try:
        if args.gold_rate is not None or args.second_review is not None:
            if not args.queue:
                raise ModeratorError(_("name the QUEUE whose settings to change"))
            qa.set_settings(args.queue, gold_rate=args.gold_rate, second_review=args.second_review)
        rows = [r for r in qa.settings() if not args.queue or r.queue == args.queue]
    finally:
        qa.workspace.close()
    if args.queue and not rows:
        raise ModeratorError(_("there is no queue named {queue}", queue=repr(args.queue)))
    if args.json:
        print(
            json.dumps(
                {
                    r.queue: {"gold_rate": r.gold_rate, "second_review": r.second_review}
                    for r in rows
                },
                indent=2,
            )
        )
        return 0
    print_table(
        ["queue", "gold rate", "2nd review"],
        ([r.queue, f"{r.gold_rate:.3f}", f"{r.second_review:.3f}"] for r in rows),
        right=[1, 2],
    )
    return 0


def run_disagreements(args: argparse.Namespace) -> int:
    qa = _service(args)
    try:
        cases = qa.disagreements(include_adjudicated=args.all)
    finally:
        qa.workspace.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "report": c.report_uid,
                        "external_ref": c.external_ref,
                        "queue": c.queue,
                        "policy": c.policy_id,
                        "first": [c.first.reviewer, c.first.outcome],
                        "second": [c.second.reviewer, c.second.outcome],
                        "adjudicated": c.adjudicated_outcome,
                    }
                    for c in cases
                ],
                indent=2,
            )
        )
        return 0
    if not cases:
        print("no disagreements waiting")
        return 0
    print_table(
        ["reference", "queue", "first review", "second review", "adjudicated"],
        (
            [
                c.external_ref,
                c.queue,
                f"{c.first.reviewer}: {c.first.outcome}",
                f"{c.second.reviewer}: {c.second.outcome}",
                c.adjudicated_outcome or "waiting",
            ]
            for c in cases
        ),
    )
    return 0
