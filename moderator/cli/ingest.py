"""`moderator ingest PATH...`: manifests (JSONL, CSV) or folders of media into the queue."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from moderator.cli import _context
from moderator.media.pool import MediaPool
from moderator.services.config import default_username
from moderator.services.ingest import Ingest
from moderator.services.media_hashing import pool_hasher


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="add reports from JSONL/CSV manifests or folders",
        description="Add reports to the queue from manifests or folders of media.",
        epilog="A manifest is JSONL (one object per line) or CSV with the same columns: "
        "external_ref and queue are required; source, received_at, sla_due, priority (1-5), "
        "reported_category, channel, platform, reporter_text, url and media (paths under the "
        "media root or https:// URLs; in CSV separated by '|') are optional. A folder is one "
        "report per media file (give --queue). The full schema, with an example, is in the "
        "README under 'Ingest: the manifest schema'.",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", type=Path, help="manifests (.jsonl, .csv) or folders"
    )
    parser.add_argument("--queue", help="queue for records (and folders) that name none")
    parser.add_argument("--source", help="source name (default: file:NAME or folder:PATH)")
    parser.add_argument(
        "--no-hash",
        action="store_true",
        help="do not hash media now (faster; hashes and PDQ are then missing)",
    )
    parser.add_argument("--json", action="store_true", help="print a machine-readable summary")
    parser.set_defaults(func=run)


class Progress:
    """A one-line progress counter on a terminal; silent when output is redirected."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.start = time.monotonic()

    def __call__(self, done: int) -> None:
        if self.enabled:
            rate = done / max(1e-6, time.monotonic() - self.start)
            print(f"\r  {done:>10,} records  {rate:>8,.0f}/s", end="", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.enabled:
            print(file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    workspace = _context.workspace(args)
    progress = Progress()
    pool = None if args.no_hash else MediaPool(workers=2)
    try:
        actor = workspace.actor(workspace.profile.reviewer or default_username())
        ingest = Ingest(
            workspace,
            actor,
            default_queue=args.queue,
            source=args.source,
            hasher=None if pool is None else pool_hasher(pool),
            progress=progress,
        )
        summary = ingest.run(args.paths)
    finally:
        progress.finish()
        if pool is not None:
            pool.close()
        workspace.close()
    if args.json:
        print(json.dumps(summary.as_dict(), indent=2))
    else:
        for problem in summary.problems:
            print(f"rejected {problem.describe()}", file=sys.stderr)
        print(
            f"{summary.added} report(s) added, {summary.duplicates} already present, "
            f"{summary.rejected} rejected, {summary.media} media item(s)"
        )
    return 0 if summary.ok else 1
