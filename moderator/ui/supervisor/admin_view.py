"""The Admin window's layout: queues, people, policies and the organisation's settings."""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moderator.ui.common import style
from moderator.ui.common.models import RowsModel, table
from moderator.ui.common.text import plain

NOT_SET = "not set"


def _day(value: datetime | None, tz: tzinfo | None) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d") if value else ""


def _row(*widgets: QWidget | None) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        if widget is None:
            row.addStretch(1)
        else:
            row.addWidget(widget)
    return row


def _days() -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, 36_500)
    spin.setSpecialValueText(NOT_SET)  # 0: kept until purged
    spin.setSuffix(" days")
    return spin


class AdminView(QWidget):
    def __init__(self, tz: tzinfo | None) -> None:
        super().__init__()
        self.setWindowTitle("Admin")
        self.setStyleSheet(style.SHEET)
        self.resize(1180, 640)
        self.queues_model = RowsModel(
            ("Queue", "Title", "Policy", "Deadline", "Escalates to", "Training", "Role",
             "Wellbeing", "Reports", "State"),
            lambda q: (
                q.name, q.title, f"{q.policy_id}@{q.policy_version or 'latest'}",
                f"{q.sla_hours} h", q.escalate_to or "—", ", ".join(q.requires) or "—",
                str(q.min_role), q.wellbeing or "—", f"{q.reports} ({q.open} open)",
                f"archived {_day(q.archived_at, tz)}" if q.archived_at else "open",
            ),
        )  # fmt: skip
        self.people_model = RowsModel(
            ("User name", "Name", "Role", "State", "Added"),
            lambda p: (
                p.username,
                p.display_name,
                p.role,
                "active" if p.active else "deactivated",
                _day(p.created_at, tz),
            ),
        )
        self.policies_model = RowsModel(
            ("Policy", "Version", "SHA-256", "Title", "New decisions on", "Imported"),
            lambda p: (
                p.policy_id, p.version + (" (latest)" if p.latest else ""), p.sha256[:16] + "…",
                p.title, ", ".join(p.queues) or "—",
                f"{_day(p.imported_at, tz)} by {p.imported_by}",
            ),
        )  # fmt: skip
        self.queues_view = table(self.queues_model)
        self.people_view = table(self.people_model)
        self.policies_view = table(self.policies_model)
        self.add_queue, self.edit_queue = QPushButton("Add queue…"), QPushButton("Edit…")
        self.archive_queue = QPushButton("Archive")
        self.add_person, self.edit_person = QPushButton("Add person…"), QPushButton("Edit…")
        self.deactivate, self.reactivate = QPushButton("Deactivate"), QPushButton("Reactivate")
        self.import_policy, self.export_policy = QPushButton("Import…"), QPushButton("Export…")
        self.tabs = QTabWidget()
        self.tabs.addTab(
            self._page(self.queues_view, self.add_queue, self.edit_queue, self.archive_queue),
            "Queues",
        )
        self.tabs.addTab(
            self._page(
                self.people_view, self.add_person, self.edit_person, self.deactivate,
                self.reactivate,
            ),
            "People",
        )  # fmt: skip
        self.tabs.addTab(
            self._page(self.policies_view, self.import_policy, self.export_policy), "Policies"
        )
        self.tabs.addTab(self._settings_page(), "Organisation")
        self.message = plain(name="muted")
        column = QVBoxLayout(self)
        column.addWidget(self.tabs, 1)
        column.addWidget(self.message)

    @staticmethod
    def _page(view: QWidget, *buttons: QPushButton) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.addWidget(view, 1)
        col.addLayout(_row(*buttons, None))
        return page

    def _settings_page(self) -> QWidget:
        self.org_name, self.support = QLineEdit(), QLineEdit()
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.content_days, self.media_days = _days(), _days()
        self.default_wellbeing = QComboBox()
        self.save_settings = QPushButton("Save settings")
        page = QWidget()
        form = QFormLayout()
        form.addRow("Organisation", self.org_name)
        form.addRow("Time zone (reports, day boundaries, deadlines)", self.timezone)
        form.addRow("Support contact", self.support)
        form.addRow("Keep report content after the decision", self.content_days)
        form.addRow("Keep media after the decision", self.media_days)
        form.addRow("Wellbeing profile of new queues", self.default_wellbeing)
        col = QVBoxLayout(page)
        col.addLayout(form)
        col.addLayout(_row(None, self.save_settings))
        col.addStretch(1)
        return page
