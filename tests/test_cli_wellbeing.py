"""`moderator wellbeing set|show|mine` on the embedded workspace."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from moderator.cli import main
from moderator.domain import shipped
from moderator.domain.reports import Role
from moderator.services import config as config_mod
from moderator.services.paths import Paths
from moderator.services.workspace import open_workspace
from tests.helpers import seed


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def local(home: Path) -> Path:
    paths = Paths.resolve(home)
    config = config_mod.load(paths)
    workspace = open_workspace(config.profile(None, paths), config)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with workspace.transaction() as s:
        seed.queue(s, "general", now)
        seed.reviewer(s, "alice", now)
        seed.reviewer(s, "sue", now, role=Role.SUPERVISOR)
    workspace.close()
    return home


def test_a_supervisor_sets_a_queue_profile_and_a_reviewer_only_tightens_it(
    capsys: pytest.CaptureFixture[str], local: Path, tmp_path: Path
) -> None:
    code, _out, err = cli(capsys, "wellbeing", "set", "general", "hard", "--as", "alice")
    assert code != 0
    assert "only a supervisor" in err
    code, out, _err = cli(capsys, "wellbeing", "show", "general")
    assert "no wellbeing profile set for general" in out

    code, out, err = cli(capsys, "wellbeing", "set", "general", "hard", "--as", "sue")
    assert code == 0, err
    assert "wellbeing profile 'hard' set" in out
    code, out, _err = cli(capsys, "wellbeing", "show", "general")
    assert code == 0
    assert "general  (set by sue" in out

    text = shipped.folder("wellbeing").joinpath("hard.toml").read_text()
    looser = tmp_path / "looser.toml"
    looser.write_text(text.replace("reblur_seconds = 2", "reblur_seconds = 30"))
    code, _out, err = cli(capsys, "wellbeing", "mine", str(looser), "--as", "alice")
    assert code != 0
    assert "reblur" in err
    stricter = tmp_path / "stricter.toml"
    stricter.write_text(text.replace("reblur_seconds = 2", "reblur_seconds = 1"))
    code, out, err = cli(capsys, "wellbeing", "mine", str(stricter), "--as", "alice")
    assert code == 0, err
    assert "your settings are saved" in out


def test_a_broken_profile_file_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], local: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[breaks]\nlength_minutes = "ten"\n')
    code, _out, err = cli(capsys, "wellbeing", "set", "general", str(bad), "--as", "sue")
    assert code != 0
    assert err.count("\n") == 1
    assert "bad.toml" in err
