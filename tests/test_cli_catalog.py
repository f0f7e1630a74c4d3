"""The CLI's gettext catalog: every marked text translated into Korean, placeholders kept,
and the committed `.pot`, `.po` and `.mo` current with the code."""

from __future__ import annotations

import gettext
import re
import shutil
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from moderator.cli import i18n_build
from moderator.services import i18n


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@pytest.fixture(scope="module")
def korean() -> Catalog:
    return i18n_build.read("ko")


def test_every_marked_text_has_a_korean_translation(korean: Catalog) -> None:
    extracted = i18n_build._ids(i18n_build.extract())
    assert len(extracted) > 150
    entries = {str(m.id): m for m in korean if m.id}
    missing = [t for t in extracted if t not in entries or not entries[t].string]
    fuzzy = [t for t in extracted if t in entries and entries[t].fuzzy]
    assert not missing, f"not translated: {missing}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_placeholders_are_the_same_in_both_languages(korean: Catalog) -> None:
    for m in korean:
        if m.id:
            assert fields(str(m.string)) == fields(str(m.id)), m.id


def test_the_translations_are_korean(korean: Catalog) -> None:
    hangul = re.compile(r"[\uac00-\ud7a3]")
    same = {"API"}  # reads the same in Korean
    for m in korean:
        words = re.sub(r"\{\w*\}", "", str(m.id))
        if m.id and str(m.id) not in same and re.search(r"[A-Za-z]{2,}", words):
            assert hangul.search(str(m.string)), m.id


SOURCE_CALL = re.compile(r"""\b_\(\s*(["'])((?:(?!\1).)*)\1\s*[,)]""")


def test_no_marked_text_escapes_the_extractor() -> None:
    """A `_("...")` inside an f-string is invisible to the extractor (and stays English): every
    one-piece literal in the sources must be in the catalog."""
    known = set(i18n_build._ids(i18n_build.extract()))
    for folder in i18n_build.SOURCES:
        for path in sorted((i18n_build.ROOT / folder).rglob("*.py")):
            for match in SOURCE_CALL.finditer(path.read_text(encoding="utf-8")):
                text = match.group(2).encode().decode("unicode_escape").encode("latin-1").decode()
                assert text in known, f"{path.name}: {text!r} is not extracted"


def test_the_committed_catalogs_are_current() -> None:
    assert i18n_build.stale() == [], "run python -m moderator.cli.i18n_build"


def test_a_stale_mo_is_noticed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "cli"
    shutil.copytree(i18n_build.FOLDER, copy)
    monkeypatch.setattr(i18n_build, "FOLDER", copy)
    po = i18n_build.po_file("ko")
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "다음 단계:"', 'msgstr "그다음:"'), encoding="utf-8")
    assert i18n_build.stale() == [str(i18n_build.mo_file("ko"))]


def test_the_compiled_catalog_is_what_the_program_loads() -> None:
    with i18n_build.mo_file("ko").open("rb") as stream:
        catalog = gettext.GNUTranslations(stream)
    assert catalog.gettext("wrote {path}") == "저장함 {path}"
    assert i18n.speech("ko")._("wrote {path}", path="/tmp/x") == "저장함 /tmp/x"
    assert i18n.speech("en")._("wrote {path}", path="/tmp/x") == "wrote /tmp/x"


def test_numbers_and_dates_follow_the_language() -> None:
    from datetime import UTC, date, datetime, timedelta

    ko, en = i18n.speech("ko"), i18n.speech("en")
    assert ko.number(1234567) == en.number(1234567) == "1,234,567"
    assert ko.number(2.25, 1) == "2.2"
    assert ko.number(None) == "–"
    moment = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)
    assert ko.when(moment, "Asia/Seoul") == "2026. 12. 2. 00:30"  # Seoul's day, not UTC's
    assert en.when(moment, "Asia/Seoul") == "2026-12-02 00:30"
    assert ko.day(date(2026, 5, 1)) == "2026. 5. 1."
    assert ko.duration(timedelta(hours=3)) == "3시간"
    assert en.duration(timedelta(hours=3)) == "3 hours"
