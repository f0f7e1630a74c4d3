"""`moderator report compliance --from DATE --to DATE [--out DIR] [--tz ZONE]`."""

from __future__ import annotations

import argparse
import os
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moderator.cli import _context, report_dsa, report_kcc
from moderator.domain.errors import ModeratorError
from moderator.services.compliance import report as compliance
from moderator.services.files import private_dir
from moderator.services.organisation import org_zone


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (use YYYY-MM-DD): {value!r}") from None


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"unknown time zone {value!r} (use an IANA name such as Asia/Seoul or UTC)"
        ) from None
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report", help="reports for auditors and regulators: compliance, kcc, dsa, cybertip"
    )
    sub = parser.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    comp = sub.add_parser(
        "compliance",
        help="CSV tables and an HTML report for the days --from to --to",
        description="Reports, training, QA metrics, exposure and breaks for the days from "
        "--from through --to, both included (from 00:00 on --from to 24:00 on --to in --tz).",
    )
    comp.add_argument(
        "--from", dest="first", type=_date, required=True, metavar="DATE", help="first day"
    )
    comp.add_argument(
        "--to", dest="last", type=_date, required=True, metavar="DATE", help="last day, included"
    )
    comp.add_argument("--out", metavar="DIR", help="folder to write (default: compliance-FROM-TO)")
    comp.add_argument(
        "--tz",
        type=_zone,
        help="time zone of the dates (default: the organisation's, else UTC)",
    )
    comp.add_argument(
        "--no-verify", action="store_true", help="skip checking the audit chain (large logs)"
    )
    comp.set_defaults(func=run_compliance)
    report_dsa.register(sub, _date, _zone)
    report_dsa.register_cybertip(sub, _date, _zone)
    report_kcc.register(sub)


def _writable(out: Path) -> Path:
    if out.exists() and not out.is_dir():
        raise ModeratorError(f"{out} exists and is not a folder")
    try:
        private_dir(out)
    except OSError as exc:
        raise ModeratorError(f"cannot create {out}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise ModeratorError(f"cannot write into {out}: permission denied")
    return out


def run_compliance(args: argparse.Namespace) -> int:
    if args.first > args.last:
        raise ModeratorError(f"--from ({args.first}) must not be after --to ({args.last})")
    end = args.last + timedelta(days=1)  # the report's period is [first, end)
    out = _writable(Path(args.out or f"compliance-{args.first}-{args.last}"))
    workspace = _context.workspace(args)
    try:
        if args.tz is None:
            args.tz = getattr(org_zone(workspace), "key", "UTC")
        report = compliance.build(workspace, args.first, end, args.tz, verify=not args.no_verify)
    finally:
        workspace.close()
    files = compliance.write(report, out)
    t = report.totals
    print(
        f"{args.first} to {args.last} (both included, {args.tz}): {t.received} received, "
        f"{t.handled} handled, {len(report.snapshot.reviewers)} reviewer(s)"
    )
    if report.audit is not None and not report.audit.ok:
        print("audit chain: BROKEN (see the report)")
    for path in files:
        print(f"wrote {path}")
    return 0
