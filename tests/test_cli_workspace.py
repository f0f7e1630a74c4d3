"""Typos fail, broken or foreign workspaces are refused in one line, no keyring is fine."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy.exc import OperationalError

from moderator.services import secrets
from moderator.store.errors import LoginRefused, environment_problem
from tests.test_cli import cli


def _profile(capsys: pytest.CaptureFixture[str], database: str, name: str = "p") -> None:
    code, _out, err = cli(
        capsys, "profile", "add", name, "--database", database, "--media-root", "/tmp"
    )
    assert code == 0, err


def _one_line_error(err: str) -> str:
    assert err.startswith("moderator: error: ")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.removeprefix("moderator: error: ").strip()


# --- typos succeed no more ---------------------------------------------------------------------


def test_sync_to_a_word_that_is_not_a_url_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "sync", "--central", "notaurl")
    assert code == 1
    assert _one_line_error(err).startswith("--central 'notaurl' is not a URL; use sqlite:///")
    assert out == ""
    assert not (tmp_path / "notaurl").exists()


def test_sync_to_a_sqlite_file_that_does_not_exist_creates_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "central.sqlite"
    code, _out, err = cli(capsys, "sync", "--central", f"sqlite:///{target}")
    assert code == 1
    assert (
        _one_line_error(err) == f"the central store does not exist: no SQLite database at {target}"
    )
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize(
    ("database", "message"),
    [
        ("notaurl", "database 'notaurl' is not a URL"),
        ("mysql://h/db", "unsupported database 'mysql'"),
        ("sqlite://", "names no file"),
    ],
)
def test_profile_add_refuses_what_is_not_a_database_url(
    capsys: pytest.CaptureFixture[str], database: str, message: str
) -> None:
    code, _out, err = cli(
        capsys, "profile", "add", "p", "--database", database, "--media-root", "/m"
    )
    assert code == 1
    assert message in _one_line_error(err)


def test_a_profile_never_creates_its_sqlite_folder_except_db_upgrade(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "nonexistent" / "dir" / "x.sqlite"
    code, out, _err = cli(
        capsys, "profile", "add", "p", "--database", f"sqlite:///{target}", "--media-root", "/m"
    )
    assert "does not exist yet: create it with `moderator --profile p db upgrade`" in out
    for command in (["queue", "status"], ["db", "current"], ["ingest", str(tmp_path)]):
        code, _out, err = cli(capsys, "--profile", "p", *command)
        assert code == 1, command
        assert f"no SQLite database at {target}" in _one_line_error(err)
    assert not (tmp_path / "nonexistent").exists()
    code, out, _err = cli(capsys, "--profile", "p", "db", "upgrade")
    assert code == 0
    assert target.exists()
    assert cli(capsys, "--profile", "p", "queue", "status")[0] == 0


# --- broken workspaces -------------------------------------------------------------------------


def test_a_text_file_as_the_workspace_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("shopping list\n" * 200, encoding="utf-8")
    _profile(capsys, f"sqlite:///{notes}")
    for command in (["queue", "status"], ["db", "upgrade"], ["db", "current"]):
        code, _out, err = cli(capsys, "--profile", "p", *command)
        assert code == 1, command
        assert _one_line_error(err) == f"{notes} is not a SQLite database (another program's file?)"
    assert notes.read_text(encoding="utf-8") == "shopping list\n" * 200


def test_another_programs_database_is_left_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "photos.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE albums (id INTEGER PRIMARY KEY, title TEXT)")
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, album INTEGER)")
    conn.close()
    _profile(capsys, f"sqlite:///{other}")
    for command in (["queue", "status"], ["db", "upgrade"]):
        code, _out, err = cli(capsys, "--profile", "p", *command)
        assert code == 1
        assert "is not a moderator workspace (it holds other tables: albums, photos)" in (
            _one_line_error(err)
        )
    code, out, _err = cli(capsys, "--profile", "p", "db", "current")
    assert out.strip() == "empty (not a moderator database)"
    with sqlite3.connect(other) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    conn.close()
    assert sorted(tables) == ["albums", "photos"]


def test_a_workspace_from_a_newer_program_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    newer = tmp_path / "newer.sqlite"
    _profile(capsys, f"sqlite:///{newer}")
    assert cli(capsys, "--profile", "p", "db", "upgrade")[0] == 0
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.close()
    for command in (["queue", "status"], ["db", "upgrade"]):
        code, _out, err = cli(capsys, "--profile", "p", *command)
        assert code == 1
        message = _one_line_error(err)
        assert "has schema revision '0099_from_the_future'" in message
        assert "made by a newer moderator" in message
    code, out, _err = cli(capsys, "--profile", "p", "db", "current")
    assert out.startswith("0099_from_the_future (newer than this program")


# --- no keyring --------------------------------------------------------------------------------


@pytest.mark.postgres
def test_without_a_keyring_a_profile_with_no_password_works(
    capsys: pytest.CaptureFixture[str], pg_migrated: str
) -> None:
    _profile(capsys, pg_migrated, "team")
    keyring.set_keyring(fail.Keyring())
    code, out, err = cli(capsys, "--profile", "team", "queue", "status", "--json")
    assert code == 0, err
    assert '"profile": "team"' in out


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "postgresql://postgres@127.0.0.1:1/test",
            "cannot reach 127.0.0.1:1 (connection refused)",
        ),
        (
            "postgresql://postgres@127.0.0.1:5432/moderator_no_such_db",
            "database moderator_no_such_db does not exist on 127.0.0.1:5432",
        ),
    ],
)
def test_without_a_keyring_the_real_problem_is_told(
    capsys: pytest.CaptureFixture[str], pg_server: str, url: str, message: str
) -> None:
    _profile(capsys, url, "team")
    keyring.set_keyring(fail.Keyring())
    code, _out, err = cli(capsys, "--profile", "team", "queue", "status")
    assert code == 1
    assert _one_line_error(err) == message
    assert "keyring" not in err


def test_a_refused_password_names_the_missing_secret_and_only_then() -> None:
    refused = environment_problem(
        OperationalError(
            "connect",
            {},
            Exception(
                'connection failed: connection to server at "db.example", port 5432 failed: '
                "fe_sendauth: no password supplied"
            ),
        )
    )
    assert isinstance(refused, LoginRefused)
    keyring.set_keyring(fail.Keyring())
    told = str(secrets.login_problem(refused, "team", None))
    assert told.startswith("the database server at db.example:5432 refused the login: ")
    assert "no password is stored for profile 'team'" in told
    assert "needs a system keyring: no usable system keyring" in told
    assert str(secrets.login_problem(refused, "team", "pw")) == str(refused)
    unreachable = environment_problem(OperationalError("connect", {}, Exception("timeout")))
    assert unreachable is not None
    assert str(secrets.login_problem(unreachable, "team", None)) == str(unreachable)
