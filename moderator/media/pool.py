"""MediaPool: the only way the rest of the program gets pixels or hashes out of a media file.

Each request borrows one worker process for its whole exchange; calls from several threads run
in parallel up to `workers`, and wait for a free worker beyond that. A worker that misses the
deadline is killed, one that dies is reaped, and either is replaced when the next request needs
it, so the pool survives any input. Workers start lazily on first use (`start()` warms them
all up front, e.g. from a background thread while the GUI opens) and serve many requests each.

Unix only: workers rely on `resource` limits and on polling their socket.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import threading
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from moderator.media import channel, protocol
from moderator.media.types import (
    Limits,
    MediaError,
    MediaErrorKind,
    MediaHashes,
    ProbeResult,
    Rendered,
    RenderRequest,
)

START_TIMEOUT_S = 60.0  # an interpreter start on a busy machine; not part of any request's budget
RECYCLE_AFTER = 500  # requests per worker before a fresh one takes over (bounds slow leaks)

R = TypeVar("R")


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    pid: int
    served: int = field(default=0)

    def stop(self) -> None:
        """Kill and reap. A worker holds no state worth a graceful exit, and one that misbehaved
        may not honour one."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def death(self) -> str:
        """Why the process is gone, for the CRASHED message."""
        self.process.join(2)
        code = self.process.exitcode
        if code is None:
            return "the decoder process stopped answering"
        if code < 0:
            try:
                return f"the decoder process crashed ({signal.Signals(-code).name})"
            except ValueError:
                return f"the decoder process crashed (signal {-code})"
        return f"the decoder process exited unexpectedly (code {code})"


