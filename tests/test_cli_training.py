"""`moderator training import|list|status` on the embedded workspace."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from moderator.cli import main
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
    """The embedded `local` workspace with a queue and two reviewers."""
    paths = Paths.resolve(home)
    config = config_mod.load(paths)
    workspace = open_workspace(config.profile(None, paths), config)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with workspace.transaction() as s:
        seed.queue(s, "general", now)
        seed.reviewer(s, "alice", now)
        seed.reviewer(s, "bob", now)
    workspace.close()
    return home


def test_import_then_list_and_status(
    capsys: pytest.CaptureFixture[str], local: Path, tmp_path: Path
) -> None:
    courses = tmp_path / "courses.csv"
    courses.write_text("code,title,validity_days,queues\nGEN,General,3650,general\n")
    records = tmp_path / "records.csv"
    records.write_text(
        "reviewer,course,completed,expires\n"
        "alice,GEN,2026-01-05,\n"
        "zed,GEN,2026-01-05,\n"
        "bob,GEN,2026-01-05,2026-01-01\n"
    )
    code, out, err = cli(
        capsys, "training", "import", str(courses), str(records), "--timezone", "Asia/Seoul"
    )
    assert code == 1  # some rows were rejected
    assert "courses.csv: 1 courses added" in out
    assert "records.csv: 1 records added, 0 updated, 0 unchanged, 2 rejected" in out
    assert "(dates read in Asia/Seoul)" in out
    assert "rejected records.csv line 3: unknown reviewer 'zed'" in err
    assert "rejected records.csv line 4: the expiry is not after the completion" in err
    code, out, _ = cli(capsys, "training", "list", "--json")
    listed = json.loads(out)
    assert listed["courses"][0]["queues"] == ["general"]
    (rec,) = listed["records"]
    assert rec["reviewer"] == "alice"
    assert rec["completed_at"] == "2026-01-04T15:00:00+00:00"  # Seoul midnight
    code, out, _ = cli(capsys, "training", "status", "--json", "--state", "missing")
    assert code == 0
    assert [(r["reviewer"], r["course"]) for r in json.loads(out)] == [("bob", "GEN")]
    code, out, _ = cli(capsys, "training", "status", "--reviewer", "alice")
    header, row = out.splitlines()
    assert header.split() == ["reviewer", "course", "state", "expires"]
    assert row.split()[:3] == ["alice", "GEN", "valid"]


def test_an_unknown_zone_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], local: Path, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    path.write_text("reviewer,course,completed\n")
    code, _out, err = cli(capsys, "training", "import", str(path), "--timezone", "Mars/Base")
    assert code == 1
    assert err == (
        "moderator: error: unknown time zone 'Mars/Base' (use an IANA name like Asia/Seoul)\n"
    )
