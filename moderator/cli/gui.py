"""`moderator gui`: the review workstation."""

from __future__ import annotations

import argparse
import importlib.util
import re

from moderator.cli import _context
from moderator.cli._errors import EXIT_USAGE, fail
from moderator.services.config import LANGUAGES

NEEDS_QT = (
    "the review window needs Qt (PySide6 is not installed): install it with "
    "`pip install 'moderator[gui]'`, or from a checkout `pip install -e '.[gui]'`"
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("gui", help="open the review workstation")
    parser.add_argument(
        "--reviewer",
        metavar="NAME",
        help="sign in as NAME (default: the profile's reviewer, else your login name)",
    )
    add_lang(parser)
    parser.set_defaults(func=open_workstation)


def add_lang(parser: argparse.ArgumentParser) -> None:
    """`--lang ko|en`: the window's language for this run (else config's `language`, else
    the system locale's)."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="the window's language (default: config.toml's `language`, else the system's)",
    )


def window_problem() -> str | None:
    """Why the window cannot open here, in one line (checked before Qt starts), or None."""
    if importlib.util.find_spec("PySide6") is None:
        return NEEDS_QT
    from moderator.ui.preflight import display_problem

    return display_problem()


def open_workstation(args: argparse.Namespace) -> int:
    """Open the review window on the chosen profile (a picker when there are several)."""
    problem = window_problem()
    if problem is None:
        try:
            from moderator.ui.app import run
        except ImportError as exc:  # Qt is there but a system library it loads is not
            library = re.search(r"(lib[\w.+-]+\.so[\w.]*)", str(exc))
            problem = (
                f"the window cannot start: Qt needs the system library {library.group(1)}"
                if library
                else f"the window cannot start: {exc}"
            )
        else:
            return run(
                _context.paths(args),
                args.profile,
                getattr(args, "reviewer", None),
                lang=getattr(args, "lang", None),
            )
    fail(problem)
    return EXIT_USAGE
