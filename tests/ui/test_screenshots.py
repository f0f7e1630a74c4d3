"""`moderator demo --screenshots DIR`: every picture shows its own state. (The check-in once
covered the window, and `help-overlay.png` and `decision-submitted.png` came out byte for byte
the same as `check-in.png`.)"""

from __future__ import annotations

import hashlib
import itertools
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from moderator.ui.screenshots import STATES

# Below this share of visibly different pixels (at a quarter of the size) two pictures show
# the same thing. The closest honest pair, blurred and region-revealed, differs in ~1%.
NEAR_IDENTICAL = 0.003
EXTRA = ("console", "dashboard", "gating", "check-in", "break-screen", "team-exposure", "actions",
         "notices", "dashboard-actions", "report-kcc-ko", "report-kcc-en",
         "bank-match", "review-group")  # fmt: skip


def grey(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        small = image.convert("L").resize((image.width // 4, image.height // 4))
        return np.asarray(small, dtype=np.int16)


@pytest.mark.slow
def test_every_screenshot_shows_its_own_state(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "moderator", "--home", str(tmp_path / "home"), "demo",
         "--screenshots", str(out)],
        capture_output=True, text=True, check=False, timeout=600, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pngs = sorted(out.glob("*.png"))
    names = {p.stem for p in pngs}
    assert {*STATES, *EXTRA} <= names
    digests: dict[str, list[str]] = {}
    for path in pngs:
        digests.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), []).append(path.name)
    assert [same for same in digests.values() if len(same) > 1] == []
    pictures = {p.name: grey(p) for p in pngs}
    alike = []
    for a, b in itertools.combinations(sorted(pictures), 2):
        x, y = pictures[a], pictures[b]
        if x.shape == y.shape and (np.abs(x - y) > 12).mean() < NEAR_IDENTICAL:
            alike.append((a, b))
    assert alike == []
