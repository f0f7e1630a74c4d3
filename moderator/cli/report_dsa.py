"""`moderator report dsa --from DATE --to DATE [-o FILE]`: statements of reasons (JSONL)."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from moderator.cli import _context
from moderator.domain.errors import ModeratorError
from moderator.services.i18n import _, n
from moderator.services.organisation import Organisation, org_zone
from moderator.services.regulators import cybertip, dsa_export, dsa_submit

Arg = Callable[[str], Any]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], date_type: Arg,
             zone_type: Arg) -> None:  # fmt: skip
    dsa = sub.add_parser(
        "dsa",
        help="DSA statements of reasons (JSON lines) for the days --from to --to",
        description="One statement of reasons per final decision that restricts content, "
        "decided (or adjudicated) from 00:00 on --from to 24:00 on --to in the organisation's "
        "time zone. Every line is checked against the DSA Transparency Database's rules; "
        "nothing is written while a decision cannot be mapped or a statement breaks a rule.",
    )
    dsa.add_argument("--from", dest="first", type=date_type, required=True, metavar="DATE",
                     help="first day")  # fmt: skip
    dsa.add_argument("--to", dest="last", type=date_type, required=True, metavar="DATE",
                     help="last day, included")  # fmt: skip
    dsa.add_argument(
        "-o", "--out", metavar="FILE", help="file to write (default: dsa-FROM-TO.jsonl)"
    )
    dsa.add_argument(
        "--tz", type=zone_type, help="time zone of the dates (default: the organisation's)"
    )
    dsa.add_argument("--submit", action="store_true",
                     help="also send the statements to the organisation's dsa-endpoint "
                     "(token from the keyring; none is sent twice)")  # fmt: skip
    dsa.set_defaults(func=run_dsa)
    token = sub.add_parser(
        "dsa-token", help="store the DSA Transparency Database token (read from stdin)",
        description="Reads the API token from standard input and keeps it in the OS keyring "
        "(never in a file).",
    )  # fmt: skip
    token.set_defaults(func=run_dsa_token)


def run_dsa_token(args: argparse.Namespace) -> int:
    text = sys.stdin.readline() if not sys.stdin.isatty() else getpass.getpass("token: ")
    dsa_submit.store_token(text)
    print("stored the DSA Transparency Database token in the keyring")
    return 0


def run_dsa(args: argparse.Namespace) -> int:
    if args.first > args.last:
        raise ModeratorError(_("--from ({first}) must not be after --to ({last})",
                               first=args.first, last=args.last))  # fmt: skip
    out = Path(args.out or f"dsa-{args.first}-{args.last}.jsonl")
    if out.is_dir():
        raise ModeratorError(_("{path} is a folder: give a file name with -o", path=out))
    workspace = _context.workspace(args)
    try:
        tz = args.tz or getattr(org_zone(workspace), "key", "UTC")
        export = dsa_export.build(workspace, args.first, args.last + timedelta(days=1), tz)
        endpoint = Organisation(workspace, "").settings().dsa_endpoint
    finally:
        workspace.close()
    if args.submit and not endpoint:
        raise ModeratorError(_("no DSA endpoint is set: a supervisor sets it with "
                               "`moderator org set --dsa-endpoint URL`"))  # fmt: skip
    try:
        dsa_export.write(export, out)
    except OSError as exc:
        raise ModeratorError(_("cannot write {path}: {reason}", path=out,
                               reason=exc.strerror or exc)) from None  # fmt: skip
    print(
        _(
            "{statements} statement(s) of reasons, {skipped} decision(s) restricting nothing "
            "left out ({first} to {last}, {zone})",
            statements=n(len(export.statements)),
            skipped=n(export.skipped),
            first=args.first,
            last=args.last,
            zone=tz,
        )
    )
    print(_("wrote {path}", path=out))  # fmt: skip
    if args.submit:
        sent = dsa_submit.submit(endpoint, export.statements)
        print(_("sent to {endpoint}: {created} new, {existing} sent before", endpoint=endpoint,
                created=n(sent.created), existing=n(sent.existing)))  # fmt: skip
    return 0


def register_cybertip(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], date_type: Arg, zone_type: Arg
) -> None:
    tip = sub.add_parser(
        "cybertip",
        help="NCMEC CyberTipline report XML for the days --from to --to",
        description="A CyberTipline Report document and a fileDetails document per file for "
        "each final decision whose outcome the policy reports to NCMEC, decided from 00:00 "
        "on --from to 24:00 on --to. The industry classification comes from the checklist, "
        "'file viewed' from the audit log's reveals.",
    )
    tip.add_argument("--from", dest="first", type=date_type, required=True, metavar="DATE",
                     help="first day")  # fmt: skip
    tip.add_argument("--to", dest="last", type=date_type, required=True, metavar="DATE",
                     help="last day, included")  # fmt: skip
    tip.add_argument("--out", metavar="DIR", help="folder to write (default: cybertip-FROM-TO)")
    tip.add_argument("--tz", type=zone_type, help="time zone of the dates")
    tip.set_defaults(func=run_cybertip)


def run_cybertip(args: argparse.Namespace) -> int:
    if args.first > args.last:
        raise ModeratorError(_("--from ({first}) must not be after --to ({last})",
                               first=args.first, last=args.last))  # fmt: skip
    out = Path(args.out or f"cybertip-{args.first}-{args.last}")
    if out.exists() and not out.is_dir():
        raise ModeratorError(_("{path} exists and is not a folder", path=out))
    workspace = _context.workspace(args)
    try:
        tz = args.tz or getattr(org_zone(workspace), "key", "UTC")
        batch = cybertip.gather(workspace, args.first, args.last + timedelta(days=1), tz)
    finally:
        workspace.close()
    try:
        files = cybertip.write(batch, out)
    except OSError as exc:
        raise ModeratorError(_("cannot write into {path}: {reason}", path=out,
                               reason=exc.strerror or exc)) from None  # fmt: skip
    print(
        _(
            "{count} report(s) due to NCMEC ({first} to {last}, {zone})",
            count=n(len(batch.tips)),
            first=args.first,
            last=args.last,
            zone=tz,
        )
    )
    for path in files:
        print(_("wrote {path}", path=path))  # fmt: skip
    return 0
