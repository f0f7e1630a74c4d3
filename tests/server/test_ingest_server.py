"""`moderator ingest --server`: a manifest and its media through the intake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moderator.cli import ingest_server, main
from moderator.store.models import MediaItem, Report
from tests.server.conftest import Team
from tests.server.helpers import count
from tests.server.platform_kit import png, source

pytestmark = pytest.mark.postgres


def test_a_manifest_goes_to_the_server_with_its_media(team: Team, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "a.png").write_bytes(png(3))
    manifest = folder / "batch.jsonl"
    lines = [
        {"external_ref": "S-1", "media": ["a.png"]},
        {"external_ref": "S-2", "media": ["https://acme.example/x.jpg"]},
        {"external_ref": "S-3", "media": ["../outside.png"]},
        {"external_ref": "S-4", "queue": "nowhere"},
    ]
    manifest.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n")
    client = team.client(source(team))
    sent = ingest_server.submit_manifests(client, [manifest], None, "general")
    assert (sent.accepted, sent.present, sent.rejected) == (2, 0, 3)
    assert any(":3: media '../outside.png': outside the media root" in p for p in sent.problems)
    assert any(":4: queue: no queue named 'nowhere'" in p for p in sent.problems)
    assert any(":5: not valid JSON" in p for p in sent.problems)
    again = ingest_server.submit_manifests(client, [manifest], None, "general")
    assert (again.accepted, again.present) == (0, 2)
    assert count(team, Report) == 2
    assert count(team, MediaItem) == 2


def test_ingest_server_needs_a_team_profile(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["ingest", "--server", "whatever.jsonl"])
    assert code == 1
    assert "needs a team profile" in capsys.readouterr().err
