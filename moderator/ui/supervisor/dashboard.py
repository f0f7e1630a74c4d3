"""The supervisor's QA dashboard: a period, charts, per-reviewer and per-policy tables, and a
button that writes the compliance report. All database work runs on the Tasks DB lane."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moderator.domain.reports import Role
from moderator.services import metrics
from moderator.services.compliance.format import num, pct
from moderator.services.metrics import PolicyMetrics, ReviewerMetrics, Snapshot
from moderator.services.supervision import LocalFigures, TeamFigures
from moderator.services.workspace import Workspace
from moderator.ui.common import i18n, style
from moderator.ui.common.charts import BarChart, Estimate, IntervalChart, SplitBarChart
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from moderator.ui.common.models import RowsModel
from moderator.ui.common.tasks import DB, Tasks
from moderator.ui.common.tools import ToolContext, refusal
from moderator.ui.supervisor.dashboard_text import (
    dimension,
    hours,
    kappa,
    proportion,
    saved,
    training,
)

PERIODS = (7, 30, 90)
Column = tuple[str, Callable[[Any], str]]

REVIEWER_COLUMNS: list[Column] = [
    (QT_TRANSLATE_NOOP("supervisor", "Reviewer"), lambda r: r.reviewer),
    (QT_TRANSLATE_NOOP("supervisor", "Decisions"), lambda r: str(r.decisions)),
    (QT_TRANSLATE_NOOP("supervisor", "Per hour"), lambda r: num(r.decisions_per_hour, 1)),
    (QT_TRANSLATE_NOOP("supervisor", "Gold accuracy"), lambda r: proportion(r.gold)),
    (QT_TRANSLATE_NOOP("supervisor", "Agreement"), lambda r: kappa(r.agreement)),
    (QT_TRANSLATE_NOOP("supervisor", "Unblurred h"), lambda r: f"{r.seconds_revealed / 3600:.2f}"),
    (QT_TRANSLATE_NOOP("supervisor", "Blurred h"), lambda r: f"{r.seconds_blurred / 3600:.2f}"),
    (
        QT_TRANSLATE_NOOP("supervisor", "Breaks taken/due"),
        lambda r: f"{r.breaks_taken}/{r.breaks_due}",
    ),
    (QT_TRANSLATE_NOOP("supervisor", "Skipped"), lambda r: str(r.breaks_skipped)),
    (QT_TRANSLATE_NOOP("supervisor", '"I need to stop"'), lambda r: str(r.stops)),
    (QT_TRANSLATE_NOOP("supervisor", "Training"), lambda r: training(r.training) or "–"),
]
POLICY_COLUMNS: list[Column] = [
    (QT_TRANSLATE_NOOP("supervisor", "Policy"), lambda p: p.policy_id),
    (QT_TRANSLATE_NOOP("supervisor", "Decisions"), lambda p: str(p.decisions)),
    (QT_TRANSLATE_NOOP("supervisor", "Gold accuracy"), lambda p: proportion(p.gold)),
    (QT_TRANSLATE_NOOP("supervisor", "Agreement"), lambda p: kappa(p.agreement)),
]
ACTION_COLUMNS: list[Column] = [
    (QT_TRANSLATE_NOOP("supervisor", "By"), lambda a: dimension(a.dimension)),
    (QT_TRANSLATE_NOOP("supervisor", "Name"), lambda a: a.key),
    (QT_TRANSLATE_NOOP("supervisor", "Actions"), lambda a: str(a.actions)),
    (QT_TRANSLATE_NOOP("supervisor", "Acted on"), lambda a: str(a.acted)),
    (QT_TRANSLATE_NOOP("supervisor", "Median to action"), lambda a: hours(a.hours_to_action)),
    (QT_TRANSLATE_NOOP("supervisor", "Removed/blocked"), lambda a: str(a.removals)),
    (
        QT_TRANSLATE_NOOP("supervisor", "Median to removal"),
        lambda a: hours(a.hours_to_removal),
    ),
    (QT_TRANSLATE_NOOP("supervisor", "Overdue"), lambda a: str(a.overdue)),
]


def rows_model(columns: Sequence[Column], parent: QWidget | None = None) -> RowsModel:
    """Immutable metric rows shown through column functions (never live ORM objects)."""
    return RowsModel(
        [translate("supervisor", header) for header, _ in columns],
        lambda row: [cell(row) for _, cell in columns],
        parent,
    )


def local_zone() -> str:
    """The machine's IANA zone name when it can be told (TZ, /etc/localtime), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError, IndexError):
        candidates.append(str(Path("/etc/localtime").resolve()).split("zoneinfo/", 1)[1])
    for name in candidates:
        try:
            if name:
                ZoneInfo(name)
                return name
        except (ValueError, KeyError, OSError):
            continue
    return "UTC"


