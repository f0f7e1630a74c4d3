"""Reading a media file's bytes once, safely, and checking them against the ingest hash.

The bytes are read into memory and every later step (hashing, decoding) works on that one
copy, so a file swapped on disk between the integrity check and the decode cannot slip through.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import os
import stat

from moderator.media.errors import MediaFailure, describe
from moderator.media.types import Limits, MediaErrorKind


def read_bytes(path: str, limits: Limits) -> bytes:
    """The whole file, if it is a regular file within the size limit."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        # O_NONBLOCK: opening a FIFO planted in the media root must not hang the worker.
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise MediaFailure(MediaErrorKind.MISSING, "the media file does not exist") from None
    except IsADirectoryError:
        raise MediaFailure(MediaErrorKind.UNSUPPORTED, "the path is a folder, not a file") from None
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            msg = "the media file cannot be read (permission denied)"
        else:
            msg = f"the media file cannot be opened ({describe(exc)})"
        raise MediaFailure(MediaErrorKind.MISSING, msg) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise MediaFailure(MediaErrorKind.UNSUPPORTED, "not a regular file")
        if info.st_size > limits.max_bytes:
            raise MediaFailure(
                MediaErrorKind.TOO_LARGE,
                f"the file is {_mib(info.st_size)}, over the {_mib(limits.max_bytes)} limit",
            )
        return _read_all(fd, limits.max_bytes)
    finally:
        os.close(fd)


def _read_all(fd: int, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, 1 << 22):
        total += len(chunk)
        # The size can grow after fstat; the limit holds for what we actually read.
        if total > max_bytes:
            raise MediaFailure(MediaErrorKind.TOO_LARGE, f"the file is over {_mib(max_bytes)}")
        chunks.append(chunk)
    return b"".join(chunks)


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data` as lowercase hex, the form recorded at ingest."""
    return hashlib.sha256(data).hexdigest()


def check_integrity(data: bytes, expected_sha256: str | None) -> None:
    """Refuse bytes whose SHA-256 differs from the one recorded at ingest."""
    if expected_sha256 is None:
        return
    actual = sha256_hex(data)
    if not hmac.compare_digest(actual, expected_sha256.strip().lower()):
        raise MediaFailure(
            MediaErrorKind.INTEGRITY_MISMATCH,
            "the file's SHA-256 differs from the one recorded at ingest "
            f"(expected {expected_sha256[:12]}..., found {actual[:12]}...)",
        )


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"
