"""Team exposure for supervisors: by reviewer, day and severity, and break compliance.

A table and a chart (drawn with QPainter), from `store.wellbeing`; figures only, never any
content of a report.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moderator.domain.reports import Role
from moderator.domain.rows import BreakRow, ExposureRow
from moderator.domain.wellbeing_profile import SEVERITIES
from moderator.services.supervision import TeamFigures
from moderator.ui.common import i18n, style
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from moderator.ui.common.tasks import DB
from moderator.ui.common.tools import ToolContext, refusal

# Muted, calm shades from light to deep for minimal..severe: no reds, no alarm.
SHADES = [QColor(c) for c in ("#c9d6de", "#a9c0cd", "#88a8ba", "#6a8fa4", "#53778d")]
Team = tuple[list[ExposureRow], list[BreakRow]]


def load_team(figures: TeamFigures, days: int) -> Team:
    return figures.team_exposure(days)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f}"


class ExposureChart(QWidget):
    """Sharp minutes per reviewer, one bar each, in shades of severity."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.totals: dict[str, dict[str, float]] = {}

    def set_rows(self, rows: list[ExposureRow]) -> None:
        totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for row in rows:
            totals[row.reviewer][row.severity] += row.seconds_revealed / 60
        self.totals = {k: dict(v) for k, v in totals.items()}
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), style.PREVIEW_BG)
            painter.setPen(style.PLACEHOLDER_TEXT)
            if not self.totals:
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                                 translate("supervisor", "No exposure recorded"))  # fmt: skip
                return
            biggest = max(sum(v.values()) for v in self.totals.values()) or 1.0
            left, top, bar_h, gap = 150, 34, 26, 12
            width = max(50, self.width() - left - 90)
            painter.drawText(
                12, 22, translate("supervisor", "Revealed minutes by reviewer (shade = severity)")
            )
            for i, (name, by_sev) in enumerate(sorted(self.totals.items())):
                y = top + i * (bar_h + gap)
                painter.setPen(style.PLACEHOLDER_TITLE)
                painter.drawText(
                    QRectF(12, y, left - 20, bar_h), Qt.AlignmentFlag.AlignVCenter, name
                )
                x = float(left)
                for level, severity in enumerate(SEVERITIES):
                    w = width * by_sev.get(severity, 0.0) / biggest
                    if w > 0:
                        painter.fillRect(QRectF(x, y, w, bar_h), SHADES[level])
                        x += w
                painter.setPen(style.PLACEHOLDER_TEXT)
                painter.drawText(
                    QRectF(x + 8, y, 80, bar_h),
                    Qt.AlignmentFlag.AlignVCenter,
                    translate("common", "{minutes} min").format(
                        minutes=round(sum(by_sev.values()))
                    ),
                )
            y = top + len(self.totals) * (bar_h + gap) + 4
            x = float(left)
            for level, severity in enumerate(SEVERITIES):
                painter.fillRect(QRectF(x, y + 3, 12, 12), SHADES[level])
                name = i18n.severity(severity)
                painter.drawText(QRectF(x + 16, y, 90, 18), Qt.AlignmentFlag.AlignVCenter, name)
                x += 100
        finally:
            painter.end()

    def sizeHint(self):  # type: ignore[no-untyped-def]  # noqa: N802
        from PySide6.QtCore import QSize

        return QSize(760, 60 + 38 * max(1, len(self.totals)) + 30)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c >= 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


