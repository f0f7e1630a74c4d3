"""`moderator audit verify|export`."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import TextIO

from moderator.cli import _context
from moderator.services import signing
from moderator.services.central import central_url_for, open_central, open_target
from moderator.services.sync import Syncer
from moderator.store import journal
from moderator.store.central import WorkstationStatus, load_keys, status_of, verify_central
from moderator.store.db import session_factory

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
    parser = subparsers.add_parser("audit", help="audit journal: verify, checkpoint, export")
    sub = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser(
        "verify",
        help="check every workstation's hash chain and signed checkpoints",
        description="Check hash chains and checkpoint signatures in the workspace database, or "
        "with --central at the central store (the profile's, or URL). Exit 1 on any problem.",
    )
    verify.add_argument(
        "--central",
        nargs="?",
        const="",
        default=None,
        metavar="URL",
        help="verify the central store (the profile's own, or the one at URL)",
    )
    verify.add_argument("--json", action="store_true", help="print the result as JSON")
    verify.set_defaults(func=run_verify)
    checkpoint = sub.add_parser(
        "checkpoint", help="sign the head of this workstation's chain (if it grew)"
    )
    checkpoint.add_argument("--json", action="store_true", help="print the result as JSON")
    checkpoint.set_defaults(func=run_checkpoint)
    export = sub.add_parser("export", help="write the journal as JSONL or CSV")
    export.add_argument(
        "--format", choices=["jsonl", "csv"], default="jsonl", help="file format (jsonl)"
    )
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    export.set_defaults(func=run_export)


def _verify_local(args: argparse.Namespace) -> list[WorkstationStatus]:
    workspace = _context.workspace(args)
    try:
        with workspace.transaction() as session:
            keys = load_keys(session)
            return [status_of(r, keys.get(r.workstation)) for r in journal.verify(session)]
    finally:
        workspace.close()


def _verify_central(args: argparse.Namespace) -> tuple[list[WorkstationStatus], str]:
    workspace = _context.workspace(args)
    try:
        url = args.central or central_url_for(workspace.profile)
        syncer = Syncer(workspace, url or None)
        acked = syncer.acked()  # what this workstation's cursors say the store acknowledged
        engine = open_target(args.central) if args.central else open_central(workspace.profile)
    finally:
        workspace.close()
    try:
        with session_factory(engine)() as session, session.begin():
            statuses = verify_central(session, acked)
    finally:
        engine.dispose()
    return statuses, url or "the workspace database"


def run_verify(args: argparse.Namespace) -> int:
    where = "the workspace database"
    if args.central is None:
        statuses = _verify_local(args)
    else:
        statuses, where = _verify_central(args)
    bad = [s for s in statuses if not s.ok]
    if args.json:
        print(
            json.dumps(
                {
                    "ok": not bad,
                    "store": "central" if args.central is not None else "local",
                    "chains": [
                        {
                            "workstation": s.workstation,
                            "events": s.events,
                            "head_seq": s.head_seq,
                            "checkpoint_seq": s.checkpoint_seq,
                            "key": s.key,
                            "problem": s.problem,
                            "first_bad_event": s.bad_uid,
                            "first_bad_seq": s.bad_seq,
                        }
                        for s in statuses
                    ],
                },
                indent=2,
            )
        )
    else:
        for s in statuses:
            if s.problem:
                print(f"BROKEN {s.problem}")
            else:
                signed = (
                    f"signed up to seq {s.checkpoint_seq}"
                    if s.checkpoint_seq is not None
                    else "no signed checkpoint"
                )
                print(f"ok     workstation {s.workstation}: {s.events} events, {signed}")
        total = sum(s.events for s in statuses if s.ok)
        print(
            f"{'FAILED' if bad else 'verified'}: {len(statuses)} chain(s), {total} intact "
            f"event(s) in {where}"
        )
    return 1 if bad else 0


def run_checkpoint(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args)
    try:
        event = signing.write_checkpoint(workspace)
    finally:
        workspace.close()
    if args.json:
        print(json.dumps({"checkpoint_seq": event.seq if event else None}))
    elif event is None:
        print("nothing new to sign: the chain already ends with a checkpoint (or is empty)")
    else:
        print(f"signed workstation {event.workstation} up to seq {event.seq - 1}")
    return 0


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