def load(figures: TeamFigures, days: int, tz: str) -> Snapshot:
    """Runs on the DB lane: the metrics of the last `days` local days."""
    return figures.dashboard(days, tz)


def write_report(figures: TeamFigures, first: date, end: date, tz: str, out: Path) -> list[Path]:
    """Runs on the DB lane: build the compliance report for [first, end) and write it."""
    return figures.compliance(first, end, tz, out)


class DashboardWindow(QWidget):
    """Charts and tables of one period; `loaded` state is `snapshot` (None until the first)."""

    def __init__(
        self,
        figures: TeamFigures | Workspace,
        tasks: Tasks,
        tz: str = "UTC",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        if isinstance(figures, Workspace):
            figures = LocalFigures(figures)
        self.figures: TeamFigures = figures
        self.tasks, self.tz = tasks, tz
        self.snapshot: Snapshot | None = None
        self._closed = False
        # Replaced in tests; a real supervisor picks a folder.
        self.choose_folder: Callable[[], str] = lambda: QFileDialog.getExistingDirectory(
            self, translate("supervisor", "Write the compliance report into")
        )
        self.setWindowTitle(translate("common", "QA dashboard"))
        self.setObjectName("surface")
        self.setStyleSheet(style.SHEET)
        self._build()
        self.resize(1320, 880)

    def _build(self) -> None:
        self.period = QComboBox()
        for days in PERIODS:
            self.period.addItem(translate("supervisor", "Last {days} days").format(days=days), days)
        self.period.setCurrentIndex(1)
        self.period.currentIndexChanged.connect(self.refresh)
        self.write_button = QPushButton(translate("supervisor", "Write compliance report…"))
        self.write_button.clicked.connect(self._on_write_clicked)
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(translate("supervisor", "Period:")))
        bar.addWidget(self.period)
        zone = QLabel(translate("supervisor", "whole days in {zone}").format(zone=self.tz))
        zone.setObjectName("muted")
        bar.addWidget(zone)
        bar.addStretch(1)
        bar.addWidget(self.status)
        bar.addWidget(self.write_button)

        self.per_day = BarChart(translate("supervisor", "Decisions per day"))
        self.kappa_chart = IntervalChart(
            translate("supervisor", "Agreement per policy (Cohen's κ, 95% CI)"), -0.2, 1.0
        )
        self.gold_chart = IntervalChart(
            translate("supervisor", "Gold accuracy per reviewer (95% CI)"),
            0.0,
            1.0,
            fmt=lambda v: pct(v),
        )
        self.exposure_chart = SplitBarChart(
            translate("supervisor", "Exposure per reviewer (hours)"),
            translate("supervisor", "unblurred"),
            translate("supervisor", "blurred"),
        )
        charts = QGridLayout()
        for i, chart in enumerate(
            (self.per_day, self.kappa_chart, self.gold_chart, self.exposure_chart)
        ):
            charts.addWidget(chart, i // 2, i % 2)

        self.reviewer_model = rows_model(REVIEWER_COLUMNS, self)
        self.policy_model = rows_model(POLICY_COLUMNS, self)
        self.action_model = rows_model(ACTION_COLUMNS, self)
        self.tabs = QTabWidget()
        for model, title in (
            (self.reviewer_model, translate("supervisor", "Reviewers")),
            (self.policy_model, translate("supervisor", "Policies")),
            (self.action_model, translate("supervisor", "Time to action and removal")),
        ):
            view = QTableView()
            view.setModel(model)
            view.verticalHeader().hide()
            view.setAlternatingRowColors(False)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            view.horizontalHeader().setStretchLastSection(True)
            self.tabs.addTab(view, title)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addLayout(charts, 3)
        layout.addWidget(self.tabs, 2)

    # --- loading -----------------------------------------------------------------------------

    @property
    def days(self) -> int:
        return int(self.period.currentData())

    def refresh(self) -> None:
        self.status.setText(translate("supervisor", "Loading…"))
        self.tasks.run(
            DB,
            load,
            self.figures,
            self.days,
            self.tz,
            on_done=self._on_loaded,
            on_failed=self._on_load_failed,
        )

    def _on_loaded(self, snapshot: Snapshot) -> None:
        if self._closed:
            return
        self.snapshot = snapshot
        self.status.setText("")
        self.summary.setText(
            translate(
                "supervisor",
                "Team: gold accuracy {gold}; agreement {agreement}; {count} decisions.",
            ).format(
                gold=proportion(snapshot.team_gold),
                agreement=kappa(snapshot.team_agreement),
                count=i18n.number(sum(n for _d, n in snapshot.decisions_per_day)),
            )
            + "\n"
            + saved(snapshot.saved)
        )
        self.per_day.set_data([(i18n.day_month(d), n) for d, n in snapshot.decisions_per_day])
        self.kappa_chart.set_data([_kappa_row(p) for p in snapshot.policies])
        self.gold_chart.set_data([_gold_row(r) for r in snapshot.reviewers if r.gold.n])
        self.exposure_chart.set_data(
            [
                (r.reviewer, r.seconds_revealed / 3600, r.seconds_blurred / 3600)
                for r in snapshot.reviewers
                if r.seconds_revealed or r.seconds_blurred
            ]
        )
        self.reviewer_model.set_rows(snapshot.reviewers)
        self.policy_model.set_rows(snapshot.policies)
        self.action_model.set_rows(snapshot.actions)

    def _on_load_failed(self, exc: BaseException) -> None:
        if not self._closed:
            self.status.setText(
                translate("supervisor", "Could not load the metrics: {problem}").format(problem=exc)
            )

    # --- the compliance report ---------------------------------------------------------------

    def _on_write_clicked(self) -> None:
        folder = self.choose_folder()
        if not folder:
            return
        start, end = metrics.last_days(self.figures.now(), self.days, self.tz)
        zone = ZoneInfo(self.tz)
        first, stop = start.astimezone(zone).date(), end.astimezone(zone).date()
        self.write_button.setEnabled(False)
        self.status.setText(translate("supervisor", "Writing the compliance report…"))
        self.tasks.run(
            DB,
            write_report,
            self.figures,
            first,
            stop,
            self.tz,
            Path(folder),
            on_done=self._on_written,
            on_failed=self._on_write_failed,
        )

    def _on_written(self, files: list[Path]) -> None:
        if self._closed:
            return
        self.write_button.setEnabled(True)
        folder = files[0].parent if files else ""
        self.status.setText(
            translate("supervisor", "Wrote {count} files to {folder}").format(
                count=len(files), folder=folder
            )
        )

    def _on_write_failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self.write_button.setEnabled(True)
        self.status.setText(
            translate("supervisor", "The report was not written: {problem}").format(problem=exc)
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._closed = True  # the shared task lanes may still deliver; nothing is shown then
        super().closeEvent(event)


def _kappa_row(p: PolicyMetrics) -> Estimate:
    k = p.agreement
    note = kappa(k) if k.kappa is None else ""
    low, high = (k.ci.low, k.ci.high) if k.ci else (None, None)
    return Estimate(p.policy_id, k.kappa, low, high, note)


def _gold_row(r: ReviewerMetrics) -> Estimate:
    g = r.gold
    low, high = (g.ci.low, g.ci.high) if g.ci else (None, None)
    return Estimate(f"{r.reviewer} (n={g.n})", g.value, low, high)


def open_dashboard(context: ToolContext) -> QWidget:
    """The Tools-menu opener: the dashboard for a supervisor, a refusal for anyone else."""
    if not context.reviewer.role.at_least(Role.SUPERVISOR):
        return refusal(
            "dashboard",
            translate("common", "QA dashboard"),
            translate(
                "supervisor", "The QA dashboard is for supervisors. Your role is {role}."
            ).format(role=context.reviewer.role.value),
        )
    zone = getattr(context.tz, "key", None) or local_zone()  # the organisation's, if set
    window = DashboardWindow(context.services.figures, context.tasks, zone, context.parent)
    window.show()
    window.refresh()
    return window
