"""The PDQ multi-index: the same answers as a brute-force scan, at every threshold."""

from __future__ import annotations

import numpy as np
import pytest

from moderator.media.pdq_index import PdqIndex, brute_force, distances


def flipped(row: np.ndarray, bits: int, rng: np.random.Generator) -> np.ndarray:
    out = row.copy()
    for b in rng.choice(256, bits, replace=False):
        out[b // 8] ^= 1 << (b % 8)
    return out


@pytest.mark.parametrize("threshold", [0, 1, 15, 16, 31, 32, 47, 60])
def test_the_index_finds_exactly_what_a_full_scan_finds(threshold: int) -> None:
    rng = np.random.default_rng(threshold)
    base = rng.integers(0, 256, (2000, 32), dtype=np.uint8)
    # Near copies of some rows at distances around the threshold, so both sides are tested.
    near = np.stack([flipped(base[i], (i % 40) + 1, rng) for i in range(200)])
    index = PdqIndex(np.concatenate([base, near]))
    for i in range(0, 200, 3):
        query = flipped(base[i], i % 35, rng)
        got = index.search(query.tobytes(), threshold)
        expected = brute_force(index.words, query.view(np.uint64), threshold)
        assert sorted(p for p, _d in got) == sorted(expected.tolist())
        dists = distances(index.words[expected], query.view(np.uint64))
        assert sorted(d for _p, d in got) == sorted(dists.tolist())
        assert [d for _p, d in got] == sorted(d for _p, d in got)  # nearest first
    assert PdqIndex.from_hex([]).search("00" * 32, threshold) == []


def test_hex_input_and_the_distance_reported() -> None:
    a, b = "f" * 64, "f" * 62 + "00"
    index = PdqIndex.from_hex([a, "0" * 64])
    assert index.search(b, 31) == [(0, 8)]
    assert index.search(b, 7) == []
