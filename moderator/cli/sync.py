"""`moderator sync`: push the local journal to the central store."""

from __future__ import annotations

import argparse
import json
import sys

from moderator.cli import _context
from moderator.services import config as config_mod
from moderator.services.central import central_url_for
from moderator.services.i18n import _, n
from moderator.services.sync import Syncer, SyncResult

EXIT_CONFLICT = 1
EXIT_OFFLINE = 75  # EX_TEMPFAIL: try again later, nothing was lost


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="push the audit journal and decisions to the central store",
        description="Push unsent audit events and decisions to the central store (the "
        "profile's `central` URL, else its own database). Exit 0: all sent (or, with --once, "
        f"one batch sent); 1: a conflict or error; {EXIT_OFFLINE}: the store is unreachable.",
    )
    parser.add_argument("--once", action="store_true", help="push one batch and stop")
    parser.add_argument("--batch", type=int, default=1000, metavar="N", help="events per batch")
    parser.add_argument("--central", metavar="URL", help="push to this store instead")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.central:
        config_mod.check_url(args.central, "--central")  # a typo is refused before any opening
    workspace = _context.workspace(args)
    syncer = Syncer(workspace, args.central) if args.central else Syncer.for_workspace(workspace)
    batch = max(1, args.batch)
    try:
        if args.once:
            result = syncer.push(batch)
        else:
            result = syncer.run_until_idle(batch, progress=None if args.json else _progress)
    finally:
        syncer.close()
        workspace.close()
    target = args.central or central_url_for(workspace.profile) or "the workspace database"
    if args.json:
        print(json.dumps(_as_dict(result, str(target)), indent=2))
    else:
        _summary(result, str(target))
    if result.error:
        return EXIT_OFFLINE if not result.online else EXIT_CONFLICT
    return 0


def _progress(result: SyncResult) -> None:
    if result.pushed:
        print(_("sent {events} event(s), {waiting} waiting", events=n(result.pushed),
                waiting=n(result.pending)), file=sys.stderr)  # fmt: skip


def _summary(result: SyncResult, target: str) -> None:
    if result.warning:
        print(_("warning: {warning}", warning=result.warning), file=sys.stderr)
    if result.error:
        line = (_("sync offline: {error}", error=result.error) if not result.online
                else _("sync stopped: {error}", error=result.error))  # fmt: skip
        print(line, file=sys.stderr)
    waiting = _("unknown") if result.pending < 0 else n(result.pending)
    print(
        _(
            "sent {events} event(s) and {decisions} decision(s) to {target}; {waiting} waiting",
            events=n(result.pushed),
            decisions=n(result.decisions),
            target=target,
            waiting=waiting,
        )
    )


def _as_dict(result: SyncResult, target: str) -> dict[str, object]:
    return {
        "target": target,
        "pushed": result.pushed,
        "decisions": result.decisions,
        "pending": result.pending,
        "online": result.online,
        "error": result.error,
        "warning": result.warning,
        "checkpoint_seq": result.checkpoint_seq,
    }
