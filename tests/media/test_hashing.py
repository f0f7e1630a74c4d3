"""Ingest hashes: byte digests, PDQ in the reference bit order, one canonical decode."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pdqhash

from moderator.media import Limits, MediaErrorKind, MediaHashes, MediaPool
from moderator.media.hashing import hamming, image_pdq, pdq_of_rgb
from moderator.media.render import sniff_bytes
from tests.media import synth
from tests.media.util import Media


def hashes(pool: MediaPool, path: Path) -> MediaHashes:
    result = pool.hashes(str(path))
    assert isinstance(result, MediaHashes), result
    return result


def test_byte_digests(pool: MediaPool, media: Media) -> None:
    result = hashes(pool, media.photo)
    data = media.photo.read_bytes()
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.md5 == hashlib.md5(data, usedforsecurity=False).hexdigest()
    assert (result.size_bytes, result.format, result.kind) == (len(data), "JPEG", "image")


def test_pdq_hex_is_the_reference_bit_order() -> None:
    pixels = synth.pattern(128, 96)
    bits, quality = pdqhash.compute(pixels)
    digest, q = pdq_of_rgb(pixels)
    # The reference tools print bit 255 first; pdqhash's vector starts with bit 255.
    assert digest == f"{int(''.join(str(b) for b in bits), 2):064x}"
    assert q == quality


def test_pdq_is_stable_and_matches_the_in_process_canonical_decode(
    pool: MediaPool, media: Media
) -> None:
    first, second = hashes(pool, media.photo), hashes(pool, media.photo)
    assert first.pdq == second.pdq
    assert first.pdq is not None
    assert first.pdq_quality is not None
    assert first.pdq_quality >= 50
    data = media.photo.read_bytes()
    (digest, quality), _ = image_pdq(data, sniff_bytes(data), Limits())
    assert (digest, quality) == (first.pdq, first.pdq_quality)


def test_same_picture_hashes_alike_across_formats_sizes_and_orientation(
    pool: MediaPool, media: Media, tmp_path: Path
) -> None:
    small = tmp_path / "small.png"
    synth.image(1600, 1200).resize((400, 300)).save(small)
    reference = hashes(pool, media.photo).pdq
    assert reference is not None
    for other in (media.photo_png, small, media.rotated):
        digest = hashes(pool, other).pdq
        assert digest is not None
        assert hamming(reference, digest) <= 16, other.name
    unrelated = hashes(pool, media.alpha).pdq
    assert unrelated is not None
    assert hamming(reference, unrelated) > 60


def test_video_frames_are_hashed(pool: MediaPool, media: Media) -> None:
    result = hashes(pool, media.clip)
    assert result.pdq is None
    assert [t for t, _, _ in result.pdq_frames] == [0.0, 1.0, 2.0, 3.0]
    for _, digest, quality in result.pdq_frames:
        assert len(digest) == 64
        assert 0 <= quality <= 100
    assert len({d for _, d, _ in result.pdq_frames}) > 1  # the block moves between frames


def test_undecodable_files_still_get_byte_hashes(pool: MediaPool, media: Media) -> None:
    result = hashes(pool, media.hostile / "truncated.jpg")
    assert (
        result.sha256 == hashlib.sha256((media.hostile / "truncated.jpg").read_bytes()).hexdigest()
    )
    assert result.pdq is None
    assert result.decode_error is not None
    assert result.decode_error.kind is MediaErrorKind.CORRUPT


def test_hamming() -> None:
    assert hamming("0" * 64, "0" * 64) == 0
    assert hamming("0" * 64, "f" + "0" * 63) == 4
    assert hamming("0" * 64, "f" * 64) == 256
