"""PDQ near-duplicate search by Hamming distance: an exact multi-index hashing index.

Each 256-bit PDQ hash is cut into 16 substrings of 16 bits, and each substring position has
its own table from the 65,536 substring values to the entries holding them (one argsort and
a bucket offset array per position, numpy only). By the pigeonhole principle, two hashes
within distance t differ in at most floor(t / 16) bits in at least one of the 16 substrings,
so probing every value within that radius of the query's substrings finds every candidate;
each candidate's full distance is then computed exactly. The answer equals a brute-force
scan's (tests check it), at a small fraction of the cost for the usual t <= 31 (radius 1:
17 probes per substring). Thresholds above 47 fall back to the brute-force scan.

The index is immutable: a bank that changes gets a new one (building 1M entries takes about a
second). `brute_force` is the baseline the benchmark (bench/bench_banks.py) compares with.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

CHUNKS = 16
CHUNK_BITS = 16
MAX_RADIUS = 2


def _masks(radius: int) -> np.ndarray:
    masks = [0]
    for r in range(1, radius + 1):
        for bits in combinations(range(CHUNK_BITS), r):
            masks.append(sum(1 << b for b in bits))
    return np.array(masks, dtype=np.int64)


_MASKS = [_masks(r) for r in range(MAX_RADIUS + 1)]


def to_array(values: list[str]) -> np.ndarray:
    """PDQ hex strings as an (n, 32) uint8 array (hex digit order kept)."""
    if not values:
        return np.zeros((0, 32), dtype=np.uint8)
    return np.frombuffer(bytes.fromhex("".join(values)), dtype=np.uint8).reshape(-1, 32).copy()


def _words(array: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(array, dtype=np.uint8).view(np.uint64).reshape(-1, 4)


def distances(words: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Hamming distances of each row of `words` ((n, 4) uint64) to `query` ((4,) uint64)."""
    counts: np.ndarray = np.bitwise_count(words ^ query).sum(axis=1, dtype=np.int64)
    return counts


def brute_force(words: np.ndarray, query: np.ndarray, threshold: int) -> np.ndarray:
    """Positions within `threshold` of the query by a full scan (the baseline)."""
    return np.flatnonzero(distances(words, query) <= threshold)


class PdqIndex:
    """Exact range search over a fixed set of PDQ hashes."""

    def __init__(self, hashes: np.ndarray) -> None:
        array = np.ascontiguousarray(hashes, dtype=np.uint8).reshape(-1, 32)
        self.size = len(array)
        self.words = _words(array)
        # (n, 16) big-endian 16-bit substrings, one column per position.
        chunks = array.view(">u2").reshape(-1, CHUNKS).astype(np.uint16)
        self._order = np.empty(CHUNKS * self.size, dtype=np.int32)
        self._offsets = np.empty((CHUNKS, (1 << CHUNK_BITS) + 1), dtype=np.int64)
        for j in range(CHUNKS):
            keys = np.ascontiguousarray(chunks[:, j])
            order = np.argsort(keys, kind="stable").astype(np.int32)  # a radix sort
            self._order[j * self.size : (j + 1) * self.size] = order
            counts = np.bincount(keys, minlength=1 << CHUNK_BITS)
            self._offsets[j, 0] = j * self.size
            np.cumsum(counts, out=self._offsets[j, 1:])
            self._offsets[j, 1:] += j * self.size

    @classmethod
    def from_hex(cls, values: list[str]) -> PdqIndex:
        return cls(to_array(values))

    def search(self, query: str | bytes, threshold: int) -> list[tuple[int, int]]:
        """(position, distance) of every hash within `threshold` bits, nearest first."""
        raw = bytes.fromhex(query) if isinstance(query, str) else query
        qarray = np.frombuffer(raw, dtype=np.uint8)
        qwords = qarray.view(np.uint64)
        if self.size == 0:
            return []
        radius = threshold // CHUNKS
        if radius > MAX_RADIUS:
            found = brute_force(self.words, qwords, threshold)
        else:
            qchunks = qarray.view(">u2").astype(np.int64)
            probes = qchunks[:, None] ^ _MASKS[radius][None, :]  # (16, m)
            rows = np.arange(CHUNKS)[:, None]
            starts = self._offsets[rows, probes].ravel()
            ends = self._offsets[rows, probes + 1].ravel()
            lengths = ends - starts
            total = int(lengths.sum())
            if total == 0:
                return []
            shift = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
            candidates = np.unique(self._order[shift + np.arange(total)])
            near = distances(self.words[candidates], qwords)
            keep = near <= threshold
            found = candidates[keep]
        dist = distances(self.words[found], qwords)
        order = np.lexsort((found, dist))
        return [(int(found[i]), int(dist[i])) for i in order]
