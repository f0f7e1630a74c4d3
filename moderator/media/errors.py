"""Turning whatever a decoder throws into one typed, user-facing error.

Decoders fed hostile bytes raise anything: OSError, ValueError, struct.error, IndexError,
SyntaxError, FFmpeg errors... The one safe reading of an unexpected exception during a decode
is "this file is corrupt", so the boundary below maps every exception to a MediaError and the
worker never sends back a half-finished picture.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image

from moderator.media.types import MediaError, MediaErrorKind

_BOMBS = (Image.DecompressionBombError, Image.DecompressionBombWarning)


class MediaFailure(Exception):
    """Raised inside the worker to end a request with a typed error."""

    def __init__(self, kind: MediaErrorKind, message: str) -> None:
        super().__init__(message)
        self.error = MediaError(kind, message)


@contextmanager
def decoding(what: str) -> Iterator[None]:
    """Map any exception raised while decoding `what` (e.g. "JPEG") to a MediaFailure."""
    try:
        yield
    except MediaFailure:
        raise
    except _BOMBS:
        raise MediaFailure(
            MediaErrorKind.TOO_LARGE, f"the {what} has more pixels than the limit allows"
        ) from None
    except MemoryError:
        raise MediaFailure(
            MediaErrorKind.TOO_LARGE, f"the {what} needs more memory than a preview may use"
        ) from None
    except Exception as exc:
        # FFmpeg errors carry a clean reason in strerror; their str() adds errno noise.
        detail = _printable(getattr(exc, "strerror", None) or str(exc)) or type(exc).__name__
        raise MediaFailure(
            MediaErrorKind.CORRUPT, f"the {what} is damaged or malformed ({detail})"
        ) from None


def _printable(text: str) -> str:
    """The first line of an exception message, short and with file-derived junk masked."""
    line = text.splitlines()[0] if text else ""
    return "".join(c if c.isprintable() else "?" for c in line[:120])
