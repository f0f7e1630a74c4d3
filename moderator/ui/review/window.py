"""The review window's behaviour: keys, the decision form per policy, states shown in place.

The window title and every message name reports by their reference only; no media, no
reporter's text, no URL ever leaves the window's panels.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QPlainTextEdit

from moderator.domain.policy import Policy
from moderator.domain.policy_i18n import localised
from moderator.services.interfaces import ExposureAudit, Pending, Training
from moderator.ui.common import i18n, style
from moderator.ui.common.i18n import translate
from moderator.ui.common.tasks import Tasks
from moderator.ui.review import actions
from moderator.ui.review.checklist import Checklist
from moderator.ui.review.checklist_view import ChecklistView, shown_reason
from moderator.ui.review.group import undo_text
from moderator.ui.review.items import Item
from moderator.ui.review.session import ReviewSession
from moderator.ui.review.training_notice import TrainingNotice
from moderator.ui.review.viewer import Viewer
from moderator.ui.review.window_view import MainWindowView

if TYPE_CHECKING:
    from moderator.ui.wellbeing.controller import WellbeingController


class MainWindow(MainWindowView):
    def __init__(
        self,
        session: ReviewSession,
        exposure: ExposureAudit,
        training: Training,
        tasks: Tasks,
        *,
        who: str,
        profile: str,
        now: Callable[[], datetime],
        timed_seconds: float = 5.0,
    ) -> None:
        super().__init__()
        self.session, self.tasks, self.now = session, tasks, now
        self.setWindowTitle(f"Moderator · {profile} · {who}")
        self.setStyleSheet(style.SHEET)
        self.who_label.setText(
            translate("review", "Signed in as {who} · profile {profile}").format(
                who=who, profile=profile
            )
        )
        self.viewer = Viewer(
            session, self.preview, exposure, tasks, timed_seconds=timed_seconds, parent=self
        )
        self.forms: dict[str, tuple[Checklist, ChecklistView]] = {}
        self.wellbeing: WellbeingController | None = None  # set by the Workstation
        self._may_close = False
        self.waiting_count: int | None = None  # the queue's count, once the header has one
        self._actions = self._make_actions()
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._on_clock_timeout)
        self._clock.start()
        session.presented.connect(self._on_session_presented)
        session.pending_changed.connect(self._on_session_pending_changed)
        session.problem.connect(self._on_session_problem)
        session.notice.connect(self._on_session_notice)
        session.waiting_changed.connect(self._on_session_waiting_changed)
        session.group_changed.connect(self._on_session_group_changed)
        session.member_rendered.connect(self._on_session_member_rendered)
        self.group_strip.toggled.connect(self._on_group_strip_toggled)
        session.closed.connect(self._on_session_closed)
        # The gating explanation and the training expiry warning.
        self.training = TrainingNotice(self, training, tasks)
        self.viewer.changed.connect(self.look_label.setText)
        self.viewer.refused.connect(self._on_session_notice)
        self.escalate_reason.returnPressed.connect(self._on_escalate_reason_return_pressed)
        self.queue_label.setText(translate("review", "Opening the queue…"))
        self.preview.show_placeholder(translate("review", "Loading the next report…"))
        self.surface.setFocus()

    def _make_actions(self) -> dict[str, QAction]:
        slots: dict[str, Callable[[], None]] = {
            "region": self.viewer.toggle_region,
            "timed": self.viewer.timed,
            "grayscale": self.viewer.toggle_grayscale,
            "blur_more": lambda: self.viewer.blur(1),
            "blur_less": lambda: self.viewer.blur(-1),
            "media_next": lambda: self.viewer.media_step(1),
            "media_prev": lambda: self.viewer.media_step(-1),
            "frame_next": lambda: self.viewer.frame_step(1),
            "frame_prev": lambda: self.viewer.frame_step(-1),
            "question_next": lambda: self._form_call(lambda c: c.move(1)),
            "question_prev": lambda: self._form_call(lambda c: c.move(-1)),
            "notes": self._on_notes_triggered,
            "leave": self._on_leave_triggered,
            "submit": self.submit,
            "undo": self.session.undo,
            "escalate": self._on_escalate_triggered,
            "skip": self._on_skip_triggered,
            "next": self.session.check_now,
            "group_next": lambda: self.group_strip.step(1),
            "group_toggle": self.group_strip.toggle_current,
            "reporter_text": self.details.toggle_reporter_text,
            "help": self.help.toggle,
        }
        made = {k.name: actions.make_action(self, k, slots[k.name]) for k in actions.KEYS
                if k.name in slots}  # fmt: skip
        made["submit"].setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        for number in range(1, 10):
            action = QAction(translate("review", "Answer {number}").format(number=number), self)
            action.setShortcut(QKeySequence(str(number)))
            action.triggered.connect(
                lambda _=False, n=number: self._form_call(lambda c: c.press(n))
            )
            self.addAction(action)
        for button, name in (
            (self.region_button, "region"),
            (self.timed_button, "timed"),
            (self.gray_button, "grayscale"),
            (self.blur_more, "blur_more"),
            (self.blur_less, "blur_less"),
            (self.help_button, "help"),
            (self.skip_button, "skip"),
            (self.escalate_button, "escalate"),
            (self.undo_button, "undo"),
        ):
            button.clicked.connect(made[name].trigger)
        return made

    # --- the current report --------------------------------------------------------------------

    @property
    def form(self) -> tuple[Checklist, ChecklistView] | None:
        item = self.session.current
        if item is None or item.policy is None:
            return None
        return self.forms.get(item.policy.sha256)

    def _form_for(self, policy: Policy) -> tuple[Checklist, ChecklistView]:
        if policy.sha256 not in self.forms:
            # The reviewer's language: only the words change (ids, rules and hash are the same).
            checklist = Checklist(localised(policy, i18n.current()), self)
            view = ChecklistView(checklist)
            view.submit.clicked.connect(self.submit)
            checklist.changed.connect(self._on_checklist_changed)
            checklist.refused.connect(self._on_session_notice)
            self.checklists.addWidget(view)
            self.forms[policy.sha256] = (checklist, view)
        return self.forms[policy.sha256]

    def prepare_forms(self, policies: list[Policy]) -> None:
        """Build decision forms ahead, one per event-loop turn, before a report needs one."""
        if policies:
            self._form_for(policies[0])
            QTimer.singleShot(0, self, lambda: self.prepare_forms(policies[1:]))

    def _form_call(self, call: Callable[[Checklist], None]) -> None:
        if self.form is not None:
            call(self.form[0])

    def _on_session_presented(self, item: Item | None) -> None:
        self.escalate_bar.hide()
        self._on_session_group_changed(item)
        if item is None:
            self.details.clear()
            loading = not self.session.is_empty
            self.pages.setCurrentWidget(self.split if loading else self.empty_page)
            self.empty.setText(translate("review", "Nothing to review right now"))
            self.empty_hint.setText(
                translate(
                    "review",
                    "The queue is checked again every {seconds} s, quietly. Press N to check now.",
                ).format(seconds=self.session.timings.poll_ms // 1000)
            )
            if not loading:
                self.queue_label.setText(translate("review", "No reports waiting for you"))
            if loading:
                self.preview.show_placeholder(translate("review", "Loading the next report…"))
            return
        self.pages.setCurrentWidget(self.split)
        self.details.show_report(item.details, self.now())
        if item.policy is None:
            self.policy_problem.setText(item.policy_problem)
            self.checklists.setCurrentWidget(self.policy_problem)
        else:
            checklist, view = self._form_for(item.policy)
            checklist.restore(item.draft)
            checklist.go_to(0)
            self.checklists.setCurrentWidget(view)
        self.surface.setFocus()

    # --- the group ------------------------------------------------------------------------------

    def _on_session_group_changed(self, item: Item | None) -> None:
        if item is None:
            self.group_strip.show_group([], set(), {})
        elif item is self.session.current:  # a lookup for a report no longer shown: ignored
            self.group_strip.show_group(item.members, item.taken_out, item.member_previews)

    def _on_session_member_rendered(self, item: Item, report_uid: str) -> None:
        if item is self.session.current:
            self.group_strip.show_preview(report_uid, item.member_previews[report_uid])

    def _on_group_strip_toggled(self, report_uid: str, in_group: bool) -> None:
        item = self.session.current
        if item is not None:
            (item.taken_out.discard if in_group else item.taken_out.add)(report_uid)

    def _on_checklist_changed(self) -> None:
        item, form = self.session.current, self.form
        if item is not None and form is not None:
            item.draft = form[0].draft()

    # --- deciding ------------------------------------------------------------------------------

    def submit(self) -> None:
        item, form = self.session.current, self.form
        if item is None or form is None:
            return
        checklist = form[0]
        if not checklist.verdict.ok:
            self.statusBar().showMessage(
                translate("review", "Cannot submit yet: {reason}").format(
                    reason=shown_reason(checklist.verdict.reason)
                ),
                6000,
            )
            return
        self.viewer.end_reveal("submitted")
        decision = checklist.decision(item.seconds_on_item, item.exposed_s)
        if self.wellbeing is not None:  # the measured figures: on screen, window in front
            sharp, blurred, severity, category = self.wellbeing.measured()
            decision = dataclasses.replace(decision, seconds_exposed=sharp,
                                           seconds_blurred=blurred, severity=severity,
                                           category=category)  # fmt: skip
            self.wellbeing.leaving("decided")
        self.session.submit(decision, checklist.draft())

    def _on_skip_triggered(self) -> None:
        self.viewer.end_reveal("skipped")
        if self.wellbeing is not None:
            self.wellbeing.leaving("skipped")
        self.session.skip()

    def _on_escalate_triggered(self) -> None:
        if self.session.current is None:
            return
        self.escalate_bar.show()
        self.escalate_reason.clear()
        self.escalate_reason.setFocus()

    def _on_escalate_reason_return_pressed(self) -> None:
        reason = self.escalate_reason.text().strip()
        if not reason:
            self.statusBar().showMessage(
                translate("review", "Say why you escalate (one line is enough)"), 6000
            )
            return
        self.escalate_bar.hide()
        self.viewer.end_reveal("escalated")
        if self.wellbeing is not None:
            self.wellbeing.leaving("escalated")
        self.session.escalate(reason)
        self.surface.setFocus()

    def _on_notes_triggered(self) -> None:
        if self.form is not None:
            self.form[1].current_editor().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_leave_triggered(self) -> None:
        if self.help.isVisible():
            self.help.toggle()
        self.escalate_bar.hide()
        self.viewer.end_reveal("escape")
        self.surface.setFocus()

    # --- messages ------------------------------------------------------------------------------

    def _on_session_pending_changed(self, pending: Pending | None) -> None:
        self._on_clock_timeout()
        self.show_undo_bar(pending is not None)

    def _on_clock_timeout(self) -> None:
        item = self.session.pending
        if item is not None:
            pending, done = item
            outcome = pending.decision.outcome
            if done.policy is not None:
                outcome = localised(done.policy, i18n.current()).outcome(outcome).label
            left = max(0, round(self.session.grace_left()))
            # Team mode: saved on this desk first, then sent to the server (the record).
            text = undo_text(bool(pending.members), self.session.desk.sent(pending))
            self.undo_text.setText(
                text.format(
                    ref=done.details.external_ref, outcome=outcome, left=left,
                    count=i18n.number(len(pending.members)),
                )
            )  # fmt: skip
        if self.session.current is not None:
            self.details.tick(self.now())

    def _on_session_problem(self, text: str) -> None:
        self.banner_text.setText(text)
        self.banner.setVisible(bool(text))

    def _on_session_notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def _on_session_waiting_changed(self, count: int) -> None:
        self.waiting_count = count
        item = self.session.current
        title = item.details.queue_title if item else ""
        # -1: not known (team mode, before the server said).
        waiting = translate("review", "{title} · {count} waiting")
        self.queue_label.setText(
            waiting.format(title=title, count=i18n.number(count)) if count >= 0 else title
        )

    # --- keys and closing ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.viewer.hold()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.viewer.release()
            return
        super().keyReleaseEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.ActivationChange:
            if not self.isActiveWindow():
                self.viewer.end_reveal("window_inactive")
            self.viewer.update_exposure("window_inactive")
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._may_close:
            self._clock.stop()
            event.accept()
            return
        event.ignore()
        self.viewer.end_reveal("closing")
        if self.wellbeing is not None:
            self.wellbeing.shutdown()
        self.queue_label.setText(
            translate("review", "Closing: saving decisions and giving reports back…")
        )
        self.session.shutdown()

    def _on_session_closed(self) -> None:
        self._may_close = True
        self.close()

    def focused_text_field(self) -> bool:
        return isinstance(self.focusWidget(), QPlainTextEdit)
