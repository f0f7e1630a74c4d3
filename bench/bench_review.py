"""The review loop's speed, as a reviewer feels it, on 24 MP JPEGs.

Usage: python -m bench.bench_review [--reports 200] [--dwell 0.4] [--files 8]
                                    [--collector new|old|none] [--compare N]

Prints three figures (nothing is asserted here):
- cold start: from this process starting the workstation (Qt, decoder pool, database, sign-in)
  to the first blurred preview painted on screen;
- decision keystroke (Ctrl+Return) to the next report's blurred preview painted, per report,
  while the reviewer takes `--dwell` seconds per report (real reviewers take far longer);
- the event-loop lag probe: the longest the GUI thread kept a 5 ms timer waiting.
Runs offscreen; the media are synthetic shapes written to a temporary folder.

The garbage collector runs as in `moderator gui` (`--collector new`: young generations on the
GUI thread's timer, full collections only when idle, start-up frozen). `--collector old` is the
collector before that (young generations, then a full collection whenever gen 1 was due) and
`--collector none` the floor (no cyclic collection at all). `--compare N` runs each of the three
N times, each in a fresh process, and prints the median and spread of the lag probe's worst.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--dwell", type=float, default=0.4, help="seconds per report")
    parser.add_argument("--files", type=int, default=8, help="distinct 24 MP JPEGs")
    parser.add_argument("--collector", choices=["new", "old", "none"], default="new")
    parser.add_argument("--compare", type=int, default=0, help="runs per collector mode")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.compare:
        return compare(args)
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        root = Path(tmp)
        print(f"writing {args.files} synthetic 24 MP JPEGs and {args.reports} reports...")
        url = prepare(root, args.reports, args.files)
        return run(root, url, args.reports, args.dwell, args.collector)


def compare(args: argparse.Namespace) -> int:
    """Each collector mode in fresh processes, interleaved so machine noise hits all alike."""
    import re
    import subprocess

    worst: dict[str, list[float]] = {"none": [], "old": [], "new": []}
    for _ in range(args.compare):
        for mode in worst:
            out = subprocess.run(
                [sys.executable, "-m", "bench.bench_review", "--reports", str(args.reports),
                 "--dwell", str(args.dwell), "--files", str(args.files), "--collector", mode],
                capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            found = re.search(r"in the review loop ([0-9.]+) ms", out)
            assert found, out
            worst[mode].append(float(found.group(1)))
            print(f"  {mode:>4}: worst stall in the review loop {found.group(1)} ms", flush=True)
    print(f"GUI-thread worst stall in a {args.reports}-item session, {args.compare} runs each:")
    for mode, label in (("old", "before (old collector)"), ("new", "now (new collector)"),
                        ("none", "floor (no collection)")):  # fmt: skip
        values = worst[mode]
        print(
            f"  {label:<24} median {statistics.median(values):6.1f} ms  "
            f"min {min(values):6.1f}  max {max(values):6.1f}"
        )
    return 0


class OldCollector:
    """The collector before issue 14, kept as the bench's baseline: a young collection, then a
    full one (generation 2) every time generation 1 was due."""

    def __init__(self) -> None:
        import gc

        from PySide6.QtCore import QTimer

        self.gc = gc
        self.timer = QTimer()
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.collect)

    def start(self) -> None:
        self.gc.disable()
        self.timer.start()

    def collect(self) -> None:
        gc = self.gc
        if gc.get_count()[0] > gc.get_threshold()[0]:
            gc.collect(0 if gc.get_count()[1] < gc.get_threshold()[1] else 2)

    def stop(self) -> None:
        self.timer.stop()
        self.gc.enable()


def prepare(root: Path, reports: int, files: int) -> str:
    from sqlalchemy import insert

    from moderator.domain.ids import new_uid
    from moderator.services.config import Config, Profile
    from moderator.services.demo.media import write_image
    from moderator.services.workspace import open_workspace
    from moderator.store.models import MediaItem
    from tests.helpers import seed

    media = root / "media"
    names = [write_image(media / f"big-{i}.jpg", 6000, 4000, 700 + i).name for i in range(files)]
    digests = {n: hashlib.sha256((media / n).read_bytes()).hexdigest() for n in names}
    url = f"sqlite:///{root / 'bench.sqlite'}"
    workspace = open_workspace(Profile("bench", url, str(media)), Config(new_uid()), create=True)
    now = workspace.now()
    with workspace.transaction() as s:
        queue = seed.queue(s, "bench", now)
        ids = seed.reports(s, queue, now, reports, url="https://example.invalid/x")
        seed.reviewer(s, "bench.reviewer", now)
        rows = [
            {
                "report_id": rid,
                "position": 0,
                "uri": names[i % files],
                "kind": "image",
                "sha256": digests[names[i % files]],
            }
            for i, rid in enumerate(ids)
        ]
        s.execute(insert(MediaItem), rows)
    workspace.close()
    return url


def run(root: Path, url: str, reports: int, dwell: float, mode: str = "new") -> int:
    started = time.perf_counter()
    if os.environ.get("BENCH_SAMPLE"):
        sys.path.insert(0, "/tmp")
        import sampler

        sampler.start()
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from moderator.domain.ids import new_uid
    from moderator.media import MediaPool
    from moderator.services.config import Config, Profile
    from moderator.services.paths import Paths
    from moderator.ui.app import Launcher
    from moderator.ui.common.preview import PreviewView
    from moderator.ui.common.tasks import Tasks
    from tests.ui.probe import LagProbe

    painted: list[tuple[float, int]] = []  # (time, cache key of the blurred pixmap drawn)
    original = PreviewView.paintEvent

    def recording(self: PreviewView, event: object) -> None:
        original(self, event)  # type: ignore[arg-type]
        if self._blurred is not None and self._placeholder is None:
            painted.append((time.perf_counter(), self._blurred.cacheKey()))

    PreviewView.paintEvent = recording  # type: ignore[method-assign]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from moderator.ui.common.collector import MainThreadCollector

    collector: MainThreadCollector | OldCollector | None = None
    if mode == "new":
        collector = MainThreadCollector()
    elif mode == "old":
        collector = OldCollector()
    else:
        import gc

        gc.disable()
    if collector is not None:
        collector.start()
    probe = LagProbe(5)
    probe.start()
    tasks = Tasks()
    pool = MediaPool(workers=2)
    # The same start as `moderator gui`: the database opens on a worker thread, the decoder
    # processes start meanwhile, the window appears when both can serve it.
    profile = Profile("bench", url, str(root / "media"))
    config = Config(new_uid(), default_profile="bench", profiles={"bench": profile})
    launcher = Launcher(tasks, pool, "bench.reviewer")
    if isinstance(collector, MainThreadCollector):
        launcher.ready.connect(lambda _station: collector.freeze())  # as `moderator gui` does
    launcher.open(Paths.resolve(root), config, "bench")

    def wait_until(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
        deadline = time.perf_counter() + timeout
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError("the window did not get there in time")
            QTest.qWait(1)

    wait_until(lambda: bool(painted))
    cold = painted[0][0] - started
    station = launcher.workstation
    assert station is not None
    station.window.activateWindow()
    latencies: list[float] = []
    surface = station.window.surface
    for _ in range(reports - 1):
        QTest.qWait(int(dwell * 1000))  # the reviewer looks and answers
        for key in ("8", "2", "1", "3"):
            QTest.keyClick(surface, key)
        before = painted[-1][1]
        pressed = time.perf_counter()
        QTest.keyClick(surface, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        try:
            wait_until(lambda before=before: painted[-1][1] != before, timeout=30)
        except TimeoutError:
            break  # the queue is empty
        shown = next(t for t, key in reversed(painted) if key != before)
        latencies.append((shown - pressed) * 1000)
    probe.stop()
    closed: list[bool] = []
    station.session.closed.connect(lambda: closed.append(True))
    station.window.close()
    wait_until(lambda: bool(closed))
    tasks.close()
    pool.close()
    station.workspace.close()
    if collector is not None:
        collector.stop()
    print(f"collector: {mode}")
    del app
    first = painted[0][0] - probe._started
    loop = max((ms for t, ms in probe.spikes if t > first), default=0.0)
    start = max((ms for t, ms in probe.spikes if t <= first), default=0.0)
    report(cold, latencies, probe.worst_ms, dwell)
    print(f"  of which: before the first preview {start:.1f} ms; in the review loop {loop:.1f} ms")
    if os.environ.get("BENCH_SPIKES"):
        print("spikes (s, ms late):", [(round(t, 2), round(ms)) for t, ms in probe.spikes])
    if os.environ.get("BENCH_SAMPLE"):
        sampler.dump(
            probe._started, [(t - ms / 1000 - 0.01, t) for t, ms in probe.spikes if ms > 40]
        )
    return 0


def report(cold: float, latencies: list[float], worst_lag: float, dwell: float) -> None:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    print(f"cold start to first blurred preview: {cold * 1000:.0f} ms")
    print(
        f"decision keystroke to next blurred preview ({len(ordered)} decisions, "
        f"24 MP JPEGs, {dwell:.1f} s per report): median {statistics.median(ordered):.1f} ms, "
        f"p95 {pct(95):.1f} ms, max {ordered[-1]:.1f} ms"
    )
    print(f"event-loop lag probe (5 ms timer): worst {worst_lag:.1f} ms late")


if __name__ == "__main__":
    sys.exit(main())
