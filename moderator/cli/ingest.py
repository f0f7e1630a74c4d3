"""`moderator ingest PATH...`: manifests (JSONL, CSV) or folders of media into the queue."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moderator.cli import _context
from moderator.cli._errors import fail
from moderator.media.pool import MediaPool
from moderator.services.config import default_username
from moderator.services.i18n import _, n
from moderator.services.ingest import Ingest
from moderator.services.ingest_summary import IngestProgress, IngestSummary
from moderator.services.media_hashing import pool_hasher

EXIT_STOPPED = 75  # EX_TEMPFAIL: the environment failed; what was committed stays, rerun resumes
HASH_WORKERS = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="add reports from JSONL/CSV manifests or folders",
        description="Add reports from JSONL or CSV manifests, or one report per file of a "
        "folder under the media root. Every record is added, found already present, or "
        "rejected with its file, line and reason. Exit 0: all went in; 1: something was "
        f"rejected or not read; {EXIT_STOPPED}: stopped by the environment (disk, database): "
        "what went in stays, and the same command again resumes.",
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
        "--timezone",
        metavar="ZONE",
        type=_zone,
        help="where times without a UTC offset were written, e.g. Asia/Seoul "
        "(without it such times are rejected)",
    )
    parser.add_argument(
        "--no-hash",
        action="store_true",
        help="do not hash media now (faster; hashes and PDQ are then missing)",
    )
    parser.add_argument("--json", action="store_true", help="print a machine-readable summary")
    parser.add_argument(
        "--server",
        action="store_true",
        help="send to the team server's intake (a team profile and a source token)",
    )
    parser.add_argument(
        "--source-token-stdin",
        action="store_true",
        help="with --server: read the source's submit token from stdin into the keyring",
    )
    parser.add_argument(
        "--media-root",
        type=Path,
        help="with --server: where the manifest's media paths are (default: its folder)",
    )
    parser.set_defaults(func=run)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"unknown time zone {name!r} (use a name such as Asia/Seoul or UTC)"
        ) from None


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:,.1f} TB"  # pragma: no cover - the loop returns at GB


class Progress:
    """Progress of a long ingest on standard error: a bar on a terminal, else a line now and
    then. Nothing is shown for a run that ends within `after` seconds."""

    def __init__(self, stream: TextIO | None = None, *, after: float = 1.0) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.start = self.last = time.monotonic()
        self.after = after
        self.every = 0.1 if self.tty else 10.0
        self.shown = False

    def __call__(self, state: IngestProgress) -> None:
        now = time.monotonic()
        if now - self.start < self.after or now - self.last < self.every:
            return
        self.last, self.shown = now, True
        rate = state.hashed_bytes / max(1e-6, now - self.start)
        text = f"{state.records:,} records, {_size(state.hashed_bytes)} hashed ({_size(rate)}/s)"
        if not self.tty:
            print(f"ingest: {text}", file=self.stream, flush=True)
            return
        fraction = min(1.0, state.done_bytes / state.total_bytes) if state.total_bytes else 0.0
        bar = "#" * int(fraction * 24)
        print(f"\r[{bar:<24}] {fraction:4.0%}  {text}  ", end="", file=self.stream, flush=True)

    def finish(self) -> None:
        if self.shown and self.tty:
            print(file=self.stream)


def run(args: argparse.Namespace) -> int:
    if args.server:
        from moderator.cli import ingest_server

        return ingest_server.run(args)
    workspace = _context.workspace(args)
    progress = Progress()
    pool = None if args.no_hash else MediaPool(workers=HASH_WORKERS)
    try:
        actor = workspace.actor(workspace.profile.reviewer or default_username())
        ingest = Ingest(
            workspace,
            actor,
            default_queue=args.queue,
            source=args.source,
            hasher=None if pool is None else pool_hasher(pool),
            progress=progress,
            timezone=args.timezone,
            hash_workers=HASH_WORKERS,
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
        _print(summary)
    if summary.stopped:
        fail(
            _(
                "ingest stopped: {reason}. The {added} report(s) added before it are kept; run "
                "the same command again to resume",
                reason=summary.stopped,
                added=n(summary.added),
            )
        )
        return EXIT_STOPPED
    return 0 if summary.ok else 1


def _print(summary: IngestSummary) -> None:
    for problem in summary.problems:
        line = (_("rejected {problem}", problem=problem.describe()) if problem.record
                else _("not read {problem}", problem=problem.describe()))  # fmt: skip
        print(line, file=sys.stderr)
    for media in summary.unpreviewable:
        print(_("cannot be previewed {media}", media=media.describe()), file=sys.stderr)
    print(summary.line())
