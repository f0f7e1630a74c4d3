"""The window's language: Qt's own translations (`.ts` sources, compiled `.qm` catalogs).

Every text the window shows goes through `translate(context, text)` (Qt's
`QCoreApplication.translate`, under a name `pyside6-lupdate` recognises), with a small set
of contexts ("review", "wellbeing", "common", "supervisor", "app"), so one English sentence
is translated once per area. Placeholders are `{name}` fields filled with `str.format` after
translation: a sentence is never glued together from translated pieces.

The catalogs live in `resources/i18n/` (`moderator_ko.ts`, compiled to `moderator_ko.qm`);
English is the source language and needs none. `python -m moderator.ui.common.i18n_build`
re-extracts the sources and compiles the catalogs.
"""

from __future__ import annotations

from datetime import date, datetime
from importlib.resources import as_file

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

from moderator.domain import shipped
from moderator.services.config import LANGUAGES

translate = QCoreApplication.translate


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate reads
    """Marks `text` for the catalog where it is defined; `translate` shows it later."""
    return text


CATALOG = "moderator"
_LOCALES = {"en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
            "ko": QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)}  # fmt: skip

_installed: list[QTranslator] = []  # kept alive: Qt holds only a pointer
_current = "en"


def system_language() -> str:
    """The language of this computer's locale, if the window has it; English otherwise."""
    for name in QLocale.system().uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"


def choose(explicit: str | None, setting: str | None) -> str:
    """`--lang` first, then the config's `language`, then the system locale."""
    for wanted in (explicit, setting):
        if wanted:
            if wanted not in LANGUAGES:
                raise ValueError(f"language {wanted!r}: the window speaks {', '.join(LANGUAGES)}")
            return wanted
    return system_language()


def current() -> str:
    """The language installed last ("en" before any)."""
    return _current


def locale() -> QLocale:
    """The locale dates, times and numbers are written in: the window's language's."""
    return _LOCALES[_current]


def install(lang: str) -> str:
    """Make `lang` the window's language: its catalog, Qt's own (the standard buttons), and
    the default QLocale. Replaces a language installed before. Returns `lang`."""
    global _current
    app = QCoreApplication.instance()
    assert app is not None, "make the QApplication first"
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if lang != "en":
        ours = QTranslator()
        catalog = shipped.folder("i18n").joinpath(f"{CATALOG}_{lang}.qm")
        with as_file(catalog) as path:
            if not ours.load(str(path)):
                raise RuntimeError(f"the {lang} catalog {catalog} cannot be read: reinstall")
        _installed.append(ours)
        qt = QTranslator()
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(QLocale(lang), "qtbase", "_", qt_dir):
            _installed.append(qt)
        for translator in _installed:
            app.installTranslator(translator)
    QLocale.setDefault(_LOCALES[lang])
    _current = lang
    return lang


# --- locale formatting: what the window writes numbers, dates and durations with ---------------


def number(value: float, decimals: int = 0) -> str:
    """`value` with the locale's digit grouping: "1,234" in both English and Korean."""
    if decimals == 0:
        return locale().toString(round(value))
    return locale().toString(float(value), "f", decimals)


# (day and month, full day) as QLocale patterns, per language
_FORMATS = {"en": ("d MMM", "d MMM yyyy"), "ko": ("M월 d일", "yyyy. M. d.")}


def day(value: date) -> str:
    """A calendar day: "2 Dec 2026" / "2026. 12. 2."."""
    return locale().toString(QDate(value.year, value.month, value.day), _FORMATS[_current][1])


def day_month(value: date) -> str:
    """A day on a chart's axis: "2 Dec" / "12월 2일"."""
    return locale().toString(QDate(value.year, value.month, value.day), _FORMATS[_current][0])


def clock(value: datetime, seconds: bool = False) -> str:
    """A time of day on the 24-hour clock: "14:05"."""
    return value.strftime("%H:%M:%S" if seconds else "%H:%M")


def moment(value: datetime, seconds: bool = False) -> str:
    """A date and time: "2026-12-02 14:05" / "2026. 12. 2. 14:05"."""
    return f"{day(value)} {clock(value, seconds)}"


def duration(seconds: float) -> str:
    """A span of time, to the minute: "1 h 05 min" / "1시간 5분"."""
    minutes = int(abs(seconds) // 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return translate("common", "{hours} h {minutes} min").format(
            hours=number(hours), minutes=f"{minutes:02d}"
        )
    return translate("common", "{minutes} min").format(minutes=number(minutes))


# The wellbeing severity names (domain.wellbeing_profile.SEVERITIES) in the reviewer's words.
SEVERITY_NAMES = {
    "minimal": QT_TRANSLATE_NOOP("common", "minimal"),
    "low": QT_TRANSLATE_NOOP("common", "low"),
    "moderate": QT_TRANSLATE_NOOP("common", "moderate"),
    "high": QT_TRANSLATE_NOOP("common", "high"),
    "severe": QT_TRANSLATE_NOOP("common", "severe"),
}


def severity(name: str) -> str:
    """A severity's name in the window's language (an unknown one as it is)."""
    return translate("common", SEVERITY_NAMES[name]) if name in SEVERITY_NAMES else name
