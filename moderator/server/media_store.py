"""The team's media store: a folder on the server host, files named by their SHA-256.

`put` copies a file in as `<root>/<aa>/<sha256>` (the first two hex digits fan the folder
out). `locate` finds a media item's bytes: by its ingest SHA-256 first, else by its path
relative to the root (never outside it), the way a single-seat media root is laid out.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from moderator.server.errors import MediaUnavailable, TooLarge

CHUNK = 1 << 20


class MediaStore:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, source: Path) -> str:
        """Copy a file into the store; its SHA-256 (an existing copy is kept as it is)."""
        digest = hashlib.sha256()
        with source.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        sha = digest.hexdigest()
        target = self.path_for(sha)
        if target.exists():
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as handle:
                shutil.copyfileobj(handle, out, CHUNK)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o440)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def remove(self, sha256: str) -> int:
        """Remove a file and its named aliases (a purge); 1 if the file was here, else 0."""
        target = self.path_for(sha256)
        for named in target.parent.glob(f"{sha256}.*"):
            named.unlink(missing_ok=True)
        if not target.exists():
            return 0
        target.unlink()
        return 1

    def alias(self, sha256: str, suffix: str) -> None:
        """`<sha256><suffix>` beside the file (a hard link): the name tells the media's kind."""
        target = self.path_for(sha256)
        named = target.with_name(target.name + suffix)
        if suffix and not named.exists():
            with contextlib.suppress(FileExistsError):
                os.link(target, named)

    def put_stream(self, handle: BinaryIO, limit: int) -> tuple[str, int]:
        """Copy an upload into the store as it is read; (SHA-256, size). TooLarge past `limit`."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := handle.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge(f"a media file is larger than {limit:,} bytes")
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self.path_for(sha)
            if target.exists():
                Path(tmp).unlink()
                return sha, size
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp, 0o440)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha, size

    def locate(self, uri: str, sha256: str | None, size: int | None) -> Path:
        """The file holding a media item; MediaUnavailable when it is not here or is wrong."""
        if not sha256 or len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise MediaUnavailable("this media item has no SHA-256 from ingest; it is not served")
        candidates = [self.path_for(sha256)]
        if uri and "://" not in uri:
            full = (self.root / uri).resolve()
            if full.is_relative_to(self.root):
                candidates.append(full)
        for path in candidates:
            if path.is_file():
                if size is not None and path.stat().st_size != size:
                    raise MediaUnavailable("the media file's size differs from the one at ingest")
                return path
        raise MediaUnavailable("this media item is not in the team's media store")

    @staticmethod
    def stream(path: Path, sha256: str) -> Iterator[bytes]:
        """The file's bytes in chunks; the transfer is aborted if they do not hash to `sha256`."""
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                yield chunk
        if digest.hexdigest() != sha256:
            # Raising mid-body makes the server drop the connection: the client never sees a
            # complete response for bytes that are not the ones ingested.
            raise MediaUnavailable("the media file does not match its ingest SHA-256")
