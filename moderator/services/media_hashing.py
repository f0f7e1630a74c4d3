"""Ingest hashing through the sandboxed decoder pool: bytes hashes and PDQ in one pass.

PDQ needs decoded pixels, and reported files are untrusted, so the decoding happens in the
pool's worker processes. If the pool cannot read the file at all, the byte hashes are still
computed here (reading bytes decodes nothing) and the reason is kept on the media row.
"""

from __future__ import annotations

import json
from pathlib import Path

from moderator.media.pool import MediaPool
from moderator.media.types import MediaError
from moderator.services.ingest_media import FileHashes, Hasher, hash_bytes


def pool_hasher(pool: MediaPool) -> Hasher:
    """A `Hasher` for `Ingest` that asks `pool` for SHA-256, MD5 and PDQ."""

    def hasher(path: Path) -> FileHashes:
        result = pool.hashes(str(path))
        if isinstance(result, MediaError):
            plain = hash_bytes(path)
            return FileHashes(
                plain.sha256, plain.md5, plain.size_bytes, error=f"{result.kind}: {result.message}"
            )
        frames = json.dumps([list(f) for f in result.pdq_frames]) if result.pdq_frames else None
        error = result.decode_error
        return FileHashes(
            sha256=result.sha256,
            md5=result.md5,
            size_bytes=result.size_bytes,
            pdq=result.pdq,
            pdq_quality=result.pdq_quality,
            pdq_frames=frames,
            media_format=result.format,
            error=f"{error.kind}: {error.message}" if error else None,
        )

    return hasher
