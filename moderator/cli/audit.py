"""`moderator audit verify|export`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from moderator.cli import _context
from moderator.services import audit_export, audit_verify, signing
from moderator.services.audit_verify import WorkstationStatus
from moderator.services.files import open_private
from moderator.services.i18n import _, n


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
    verify.add_argument(
        "--require-signed",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="fail on events no signed checkpoint covers (default: the profile's "
        "require_signed setting, else off)",
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


def run_verify(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args)
    try:
        required = audit_verify.signing_required(workspace, args.require_signed)
        if args.central is None:
            statuses = audit_verify.verify_workspace(workspace, require_signed=required)
            where = _("the workspace database")
        else:
            statuses, where = audit_verify.verify_against_central(
                workspace, args.central or None, require_signed=required
            )
    finally:
        workspace.close()
    bad = [s for s in statuses if not s.ok]
    if args.json:
        print(json.dumps(_as_json(statuses, args.central is not None, required), indent=2))
        return 1 if bad else 0
    for s in statuses:
        for problem in s.problems:
            print(_("BROKEN {problem}", problem=problem))
        if s.ok:
            signed = (
                _("signed up to seq {seq}", seq=s.checkpoint_seq)
                if s.checkpoint_seq is not None
                else _("no signed checkpoint")
            )
            print(_("ok     workstation {workstation}: {events} events, {signed}",
                    workstation=s.workstation, events=n(s.events), signed=signed))  # fmt: skip
        for note in s.notes:
            print(_("note   {note}", note=note))
    total = sum(s.events for s in statuses if s.ok)
    counts = {"chains": n(len(statuses)), "events": n(total), "where": where}
    print(
        _("FAILED: {chains} chain(s), {events} intact event(s) in {where}", **counts)
        if bad
        else _("verified: {chains} chain(s), {events} intact event(s) in {where}", **counts)
    )
    if any(s.notes for s in statuses):
        print(
            _(
                "unsigned events are proven only once the central store holds them; "
                "`moderator audit checkpoint` signs them, `--require-signed` fails on them"
            )
        )
    return 1 if bad else 0


def _as_json(statuses: list[WorkstationStatus], central: bool, required: bool) -> dict[str, Any]:
    return {
        "ok": all(s.ok for s in statuses),
        "store": "central" if central else "local",
        "require_signed": required,
        "chains": [
            {
                "workstation": s.workstation,
                "events": s.events,
                "head_seq": s.head_seq,
                "checkpoint_seq": s.checkpoint_seq,
                "unsigned": s.unsigned,
                "key": s.key,
                "problem": s.problem,
                "problems": list(s.problems),
                "notes": list(s.notes),
                "first_bad_event": s.bad_uid,
                "first_bad_seq": s.bad_seq,
            }
            for s in statuses
        ],
    }


def run_checkpoint(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args)
    try:
        event = signing.write_checkpoint(workspace)
    finally:
        workspace.close()
    if args.json:
        print(json.dumps({"checkpoint_seq": event.seq if event else None}))
    elif event is None:
        print(_("nothing new to sign: the chain already ends with a checkpoint (or is empty)"))
    else:
        print(_("signed workstation {workstation} up to seq {seq}",
                workstation=event.workstation, seq=event.seq - 1))  # fmt: skip
    return 0


def run_export(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args)
    try:
        if args.output:
            # The journal names reports, reviewers and outcomes: the file is the user's alone.
            with open_private(args.output, "w", encoding="utf-8", newline="") as out:
                count = audit_export.write_journal(workspace, out, args.format)
            print(_("exported {count} events to {path}", count=n(count), path=args.output),
                  file=sys.stderr)  # fmt: skip
        else:
            audit_export.write_journal(workspace, sys.stdout, args.format)
    finally:
        workspace.close()
    return 0