class ExposureView(QWidget):
    def __init__(self, context: ToolContext, days: int = 7) -> None:
        super().__init__()
        self.context, self.days = context, days
        self.setWindowTitle(translate("supervisor", "Moderator · Team exposure"))
        self.setStyleSheet(style.SHEET)
        self.resize(980, 860)
        self.heading = QLabel(
            translate("supervisor", "Team exposure, last {days} days").format(days=days)
        )
        self.heading.setObjectName("heading")
        self.note = QLabel(translate("supervisor", "Loading…"))
        self.note.setObjectName("muted")
        self.chart = ExposureChart()
        self.exposure = _table(
            [
                translate("supervisor", h)
                for h in (
                    QT_TRANSLATE_NOOP("supervisor", "Reviewer"),
                    QT_TRANSLATE_NOOP("supervisor", "Day"),
                    QT_TRANSLATE_NOOP("supervisor", "Severity"),
                    QT_TRANSLATE_NOOP("supervisor", "Category"),
                    QT_TRANSLATE_NOOP("supervisor", "Revealed min"),
                    QT_TRANSLATE_NOOP("supervisor", "Blurred min"),
                    QT_TRANSLATE_NOOP("supervisor", "Items"),
                )
            ]
        )
        self.breaks = _table(
            [
                translate("supervisor", h)
                for h in (
                    QT_TRANSLATE_NOOP("supervisor", "Reviewer"),
                    QT_TRANSLATE_NOOP("supervisor", "Day"),
                    QT_TRANSLATE_NOOP("supervisor", "Breaks due"),
                    QT_TRANSLATE_NOOP("supervisor", "Taken"),
                    QT_TRANSLATE_NOOP("supervisor", "Skipped"),
                    QT_TRANSLATE_NOOP("supervisor", "Stopped (check-in)"),
                )
            ]
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        for widget in (self.heading, self.note, self.chart):
            column.addWidget(widget)
        column.addWidget(self.exposure, 3)
        compliance = QLabel(translate("supervisor", "Break compliance"))
        compliance.setObjectName("heading")
        column.addWidget(compliance)
        column.addWidget(self.breaks, 2)

    def refresh(self) -> None:
        self.context.tasks.run(
            DB,
            load_team,
            self.context.services.figures,
            self.days,
            on_done=self.show_team,
            on_failed=self._on_failed,
        )

    def show_team(self, team: Team) -> None:
        exposure, breaks = team
        self.chart.set_rows(exposure)
        self.chart.updateGeometry()
        _fill(
            self.exposure,
            [
                [
                    r.reviewer,
                    i18n.day(r.day),
                    i18n.severity(r.severity),
                    r.category or "—",
                    _minutes(r.seconds_revealed),
                    _minutes(r.seconds_blurred),
                    str(r.items),
                ]
                for r in exposure
            ],
        )
        _fill(
            self.breaks,
            [
                [
                    b.reviewer,
                    i18n.day(b.day),
                    str(b.due),
                    str(b.taken),
                    str(b.skipped),
                    str(b.stopped),
                ]
                for b in breaks
            ],
        )
        total = sum(r.seconds_revealed for r in exposure)
        people = len({r.reviewer for r in exposure})
        self.note.setText(
            (
                translate(
                    "supervisor",
                    "1 reviewer · {minutes} revealed minutes · {due} breaks due, {skipped} "
                    "skipped · updated {time}. Figures only; no content is shown.",
                )
                if people == 1
                else translate(
                    "supervisor",
                    "{people} reviewers · {minutes} revealed minutes · {due} breaks due, "
                    "{skipped} skipped · updated {time}. Figures only; no content is shown.",
                )
            ).format(
                people=people,
                minutes=round(total / 60),
                due=sum(b.due for b in breaks),
                skipped=sum(b.skipped for b in breaks),
                time=i18n.clock(datetime.now()),
            )
        )

    def _on_failed(self, exc: BaseException) -> None:
        self.note.setText(
            translate("supervisor", "Could not load the figures: {problem}").format(problem=exc)
        )


def open_exposure(context: ToolContext) -> QWidget:
    """The Tools-menu opener: the team's figures for a supervisor, a refusal for anyone else."""
    if not context.reviewer.role.at_least(Role.SUPERVISOR):
        return refusal(
            "exposure",
            translate("supervisor", "Moderator · Team exposure"),
            translate(
                "supervisor", "Team exposure is for supervisors. Your role is {role}."
            ).format(role=context.reviewer.role.value),
        )
    view = ExposureView(context)
    view.show()
    view.refresh()
    return view
