"""Everything the program writes is private to the user (0600 / 0700), whatever the umask."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from sqlalchemy import text

from moderator.cli import main
from moderator.services import config as config_mod
from moderator.services import paths as paths_mod
from moderator.services.files import PrivateRotatingFileHandler
from moderator.services.paths import Paths
from moderator.store.db import make_engine
from moderator.store.private import open_private, private_dir, private_file
from tests.helpers.private import loose, mode

pytestmark = pytest.mark.usefixtures("permissive_umask")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> int:
    code = main(list(args))
    capsys.readouterr()
    return code


def use_the_program(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> None:
    assert cli(capsys, "db", "upgrade") == 0
    engine = make_engine(f"sqlite:///{Paths.resolve(home).workspace_file('local')}")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO queues (name, title, categories, policy_id, sla_hours, min_role, "
                "created_at) VALUES ('general', '', '[]', 'p', 24, 'reviewer', "
                "'2026-11-21 00:00:00')"
            )
        )
    engine.dispose()
    reports = tmp_path / "in.jsonl"
    reports.write_text(json.dumps({"external_ref": "a", "queue": "general"}) + "\n")
    assert cli(capsys, "ingest", str(reports)) == 0
    assert cli(capsys, "sync") == 0
    assert cli(capsys, "audit", "checkpoint") == 0


def test_the_home_the_program_makes_is_private(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    use_the_program(capsys, home, tmp_path)
    workspace = Paths.resolve(home).workspace_file("local")
    assert (home / "logs" / "moderator.log").is_file()
    assert workspace.is_file()
    assert loose(home) == []


def test_the_workspace_wal_and_shm_are_private_while_open(home: Path) -> None:
    path = home / "workspaces" / "w.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
        sidecars = [Path(f"{path}{s}") for s in ("-wal", "-shm")]
        assert all(p.exists() for p in sidecars)
        assert [mode(p) for p in (path, *sidecars)] == [0o600] * 3
    engine.dispose()
    assert mode(home / "workspaces") == 0o700


def test_exports_and_reports_the_user_names_are_private(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    use_the_program(capsys, home, tmp_path)
    exported = tmp_path / "export.jsonl"
    exported.write_text("older, world-readable\n")
    os.chmod(exported, 0o644)
    assert cli(capsys, "audit", "export", "-o", str(exported)) == 0
    assert mode(exported) == 0o600
    assert "older" not in exported.read_text()
    report = tmp_path / "reports" / "nov"
    code = cli(
        capsys, "report", "compliance", "--from", "2026-11-01", "--to", "2026-11-30",
        "--out", str(report),
    )  # fmt: skip
    assert code == 0
    assert loose(tmp_path / "reports") == []
    assert len(list(report.iterdir())) == 9  # with actions.csv (issue 19)


def test_an_older_world_readable_install_is_tightened_but_not_the_folder_named(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    home.mkdir(mode=0o755)
    os.chmod(home, 0o755)
    use_the_program(capsys, home, tmp_path)
    for path in [home / "workspaces", home / "logs", *home.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    assert cli(capsys, "audit", "verify") in (0, 1)
    assert mode(home) == 0o755  # the user named it (--home / MODERATOR_HOME)
    os.chmod(home, 0o700)
    assert loose(home) == []


def test_the_platform_folders_of_the_program_are_tightened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --home: the program's own per-user folders; a shared parent (macOS puts logs
    in ~/Library/Logs/moderator) is left alone."""
    monkeypatch.delenv("MODERATOR_HOME")
    shared = tmp_path / "Library" / "Logs"
    folders = {
        "user_config_dir": tmp_path / "config" / "moderator",
        "user_data_dir": tmp_path / "share" / "moderator",
        "user_log_dir": shared / "moderator",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True)
        monkeypatch.setattr(paths_mod.platformdirs, name, lambda *_a, f=folder, **_k: str(f))
    os.chmod(shared, 0o755)
    for folder in folders.values():
        os.chmod(folder, 0o755)
    paths = Paths.resolve()
    assert paths.home is None

    config_mod.load(paths)  # as every command does first
    assert [mode(f) for f in folders.values()] == [0o700] * 3
    assert mode(shared) == 0o755
    assert mode(paths.config_file) == 0o600


def test_the_log_stays_private_across_rotation(home: Path) -> None:
    folder = private_dir(home / "logs")
    handler = PrivateRotatingFileHandler(folder / "m.log", maxBytes=200, backupCount=2)
    log = logging.getLogger("test.rotation")
    log.addHandler(handler)
    log.propagate = False
    try:
        for i in range(40):
            log.warning("line %s of the log, long enough to rotate", i)
    finally:
        log.removeHandler(handler)
        handler.close()
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == ["m.log", "m.log.1", "m.log.2"]
    assert [mode(f) for f in files] == [0o600] * 3


def test_the_helpers_make_private_things_and_leave_existing_folders(tmp_path: Path) -> None:
    existing = tmp_path / "mine"
    existing.mkdir(mode=0o755)
    os.chmod(existing, 0o755)
    made = private_dir(existing / "a" / "b")
    assert (mode(existing), mode(existing / "a"), mode(made)) == (0o755, 0o700, 0o700)
    with open_private(made / "x.txt") as out:
        out.write("x")
    assert mode(made / "x.txt") == 0o600
    assert mode(private_file(made / "y.bin")) == 0o600
    with open_private(made / "x.txt", "a") as out:
        out.write("y")
    assert (made / "x.txt").read_text() == "xy"
