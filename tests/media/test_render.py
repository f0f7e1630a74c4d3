"""Previews through the real worker pool: blurred by default, sharp only on request."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from moderator.media import BlurLevel, MediaError, MediaErrorKind, MediaPool, RenderRequest
from tests.media import synth
from tests.media.util import Media, at_display, detail, ok, pixels


def request(path: object, **kw: Any) -> RenderRequest:
    fields: dict[str, Any] = {"target_width": 640, "target_height": 480, **kw}
    return RenderRequest(str(path), None, **fields)


def test_default_preview_is_blurred_grayscale_and_small(pool: MediaPool, media: Media) -> None:
    rendered = ok(pool.render(request(media.photo)))
    frame = rendered.frame
    assert frame.mode == "L"
    assert (frame.display_width, frame.display_height) == (640, 480)
    assert frame.width < frame.display_width  # rendered at work size; the UI scales it up
    assert not rendered.sharp
    assert (rendered.source_width, rendered.source_height, rendered.format) == (1600, 1200, "JPEG")


def test_blurred_has_far_less_detail_than_sharp(pool: MediaPool, media: Media) -> None:
    sharp = ok(pool.render(request(media.photo, sharp=True)))
    assert sharp.sharp
    assert (sharp.frame.width, sharp.frame.height) == (640, 480)
    sharp_detail = detail(at_display(sharp.frame))
    for level in (BlurLevel.LIGHT, BlurLevel.STRONG, BlurLevel.UNRECOGNISABLE):
        blurred = detail(at_display(ok(pool.render(request(media.photo, blur=level))).frame))
        assert blurred < sharp_detail * 0.1, level


def test_levels_get_stronger(pool: MediaPool, media: Media) -> None:
    sharp = at_display(ok(pool.render(request(media.photo, sharp=True))).frame)
    removed = [
        np.abs(at_display(ok(pool.render(request(media.photo, blur=level))).frame) - sharp).mean()
        for level in BlurLevel
    ]
    assert len(removed) >= 5
    assert removed == sorted(removed)
    assert removed[-1] > removed[0] * 1.5


def test_a_level_looks_the_same_at_any_size(pool: MediaPool, media: Media) -> None:
    def seen_at(box: tuple[int, int], level: BlurLevel) -> np.ndarray:
        req = request(media.photo, blur=level, target_width=box[0], target_height=box[1])
        frame = ok(pool.render(req)).frame
        shown = Image.fromarray(at_display(frame).astype(np.uint8))
        return np.asarray(shown.resize((160, 120), Image.Resampling.BOX), dtype=np.float64)

    for level in BlurLevel:  # compared at a common size, as the eye would
        small, large = seen_at((320, 240), level), seen_at((1280, 960), level)
        assert np.abs(small - large).mean() < 1.0, level
    next_level = seen_at((1280, 960), BlurLevel.STRONG)
    assert np.abs(next_level - seen_at((1280, 960), BlurLevel.MEDIUM)).mean() > 2.0


def test_color_when_asked(pool: MediaPool, media: Media) -> None:
    frame = ok(pool.render(request(media.photo, grayscale=False, sharp=True))).frame
    rgb = pixels(frame)
    assert frame.mode == "RGB"
    red = rgb[5, 5]
    assert red[0] > 150
    assert red[1] < 80
    assert red[2] < 80


def test_pixelate_shows_hard_blocks_at_display_size(pool: MediaPool, media: Media) -> None:
    frame = ok(pool.render(request(media.photo, pixelate=True, blur=BlurLevel.HEAVY))).frame
    values = pixels(frame)
    assert (frame.width, frame.height) == (640, 480)
    distinct_rows = np.unique(values, axis=0).shape[0]
    assert distinct_rows <= 20  # 20 blocks along the long side: 15 down this one
    assert detail(values) < detail(at_display(ok(pool.render(request(media.photo))).frame)) * 5


def test_exif_orientation_is_honoured(pool: MediaPool, media: Media) -> None:
    rendered = ok(pool.render(request(media.rotated, grayscale=False, sharp=True)))
    assert (rendered.source_width, rendered.source_height) == (1600, 1200)
    rgb = pixels(rendered.frame)
    assert rgb[5, 5, 0] > 150
    assert rgb[5, 5, 2] < 80
    assert rgb[-5, -5, 2] > 150
    assert rgb[-5, -5, 0] < 80


def test_alpha_is_flattened_on_grey(pool: MediaPool, media: Media) -> None:
    values = pixels(ok(pool.render(request(media.alpha, sharp=True))).frame)
    transparent = values[:, -40:]
    assert np.all(np.abs(transparent - 128) <= 1)
    assert np.abs(values[:, :100] - 128).mean() > 10


def test_animated_gif_reports_its_frames(pool: MediaPool, media: Media) -> None:
    rendered = ok(pool.render(request(media.palette)))
    assert (rendered.kind, rendered.frame_count, rendered.format) == ("image", 3, "GIF")


def test_integrity_mismatch_is_refused(pool: MediaPool, media: Media) -> None:
    good = hashlib.sha256(media.photo.read_bytes()).hexdigest()
    ok(pool.render(RenderRequest(str(media.photo), good, 320, 240)))
    result = pool.render(RenderRequest(str(media.photo), "ab" * 32, 320, 240))
    assert isinstance(result, MediaError)
    assert result.kind is MediaErrorKind.INTEGRITY_MISMATCH
    assert "SHA-256" in result.message


def test_missing_file(pool: MediaPool, media: Media) -> None:
    result = pool.render(request(media.folder / "nope.jpg"))
    assert result == MediaError(MediaErrorKind.MISSING, "the media file does not exist")


@pytest.mark.parametrize("size", [(1, 1), (64, 4096), (4000, 3000)])
def test_any_display_size(pool: MediaPool, media: Media, size: tuple[int, int]) -> None:
    req = request(media.photo_png, target_width=size[0], target_height=size[1])
    frame = ok(pool.render(req)).frame
    assert frame.display_width <= size[0]
    assert frame.display_height <= size[1]
    assert frame.width <= frame.display_width
    assert frame.height <= frame.display_height


@pytest.mark.parametrize(
    ("fmt", "save", "frames"),
    [
        ("WEBP", {"format": "WEBP", "quality": 90}, 1),
        ("WEBP", {"format": "WEBP", "save_all": True, "duration": 100}, 3),
        ("BMP", {"format": "BMP"}, 1),
        ("TIFF", {"format": "TIFF", "compression": "tiff_lzw"}, 1),
        ("TIFF", {"format": "TIFF", "save_all": True}, 3),
        ("GIF", {"format": "GIF"}, 1),
        ("PNG", {"format": "PNG", "save_all": True, "duration": 100}, 3),  # APNG
    ],
)
def test_every_allowed_image_format(
    pool: MediaPool, tmp_path: Path, fmt: str, save: dict[str, Any], frames: int
) -> None:
    pictures = [synth.image(160, 120, seed) for seed in range(frames)]
    path = tmp_path / f"picture.{fmt.lower()}"
    extra = {"append_images": pictures[1:]} if frames > 1 else {}
    pictures[0].save(path, **save, **extra)
    rendered = ok(pool.render(request(path, grayscale=False, sharp=True)))
    assert (rendered.format, rendered.frame_count) == (fmt, frames)
    assert (rendered.source_width, rendered.source_height) == (160, 120)
    assert pixels(rendered.frame)[3, 3, 0] > 150  # the red corner of the first frame
