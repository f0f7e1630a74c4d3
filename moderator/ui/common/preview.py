"""The preview: a blurred picture, a neutral placeholder, or (only while a reveal is active)
sharp pixels: all of them, or a circle of them under the pointer.

The widget fails closed: it draws the sharp pixmap only when `mode` says so and the pixmap is
there; any other state draws the blurred pixmap or the placeholder. It has no context menu,
no drag and no copy, so media never reaches the clipboard.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QEnterEvent,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from moderator.ui.common import style
from moderator.ui.common.i18n import translate


class Mode(Enum):
    BLURRED = "blurred"
    FULL = "full"  # hold or timed reveal
    REGION = "region"


class PreviewView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAcceptDrops(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self._blurred: QPixmap | None = None
        self._sharp: QPixmap | None = None
        self._placeholder: tuple[str, str] | None = ("", "")
        self._mode = Mode.BLURRED
        self._pointer: QPointF | None = None
        self.radius = 90
        self._recognisable = False  # the blurred picture keeps recognisable structure
        self._countdown: int | None = None  # seconds until a reveal re-blurs by itself

    # --- state ---------------------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        return self._mode

    @property
    def showing_sharp(self) -> bool:
        """True while sharp pixels are actually being drawn (for exposure timing)."""
        return self._sharp is not None and self._placeholder is None and self._mode != Mode.BLURRED

    def show_blurred(self, pixmap: QPixmap) -> None:
        self._blurred, self._sharp, self._placeholder = pixmap, None, None
        self._mode = Mode.BLURRED
        self.update()

    def show_placeholder(self, title: str, reason: str = "") -> None:
        """A neutral panel instead of any picture (loading, media error, nothing to show)."""
        self._blurred, self._sharp, self._placeholder = None, None, (title, reason)
        self._mode = Mode.BLURRED
        self.update()

    def set_sharp(self, pixmap: QPixmap | None) -> None:
        self._sharp = pixmap if self._placeholder is None else None
        self.update()

    def set_mode(self, mode: Mode) -> None:
        self._mode = mode
        self.update()

    def set_recognisable(self, recognisable: bool) -> None:
        """The blur level shown keeps recognisable structure: badge it as revealed."""
        self._recognisable = recognisable
        self.update()

    def set_countdown(self, seconds: int | None) -> None:
        """Seconds left before the reveal re-blurs by itself, shown on its badge."""
        self._countdown = seconds
        self.update()

    def tag(self) -> str:
        """The badge drawn over the picture now ("" for none)."""
        if self._placeholder is not None or self._blurred is None:
            return ""
        if self._mode == Mode.FULL and self._sharp is not None:
            tag = translate("common", "Revealed")
        elif self._mode == Mode.REGION:
            tag = translate("common", "Region reveal")
        else:
            return translate("common", "Revealed · low blur") if self._recognisable else ""
        if self._countdown is None:
            return tag
        return translate("common", "{tag} · re-blurs in {seconds} s").format(
            tag=tag, seconds=self._countdown
        )

    def box(self) -> tuple[int, int]:
        """The size previews are rendered for."""
        size = self.size()
        return max(64, size.width()), max(64, size.height())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(900, 700)

    # --- events --------------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._pointer = event.position()
        if self._mode == Mode.REGION:
            self.update()

    def enterEvent(self, event: QEnterEvent) -> None:  # noqa: N802
        self._pointer = event.position()
        self.update()

    def leaveEvent(self, event: object) -> None:  # noqa: N802
        self._pointer = None
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()  # never left to the garbage collector: Qt needs it ended now

    def _paint(self, painter: QPainter) -> None:
        painter.fillRect(self.rect(), style.PREVIEW_BG)
        if self._placeholder is not None or self._blurred is None:
            self._paint_placeholder(painter, *(self._placeholder or ("", "")))
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = _fit(self._blurred.size(), self.rect())
        sharp = self._sharp
        if self._mode == Mode.FULL and sharp is not None:
            painter.drawPixmap(target, sharp)
        else:
            painter.drawPixmap(target, self._blurred)
            if self._mode == Mode.REGION:
                self._paint_region(painter, target, sharp)
        if self.tag():
            self._paint_tag(painter, target, self.tag())

    def _paint_region(self, painter: QPainter, target: QRect, sharp: QPixmap | None) -> None:
        if sharp is None or self._pointer is None or not target.contains(self._pointer.toPoint()):
            return
        circle = QPainterPath()
        circle.addEllipse(self._pointer, self.radius, self.radius)
        painter.save()
        painter.setClipPath(circle)
        painter.drawPixmap(target, sharp)
        painter.restore()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(style.RING, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(self._pointer, self.radius, self.radius)

    def _paint_tag(self, painter: QPainter, target: QRect, text: str) -> None:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.95)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        box = QRectF(
            target.left() + 12, target.top() + 12, metrics.horizontalAdvance(text) + 20, 26
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(style.TAG_BG))
        painter.drawRoundedRect(box, 6, 6)
        painter.setPen(style.TAG_TEXT)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_placeholder(self, painter: QPainter, title: str, reason: str) -> None:
        if not title:
            return
        rect = self.rect().adjusted(48, 48, -48, -48)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        painter.setFont(font)
        painter.setPen(style.PLACEHOLDER_TITLE)
        head = QRect(rect.left(), rect.center().y() - 60, rect.width(), 40)
        painter.drawText(head, Qt.AlignmentFlag.AlignCenter, title)
        if reason:
            painter.setFont(self.font())
            painter.setPen(style.PLACEHOLDER_TEXT)
            body = QRect(rect.left(), rect.center().y() - 12, rect.width(), rect.height() // 2)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(body, int(flags) | Qt.TextFlag.TextWordWrap, reason)


def _fit(size: QSize, into: QRect) -> QRect:
    """`size` scaled (up or down) to fit `into`, centred."""
    scaled = size.scaled(into.size(), Qt.AspectRatioMode.KeepAspectRatio)
    left = into.left() + (into.width() - scaled.width()) // 2
    top = into.top() + (into.height() - scaled.height()) // 2
    return QRect(left, top, scaled.width(), scaled.height())
