"""Turning whatever a decoder throws into one typed, user-facing error.

Decoders fed hostile bytes raise anything: OSError, ValueError, struct.error, IndexError,
SyntaxError, FFmpeg errors... The one safe reading of an unexpected exception during a decode
is "this file is corrupt", so the boundary below maps every exception to a MediaError and the
worker never sends back a half-finished picture.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image

from moderator.media.types import MediaError, MediaErrorKind

_BOMBS = (Image.DecompressionBombError, Image.DecompressionBombWarning)
# "<_io.BytesIO object at 0x7f...>", "<PIL.PngImagePlugin.PngImageFile image mode=RGB ... at 0x...>"
_REPR = re.compile(r"<[A-Za-z_][\w.]*(?: object|\s[^<>]*?\bat 0x[0-9A-Fa-f]+)[^<>]*>")
_ADDRESS = re.compile(r"\b0x[0-9A-Fa-f]{6,}\b")
MAX_DETAIL = 120


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
        raise MediaFailure(
            MediaErrorKind.CORRUPT, f"the {what} is damaged or malformed ({describe(exc)})"
        ) from None


def describe(exc: BaseException) -> str:
    """The one place an exception becomes text a person reads: its first line, short, with
    object reprs and memory addresses removed and file-derived junk masked."""
    # FFmpeg errors carry a clean reason in strerror; their str() adds errno noise.
    text = getattr(exc, "strerror", None) or str(exc)
    line = next((part for part in text.splitlines() if part.strip()), "")
    line = _ADDRESS.sub("", _REPR.sub("", line))
    line = " ".join(line.split()).strip(" :,;")
    line = "".join(c if c.isprintable() else "?" for c in line[:MAX_DETAIL])
    return line or type(exc).__name__
