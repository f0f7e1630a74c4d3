"""Fail closed: the preview shows the blurred render, sharp pixels only during a reveal, and a
neutral placeholder for any failure; media cannot be copied."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from moderator.domain.reports import MediaKind
from moderator.media import MediaPool
from moderator.media.types import Frame, MediaErrorKind, Rendered, RenderRequest
from moderator.services.desktop import LocalMedia
from moderator.services.review_view import MediaRef
from moderator.ui.common.images import Look, render_preview
from moderator.ui.common.preview import Mode, PreviewView
from tests.ui.conftest import checkerboard

BOX = (400, 300)


def pixels(image: QImage) -> np.ndarray:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    ptr = gray.constBits()
    rows = np.frombuffer(ptr, np.uint8).reshape(gray.height(), gray.bytesPerLine())
    return rows[:, : gray.width()].astype(int)


def detail(image: QImage) -> float:
    """Mean difference between neighbouring pixels: high for the checkerboard, ~0 blurred."""
    p = pixels(image)[40:-10, 10:-10]
    return float(np.abs(np.diff(p, axis=1)).mean())


@pytest.fixture
def checker(tmp_path: Path) -> MediaRef:
    path = tmp_path / "checker.png"
    checkerboard(*BOX).save(path)
    return MediaRef(0, "checker.png", MediaKind.IMAGE, None, None, str(path))


@pytest.fixture
def view(qtbot: QtBot) -> PreviewView:
    widget = PreviewView()
    widget.setFixedSize(*BOX)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_screen_shows_exactly_the_blurred_render(
    view: PreviewView, checker: MediaRef, media_pool: MediaPool
) -> None:
    blurred = render_preview(LocalMedia(media_pool), checker, BOX, Look())
    sharp = render_preview(LocalMedia(media_pool), checker, BOX, Look(), sharp=True)
    assert blurred.image is not None
    assert sharp.image is not None
    assert detail(sharp.image) > 100  # the source really is all fine detail
    view.show_blurred(QPixmap.fromImage(blurred.image))
    shown = view.grab().toImage()
    assert np.abs(pixels(shown) - pixels(blurred.image)).max() <= 1
    assert detail(shown) < 5
    # Sharp pixels loaded but no reveal asked for: still only the blurred render on screen.
    view.set_sharp(QPixmap.fromImage(sharp.image))
    assert np.abs(pixels(view.grab().toImage()) - pixels(blurred.image)).max() <= 1
    view.set_mode(Mode.FULL)
    assert detail(view.grab().toImage()) > 100
    view.set_mode(Mode.BLURRED)
    assert detail(view.grab().toImage()) < 5


def test_region_reveal_is_a_circle_under_the_pointer(
    qtbot: QtBot, view: PreviewView, checker: MediaRef, media_pool: MediaPool
) -> None:
    blurred = render_preview(LocalMedia(media_pool), checker, BOX, Look())
    sharp = render_preview(LocalMedia(media_pool), checker, BOX, Look(), sharp=True)
    assert blurred.image is not None
    assert sharp.image is not None
    view.show_blurred(QPixmap.fromImage(blurred.image))
    view.set_sharp(QPixmap.fromImage(sharp.image))
    view.set_mode(Mode.REGION)
    qtbot.waitExposed(view)
    qtbot.wait(20)  # let enter/leave events left over from earlier tests' windows arrive first
    # The move is sent to the view itself, not through the platform's cursor: on a shared headless
    # screen an earlier test's window or cursor position decided where a synthetic move landed.
    centre_point = QPointF(view.rect().center())
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        centre_point,
        view.mapToGlobal(centre_point),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view, move)
    assert view._pointer == centre_point
    shown = pixels(view.grab().toImage())
    centre, corner = shown[130:170, 180:220], shown[250:290, 10:50]
    assert np.abs(np.diff(centre, axis=1)).mean() > 100
    assert np.abs(np.diff(corner, axis=1)).mean() < 5


@pytest.mark.parametrize(
    ("content", "sha", "kind"),
    [
        (b"not a picture at all", None, MediaErrorKind.UNSUPPORTED),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, None, MediaErrorKind.CORRUPT),
        (None, None, MediaErrorKind.MISSING),
        ("checker", "0" * 64, MediaErrorKind.INTEGRITY_MISMATCH),
    ],
)
def test_any_failure_gives_an_error_never_pixels(
    tmp_path: Path, media_pool: MediaPool, content: object, sha: str | None, kind: MediaErrorKind
) -> None:
    path = tmp_path / "item.jpg"
    if content == "checker":
        checkerboard(*BOX).save(path, "JPEG")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    media = MediaRef(0, "item.jpg", MediaKind.IMAGE, sha, None, str(path))
    preview = render_preview(LocalMedia(media_pool), media, BOX, Look())
    assert preview.image is None
    assert preview.error is not None
    assert preview.error.kind is kind


class SharpAnyway:
    """A decoder that answers a blurred request with sharp pixels: must be refused."""

    def render(self, req: RenderRequest) -> Rendered:
        frame = Frame(2, 2, "L", b"\x00\xff\xff\x00", 2, 2)
        return Rendered(frame, MediaKind.IMAGE, "PNG", 2, 2, 1, None, sharp=True)


def test_a_sharp_answer_to_a_blurred_request_is_refused(checker: MediaRef) -> None:
    preview = render_preview(LocalMedia(SharpAnyway()), checker, BOX, Look())
    assert preview.image is None
    assert preview.error is not None


def test_placeholder_shows_no_picture(
    view: PreviewView, checker: MediaRef, media_pool: MediaPool
) -> None:
    sharp = render_preview(LocalMedia(media_pool), checker, BOX, Look(), sharp=True)
    assert sharp.image is not None
    view.show_placeholder("The media file is damaged", "the PNG is damaged")
    view.set_sharp(QPixmap.fromImage(sharp.image))
    view.set_mode(Mode.FULL)  # even a reveal cannot bring pixels to a placeholder
    assert not view.showing_sharp
    assert detail(view.grab().toImage()) < 5


def test_media_cannot_be_copied(qtbot: QtBot, view: PreviewView) -> None:
    QGuiApplication.clipboard().clear()
    view.show_blurred(QPixmap.fromImage(QImage(400, 300, QImage.Format.Format_RGB32)))
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    assert not view.acceptDrops()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    clipboard = QGuiApplication.clipboard()
    assert clipboard.image().isNull()
    assert clipboard.pixmap().isNull()
