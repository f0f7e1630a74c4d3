"""Checking a parsed config.toml against what the program understands.

Every mistake is one line naming the file and, where it can be found, the line: an unknown
setting (a typo), a value of the wrong type (`media_root = 5`), a missing section or key.
Nothing is guessed or filled in, since the file is never rewritten behind the user's back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moderator.domain.ids import new_uid
from moderator.store.errors import ConfigError

TOP_LEVEL: dict[str, type] = {
    "default_profile": str,
    "language": str,  # the window's language ("en", "ko"); absent: the system's
    "workstation": dict,
    "profiles": dict,
}
WORKSTATION: dict[str, type] = {"id": str}
_TYPE_NAMES = {str: "text", bool: "true or false", int: "a whole number", dict: "a [table]"}
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_PART = re.compile(r'"([^"]*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)')


@dataclass(frozen=True, slots=True)
class Checked:
    workstation_id: str
    default_profile: str | None
    profiles: dict[str, dict[str, Any]]  # name -> keys of that profile, type-checked


def _table_path(header: str) -> tuple[str, ...]:
    return tuple(a or b or c for a, b, c in _PART.findall(header))


def line_of(text: str, table: tuple[str, ...], key: str | None = None) -> int | None:
    """The line of `key` in `[table]` (or of the table's header), if written plainly."""
    current: tuple[str, ...] = ()
    key_re = re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}")\s*=""") if key else None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header and not line.lstrip().startswith("[["):
            current = _table_path(header.group(1))
            if key_re is None and current == table:
                return number
            continue
        if key_re is not None and current == table and key_re.match(line):
            return number
    return None


class _Checker:
    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def fail(self, table: tuple[str, ...], key: str | None, message: str) -> ConfigError:
        line = line_of(self.text, table, key)
        if line is None and key is not None:  # a [table] of that name, else the enclosing one
            line = line_of(self.text, (*table, key)) or line_of(self.text, table)
        where = f"{self.path}:{line}" if line else str(self.path)
        name = ".".join([*table, key] if key else table)
        return ConfigError(f"{where}: {name}: {message}" if name else f"{where}: {message}")

    def table(
        self,
        values: Mapping[str, Any],
        table: tuple[str, ...],
        known: Mapping[str, type],
        required: tuple[str, ...] = (),
    ) -> None:
        for key, value in values.items():
            wanted = known.get(key)
            if wanted is None:
                choices = ", ".join(sorted(known))
                raise self.fail(table, key, f"unknown setting (known here: {choices})")
            if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
                got = _TYPE_NAMES.get(type(value), type(value).__name__)
                raise self.fail(table, key, f"expected {_TYPE_NAMES[wanted]}, got {got}")
        missing = [key for key in required if key not in values]
        if missing:
            raise self.fail(table, None, f"needs {' and '.join(repr(k) for k in missing)}")


def check(
    data: dict[str, Any],
    text: str,
    path: Path,
    profile_keys: Mapping[str, type],
    required: tuple[str, ...] | Callable[[Mapping[str, Any]], tuple[str, ...]],
) -> Checked:
    """Validate the whole file; raises ConfigError naming the first mistake and its line."""
    checker = _Checker(path, text)
    checker.table(data, (), TOP_LEVEL)
    profiles: dict[str, dict[str, Any]] = {}
    for name, values in data.get("profiles", {}).items():
        if not isinstance(values, dict):
            raise checker.fail(("profiles",), name, "expected a [profiles.NAME] table")
        need = required(values) if callable(required) else required
        checker.table(values, ("profiles", name), profile_keys, need)
        profiles[name] = values
    workstation = data.get("workstation")
    if workstation is None:
        raise ConfigError(
            f"{path}: the [workstation] section is missing. Its id names this workstation's "
            "audit chain, so a new one is not made up silently: restore it from a backup, or "
            f'start a new chain by adding [workstation] with id = "{new_uid()}"'
        )
    checker.table(workstation, ("workstation",), WORKSTATION, ("id",))
    if not workstation["id"].strip():
        raise checker.fail(("workstation",), "id", "is empty")
    return Checked(workstation["id"], data.get("default_profile"), profiles)


def profile_error(path: Path, text: str, name: str, exc: ConfigError) -> ConfigError:
    """A profile the program refuses (a bad URL, a password in it), at its table's line."""
    line = line_of(text, ("profiles", name))
    where = f"{path}:{line}" if line else str(path)
    return ConfigError(f"{where}: profile {name!r}: {exc}")
