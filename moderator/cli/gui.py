"""`moderator gui`: the review workstation."""

from __future__ import annotations

import argparse

from moderator.cli import _context
from moderator.domain.errors import ConfigError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("gui", help="open the review workstation")
    parser.add_argument(
        "--reviewer",
        metavar="NAME",
        help="sign in as NAME (default: the profile's reviewer, else your login name)",
    )
    parser.set_defaults(func=open_workstation)


def open_workstation(args: argparse.Namespace) -> int:
    """Open the review window on the chosen profile (a picker when there are several)."""
    try:
        from moderator.ui.app import run
    except ImportError as exc:  # the core installs without Qt
        raise ConfigError(
            f"the review window needs Qt ({exc.name} is missing): "
            "install it with `pip install 'moderator[gui]'`"
        ) from None
    return run(_context.paths(args), args.profile, getattr(args, "reviewer", None))
