"""Where the program keeps its config, workspaces and logs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP = "moderator"
HOME_ENV = "MODERATOR_HOME"


@dataclass(frozen=True, slots=True)
class Paths:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> Paths:
        """`home` (from --home), else $MODERATOR_HOME, else the platform's user directories."""
        chosen = home or os.environ.get(HOME_ENV)
        if chosen:
            root = Path(chosen).expanduser().resolve()
            return cls(root, root, root / "logs")
        return cls(
            Path(platformdirs.user_config_dir(APP, appauthor=False)),
            Path(platformdirs.user_data_dir(APP, appauthor=False)),
            Path(platformdirs.user_log_dir(APP, appauthor=False)),
        )

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def workspaces_dir(self) -> Path:
        return self.data_dir / "workspaces"

    def workspace_file(self, name: str) -> Path:
        return self.workspaces_dir / f"{name}.sqlite"

    def media_dir(self, name: str) -> Path:
        return self.data_dir / "media" / name
