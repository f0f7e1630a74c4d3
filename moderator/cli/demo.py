"""`moderator demo`: build the synthetic demo workspace once, then open the workstation."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from moderator.cli import _context, gui
from moderator.cli._errors import EXIT_USAGE, fail
from moderator.cli.queue import print_status
from moderator.services import lookups
from moderator.services.demo.build import REVIEWER, ensure_demo
from moderator.services.i18n import _
from moderator.services.paths import Paths


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("demo", help="create the demo workspace and open it")
    parser.add_argument("--reset", action="store_true", help="delete and recreate the demo")
    parser.add_argument("--no-gui", action="store_true", help="only build it and print a summary")
    parser.add_argument(
        "--default",
        action="store_true",
        help="make the demo the default profile (otherwise commands without --profile keep "
        "using your own workspace)",
    )
    parser.add_argument(
        "--as",
        dest="demo_person",
        metavar="NAME",
        default=REVIEWER,
        help="sign in as this demo person: demo.reviewer (default), demo.supervisor (with the "
        "Tools menu: audit console, team exposure, QA dashboard, adjudication, gold items, "
        "training records) or demo.trainee (gated out by expired training)",
    )
    parser.add_argument(
        "--screenshots",
        metavar="DIR",
        type=Path,
        help="render the window's main states offscreen to PNG files in DIR, then exit",
    )
    gui.add_lang(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = _context.paths(args)
    if args.screenshots is None and not args.no_gui:
        problem = gui.window_problem()  # before a minute of building, not after
        if problem is not None:
            fail(problem)
            return EXIT_USAGE
    workspace, built = ensure_demo(
        paths,
        reset=args.reset,
        progress=lambda msg: print(msg, file=sys.stderr),
        make_default=args.default,
    )
    try:
        counts = lookups.queue_counts(workspace)
    finally:
        workspace.close()
    where = paths.workspace_file("demo")
    print(_("Demo workspace created at {path}", path=where) if built
          else _("Demo workspace ready at {path}", path=where))  # fmt: skip
    print_status(counts)
    if args.screenshots is not None:
        return screenshots(args.screenshots, paths, args.lang)
    if args.no_gui:
        return 0
    args.profile = "demo"
    args.reviewer = args.demo_person
    return gui.open_workstation(args)


def screenshots(out: Path, paths: Paths, lang: str | None = None) -> int:
    """Render the main states of the window offscreen, print the files, exit."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from moderator.media import MediaPool
    from moderator.services import config as config_mod
    from moderator.services.demo.build import demo_profile
    from moderator.services.workspace import open_workspace, sign_in
    from moderator.ui.common import fonts, i18n
    from moderator.ui.screenshots import capture

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    config = config_mod.load(paths)
    fonts.install(app)
    i18n.install(i18n.choose(lang, config.language))
    workspace = open_workspace(demo_profile(paths), config)
    try:
        reviewer = sign_in(workspace, REVIEWER)
        with MediaPool(workers=2) as pool:
            written = capture(workspace, reviewer, pool, out)
    finally:
        workspace.close()
    del app
    for path in written:
        print(path)
    return 0
