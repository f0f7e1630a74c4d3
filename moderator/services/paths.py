"""Where the program keeps its config, workspaces and logs: all of it private to the user."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from moderator.store.private import tighten

APP = "moderator"
HOME_ENV = "MODERATOR_HOME"


@dataclass(frozen=True, slots=True)
class Paths:
    config_dir: Path
    data_dir: Path
    log_dir: Path
    home: Path | None = None  # a folder the user named (--home): left as it is, its contents not

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> Paths:
        """`home` (from --home), else $MODERATOR_HOME, else the platform's user directories."""
        chosen = home or os.environ.get(HOME_ENV)
        if chosen:
            root = Path(chosen).expanduser().resolve()
            return cls(root, root, root / "logs", home=root)
        return cls(
            Path(platformdirs.user_config_dir(APP, appauthor=False)),
            Path(platformdirs.user_data_dir(APP, appauthor=False)),
            Path(platformdirs.user_log_dir(APP, appauthor=False)),
        )

    def tighten(self) -> None:
        """Take group and other access off the program's own folders and files that exist
        (an older version made them 0755 / 0644); a folder the user named stays as it is."""
        own = [self.workspaces_dir, self.log_dir, self.data_dir / "media", self.config_file]
        if self.home is None:  # the platform's per-user folders of this program
            own += [self.config_dir, self.data_dir]
            if self.log_dir.parent.name == APP:  # Linux: ~/.local/state/moderator/log
                own.append(self.log_dir.parent)
        for path in own:
            tighten(path)
        if self.workspaces_dir.is_dir():
            for entry in self.workspaces_dir.iterdir():
                tighten(entry)
        if self.log_dir.is_dir():
            for entry in self.log_dir.iterdir():
                tighten(entry)

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
