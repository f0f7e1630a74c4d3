"""`moderator hold` and `moderator purge` on a team profile: through the real server process
(TLS, its least-privilege login), with the desk's token; no database URL on the desk. A held
report's content and media stay; the purge removes the others' files from the media store."""

from __future__ import annotations

import pytest

from moderator.cli import main as cli
from tests.remote.conftest import Served
from tests.server.test_supervisor_retention import content, past_retention, stored

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli(["--profile", "desk-sue", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_holds_and_the_purge_go_to_the_server_on_a_team_profile(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    team = served.team
    (kept, kept_ref, kept_sha), (gone, _ref, gone_sha) = past_retention(team, 2)
    profile = served.enroll("sue")
    assert profile.database == ""
    capsys.readouterr()  # the enrollment's own lines
    code, out, _err = run(capsys, "hold", "add", kept_ref, "--reason", "court order 9")
    assert (code, out.strip()) == (
        0,
        f"report {kept_ref} is under a legal hold: no purge will touch it",
    )
    code, out, _err = run(capsys, "hold", "list")
    assert code == 0
    assert kept in out
    assert "sue" in out
    code, out, _err = run(capsys, "purge", "--dry-run")
    assert code == 0
    assert "would remove the content of 1 report(s)" in out
    assert f"refused 1 report(s) under a legal hold: {kept}" in out
    assert stored(team, gone_sha)
    code, out, _err = run(capsys, "purge")
    assert code == 0, out
    assert "removed the content of 1 report(s)" in out
    assert "is recorded in the audit chain" in out
    assert content(team, kept)[1] == "what the reporter wrote"
    assert content(team, gone)[1] == ""
    assert stored(team, kept_sha)
    assert not stored(team, gone_sha)
    # Who acts is the token's person: --as is refused, and a rule's refusal is one line.
    code, _out, err = run(capsys, "hold", "add", kept, "--reason", "x", "--as", "alice")
    assert code != 0
    assert "--as" in err
    code, _out, err = run(capsys, "hold", "add", kept, "--reason", "again")
    assert code != 0
    assert "already under a legal hold" in err
    assert len(err.strip().splitlines()) == 1
