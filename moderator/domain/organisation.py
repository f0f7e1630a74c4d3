"""The organisation's own settings: its name, time zone, support contact, retention periods.

They are stored in the workspace's database (one row per key, JSON values), shown and changed
by supervisors, every change audited. `SETTINGS` is the one list of what exists, with how each
value is read from text (the CLI, the Admin window) and checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moderator.domain.errors import ConfigError

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$")  # a person's or a queue's name
MAX_RETENTION_DAYS = 36_500


@dataclass(frozen=True, slots=True)
class OrgSettings:
    name: str = ""
    # An IANA zone name; reports, day boundaries (exposure caps, breaks) and dates without a
    # time (training records) are read in it. "": not set, this computer's zone is used.
    timezone: str = ""
    support: str = ""  # who reviewers contact for help (shown with refusals and notices)
    # Retention periods, in days after a report's final decision; None: kept until purged.
    content_retention_days: int | None = None  # reporter text, URLs, media references
    media_retention_days: int | None = None  # the media files themselves
    default_wellbeing: str = "standard"  # the wellbeing profile a new queue gets
    # The KCC transparency report: the person responsible for preventing the distribution
    # of illegally filmed material (Network Act art. 44-9), how to reach them, and the
    # organisation's own account of its general efforts (the report's first item).
    distribution_officer: str = ""
    distribution_officer_contact: str = ""
    transparency_efforts: str = ""
    # Who files CyberTipline reports (NCMEC requires the reporting person's e-mail).
    ncmec_reporter: str = ""
    ncmec_email: str = ""
    # Where `moderator report dsa --submit` sends statements (the token is in the keyring).
    dsa_endpoint: str = ""

    def zone(self) -> ZoneInfo | None:
        return zone(self.timezone) if self.timezone else None

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def changed(self, changes: Mapping[str, Any]) -> OrgSettings:
        """A copy with `changes` applied, each checked (ConfigError names the bad one)."""
        checked = {key: check(key, value) for key, value in changes.items()}
        return replace(self, **checked)


def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name` (ConfigError if there is none by that name)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"unknown time zone {name!r} (use an IANA name such as Asia/Seoul or Europe/London)"
        ) from None


def _text(limit: int) -> Callable[[str, Any], Any]:
    def read(key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise ConfigError(f"{key}: expected text")
        text = value.strip()
        if len(text) > limit:
            raise ConfigError(f"{key}: at most {limit} characters")
        return text

    return read


def _required(read: Callable[[str, Any], Any]) -> Callable[[str, Any], Any]:
    def checked(key: str, value: Any) -> Any:
        value = read(key, value)
        if not value:
            raise ConfigError(f"{key}: must not be empty")
        return value

    return checked


def _timezone(key: str, value: Any) -> str:
    name = str(_text(64)(key, value))
    if name:
        zone(name)
    return name


def _days(key: str, value: Any) -> int | None:
    if value is None or value == "" or value == "none":
        return None
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{key}: expected a number of days (or 'none')") from None
    if isinstance(value, bool) or not 1 <= days <= MAX_RETENTION_DAYS:
        raise ConfigError(f"{key}: between 1 and {MAX_RETENTION_DAYS} days (or 'none')")
    return days


SETTINGS: dict[str, Callable[[str, Any], Any]] = {
    "name": _required(_text(200)),
    "timezone": _timezone,
    "support": _text(500),
    "content_retention_days": _days,
    "media_retention_days": _days,
    "default_wellbeing": _required(_text(100)),
    "distribution_officer": _text(200),
    "distribution_officer_contact": _text(300),
    "transparency_efforts": _text(5000),
    "ncmec_reporter": _text(200),
    "ncmec_email": _text(300),
    "dsa_endpoint": _text(500),
}
assert set(SETTINGS) == {f.name for f in fields(OrgSettings)}


def check(key: str, value: Any) -> Any:
    """`value` checked (and converted from text) for the setting `key`."""
    reader = SETTINGS.get(key)
    if reader is None:
        raise ConfigError(f"no setting named {key!r} (known: {', '.join(SETTINGS)})")
    return reader(key, value)


def from_stored(values: Mapping[str, Any]) -> OrgSettings:
    """Settings as stored; unknown keys (from a newer program) are left out."""
    known = {k: v for k, v in values.items() if k in SETTINGS}
    return replace(OrgSettings(), **known)


def check_name(value: str, what: str) -> str:
    """A person's or a queue's name: letters, digits and `_ . @ -`, starting with a letter or
    digit, at most 100 (it is typed on the command line and shown in the audit log)."""
    value = value.strip()
    if not NAME_RE.match(value):
        raise ConfigError(
            f"{what} {value!r}: use letters, digits, '.', '_', '@' or '-' "
            "(starting with a letter or digit, at most 100)"
        )
    return value
