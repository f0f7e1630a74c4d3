"""Re-extract the CLI's and the reports' texts and compile their catalogs (Babel):
`python -m moderator.cli.i18n_build`.

1. Every text marked with `_()` or `N_()` under `moderator/cli/` and `moderator/services/` goes into
   `resources/i18n/cli/moderator.pot` (no line numbers, so moving code does not touch it).
2. Each language's `resources/i18n/cli/<lang>/LC_MESSAGES/moderator.po` is updated from it:
   new texts come in empty, texts no longer in the code are dropped. A translator fills the
   empty `msgstr` (any PO editor, or a text editor).
3. The `.po` is compiled to the `.mo` the program loads (`moderator.services.i18n`). The `.mo`
   is committed, so a checkout or a wheel needs no tool; a test fails when it is stale.

`--check` changes nothing and says whether the `.pot`, `.po` and `.mo` are current.
"""

from __future__ import annotations

import argparse
import gettext
import io
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "resources" / "i18n" / "cli"
SOURCES = ("moderator/cli", "moderator/services")
TRANSLATED = ("ko",)  # English is the source language: no catalog
KEYWORDS = {"_": None, "N_": None}
FIXED = datetime(2026, 12, 1, tzinfo=UTC)
_HEADER = {"project": "moderator", "version": "", "copyright_holder": "the moderator authors"}


def pot_file() -> Path:
    return FOLDER / "moderator.pot"


def po_file(lang: str) -> Path:
    return FOLDER / lang / "LC_MESSAGES" / "moderator.po"


def mo_file(lang: str) -> Path:
    return FOLDER / lang / "LC_MESSAGES" / "moderator.mo"


def extract() -> Catalog:
    """The template: every marked text of the code, in the order first met."""
    catalog = Catalog(**_HEADER, fuzzy=False)
    for folder in SOURCES:
        found = extract_from_dir(
            ROOT / folder, [("**.py", "python")], keywords=KEYWORDS, comment_tags=("i18n:",)
        )
        for _file, _line, message, comments, _context in found:
            catalog.add(message, auto_comments=comments)
    return catalog


def _bytes(catalog: Catalog, writer: object = write_po) -> bytes:
    buf = io.BytesIO()
    if writer is write_mo:
        write_mo(buf, catalog)
    else:
        write_po(buf, catalog, width=100, omit_header=False, no_location=True,
                 ignore_obsolete=True, sort_output=False)  # fmt: skip
    return buf.getvalue()


def _stable(catalog: Catalog) -> Catalog:
    # Fixed dates: the files change only when the texts do.
    catalog.creation_date = catalog.revision_date = FIXED
    return catalog


def read(lang: str) -> Catalog:
    with po_file(lang).open("rb") as stream:
        return read_po(stream, locale=lang)


def updated(lang: str, template: Catalog) -> Catalog:
    """The `.po` of `lang` brought up to date with the template (nothing guessed: no fuzzy)."""
    catalog = read(lang) if po_file(lang).exists() else Catalog(locale=lang, **_HEADER)  # type: ignore[arg-type]
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.fuzzy = False  # the header: the catalog is in use
    return _stable(catalog)


def compiled(lang: str) -> bytes:
    return _bytes(read(lang), write_mo)


def translations(catalog: Catalog) -> dict[str, str]:
    """msgid -> msgstr of what a catalog translates (the header and empty entries left out)."""
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


def _ids(catalog: Catalog) -> list[str]:
    return [str(m.id) for m in catalog if m.id]


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def stale() -> list[str]:
    """The committed files that say other texts than the code and the `.po` make of them.

    Compared by content, not bytes: the headers carry Babel's version, which is not a text.
    """
    template = extract()
    out = []
    with pot_file().open("rb") as stream:
        if _ids(read_po(stream)) != _ids(template):
            out.append(_shown(pot_file()))
    for lang in TRANSLATED:
        po, mo = po_file(lang), mo_file(lang)
        if not po.exists() or _ids(read(lang)) != _ids(template):
            out.append(_shown(po))
            continue
        if not mo.exists():
            out.append(_shown(mo))
            continue
        with mo.open("rb") as stream:
            loaded = gettext.GNUTranslations(stream)
        wanted = translations(read(lang))
        if any(loaded.gettext(msgid) != text for msgid, text in wanted.items()) or any(
            loaded.gettext(msgid) != msgid for msgid in _ids(template) if msgid not in wanted
        ):
            out.append(_shown(mo))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m moderator.cli.i18n_build")
    parser.add_argument("--check", action="store_true", help="only check the catalogs are current")
    args = parser.parse_args(argv)
    if args.check:
        bad = stale()
        for name in bad:
            print(f"{name} is not current: run python -m moderator.cli.i18n_build")
        return 1 if bad else 0
    template = _stable(extract())
    FOLDER.mkdir(parents=True, exist_ok=True)
    pot_file().write_bytes(_bytes(template))
    for lang in TRANSLATED:
        po_file(lang).parent.mkdir(parents=True, exist_ok=True)
        po_file(lang).write_bytes(_bytes(updated(lang, template)))
        mo_file(lang).write_bytes(compiled(lang))
        missing = sum(1 for m in read(lang) if m.id and not m.string)
        print(f"{po_file(lang).relative_to(ROOT)}: {missing} text(s) to translate")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
