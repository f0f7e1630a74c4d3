"""Checks that what the program wrote is private to the user."""

from __future__ import annotations

import stat
from pathlib import Path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def loose(root: Path) -> list[str]:
    """Every folder under `root` (itself included) that is not 0700 and every file that is
    not 0600, with its mode."""
    found = [] if mode(root) == 0o700 else [f"{root} {mode(root):o}"]
    for path in sorted(root.rglob("*")):
        want = 0o700 if path.is_dir() else 0o600
        if mode(path) != want:
            found.append(f"{path} {mode(path):o}")
    return found
