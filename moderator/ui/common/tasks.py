"""The one way the window does slow work: a plain function on a worker thread, its result (or
exception) delivered back on the GUI thread.

Two lanes: "db" has one thread, so database calls run in the order they were asked for (a
finalize always lands before the next submit); "media" has two, matching the decoder pool.
The function must not touch widgets (Anki's QueryOp rule); it may build a QImage.

Python's ThreadPoolExecutor rather than QThreadPool: its threads are ordinary Python threads
that `shutdown()` joins, so closing the window provably leaves no thread behind (QThreadPool
threads that run Python code stay registered as dummy threads on CPython 3.11).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)

DB, MEDIA = "db", "media"
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class Tasks(QObject):
    """Runs functions in the background; `idle` when nothing is in flight."""

    _finished = Signal(object, object, object)  # future, on_done, on_failed
    busy_changed = Signal(bool)

    def __init__(self, lanes: dict[str, int] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        sizes = lanes or {DB: 1, MEDIA: 2}
        self._pools = {
            name: ThreadPoolExecutor(n, thread_name_prefix=f"moderator-{name}")
            for name, n in sizes.items()
        }
        self._in_flight = 0
        self._closed = False
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

    @property
    def idle(self) -> bool:
        return self._in_flight == 0

    @property
    def closed(self) -> bool:
        return self._closed

    def run(
        self,
        lane: str,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Done | None = None,
        on_failed: Failed | None = None,
    ) -> Future[Any] | None:
        """Run `fn(*args)` on `lane`; `on_done(result)` or `on_failed(exc)` on the GUI thread.

        Without `on_failed` an exception is raised again on the GUI thread: never swallowed.
        """
        if self._closed:
            return None
        future = self._pools[lane].submit(fn, *args)
        self._in_flight += 1
        if self._in_flight == 1:
            self.busy_changed.emit(True)
        # Runs on the worker thread; the signal crosses to the GUI thread (queued).
        future.add_done_callback(lambda f: self._finished.emit(f, on_done, on_failed))
        return future

    def close(self) -> None:
        """Drop what has not started, wait for what has, and deliver nothing more."""
        self._closed = True
        for pool in self._pools.values():
            pool.shutdown(wait=True, cancel_futures=True)

    def _on_finished(
        self, future: Future[Any], on_done: Done | None, on_failed: Failed | None
    ) -> None:
        self._in_flight -= 1
        if self._in_flight == 0:
            self.busy_changed.emit(False)
        if self._closed or future.cancelled():
            return
        if not (_alive(on_done) and _alive(on_failed)):
            return  # the widget that asked is gone (its window closed): nobody to tell
        error = future.exception()
        if error is None:
            if on_done is not None:
                on_done(future.result())
            return
        if on_failed is None:
            raise error
        on_failed(error)


def _alive(callback: Callable[..., Any] | None) -> bool:
    """False when the callback is a method of a Qt object whose C++ side was deleted."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)
