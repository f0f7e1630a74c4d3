"""A claimed report's media in team mode: fetched from the server into memory, checked, and
decoded by the sandboxed pool from those bytes. Nothing is written to disk.

The server streams an item only to the lease holder, with the SHA-256 recorded at ingest in a
header; the desk checks the bytes against that header and against the report's details before
the decoder sees them, and the decoder checks once more. The bytes of the last few items are
kept in memory (bounded), so a reveal or a frame step does not fetch the item again.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Protocol

from moderator.domain.errors import ModeratorError
from moderator.media.types import Limits, MediaError, MediaErrorKind, Rendered, RenderRequest
from moderator.remote.client import Api, MediaTooLarge
from moderator.remote.errors import ServerUnavailable
from moderator.services.interfaces import MediaRef

CACHE_ITEMS = 6  # the current report and the two claimed ahead, a couple of items each
CACHE_BYTES = 256 << 20


class BytesDecoder(Protocol):
    limits: Limits

    def render_bytes(self, req: RenderRequest, data: bytes) -> Rendered | MediaError: ...


@dataclass
class RemoteMedia:
    """services.interfaces.MediaSource over GET /v1/leases/{token}/media/{position}."""

    api: Api
    decoder: BytesDecoder
    _cache: OrderedDict[str, bytes] = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def render_media(self, media: MediaRef, req: RenderRequest) -> Rendered | MediaError:
        if media.problem:
            return MediaError(MediaErrorKind.MISSING, media.problem)
        if media.sha256 is None:
            # Only media with an ingest hash is ever served: it could not be checked.
            return MediaError(MediaErrorKind.INTEGRITY_MISMATCH, "the media has no ingest hash")
        data = self._bytes(media)
        if isinstance(data, MediaError):
            return data
        return self.decoder.render_bytes(req, data)

    def _bytes(self, media: MediaRef) -> bytes | MediaError:
        with self._lock:
            cached = self._cache.get(media.uri)
            if cached is not None:
                self._cache.move_to_end(media.uri)
                return cached
        try:
            data, claimed = self.api.fetch(media.uri, self.decoder.limits.max_bytes)
        except MediaTooLarge as exc:
            return MediaError(MediaErrorKind.TOO_LARGE, str(exc))
        except ServerUnavailable as exc:
            return MediaError(MediaErrorKind.MISSING, str(exc))
        except ModeratorError as exc:  # lease lost, media unavailable at the server
            return MediaError(MediaErrorKind.MISSING, f"the server did not send the media: {exc}")
        expected = (media.sha256 or "").lower()
        actual = hashlib.sha256(data).hexdigest()
        if not hmac.compare_digest(claimed.lower(), expected) or not hmac.compare_digest(
            actual, expected
        ):
            return MediaError(
                MediaErrorKind.INTEGRITY_MISMATCH,
                "the media the server sent differs from the SHA-256 recorded at ingest",
            )
        self._keep(media.uri, data)
        return data

    def _keep(self, uri: str, data: bytes) -> None:
        if len(data) > CACHE_BYTES:
            return
        with self._lock:
            self._cache[uri] = data
            self._cache.move_to_end(uri)
            while (
                len(self._cache) > CACHE_ITEMS or sum(map(len, self._cache.values())) > CACHE_BYTES
            ):
                self._cache.popitem(last=False)

    def forget(self) -> None:
        with self._lock:
            self._cache.clear()
