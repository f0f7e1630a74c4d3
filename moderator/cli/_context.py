"""What every command needs: the home folder, the config, the chosen profile, a workspace."""

from __future__ import annotations

import argparse

from moderator.services import config as config_mod
from moderator.services.config import Config, Profile
from moderator.services.paths import Paths
from moderator.services.workspace import Workspace, open_workspace


def paths(args: argparse.Namespace) -> Paths:
    return Paths.resolve(args.home)


def profile(args: argparse.Namespace) -> tuple[Paths, Config, Profile]:
    p = paths(args)
    config = config_mod.load(p)
    return p, config, config.profile(args.profile, p)


def workspace(args: argparse.Namespace, *, upgrade: bool | None = None) -> Workspace:
    _paths, config, prof = profile(args)
    return open_workspace(prof, config, upgrade=upgrade)


def add_as(parser: argparse.ArgumentParser) -> None:
    """The `--as NAME` option of the commands that act as a person."""
    parser.add_argument(
        "--as",
        dest="user",
        metavar="NAME",
        help="act as this person (default: the profile's reviewer, else your login name)",
    )


def acting(args: argparse.Namespace, workspace: Workspace) -> str:
    """Who a command acts as: --as, else the profile's person, else the login name."""
    return str(getattr(args, "user", None) or workspace.profile.reviewer_name())
