"""The pool survives crashes, kills and hangs, serves threads in parallel, and is sandboxed."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from moderator.media import (
    Limits,
    MediaError,
    MediaErrorKind,
    MediaPool,
    Rendered,
    RenderRequest,
)
from tests.media.util import Media, ok


def render(pool: MediaPool, path: Path) -> Rendered | MediaError:
    return pool.render(RenderRequest(str(path), None, 320, 240))


def test_a_crashing_worker_is_replaced(pool: MediaPool, media: Media) -> None:
    result = pool.debug_request("_crash")
    assert isinstance(result, MediaError)
    assert result.kind is MediaErrorKind.CRASHED
    assert "exited unexpectedly" in result.message
    ok(render(pool, media.photo))


def test_a_worker_killed_while_idle_does_not_fail_the_next_request(
    pool: MediaPool, media: Media
) -> None:
    ok(render(pool, media.photo))
    pids = pool.worker_pids()
    assert pids
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    ok(render(pool, media.photo))
    assert not set(pool.worker_pids()) & set(pids)


def test_a_hung_worker_is_killed_at_the_deadline(media: Media) -> None:
    with MediaPool(1, Limits(timeout_s=0.5), test_hooks=True) as pool:
        pool.start()
        (hung,) = pool.worker_pids()
        started = time.monotonic()
        result = pool.debug_request("_hang")
        elapsed = time.monotonic() - started
        assert isinstance(result, MediaError)
        assert result.kind is MediaErrorKind.TIMED_OUT
        assert 0.4 < elapsed < 5.0
        with pytest.raises(ProcessLookupError):
            os.kill(hung, 0)  # reaped, not left behind
        ok(render(pool, media.photo))


def test_threads_share_the_pool(pool: MediaPool, media: Media) -> None:
    paths = [media.photo, media.photo_png, media.clip, media.palette] * 3
    with ThreadPoolExecutor(6) as threads:
        results = list(threads.map(lambda p: render(pool, p), paths))
    assert all(r.format in ("JPEG", "PNG", "MP4", "GIF") for r in map(ok, results))
    assert len(pool.worker_pids()) <= 2


def test_close_refuses_further_work(media: Media) -> None:
    pool = MediaPool(1)
    ok(render(pool, media.photo))
    (pid,) = pool.worker_pids()
    pool.close()
    pool.close()  # idempotent
    result = render(pool, media.photo)
    assert isinstance(result, MediaError)
    assert result.kind is MediaErrorKind.CRASHED
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_workers_are_sandboxed(pool: MediaPool, tmp_path: Path) -> None:
    status = pool.debug_request("_status")
    assert isinstance(status, dict)
    assert status["pyside_loaded"] is False
    assert status["rlimit_as"] == Limits().memory_bytes
    assert status["rlimit_core"] == 0
    assert status["rlimit_fsize"] == 0
    assert status["load_truncated_images"] is False
    written = pool.debug_request("_write", path=str(tmp_path / "leak.bin"))
    assert written == {"type": "debug", "written": 0}
    assert not (tmp_path / "leak.bin").exists()


def test_debug_requests_need_the_test_hooks() -> None:
    with MediaPool(1) as pool, pytest.raises(RuntimeError):
        pool.debug_request("_crash")


def test_close_ends_requests_in_flight() -> None:
    pool = MediaPool(1, Limits(timeout_s=60), test_hooks=True)
    pool.start()
    with ThreadPoolExecutor(1) as thread:
        pending = thread.submit(pool.debug_request, "_hang")
        time.sleep(0.2)  # let the request reach the worker
        started = time.monotonic()
        pool.close()
        result = pending.result(timeout=10)
    assert isinstance(result, MediaError)
    assert result.message == "the media pool was closed"
    assert time.monotonic() - started < 5
