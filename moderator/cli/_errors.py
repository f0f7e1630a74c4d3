"""Errors become one clear line and an exit code; a traceback only with --debug."""

from __future__ import annotations

import argparse
import sys
import traceback

from sqlalchemy.exc import SQLAlchemyError

from moderator.domain.errors import ModeratorError
from moderator.store.errors import environment_problem

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


def fail(message: str) -> None:
    print(f"moderator: error: {message}", file=sys.stderr)


def run_guarded(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("moderator: interrupted", file=sys.stderr)
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
            else f"database error: {type(exc).__name__}; "
            "this is a bug, please report it with the output of --debug"
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
        fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)")
        return EXIT_INTERNAL
