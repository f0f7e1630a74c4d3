"""Ingest throughput with bank matching on and off, and a 60 s 1080p video's keyframe PDQs.

Usage: python -m bench.bench_bank_ingest [--records 2000] [--bank 100000] [--video]
Ingest: one workspace (SQLite), a bank of `--bank` random PDQ entries (action flag), and a
manifest of `--records` reports with one image each. The hasher returns precomputed hashes
(so the numbers are the matching and writing cost, not decoding); 5 % of the records carry
a near copy of a bank entry. The same run ingests the same records into a second queue with
matching off: the ratio is the cost of matching.
Re-match: then, with every record still open, one new entry imported (the open queue matched
against it) and a full `bank rematch` (against the whole bank), next to a bare SQL read of the
same open media rows.
Video (`--video`): the 12 contact-sheet keyframe PDQs through the sandboxed pool (the
fallback), timed for a synthetic 60 s 1920x1080 H.264 clip (median of 3); vPDQ's own time is
`bench.bench_vpdq`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import select

from moderator.domain.banks import Action
from moderator.media.pool import MediaPool
from moderator.services import config as config_mod
from moderator.services.banks import BankAdmin, BankRequest
from moderator.services.config import Profile
from moderator.services.ingest import Ingest
from moderator.services.ingest_media import FileHashes
from moderator.services.paths import Paths
from moderator.services.queues import QueueAdmin, QueueRequest
from moderator.services.setup import SetupRequest, set_up
from moderator.services.workspace import Workspace, open_workspace
from moderator.store.models import MediaItem, Report
from tests.media import synth


def ingest_bench(records: int, bank_size: int) -> None:
    rng = np.random.default_rng(1)
    bank = rng.integers(0, 256, (bank_size, 32), dtype=np.uint8)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        media = root / "media"
        media.mkdir()
        paths = Paths.resolve(str(root / "home"))
        ws = open_workspace(
            Profile("b", f"sqlite:///{root / 'ws.sqlite'}", str(media)),
            config_mod.load(paths),
            create=True,
        )
        set_up(ws, SetupRequest("Bench", "sue", "UTC"))
        for name in ("on", "off"):
            QueueAdmin(ws, "sue").add(QueueRequest(name, "platform-generic"))
        admin = BankAdmin(ws, "sue")
        admin.add(BankRequest("bench", Action.FLAG))
        text = "".join(f"pdq {row.tobytes().hex()}\n" for row in bank)
        start = time.perf_counter()
        admin.import_text("bench", text, "hma", "bench.txt")
        print(f"bank import: {bank_size:,} PDQ entries in {time.perf_counter() - start:.1f} s")
        hashes: dict[Path, FileHashes] = {}
        for i in range(records):
            path = media / f"{i}.png"
            path.write_bytes(b"x")
            if i % 20 == 0:
                q = bank[i].copy()
                q[0] ^= 0xFF  # 8 bits off: a near copy
            else:
                q = rng.integers(0, 256, 32, dtype=np.uint8)
            hashes[path.resolve()] = FileHashes(f"{i:064x}", f"{i:032x}", 1, q.tobytes().hex(), 100)
        results = {}
        for name in ("on", "off"):
            manifest = root / f"{name}.jsonl"
            lines = (
                json.dumps({"external_ref": f"{name}-{i}", "queue": name, "media": [f"{i}.png"]})
                for i in range(records)
            )
            manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
            start = time.perf_counter()
            summary = Ingest(
                ws, ws.actor("sue"), hasher=lambda p: hashes[p.resolve()],
                match_banks=name == "on",
            ).run([manifest])  # fmt: skip
            seconds = time.perf_counter() - start
            results[name] = records / seconds
            print(
                f"ingest, matching {name}: {records / seconds:,.0f} records/s "
                f"({summary.added} added, {len(summary.matched)} matched)"
            )
        print(f"matching costs {results['off'] / results['on']:.2f}x the time of ingest without")
        rematch_bench(ws, admin, bank)
        ws.close()


def rematch_bench(ws: Workspace, admin: BankAdmin, bank: np.ndarray) -> None:
    start = time.perf_counter()
    with ws.transaction() as s:
        rows = s.execute(
            select(MediaItem.report_id, MediaItem.sha256, MediaItem.md5, MediaItem.pdq)
            .join(Report, Report.id == MediaItem.report_id)
            .where(Report.state == "queued")
        ).all()
    bare = time.perf_counter() - start
    near = bank[7].copy()
    near[1] ^= 0x0F
    start = time.perf_counter()
    one = admin.import_text("bench", f"pdq {near.tobytes().hex()}\n", "hma", "one.txt")
    fed = time.perf_counter() - start
    start = time.perf_counter()
    again = admin.rematch()
    full = time.perf_counter() - start
    print(
        f"re-match of {len(rows):,} open reports: one new entry {fed * 1e3:,.0f} ms "
        f"({one.rematched.changed} changed); full re-match against {len(bank):,} entries "
        f"{full:.2f} s ({again.changed} changed); bare SQL read of their media "
        f"{bare * 1e3:,.0f} ms"
    )


def video_bench() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.mp4"
        start = time.perf_counter()
        synth.video(path, size=(1920, 1080), seconds=60, fps=10, gop=50)
        print(f"synthetic 60 s 1080p video (10 fps) written in {time.perf_counter() - start:.0f} s")
        times = []
        with MediaPool(workers=1) as pool:
            for _ in range(3):
                start = time.perf_counter()
                result = pool.hashes(str(path))
                times.append(time.perf_counter() - start)
        frames = len(getattr(result, "pdq_frames", ()) or ())
        print(
            f"keyframe PDQ of a 60 s 1080p video: median {statistics.median(times):.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f}; {frames} frames hashed)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--bank", type=int, default=100_000)
    parser.add_argument("--video", action="store_true")
    args = parser.parse_args()
    ingest_bench(args.records, args.bank)
    if args.video:
        video_bench()


if __name__ == "__main__":
    main()
