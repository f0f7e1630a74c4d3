"""PDQ bank queries: the multi-index against a brute-force numpy scan, in the same run.

Usage: python -m bench.bench_banks [--sizes 100000,1000000] [--queries 300] [--threshold 31]
Random 256-bit hashes stand in for a bank (PDQ bits are close to uniform); each query is a
bank entry with 28 bits flipped, so there is always one true match near the threshold. Prints
medians, p10-p90 spreads and the ratio to the brute-force scan; when faiss-cpu is installed,
its IndexBinaryFlat (exhaustive) and IndexBinaryMultiHash (16 x 16 bits, nflip 1) too.
The machine is shared: compare the ratios, not the absolute numbers, between runs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from moderator.media.pdq_index import PdqIndex, brute_force


def timed(fn: Callable[[int], object], count: int) -> np.ndarray:
    out = np.empty(count)
    for i in range(count):
        start = time.perf_counter()
        fn(i)
        out[i] = time.perf_counter() - start
    return out * 1e3


def line(name: str, ms: np.ndarray, base: float) -> str:
    p10, med, p90 = np.percentile(ms, [10, 50, 90])
    return f"| {name} | {med:.3f} | {p10:.3f}-{p90:.3f} | {base / med:.0f}x |"


def run(size: int, queries: int, threshold: int) -> None:
    rng = np.random.default_rng(size)
    bank = rng.integers(0, 256, (size, 32), dtype=np.uint8)
    qs = bank[:queries].copy()
    for q in qs:
        for b in rng.choice(256, 28, replace=False):
            q[b // 8] ^= 1 << (b % 8)
    start = time.perf_counter()
    index = PdqIndex(bank)
    build = time.perf_counter() - start
    words = index.words
    brute = timed(lambda i: brute_force(words, qs[i].view(np.uint64), threshold), min(queries, 40))
    mih = timed(lambda i: index.search(qs[i].tobytes(), threshold), queries)
    assert all(index.search(qs[i].tobytes(), threshold)[0][0] == i for i in range(20))
    base = float(np.median(brute))
    print(f"\n### {size:,} entries (threshold {threshold}; index built in {build:.2f} s)\n")
    print("| method | median ms | p10-p90 ms | vs brute force |")
    print("|---|---:|---:|---:|")
    print(line("numpy brute force (baseline)", brute, base))
    print(line("moderator PdqIndex (multi-index hashing)", mih, base))
    try:
        import faiss  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        print("| faiss | not installed | | |")
        return
    faiss.omp_set_num_threads(1)
    flat = faiss.IndexBinaryFlat(256)
    flat.add(bank)
    multi = faiss.IndexBinaryMultiHash(256, 16, 16)
    multi.nflip = threshold // 16
    multi.add(bank)
    count = min(queries, 40)
    print(
        line(
            "faiss IndexBinaryFlat",
            timed(lambda i: flat.range_search(qs[i : i + 1], threshold + 1), count),
            base,
        )
    )  # noqa: E501
    print(
        line(
            "faiss IndexBinaryMultiHash",
            timed(lambda i: multi.range_search(qs[i : i + 1], threshold + 1), queries),
            base,
        )
    )  # noqa: E501


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--threshold", type=int, default=31)
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.queries, args.threshold)


if __name__ == "__main__":
    main()
