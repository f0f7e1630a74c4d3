"""Making sure a PNG's first frame was decoded to its last row, not just "loaded".

Pillow's PNG decoder stops without an error when the zlib stream ends before the last row
(libpng calls that an error): the rows it never received stay black, and `load()` returns as
if the picture were whole. So the image buffer is filled with a sentinel before decoding; rows
arrive top to bottom, and if the last row still holds the sentinel afterwards (a short stream,
or a picture whose last row happens to match), the image data is inflated once more and its
length checked against the header. Interlaced files fill rows in seven passes and are always
checked.
"""

from __future__ import annotations

import struct
import zlib

from PIL import Image

from moderator.media.errors import MediaFailure
from moderator.media.types import MediaErrorKind

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SENTINEL = 0xA5
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by IHDR colour type
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))  # fmt: skip
_STEP = 1 << 20  # inflate output per call: the check never holds the whole image


def load(image: Image.Image, data: bytes) -> None:
    """`image.load()`, then a CORRUPT failure unless every row of the first frame arrived."""
    width, height = image.size
    fill = None if image.info.get("interlace") else _sentinel(image.mode)
    if fill is not None:
        # ImageFile.load_prepare decodes into an existing buffer instead of a zeroed one.
        image.im = Image.new(image.mode, image.size, fill).im
    image.load()
    if fill is not None:
        last = image.crop((0, height - 1, width, height)).tobytes()
        if last != Image.new(image.mode, (width, 1), fill).tobytes():
            return
    produced, expected = scanline_bytes(data)
    if produced < expected:
        raise MediaFailure(
            MediaErrorKind.CORRUPT,
            f"the PNG image data ends early ({produced:,} of {expected:,} bytes of rows)",
        )


def scanline_bytes(data: bytes) -> tuple[int, int]:
    """(bytes of filtered rows the IDAT stream inflates to, bytes the header calls for)."""
    chunks = _chunks(data)
    header = next((body for kind, body in chunks if kind == b"IHDR"), None)
    if header is None or len(header) < 13:
        raise MediaFailure(MediaErrorKind.CORRUPT, "the PNG has no image header")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header[:13])
    bits = depth * _CHANNELS.get(colour, 4)
    expected = _rows_bytes(width, height, bits, interlaced=interlace == 1)
    bodies = [body for kind, body in chunks if kind == b"IDAT"]
    return _inflated_size(bodies, expected), expected


def _inflated_size(bodies: list[memoryview], limit: int) -> int:
    """Bytes the zlib stream split over `bodies` inflates to, counting no further than
    `limit`. Inflated as raw deflate after the 2-byte zlib header: the Adler-32 checksum at
    the end is Pillow's to judge (it does), the question here is only whether rows are missing."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced, header = 0, 2
    try:
        for body in [*bodies, memoryview(b"")]:  # the empty one drains buffered output
            skip = min(header, len(body))
            pending: bytes | memoryview = body[skip:]
            header -= skip
            while produced < limit and not inflater.eof and not header:
                out = inflater.decompress(pending, min(_STEP, limit - produced))
                produced += len(out)
                stalled = not out and len(inflater.unconsumed_tail) == len(pending)
                pending = inflater.unconsumed_tail
                if stalled or not (out or pending):
                    break
    except zlib.error:
        pass  # damaged before `limit`: what came out before the damage is the answer
    return produced


def _rows_bytes(width: int, height: int, bits: int, *, interlaced: bool) -> int:
    """Filtered-row bytes of the image: one filter byte plus the packed samples, per row."""
    if not interlaced:
        return height * (1 + (width * bits + 7) // 8)
    total = 0
    for x0, y0, dx, dy in _ADAM7:
        pass_width, pass_height = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if pass_width > 0 and pass_height > 0:
            total += pass_height * (1 + (pass_width * bits + 7) // 8)
    return total


def _chunks(data: bytes) -> list[tuple[bytes, memoryview]]:
    """(type, body) of each chunk up to IEND; a chunk running past the end is cut short."""
    view = memoryview(data)
    found: list[tuple[bytes, memoryview]] = []
    pos = len(_SIGNATURE) if data.startswith(_SIGNATURE) else len(data)
    while pos + 8 <= len(data):
        (length,) = struct.unpack_from(">I", data, pos)
        kind = bytes(view[pos + 4 : pos + 8])
        found.append((kind, view[pos + 8 : pos + 8 + length]))
        if kind == b"IEND":
            break
        pos += 12 + length
    return found


def _sentinel(mode: str) -> int | tuple[int, ...] | None:
    """An improbable fill value for `mode`, or None for a mode Image.new cannot fill."""
    try:
        bands = Image.getmodebands(mode)
        value = 0xA5A5 if mode.startswith("I;16") else _SENTINEL
        fill = value if bands == 1 else (value,) * bands
        Image.new(mode, (1, 1), fill)
    except (ValueError, TypeError, KeyError):
        return None
    return fill
