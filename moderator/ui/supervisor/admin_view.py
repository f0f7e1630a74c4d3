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
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from moderator.ui.common.models import RowsModel, table
from moderator.ui.common.text import plain

NOT_SET = QT_TRANSLATE_NOOP("supervisor", "not set")
QUEUE_HEADS = (
    QT_TRANSLATE_NOOP("supervisor", "Queue"),
    QT_TRANSLATE_NOOP("supervisor", "Title"),
    QT_TRANSLATE_NOOP("supervisor", "Policy"),
    QT_TRANSLATE_NOOP("supervisor", "Deadline"),
    QT_TRANSLATE_NOOP("supervisor", "Escalates to"),
    QT_TRANSLATE_NOOP("supervisor", "Training"),
    QT_TRANSLATE_NOOP("supervisor", "Role"),
    QT_TRANSLATE_NOOP("supervisor", "Wellbeing"),
    QT_TRANSLATE_NOOP("supervisor", "Reports"),
    QT_TRANSLATE_NOOP("supervisor", "State"),
)
POLICY_HEADS = (
    QT_TRANSLATE_NOOP("supervisor", "Policy"),
    QT_TRANSLATE_NOOP("supervisor", "Version"),
    "SHA-256",
    QT_TRANSLATE_NOOP("supervisor", "Title"),
    QT_TRANSLATE_NOOP("supervisor", "New decisions on"),
    QT_TRANSLATE_NOOP("supervisor", "Imported"),
)


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
    spin.setSpecialValueText(translate("supervisor", NOT_SET))  # 0: kept until purged
    spin.setSuffix(translate("supervisor", " days"))
    return spin


class AdminView(QWidget):
    def __init__(self, tz: tzinfo | None) -> None:
        super().__init__()
        self.tz = tz
        self.setWindowTitle(translate("supervisor", "Admin"))
        self.setStyleSheet(style.SHEET)
        self.resize(1180, 640)
        self.queues_model = RowsModel(
            [translate("supervisor", h) for h in QUEUE_HEADS],
            lambda q: (
                q.name, q.title, f"{q.policy_id}@{q.policy_version or 'latest'}",
                translate("common", "{hours} h").format(hours=q.sla_hours),
                q.escalate_to or "—", ", ".join(q.requires) or "—", str(q.min_role),
                q.wellbeing or "—",
                translate("supervisor", "{reports} ({open} open)").format(
                    reports=q.reports, open=q.open),
                translate("supervisor", "archived {day}").format(day=_day(q.archived_at, tz))
                if q.archived_at else translate("supervisor", "open"),
            ),
        )  # fmt: skip
        self.people_model = RowsModel(
            (
                translate("supervisor", "User name"),
                translate("supervisor", "Name"),
                translate("supervisor", "Role"),
                translate("supervisor", "State"),
                translate("supervisor", "Added"),
            ),
            lambda p: (
                p.username,
                p.display_name,
                p.role,
                translate("supervisor", "active")
                if p.active
                else translate("supervisor", "deactivated"),
                _day(p.created_at, tz),
            ),
        )
        self.policies_model = RowsModel(
            [translate("supervisor", h) for h in POLICY_HEADS],
            lambda p: (
                p.policy_id,
                translate("supervisor", "{version} (latest)").format(version=p.version)
                if p.latest else p.version,
                p.sha256[:16] + "…", p.title, ", ".join(p.queues) or "—",
                translate("supervisor", "{day} by {who}").format(
                    day=_day(p.imported_at, tz), who=p.imported_by),
            ),
        )  # fmt: skip
        self.queues_view = table(self.queues_model)
        self.people_view = table(self.people_model)
        self.policies_view = table(self.policies_model)
        self.add_queue, self.edit_queue = (
            QPushButton(translate("supervisor", "Add queue…")),
            QPushButton(translate("supervisor", "Edit…")),
        )
        self.archive_queue = QPushButton(translate("supervisor", "Archive"))
        self.add_person, self.edit_person = (
            QPushButton(translate("supervisor", "Add person…")),
            QPushButton(translate("supervisor", "Edit…")),
        )
        self.deactivate, self.reactivate = (
            QPushButton(translate("supervisor", "Deactivate")),
            QPushButton(translate("supervisor", "Reactivate")),
        )
        # Team mode only (the window hides them where nobody enrolls through a server).
        self.issue_code, self.revoke_tokens = (
            QPushButton(translate("supervisor", "Enrollment code…")),
            QPushButton(translate("supervisor", "Revoke workstations…")),
        )
        self.import_policy, self.export_policy = (
            QPushButton(translate("supervisor", "Import…")),
            QPushButton(translate("supervisor", "Export…")),
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(
            self._page(self.queues_view, self.add_queue, self.edit_queue, self.archive_queue),
            translate("supervisor", "Queues"),
        )
        self.tabs.addTab(
            self._page(
                self.people_view, self.add_person, self.edit_person, self.deactivate,
                self.reactivate, self.issue_code, self.revoke_tokens,
            ),
            translate("supervisor", "People"),
        )  # fmt: skip
        self.tabs.addTab(
            self._page(self.policies_view, self.import_policy, self.export_policy),
            translate("supervisor", "Policies"),
        )
        self.tabs.addTab(self._settings_page(), translate("supervisor", "Organisation"))
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
        self.save_settings = QPushButton(translate("supervisor", "Save settings"))
        page = QWidget()
        form = QFormLayout()
        form.addRow(translate("supervisor", "Organisation"), self.org_name)
        form.addRow(
            translate("supervisor", "Time zone (reports, day boundaries, deadlines)"), self.timezone
        )
        form.addRow(translate("supervisor", "Support contact"), self.support)
        form.addRow(
            translate("supervisor", "Keep report content after the decision"), self.content_days
        )
        form.addRow(translate("supervisor", "Keep media after the decision"), self.media_days)
        form.addRow(
            translate("supervisor", "Wellbeing profile of new queues"), self.default_wellbeing
        )
        col = QVBoxLayout(page)
        col.addLayout(form)
        col.addLayout(_row(None, self.save_settings))
        col.addStretch(1)
        return page
