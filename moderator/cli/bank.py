"""`moderator bank add|list|import|export|retire|feed|feeds|rematch`: hash banks of known
content (feed, feeds and rematch: `cli.bank_feed`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from moderator.cli import _context, bank_feed
from moderator.cli._table import print_table
from moderator.domain.banks import FORMATS, MATCHABLE, PDQ_THRESHOLD, Action, Source, parse_signals
from moderator.services.banks import BankAdmin, BankRequest
from moderator.services.i18n import _, n


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "bank", help="hash banks: add, list, import, export, retire, feed, rematch"
    )
    sub = parser.add_subparsers(dest="bank_command", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add",
        help="add a hash bank (supervisors)",
        description="known: matches are decided with --outcome, no one views them (audited "
        "as automated); route: sent to --route-to with the match shown; flag: the match is "
        "shown to the reviewer. A --safe-list bank holds known false positives: a match in it "
        "suppresses every other bank's match.",
    )
    add.add_argument("name", metavar="NAME", help="the bank's name")
    add.add_argument(
        "--action", choices=[a.value for a in Action], required=True, help="what a match does"
    )
    add.add_argument(
        "--signals", default=",".join(MATCHABLE), help="signal types matched, comma-separated"
    )
    add.add_argument(
        "--threshold", type=int, default=PDQ_THRESHOLD, help="PDQ / vPDQ frame Hamming distance"
    )
    add.add_argument("--outcome", default="", help="the decision a known match makes")
    add.add_argument("--route-to", default="", metavar="QUEUE", help="the queue a route sends to")
    add.add_argument(
        "--safe-list", action="store_true", help="known false positives: a match suppresses others"
    )
    add.add_argument(
        "--source", choices=[s.value for s in Source], default=Source.OWN.value,
        help="whose list it is",
    )  # fmt: skip
    add.add_argument("--source-name", default="", help="the partner or regulator")
    _context.add_as(add)
    add.set_defaults(func=run_add)
    lst = sub.add_parser("list", help="every bank, its action and its entry count")
    lst.add_argument("--json", action="store_true", help="print JSON for scripts")
    lst.set_defaults(func=run_list)
    imp = sub.add_parser("import", help="add a hash list's entries (re-import changes nothing)")
    imp.add_argument("name", metavar="NAME", help="the bank to fill")
    imp.add_argument("file", metavar="FILE", type=Path, help="the hash list")
    imp.add_argument("--format", choices=FORMATS, required=True, help="the list's format")
    _context.add_as(imp)
    imp.set_defaults(func=run_import)
    exp = sub.add_parser("export", help="write a bank for an upload filter or a partner")
    exp.add_argument("name", metavar="NAME", help="the bank to export")
    exp.add_argument("--format", choices=FORMATS, required=True, help="the format to write")
    exp.add_argument("-o", "--out", type=Path, help="the file to write (default: stdout)")
    _context.add_as(exp)
    exp.set_defaults(func=run_export)
    ret = sub.add_parser("retire", help="retire a bank, or some of its entries")
    ret.add_argument("name", metavar="NAME", help="the bank")
    ret.add_argument(
        "--entry",
        action="append",
        default=[],
        metavar="'SIGNAL VALUE'",
        help="retire only this entry (repeatable)",
    )
    _context.add_as(ret)
    ret.set_defaults(func=run_retire)
    bank_feed.register(sub)


def _admin(args: argparse.Namespace) -> BankAdmin:
    workspace = _context.workspace(args)
    return BankAdmin(workspace, _context.acting(args, workspace))


def run_add(args: argparse.Namespace) -> int:
    admin = _admin(args)
    try:
        row = admin.add(
            BankRequest(
                args.name,
                Action(args.action),
                parse_signals(args.signals),
                args.threshold,
                args.outcome,
                args.route_to,
                args.safe_list,
                Source(args.source),
                args.source_name,
            )
        )
    finally:
        admin.workspace.close()
    what = "safe-list" if row.safe_list else row.action
    print(_("bank {bank} added ({what}; {signals}; threshold {threshold})", bank=row.name,
            what=what, signals=", ".join(row.signals), threshold=row.threshold))  # fmt: skip
    return 0


def run_list(args: argparse.Namespace) -> int:
    admin = _admin(args)
    try:
        rows = admin.listing()
    finally:
        admin.workspace.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "name": r.name,
                        "action": r.action,
                        "safe_list": r.safe_list,
                        "signals": list(r.signals),
                        "threshold": r.threshold,
                        "outcome": r.outcome,
                        "route_to": r.route_queue,
                        "source": r.source,
                        "source_name": r.source_name,
                        "entries": r.entries,
                        "retired": r.retired_at is not None,
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
        return 0
    if not rows:
        print(_("no hash banks yet: add one with `moderator bank add NAME --action ...`"))
        return 0
    print_table(
        ("BANK", "ACTION", "DOES", "SIGNALS", "THRESHOLD", "ENTRIES", "SOURCE", "STATE"),
        [
            (
                r.name,
                "safe-list" if r.safe_list else r.action,
                r.outcome or r.route_queue or "-",
                ",".join(r.signals),
                r.threshold,
                r.entries,
                r.source + (f" ({r.source_name})" if r.source_name else ""),
                "retired" if r.retired_at else "open",
            )
            for r in rows
        ],
        right=(4, 5),
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    admin = _admin(args)
    try:
        result = admin.import_file(args.name, args.file, args.format)
    finally:
        admin.workspace.close()
    for error in result.errors:
        print(f"{args.file}:{error}", file=sys.stderr)
    print(result.summary())
    return 1 if result.errors else 0


def run_export(args: argparse.Namespace) -> int:
    admin = _admin(args)
    try:
        text = admin.export(args.name, args.format)
    finally:
        admin.workspace.close()
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
    return 0


def run_retire(args: argparse.Namespace) -> int:
    admin = _admin(args)
    try:
        count = admin.retire(args.name, args.entry)
    finally:
        admin.workspace.close()
    print(_("{count} entries retired", count=n(count)) if args.entry
          else _("bank {bank} retired", bank=args.name))  # fmt: skip
    return 0
