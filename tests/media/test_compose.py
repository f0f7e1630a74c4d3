"""Region reveal from two frames already rendered: no decode, a circle of sharp pixels."""

from __future__ import annotations

import numpy as np
import pytest

from moderator.media import Frame
from moderator.media.compose import compose_region
from tests.media.util import pixels


def flat(value: int, size: tuple[int, int], display: tuple[int, int], mode: str = "L") -> Frame:
    channels = {"L": 1, "RGB": 3}[mode]
    data = bytes([value]) * (size[0] * size[1] * channels)
    return Frame(size[0], size[1], mode, data, *display)


def test_circle_of_sharp_over_blurred() -> None:
    blurred = flat(50, (80, 60), (320, 240))  # previews travel small
    sharp = flat(200, (320, 240), (320, 240))
    out = compose_region(blurred, sharp, 100, 120, 40)
    values = pixels(out)
    assert (out.width, out.height, out.mode) == (320, 240, "L")
    assert values[120, 100] == 200  # centre: sharp
    assert values[120, 100 + 30] == 200  # inside the radius
    assert values[120, 100 + 45] == 50  # outside: blurred
    assert values[10, 300] == 50
    assert 50 < values[120, 100 + 39] < 200  # a soft edge
    assert np.count_nonzero(values == 200) < np.pi * 40**2


def test_coordinates_are_display_coordinates() -> None:
    blurred = flat(0, (100, 50), (400, 200))
    sharp = flat(255, (200, 100), (400, 200))  # half the display resolution
    values = pixels(compose_region(blurred, sharp, 200, 100, 20))
    assert values[50, 100] == 255
    assert values[50, 100 + 15] == 0  # 20 display px = 10 frame px


def test_modes_mix_to_rgb_and_edges_clip() -> None:
    blurred = flat(10, (32, 24), (64, 48), "L")
    sharp = flat(240, (64, 48), (64, 48), "RGB")
    out = compose_region(blurred, sharp, 0, 0, 1000)
    assert out.mode == "RGB"
    assert pixels(out)[0, 0].tolist() == [240, 240, 240]
    outside = compose_region(blurred, sharp, -500, -500, 10)
    assert pixels(outside).max() == 10


def test_frames_for_different_displays_are_refused() -> None:
    with pytest.raises(ValueError, match="display"):
        compose_region(flat(0, (10, 10), (10, 10)), flat(0, (10, 10), (20, 20)), 0, 0, 5)
