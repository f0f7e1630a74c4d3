"""The TOML config: profiles and this workstation's id.

A profile is either a database and a media root (single seat, or a team's PostgreSQL), or a
team server: its URL, the workstation id the server gave at enrollment, and optionally the CA
file to verify it with; a team profile holds no database URL at all. Passwords and tokens are
never written here; see `moderator.services.secrets` and `moderator.remote.identity`.
"""

from __future__ import annotations

import getpass
import os
import re
import tomllib
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import tomli_w

from moderator.domain.ids import new_uid
from moderator.services import config_file
from moderator.services.paths import Paths
from moderator.store.db import database_url as database_url
from moderator.store.db import sqlite_file as sqlite_file
from moderator.store.errors import ConfigError, NotFound
from moderator.store.private import private_dir, write_private_text

DEFAULT_PROFILE = "local"
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    database: str
    media_root: str
    reviewer: str = ""
    central: str = ""  # the central store's URL; empty: this profile's own database
    # A team's rule: `audit verify` fails on events no signed checkpoint covers.
    require_signed: bool = False
    # A team profile (`profile add NAME --server URL --enroll CODE`): no database, no media root.
    server: str = ""  # https://... of the team server
    workstation: str = ""  # this desk's id, as the server issued it at enrollment
    server_ca: str = ""  # PEM file of the CA the server's certificate is checked against
    # A workspace in the program's own folder (local, demo): made on first use. Not saved.
    managed: bool = field(default=False, compare=False)

    @property
    def is_team(self) -> bool:
        return bool(self.server)

    @property
    def is_remote(self) -> bool:
        """A PostgreSQL database (a password may be in the keyring); False for a team server."""
        return not self.is_team and not self.database.startswith("sqlite")

    def reviewer_name(self) -> str:
        return self.reviewer or default_username()

    def to_toml(self) -> dict[str, Any]:
        if self.is_team:
            team = {"server": self.server, "workstation": self.workstation}
            return team | {k: v for k, v in (("reviewer", self.reviewer),
                                             ("server_ca", self.server_ca)) if v}  # fmt: skip
        data: dict[str, Any] = {"database": self.database, "media_root": self.media_root}
        if self.reviewer:
            data["reviewer"] = self.reviewer
        if self.central:
            data["central"] = self.central
        if self.require_signed:
            data["require_signed"] = True
        return data


@dataclass(slots=True)
class Config:
    workstation_id: str
    default_profile: str = DEFAULT_PROFILE
    profiles: dict[str, Profile] = field(default_factory=dict)
    language: str = ""  # the window's language; empty: the system locale's

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
    return Profile(
        name,
        f"sqlite:///{paths.workspace_file(name)}",
        str(paths.media_dir(name)),
        managed=True,
    )


def check_url(text: str, what: str) -> None:
    """Refuse a typed database URL (`--central`) that is no URL of a supported scheme."""
    database_url(text, what)


def missing_workspace(profile: Profile) -> Path | None:
    """The SQLite file a profile names when it does not exist yet (`db upgrade` makes it)."""
    file = sqlite_file(profile.database)
    return file if file is not None and not file.exists() else None


def validate_profile(profile: Profile) -> Profile:
    if not NAME_RE.match(profile.name):
        raise ConfigError(f"profile name {profile.name!r}: use letters, digits, '.', '_', '-'")
    if profile.is_team:
        return _validate_team(profile)
    url = database_url(profile.database, "database")
    if url.password:
        raise ConfigError(
            "do not put a password in the database URL; it is kept in the "
            "system keyring instead (use --password-stdin)"
        )
    if profile.central and database_url(profile.central, "central store").password:
        raise ConfigError("do not put a password in the central store URL")
    if not profile.media_root:
        raise ConfigError("media root: required")
    return profile


TEAM_KEYS = frozenset({"server", "workstation", "reviewer", "server_ca"})


def _validate_team(profile: Profile) -> Profile:
    if not profile.server.startswith("https://") or len(profile.server) <= len("https://"):
        raise ConfigError(f"team server {profile.server!r}: give its https:// address")
    if profile.database or profile.media_root or profile.central:
        raise ConfigError(
            "a team profile talks to its server only: no database, media root or central store"
        )
    if not profile.workstation:
        raise ConfigError("a team profile needs the workstation id its enrollment gave")
    return profile


def load(paths: Paths) -> Config:
    """Read the config, creating it (with a new workstation id) on first use.

    An existing file is only read, never rewritten here: a wrong one is an error naming the
    line, because silently replacing, say, a lost workstation id would start a new audit chain.
    """
    paths.tighten()  # what an older version made world-readable
    path = paths.config_file
    if not path.exists():
        config = Config(workstation_id=new_uid())
        save(paths, config)
        return config
    try:
        text = path.read_bytes().decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 text (byte {exc.start + 1}); is it a TOML file?"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    keys, required = _profile_keys()
    # A team profile has a server instead of a database and a media root.
    checked = config_file.check(
        data, text, path, keys, lambda values: () if "server" in values else required
    )
    config = Config(checked.workstation_id, checked.default_profile or DEFAULT_PROFILE)
    config.language = _language(data.get("language", ""), path, text)
    for name, values in checked.profiles.items():
        try:
            config.profiles[name] = _profile(name, values, paths)
        except ConfigError as exc:
            raise config_file.profile_error(path, text, name, exc) from None
    return config


LANGUAGES = ("en", "ko")  # the languages the window is complete in


def _language(value: str, path: Path, text: str) -> str:
    if value and value not in LANGUAGES:
        line = config_file.line_of(text, (), "language")
        where = f"{path}:{line}" if line else str(path)
        raise ConfigError(f"{where}: language: {value!r} is not one of {', '.join(LANGUAGES)}")
    return value


def _profile_keys() -> tuple[dict[str, type], tuple[str, ...]]:
    """The keys a [profiles.NAME] table may hold, their types, and which are required."""
    types = {"str": str, "bool": bool, "int": int}
    own = [f for f in fields(Profile) if f.name not in ("name", "managed")]
    required = tuple(f.name for f in own if f.default is MISSING and f.default_factory is MISSING)
    return {f.name: types[str(f.type)] for f in own}, required


def _profile(name: str, values: dict[str, Any], paths: Paths) -> Profile:
    if "server" in values:
        extra = sorted(set(values) - TEAM_KEYS)
        if extra:
            raise ConfigError(
                f"a team profile takes no {', '.join(extra)} (its server holds the database)"
            )
        return validate_profile(Profile(name=name, database="", media_root="", **values))
    profile = validate_profile(Profile(name=name, **values))
    file = sqlite_file(profile.database)
    managed = file is not None and file.resolve().is_relative_to(paths.workspaces_dir.resolve())
    return replace(profile, managed=managed)


def save(paths: Paths, config: Config) -> None:
    data: dict[str, Any] = {
        "default_profile": config.default_profile,
        **({"language": config.language} if config.language else {}),
        "workstation": {"id": config.workstation_id},
        "profiles": {name: p.to_toml() for name, p in sorted(config.profiles.items())},
    }
    path = paths.config_file
    private_dir(path.parent)
    tmp = path.with_suffix(".toml.tmp")
    write_private_text(tmp, tomli_w.dumps(data))
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
