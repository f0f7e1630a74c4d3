"""`moderator audit verify|export`."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import TextIO

from moderator.cli import _context
from moderator.store import journal

EXPORT_FIELDS = (
    "uid",
    "workstation",
    "seq",
    "occurred_at",
    "actor",
    "kind",
    "report_uid",
    "payload",
    "prev_hash",
    "hash",
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("audit", help="audit journal: verify, export")
    sub = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser("verify", help="check every workstation's hash chain")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=run_verify)
    export = sub.add_parser("export", help="write the journal as JSONL or CSV")
    export.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    export.set_defaults(func=run_export)


def run_verify(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args)
    try:
        with workspace.transaction() as session:
            reports = journal.verify(session)
    finally:
        workspace.close()
    bad = [r for r in reports if not r.ok]
    if args.json:
        print(
            json.dumps(
                {
                    "ok": not bad,
                    "chains": [
                        {
                            "workstation": r.workstation,
                            "events": r.events,
                            "head": r.head_hash,
                            "problem": r.problem.describe() if r.problem else None,
                            "first_bad_event": r.problem.uid if r.problem else None,
                            "first_bad_seq": r.problem.seq if r.problem else None,
                        }
                        for r in reports
                    ],
                },
                indent=2,
            )
        )
    else:
        for r in reports:
            if r.problem:
                print(f"BROKEN {r.problem.describe()}")
            else:
                print(
                    f"ok     workstation {r.workstation}: {r.events} events, "
                    f"head {r.head_hash[:16]}"
                )
        total = sum(r.events for r in reports)
        print(
            f"{'FAILED' if bad else 'verified'}: {len(reports)} chain(s), {total} intact event(s)"
        )
    return 1 if bad else 0


def _write(out: TextIO, fmt: str, args: argparse.Namespace) -> int:
    workspace = _context.workspace(args)
    count = 0
    try:
        with workspace.transaction() as session:
            writer = csv.writer(out) if fmt == "csv" else None
            if writer:
                writer.writerow(EXPORT_FIELDS)
            for ws in journal.workstations(session):
                for event in journal.iter_chain(session, ws):
                    values = [getattr(event, f) for f in EXPORT_FIELDS]
                    values[3] = event.occurred_at.isoformat()
                    if writer:
                        writer.writerow(values)
                    else:
                        row = dict(zip(EXPORT_FIELDS, values, strict=True))
                        row["payload"] = json.loads(event.payload)
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
    finally:
        workspace.close()
    return count


def run_export(args: argparse.Namespace) -> int:
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            count = _write(out, args.format, args)
        print(f"exported {count} events to {args.output}", file=sys.stderr)
    else:
        _write(sys.stdout, args.format, args)
    return 0
