"""`moderator report compliance --from DATE --to DATE [--out DIR] [--tz ZONE]`."""

from __future__ import annotations

import argparse
import os
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moderator.cli import _context, report_dsa, report_kcc
from moderator.domain.errors import ModeratorError
from moderator.services import i18n
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
        raise ModeratorError(i18n._("{path} exists and is not a folder", path=out))
    try:
        private_dir(out)
    except OSError as exc:
        raise ModeratorError(i18n._("cannot create {path}: {reason}", path=out,
                                    reason=exc.strerror or exc)) from None  # fmt: skip
    if not os.access(out, os.W_OK | os.X_OK):
        raise ModeratorError(i18n._("cannot write into {path}: permission denied", path=out))
    return out


def run_compliance(args: argparse.Namespace) -> int:
    if args.first > args.last:
        raise ModeratorError(i18n._("--from ({first}) must not be after --to ({last})",
                                    first=args.first, last=args.last))  # fmt: skip
    end = args.last + timedelta(days=1)  # the report's period is [first, end)
    out = _writable(Path(args.out or f"compliance-{args.first}-{args.last}"))
    workspace = _context.workspace(args)
    try:
        if args.tz is None:
            args.tz = getattr(org_zone(workspace), "key", "UTC")
        report = compliance.build(workspace, args.first, end, args.tz, verify=not args.no_verify)
    finally:
        workspace.close()
    files = compliance.write(report, out, i18n.current().lang)
    t = report.totals
    s = i18n.current()
    print(s._("{first} to {last} (both included, {zone}): {received} received, {handled} "
              "handled, {reviewers} reviewer(s)", first=s.day(args.first), last=s.day(args.last),
              zone=args.tz, received=s.number(t.received), handled=s.number(t.handled),
              reviewers=s.number(len(report.snapshot.reviewers))))  # fmt: skip
    if report.audit is not None and not report.audit.ok:
        print(s._("audit chain: BROKEN (see the report)"))
    for path in files:
        print(s._("wrote {path}", path=path))
    return 0
