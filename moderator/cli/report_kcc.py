"""`moderator report kcc --year YEAR [--out DIR] [--lang ko|en]`: the KCC transparency report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from moderator.cli import _context
from moderator.domain.errors import ModeratorError
from moderator.services.i18n import _, n
from moderator.services.organisation import org_zone
from moderator.services.regulators import kcc, kcc_render


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {value!r}") from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"not a plausible year: {year} (use e.g. 2026)")
    return year


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "kcc",
        help="the KCC transparency report on illegally filmed material for one year",
        description="The yearly transparency report (general efforts; reports and deletion "
        "requests: number, content, criteria, review and outcome; deletion and blocking "
        "procedures; the person responsible; internal training) as HTML and CSV, for the "
        "calendar year in the organisation's time zone.",
    )
    p.add_argument("--year", type=_year, required=True, help="the calendar year, e.g. 2026")
    p.add_argument("--out", metavar="DIR", help="folder to write (default: kcc-YEAR)")
    p.add_argument("--queue", dest="queues", action="append", default=[], metavar="NAME",
                   help="only this queue's reports (repeat; default: every queue)")  # fmt: skip
    p.add_argument(
        "--lang",
        choices=kcc_render.LANGUAGES,
        help="language of the report (default: ko, whatever language the messages are in; "
        "`moderator --lang en report kcc` writes it in English too)",
    )
    p.set_defaults(func=run_kcc)


def report_language(args: argparse.Namespace) -> str:
    """The KCC report is for a Korean regulator: Korean unless asked otherwise for this run
    (`report kcc --lang`, else the global `--lang`); the config's and the locale's language
    change only the messages."""
    return str(args.lang or getattr(args, "cli_lang", None) or "ko")


def run_kcc(args: argparse.Namespace) -> int:
    out = Path(args.out or f"kcc-{args.year}")
    lang = report_language(args)
    if out.exists() and not out.is_dir():
        raise ModeratorError(_("{path} exists and is not a folder", path=out))
    workspace = _context.workspace(args)
    try:
        tz = getattr(org_zone(workspace), "key", None)
        if tz is None:
            raise ModeratorError(
                _("the organisation's time zone is not set: a supervisor sets it with "
                  "`moderator org set --timezone Asia/Seoul`")
            )  # fmt: skip
        report = kcc.build(workspace, args.year, tz, args.queues, lang)
    finally:
        workspace.close()
    try:
        files = kcc_render.write(report, out, lang)
    except OSError as exc:
        raise ModeratorError(_("cannot write into {path}: {reason}", path=out,
                               reason=exc.strerror or exc)) from None  # fmt: skip
    t = report.totals
    print(_("{year} ({zone}): {received} received, {handled} handled, {removed} deleted or "
            "blocked", year=args.year, zone=tz, received=n(t.received), handled=n(t.handled),
            removed=n(t.removed)))  # fmt: skip
    if not report.officer:
        print(
            _("warning: no person responsible for preventing distribution is designated; "
              "set one with `moderator org set --distribution-officer NAME`"),
            file=sys.stderr,
        )  # fmt: skip
    for path in files:
        print(_("wrote {path}", path=path))
    return 0
