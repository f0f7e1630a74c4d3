"""Wellbeing in the review window: the domain state machine wired to what is on screen.

The controller tells `domain.wellbeing.Wellbeing` what is shown (a report, sharp or blurred,
the window visible, not minimised and active) and what the reviewer does (keys and mouse),
ticks it once a second, and carries out what it decides: the break screen with the session
paused (leases given back), the idle lock, the check-in, "I need to stop", the daily cap (only
non-visual work next), each recorded through the wellbeing service
(`services.interfaces.WellbeingRecords`) on the database lane.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from moderator.domain.clock import Clock
from moderator.domain.errors import ModeratorError
from moderator.domain.ids import new_uid
from moderator.domain.rows import Exposure
from moderator.domain.wellbeing import Event, State, Wellbeing
from moderator.domain.wellbeing_profile import severity_of
from moderator.services.interfaces import Start, WellbeingRecords
from moderator.ui.common import i18n
from moderator.ui.common.i18n import translate
from moderator.ui.common.tasks import DB, Tasks
from moderator.ui.review.items import Item
from moderator.ui.review.session import ReviewSession
from moderator.ui.review.viewer import Viewer
from moderator.ui.wellbeing.break_screen import BreakScreen
from moderator.ui.wellbeing.checkin import CheckInView, checkin_text
from moderator.ui.wellbeing.interruptions import InterruptionsMixin

ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}
SCREEN = {
    QEvent.Type.Show,
    QEvent.Type.Hide,
    QEvent.Type.WindowStateChange,
    QEvent.Type.ActivationChange,
    QEvent.Type.WindowActivate,
    QEvent.Type.WindowDeactivate,
}


def minutes(seconds: float) -> str:
    return translate("common", "{minutes} min").format(minutes=i18n.number(seconds // 60))


class WellbeingController(InterruptionsMixin, QObject):
    def __init__(
        self,
        window: QMainWindow,
        session: ReviewSession,
        viewer: Viewer,
        service: WellbeingRecords,
        tasks: Tasks,
        clock: Clock,
        *,
        tz: tzinfo | None = None,
        tick_ms: int = 1000,
        reblur_seconds: float | None = None,  # overrides the profile's (tests, demos)
    ) -> None:
        super().__init__(window)
        self.window, self.session, self.viewer = window, session, viewer
        self.service, self.tasks, self.clock, self.tz = service, tasks, clock, tz
        self.machine: Wellbeing | None = None
        self.reblur_seconds = reblur_seconds
        self.break_uid: str | None = None
        self.ending = "released"  # why the report on screen is leaving it
        self.checkin_subject: tuple[str | None, str] = (None, "")  # (report uid, severity)
        self.checkin_words = ""
        self.status = QLabel()
        self.status.setObjectName("muted")
        window.statusBar().addPermanentWidget(self.status)
        self.break_screen = BreakScreen(window)
        self.checkin = CheckInView(window)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        session.presented.connect(self._on_session_presented)
        viewer.sharp_changed.connect(self._on_viewer_sharp_changed)
        self.break_screen.skip_asked.connect(self._on_break_skip_asked)
        self.break_screen.resumed.connect(self._on_break_resumed)
        self.checkin.answered.connect(self._on_checkin_answered)
        self.checkin.stop_asked.connect(self._on_checkin_stop_asked)
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # keys and mouse anywhere in the window are activity
        window.destroyed.connect(self._on_window_destroyed)

    # --- starting ------------------------------------------------------------------------------

    def start(self, then: Any) -> None:
        """Load the profile and today's figures, then call `then()` (the session's start)."""
        self.tasks.run(
            DB,
            self.service.start,
            self.session.queue_ids,
            on_done=partial(self._on_started, then),
            on_failed=self._on_start_failed(then),
        )

    def _on_start_failed(self, then: Any) -> Any:
        def failed(exc: BaseException) -> None:
            if not isinstance(exc, ModeratorError):
                raise exc
            # Nothing is claimed before the rules are known: shown in place, tried again.
            retry = self.session.timings.retry_ms
            self.session.problem.emit(
                translate("review", "{problem} Retrying every {seconds} s.").format(
                    problem=exc, seconds=retry // 1000
                )
            )
            QTimer.singleShot(retry, self, lambda: self.start(then))

        return failed

    def _on_started(self, then: Any, start: Start) -> None:
        machine = Wellbeing(
            start.profile,
            self.clock,
            tz=self.tz,
            revealed_today=start.revealed_today,
            stopped_today=start.stopped_today,
        )
        self.machine = machine
        self.session.looks = start.looks
        self.checkin.support_text = start.support
        self.break_screen.support = start.support
        self.viewer.set_reblur(self.reblur_seconds or start.profile.reblur_seconds)
        running = start.open_break
        if running is not None and machine.state is not State.STOPPED:
            if running.ends_at > self.clock.now():
                self.break_uid = running.uid
                machine.resume_break(running.ends_at, running.reason)
            else:  # it ran its length while the program was closed
                self.tasks.run(DB, self.service.break_ended, running.uid, on_failed=self._failed)
        self._sync_review()
        self.session.paused = not machine.may_claim
        self._show_state()
        self._on_screen_changed()
        self._timer.start()
        then()
        self.tick()

    # --- what is on screen ---------------------------------------------------------------------

    def visible(self) -> bool:
        window = self.window
        return (
            window.isVisible()
            and not window.isMinimized()
            and window.isActiveWindow()
            and not self.covered()
        )

    def covered(self) -> bool:
        return self.break_screen.isVisible() or self.checkin.isVisible()

    def _on_screen_changed(self) -> None:
        if self.machine is not None:
            self.machine.screen(visible=self.visible())

    def _on_viewer_sharp_changed(self, sharp: bool) -> None:
        if self.machine is not None:
            self.machine.screen(sharp=sharp)

    def _on_session_presented(self, item: Item | None) -> None:
        machine = self.machine
        if machine is None:
            return
        viewing = machine.viewing
        if viewing is not None and (item is None or viewing.key != item.uid):
            self._leave(self.ending)
        self.ending = "released"
        if item is not None and (machine.viewing is None or machine.viewing.key != item.uid):
            machine.present(
                item.uid, severity_of(item.details.priority), item.details.reported_category
            )
        self.tick()

    def _leave(self, ended_by: str) -> None:
        machine = self.machine
        assert machine is not None
        viewing = machine.leave(ended_by)
        if viewing is None or viewing.revealed_s + viewing.blurred_s <= 0:
            return
        exposure = Exposure(
            viewing.key,
            1,
            self.service.session_uid,
            viewing.severity,
            viewing.category,
            viewing.revealed_s,
            viewing.blurred_s,
            ended_by,
        )
        self.tasks.run(DB, self.service.record_exposure, exposure, on_failed=self._failed)

    def measured(self) -> tuple[float, float, str, str]:
        """(sharp s, blurred s, severity, category) of the report on screen, up to now."""
        machine = self.machine
        if machine is None or machine.viewing is None:
            return 0.0, 0.0, "", ""
        machine.screen()
        v = machine.viewing
        return v.revealed_s, v.blurred_s, v.severity, v.category

    def leaving(self, ended_by: str) -> None:
        """The window says why the current report is about to leave the screen."""
        self.ending = ended_by

    # --- the rules' decisions ------------------------------------------------------------------

    def tick(self) -> None:
        machine = self.machine
        if machine is None:
            return
        for event in machine.tick():
            self._apply(event)
        self._sync_review()
        if machine.state is State.BREAK:
            self.break_screen.tick(machine.break_left_s())
        self._update_status()

    def _apply(self, event: Event) -> None:
        machine = self.machine
        assert machine is not None
        kind = event.kind
        if kind == "break_started":
            self._pause("break")
            # The uid is chosen here so the break can be ended before its start is stored.
            self.break_uid = new_uid()
            self.tasks.run(
                DB,
                self.service.break_started,
                event.detail["reason"],
                event.detail["ends_at"],
                event.detail["hard"],
                self.break_uid,
                on_failed=self._failed,
            )
        elif kind == "break_ended":
            self._end_break("")
            self.break_screen.show_break_over()
        elif kind == "locked":
            self._pause("idle lock")
        elif kind == "cap_reached":
            self.session.release_ahead("daily exposure cap")
            self.session.notice.emit(
                translate(
                    "wellbeing",
                    "Today's exposure cap is reached: finish this report; after it, only reports "
                    "without images or video",
                )
            )
        elif kind == "checkin_asked":
            detail = event.detail
            self.checkin_subject = (detail["report"], detail["severity"])
            self.checkin_words = checkin_text(
                detail["severity"], detail["revealed_s"], detail["ended_by"]
            )
            self.viewer.end_reveal("checkin")
        elif kind == "day_changed":
            self._sync_review()
        self._show_state()

    def _pause(self, reason: str) -> None:
        self.viewer.end_reveal(reason)
        if self.machine is not None and self.machine.viewing is not None:
            self._leave("released")
        self.session.pause(reason)

    def _show_state(self) -> None:
        machine = self.machine
        if machine is None:
            return
        state = machine.state
        self.viewer.blocked = state is not State.WORKING or self.break_screen.mode == "over"
        if state is State.BREAK:
            self.break_screen.show_break(
                machine.break_left_s(), hard=machine.profile.hard, reason=machine.break_reason
            )
        elif state is State.LOCKED:
            self.break_screen.show_locked(machine.profile.idle_lock_minutes)
        elif state is State.STOPPED:
            self.checkin.hide()
            self.break_screen.show_stopped()
        elif state is State.CHECKIN and not self.checkin.isVisible():
            self.checkin.ask(self.checkin_words)
        if state is not State.CHECKIN:
            self.checkin.hide()
        # The undo grace period stands still while the check-in covers the window.
        self.session.hold_grace(state is State.CHECKIN)
        for action in self.window.actions():
            action.setEnabled(not self.covered())
        self._on_screen_changed()

    def _sync_review(self) -> None:
        if self.machine is not None:
            self.session.review.visual_allowed = self.machine.visual_allowed

    def _focus_window(self) -> None:
        central = self.window.centralWidget()
        if central is not None:
            central.setFocus()

    def _update_status(self) -> None:
        machine = self.machine
        if machine is None:
            return
        parts = [
            translate("wellbeing", "Exposure today {time}").format(
                time=minutes(machine.exposure_today_s())
            )
        ]
        if machine.state is State.WORKING:
            work, exposure = machine.work_left_s() + 59, machine.exposure_left_s() + 59
            parts.append(
                translate(
                    "wellbeing", "next break in {time} (or after {more} more revealed)"
                ).format(time=minutes(work), more=minutes(exposure))
                if machine.exposure_left_s() < machine.work_left_s()
                else translate("wellbeing", "next break in {time}").format(time=minutes(work))
            )
        elif machine.state is State.BREAK:
            parts.append(translate("wellbeing", "on a break"))
        if not machine.visual_allowed:
            parts.append(translate("wellbeing", "cap reached: non-visual work only"))
        text = " · ".join(parts)
        self.status.setText(text)

    # --- events --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if watched is self.window and kind in SCREEN:
            self._on_screen_changed()
        elif (
            kind in ACTIVITY
            and self.machine is not None
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            self.machine.activity()
        return False

    def _failed(self, exc: BaseException) -> None:
        self.session.fail(exc)

    def _on_window_destroyed(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def shutdown(self) -> None:
        """The window closes: record the report on screen, stop the clock."""
        self._timer.stop()
        if self.machine is not None and self.machine.viewing is not None:
            self._leave(self.ending)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
