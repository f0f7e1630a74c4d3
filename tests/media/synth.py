"""Synthetic test media: gradients, rings, blocks and noise. Nothing resembling a person.

Each picture has stripes at six scales (detail for measuring blur) and coloured
blocks in distinct corners (so orientation and colour handling can be checked).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image

RED, GREEN, BLUE = (220, 30, 30), (30, 200, 30), (30, 30, 220)


def pattern(width: int, height: int, seed: int = 0) -> np.ndarray:
    """HxWx3 uint8: a gradient, a band of stripe patches from fine to coarse (a blur removes
    them finest first), a red block top-left and a blue block bottom-right."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = x * (160 / max(1, width - 1)) + y * (60 / max(1, height - 1))
    pixels = np.stack([base, base * 0.8 + 20, 200 - base * 0.5], axis=-1)
    rows = slice(int(height * 0.3), int(height * 0.7))
    for i, divisor in enumerate((400, 200, 100, 50, 25, 12)):
        half = max(1.0, width / divisor / 2)
        patch = (rows, slice(width * i // 6, width * (i + 1) // 6))
        diagonal = x[patch] + y[patch]
        pixels[patch] = np.where(diagonal // half % 2 == 0, 18, 238)[..., None]
    pixels += rng.integers(-4, 5, pixels.shape, dtype=np.int8)
    pixels[: height // 8, : width // 8] = RED
    pixels[-(height // 8) :, -(width // 8) :] = BLUE
    return np.clip(pixels, 0, 255).astype(np.uint8)


def image(width: int, height: int, seed: int = 0) -> Image.Image:
    return Image.fromarray(pattern(width, height, seed), "RGB")


def save_jpeg(
    path: Path, img: Image.Image, *, orientation: int | None = None, **kw: object
) -> Path:
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    img.save(path, "JPEG", quality=90, exif=exif.tobytes(), **kw)
    return path


def stored_for_orientation(upright: Image.Image, orientation: int) -> Image.Image:
    """The pixels a camera stores so that `orientation` displays them as `upright`."""
    inverse = {
        3: Image.Transpose.ROTATE_180,
        6: Image.Transpose.ROTATE_90,  # displayed after a 270 (clockwise 90) turn
        8: Image.Transpose.ROTATE_270,
        2: Image.Transpose.FLIP_LEFT_RIGHT,
    }
    return upright.transpose(inverse[orientation])


def gif_frames(path: Path, count: int, size: tuple[int, int] = (16, 16)) -> Path:
    """An animated GIF of `count` small frames, written block by block (fast at 10,000)."""
    first = Image.new("P", size, 1)
    first.putpalette([i % 256 for i in range(768)])
    first.save(path, "GIF", save_all=True, append_images=[_frame(i, size) for i in range(1, 3)])
    data = path.read_bytes()
    # Splice more copies of the last frame (graphic control + descriptor + data) before ';'.
    start = data.rfind(b"\x21\xf9\x04")
    frame = data[start:-1]
    path.write_bytes(data[:-1] + frame * (count - 3) + b";")
    return path


def _frame(i: int, size: tuple[int, int]) -> Image.Image:
    frame = Image.new("P", size, (i * 7) % 256)
    frame.putpalette([i % 256 for i in range(768)])
    return frame


def video(
    path: Path,
    *,
    size: tuple[int, int] = (320, 240),
    seconds: float = 4.0,
    fps: int = 10,
    gop: int = 10,
    codec: str = "libx264",
    container: str | None = None,
    audio: bool = False,
    rotation: int | None = None,
    bframes: int = 0,
) -> Path:
    """A clip of a bright block moving over the test pattern; keyframes every `gop` frames,
    and with `bframes`, up to that many B-frames between references (H.264 only)."""
    w, h = size
    background = pattern(w, h, 1)
    with av.open(str(path), "w", format=container) as out:
        stream = out.add_stream(codec, rate=fps)
        stream.width, stream.height = w, h
        stream.pix_fmt = "yuv420p"
        stream.codec_context.gop_size = gop
        if codec == "libx264":
            stream.codec_context.options = {"preset": "ultrafast", "bf": str(bframes)}
        elif codec == "libvpx":
            stream.codec_context.options = {"deadline": "realtime", "cpu-used": "8"}
        if rotation is not None:
            stream.set_display_rotation(rotation)
        sound = out.add_stream("aac", rate=8000) if audio else None
        for i in range(int(seconds * fps)):
            frame = background.copy()
            x = (i * 7) % max(1, w - 20)
            frame[h // 3 : h // 3 + 20, x : x + 20] = 255
            vf = av.VideoFrame.from_ndarray(frame, format="rgb24")
            vf.pts, vf.time_base = i, Fraction(1, fps)
            out.mux(stream.encode(vf))
        out.mux(stream.encode(None))
        if sound is not None:
            _add_audio(out, sound, seconds)
    return path


def _add_audio(out: av.container.OutputContainer, stream: av.stream.Stream, seconds: float) -> None:
    samples = np.sin(np.arange(int(8000 * seconds)) / 5.0).astype(np.float32)[None, :]
    for start in range(0, samples.shape[1] - 1024, 1024):
        frame = av.AudioFrame.from_ndarray(samples[:, start : start + 1024], "fltp", "mono")
        frame.sample_rate, frame.pts = 8000, start
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))


def bigtiff(img: Image.Image) -> bytes:
    """`img` (RGB) as an LZW-compressed BigTIFF. Pillow writes BigTIFF only uncompressed, so
    the strips of a classic LZW TIFF are re-wrapped in a BigTIFF header and IFD."""
    import io
    import struct

    classic = io.BytesIO()
    img.convert("RGB").save(classic, "TIFF", compression="tiff_lzw")
    data = classic.getvalue()
    with Image.open(io.BytesIO(data)) as parsed:
        offsets, counts = parsed.tag_v2[273], parsed.tag_v2[279]
        rows_per_strip = parsed.tag_v2[278]
    strips = [data[o : o + n] for o, n in zip(offsets, counts, strict=True)]
    short, long8 = 3, 16
    count = len(strips)
    entries_at = 16 + 8
    arrays_at = entries_at + 10 * 20 + 8
    strips_at = arrays_at + 16 * count
    starts = [strips_at + sum(len(s) for s in strips[:i]) for i in range(count)]

    def inline(kind: int, values: list[int]) -> bytes:
        packed = struct.pack("<" + ("H" if kind == short else "Q") * len(values), *values)
        return packed.ljust(8, b"\0")

    def entry(tag: int, kind: int, values: list[int], out_of_line: int | None = None) -> bytes:
        value = struct.pack("<Q", out_of_line) if out_of_line is not None else inline(kind, values)
        return struct.pack("<HHQ", tag, kind, len(values)) + value

    many = count > 1
    entries = [
        entry(256, short, [img.width]),
        entry(257, short, [img.height]),
        entry(258, short, [8, 8, 8]),
        entry(259, short, [5]),  # LZW
        entry(262, short, [2]),  # RGB
        entry(273, long8, starts, arrays_at if many else None),
        entry(277, short, [3]),
        entry(278, short, [rows_per_strip]),
        entry(279, long8, [len(s) for s in strips], arrays_at + 8 * count if many else None),
        entry(284, short, [1]),  # chunky
    ]
    header = b"II+\x00" + struct.pack("<HHQ", 8, 0, 16)
    ifd = struct.pack("<Q", len(entries)) + b"".join(entries) + struct.pack("<Q", 0)
    arrays = struct.pack(f"<{count}Q", *starts) + struct.pack(f"<{count}Q", *map(len, strips))
    return header + ifd + (arrays if many else b"\0" * 16 * count) + b"".join(strips)
