"""The `moderator` command end to end, in process (and once as a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import text

from moderator.cli import main
from moderator.services.paths import Paths
from moderator.store import migrate
from moderator.store.db import make_engine


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("gui", "demo", "ingest", "queue", "audit", "profile", "db"):
        assert command in out


def test_python_dash_m_runs_the_same_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "moderator", "--home", str(tmp_path), "queue", "status", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["profile"] == "local"


def test_errors_are_one_line_and_debug_shows_the_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = cli(capsys, "--profile", "nope", "queue", "status")
    assert code == 1
    assert err == "moderator: error: no profile named 'nope' (known: local)\n"
    code, _out, err = cli(capsys, "--debug", "--profile", "nope", "queue", "status")
    assert code == 1
    assert "Traceback" in err


def test_a_dead_database_is_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    cli(
        capsys,
        "profile",
        "add",
        "dead",
        "--database",
        "postgresql://nobody@127.0.0.1:1/none",
        "--media-root",
        "/tmp",
    )
    code, _out, err = cli(capsys, "--profile", "dead", "queue", "status")
    assert code == 1
    assert err.startswith("moderator: error: cannot reach 127.0.0.1:1 (connection refused)")
    assert "Traceback" not in err


def test_profile_commands(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("pw\n"))
    code, out, _ = cli(
        capsys,
        "profile",
        "add",
        "team",
        "--database",
        "postgresql://alice@127.0.0.1/test",
        "--media-root",
        "/srv/m",
        "--central",
        "postgresql://alice@audit.example.org/central",
        "--password-stdin",
        "--default",
    )
    assert code == 0
    assert "keyring" in out
    assert memory_keyring.secrets[("moderator", "profile:team")] == "pw"
    code, out, _ = cli(capsys, "profile", "list", "--json")
    listed = {p["name"]: p for p in json.loads(out)}
    assert listed["team"]["default"] is True
    assert listed["team"]["central"] == "postgresql://alice@audit.example.org/central"
    assert listed["local"]["central"] is None
    assert "local" in listed
    code, out, _ = cli(capsys, "profile", "remove", "team")
    assert code == 0
    assert memory_keyring.secrets == {}


def test_without_a_keyring_a_password_is_refused_and_nothing_saved(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("pw\n"))
    code, _out, err = cli(
        capsys,
        "profile",
        "add",
        "team",
        "--database",
        "postgresql://alice@h/db",
        "--media-root",
        "/m",
        "--password-stdin",
    )
    assert code == 1
    assert "no usable system keyring" in err
    config = Paths.resolve(home).config_file
    assert not config.exists() or "team" not in config.read_text(encoding="utf-8")


def test_db_upgrade_and_current(capsys: pytest.CaptureFixture[str]) -> None:
    head = migrate.heads()[0]
    code, out, _ = cli(capsys, "db", "current")
    assert (code, out.strip()) == (0, f"empty (behind; newest is {head})")
    code, out, _ = cli(capsys, "db", "upgrade")
    assert (code, out.strip()) == (0, f"schema: empty -> {head}")
    code, out, _ = cli(capsys, "db", "current")
    assert out.strip() == f"{head} (current)"


def _manifest(tmp_path: Path, n: int, bad: bool = False) -> Path:
    lines = [json.dumps({"external_ref": f"x{i}", "queue": "general"}) for i in range(n)]
    if bad:
        lines.append('{"external_ref": "y"}')
    path = tmp_path / "m.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def general_queue(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    cli(capsys, "db", "upgrade")
    engine = make_engine(str(Paths.resolve(home).workspace_file("local")))
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO queues (name, title, categories, policy_id, sla_hours, "
                "min_role, created_at) VALUES ('general', '', '[]', 'p', 24, "
                "'reviewer', '2026-11-21 00:00:00')"
            )
        )
    engine.dispose()


@pytest.mark.usefixtures("general_queue")
def test_ingest_exit_codes_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = cli(capsys, "ingest", "--json", str(_manifest(tmp_path, 3)))
    assert code == 0
    assert json.loads(out)["added"] == 3
    code, out, err = cli(capsys, "ingest", str(_manifest(tmp_path, 3, bad=True)))
    assert code == 1
    assert "0 report(s) added, 3 already present, 1 rejected" in out
    assert "m.jsonl:4: queue: required" in err
    code, out, _ = cli(capsys, "queue", "status", "--json")
    assert json.loads(out)["queues"]["general"] == {"queued": 3, "claimed": 0, "decided": 0}
    code, out, _ = cli(capsys, "queue", "list", "--json", "--limit", "2")
    assert [r["external_ref"] for r in json.loads(out)] == ["x0", "x1"]


@pytest.mark.usefixtures("general_queue")
def test_audit_verify_and_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path
) -> None:
    for batch in range(3):
        path = tmp_path / f"b{batch}.jsonl"
        path.write_text(
            json.dumps({"external_ref": f"b{batch}", "queue": "general"}) + "\n", encoding="utf-8"
        )
        cli(capsys, "ingest", str(path))
    code, out, _ = cli(capsys, "audit", "verify")
    assert code == 0
    assert "verified: 1 chain(s), 3 intact event(s)" in out
    code, _, _ = cli(capsys, "audit", "export", "--format", "csv", "-o", str(tmp_path / "a.csv"))
    assert code == 0
    assert len((tmp_path / "a.csv").read_text(encoding="utf-8").splitlines()) == 4
    code, out, _ = cli(capsys, "audit", "export")
    assert [json.loads(line)["seq"] for line in out.splitlines()] == [1, 2, 3]


TAMPERING = {
    "edited": "UPDATE audit_events SET payload = '{}' WHERE seq = 2",
    "deleted": "DELETE FROM audit_events WHERE seq = 2",
    "inserted": "UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 2; "
    "UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1000; "
    "INSERT INTO audit_events (uid, workstation, seq, occurred_at, actor, kind, "
    "payload, prev_hash, hash) SELECT 'forged', workstation, 2, occurred_at, actor, "
    f"'decide', '{{}}', '{'e' * 64}', hash FROM audit_events WHERE seq = 1",
    "reordered": "UPDATE audit_events SET seq = 100 WHERE seq = 2; "
    "UPDATE audit_events SET seq = 2 WHERE seq = 3; "
    "UPDATE audit_events SET seq = 3 WHERE seq = 100",
}


@pytest.mark.usefixtures("general_queue")
@pytest.mark.parametrize("how", list(TAMPERING))
def test_audit_verify_names_the_first_bad_event(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path, how: str
) -> None:
    for batch in range(4):
        path = tmp_path / f"b{batch}.jsonl"
        path.write_text(
            json.dumps({"external_ref": f"b{batch}", "queue": "general"}) + "\n", encoding="utf-8"
        )
        cli(capsys, "ingest", str(path))
    engine = make_engine(str(Paths.resolve(home).workspace_file("local")))
    with engine.begin() as conn:
        uids = dict(conn.execute(text("SELECT seq, uid FROM audit_events")).all())
        for statement in TAMPERING[how].split("; "):
            conn.execute(text(statement))
    engine.dispose()
    code, out, _ = cli(capsys, "audit", "verify", "--json")
    report = json.loads(out)
    assert code == 1
    assert report["ok"] is False
    expected = {"edited": uids[2], "deleted": uids[3], "inserted": "forged", "reordered": uids[3]}[
        how
    ]
    assert report["chains"][0]["first_bad_event"] == expected