class MediaPool:
    """A pool of sandboxed decoder processes. Thread-safe; use as a context manager."""

    def __init__(
        self,
        workers: int = 2,
        limits: Limits | None = None,
        *,
        worker_env: Mapping[str, str] | None = None,
        test_hooks: bool = False,
    ) -> None:
        """`worker_env` is set in each worker (e.g. TMPDIR, HOME); `test_hooks` enables the
        misbehaving requests of `debug_request`, for tests only."""
        if workers < 1:
            raise ValueError("a pool needs at least one worker")
        self.limits = limits if limits is not None else Limits()
        self._size = workers
        self._env = dict(worker_env or {})
        self._test_hooks = test_hooks
        self._context = multiprocessing.get_context("spawn")
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._live: set[_Worker] = set()
        self._starting = 0
        self._closed = False
        # If the pool is dropped without close(), its workers still go.
        self._finalizer = weakref.finalize(self, _stop_all, self._live)

    def __enter__(self) -> MediaPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the API ------------------------------------------------------------------------------

    def render(self, req: RenderRequest) -> Rendered | MediaError:
        """A preview (blurred unless `req.sharp`), or why there is none."""
        fields = protocol.render_fields(req)
        fields["path"] = os.path.abspath(req.path)  # the worker's cwd is not ours to rely on
        return self._call(protocol.request_to_wire("render", **fields), Rendered)

    def render_bytes(self, req: RenderRequest, data: bytes) -> Rendered | MediaError:
        """A preview of media already in memory (team mode: fetched from the server, never
        written to disk). The bytes go to the worker over its socket; `req.path` only names
        them. The same limits, integrity check (`req.expected_sha256`) and sandbox apply."""
        if len(data) > self.limits.max_bytes:
            mib = 1024 * 1024
            return MediaError(
                MediaErrorKind.TOO_LARGE,
                f"the file is {len(data) / mib:.1f} MiB, over the "
                f"{self.limits.max_bytes / mib:.1f} MiB limit",
            )
        fields = protocol.render_fields(req)
        fields["size"] = len(data)
        return self._call(protocol.request_to_wire("render_data", **fields), Rendered, data)

    def hashes(self, path: str) -> MediaHashes | MediaError:
        """SHA-256, MD5 and PDQ of a file, as stored at ingest."""
        message = protocol.request_to_wire("hashes", path=os.path.abspath(path))
        return self._call(message, MediaHashes)

    def probe(self, path: str) -> ProbeResult:
        """Media info and hashes of a file, for diagnosis; failures are inside the result."""
        message = protocol.request_to_wire("probe", path=os.path.abspath(path))
        result = self._call(message, ProbeResult)
        if isinstance(result, MediaError):
            return ProbeResult(path, result, result)
        return ProbeResult(path, result.info, result.hashes)

    def start(self) -> None:
        """Start every worker now rather than on first use (blocks until they are ready)."""
        borrowed = [self._acquire() for _ in range(self._size)]
        for worker in borrowed:
            if isinstance(worker, _Worker):
                self._release(worker, healthy=True)

    def worker_pids(self) -> list[int]:
        """Pids of the live workers (diagnostics and tests)."""
        with self._cond:
            return sorted(w.pid for w in self._live)

    def debug_request(self, op: str, **fields: Any) -> dict[str, Any] | MediaError:
        """A test-only request (`_crash`, `_hang`, `_write`, `_status`); needs `test_hooks`."""
        if not self._test_hooks:
            raise RuntimeError("debug requests need MediaPool(test_hooks=True)")
        return self._call(protocol.request_to_wire(op, **fields), dict)

    def close(self) -> None:
        """Stop all workers; requests in flight end with a CRASHED error. Idempotent."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            busy = [w for w in self._live if w not in idle]
            self._live.clear()
            self._cond.notify_all()
        self._finalizer.detach()
        _stop_all(idle)
        for worker in busy:
            # Only the process: the thread using it still polls its socket, and closing an fd
            # under a poll invites fd-number reuse. That thread reaps it when it sees the EOF.
            worker.process.kill()

    # --- internals ----------------------------------------------------------------------------

    def _call(self, message: bytes, expected: type[R], data: bytes | None = None) -> R | MediaError:
        for attempt in (1, 2):
            worker = self._acquire()
            if isinstance(worker, MediaError):
                return worker
            reused, healthy, died = worker.served > 0, False, True
            try:
                result, healthy, died = self._exchange(worker, message, data)
            finally:
                self._release(worker, healthy)
            # A reused worker may have died before our request (killed while idle): try once
            # more on a fresh one. A fresh worker's death is the input's doing and is final.
            if not (died and reused and attempt == 1 and not self._closed):
                break
        if not isinstance(result, (expected, MediaError)):
            return MediaError(MediaErrorKind.CRASHED, "the decoder sent an unexpected answer")
        return result

    def _exchange(
        self, worker: _Worker, message: bytes, data: bytes | None = None
    ) -> tuple[Any, bool, bool]:
        """Send one request (and the media bytes it carries), read its answer by the deadline:
        (result, healthy, worker died)."""
        fd = worker.conn.fileno()
        try:
            channel.send(fd, message)
            if data is not None:
                channel.send(fd, data)
            # The deadline is the decode's: handing over the bytes is not part of it.
            deadline = time.monotonic() + self.limits.timeout_s
            header = protocol.parse_header(channel.receive(fd, protocol.MAX_HEADER, deadline))
            if header.get("type") == "debug" and self._test_hooks:
                return header, True, False
            size = protocol.payload_size(header)
            payload = channel.receive(fd, size, deadline) if size else None
            if payload is not None and len(payload) != size:
                raise protocol.ProtocolError("short payload")
            result = protocol.result_from_wire(header, payload)
        except channel.ChannelTimeout:
            seconds = f"{self.limits.timeout_s:g}"
            error = MediaError(MediaErrorKind.TIMED_OUT, f"decoding took over {seconds} s")
            return error, False, False
        except (OSError, EOFError):
            return MediaError(MediaErrorKind.CRASHED, self._why_gone(worker)), False, True
        except protocol.ProtocolError:
            error = MediaError(MediaErrorKind.CRASHED, "the decoder sent an invalid answer")
            return error, False, False
        return result, not header.get("recycle"), False

    def _why_gone(self, worker: _Worker) -> str:
        with self._cond:
            if self._closed:
                return "the media pool was closed"
        return worker.death()

    def _acquire(self) -> _Worker | MediaError:
        with self._cond:
            while True:
                if self._closed:
                    return MediaError(MediaErrorKind.CRASHED, "the media pool is closed")
                while self._idle:
                    worker = self._idle.pop()
                    if worker.process.is_alive():
                        return worker
                    # Killed while idle (OOM killer, a user): replace it, don't fail a request.
                    self._live.discard(worker)
                    worker.conn.close()
                if len(self._live) + self._starting < self._size:
                    self._starting += 1
                    break
                self._cond.wait()
        spawned = None
        try:
            spawned = self._spawn()
        except OSError:  # out of processes or file descriptors: an answer, not a crash
            spawned = None
        finally:
            with self._cond:
                self._starting -= 1
                closed = self._closed
                if spawned is not None and not closed:
                    self._live.add(spawned)
                self._cond.notify_all()
        if spawned is None:
            return MediaError(MediaErrorKind.CRASHED, "a decoder process could not be started")
        if closed:
            spawned.stop()
            return MediaError(MediaErrorKind.CRASHED, "the media pool is closed")
        return spawned

    def _release(self, worker: _Worker, healthy: bool) -> None:
        worker.served += 1
        with self._cond:
            keep = healthy and not self._closed and worker.served < RECYCLE_AFTER
            if keep:
                self._idle.append(worker)
            else:
                self._live.discard(worker)
            self._cond.notify_all()
        if not keep:
            worker.stop()

    def _spawn(self) -> _Worker | None:
        from moderator.media import worker as worker_module

        ours, theirs = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=worker_module.main,
            args=(theirs, self.limits, self._env, self._test_hooks),
            name="moderator-media-worker",
            daemon=True,
        )
        process.start()
        theirs.close()
        candidate = _Worker(process, ours, process.pid or 0)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            ready = json.loads(channel.receive(ours.fileno(), 1024, deadline))
            if ready.get("type") != "ready":
                raise protocol.ProtocolError("no ready message")
        except (OSError, EOFError, ValueError, channel.ChannelTimeout, protocol.ProtocolError):
            candidate.stop()
            return None
        return candidate


def _stop_all(workers: list[_Worker] | set[_Worker]) -> None:
    for worker in list(workers):
        worker.stop()
