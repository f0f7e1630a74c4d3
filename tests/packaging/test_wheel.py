"""The built wheel carries the top-level resources/ and the program finds them there."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_ships_resources_and_finds_them(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("moderator-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n for n in names if n.startswith("moderator/_resources/")}
    for expected in [
        f.relative_to(ROOT / "resources") for f in (ROOT / "resources").rglob("*") if f.is_file()
    ]:
        assert f"moderator/_resources/{expected.as_posix()}" in shipped
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # -S: no site-packages, so the editable install of this checkout cannot answer instead.
    probe = (
        "from moderator.domain import shipped, policy_file, wellbeing_profile as wellbeing;"
        "print(shipped.root());"
        "print(','.join(policy_file.builtin_ids()));"
        "print(','.join(wellbeing.builtin_profiles()));"
        # the CLI's Korean catalog, read as the program reads it (gettext from the stdlib)
        "import gettext;"
        "mo = shipped.folder('i18n').joinpath('cli').joinpath('ko').joinpath('LC_MESSAGES');"
        "print(gettext.GNUTranslations(mo.joinpath('moderator.mo').open('rb'))"
        ".gettext('wrote {path}'))"
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", probe],
        env={"PYTHONPATH": str(site)},
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.split("\n")
    assert Path(out[0]) == site / "moderator" / "_resources"
    assert "kr-illegal-filming" in out[1].split(",")
    assert "standard" in out[2].split(",")
    assert out[3] == "저장함 {path}"


def test_source_tree_finds_top_level_resources() -> None:
    from moderator.domain import shipped

    root = Path(str(shipped.root()))
    assert root in (ROOT / "resources", ROOT / "moderator" / "_resources") or root.name == (
        "_resources"
    )
    assert (root / "policies" / "kr-illegal-filming.toml").is_file()
