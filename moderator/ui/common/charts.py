"""Small QPainter charts for the supervisor dashboard: calm colours, readable labels, no motion.

Each chart holds plain values (set with `set_data`) and paints them; no chart touches the
database or knows about metrics objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from moderator.ui.common import i18n
from moderator.ui.common.i18n import translate

BG = QColor("#31373c")
TEXT = QColor("#dde1e4")
MUTED = QColor("#a3abb2")
GRID = QColor("#434a50")
BAR = QColor("#7fa7bd")
BAR_SOFT = QColor("#56656f")
MARGIN = 10


@dataclass(frozen=True, slots=True)
class Estimate:
    """A value with its interval; `value` None means "cannot be computed" and `note` says why."""

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None
    note: str = ""


class Chart(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setMinimumSize(280, 180)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(420, 220)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), BG)
        title_font = QFont(self.font())
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(TEXT)
        p.drawText(QRectF(MARGIN, 6, self.width() - 2 * MARGIN, 20), self.title)
        p.setFont(self.font())
        area = QRectF(MARGIN, 32, self.width() - 2 * MARGIN, self.height() - 32 - MARGIN)
        self.paint_body(p, area)
        p.end()

    def paint_body(self, p: QPainter, area: QRectF) -> None:
        raise NotImplementedError

    @staticmethod
    def empty(p: QPainter, area: QRectF, text: str = "") -> None:
        text = text or translate("common", "nothing in this period")
        p.setPen(MUTED)
        p.drawText(area, Qt.AlignmentFlag.AlignCenter, text)


class BarChart(Chart):
    """Vertical bars, e.g. decisions per day; labels thinned so they never overlap."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.bars: list[tuple[str, float]] = []

    def set_data(self, bars: Sequence[tuple[str, float]]) -> None:
        self.bars = list(bars)
        self.update()

    def paint_body(self, p: QPainter, area: QRectF) -> None:
        if not self.bars or not any(v for _l, v in self.bars):
            self.empty(p, area)
            return
        top = max(v for _l, v in self.bars)
        plot = area.adjusted(28, 0, 0, -18)
        p.setPen(MUTED)
        p.drawText(QRectF(area.left(), plot.top() - 6, 24, 14), Qt.AlignmentFlag.AlignRight,
                   f"{top:g}")  # fmt: skip
        p.setPen(QPen(GRID, 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        slot = plot.width() / len(self.bars)
        # A label every few bars, as far apart as the widest label is long (a Korean date
        # is wider than an English one).
        widest = max(p.fontMetrics().horizontalAdvance(label) for label, _v in self.bars) + 12
        every = max(1, -(-int(widest) // max(int(slot), 1)))
        for i, (label, value) in enumerate(self.bars):
            h = plot.height() * (value / top)
            x = plot.left() + i * slot
            p.fillRect(QRectF(x + slot * 0.15, plot.bottom() - h, slot * 0.7, h), BAR)
            if i % every == 0:
                p.setPen(MUTED)
                p.drawText(QRectF(x - 20, plot.bottom() + 2, slot + 40, 16),
                           Qt.AlignmentFlag.AlignHCenter, label)  # fmt: skip


class IntervalChart(Chart):
    """One row per label: a dot at the estimate and whiskers for its interval."""

    def __init__(
        self,
        title: str,
        low: float = 0.0,
        high: float = 1.0,
        fmt: Callable[[float], str] = lambda v: f"{v:.2f}",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.rows: list[Estimate] = []
        self.low, self.high, self.fmt = low, high, fmt

    def set_data(self, rows: Sequence[Estimate]) -> None:
        self.rows = list(rows)
        self.update()

    def paint_body(self, p: QPainter, area: QRectF) -> None:
        if not self.rows:
            self.empty(p, area)
            return
        label_w = min(150.0, area.width() * 0.35)
        plot = QRectF(area.left() + label_w, area.top(), area.width() - label_w - 52,
                      area.height() - 16)  # the tick labels go underneath  # fmt: skip
        row_h = min(26.0, plot.height() / len(self.rows))
        span = self.high - self.low

        def x_of(v: float) -> float:
            return plot.left() + plot.width() * (min(max(v, self.low), self.high) - self.low) / span

        for tick in (self.low, (self.low + self.high) / 2, self.high):
            p.setPen(QPen(GRID, 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(x_of(tick), plot.top()), QPointF(x_of(tick), plot.bottom()))
            p.setPen(MUTED)
            p.drawText(QRectF(x_of(tick) - 30, plot.bottom() + 1, 60, 14),
                       Qt.AlignmentFlag.AlignHCenter, self.fmt(tick))  # fmt: skip
        for i, row in enumerate(self.rows):
            y = plot.top() + row_h * (i + 0.5)
            p.setPen(TEXT)
            p.drawText(QRectF(area.left(), y - 9, label_w - 8, 18),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       p.fontMetrics().elidedText(row.label, Qt.TextElideMode.ElideMiddle,
                                                  int(label_w - 8)))  # fmt: skip
            if row.value is None:
                p.setPen(MUTED)
                note = row.note or translate("common", "undefined")
                p.drawText(QRectF(plot.left() + 4, y - 9, plot.width() + 48, 18),
                           Qt.AlignmentFlag.AlignVCenter, note)  # fmt: skip
                continue
            if row.low is not None and row.high is not None:
                p.setPen(QPen(MUTED, 1.5))
                p.drawLine(QPointF(x_of(row.low), y), QPointF(x_of(row.high), y))
                for end in (row.low, row.high):
                    p.drawLine(QPointF(x_of(end), y - 4), QPointF(x_of(end), y + 4))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(BAR)
            p.drawEllipse(QPointF(x_of(row.value), y), 4.5, 4.5)
            p.setPen(TEXT)
            p.drawText(QRectF(plot.right() + 6, y - 9, 46, 18), Qt.AlignmentFlag.AlignVCenter,
                       self.fmt(row.value))  # fmt: skip


class SplitBarChart(Chart):
    """Horizontal bars in two parts (e.g. unblurred vs blurred hours per reviewer)."""

    def __init__(self, title: str, first: str, second: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.names = (first, second)
        self.rows: list[tuple[str, float, float]] = []

    def set_data(self, rows: Sequence[tuple[str, float, float]]) -> None:
        self.rows = list(rows)
        self.update()

    def paint_body(self, p: QPainter, area: QRectF) -> None:
        if not self.rows or not any(a + b for _l, a, b in self.rows):
            self.empty(p, area)
            return
        legend_h = 18.0
        label_w = min(150.0, area.width() * 0.35)
        plot = QRectF(area.left() + label_w, area.top(), area.width() - label_w - 124,
                      area.height() - legend_h)  # fmt: skip
        top = max(a + b for _l, a, b in self.rows)
        row_h = min(26.0, plot.height() / len(self.rows))
        for i, (label, a, b) in enumerate(self.rows):
            y = plot.top() + row_h * i
            p.setPen(TEXT)
            p.drawText(QRectF(area.left(), y, label_w - 8, row_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       p.fontMetrics().elidedText(label, Qt.TextElideMode.ElideMiddle,
                                                  int(label_w - 8)))  # fmt: skip
            wa, wb = plot.width() * a / top, plot.width() * b / top
            bar_h = row_h * 0.6
            p.fillRect(QRectF(plot.left(), y + (row_h - bar_h) / 2, wa, bar_h), BAR)
            p.fillRect(QRectF(plot.left() + wa, y + (row_h - bar_h) / 2, wb, bar_h), BAR_SOFT)
            p.drawText(QRectF(plot.left() + wa + wb + 6, y, 118, row_h),
                       Qt.AlignmentFlag.AlignVCenter, f"{_hours(a)} + {_hours(b)}")  # fmt: skip
        y = area.bottom() - legend_h + 4
        x = plot.left()
        for colour, name in ((BAR, self.names[0]), (BAR_SOFT, self.names[1])):
            p.fillRect(QRectF(x, y + 3, 10, 10), colour)
            p.setPen(MUTED)
            p.drawText(QRectF(x + 14, y, 140, 16), Qt.AlignmentFlag.AlignVCenter, name)
            x += 150


def _hours(value: float) -> str:
    """Hours to one decimal; under an hour in whole minutes, so small figures do not read 0."""
    if value >= 1:
        return translate("common", "{hours} h").format(hours=i18n.number(value, 1))
    return translate("common", "{minutes} min").format(minutes=round(value * 60))
