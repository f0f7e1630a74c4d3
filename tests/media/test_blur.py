"""Preview geometry and filters: strength relative to the display, work size from the blur."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from moderator.media import BlurLevel
from moderator.media.blur import SIGMA_FRACTION, WORK_SIGMA, fit, geometry, pixelate


def test_fit_keeps_the_aspect_ratio() -> None:
    assert fit(1600, 1200, 640, 640) == (640, 480)
    assert fit(100, 50, 1000, 1000) == (1000, 500)  # small sources are shown larger
    assert fit(1, 100_000, 1280, 960) == (1, 960)


@pytest.mark.parametrize("level", list(BlurLevel))
def test_work_size_keeps_the_blur_a_few_pixels_wide(level: BlurLevel) -> None:
    geo = geometry((6000, 4000), (1280, 960), level, sharp=False, pixelate=False)
    assert geo.display == (1280, 853)
    sigma_in_work_pixels = SIGMA_FRACTION[level] * max(geo.work)
    # Fewer pixels than the display, but enough that the blur, not the sampling, dominates.
    assert max(geo.work) <= 1280
    assert sigma_in_work_pixels >= min(WORK_SIGMA, SIGMA_FRACTION[level] * 1280) - 0.01


def test_sharp_renders_at_display_size_but_never_above_the_source() -> None:
    assert geometry((6000, 4000), (1280, 960), BlurLevel.STRONG, sharp=True,
                    pixelate=False).work == (1280, 853)  # fmt: skip
    small = geometry((320, 240), (1280, 960), BlurLevel.STRONG, sharp=True, pixelate=False)
    assert (small.display, small.work) == ((1280, 960), (320, 240))


def test_stronger_levels_need_fewer_pixels() -> None:
    sizes = [
        max(geometry((6000, 4000), (1280, 960), level, sharp=False, pixelate=False).work)
        for level in BlurLevel
    ]
    assert sizes == sorted(sizes, reverse=True)


def test_pixelate_makes_square_blocks_at_display_size() -> None:
    y, x = np.mgrid[0:120, 0:160]
    ramp = (x + y).astype(np.uint8)  # every block has its own average
    out = pixelate(Image.fromarray(ramp), BlurLevel.UNRECOGNISABLE, (640, 480))
    values = np.asarray(out)
    assert out.size == (640, 480)
    # 12 blocks across: every block is one flat colour, 640/12 ~ 53 px wide.
    assert len(np.unique(values[0])) == 12
    assert len(np.unique(values[:, 0])) == 9
