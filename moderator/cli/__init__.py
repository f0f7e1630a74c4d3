"""The `moderator` command: one module per command group, each with a `register` function."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from moderator import __version__
from moderator.services.config import LANGUAGES

# Each module exposes `register(subparsers) -> None`; its parsers set `func=run(args) -> int`.
COMMAND_MODULES = (
    "setup",
    "gui",
    "demo",
    "ingest",
    "queue",
    "people",
    "policy",
    "bank",
    "org",
    "audit",
    "profile",
    "db",
    "media",
    "sync",
    "training",
    "report",
    "qa",
    "action",
    "retention",
    "wellbeing",
    "serve",
    "source",
)


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
    parser.add_argument(
        "--lang",
        dest="cli_lang",  # apart from the window commands' own --lang, which it sets too
        choices=LANGUAGES,
        help="language of messages and reports (default: config.toml's `language`, "
        "else the system locale's, else English)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"moderator.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from moderator.cli._errors import closed_pipe, run_guarded

    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(args)
    _install_language(args)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    code = run_guarded(args)
    try:
        sys.stdout.flush()  # what is still buffered meets a closed pipe here, not at exit
    except BrokenPipeError:
        code = closed_pipe()
    return code


def _install_language(args: argparse.Namespace) -> None:
    """The language of this run's messages: --lang, else the config's, else the locale's."""
    from moderator.services import i18n
    from moderator.services.paths import Paths

    try:
        setting = i18n.configured(Paths.resolve(args.home).config_file)
    except OSError:
        setting = None
    window = args.command in ("gui", "demo")
    if window and getattr(args, "lang", None) is None:
        args.lang = args.cli_lang  # `moderator --lang ko gui` is `moderator gui --lang ko`
    # The window's own --lang is the whole run's: its messages from the services agree.
    i18n.install(i18n.choose(args.lang if window and args.lang else args.cli_lang, setting))


_installed_handlers: list[logging.Handler] = []


def _setup_logging(args: argparse.Namespace) -> None:
    """Warnings to the terminal; a rotating log file in the logs folder for diagnosis.

    Log lines name reports by id only: no reporter text, no URLs, never media content.
    """
    from moderator.services.files import PrivateRotatingFileHandler, private_dir
    from moderator.services.paths import Paths

    root = logging.getLogger()
    for old in _installed_handlers:  # main() may run more than once in one process (tests)
        root.removeHandler(old)
        old.close()
    _installed_handlers.clear()
    root.setLevel(logging.DEBUG if args.debug else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if args.debug else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(console)
    _installed_handlers.append(console)
    try:
        log_dir = private_dir(Paths.resolve(args.home).log_dir)
        file_handler = PrivateRotatingFileHandler(
            log_dir / "moderator.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return  # a read-only home must not stop the program; the console still gets warnings
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(file_handler)
    _installed_handlers.append(file_handler)
