"""Breaks and check-ins as the reviewer answers them: skipping a soft break (with its reason),
resuming after a break or the idle lock, the check-in score and "I need to stop". A mixin of
`WellbeingController` (controller.py), which owns the state it uses."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from moderator.domain.errors import ModeratorError
from moderator.domain.wellbeing import Event, State, Wellbeing
from moderator.ui.common.tasks import DB

if TYPE_CHECKING:
    from moderator.services.interfaces import WellbeingRecords
    from moderator.ui.common.tasks import Tasks
    from moderator.ui.review.session import ReviewSession
    from moderator.ui.wellbeing.break_screen import BreakScreen


class InterruptionsMixin:
    if TYPE_CHECKING:  # state and methods that WellbeingController owns
        machine: Wellbeing | None
        break_uid: str | None
        checkin_subject: tuple[str | None, str]
        session: ReviewSession
        service: WellbeingRecords
        tasks: Tasks
        break_screen: BreakScreen

        def _apply(self, event: Event) -> None: ...
        def _pause(self, reason: str) -> None: ...
        def _show_state(self) -> None: ...
        def _focus_window(self) -> None: ...
        def _update_status(self) -> None: ...
        def _failed(self, exc: BaseException) -> None: ...

    def _end_break(self, skipped_because: str) -> None:
        if self.break_uid is not None:
            self.tasks.run(
                DB,
                partial(self.service.break_ended, self.break_uid, skipped_because=skipped_because),
                on_failed=self._failed,
            )
            self.break_uid = None

    def _on_break_skip_asked(self, reason: str) -> None:
        machine = self.machine
        if machine is None:
            return
        try:
            machine.skip_break(reason)
        except ModeratorError as exc:
            self.session.notice.emit(str(exc))
            return
        machine.tick()  # the skip's own event: recorded here, with its reason
        self._end_break(reason)
        self._resume()

    def _on_break_resumed(self) -> None:
        machine = self.machine
        if machine is None:
            return
        if machine.state is State.LOCKED:
            machine.unlock()
            for event in machine.tick():
                if event.kind != "unlocked":
                    self._apply(event)
        if machine.state is State.WORKING:
            self._resume()

    def _resume(self) -> None:
        self.break_screen.mode = ""
        self.break_screen.hide()
        self._show_state()
        self.session.resume()
        self._focus_window()
        self._update_status()

    def _on_checkin_answered(self, score: int) -> None:
        machine = self.machine
        if machine is None or machine.state is not State.CHECKIN:
            return
        report, severity = self._checkin_subject()
        machine.check_in(score)
        self.tasks.run(DB, self.service.checked_in, report, severity, score, on_failed=self._failed)
        for event in machine.tick():
            if event.kind != "checked_in":
                self._apply(event)
        self._show_state()
        self._focus_window()

    def _on_checkin_stop_asked(self) -> None:
        machine = self.machine
        if machine is None:
            return
        report, severity = self._checkin_subject()
        machine.stop()
        machine.tick()
        self.tasks.run(DB, self.service.checked_in, report, severity, None, on_failed=self._failed)
        self._pause("stopped")
        self._show_state()

    def _checkin_subject(self) -> tuple[str | None, str]:
        return self.checkin_subject
