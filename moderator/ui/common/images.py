"""From a decoder's Frame to a QImage, on a worker thread; never a QPixmap (GUI thread only).

`render_preview` is the function the media lane runs: it asks the media source (a local file
through the decoder pool, or bytes fetched from the team server) for a render and turns the
answer into a `Preview`, which holds either an image at display size or the reason there is
none. Nothing here ever falls back to other pixels: an error is an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from moderator.media.types import (
    BlurLevel,
    Frame,
    MediaError,
    MediaErrorKind,
    RenderRequest,
)
from moderator.services.interfaces import Decoder, MediaRef, MediaSource

FORMATS = {
    "L": QImage.Format.Format_Grayscale8,
    "RGB": QImage.Format.Format_RGB888,
    "RGBA": QImage.Format.Format_RGBA8888,
}


Renderer = Decoder  # what the window is given to decode with (MediaPool, or a test's stand-in)


@dataclass(frozen=True)
class Look:
    """How previews are drawn: blur strength and grayscale; part of every preview's identity."""

    blur: BlurLevel = BlurLevel.STRONG
    grayscale: bool = True


@dataclass(frozen=True)
class Preview:
    """A rendered media item: `image` at display size, or `error` saying why not."""

    position: int
    look: Look
    sharp: bool
    image: QImage | None = None
    error: MediaError | None = None
    frame_time: float | None = None
    sheet_times: tuple[float, ...] = ()
    duration_s: float | None = None


def to_qimage(frame: Frame) -> QImage:
    """A QImage owning a copy of the frame's pixels, scaled smoothly to its display size."""
    image = QImage(frame.data, frame.width, frame.height, frame.stride, FORMATS[frame.mode])
    image = image.copy()  # detach from the Python bytes
    if (frame.width, frame.height) != (frame.display_width, frame.display_height):
        image = image.scaled(
            frame.display_width,
            frame.display_height,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image


def render_preview(
    source: MediaSource,
    media: MediaRef,
    box: tuple[int, int],
    look: Look,
    *,
    sharp: bool = False,
    frame_time: float | None = None,
) -> Preview:
    """Render one media item for a `box`-sized view (runs on a worker thread)."""
    base = Preview(media.position, look, sharp, frame_time=frame_time)
    request = RenderRequest(
        media.path or media.uri,
        media.sha256,
        max(1, box[0]),
        max(1, box[1]),
        blur=look.blur,
        grayscale=look.grayscale,
        sharp=sharp,
        frame_time=frame_time,
    )
    result = source.render_media(media, request)
    if isinstance(result, MediaError):
        return _replace(base, error=result)
    if result.sharp != sharp:  # a blurred request must never come back sharp
        error = MediaError(MediaErrorKind.CRASHED, "the decoder answered the wrong request")
        return _replace(base, error=error)
    return Preview(
        media.position,
        look,
        sharp,
        image=to_qimage(result.frame),
        frame_time=frame_time,
        sheet_times=result.contact_sheet_times,
        duration_s=result.duration_s,
    )


def _replace(preview: Preview, *, error: MediaError) -> Preview:
    return Preview(preview.position, preview.look, preview.sharp, None, error, preview.frame_time)
