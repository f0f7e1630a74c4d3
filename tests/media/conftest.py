"""Media fixtures: one worker pool and one folder of synthetic media for the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image

from moderator.media import MediaPool
from tests.media import hostile, synth
from tests.media.util import Media


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    folder = tmp_path_factory.mktemp("media")
    img = synth.image(1600, 1200)
    img.save(folder / "photo.png", compress_level=1)
    rgba = synth.image(400, 300).convert("RGBA")
    opaque_left = np.where(np.arange(400) < 200, 255, 0).astype(np.uint8)
    rgba.putalpha(Image.fromarray(np.repeat(opaque_left[None, :], 300, axis=0)))
    rgba.save(folder / "alpha.png")
    synth.gif_frames(folder / "palette.gif", 3, (64, 48))
    corpus = folder / "hostile"
    corpus.mkdir()
    return Media(
        folder=folder,
        photo=synth.save_jpeg(folder / "photo.jpg", img),
        photo_png=folder / "photo.png",
        rotated=synth.save_jpeg(
            folder / "rotated.jpg", synth.stored_for_orientation(img, 6), orientation=6
        ),
        alpha=folder / "alpha.png",
        palette=folder / "palette.gif",
        clip=synth.video(folder / "clip.mp4"),
        clip_audio=synth.video(folder / "clip.mkv", audio=True),
        clip_webm=synth.video(folder / "clip.webm", codec="libvpx", seconds=2),
        clip_avi=synth.video(folder / "clip.avi", codec="mpeg4", seconds=2),
        clip_mov=synth.video(folder / "clip.mov", seconds=2),
        clip_portrait=synth.video(folder / "portrait.mp4", seconds=1, rotation=-90),
        clip_one_gop=synth.video(folder / "one-gop.mp4", gop=1000),
        clip_bframes=synth.video(folder / "bframes.mp4", seconds=12, gop=40, bframes=3),
        hostile=corpus,
        cases=tuple(hostile.build(corpus)),
    )  # fmt: skip


@pytest.fixture(scope="session")
def pool() -> Iterator[MediaPool]:
    with MediaPool(workers=2, test_hooks=True) as shared:
        shared.start()
        yield shared
