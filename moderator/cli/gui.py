"""`moderator gui`: the review workstation."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("gui", help="open the review workstation")
    parser.set_defaults(func=open_workstation)


def open_workstation(args: argparse.Namespace) -> int:
    """Open the review window (the GUI is not built yet: say so plainly)."""
    print(
        "The review window is not part of this version yet; the queue above is ready for it. "
        "Use `moderator queue list` to see the reports in claim order.",
        file=sys.stderr,
    )
    return 0
