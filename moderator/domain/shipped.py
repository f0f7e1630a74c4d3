"""Where the data shipped with the program lives: the top-level `resources/` folder.

A built wheel carries it inside the package as `moderator/_resources` (pyproject's
force-include); a source tree or an editable install reads the repository's `resources/`
beside the package. Either way callers get a `Traversable` and never a guessed path.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGED = "_resources"


@cache
def root() -> Traversable:
    """The folder holding `policies/`, `wellbeing/` and the other shipped data."""
    packaged = resources.files("moderator").joinpath(PACKAGED)
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parents[2] / "resources"
    if source.is_dir():
        return source
    raise RuntimeError(
        "the program's resources are missing (neither moderator/_resources nor ./resources):"
        " reinstall it"
    )


def folder(name: str) -> Traversable:
    """One shipped folder, e.g. `folder("policies")`."""
    return root().joinpath(name)
