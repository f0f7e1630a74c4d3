"""The window's translations: the catalog matches the code, the compiled `.qm` matches the
catalog, every Korean entry keeps its placeholders, and the language can be chosen."""

from __future__ import annotations

import ast
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import pytest

from moderator.ui import i18n_build
from moderator.ui.common import i18n
from moderator.ui.common.i18n import translate

pytestmark = pytest.mark.gui
FIELD = re.compile(r"\{(\w*)\}")


def messages(ts: Path) -> list[tuple[str, str, str, str | None]]:
    """(context, source, translation, type) of every entry."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for m in context.iter("message"):
            tr = m.find("translation")
            assert tr is not None
            out.append((name, m.findtext("source") or "", tr.text or "", tr.get("type")))
    return out


def test_the_catalog_holds_every_text_of_the_code_and_nothing_else(tmp_path: Path) -> None:
    committed = i18n_build.ts_file("ko")
    fresh = tmp_path / "moderator_ko.ts"
    shutil.copy(committed, fresh)
    i18n_build.extract("ko", fresh)  # what lupdate finds in the code today
    before = {(c, s) for c, s, _t, _k in messages(committed)}
    after = {(c, s) for c, s, _t, _k in messages(fresh)}
    assert after - before == set(), "new texts: run python -m moderator.ui.i18n_build"
    assert before - after == set(), "texts no longer in the code: run the build"


def test_every_korean_entry_is_finished_and_keeps_its_placeholders() -> None:
    entries = messages(i18n_build.ts_file("ko"))
    assert len(entries) > 150
    unfinished = [(c, s) for c, s, t, kind in entries if kind or not t.strip()]
    assert unfinished == []
    broken = [
        (s, t) for _c, s, t, _k in entries if sorted(FIELD.findall(s)) != sorted(FIELD.findall(t))
    ]
    assert broken == []
    assert all(re.search(r"[\uac00-\ud7a3]", t) for _c, s, t, _k in entries if len(s) > 12)


def test_the_compiled_catalog_is_the_one_its_source_compiles_to() -> None:
    assert i18n_build.stale() == []


def test_no_text_reaches_the_catalog_already_filled_in() -> None:
    """translate(ctx, f"...") would look a text up after filling it: never found."""
    bad = []
    for path in Path(i18n_build.UI).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "translate"
                and any(isinstance(a, ast.JoinedStr) for a in node.args)
            ):
                bad.append(f"{path.name}:{node.lineno}")
    assert bad == []


def test_installing_korean_translates_and_english_restores(qapp: object) -> None:
    try:
        assert i18n.install("ko") == "ko"
        assert translate("review", "Submit decision") == "결정 제출"
        assert translate("wellbeing", "Time for a break") == "휴식 시간입니다"
        assert i18n.current() == "ko"
        assert i18n.locale().name() == "ko_KR"
    finally:
        i18n.install("en")
    assert translate("review", "Submit decision") == "Submit decision"


def test_locale_formatting_follows_the_language(qapp: object) -> None:
    moment = datetime(2026, 12, 2, 14, 5)
    assert i18n.number(1234567) == "1,234,567"
    assert i18n.day(date(2026, 12, 2)) == "2 Dec 2026"
    assert i18n.duration(3900) == "1 h 05 min"
    try:
        i18n.install("ko")
        assert i18n.day(date(2026, 12, 2)) == "2026. 12. 2."
        assert i18n.day_month(date(2026, 12, 2)) == "12월 2일"
        assert i18n.moment(moment) == "2026. 12. 2. 14:05"
        assert i18n.duration(3900) == "1시간 05분"
        assert i18n.duration(300) == "5분"
        assert i18n.number(2.25, 1) == "2.2" or i18n.number(2.25, 1) == "2.3"
    finally:
        i18n.install("en")


def test_the_language_is_the_flag_then_the_setting_then_the_system(
    monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    monkeypatch.setattr(i18n, "system_language", lambda: "ko")
    assert i18n.choose(None, "") == "ko"
    assert i18n.choose(None, "en") == "en"
    assert i18n.choose("ko", "en") == "ko"
    with pytest.raises(ValueError, match="the window speaks en, ko"):
        i18n.choose("fr", None)
