"""Python's cyclic garbage collector, run on the GUI thread only, in small steps.

Automatic collection runs in whichever thread happens to allocate. When it frees a Qt object
that sat in a reference cycle while on a worker thread, Qt's destructor takes Qt's signal lock
and then waits for the GIL, while the GUI thread may hold the GIL and wait for that same lock:
a deadlock (seen in CI). So automatic collection is off while the window runs, and the GUI
thread collects on a timer instead (Anki does the same).

A full collection walks every tracked object (Qt wrappers, SQLAlchemy, numpy: a 100 ms stall on
a working session), so the timer only runs the young generations, which cost a millisecond or
two; a full collection waits until the reviewer has not touched keyboard or mouse for
`idle_ms`, or, if a reviewer never pauses, until it has been due for `max_defer_s`. `freeze()`
after start-up moves everything alive then (modules, the window, the engine) out of the
collector's sight for good, so even a full collection only looks at the session's own objects.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }
)


class MainThreadCollector(QObject):
    def __init__(
        self,
        interval_ms: int = 200,
        *,
        idle_ms: int = 1500,
        max_defer_s: float = 300.0,
        collect: Callable[[int], int] = gc.collect,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.idle_s, self.max_defer_s = idle_ms / 1000, max_defer_s
        self._collect, self._clock = collect, clock
        self._last_input = clock()
        self._full_due_since: float | None = None
        self.collections = [0, 0, 0]  # how many of each generation this collector ran
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)

    def start(self) -> None:
        gc.disable()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def freeze(self) -> None:
        """Start-up is over: collect once, then never scan what is alive now again."""
        self._run(2)
        gc.freeze()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in INPUT:
            self._last_input = self._clock()
        return False

    @property
    def idle(self) -> bool:
        return self._clock() - self._last_input >= self.idle_s

    def collect(self) -> None:
        """One timer step: the young generations when due; a full collection when idle."""
        count, threshold = gc.get_count(), gc.get_threshold()
        if count[0] > threshold[0]:
            self._run(1 if count[1] >= threshold[1] else 0)
        if gc.get_count()[2] < threshold[2]:
            self._full_due_since = None
            return
        now = self._clock()
        if self._full_due_since is None:
            self._full_due_since = now
        if self.idle or now - self._full_due_since >= self.max_defer_s:
            self._run(2)
            self._full_due_since = None

    def _run(self, generation: int) -> None:
        self._collect(generation)
        self.collections[generation] += 1

    def stop(self) -> None:
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        gc.unfreeze()
        gc.enable()
        gc.collect()
