"""Hardening applied inside a worker process before it sees any media.

The worker is where hostile bytes meet native decoders, so it gets the tightest box the
standard library can build without privileges: an address-space cap (a memory bomb becomes a
MemoryError or a dead worker, never a swapping desktop), no core dumps and no file writes (a
crash cannot leave decoded pixels on disk), libraries told to stay single-threaded and quiet,
and the Pillow settings that turn "almost decoded" into an error.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from collections.abc import Mapping

from moderator.media.types import Limits

# Threads each reserve address space under RLIMIT_AS and buy nothing for one small decode.
_THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


def enter(limits: Limits, env: Mapping[str, str]) -> None:
    """Harden this process. Call first thing in the worker, before importing decoders."""
    os.environ.update(_THREAD_ENV)
    os.environ.update(env)
    if "TMPDIR" in env:
        tempfile.tempdir = env["TMPDIR"]
    # The GUI toolkit must never load next to a decoder; make any import of it fail loudly.
    sys.modules["PySide6"] = None  # type: ignore[assignment]
    _silence_stdio()
    _set_rlimits(limits)


def configure_decoders(limits: Limits) -> None:
    """Pillow and PyAV settings for untrusted input. Call after `enter`, once per process."""
    from PIL import Image, ImageFile

    # A truncated image must be an error, never a partly grey picture that looks decoded.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    Image.MAX_IMAGE_PIXELS = limits.max_pixels
    warnings.simplefilter("error", Image.DecompressionBombWarning)
    # Load the plugins now rather than in the first request; which one may read a file is
    # decided per open (`formats=[...]`, from sniff.py).
    Image.init()

    import av.logging

    av.logging.set_level(None)


def _silence_stdio() -> None:
    """Point fds 1 and 2 at /dev/null: with RLIMIT_FSIZE=0 a write to a captured file would
    fail, and decoder chatter has nowhere useful to go (errors travel back over the pipe)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def _set_rlimits(limits: Limits) -> None:
    try:
        import resource
        import signal
    except ImportError:  # pragma: no cover - Windows: no rlimits, the timeout still applies
        return
    # A file write past 0 bytes raises EFBIG instead of killing us with SIGXFSZ.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # Ctrl+C in a terminal reaches the whole process group; the pool decides when we stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    wanted = {
        resource.RLIMIT_AS: limits.memory_bytes,
        resource.RLIMIT_CORE: 0,
        resource.RLIMIT_FSIZE: 0,
    }
    for which, value in wanted.items():
        _soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, value))
