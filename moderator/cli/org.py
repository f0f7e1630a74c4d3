"""`moderator org show|set`: the organisation's settings (changed by supervisors, audited)."""

from __future__ import annotations

import argparse
import json

from moderator.cli import _context
from moderator.domain.errors import ConfigError
from moderator.services.i18n import _
from moderator.services.organisation import Organisation

# option -> setting; each setting is checked by `moderator.domain.organisation`.
OPTIONS = {
    "name": "the organisation's name",
    "timezone": "its IANA time zone: reports, day boundaries and deadlines use it",
    "support": "who reviewers contact for help",
    "content_retention_days": "days after the final decision that reporter text, URLs and "
    "media references are kept ('none': until purged)",
    "media_retention_days": "days after the final decision that media files are kept",
    "default_wellbeing": "the shipped wellbeing profile a new queue gets",
    "distribution_officer": "the person responsible for preventing the distribution of "
    "illegally filmed material (KCC transparency report)",
    "distribution_officer_contact": "how to reach that person (e-mail or phone)",
    "transparency_efforts": "the organisation's general efforts against illegal filming "
    "material, in its own words (KCC transparency report)",
    "ncmec_reporter": "the name of the person filing CyberTipline reports",
    "ncmec_email": "their e-mail address (NCMEC requires it)",
    "dsa_endpoint": "the DSA Transparency Database's statements endpoint for "
    "`report dsa --submit` (e.g. https://transparency.dsa.ec.europa.eu/api/v1/statements)",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("org", help="the organisation's settings: show, set")
    sub = parser.add_subparsers(dest="org_command", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="the organisation's settings")
    show.add_argument("--json", action="store_true", help="print the settings as JSON")
    show.set_defaults(func=run_show)
    put = sub.add_parser("set", help="change settings (supervisors; audited)")
    for key, text in OPTIONS.items():
        put.add_argument(f"--{key.replace('_', '-')}", dest=key, metavar="VALUE", help=text)
    _context.add_as(put)
    put.set_defaults(func=run_set)


def run_show(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args)
    try:
        settings = Organisation(workspace, "").settings()
    finally:
        workspace.close()
    values = settings.as_dict()
    if args.json:
        print(json.dumps(values, indent=2))
        return 0
    for key, value in values.items():
        shown = "(not set)" if value in (None, "") else value
        print(f"{key.replace('_', '-'):<24} {shown}")
    return 0


def run_set(args: argparse.Namespace) -> int:
    changes = {k: getattr(args, k) for k in OPTIONS if getattr(args, k) is not None}
    if not changes:
        options = ", ".join(f"--{k.replace('_', '-')}" for k in OPTIONS)
        raise ConfigError(_("nothing to change: give one of {options}", options=options))
    workspace = _context.workspace(args)
    try:
        changed = Organisation(workspace, _context.acting(args, workspace)).change(changes)
    finally:
        workspace.close()
    if not changed:
        print("nothing changed")
    for key, (old, new) in changed.items():
        print(f"{key.replace('_', '-')}: {old if old not in (None, '') else '(not set)'} -> {new}")
    return 0
