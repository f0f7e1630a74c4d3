"""The Admin window's dialogs: a queue and a person.

Each checks what it can before Save is enabled (and says why not); what only the database
knows (a name already taken, the last supervisor) comes back as a message in the window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from moderator.domain.errors import ModeratorError
from moderator.domain.organisation import check_name
from moderator.domain.reports import Role
from moderator.services.admin import AdminSnapshot, PersonRow, QueueRow
from moderator.services.people import ROLES
from moderator.services.queues import MAX_SLA_HOURS, QueueRequest
from moderator.ui.common.forms import FormDialog, checkable_list, checked_items
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate

NO_ESCALATION = QT_TRANSLATE_NOOP("supervisor", "(none)")
KEEP = QT_TRANSLATE_NOOP("supervisor", "(keep as it is)")


def _name_problem(value: str, what: str) -> str:
    try:
        check_name(value, what)
    except ModeratorError as exc:
        return str(exc)
    return ""


class QueueDialog(FormDialog):
    """Add a queue, or edit one (`row`); `value()` is a request, `changes()` an edit."""

    def __init__(
        self, snapshot: AdminSnapshot, row: QueueRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            translate("supervisor", "Edit queue {name}").format(name=row.name)
            if row
            else translate("supervisor", "Add queue"),
            parent,
        )
        self.row = row
        self.name, self.title = QLineEdit(), QLineEdit()
        self.policy = QComboBox()
        for p in snapshot.policies:
            self.policy.addItem(
                f"{p.policy_id}@{p.version} · {p.title}", f"{p.policy_id}@{p.version}"
            )
        self.sla = QSpinBox()
        self.sla.setRange(1, MAX_SLA_HOURS)
        self.sla.setValue(24)
        self.sla.setSuffix(translate("supervisor", " h"))
        self.escalate = QComboBox()
        others = [
            q.name for q in snapshot.queues if not q.archived and q.name != (row and row.name)
        ]
        self.escalate.addItems([translate("supervisor", NO_ESCALATION), *others])
        self.requires = checkable_list(snapshot.courses, row.requires if row else ())
        self.min_role = QComboBox()
        self.min_role.addItems([str(r) for r in Role])
        self.wellbeing = QComboBox()
        self.wellbeing.addItems(
            ([translate("supervisor", KEEP)] if row else []) + snapshot.wellbeing
        )
        if row is None:
            self.wellbeing.setCurrentText(snapshot.settings.default_wellbeing)
        self.categories = QLineEdit()
        self.categories.setPlaceholderText(
            translate("supervisor", "report categories, separated by spaces")
        )
        self.form.addRow(translate("supervisor", "Name"), self.name)
        self.form.addRow(translate("supervisor", "Title"), self.title)
        self.form.addRow(translate("supervisor", "Policy"), self.policy)
        self.form.addRow(translate("supervisor", "Deadline after receipt"), self.sla)
        self.form.addRow(translate("supervisor", "Escalates to"), self.escalate)
        self.form.addRow(translate("supervisor", "Training needed"), self.requires)
        self.form.addRow(translate("supervisor", "Least role to claim"), self.min_role)
        self.form.addRow(translate("supervisor", "Wellbeing profile"), self.wellbeing)
        self.form.addRow(translate("supervisor", "Categories"), self.categories)
        if row is not None:
            self.name.setText(row.name)
            self.name.setReadOnly(True)  # reports and decisions name it
            self.title.setText(row.title)
            self.policy.setCurrentIndex(
                max(0, self.policy.findData(f"{row.policy_id}@{row.policy_version}"))
            )
            self.sla.setValue(row.sla_hours)
            self.escalate.setCurrentText(row.escalate_to or translate("supervisor", NO_ESCALATION))
            self.min_role.setCurrentText(str(row.min_role))
            self.categories.setText(" ".join(row.categories))
        self.name.textChanged.connect(self._on_changed)
        self._on_changed()

    def check(self) -> str:
        if self.policy.count() == 0:
            return translate(
                "supervisor", "No policy is stored yet: import one on the Policies tab first."
            )
        return _name_problem(self.name.text(), "queue") if self.row is None else ""

    def wellbeing_name(self) -> str | None:
        """The shipped wellbeing profile chosen (None: keep the queue's as it is)."""
        chosen = self.wellbeing.currentText()
        return None if chosen == translate("supervisor", KEEP) else chosen

    def _escalation(self) -> str | None:
        chosen = self.escalate.currentText()
        return None if chosen == translate("supervisor", NO_ESCALATION) else chosen

    def value(self) -> QueueRequest:
        return QueueRequest(
            self.name.text().strip(), str(self.policy.currentData()), self.title.text().strip(),
            self.sla.value(), self._escalation(), checked_items(self.requires),
            Role(self.min_role.currentText()), tuple(self.categories.text().split()),
        )  # fmt: skip

    def changes(self) -> dict[str, Any]:
        """The settings to change (all of them: the service records only what differs)."""
        request = self.value()
        return {
            "title": request.title,
            "policy": request.policy,
            "sla_hours": request.sla_hours,
            "escalate_to": request.escalate_to or "",
            "requires": request.requires,
            "min_role": request.min_role,
            "categories": request.categories,
        }


class PersonDialog(FormDialog):
    def __init__(self, row: PersonRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(
            translate("supervisor", "Edit {name}").format(name=row.username)
            if row
            else translate("supervisor", "Add a person"),
            parent,
        )
        self.row = row
        self.username, self.display_name = QLineEdit(), QLineEdit()
        self.role = QComboBox()
        self.role.addItems([str(r) for r in ROLES])
        self.form.addRow(translate("supervisor", "User name (to sign in)"), self.username)
        self.form.addRow(translate("supervisor", "Full name"), self.display_name)
        self.form.addRow(translate("supervisor", "Role"), self.role)
        if row is not None:
            self.username.setText(row.username)
            self.username.setReadOnly(True)  # decisions and audit events name them
            self.display_name.setText(row.display_name)
            self.role.setCurrentText(row.role)
        self.username.textChanged.connect(self._on_changed)
        self._on_changed()

    def check(self) -> str:
        return _name_problem(self.username.text(), "user name") if self.row is None else ""

    def value(self) -> tuple[str, Role, str]:
        return (
            self.username.text().strip(),
            Role(self.role.currentText()),
            self.display_name.text().strip(),
        )
