"""A corpus of hostile and awkward media files, each with the outcome the pool must give.

    python -m tests.media.hostile DIR     # writes the corpus into DIR and lists it

Outcomes are an error kind, or None for "renders correctly" (the tests check the preview).
Everything is generated; big claims (100,000-pixel sides, 10,000 frames) cost little on disk.
"""

from __future__ import annotations

import os
import random
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from moderator.media.types import MediaErrorKind as K
from tests.media import damage, synth


@dataclass(frozen=True)
class Case:
    name: str  # file name inside the corpus folder
    expect: K | None  # None: a correct preview
    why: str


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG header claiming a huge size, with a tiny IDAT: a bomb by its header alone."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    signature = b"\x89PNG\r\n\x1a\n"
    return (
        signature + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")
    )


def _jpeg_bytes(img: Image.Image, **kw: object) -> bytes:
    import io

    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, **kw)
    return out.getvalue()


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A valid small JPEG whose SOF0 frame header is rewritten to claim `width` x `height`."""
    data = bytearray(_jpeg_bytes(synth.image(64, 64)))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def _gif_claiming(width: int, height: int) -> bytes:
    """A one-pixel GIF frame on a logical screen of `width` x `height`."""
    screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0)
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x4c\x01\x00"
    return screen + frame + b";"


def _huge_exif(count: int = 4000) -> bytes:
    """TIFF-structured EXIF with one IFD of `count` junk entries (12 bytes each)."""
    entries = b"".join(
        struct.pack("<HHII", 0x9000 + i % 64, 2, 4, 0x41414141) for i in range(count)
    )
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", count) + entries + b"\0" * 4


def _with_exif_chunk(png: bytes, exif: bytes) -> bytes:
    """`png` with an eXIf chunk inserted right after IHDR."""
    end_of_ihdr = 8 + 8 + 13 + 4
    return png[:end_of_ihdr] + _png_chunk(b"eXIf", exif) + png[end_of_ihdr:]


def _corrupt_mp4(source: bytes) -> bytes:
    """`source` with the media payload scrambled and the index (moov) intact."""
    data = bytearray(source)
    start = data.index(b"mdat") - 4
    (size,) = struct.unpack(">I", data[start : start + 4])
    rng = random.Random(7)
    for i in range(start + 8, start + size):
        data[i] = rng.randrange(256)
    return bytes(data)


Writer = Callable[[Path], object]


def _put(data: bytes) -> Writer:
    return lambda path: path.write_bytes(data)


def _writers(folder: Path) -> list[tuple[Case, Writer]]:
    good = synth.image(320, 240)
    jpeg = _jpeg_bytes(good)
    good.save(folder / "_good.png")
    png = (folder / "_good.png").read_bytes()
    clip = synth.video(folder / "_clip.mp4", seconds=2.0).read_bytes()
    cmyk = Image.fromarray(synth.pattern(200, 150), "RGB").convert("CMYK")
    ramp = np.linspace(0, 65535, 256).astype(np.uint16)  # full 16-bit range, left to right
    deep = Image.fromarray(np.repeat(ramp[None, :], 64, axis=0))
    heif = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    noise = random.Random(2).randbytes(4000)
    mp4_noise = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + noise
    zip_html = b"PK\x03\x04" + os.urandom(200) + b"<html><script>alert(1)</script>"
    big_exif = _huge_exif(65_535) + os.urandom(7 << 20)
    c = Case
    return [
        (c("truncated.jpg", K.CORRUPT, "JPEG cut in half"), _put(jpeg[: len(jpeg) // 2])),
        (c("truncated-tail.jpg", K.CORRUPT, "JPEG missing its last bytes"), _put(jpeg[:-40])),
        (c("zero.jpg", K.CORRUPT, "zero bytes"), _put(b"")),
        (c("png-named.jpg", None, "a PNG with a .jpg name"), _put(png)),
        (c("image-named.mp4", None, "a JPEG with a video name"), _put(jpeg)),
        (
            c("bomb.png", K.TOO_LARGE, "PNG claiming 100,000 x 100,000"),
            _put(_png_claiming(100_000, 100_000)),
        ),
        (
            c("bomb.jpg", K.TOO_LARGE, "JPEG claiming 65,000 x 65,000"),
            _put(_jpeg_claiming(65_000, 65_000)),
        ),
        (
            c("bomb-screen.gif", K.TOO_LARGE, "GIF screen of 65,535 x 65,535"),
            _put(_gif_claiming(65_535, 65_535)),
        ),
        (
            c("frames-10000.gif", None, "a GIF with 10,000 frames"),
            lambda p: synth.gif_frames(p, 10_000),
        ),
        (
            c("corrupt.mp4", K.CORRUPT, "MP4 with its media data scrambled"),
            _put(_corrupt_mp4(clip)),
        ),
        (c("truncated.mp4", K.CORRUPT, "MP4 cut after 3 KB"), _put(clip[:3000])),
        (c("polyglot.jpg", None, "JPEG + ZIP + HTML in one file"), _put(jpeg + zip_html)),
        (c("polyglot-video.png", None, "a PNG with an MP4 appended"), _put(png + clip)),
        (c("cmyk.jpg", None, "CMYK JPEG"), lambda p: cmyk.save(p, "JPEG", quality=90)),
        (c("deep16.png", None, "16-bit grayscale PNG"), lambda p: deep.save(p)),
        (
            c("huge-exif.jpg", None, "a 48 KB EXIF block of junk tags"),
            _put(_jpeg_bytes(good, exif=_huge_exif())),
        ),
        (
            c("huge-exif.png", None, "an 8 MB eXIf chunk, 65,535 junk tags"),
            _put(_with_exif_chunk(png, big_exif)),
        ),
        (
            c("strip.png", None, "a 1 x 100,000 image"),
            lambda p: Image.new("L", (1, 100_000), 90).save(p),
        ),
        (c("text.jpg", K.UNSUPPORTED, "plain text named .jpg"), _put(b"hello, not an image\n")),
        (
            c("playlist.mp4", K.UNSUPPORTED, "an HLS playlist"),
            _put(b"#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n"),
        ),
        (
            c("concat.mp4", K.UNSUPPORTED, "an FFmpeg concat list"),
            _put(b"ffconcat version 1.0\nfile '/etc/passwd'\n"),
        ),
        (
            c("drawing.svg", K.UNSUPPORTED, "SVG (not allowlisted)"),
            _put(b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
        ),
        (c("photo.heic", K.UNSUPPORTED, "HEIF brand in an ftyp box"), _put(heif)),
        (
            c("header-only.jpg", K.CORRUPT, "JPEG magic then noise"),
            _put(b"\xff\xd8\xff" + noise),
        ),
        (c("header-only.mp4", K.CORRUPT, "ftyp then noise"), _put(mp4_noise)),
        (
            c("ffv1-codec.mkv", K.UNSUPPORTED, "MKV with a codec not on the allowlist"),
            lambda p: synth.video(p, codec="ffv1", seconds=0.5, container="matroska"),
        ),
        (c("truncated.png", K.CORRUPT, "PNG cut inside IDAT"), _put(png[:-300])),
        *_damaged_in_the_middle(),
        (c("bigtiff.tif", None, "an LZW BigTIFF (64-bit offsets)"), _put(synth.bigtiff(good))),
        (
            c("bigtiff-raw.tif", None, "an uncompressed BigTIFF, as Pillow writes it"),
            lambda p: good.save(p, "TIFF", big_tiff=True),
        ),
        (c("a-folder.jpg", K.UNSUPPORTED, "a directory with an image name"), lambda p: p.mkdir()),
        (
            c("fifo.jpg", K.UNSUPPORTED, "a named pipe (would block a naive open)"),
            lambda p: os.mkfifo(p),
        ),
    ]


# Damaged in the middle, container intact: each must be CORRUPT, never a partial picture.
DAMAGED = (
    ("damaged-idat.png", "PNG with bytes flipped inside IDAT (chunk CRC valid)",
     damage.damaged_idat_png),
    ("short-idat.png", "PNG whose zlib stream ends after half the rows",
     damage.short_idat_png),
    ("bad-filter.png", "PNG with an unknown row filter in the middle", damage.bad_filter_png),
    ("damaged-lzw.gif", "GIF with bytes flipped inside the LZW data", damage.damaged_lzw_gif),
    ("short-lzw.gif", "GIF whose LZW data ends after half the rows", damage.short_lzw_gif),
    ("damaged-vp8.webp", "lossy WebP with bytes flipped inside the VP8 data",
     lambda: damage.damaged_webp(lossless=False)),
    ("damaged-vp8l.webp", "lossless WebP with bytes flipped inside the VP8L data",
     lambda: damage.damaged_webp(lossless=True)),
    ("damaged-strip.tif", "LZW TIFF with bytes flipped inside a strip",
     damage.damaged_strip_tiff),
    ("damaged-strip-big.tif", "LZW BigTIFF with bytes flipped inside a strip",
     lambda: damage.damaged_strip_tiff(big=True)),
)  # fmt: skip


def _damaged_in_the_middle() -> list[tuple[Case, Writer]]:
    return [(Case(name, K.CORRUPT, why), _put(make())) for name, why, make in DAMAGED]


def build(folder: Path) -> list[Case]:
    """Write the corpus into `folder` (which must exist) and return its cases."""
    cases = []
    for case, write in _writers(folder):
        write(folder / case.name)
        cases.append(case)
    for helper in ("_good.png", "_clip.mp4"):
        (folder / helper).unlink()
    return cases


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.media.hostile DIR")
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    for item in build(target):
        print(f"{item.name:22} {item.expect or 'ok':18} {item.why}")
