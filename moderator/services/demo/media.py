"""Synthetic demo media: abstract shapes, gradients and noise. Nothing resembling a person.

These files stand in for reported media in the demo workspace and in tests; they are source
files the program reads, never previews it renders.
"""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw

from moderator.store.private import private_file

PALETTES = [
    [(38, 70, 83), (42, 157, 143), (233, 196, 106), (244, 162, 97), (231, 111, 81)],
    [(13, 27, 42), (27, 38, 59), (65, 90, 119), (119, 141, 169), (224, 225, 221)],
    [(255, 190, 11), (251, 86, 7), (255, 0, 110), (131, 56, 236), (58, 134, 255)],
    [(0, 48, 73), (214, 40, 40), (247, 127, 0), (252, 191, 73), (234, 226, 183)],
]


def abstract_image(width: int, height: int, seed: int) -> Image.Image:
    """A gradient with random circles, rectangles and lines, plus a little noise."""
    rng = random.Random(seed)
    palette = rng.choice(PALETTES)
    a, b = np.array(rng.choice(palette), float), np.array(rng.choice(palette), float)
    # Gradients are computed on a small grid and scaled up: cheap even at 24 MP.
    gw, gh = max(2, width // 16), max(2, height // 16)
    t = np.linspace(0.0, 1.0, gw)[None, :, None] * np.ones((gh, 1, 1))
    grad = (a * (1 - t) + b * t).astype(np.uint8)
    image = Image.fromarray(grad, "RGB").resize((width, height), Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(image)
    scale = min(width, height)
    for _ in range(rng.randint(6, 18)):
        color = rng.choice(palette)
        x, y = rng.randrange(width), rng.randrange(height)
        size = max(2, int(scale * rng.uniform(0.03, 0.3)))
        shape = rng.random()
        if shape < 0.4:
            draw.ellipse((x - size, y - size, x + size, y + size), fill=color)
        elif shape < 0.75:
            draw.rectangle((x, y, x + size * 2, y + size), fill=color)
        else:
            x2, y2 = rng.randrange(width), rng.randrange(height)
            draw.line((x, y, x2, y2), fill=color, width=max(1, scale // 80))
    noise_rng = np.random.default_rng(seed)
    small = noise_rng.integers(
        -12, 12, (max(1, height // 4), max(1, width // 4), 1), dtype=np.int16
    )
    noise = Image.fromarray((small + 128).clip(0, 255).astype(np.uint8)[:, :, 0], "L")
    noise = noise.resize((width, height), Image.Resampling.NEAREST).convert("RGB")
    return Image.blend(image, noise, 0.08)


def write_image(path: Path, width: int, height: int, seed: int) -> Path:
    private_file(path)  # 0600 in 0700 folders: the encoder writes into it as it is
    image = abstract_image(width, height, seed)
    suffix = path.suffix.lower()
    if suffix in (".jpg", ".jpeg"):
        image.save(path, "JPEG", quality=88)
    elif suffix == ".png":
        image.save(path, "PNG", compress_level=3)
    elif suffix == ".webp":
        image.save(path, "WEBP", quality=80)
    else:
        image.save(path)
    return path


def write_video(
    path: Path,
    width: int,
    height: int,
    seconds: float,
    seed: int,
    fps: int = 24,
    codec: str = "libx264",
) -> Path:
    """A clip of coloured shapes drifting over a gradient, with no audio."""
    private_file(path)
    rng = random.Random(seed)
    background = np.asarray(abstract_image(width, height, seed), dtype=np.uint8)
    blobs = [
        (
            rng.uniform(0, width),
            rng.uniform(0, height),
            rng.uniform(-4, 4),
            rng.uniform(-4, 4),
            rng.randint(10, max(11, min(width, height) // 5)),
            rng.choice(rng.choice(PALETTES)),
        )
        for _ in range(6)
    ]
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream(codec, rate=fps)
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        stream.time_base = Fraction(1, fps)
        if codec == "libx264":
            stream.options = {"preset": "veryfast", "g": str(fps * 2)}
        for index in range(int(seconds * fps)):
            frame_img = Image.fromarray(background.copy(), "RGB")
            draw = ImageDraw.Draw(frame_img)
            for x, y, dx, dy, r, color in blobs:
                cx, cy = (x + dx * index) % width, (y + dy * index) % height
                draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=color)
            frame = av.VideoFrame.from_ndarray(np.asarray(frame_img), format="rgb24")
            frame.pts = index
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path
