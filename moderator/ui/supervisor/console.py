"""The supervisor console: the central audit log, filtered, with details, chain status, export.

It reads the central store (`open_central`: for a single-seat SQLite workspace, the workspace
itself) on its own task lanes, so a long export or a verification of a million events never
holds up paging, and the review window's lanes are not touched. It shows no media, only the
log. Supervisors and above only; anyone else gets a refusal and nothing is opened.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelection, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFileDialog, QWidget

from moderator.domain.reports import Role
from moderator.domain.rows import ReviewerRef
from moderator.services.audit_console import WorkstationStatus
from moderator.services.console import Column, EventDetails, EventFilter
from moderator.services.console_export import ExportResult, Format
from moderator.services.supervision import ConsoleService
from moderator.ui.common import i18n
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from moderator.ui.common.tasks import DB, Tasks
from moderator.ui.common.tools import ToolContext, refusal
from moderator.ui.supervisor.console_model import AuditLogTableModel
from moderator.ui.supervisor.console_text import chain_status, describe
from moderator.ui.supervisor.console_view import ConsoleView

EXPORT, VERIFY = "export", "verify"
REFUSAL = QT_TRANSLATE_NOOP(
    "supervisor",
    "The audit console is for supervisors. Your role is {role}; "
    "ask a supervisor if you need something from the audit log.",
)


@dataclass(frozen=True)
class ExportJob:
    path: Path
    fmt: Format
    filter: EventFilter


class ConsoleWindow(ConsoleView):
    """Behaviour of the console; the layout is `ConsoleView`."""

    export_progressed = Signal(int, int)  # emitted from the export thread; queued to the GUI

    def __init__(self, service: ConsoleService, reviewer: ReviewerRef) -> None:
        super().__init__()
        self.reviewer = reviewer
        self.tasks = Tasks({DB: 1, EXPORT: 1, VERIFY: 1})
        self.service = service
        self.model: AuditLogTableModel | None = None
        self.details: EventDetails | None = None
        self.chains: list[WorkstationStatus] = []
        self._cancel = threading.Event()
        self.export_result: ExportResult | None = None
        self.apply_button.clicked.connect(self.apply)
        self.clear_button.clicked.connect(self.clear)
        self.verify_button.clicked.connect(self.verify)
        self.csv_button.clicked.connect(lambda: self.export(Format.CSV))
        self.jsonl_button.clicked.connect(lambda: self.export(Format.JSONL))
        self.cancel_button.clicked.connect(self._cancel.set)
        self.report_edit.returnPressed.connect(self.apply)
        self.export_progressed.connect(self._on_export_progressed)
        self.set_status(translate("supervisor", "Opening the central store…"))
        self.tasks.run(
            DB, self.service.open,
            on_done=self._on_opened, on_failed=self._on_read_failed,
        )  # fmt: skip

    # --- opening ---------------------------------------------------------------------------

    def _on_opened(self, _none: None) -> None:
        self.model = AuditLogTableModel(self.service, self.tasks, parent=self)
        self.model.counted.connect(self._on_counted)
        self.model.failed.connect(self._on_read_failed)
        self.table.setModel(self.model)
        self.size_columns()
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection)
        self.tasks.run(DB, self._read_choices, on_done=self._on_choices, on_failed=lambda _: None)
        self.apply()
        self.verify()

    def _read_choices(self) -> tuple[dict[Column, list[str]], list[tuple[str, str]]]:
        """On the worker: the dropdowns' values, outcomes with their labels."""
        choices = self.service.choices()
        return choices, self.service.outcome_labels(choices[Column.OUTCOME])

    def _on_choices(self, found: tuple[dict[Column, list[str]], list[tuple[str, str]]]) -> None:
        choices, outcomes = found
        self.fill_choices(
            choices[Column.ACTOR], choices[Column.KIND], outcomes, choices[Column.POLICY],
        )  # fmt: skip

    # --- filtering ---------------------------------------------------------------------------

    def current_filter(self) -> EventFilter:
        def day(value: QDate) -> datetime | None:
            if value == self.from_edit.minimumDate():
                return None  # the "any" value
            local = datetime(value.year(), value.month(), value.day()).astimezone()
            return local.astimezone(UTC)

        since, until = day(self.from_edit.date()), day(self.to_edit.date())
        kind = self.kind_combo.currentData()
        return EventFilter(
            actor=self.reviewer_combo.currentText().strip() or None,
            report_ref=self.report_edit.text().strip() or None,
            kinds=(kind,) if kind else (),
            outcome=self.outcome_combo.currentData() or None,
            policy_id=self.policy_combo.currentData() or None,
            since=since,
            until=until + timedelta(days=1) if until else None,  # "to" is the last day shown
        )

    def apply(self) -> None:
        if self.model is None:
            return
        f = self.current_filter()
        self.details = None
        self.details_text.setPlainText(
            translate("supervisor", "Select an event to see its details.")
        )
        self.set_status(translate("supervisor", "Counting…"))
        self.model.set_filter(f)

    def clear(self) -> None:
        self.reset_filters()
        self.apply()

    def _on_counted(self, total: int) -> None:
        filtered = self.model is not None and not self.model.filter.empty
        if total == 1:
            text = (translate("supervisor", "1 event matches the filter") if filtered
                    else translate("supervisor", "1 event"))  # fmt: skip
        else:
            text = (translate("supervisor", "{count} events match the filter") if filtered
                    else translate("supervisor", "{count} events"))  # fmt: skip
        self.set_status(text.format(count=i18n.number(total)))

    def _on_read_failed(self, error: object) -> None:
        self.set_status(
            translate("supervisor", "The central store could not be read: {problem}").format(
                problem=error
            )
        )

    # --- details -------------------------------------------------------------------------------

    def _on_table_selection(self, selected: QItemSelection, _old: QItemSelection) -> None:
        if self.model is None or not selected.indexes():
            return
        row = self.model.row_at(selected.indexes()[0].row())
        if row is None:
            self.details_text.setPlainText(translate("supervisor", "Loading…"))
            return
        self.show_details(row.uid)

    def show_details(self, uid: str) -> None:
        self.tasks.run(DB, self.service.details, uid, on_done=self._on_details,
                       on_failed=self._on_read_failed)  # fmt: skip

    def _on_details(self, details: EventDetails | None) -> None:
        self.details = details
        self.details_text.setPlainText(
            describe(details)
            if details
            else translate("supervisor", "This event is no longer in the central store.")
        )

    # --- verification ----------------------------------------------------------------------------

    def verify(self) -> None:
        if not self.service.is_open:
            return
        self.verify_button.setEnabled(False)
        self.verify_label.setText(translate("supervisor", "Verifying every workstation's chain…"))
        self.tasks.run(
            VERIFY, self._verify, on_done=self._on_verified, on_failed=self._on_verify_failed
        )

    def _verify(self) -> tuple[list[WorkstationStatus], dict[str, str]]:
        """On the verification lane: the chains, and their workstations' names."""
        chains = self.service.verify()
        return chains, self.service.workstation_names(c.workstation for c in chains)

    def _on_verified(self, result: tuple[list[WorkstationStatus], dict[str, str]]) -> None:
        chains, names = result
        self.chains = chains
        self.verify_button.setEnabled(True)
        self.show_chains([chain_status(c, names.get(c.workstation)) for c in chains],
                         [c.ok for c in chains])  # fmt: skip
        bad = sum(1 for c in chains if not c.ok)
        self.verify_label.setText(
            translate("supervisor", "{workstations}, all verified").format(
                workstations=_workstations(len(chains)))
            if not bad
            else translate("supervisor", "{bad} of {workstations} need attention").format(
                bad=i18n.number(bad), workstations=_workstations(len(chains)))
        )  # fmt: skip

    def _on_verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.verify_label.setText(
            translate("supervisor", "Verification could not run: {problem}").format(problem=exc)
        )

    # --- export ----------------------------------------------------------------------------------

    def export(self, fmt: Format, path: Path | None = None) -> None:
        """Export the filtered events; asks where unless `path` is given."""
        if not self.service.is_open or self.model is None:
            return
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, translate("supervisor", "Export the filtered audit log"),
                f"audit-log.{fmt.value}",
                f"{fmt.value.upper()} (*.{fmt.value})",
            )  # fmt: skip
            if not chosen:
                return
            path = Path(chosen)
        job = ExportJob(path, fmt, self.model.filter)
        self._cancel.clear()
        self.export_result = None
        self.show_export_progress(0, 0)
        self.tasks.run(EXPORT, self._export, job, on_done=self._on_exported,
                       on_failed=self._on_export_failed)  # fmt: skip

    def _export(self, job: ExportJob) -> ExportResult:
        """On the export lane: write the file; the service records who exported what."""
        return self.service.export(
            job.filter, job.path, job.fmt, progress=self.export_progressed.emit, cancel=self._cancel
        )

    def _on_export_progressed(self, done: int, total: int) -> None:
        self.show_export_progress(done, total)

    def _on_exported(self, result: ExportResult) -> None:
        self.export_result = result
        self.hide_export_progress()
        self.set_export_message(
            translate("supervisor", "Export cancelled; no file was written.") if result.cancelled
            else translate("supervisor", "Exported {count} events to {path}").format(
                count=i18n.number(result.rows), path=result.path)
        )  # fmt: skip

    def _on_export_failed(self, exc: BaseException) -> None:
        self.hide_export_progress()
        self.set_export_message(
            translate("supervisor", "The export failed and no file was written: {problem}").format(
                problem=exc
            )
        )

    # --- closing ---------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self._cancel.set()
        self.tasks.close()
        self.service.close()
        super().closeEvent(event)


def _workstations(n: int) -> str:
    if n == 1:
        return translate("supervisor", "1 workstation")
    return translate("supervisor", "{count} workstations").format(count=i18n.number(n))


def open_console(context: ToolContext) -> QWidget:
    """The Tools-menu opener: the console for a supervisor, a refusal for anyone else."""
    if not context.reviewer.role.at_least(Role.SUPERVISOR):
        return refusal(
            "console",
            translate("common", "Audit console"),
            translate("supervisor", REFUSAL).format(role=context.reviewer.role.value),
        )
    window = ConsoleWindow(context.services.console(), context.reviewer)
    window.show()
    return window
