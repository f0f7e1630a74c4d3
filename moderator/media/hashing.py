"""SHA-256, MD5 and PDQ, computed in the worker from the one copy of the bytes it read.

The canonical PDQ input (the same at ingest and at every later lookup, so hashes agree):
  1. decode the first frame, with JPEG at the coarsest DCT scale that keeps both sides
     >= 256 px (PDQ works on a 64x64 reduction, so more resolution changes nothing);
  2. apply the EXIF orientation (the hash describes the picture as it is seen);
  3. convert to 8-bit RGB exactly as previews do (`images.to_8bit`: alpha flattened on mid
     grey, 16-bit and float samples scaled);
  4. resize to exactly 512x512 with Pillow's bilinear filter (Meta's recommended input size);
  5. `pdqhash.compute` (Meta's reference C++), hex in the reference bit order.
Video frames: each contact-sheet keyframe (`sheet.keyframes`, 12 samples), scaled by FFmpeg
(area filter) to 512x512 RGB with its display rotation applied, then step 5.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pdqhash
from PIL import Image

from moderator.media import images
from moderator.media.errors import decoding
from moderator.media.sniff import Sniffed
from moderator.media.types import Limits

PDQ_SIZE = 512
PDQ_DRAFT_MIN = 256


def byte_hashes(data: bytes) -> tuple[str, str]:
    """(SHA-256, MD5) hex digests of the bytes."""
    return hashlib.sha256(data).hexdigest(), hashlib.md5(data, usedforsecurity=False).hexdigest()


def pdq_of_rgb(pixels: np.ndarray) -> tuple[str, int]:
    """PDQ of an HxWx3 uint8 array: (64 hex digits, quality 0..100)."""
    bits, quality = pdqhash.compute(np.ascontiguousarray(pixels, dtype=np.uint8))
    # pdqhash returns bit 255 first, which is the reference tools' hex digit order.
    packed = np.packbits(np.asarray(bits, dtype=np.uint8))
    return packed.tobytes().hex(), int(quality)


def image_pdq(
    data: bytes, sniffed: Sniffed, limits: Limits
) -> tuple[tuple[str, int], images.StillImage]:
    """PDQ of a still image's first frame through the canonical decode above, and the decode."""
    still = images.decode(
        data, sniffed, limits, lambda _size: (PDQ_DRAFT_MIN, PDQ_DRAFT_MIN), grayscale=False
    )
    with decoding(sniffed.format):
        rgb = still.image.convert("RGB").resize((PDQ_SIZE, PDQ_SIZE), Image.Resampling.BILINEAR)
        return pdq_of_rgb(np.asarray(rgb)), still


def hamming(a: str, b: str) -> int:
    """Bits that differ between two PDQ hex strings (<= 31 is the usual match threshold)."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
