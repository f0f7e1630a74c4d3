"""The fuzz target runs (without atheris) over the hostile corpus and random mutations."""

from __future__ import annotations

import importlib.util
import random
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image, ImageFile

from tests.media.util import Media

HARNESS = Path(__file__).parents[2] / "fuzz" / "fuzz_preview.py"


@pytest.fixture(scope="module")
def harness() -> Iterator[ModuleType]:
    """The harness configures Pillow as a worker does; put the test process back after."""
    spec = importlib.util.spec_from_file_location("fuzz_preview", HARNESS)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    saved = (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES)
    with warnings.catch_warnings():
        module.setup()
        yield module
    Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = saved


def test_target_accepts_the_corpus_and_mutations(harness: ModuleType, media: Media) -> None:
    rng = random.Random(3)
    seeds = [p.read_bytes() for p in sorted(media.hostile.iterdir()) if p.is_file()]
    seeds.append(media.clip.read_bytes())
    for seed in seeds:
        harness.one_input(seed)
    for _ in range(60):
        data = bytearray(rng.choice(seeds) or b"\xff\xd8\xff")
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        harness.one_input(bytes(data[: rng.randint(1, len(data))]))
