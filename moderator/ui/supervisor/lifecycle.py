"""The supervisor's "Actions and notices" window: what follows each final decision.

Two tabs: the actions (takedowns, host notices, hotline and police reports) with their state,
deadline and follow-up, overdue ones flagged and first; and the notices still owed to
reporters, with a countdown to their deadline. No media, no reporter text. `LifecycleView`
lays it out; `LifecycleWindow` does the work, every database call on the Tasks DB lane, and
refreshes the countdowns every minute.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moderator.services.admin_tools import LifecycleTools
from moderator.services.lifecycle import ActionRow, Lifecycle, NoticeRow
from moderator.ui.common import i18n, style
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from moderator.ui.common.models import RowsModel, table
from moderator.ui.common.tasks import DB, Tasks
from moderator.ui.common.text import plain
from moderator.ui.common.tools import ToolContext, local_only

ALERT = QColor("#e0a080")
REFRESH_MS = 60_000
# domain.lifecycle's ActionKind and ActionState in the supervisor's words.
KINDS = {
    "remove": QT_TRANSLATE_NOOP("supervisor", "remove"),
    "block": QT_TRANSLATE_NOOP("supervisor", "block"),
    "notify_host": QT_TRANSLATE_NOOP("supervisor", "notify host"),
    "report_hotline": QT_TRANSLATE_NOOP("supervisor", "report hotline"),
    "report_law_enforcement": QT_TRANSLATE_NOOP("supervisor", "report law enforcement"),
}
STATES = {
    "due": QT_TRANSLATE_NOOP("supervisor", "due"),
    "sent": QT_TRANSLATE_NOOP("supervisor", "sent"),
    "confirmed": QT_TRANSLATE_NOOP("supervisor", "confirmed"),
    "failed": QT_TRANSLATE_NOOP("supervisor", "failed"),
}


ACTION_HEADS = (
    QT_TRANSLATE_NOOP("supervisor", "Report"),
    QT_TRANSLATE_NOOP("supervisor", "Queue"),
    QT_TRANSLATE_NOOP("supervisor", "Host"),
    QT_TRANSLATE_NOOP("supervisor", "Action"),
    QT_TRANSLATE_NOOP("supervisor", "State"),
    QT_TRANSLATE_NOOP("supervisor", "Due"),
    QT_TRANSLATE_NOOP("supervisor", "Follow-up"),
    QT_TRANSLATE_NOOP("supervisor", "Alert"),
)
NOTICE_HEADS = (
    QT_TRANSLATE_NOOP("supervisor", "Report"),
    QT_TRANSLATE_NOOP("supervisor", "Queue"),
    QT_TRANSLATE_NOOP("supervisor", "Received"),
    QT_TRANSLATE_NOOP("supervisor", "Due before"),
    QT_TRANSLATE_NOOP("supervisor", "Countdown"),
)


def named(names: dict[str, str], code: str) -> str:
    return translate("supervisor", names[code]) if code in names else code.replace("_", " ")


def countdown(deadline: datetime, now: datetime) -> str:
    seconds = int((deadline - now).total_seconds())
    left = abs(seconds)
    if left >= 86400:
        text = translate("common", "{days} d {hours} h").format(
            days=left // 86400, hours=left % 86400 // 3600
        )
    else:
        text = translate("common", "{hours} h {minutes} min").format(
            hours=left // 3600, minutes=left % 3600 // 60
        )
    if seconds > 0:
        return translate("supervisor", "{time} left").format(time=text)
    return translate("supervisor", "overdue by {time}").format(time=text)


class AlertModel(RowsModel):
    """Rows whose `overdue` is set (past due or follow-up, or a notice past its deadline)
    are drawn in the alert colour."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.rows[index.row()]
            return ALERT if getattr(row, "overdue", False) else None
        return super().data(index, role)


class LifecycleView(QWidget):
    def __init__(self, zone: tzinfo | None) -> None:
        super().__init__()
        self.zone, self.now = zone, datetime.now().astimezone()
        self.setWindowTitle(translate("supervisor", "Actions and notices to reporters"))
        self.setStyleSheet(style.SHEET)
        self.resize(1150, 620)
        self.actions_model = AlertModel(
            ("#", *(translate("supervisor", h) for h in ACTION_HEADS)),
            lambda r: (
                str(r.id),
                r.report_ref,
                r.queue,
                r.host or "—",
                named(KINDS, r.kind),
                named(STATES, r.state),
                self.when(r.due_at),
                self.when(r.follow_up_at),
                translate("supervisor", "OVERDUE") if r.overdue else "",
            ),  # fmt: skip
        )
        self.notices_model = AlertModel(
            tuple(translate("supervisor", h) for h in NOTICE_HEADS),
            lambda n: (
                n.report_ref,
                n.queue,
                self.when(n.received_at),
                self.when(n.deadline),
                countdown(n.deadline, self.now),
            ),  # fmt: skip
        )
        self.actions_view, self.notices_view = table(self.actions_model), table(self.notices_model)
        self.overdue_only = QCheckBox(translate("supervisor", "Overdue only"))
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText(
            translate("supervisor", "Evidence: a ticket number, the host's reply, a URL")
        )
        self.sent, self.confirmed, self.failed = (
            QPushButton(translate("supervisor", "Sent")),
            QPushButton(translate("supervisor", "Confirmed")),
            QPushButton(translate("supervisor", "Failed")))  # fmt: skip
        self.confirmed.setObjectName("submit")
        self.notice_text = QLineEdit()
        self.notice_text.setPlaceholderText(
            translate("supervisor", "The notice exactly as the reporter received it")
        )
        self.record_notice = QPushButton(translate("supervisor", "Record notice sent"))
        self.record_notice.setObjectName("submit")
        self.summary, self.status = plain(name="heading"), plain(name="muted")

        actions = QWidget()
        col = QVBoxLayout(actions)
        top = QHBoxLayout()
        top.addWidget(
            plain(
                translate("supervisor", "Actions final decisions call for; overdue first"), "muted"
            ),
            1,
        )
        top.addWidget(self.overdue_only)
        col.addLayout(top)
        col.addWidget(self.actions_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.evidence, 1)
        for button in (self.sent, self.confirmed, self.failed):
            row.addWidget(button)
        col.addLayout(row)
        notices = QWidget()
        ncol = QVBoxLayout(notices)
        ncol.addWidget(
            plain(
                translate("supervisor", "Notices owed to reporters, soonest deadline first"),
                "muted",
            )
        )
        ncol.addWidget(self.notices_view, 1)
        nrow = QHBoxLayout()
        nrow.addWidget(self.notice_text, 1)
        nrow.addWidget(self.record_notice)
        ncol.addLayout(nrow)
        self.tabs = QTabWidget()
        self.tabs.addTab(actions, translate("supervisor", "Actions"))
        self.tabs.addTab(notices, translate("supervisor", "Notices to reporters"))
        outer = QVBoxLayout(self)
        outer.addWidget(self.summary)
        outer.addWidget(self.tabs, 1)
        outer.addWidget(self.status)

    def when(self, value: datetime | None) -> str:
        return i18n.moment(value.astimezone(self.zone)) if value else "—"


