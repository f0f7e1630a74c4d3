"""The shipped Korean font: registered at start-up, every Hangul syllable in it, and a label
in Korean draws glyphs with it (not empty boxes) even where the system has no Korean font."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QImage, QRawFont
from PySide6.QtWidgets import QApplication, QLabel

from moderator.domain import shipped
from moderator.ui.common import fonts

pytestmark = pytest.mark.gui
SAMPLES = "검토신고차단흐림처리휴식가힣"  # the first and last syllables of the block too


def test_the_font_file_and_its_licence_ship_together() -> None:
    folder = shipped.folder("fonts")
    data = folder.joinpath(fonts.FILE).read_bytes()
    assert 1_000_000 < len(data) < 6_000_000
    licence = folder.joinpath("OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence
    assert "NAVER" in licence


def test_every_hangul_syllable_has_a_glyph(qapp: QApplication) -> None:
    family = fonts.register()
    assert family in QFontDatabase.families()
    raw = QRawFont.fromFont(QFont(family, 12))
    assert raw.isValid()
    missing = [c for c in range(0xAC00, 0xD7A4) if not raw.supportsCharacter(c)]
    assert missing == []
    assert raw.supportsCharacter(ord("A"))
    assert raw.supportsCharacter(ord("·"))


def test_the_application_font_falls_back_to_it(qapp: QApplication) -> None:
    family = fonts.install(qapp)
    assert family in qapp.font().families()
    metrics = QFontMetrics(qapp.font())
    assert all(metrics.inFontUcs4(ord(c)) for c in SAMPLES)


def _drawn(text: str) -> QImage:
    label = QLabel(text)
    label.setStyleSheet("color: black; background: white; font-size: 24pt;")
    label.setFixedSize(60, 60)
    return label.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)


def _ink(picture: QImage) -> int:
    return sum(
        1
        for y in range(picture.height())
        for x in range(picture.width())
        if picture.pixelColor(x, y).value() < 128
    )


def test_a_korean_label_draws_each_syllable_as_its_own_glyph(qapp: QApplication) -> None:
    """A missing glyph draws the same box for every character: two different syllables that
    come out as two different pictures, both inked, are real glyphs."""
    fonts.install(qapp)
    first, last = _drawn("검"), _drawn("힣")
    assert _ink(first) > 40
    assert _ink(last) > 40
    assert first != last
