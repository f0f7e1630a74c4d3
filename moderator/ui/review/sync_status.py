"""The review window's sync status: online or offline, and how many events are waiting.

Every `interval` (and shortly after each submitted decision) the journal is pushed to the
central store (`Syncer.push`) on a background thread, and the status-bar label says what
happened in calm words: "Synced", "3 events waiting", "3 events waiting · offline since 10:42".
Nothing is lost while offline: the local journal is the outbox and the next push sends it.
In team mode the push drains the desk's outbox to the server first, and the label also says
how much of it is waiting: "2 saved here, waiting to send · offline since 10:42".

Each push runs on a short-lived thread of its own rather than a pool lane: between pushes no
thread exists, so a window that is closed or dies between pushes leaves nothing behind, and
`close()` waits for a push in flight.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow

from moderator.services.interfaces import Sync, SyncResult
from moderator.ui.common import i18n
from moderator.ui.common.i18n import translate
from moderator.ui.review.session import ReviewSession

log = logging.getLogger(__name__)

INTERVAL_MS = 15_000
AFTER_DECISION_MS = 3_000
FIRST_MS = 3_000


def describe(result: SyncResult | None, offline_since: datetime | None) -> str:
    """The label's text for the last push."""
    if result is None:
        return translate("review", "Sync: checking…")
    waiting = " · ".join(t for t in (_outbox(result.outbox), _waiting(result.pending)) if t)
    if not result.online:
        since = (
            i18n.clock(offline_since.astimezone()) if offline_since else translate("review", "now")
        )
        if waiting:
            return translate("review", "{waiting} · offline since {since}").format(
                waiting=waiting, since=since
            )
        return translate("review", "Offline since {since}").format(since=since)
    if result.error:
        return translate("review", "Sync paused: the central store needs a supervisor's attention")
    return waiting or translate("review", "Synced")


def _outbox(waiting: int) -> str:
    if waiting <= 0:
        return ""
    return translate("review", "{count} saved here, waiting to send").format(
        count=i18n.number(waiting)
    )


def _waiting(pending: int) -> str:
    if pending < 0:
        return translate("review", "Events waiting")
    if pending == 0:
        return ""
    if pending == 1:
        return translate("review", "1 event waiting")
    return translate("review", "{count} events waiting").format(count=i18n.number(pending))


class SyncStatus(QLabel):
    """A status-bar label that also drives the periodic push."""

    pushed = Signal(object)  # SyncResult, after each push (on the GUI thread)
    _finished = Signal(object)  # SyncResult or an exception, emitted from the push thread

    def __init__(
        self,
        make_syncer: Callable[[], Sync],
        now: Callable[[], datetime],
        *,
        interval_ms: int = INTERVAL_MS,
        after_decision_ms: int = AFTER_DECISION_MS,
        first_ms: int = FIRST_MS,
    ) -> None:
        super().__init__()
        self.setObjectName("sync-status")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet("QLabel#sync-status { color: #a3abb2; padding: 0 8px; }")
        self._make_syncer, self._now = make_syncer, now
        self._syncer: Sync | None = None
        self._thread: threading.Thread | None = None
        self._again = False
        self._closed = False
        self.result: SyncResult | None = None
        self.offline_since: datetime | None = None
        self.after_decision_ms = after_decision_ms
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.push)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.timeout.connect(self.push)
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self.setText(describe(None, None))
        self._timer.start()
        self._soon.start(first_ms)

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def nudge(self, *_args: object) -> None:
        """Push shortly (a decision was just submitted); several nudges make one push."""
        if not self._closed and not self._soon.isActive():
            self._soon.start(self.after_decision_ms)

    def on_pending_changed(self, pending: object) -> None:
        if pending is not None:  # a decision was submitted (None: it became final or undone)
            self.nudge()

    def push(self) -> None:
        """Push now in the background (or right after the push in flight)."""
        if self._closed:
            return
        if self.busy:
            self._again = True
            return
        self._thread = threading.Thread(target=self._run, name="moderator-sync")
        self._thread.start()

    def _run(self) -> None:
        outcome: SyncResult | BaseException
        try:
            if self._syncer is None:
                self._syncer = self._make_syncer()
            outcome = self._syncer.push()
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread and logged
            outcome = exc
        # RuntimeError: the label was deleted with its window (close_sync waited for us).
        with contextlib.suppress(RuntimeError):
            self._finished.emit(outcome)

    def _on_finished(self, outcome: SyncResult | BaseException) -> None:
        if self._closed:
            return
        if isinstance(outcome, BaseException):
            log.error("sync failed", exc_info=outcome)
            self.setText(
                translate("review", "Sync failed; events are kept here and will be sent later")
            )
            self.setToolTip(str(outcome))
            return
        self.result = outcome
        if outcome.online:
            self.offline_since = None
        elif self.offline_since is None:
            self.offline_since = self._now()
        self.setText(describe(outcome, self.offline_since))
        self.setToolTip(outcome.error or outcome.warning or "")
        self.pushed.emit(outcome)
        left = outcome.pending > 0 or outcome.outbox > 0
        more = outcome.online and not outcome.error and left and outcome.pushed > 0
        if self._again or more:
            self._again = False
            self.push()

    def close_sync(self) -> None:
        """Stop pushing, wait for a push in flight, and let go of the central store."""
        self._closed = True
        self._timer.stop()
        self._soon.stop()
        if self._thread is not None:
            self._thread.join()
        if self._syncer is not None:
            self._syncer.close()
            self._syncer = None


def install_sync_status(
    window: QMainWindow,
    make_sync: Callable[[], Sync],
    now: Callable[[], datetime],
    session: ReviewSession,
) -> SyncStatus:
    """Put the sync status in the window's status bar; it stops when the session closes."""
    status = SyncStatus(make_sync, now)
    window.statusBar().addPermanentWidget(status)
    # Bound slots, not lambdas: Qt drops them if the label goes before the session.
    session.pending_changed.connect(status.on_pending_changed)
    session.closed.connect(status.close_sync)
    return status
