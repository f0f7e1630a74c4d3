"""`moderator bank feed|feeds|rematch`: confirmed outcomes into a bank; the queue re-matched."""

from __future__ import annotations

import argparse
import json

from moderator.cli import _context
from moderator.cli._table import print_table
from moderator.domain.banks import FEED_RULES as RULES
from moderator.domain.banks import BankError
from moderator.services.bank_feeds import FeedAdmin
from moderator.services.banks import BankAdmin
from moderator.services.i18n import _, n


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    feed = sub.add_parser(
        "feed",
        help="send a queue's confirmed outcomes into a bank (supervisors)",
        description="Once an outcome is confirmed (--confirm two: a blind second review "
        "agreed; supervisor: a supervisor decided or adjudicated it; either), the report's "
        "hashes enter BANK with its provenance (the report, the decision, who confirmed "
        "it), and the open queue is re-matched against them. `bank export BANK` hands them on "
        "to the platform's upload filter. --stop ends it.",
    )
    feed.add_argument("queue", metavar="QUEUE", help="the queue whose outcomes are sent")
    feed.add_argument("bank", metavar="BANK", nargs="?", help="the bank they go into")
    feed.add_argument(
        "--outcome", action="append", default=[], metavar="OUTCOME",
        help="an outcome to send (repeatable)",
    )  # fmt: skip
    feed.add_argument("--confirm", choices=RULES, default="two", help="who must have confirmed")
    feed.add_argument("--stop", action="store_true", help="stop sending this queue's outcomes")
    _context.add_as(feed)
    feed.set_defaults(func=run_feed)
    feeds = sub.add_parser("feeds", help="which queues send their outcomes into which bank")
    feeds.add_argument("--json", action="store_true", help="print JSON for scripts")
    feeds.set_defaults(func=run_feeds)
    again = sub.add_parser(
        "rematch", help="match the open queue against every open bank again (supervisors)"
    )
    _context.add_as(again)
    again.set_defaults(func=run_rematch)


def _feeds(args: argparse.Namespace) -> FeedAdmin:
    workspace = _context.workspace(args)
    return FeedAdmin(workspace, _context.acting(args, workspace))


def run_feed(args: argparse.Namespace) -> int:
    admin = _feeds(args)
    try:
        if args.stop:
            admin.stop(args.queue)
            print(_("queue {queue} no longer sends its outcomes to a bank", queue=args.queue))
            return 0
        if not args.bank:
            raise BankError("bank feed: name the BANK its outcomes go into (or give --stop)")
        row = admin.set(args.queue, args.bank, args.outcome, args.confirm)
    finally:
        admin.workspace.close()
    print(
        _(
            "queue {queue} sends {outcomes} to bank {bank} once confirmed ({rule})",
            queue=row.queue,
            outcomes=", ".join(row.outcomes),
            bank=row.bank,
            rule=row.rule,
        )
    )
    return 0


def run_feeds(args: argparse.Namespace) -> int:
    admin = _feeds(args)
    try:
        rows = admin.listing()
    finally:
        admin.workspace.close()
    if args.json:
        data = [
            {"queue": r.queue, "bank": r.bank, "outcomes": list(r.outcomes), "confirm": r.rule}
            for r in rows
        ]
        print(json.dumps(data, indent=2))
        return 0
    if not rows:
        print(_("no queue sends its outcomes to a bank: see `moderator bank feed --help`"))
        return 0
    print_table(
        ("QUEUE", "BANK", "OUTCOMES", "CONFIRM", "SET BY"),
        [(r.queue, r.bank, ",".join(r.outcomes), r.rule, r.set_by) for r in rows],
    )
    return 0


def run_rematch(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args)
    admin = BankAdmin(workspace, _context.acting(args, workspace))
    try:
        done = admin.rematch()
    finally:
        workspace.close()
    print(
        _(
            "{reports} open reports re-matched: {changed} changed ({known} decided as known, "
            "{routed} routed, {flagged} flagged)",
            reports=n(done.reports),
            changed=n(done.changed),
            known=n(done.known),
            routed=n(done.routed),
            flagged=n(done.flagged),
        )
    )
    return 0
