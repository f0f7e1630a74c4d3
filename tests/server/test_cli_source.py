"""`moderator source ...` and `moderator webhook ...` against the team database."""

from __future__ import annotations

import json

import pytest

from moderator.cli import main
from tests.server.conftest import Team
from tests.server.helpers import refused
from tests.server.platform_kit import record

pytestmark = pytest.mark.postgres


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--profile", "team", *argv]) if argv[0] != "profile" else main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_source_and_webhook_commands(team: Team, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(capsys, "profile", "add", "team", "--database", team.url,
                "--media-root", str(team.media))[0] == 0  # fmt: skip
    code, out, err = _cli(capsys, "source", "add", "acme")
    assert code == 0, err
    submit = out.strip()
    assert submit.startswith("mods_")
    assert (
        team.client(submit).post("/v1/reports", json={"records": [record("Q")]}).json()["accepted"]
        == 1
    )
    code, out, _ = _cli(capsys, "source", "token", "acme", "--kind", "decisions")
    assert code == 0
    assert out.strip().startswith("modd_")
    code, out, err = _cli(capsys, "source", "add", "Bad Name")
    assert code == 1
    assert "source name" in err
    code, out, _ = _cli(capsys, "source", "list", "--json")
    assert json.loads(out) == [
        {"name": "acme", "created_at": json.loads(out)[0]["created_at"], "revoked": False,
         "live_tokens": 2}
    ]  # fmt: skip
    code, out, _ = _cli(capsys, "webhook", "add", "https://platform.example/hook",
                        "--source", "acme")  # fmt: skip
    assert code == 0
    hook = out.split()[1]
    assert "secret  whsec_" in out
    code, out, err = _cli(capsys, "webhook", "add", "ftp://x", "--source", "acme")
    assert code == 1
    assert "https://" in err
    code, out, _ = _cli(capsys, "webhook", "list", "--json")
    assert json.loads(out)[0]["id"] == hook
    assert _cli(capsys, "webhook", "log", "--json")[1].strip() == "[]"
    assert _cli(capsys, "webhook", "remove", hook)[0] == 0
    assert json.loads(_cli(capsys, "webhook", "list", "--json")[1])[0]["removed"] is True
    code, out, _ = _cli(capsys, "source", "revoke", "acme")
    assert (code, out.strip()) == (0, "revoked the source acme and its 2 live token(s)")
    refused(
        team.client(submit).post("/v1/reports", json={"records": [record("R")]}),
        401,
        "unauthenticated",
    )
