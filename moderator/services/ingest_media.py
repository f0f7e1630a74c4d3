"""Ingest's view of a record's media: where each file is, and its hashes."""

from __future__ import annotations

import errno
import hashlib
import stat as stat_mode
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from moderator.domain.reports import RecordError

# Errors that say the machine is in trouble, not that one file is bad: they stop the run.
ENVIRONMENT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.ENOMEM, errno.EMFILE})


@dataclass(frozen=True, slots=True)
class FileHashes:
    sha256: str
    md5: str
    size_bytes: int
    pdq: str | None = None
    pdq_quality: int | None = None
    pdq_frames: str | None = None
    media_format: str | None = None
    error: str | None = None  # why it cannot be previewed (it is stored all the same)


Hasher = Callable[[Path], FileHashes]
Hashed = FileHashes | Exception  # a file's hashes, or why it could not be hashed


@dataclass(frozen=True, slots=True)
class MediaRef:
    """One media reference of a record, resolved: the URI to store and the local file."""

    ref: str  # as written in the manifest
    uri: str
    local: Path | None  # None for an https URL (referenced, not fetched)
    size: int


def hash_bytes(path: Path) -> FileHashes:
    """SHA-256 and MD5 of a file's bytes, read in chunks (nothing is decoded)."""
    sha, md5, size = hashlib.sha256(), hashlib.md5(usedforsecurity=False), 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
            md5.update(chunk)
            size += len(chunk)
    return FileHashes(sha.hexdigest(), md5.hexdigest(), size)


def resolve_media(root: Path, ref: str) -> MediaRef:
    """Map a manifest's media reference to what is stored, or say why it cannot be.

    Local media must lie under the media root; `..`, absolute paths elsewhere and symlinks that
    lead out of the root are refused, and so are loops and names the system cannot hold.
    """
    if ref.lower().startswith("https://"):
        return MediaRef(ref, ref, None, 0)
    if "://" in ref:
        raise RecordError(f"media {ref!r}: only paths under the media root or https URLs")
    shown = ref if len(ref) <= 120 else ref[:117] + "..."
    try:
        resolved_root = root.resolve()
        candidate = Path(ref)
        full = (candidate if candidate.is_absolute() else resolved_root / candidate).resolve()
        if not full.is_relative_to(resolved_root):
            raise RecordError(f"media {shown!r}: outside the media root {root}")
        info = full.stat()
    except RuntimeError:  # Python 3.11's Path.resolve on a symlink loop
        raise RecordError(f"media {shown!r}: a symlink loop") from None
    except FileNotFoundError:
        raise RecordError(f"media {shown!r}: no such file under the media root") from None
    except OSError as exc:
        if exc.errno in ENVIRONMENT_ERRNOS:
            raise
        reason = "a symlink loop" if exc.errno == errno.ELOOP else "cannot be read"
        raise RecordError(f"media {shown!r}: {reason} ({exc.strerror})") from None
    if not stat_mode.S_ISREG(info.st_mode):
        raise RecordError(f"media {shown!r}: not a file")
    return MediaRef(ref, full.relative_to(resolved_root).as_posix(), full, info.st_size)
