"""The Admin window (supervisors): queues, people, policies and the organisation's settings.

`AdminView` lays the widgets out; `AdminWindow` does the work: every read and change runs on
the Tasks DB lane through the services (one audited transaction per change), and the window
reloads what it shows afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from moderator.domain.reports import Role
from moderator.services.admin import Admin, AdminSnapshot, PersonRow, PolicyRow, QueueRow
from moderator.services.admin_tools import AdminTools, EnrollmentCode
from moderator.services.queues import wellbeing_text
from moderator.ui.common import i18n
from moderator.ui.common.i18n import translate
from moderator.ui.common.tasks import DB, Tasks
from moderator.ui.common.tools import ToolContext, local_only, refusal
from moderator.ui.supervisor.admin_dialogs import PersonDialog, QueueDialog
from moderator.ui.supervisor.admin_view import AdminView


def _load(admin: AdminTools) -> tuple[AdminSnapshot, list[str]]:
    return admin.snapshot(), sorted(available_timezones())


def _add_queue(admin: AdminTools, dialog_value: Any, wellbeing: str | None) -> QueueRow:
    chosen = wellbeing_text(wellbeing) if wellbeing else None
    return admin.queues.add(replace(dialog_value, wellbeing=chosen))


def _edit_queue(
    admin: AdminTools, name: str, changes: dict[str, Any], wellbeing: str | None
) -> Any:
    return admin.queues.edit(name, changes, wellbeing_text(wellbeing) if wellbeing else None)


class AdminWindow(AdminView):
    def __init__(self, admin: AdminTools, tasks: Tasks, tz: tzinfo | None = None) -> None:
        super().__init__(tz)
        self.admin, self.tasks = admin, tasks
        self.snapshot: AdminSnapshot | None = None
        self.dialog: Any = None  # the open dialog, for tests and to keep it alive
        # Asked before archiving or deactivating; tests answer without a modal box.
        self.confirm: Callable[[str], bool] = self._ask
        self.add_queue.clicked.connect(lambda: self.open_queue_dialog(None))
        self.edit_queue.clicked.connect(lambda: self.open_queue_dialog(self._selected_queue()))
        self.queues_view.doubleClicked.connect(
            lambda _i: self.open_queue_dialog(self._selected_queue())
        )
        self.archive_queue.clicked.connect(self._on_archive_clicked)
        self.add_person.clicked.connect(lambda: self.open_person_dialog(None))
        self.edit_person.clicked.connect(lambda: self.open_person_dialog(self._selected_person()))
        self.deactivate.clicked.connect(lambda: self._on_active_clicked(False))
        self.reactivate.clicked.connect(lambda: self._on_active_clicked(True))
        # Shows a new enrollment code once; tests answer without a modal box.
        self.show_code: Callable[[str, EnrollmentCode], None] = self._show_code
        for button in (self.issue_code, self.revoke_tokens):
            button.setVisible(admin.access is not None)
        self.issue_code.clicked.connect(self._on_code_clicked)
        self.revoke_tokens.clicked.connect(self._on_revoke_clicked)
        self.import_policy.clicked.connect(self._on_import_clicked)
        self.export_policy.clicked.connect(self._on_export_clicked)
        self.save_settings.clicked.connect(self.save_org_settings)
        self.reload()

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        self.tasks.run(DB, _load, self.admin, on_done=self._on_loaded, on_failed=self._on_failed)

    def _on_loaded(self, loaded: tuple[AdminSnapshot, list[str]]) -> None:
        snap, zones = loaded
        first = self.snapshot is None
        self.snapshot = snap
        self.queues_model.set_rows(snap.queues)
        self.people_model.set_rows(snap.people)
        self.policies_model.set_rows(snap.policies)
        if first:  # the settings form is filled once; later loads keep what is being typed
            self.timezone.addItems(zones)
            self.default_wellbeing.addItems(snap.wellbeing)
            self.show_settings(snap)

    def show_settings(self, snap: AdminSnapshot) -> None:
        s = snap.settings
        self.org_name.setText(s.name)
        self.timezone.setCurrentText(s.timezone)
        self.support.setText(s.support)
        self.content_days.setValue(s.content_retention_days or 0)
        self.media_days.setValue(s.media_retention_days or 0)
        self.default_wellbeing.setCurrentText(s.default_wellbeing)

    def _selected(self, view: Any, rows: tuple[Any, ...]) -> Any:
        picked = view.selectionModel().selectedRows()
        return rows[picked[0].row()] if picked else None

    def _selected_queue(self) -> QueueRow | None:
        return self._selected(self.queues_view, self.queues_model.rows)  # type: ignore[no-any-return]

    def _selected_person(self) -> PersonRow | None:
        return self._selected(self.people_view, self.people_model.rows)  # type: ignore[no-any-return]

    def _selected_policy(self) -> PolicyRow | None:
        return self._selected(self.policies_view, self.policies_model.rows)  # type: ignore[no-any-return]

    # --- changes --------------------------------------------------------------------------------

    def _change(self, fn: Callable[..., Any], *args: Any, done: str) -> None:
        self.message.setText(translate("supervisor", "Saving…"))
        self.tasks.run(
            DB, fn, *args, on_done=lambda _r: self._on_changed(done), on_failed=self._on_failed
        )

    def _on_changed(self, done: str) -> None:
        self.message.setText(done)
        self.reload()

    def _on_failed(self, exc: BaseException) -> None:
        self.message.setText(translate("supervisor", "Not saved: {problem}").format(problem=exc))

    def open_queue_dialog(self, row: QueueRow | None) -> QueueDialog | None:
        if self.snapshot is None:
            return None
        dialog = QueueDialog(self.snapshot, row, parent=self)
        dialog.accepted.connect(lambda: self._on_queue_accepted(dialog, row))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_queue_accepted(self, dialog: QueueDialog, row: QueueRow | None) -> None:
        wellbeing = dialog.wellbeing_name()
        if row is None:
            value = dialog.value()
            self._change(
                _add_queue,
                self.admin,
                value,
                wellbeing,
                done=translate("supervisor", "Queue {name} added.").format(name=value.name),
            )
        else:
            self._change(
                _edit_queue, self.admin, row.name, dialog.changes(), wellbeing,
                done=translate("supervisor", "Queue {name} saved.").format(name=row.name),
            )  # fmt: skip

    def _on_archive_clicked(self) -> None:
        row = self._selected_queue()
        if row is None:
            self.message.setText(translate("supervisor", "Select a queue to archive."))
            return
        if self.confirm(
            translate(
                "supervisor",
                "Archive the queue {name}? It takes no new reports from now on (it is kept "
                "with its reports and decisions). This is recorded in the audit log.",
            ).format(name=row.name)
        ):
            done = translate("supervisor", "Queue {name} archived.").format(name=row.name)
            self._change(self.admin.queues.archive, row.name, done=done)

    def open_person_dialog(self, row: PersonRow | None) -> PersonDialog:
        dialog = PersonDialog(row, parent=self)
        dialog.accepted.connect(lambda: self._on_person_accepted(dialog, row))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_person_accepted(self, dialog: PersonDialog, row: PersonRow | None) -> None:
        name, role, display = dialog.value()
        if row is None:
            done = translate("supervisor", "{name} added.").format(name=name)
            self._change(self.admin.people.add, name, role, display, done=done)
        else:
            self._change(
                lambda: self.admin.people.edit(row.username, role=role, display_name=display),
                done=translate("supervisor", "{name} saved.").format(name=row.username),
            )

    def _on_active_clicked(self, active: bool) -> None:
        row = self._selected_person()
        if row is None:
            self.message.setText(translate("supervisor", "Select a person first."))
            return
        if not active and not self.confirm(
            translate(
                "supervisor",
                "Deactivate {name}? From now on they can neither sign in nor claim a "
                "report. This is recorded in the audit log.",
            ).format(name=row.username)
        ):
            return
        self._change(
            lambda: self.admin.people.edit(row.username, active=active),
            done=(
                translate("supervisor", "{name} reactivated.")
                if active
                else translate("supervisor", "{name} deactivated.")
            ).format(name=row.username),
        )

    # --- access (team mode): enrollment codes and revocation --------------------------------

    def _on_code_clicked(self) -> None:
        row, access = self._selected_person(), self.admin.access
        if access is None:
            return
        if row is None:
            self.message.setText(translate("supervisor", "Select a person first."))
            return
        name = row.username
        self.message.setText(
            translate("supervisor", "Issuing a code for {name}…").format(name=name)
        )
        self.tasks.run(
            DB, access.issue_code, name,
            on_done=lambda issued: self._on_code_issued(name, issued), on_failed=self._on_failed,
        )  # fmt: skip

    def _on_code_issued(self, name: str, issued: EnrollmentCode) -> None:
        # The code itself goes only into the dialog: never the message line, never a log.
        if issued.code is None:
            self.message.setText(
                translate("supervisor", "That code was shown already: issue another.")
            )
            return
        self.message.setText(
            translate("supervisor", "An enrollment code for {name} was issued.").format(name=name)
        )
        self.show_code(name, issued)

    def _show_code(self, name: str, issued: EnrollmentCode) -> None:
        expires = i18n.moment(issued.expires_at.astimezone(self.tz)) if issued.expires_at else ""
        box = QMessageBox(self)
        box.setWindowTitle(translate("supervisor", "Enrollment code"))
        box.setText(
            translate(
                "supervisor",
                "The one-time enrollment code for {name}:\n\n{code}\n\nIt is shown only now "
                "and works once, until {expires}. Give it to {name} in person or by a trusted "
                "channel; they enter it when adding their team profile.",
            ).format(name=name, code=issued.code, expires=expires)
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = box
        box.open()

    def _on_revoke_clicked(self) -> None:
        row, access = self._selected_person(), self.admin.access
        if access is None:
            return
        if row is None:
            self.message.setText(translate("supervisor", "Select a person first."))
            return
        name = row.username
        if not self.confirm(
            translate(
                "supervisor",
                "Revoke every workstation of {name}? Their tokens stop working at once, and "
                "each of their desks must enroll again with a new code. This is recorded in "
                "the audit log.",
            ).format(name=name)
        ):
            return
        self.tasks.run(
            DB, access.revoke_tokens, name,
            on_done=lambda n: self._on_changed(
                translate("supervisor", "{name}: {count} workstations revoked.").format(
                    name=name, count=n
                )
            ),
            on_failed=self._on_failed,
        )  # fmt: skip

    def import_file(self, path: Path) -> None:
        self.message.setText(translate("supervisor", "Importing {name}…").format(name=path.name))
        self.tasks.run(
            DB, self.admin.policies.import_file, path,
            on_done=lambda result: self._on_changed(result.summary()),
            on_failed=self._on_failed,
        )  # fmt: skip

    def _on_import_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            translate("supervisor", "Import a policy"),
            "",
            translate("supervisor", "Policy files (*.toml);;All files (*)"),
        )
        if name:
            self.import_file(Path(name))

    def export_file(self, row: PolicyRow, path: Path) -> None:
        def write() -> None:
            path.write_bytes(self.admin.policies.text(f"{row.policy_id}@{row.version}").data())

        self._change(write, done=translate("supervisor", "Wrote {name}.").format(name=path.name))

    def _on_export_clicked(self) -> None:
        row = self._selected_policy()
        if row is None:
            self.message.setText(translate("supervisor", "Select a policy version to export."))
            return
        name, _filter = QFileDialog.getSaveFileName(
            self,
            translate("supervisor", "Export the policy"),
            f"{row.policy_id}-{row.version}.toml",
            translate("supervisor", "Policy (*.toml)"),
        )
        if name:
            self.export_file(row, Path(name))

    def save_org_settings(self) -> None:
        values = {
            "name": self.org_name.text(),
            "timezone": self.timezone.currentText(),
            "support": self.support.text(),
            "content_retention_days": self.content_days.value() or None,
            "media_retention_days": self.media_days.value() or None,
            "default_wellbeing": self.default_wellbeing.currentText(),
        }
        self._change(
            self.admin.organisation.change, values, done=translate("supervisor", "Settings saved.")
        )

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, translate("supervisor", "Admin"), question)
        return answer == QMessageBox.StandardButton.Yes


def open_admin(context: ToolContext) -> QWidget:
    """The Tools menu's "Admin" window; a refusal for anyone but a supervisor."""
    if not context.reviewer.role.at_least(Role.SUPERVISOR):
        return refusal(
            "admin", translate("supervisor", "Admin"), translate(
                "supervisor", "The Admin window is for supervisors: ask one to change queues, "
                "people, policies or settings. Your role is {role}.",
            ).format(role=context.reviewer.role.value),
        )  # fmt: skip
    # The team server's, in team mode; else the workspace's (the window never knows which).
    admin = context.supervision.admin if context.supervision is not None else None
    if admin is None and context.workspace is not None:
        admin = Admin(context.workspace, context.reviewer.username)
    if admin is None:
        notice = local_only(context, "admin", translate("supervisor", "Admin"), "people")
        assert notice is not None  # no workspace here
        return notice
    window = AdminWindow(admin, context.tasks, context.tz)
    window.setParent(context.parent, Qt.WindowType.Window)
    window.show()
    return window
