"""Ingest throughput and queue listing on a 100,000-report workspace (SQLite).

Usage: python -m bench.bench_ingest [--records N]
Prints records/s for a JSONL manifest without media hashing, the peak memory growth during
the run (it should stay flat: records stream through in batches), and how long the first
page of the queue takes to list.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

from moderator.services import config as config_mod
from moderator.services.config import Profile
from moderator.services.ingest import Ingest
from moderator.services.ingest_summary import IngestProgress
from moderator.services.paths import Paths
from moderator.services.workspace import open_workspace
from moderator.store.reports import counts_by_queue_and_state, list_reports
from tests.helpers import seed


def rss_bytes() -> int:
    """Resident memory of this process, read cheaply from /proc (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def write_manifest(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(
                json.dumps(
                    {
                        "external_ref": f"BENCH-{i:07d}",
                        "source": "bench",
                        "queue": "general",
                        "received_at": f"2026-11-{1 + i % 20:02d}T{i % 24:02d}:00:00Z",
                        "priority": 1 + i % 5,
                        "reported_category": "other",
                        "reporter_text": "Synthetic benchmark report text. " * 3,
                        "url": f"https://example.invalid/p/{i}",
                        "platform": "bench",
                    }
                )
                + "\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths.resolve(tmp)
        profile = Profile("bench", f"sqlite:///{Path(tmp) / 'bench.sqlite'}", tmp)
        config_mod.add_profile(paths, profile)
        ws = open_workspace(profile, config_mod.load(paths), create=True)
        with ws.transaction() as s:
            seed.queue(s, "general", ws.now())
        manifest = Path(tmp) / "manifest.jsonl"
        write_manifest(manifest, args.records)

        samples: list[int] = []

        def sample(state: IngestProgress) -> None:
            if state.records % 2000 == 0:  # once a batch, as often as before
                samples.append(rss_bytes())

        ingest = Ingest(ws, ws.actor("bench"), hasher=None, progress=sample)
        started = time.perf_counter()
        summary = ingest.run([manifest])
        elapsed = time.perf_counter() - started
        assert summary.added == args.records, summary.as_dict()
        rate = args.records / elapsed
        first, last = samples[len(samples) // 10], samples[-1]
        print(
            f"ingest, {args.records:,} records, no hashing: {rate:8.0f} records/s "
            f"(target >= 5000), {elapsed:.1f} s"
        )
        print(
            f"  resident memory after 10% / 100% of the batches: {first / 2**20:.0f} / "
            f"{last / 2**20:.0f} MiB (flat: records stream through in batches)"
        )

        timings = []
        for _ in range(20):
            t0 = time.perf_counter()
            with ws.transaction() as s:
                rows = list_reports(s, queue="general", limit=50)
            timings.append((time.perf_counter() - t0) * 1000)
        assert len(rows) == 50
        print(
            f"first page (50) of a {args.records:,}-report queue: median "
            f"{statistics.median(timings):.1f} ms, max {max(timings):.1f} ms (target < 50 ms)"
        )
        t0 = time.perf_counter()
        with ws.transaction() as s:
            counts_by_queue_and_state(s)
        print(
            f"queue status counts over {args.records:,} reports: "
            f"{(time.perf_counter() - t0) * 1000:.1f} ms"
        )
        ws.close()


if __name__ == "__main__":
    main()
