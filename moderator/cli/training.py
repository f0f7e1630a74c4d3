"""`moderator training import|list|status`: courses and records, from CSV and on the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from moderator.cli import _context
from moderator.cli._table import print_table
from moderator.services.config import default_username
from moderator.services.i18n import _
from moderator.services.organisation import org_zone
from moderator.services.training import STATES, TrainingAdmin
from moderator.services.training_csv import local_zone, zone


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("training", help="training courses and records")
    sub = parser.add_subparsers(dest="training_command", metavar="ACTION", required=True)
    imp = sub.add_parser(
        "import",
        help="import courses or records from CSV (the header tells which)",
        description="Courses: code,title,validity_days[,queues,categories]. Records: "
        "reviewer,course,completed[,expires,evidence]. A bare date is local midnight in "
        "--timezone; re-importing a file changes nothing.",
    )
    imp.add_argument("files", nargs="+", metavar="FILE", type=Path, help="CSV files to import")
    imp.add_argument(
        "--timezone",
        metavar="ZONE",
        help="the time zone of bare dates, e.g. Asia/Seoul (default: the organisation's, else "
        "this computer's)",
    )
    imp.add_argument("--json", action="store_true", help="print the results as JSON")
    imp.set_defaults(func=run_import)
    lst = sub.add_parser("list", help="the courses and the records")
    lst.add_argument("--reviewer", metavar="NAME", help="only this reviewer's records")
    lst.add_argument("--json", action="store_true", help="print courses and records as JSON")
    lst.set_defaults(func=run_list)
    status = sub.add_parser("status", help="who holds which needed course, and until when")
    status.add_argument("--reviewer", metavar="NAME", help="only this reviewer")
    status.add_argument("--state", choices=STATES, help="only rows in this state")
    status.add_argument("--json", action="store_true", help="print the rows as JSON")
    status.set_defaults(func=run_status)


def _admin(args: argparse.Namespace) -> TrainingAdmin:
    workspace = _context.workspace(args)
    return TrainingAdmin(workspace, workspace.profile.reviewer or default_username())


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "-"


def run_import(args: argparse.Namespace) -> int:
    admin = _admin(args)
    try:
        tz = zone(args.timezone) if args.timezone else org_zone(admin.workspace) or local_zone()
        results = [admin.import_csv(path, tz) for path in args.files]
    finally:
        admin.workspace.close()
    if args.json:
        print(json.dumps([r.as_dict() for r in results], indent=2))
    else:
        for result in results:
            for problem in result.problems:
                print(_("rejected {file} {problem}", file=result.file,
                        problem=problem.describe()), file=sys.stderr)  # fmt: skip
            print(result.summary())
    return 0 if all(r.ok for r in results) else 1


def run_list(args: argparse.Namespace) -> int:
    admin = _admin(args)
    try:
        courses, records = admin.courses(), admin.records(args.reviewer)
    finally:
        admin.workspace.close()
    if args.json:
        print(
            json.dumps(
                {
                    "courses": [
                        {
                            "code": c.code,
                            "title": c.title,
                            "validity_days": c.validity_days,
                            "queues": list(c.queues),
                            "categories": list(c.categories),
                        }
                        for c in courses
                    ],
                    "records": [
                        {
                            "id": r.id,
                            "reviewer": r.reviewer,
                            "course": r.course_code,
                            "completed_at": r.completed_at.isoformat(),
                            "expires_at": r.expires_at.isoformat(),
                            "evidence": r.evidence,
                            "source": r.source,
                        }
                        for r in records
                    ],
                },
                indent=2,
            )
        )
        return 0
    print_table(
        ["course", "valid for", "title", "needed by"],
        (
            [c.code, f"{c.validity_days} d", c.title, ", ".join(c.queues) or "no queue"]
            for c in courses
        ),
        right=[1],
    )
    print()
    if not records:
        print(_("no training records for {reviewer}", reviewer=args.reviewer) if args.reviewer
              else _("no training records"))  # fmt: skip
        return 0
    print_table(
        ["reviewer", "course", "completed", "expires", "evidence"],
        (
            [r.reviewer, r.course_code, _when(r.completed_at), _when(r.expires_at), r.evidence]
            for r in records
        ),
    )
    return 0


def run_status(args: argparse.Namespace) -> int:
    admin = _admin(args)
    try:
        rows = admin.status()
    finally:
        admin.workspace.close()
    rows = [
        r
        for r in rows
        if (args.reviewer is None or r.reviewer == args.reviewer)
        and (args.state is None or r.state == args.state)
    ]
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "reviewer": r.reviewer,
                        "course": r.course_code,
                        "state": r.state,
                        "completed_at": r.completed_at.isoformat() if r.completed_at else None,
                        "expires_at": r.expires_at.isoformat() if r.expires_at else None,
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
        return 0
    if not rows:
        print(_("no training status rows match"))
        return 0
    print_table(
        ["reviewer", "course", "state", "expires"],
        ([r.reviewer, r.course_code, r.state, _when(r.expires_at)] for r in rows),
    )
    return 0
