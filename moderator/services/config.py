"""The TOML config: profiles (a database and a media root each) and this workstation's id.

Passwords are never written here; see `moderator.services.secrets`.
"""

from __future__ import annotations

import getpass
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from moderator.domain.ids import new_uid
from moderator.services.paths import Paths
from moderator.store.db import normalise_url
from moderator.store.errors import ConfigError, NotFound

DEFAULT_PROFILE = "local"
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    database: str
    media_root: str
    reviewer: str = ""
    central: str = ""  # the central store's URL; empty: this profile's own database

    @property
    def is_remote(self) -> bool:
        return not self.database.startswith("sqlite")

    def reviewer_name(self) -> str:
        return self.reviewer or default_username()

    def to_toml(self) -> dict[str, Any]:
        data = {"database": self.database, "media_root": self.media_root}
        if self.reviewer:
            data["reviewer"] = self.reviewer
        if self.central:
            data["central"] = self.central
        return data


@dataclass(slots=True)
class Config:
    workstation_id: str
    default_profile: str = DEFAULT_PROFILE
    profiles: dict[str, Profile] = field(default_factory=dict)

    def profile(self, name: str | None, paths: Paths) -> Profile:
        """The named profile, the default one, or the embedded local workspace."""
        wanted = name or self.default_profile
        if wanted in self.profiles:
            return self.profiles[wanted]
        if wanted == DEFAULT_PROFILE:
            return embedded_profile(paths, DEFAULT_PROFILE)
        known = ", ".join(sorted({*self.profiles, DEFAULT_PROFILE}))  # `local` always exists
        raise NotFound(f"no profile named {wanted!r} (known: {known})")


def default_username() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "reviewer"


def embedded_profile(paths: Paths, name: str) -> Profile:
    return Profile(name, f"sqlite:///{paths.workspace_file(name)}", str(paths.media_dir(name)))


def validate_profile(profile: Profile) -> Profile:
    if not NAME_RE.match(profile.name):
        raise ConfigError(f"profile name {profile.name!r}: use letters, digits, '.', '_', '-'")
    url = normalise_url(profile.database)
    if url.password:
        raise ConfigError(
            "do not put a password in the database URL; it is kept in the "
            "system keyring instead (use --password-stdin)"
        )
    if profile.central and normalise_url(profile.central).password:
        raise ConfigError("do not put a password in the central store URL")
    if not profile.media_root:
        raise ConfigError("media root: required")
    return profile


def _parse(data: dict[str, Any], source: Path) -> Config:
    workstation = data.get("workstation", {}).get("id") or new_uid()
    config = Config(
        workstation_id=str(workstation),
        default_profile=str(data.get("default_profile", DEFAULT_PROFILE)),
    )
    for name, raw in (data.get("profiles") or {}).items():
        if not isinstance(raw, dict) or "database" not in raw or "media_root" not in raw:
            raise ConfigError(f"{source}: profile {name!r} needs 'database' and 'media_root'")
        config.profiles[name] = validate_profile(
            Profile(
                name=name,
                database=str(raw["database"]),
                media_root=str(raw["media_root"]),
                reviewer=str(raw.get("reviewer", "")),
                central=str(raw.get("central", "")),
            )
        )
    return config


def load(paths: Paths) -> Config:
    """Read the config, creating it (with a new workstation id) on first use."""
    path = paths.config_file
    if not path.exists():
        config = Config(workstation_id=new_uid())
        save(paths, config)
        return config
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    config = _parse(data, path)
    if "workstation" not in data:
        save(paths, config)
    return config


def save(paths: Paths, config: Config) -> None:
    data: dict[str, Any] = {
        "default_profile": config.default_profile,
        "workstation": {"id": config.workstation_id},
        "profiles": {name: p.to_toml() for name, p in sorted(config.profiles.items())},
    }
    path = paths.config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
    os.replace(tmp, path)  # atomic: a crash never leaves half a config


def add_profile(paths: Paths, profile: Profile, *, make_default: bool = False) -> Config:
    config = load(paths)
    config.profiles[profile.name] = validate_profile(profile)
    if make_default or len(config.profiles) == 1:
        config.default_profile = profile.name
    save(paths, config)
    return config


def remove_profile(paths: Paths, name: str) -> Config:
    config = load(paths)
    if name not in config.profiles:
        raise NotFound(f"no profile named {name!r}")
    del config.profiles[name]
    if config.default_profile == name:
        config.default_profile = next(iter(sorted(config.profiles)), DEFAULT_PROFILE)
    save(paths, config)
    return config

