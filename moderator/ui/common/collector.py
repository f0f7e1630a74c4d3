"""Python's cyclic garbage collector, run on the GUI thread only.

Automatic collection runs in whichever thread happens to allocate. When it frees a Qt object
that sat in a reference cycle while on a worker thread, Qt's destructor takes Qt's signal lock
and then waits for the GIL, while the GUI thread may hold the GIL and wait for that same lock:
a deadlock (seen in CI). So automatic collection is off while the window runs, and the GUI
thread collects on a timer instead (Anki does the same).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadCollector(QObject):
    def __init__(self, interval_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def collect(self) -> None:
        threshold = gc.get_threshold()[0]
        if gc.get_count()[0] > threshold:
            gc.collect(0 if gc.get_count()[1] < gc.get_threshold()[1] else 2)

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
        gc.collect()
