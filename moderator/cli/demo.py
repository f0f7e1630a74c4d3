"""`moderator demo`: build the synthetic demo workspace once, then open the workstation."""

from __future__ import annotations

import argparse
import sys

from moderator.cli import _context, gui
from moderator.cli.queue import print_status
from moderator.services.demo import ensure_demo
from moderator.store.reports import counts_by_queue_and_state


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("demo", help="create the demo workspace and open it")
    parser.add_argument("--reset", action="store_true", help="delete and recreate the demo")
    parser.add_argument("--no-gui", action="store_true", help="only build it and print a summary")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = _context.paths(args)
    workspace, built = ensure_demo(
        paths, reset=args.reset, progress=lambda msg: print(msg, file=sys.stderr)
    )
    try:
        with workspace.transaction() as session:
            counts = counts_by_queue_and_state(session)
    finally:
        workspace.close()
    print(
        ("Demo workspace created" if built else "Demo workspace ready")
        + f" at {paths.workspace_file('demo')}"
    )
    print_status(counts)
    if args.no_gui:
        return 0
    args.profile = "demo"
    return gui.open_workstation(args)
