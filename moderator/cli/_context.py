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
