"""Errors become one clear line and an exit code; a traceback only with --debug."""

from __future__ import annotations

import argparse
import os
import sys
import traceback

from sqlalchemy.exc import SQLAlchemyError

from moderator.domain.errors import ModeratorError
from moderator.services.i18n import _
from moderator.store.errors import environment_problem

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_PIPE = 141  # what a shell reports for a program stopped by SIGPIPE (128 + 13)


def fail(message: str) -> None:
    print(_("moderator: error: {message}", message=message), file=sys.stderr)


def closed_pipe() -> int:
    """The reader went away (`moderator queue list | head`): stop quietly, as `cat` does.

    Standard output is pointed at /dev/null so the interpreter's last flush cannot fail again.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # stdout is not a real file (tests capture it): nothing left to flush
    return EXIT_PIPE


def run_guarded(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return closed_pipe()
    except KeyboardInterrupt:
        print(_("moderator: interrupted"), file=sys.stderr)
        return 130
    except ModeratorError as exc:
        if args.debug:
            traceback.print_exc()
        fail(str(exc))
        return EXIT_ERROR
    except SQLAlchemyError as exc:
        problem = environment_problem(exc)
        if args.debug or problem is None:
            traceback.print_exc()
        fail(
            str(problem)
            if problem
            else _(
                "database error: {kind}; this is a bug, please report it with the output of "
                "--debug",
                kind=type(exc).__name__,
            )
        )
        return EXIT_ERROR if problem else EXIT_INTERNAL
    except OSError as exc:
        if args.debug:
            traceback.print_exc()
        where = f" ({exc.filename})" if exc.filename else ""
        fail(f"{exc.strerror or exc}{where}")
        return EXIT_ERROR
    except Exception as exc:  # a bug: say so, keep the detail for --debug
        if args.debug:
            traceback.print_exc()
        fail(
            _(
                "internal error: {kind}: {detail} (rerun with --debug for details)",
                kind=type(exc).__name__,
                detail=exc,
            )
        )
        return EXIT_INTERNAL
