"""The values the media layer hands out: requests, rendered frames, hashes and typed errors.

Everything here is plain data. The validation in `__post_init__` is deliberate: results are
rebuilt in the GUI process from what a worker (which may have been fed a hostile file) sent,
so a malformed frame is refused at construction instead of reaching a QImage.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from moderator.domain.reports import MediaKind

MAX_SIDE = 16_384  # the largest preview side we render; QImage handles far more
CHANNELS = {"L": 1, "RGB": 3, "RGBA": 4}


class MediaErrorKind(StrEnum):
    """Why there is no preview; each maps to a message the UI shows instead of the media."""

    UNSUPPORTED = "unsupported"
    CORRUPT = "corrupt"
    TOO_LARGE = "too_large"
    TIMED_OUT = "timed_out"
    INTEGRITY_MISMATCH = "integrity_mismatch"
    MISSING = "missing"
    # The decoder process died (a crash in a native decoder) or the pool was shut down.
    # The UI shows it as "media unreviewable", like the kinds above.
    CRASHED = "crashed"


@dataclass(frozen=True, slots=True)
class MediaError:
    """Why media cannot be shown. `message` is one user-facing line and never holds pixels."""

    kind: MediaErrorKind
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", MediaErrorKind(self.kind))
        object.__setattr__(self, "message", " ".join(str(self.message).split())[:300])


@dataclass(frozen=True, slots=True)
class Limits:
    """What a worker will accept; anything beyond is TOO_LARGE or TIMED_OUT."""

    max_bytes: int = 512 * 1024 * 1024
    max_pixels: int = 100_000_000
    max_frames: int = 10_000  # frames counted in an animation / decoded for one video request
    timeout_s: float = 10.0
    memory_bytes: int = 2 * 1024 * 1024 * 1024  # RLIMIT_AS of each worker

    def __post_init__(self) -> None:
        if min(self.max_bytes, self.max_pixels, self.max_frames, self.memory_bytes) < 1:
            raise ValueError("limits must be positive")
        if not self.timeout_s > 0:
            raise ValueError("timeout_s must be positive")


class BlurLevel(IntEnum):
    """Blur strength, from barely softened to unrecognisable; see `blur.py` for the numbers."""

    LIGHT = 1
    SOFT = 2
    MEDIUM = 3
    STRONG = 4
    HEAVY = 5
    UNRECOGNISABLE = 6


@dataclass(frozen=True, slots=True)
class RenderRequest:
    """One preview to render. Sharp pixels are produced only with `sharp=True`.

    `expected_sha256` is the hash recorded at ingest: the worker refuses bytes that differ
    (INTEGRITY_MISMATCH). None skips the check, for files that were never ingested.
    For a video, `frame_time=None` asks for a contact sheet of `sheet_frames` keyframes;
    a time asks for the single frame at that time.
    """

    path: str
    expected_sha256: str | None
    target_width: int
    target_height: int
    blur: BlurLevel = BlurLevel.STRONG
    grayscale: bool = True
    pixelate: bool = False
    sharp: bool = False
    frame_time: float | None = None
    sheet_frames: int = 12

    def __post_init__(self) -> None:
        for side in (self.target_width, self.target_height):
            if not 1 <= side <= MAX_SIDE:
                raise ValueError(f"target size must be within 1..{MAX_SIDE}")
        if not 1 <= self.sheet_frames <= 64:
            raise ValueError("sheet_frames must be within 1..64")
        object.__setattr__(self, "blur", BlurLevel(self.blur))


@dataclass(frozen=True, slots=True)
class Frame:
    """Raw pixels, row-major, stride = width * channels; shown scaled to the display size.

    A blurred preview is usually smaller than its display size: the blur removed the detail
    that more pixels would carry, so the UI scales it up (smoothly) for free.
    """

    width: int
    height: int
    mode: str  # "L" | "RGB" | "RGBA"
    data: bytes
    display_width: int
    display_height: int

    def __post_init__(self) -> None:
        if self.mode not in CHANNELS:
            raise ValueError(f"unknown frame mode {self.mode!r}")
        for side in (self.width, self.height, self.display_width, self.display_height):
            if not 1 <= side <= MAX_SIDE:
                raise ValueError("frame size out of range")
        if len(self.data) != self.width * self.height * CHANNELS[self.mode]:
            raise ValueError("frame data does not match its size")

    @property
    def channels(self) -> int:
        """Bytes per pixel."""
        return CHANNELS[self.mode]

    @property
    def stride(self) -> int:
        """Bytes per row (rows are not padded)."""
        return self.width * self.channels


@dataclass(frozen=True, slots=True)
class Rendered:
    """A successful render. For a video without `frame_time`, `frame` is the contact sheet and
    `contact_sheet_times` the time of each tile; with a `frame_time`, the one frame and its
    actual time. `codec` and `has_audio` are set for videos."""

    frame: Frame
    kind: MediaKind
    format: str
    source_width: int
    source_height: int
    frame_count: int
    duration_s: float | None
    sharp: bool
    contact_sheet_times: tuple[float, ...] = ()
    codec: str | None = None
    has_audio: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", MediaKind(self.kind))
        if self.kind is MediaKind.OTHER:
            raise ValueError("a rendered item is an image or a video")


@dataclass(frozen=True, slots=True)
class MediaHashes:
    """Hashes computed at ingest. PDQ values are 64 hex digits (reference bit order).

    The byte hashes are present whenever the file could be read; if it could not be decoded,
    the PDQ fields are empty and `decode_error` says why (the report is still ingestable).
    """

    sha256: str
    md5: str
    size_bytes: int
    pdq: str | None
    pdq_quality: int | None
    pdq_frames: tuple[tuple[float, str, int], ...]  # (seconds, pdq hex, quality) per sample
    format: str | None
    kind: MediaKind
    decode_error: MediaError | None = None


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """What a probe learns from the headers and a first decode."""

    kind: MediaKind
    format: str
    width: int
    height: int
    frame_count: int
    duration_s: float | None = None
    codec: str | None = None
    has_audio: bool = False


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """One file through the sandbox: its media info (or why not) and its hashes (or why not)."""

    path: str
    info: MediaInfo | MediaError
    hashes: MediaHashes | MediaError


RenderResult = Rendered | MediaError
HashResult = MediaHashes | MediaError