Loaded = tuple[list[ActionRow], list[NoticeRow], datetime]


class LifecycleWindow(LifecycleView):
    def __init__(self, service: LifecycleTools, tasks: Tasks, zone: tzinfo | None = None) -> None:
        super().__init__(zone)
        self.service, self.tasks = service, tasks
        self.sent.clicked.connect(lambda: self._on_mark_clicked("sent"))
        self.confirmed.clicked.connect(lambda: self._on_mark_clicked("confirmed"))
        self.failed.clicked.connect(lambda: self._on_mark_clicked("failed"))
        self.record_notice.clicked.connect(self._on_record_notice_clicked)
        self.overdue_only.toggled.connect(lambda _on: self.reload())
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.reload)
        self.timer.start()
        self.reload()

    def _db(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None]) -> None:
        self.tasks.run(DB, fn, *args, on_done=done, on_failed=self._on_failed)

    def reload(self) -> None:
        service, overdue = self.service, self.overdue_only.isChecked()

        def load() -> Loaded:
            rows = service.actions(overdue=overdue)
            return rows, service.notices(), service.now()

        self._db(load, done=self._on_loaded)

    def _on_loaded(self, loaded: Loaded) -> None:
        actions, notices, self.now = loaded
        open_ = [a for a in actions if a.state != "confirmed"]
        actions = sorted(actions, key=lambda a: (not a.overdue, a.state == "confirmed", a.due_at))
        self.actions_model.set_rows(actions)
        self.notices_model.set_rows(notices)
        late = sum(a.overdue for a in actions)
        owed = sum(n.overdue for n in notices)
        self.summary.setText(translate(
            "supervisor", "{open} open action(s), {late} overdue; {owed} notice(s) owed, "
            "{owed_late} overdue").format(open=len(open_), late=late, owed=len(notices),
                                          owed_late=owed))  # fmt: skip

    def _selected_action(self) -> ActionRow | None:
        index = self.actions_view.selectionModel().currentIndex()
        rows = self.actions_model.rows
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def _on_mark_clicked(self, state: str) -> None:
        action = self._selected_action()
        if action is None:
            self.status.setText(translate("supervisor", "Choose an action first."))
            return
        evidence = self.evidence.text()
        self._db(self.service.mark, action.id, state, evidence,
                 done=lambda row: self._on_changed(translate(
                     "supervisor", "Action {id} is {state}.").format(
                         id=row.id, state=named(STATES, row.state))))  # fmt: skip

    def _on_record_notice_clicked(self) -> None:
        index = self.notices_view.selectionModel().currentIndex()
        rows = self.notices_model.rows
        if not index.isValid() or index.row() >= len(rows):
            self.status.setText(translate("supervisor", "Choose a report first."))
            return
        notice: NoticeRow = rows[index.row()]
        text = self.notice_text.text()
        self._db(
            self.service.send_notice, notice.report_uid, text,
            done=lambda n: self._on_changed(
                translate("supervisor", "Notice for {ref} recorded.").format(ref=n.report_ref)),
        )  # fmt: skip

    def _on_changed(self, message: str) -> None:
        self.status.setText(message)
        self.evidence.clear()
        self.notice_text.clear()
        self.reload()

    def _on_failed(self, exc: BaseException) -> None:
        self.status.setText(
            translate("supervisor", "Could not do that: {problem}").format(problem=exc)
        )


def open_lifecycle(context: ToolContext) -> QWidget:
    # The team server's, in team mode; else the workspace's (the window never knows which).
    service = context.supervision.lifecycle if context.supervision is not None else None
    if service is None and context.workspace is not None:
        service = Lifecycle(context.workspace, context.reviewer.username)
    if service is None:
        title = translate("common", "Actions and notices")
        notice = local_only(context, "lifecycle", title, "action")
        assert notice is not None  # no workspace here
        return notice
    window = LifecycleWindow(service, context.tasks, context.tz)
    window.setParent(context.parent, window.windowFlags() | Qt.WindowType.Window)
    window.show()
    return window
