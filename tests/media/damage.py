"""Images damaged in the middle, not cut off at the end: the container still parses, the
compressed pixel data inside it does not (or holds too few rows).

Each builder starts from a valid synthetic file and flips bytes inside its image data: the
IDAT stream of a PNG, the LZW sub-blocks of a GIF, the VP8/VP8L bitstream of a WebP, a strip
of a TIFF. Not every flipped byte is noticed by a decoder (VP8 and LZW carry no checksum; a
flip there can give wrong but complete pixels), so each builder takes the first 8-byte window
at or after the middle of the data that Pillow itself refuses: the file is damaged in a way
the decoder can see, and the question is only whether the preview path reports it.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable, Sequence

import numpy as np
from PIL import Image

from tests.media import synth

WINDOW = 8


def pillow_refuses(data: bytes) -> bool:
    """True if a plain `Image.open(...).load()` raises on `data`."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception:
        return True
    return False


def flip_first_refused(
    data: bytes, positions: Sequence[int], fix: Callable[[bytearray], None] = lambda _d: None
) -> bytes:
    """`data` with WINDOW of `positions` inverted, the first window from the middle on that
    Pillow refuses; `fix` repairs container checksums after each flip."""
    for start in range(len(positions) // 2, len(positions) - WINDOW, WINDOW):
        damaged = bytearray(data)
        for pos in positions[start : start + WINDOW]:
            damaged[pos] ^= 0xFF
        fix(damaged)
        if pillow_refuses(bytes(damaged)):
            return bytes(damaged)
    raise AssertionError("no damage in the second half of the data is noticed by Pillow")


def _saved(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_from_rows(pixels: np.ndarray, rows: bytes, *, interlaced: bool = False) -> bytes:
    """An 8-bit RGB PNG of `pixels`' size whose IDAT holds `rows` (filtered scanlines)."""
    height, width = pixels.shape[:2]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, int(interlaced))
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(rows)) + _png_chunk(b"IEND", b""))  # fmt: skip


def damaged_idat_png() -> bytes:
    """Bytes flipped inside the zlib stream; the IDAT CRC recomputed, so the chunks are valid."""
    data = _saved(synth.image(320, 240), "PNG")
    start = data.index(b"IDAT") - 4
    (length,) = struct.unpack_from(">I", data, start)
    body = range(start + 8, start + 8 + length)

    def fix_crc(damaged: bytearray) -> None:
        crc = zlib.crc32(bytes(damaged[start + 4 : start + 8 + length]))
        struct.pack_into(">I", damaged, start + 8 + length, crc)

    return flip_first_refused(data, body, fix_crc)


def short_idat_png() -> bytes:
    """A whole, valid zlib stream that holds only the top half of the rows."""
    pixels = synth.pattern(320, 240)
    rows = b"".join(b"\x00" + pixels[y].tobytes() for y in range(120))
    return _png_from_rows(pixels, rows)


def interlaced_png(pixels: np.ndarray, passes: int = 7) -> bytes:
    """An Adam7-interlaced PNG (Pillow writes none) holding the first `passes` of its seven."""
    adam7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
             (0, 1, 1, 2))  # fmt: skip
    rows = b"".join(
        b"\x00" + row.tobytes()
        for x0, y0, dx, dy in adam7[:passes]
        for row in pixels[y0::dy, x0::dx]
        if row.size
    )
    return _png_from_rows(pixels, rows, interlaced=True)


def bad_filter_png() -> bytes:
    """A valid zlib stream whose middle row names filter type 9 (there are five)."""
    pixels = synth.pattern(320, 240)
    rows = b"".join((b"\x09" if y == 120 else b"\x00") + pixels[y].tobytes() for y in range(240))
    return _png_from_rows(pixels, rows)


def _gif_lzw_positions(data: bytes) -> tuple[int, list[int]]:
    """(offset of the LZW minimum code size byte, offsets of the first frame's LZW data bytes,
    sub-block length bytes left out)."""
    table = 3 * (2 << (data[10] & 7)) if data[10] & 0x80 else 0
    pos = 13 + table
    while data[pos] == 0x21:  # extensions: label, then sub-blocks
        pos += 2
        while data[pos]:
            pos += data[pos] + 1
        pos += 1
    assert data[pos] == 0x2C, "no image descriptor"
    local = data[pos + 9]
    pos += 10 + (3 * (2 << (local & 7)) if local & 0x80 else 0)
    code_size_at, pos, positions = pos, pos + 1, []
    while data[pos]:
        positions.extend(range(pos + 1, pos + 1 + data[pos]))
        pos += data[pos] + 1
    return code_size_at, positions


def damaged_lzw_gif() -> bytes:
    data = _saved(synth.image(320, 240).convert("P"), "GIF")
    return flip_first_refused(data, _gif_lzw_positions(data)[1])


def short_lzw_gif() -> bytes:
    """A 320x240 frame whose (valid, terminated) LZW data encodes only the top half."""
    full = _saved(synth.image(320, 240).convert("P"), "GIF")
    half = _saved(synth.image(320, 240).convert("P").crop((0, 0, 320, 120)), "GIF")
    full_at, full_data = _gif_lzw_positions(full)
    half_at, half_data = _gif_lzw_positions(half)
    return full[:full_at] + half[half_at : half_data[-1] + 2] + full[full_data[-1] + 2 :]


def damaged_webp(*, lossless: bool) -> bytes:
    """Bytes flipped inside the VP8 (lossy) or VP8L (lossless) bitstream; RIFF sizes intact."""
    data = _saved(synth.image(320, 240), "WEBP", lossless=lossless, quality=80)
    assert data[12:16] == (b"VP8L" if lossless else b"VP8 ")
    (length,) = struct.unpack_from("<I", data, 16)
    return flip_first_refused(data, range(20, 20 + length))


def damaged_strip_tiff(*, big: bool = False) -> bytes:
    """Bytes flipped inside the middle strip of an LZW-compressed (Big)TIFF."""
    image = synth.image(320, 240)
    data = synth.bigtiff(image) if big else _saved(image, "TIFF", compression="tiff_lzw")
    with Image.open(io.BytesIO(data)) as parsed:
        offsets, counts = parsed.tag_v2[273], parsed.tag_v2[279]
    middle = len(offsets) // 2
    strip = range(offsets[middle], offsets[middle] + counts[middle])
    return flip_first_refused(data, strip)
