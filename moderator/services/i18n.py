"""The language of the CLI's messages and of the reports: gettext catalogs, Babel formatting.

Messages are marked `_("wrote {path}", path=path)`: the English text is the msgid, the
`{name}` fields are filled after translation with `str.format`, so a sentence is never glued
together from translated pieces. `python -m moderator.cli.i18n_build` extracts the marked
texts (Babel) into `resources/i18n/cli/moderator.pot`, merges them into each language's
`resources/i18n/cli/<lang>/LC_MESSAGES/moderator.po` and compiles the `.mo` that the standard
library's `gettext` loads here; the `.mo` is committed, so a checkout or a wheel needs no tool.

The language is one process-wide choice (`install`), English until the CLI installs one; a
report written in a language of its own (the KCC report is Korean whatever the CLI speaks)
takes a `Speech` from `speech(lang)` instead of the installed one. Numbers, times and
durations a person reads are written with Babel in that language; what machines read (JSON,
CSV columns, ids, codes) is never translated.
"""

from __future__ import annotations

import gettext
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal

from moderator.domain import shipped
from moderator.services.config import LANGUAGES

DOMAIN = "moderator"
# How times and days read, per language (Babel/CLDR patterns). English keeps the ISO form the
# CLI has always printed; Korean writes dates the way Korean documents do.
_TIME = {"en": "yyyy-MM-dd HH:mm", "ko": "yyyy. M. d. HH:mm"}
_DAY = {"en": "yyyy-MM-dd", "ko": "yyyy. M. d."}


def _catalog(lang: str) -> gettext.NullTranslations:
    if lang == "en":  # the source language: the msgids are the English texts
        return gettext.NullTranslations()
    mo = shipped.folder("i18n").joinpath("cli").joinpath(lang).joinpath("LC_MESSAGES")
    mo = mo.joinpath(f"{DOMAIN}.mo")
    with mo.open("rb") as stream:
        return gettext.GNUTranslations(stream)


@dataclass(frozen=True)
class Speech:
    """Texts, numbers, times and durations in one language."""

    lang: str
    catalog: gettext.NullTranslations

    def _(self, message: str, /, **fields: object) -> str:
        """`message` in this language, its `{fields}` filled in."""
        text = self.catalog.gettext(message)
        return text.format(**fields) if fields else text

    def number(self, value: float | None, digits: int = 0) -> str:
        """1234 -> "1,234"; 2.5 with digits=1 -> "2.5"; None -> "–"."""
        if value is None:
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.lang)

    def when(self, value: datetime | None, tz: str | tzinfo | None) -> str:
        """A moment in the zone `tz` (a name, a zone, or None for this computer's): "2026-12-02
        22:00" / "2026. 12. 2. 22:00"; None: ""."""
        if value is None:
            return ""
        local = value.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)
        return format_datetime(local, _TIME[self.lang], tzinfo=local.tzinfo, locale=self.lang)

    def day(self, value: date) -> str:
        """A calendar day: "2026-12-02" / "2026. 12. 2."."""
        return format_date(value, _DAY[self.lang], locale=self.lang)

    def duration(self, value: timedelta, threshold: float = 1.5) -> str:
        """A length of time in its largest unit that reaches `threshold`, rounded the way
        people say it: "3 hours" / "3시간"; 80 minutes are "80 minutes", or "1 hour" with
        threshold=1."""
        return format_timedelta(value, threshold=threshold, locale=self.lang)


@cache
def speech(lang: str) -> Speech:
    """The `Speech` of `lang` (one of LANGUAGES)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: the program speaks {', '.join(LANGUAGES)}")
    return Speech(lang, _catalog(lang))


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the locale in the environment (LC_ALL, then LC_MESSAGES, then LANG, as
    POSIX reads them), if the program speaks it; English otherwise."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:  # the first one set decides, even when it is "C"
            code = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def choose(
    explicit: str | None, setting: str | None, environ: Mapping[str, str] | None = None
) -> str:
    """`--lang` first, then the config's `language`, then the system locale, else English."""
    for wanted in (explicit, setting):
        if wanted:
            return speech(wanted).lang
    return system_language(environ)


def configured(config_file: Path) -> str | None:
    """The config's `language`, read without creating or judging the file: a missing or
    broken config is for the command itself to report (in English, as nothing is chosen)."""
    try:
        value = tomllib.loads(config_file.read_text(encoding="utf-8")).get("language")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return value if value in LANGUAGES else None


_current = speech("en")


def install(lang: str) -> Speech:
    """Make `lang` the language of this process's messages; returns its `Speech`."""
    global _current
    _current = speech(lang)
    return _current


def current() -> Speech:
    """The installed language's `Speech` (English before any)."""
    return _current


def _(message: str, /, **fields: object) -> str:
    """`message` in the installed language, its `{fields}` filled in."""
    return _current._(message, **fields)


def n(value: float | None, digits: int = 0) -> str:
    """A number in the installed language (see `Speech.number`)."""
    return _current.number(value, digits)


def N_(message: str) -> str:  # noqa: N802 - the name the extractor knows
    """Marks `message` for the catalog where it is defined; `_` translates it where shown."""
    return message
