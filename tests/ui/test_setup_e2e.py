"""From nothing to a decided report with public commands only, as a new organisation would:
`moderator setup`, `queue add`, `people add`, `ingest` (real subprocesses), then the window
(offscreen, started the way `moderator gui` starts it) to claim and decide, then
`moderator report compliance`. This is the README's "Your own reports" section, run."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from moderator.media import MediaPool
from moderator.services import config as config_mod
from moderator.services.paths import Paths
from moderator.ui.app import Launcher, Workstation
from moderator.ui.common.tasks import Tasks
from tests.ui.conftest import checkerboard, showing


def moderator(home: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "moderator", "--home", str(home), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, f"moderator {' '.join(args)}:\n{result.stderr}"
    return result.stdout


def decide_in_the_window(qtbot: QtBot, home: Path, pool: MediaPool) -> None:
    """alice opens the window, answers the checklist by keyboard, submits, and closes it."""
    paths = Paths.resolve(home)
    tasks = Tasks()
    launcher = Launcher(tasks, pool, "alice")
    launcher.open(paths, config_mod.load(paths), None)
    qtbot.waitUntil(lambda: launcher.workstation is not None, timeout=20_000)
    station = launcher.workstation
    assert isinstance(station, Workstation)
    qtbot.addWidget(station.window)
    try:
        qtbot.waitUntil(lambda: showing(station), timeout=20_000)
        station.window.activateWindow()
        qtbot.waitUntil(station.window.isActiveWindow)
        form = station.window.form
        assert form is not None
        assert form[0].policy.id == "platform-generic"
        for key in ("8", "2", "1", "3"):  # spam or scam, not a minor, low, remove
            qtbot.keyClick(station.window.surface, key)
        qtbot.keyClick(
            station.window.surface, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
        qtbot.waitUntil(lambda: station.session.pending is not None, timeout=10_000)
    finally:
        with qtbot.waitSignal(station.session.closed, timeout=20_000):
            station.window.close()  # closing records the decision still in its grace period
        tasks.close()
        assert launcher.workspace is not None
        launcher.workspace.close()


def test_from_nothing_to_a_decided_report(
    qtbot: QtBot, tmp_path: Path, media_pool: MediaPool
) -> None:
    home = tmp_path / "hotline"
    out = moderator(
        home, "setup", "--org", "Example Hotline", "--supervisor", "sue",
        "--timezone", "Asia/Seoul",
    )  # fmt: skip
    assert "with sue as supervisor" in out
    moderator(home, "queue", "add", "inbox", "--policy", "platform-generic")
    moderator(home, "people", "add", "alice", "--role", "reviewer")
    media = Paths.resolve(home).media_dir("local") / "batch1"
    media.mkdir(parents=True)
    checkerboard(400, 300).save(media / "r1.png")  # synthetic squares, nothing else
    manifest = tmp_path / "batch1.jsonl"
    manifest.write_text(
        '{"external_ref": "R-1", "reported_category": "spam", "media": ["batch1/r1.png"]}\n'
    )
    out = moderator(home, "ingest", str(manifest), "--queue", "inbox")
    assert "1 report(s) added" in out

    decide_in_the_window(qtbot, home, media_pool)

    today = date.today()
    report = tmp_path / "report"
    out = moderator(
        home, "report", "compliance", "--from", str(today - timedelta(days=1)),
        "--to", str(today + timedelta(days=1)), "--out", str(report),
    )  # fmt: skip
    assert "(both included, Asia/Seoul): 1 received, 1 handled" in out  # the org's zone
    with (report / "outcomes.csv").open(encoding="utf-8") as rows:
        outcomes = {row["outcome"]: row for row in csv.DictReader(rows)}
    assert set(outcomes) == {"remove"}
