from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from moderator.services import config as config_mod
from moderator.services.config import Profile
from moderator.services.paths import Paths
from moderator.services.workspace import Workspace, open_workspace
from tests.helpers import seed
from tests.helpers.clock import FakeClock


@pytest.fixture
def paths(home: Path) -> Paths:
    return Paths.resolve(home)


@pytest.fixture
def media_root(tmp_path: Path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    return root


@pytest.fixture
def workspace(paths: Paths, media_root: Path, db_url: str) -> Iterator[Workspace]:
    """A workspace on either engine with queues 'general' and 'urgent' (SLA 2 h)."""
    profile = Profile("test", db_url, str(media_root))
    config_mod.add_profile(paths, profile)
    ws = open_workspace(profile, config_mod.load(paths), clock=FakeClock())
    with ws.transaction() as s:
        seed.queue(s, "general", ws.now())
        seed.queue(s, "urgent", ws.now(), sla_hours=2)
    yield ws
    ws.close()
