"""The `moderator` command: one module per command group, each with a `register` function."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from moderator import __version__

# Each module exposes `register(subparsers) -> None`; its parsers set `func=run(args) -> int`.
COMMAND_MODULES = ("gui", "demo", "ingest", "queue", "audit", "profile", "db")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="moderator",
        description="Review workstation for reports of abusive media.",
    )
    parser.add_argument("--version", action="version", version=f"moderator {__version__}")
    parser.add_argument(
        "--home",
        metavar="DIR",
        help="keep config, workspaces and logs in DIR (same as MODERATOR_HOME=DIR)",
    )
    parser.add_argument(
        "--profile", metavar="NAME", help="the profile to use (default: the default one)"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"moderator.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from moderator.cli._errors import run_guarded

    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    return run_guarded(args)
