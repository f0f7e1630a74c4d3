"""An event-loop lag probe: a timer that records how late it fires."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer


class LagProbe(QObject):
    """Fires every `interval_ms`; `worst_ms` is the longest the GUI thread kept it waiting."""

    def __init__(self, interval_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval = interval_ms / 1000
        self.worst_ms = 0.0
        self.samples = 0
        self.spikes: list[tuple[float, float]] = []  # (seconds since start, ms late) over 20 ms
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setTimerType(self._timer.timerType().PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        self._last = self._started = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _on_timer_timeout(self) -> None:
        now = time.perf_counter()
        late = (now - self._last - self.interval) * 1000
        self.worst_ms = max(self.worst_ms, late)
        if late > 20:
            self.spikes.append((now - self._started, late))
        self.samples += 1
        self._last = now
