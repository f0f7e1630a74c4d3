"""Rendering a preview from bytes already read and checked. Runs inside a worker process.

The order of operations is the point: decode no more than the work size needs, shrink, then
blur or pixelate the small image. Unless `sharp` was asked for, no code path returns pixels
that skipped the filter; any failure raises a MediaFailure instead of returning a picture.
"""

from __future__ import annotations

from moderator.domain.reports import MediaKind
from moderator.media import blur, images
from moderator.media.errors import MediaFailure, decoding, describe
from moderator.media.sheet import contact_sheet
from moderator.media.sniff import Sniffed, UnsupportedFormat, sniff
from moderator.media.types import Limits, MediaErrorKind, Rendered, RenderRequest
from moderator.media.video import frame_time, open_video

SNIFF_BYTES = 64


def sniff_bytes(data: bytes) -> Sniffed:
    """The allowlisted format of `data`, or an UNSUPPORTED failure."""
    if not data:
        raise MediaFailure(MediaErrorKind.CORRUPT, "the file is empty")
    try:
        return sniff(data[:SNIFF_BYTES])
    except UnsupportedFormat as exc:
        raise MediaFailure(MediaErrorKind.UNSUPPORTED, describe(exc)) from None


def render_bytes(data: bytes, req: RenderRequest, limits: Limits) -> Rendered:
    """The preview `req` asks for, rendered from the file's bytes."""
    sniffed = sniff_bytes(data)
    if sniffed.kind is MediaKind.IMAGE:
        return _render_image(data, sniffed, req, limits)
    return _render_video(data, sniffed, req, limits)


def _render_image(data: bytes, sniffed: Sniffed, req: RenderRequest, limits: Limits) -> Rendered:
    box = (req.target_width, req.target_height)
    chosen: list[blur.Geometry] = []

    def size_for(upright: tuple[int, int]) -> tuple[int, int]:
        # Called once, with the upright size: before decoding for a JPEG (its DCT scale
        # depends on it), after for the others.
        chosen.append(blur.geometry(upright, box, req.blur, sharp=req.sharp, pixelate=req.pixelate))
        return chosen[0].work

    still = images.decode(data, sniffed, limits, size_for, grayscale=req.grayscale)
    with decoding(sniffed.format):
        image = blur.finish(still.image, chosen[0], req)
    return Rendered(
        frame=blur.to_frame(image, chosen[0].display),
        kind=MediaKind.IMAGE,
        format=still.format,
        source_width=still.source_size[0],
        source_height=still.source_size[1],
        frame_count=still.frame_count,
        duration_s=None,
        sharp=req.sharp,
    )


def _render_video(data: bytes, sniffed: Sniffed, req: RenderRequest, limits: Limits) -> Rendered:
    box = (req.target_width, req.target_height)
    with open_video(data, sniffed, limits, blurred=not req.sharp) as video:
        meta = video.meta
        if req.frame_time is None:
            frame, times, upright = contact_sheet(video, req)
        else:
            end = meta.duration_s if meta.duration_s is not None else req.frame_time
            decoded = video.frame_at(min(max(0.0, req.frame_time), end))
            upright = video.upright_size(decoded)
            geo = blur.geometry(upright, box, req.blur, sharp=req.sharp, pixelate=req.pixelate)
            image = video.to_image(decoded, geo.work, grayscale=req.grayscale)
            frame = blur.to_frame(blur.finish(image, geo, req), geo.display)
            times = (frame_time(decoded),)
    return Rendered(
        frame=frame,
        kind=MediaKind.VIDEO,
        format=sniffed.format,
        source_width=upright[0],
        source_height=upright[1],
        frame_count=meta.frame_count,
        duration_s=meta.duration_s,
        sharp=req.sharp,
        contact_sheet_times=times,
        codec=meta.codec,
        has_audio=meta.has_audio,
    )
