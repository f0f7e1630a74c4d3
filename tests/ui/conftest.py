"""Fixtures for the window: a workspace with synthetic reports, a real decoder pool, a window.

The decoder pool is started once per test session (its processes take a moment to start) and
holds no threads, so the per-test thread-leak check still sees every thread a test starts.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from moderator.domain.ids import new_uid
from moderator.domain.reports import Role
from moderator.media import MediaPool
from moderator.services.config import Config, Profile
from moderator.services.workspace import Workspace, open_workspace, sign_in
from moderator.store.models import MediaItem, Queue
from moderator.store.queue import ReviewerRef
from moderator.ui.app import Workstation
from moderator.ui.common.tasks import Tasks
from moderator.ui.review.items import Timings
from tests.helpers import seed

FAST = Timings(ahead=2, renew_ms=60_000, poll_ms=60_000, retry_ms=60_000)


def checkerboard(width: int, height: int, cell: int = 2) -> Image.Image:
    """Fine black and white squares with a grey frame: all detail, which a blur removes."""
    y, x = np.mgrid[0:height, 0:width]
    pixels = ((x // cell + y // cell) % 2 * 255).astype(np.uint8)
    pixels[: height // 10] = 128
    return Image.fromarray(pixels, "L").convert("RGB")


@pytest.fixture(scope="session")
def media_pool() -> Iterator[MediaPool]:
    with MediaPool(workers=2) as pool:
        pool.start()
        yield pool


@dataclass
class Desk:
    """A workspace with one queue of reports and a signed-in reviewer."""

    workspace: Workspace
    reviewer: ReviewerRef
    queue_id: int

    def add_reports(self, files: list[str], *, sha: dict[str, str] | None = None) -> list[int]:
        now = self.workspace.now()
        root = self.workspace.media_root
        with self.workspace.transaction() as s:
            ids = seed.reports(
                s,
                self.queue_id,
                now,
                len(files),
                prefix=uuid.uuid4().hex[:8],
                reporter_text="The reporter says: synthetic test text.",
                url="https://example.invalid/post/1",
                reported_category="harassment",
            )
            rows = []
            for report_id, name in zip(ids, files, strict=True):
                digest = (sha or {}).get(name)
                if digest is None and (root / name).is_file():
                    digest = hashlib.sha256((root / name).read_bytes()).hexdigest()
                kind = "video" if name.endswith(".mp4") else "image"
                rows.append(
                    {
                        "report_id": report_id,
                        "position": 0,
                        "uri": name,
                        "kind": kind,
                        "sha256": digest,
                    }
                )
            s.execute(insert(MediaItem), rows)
        return ids


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    media = tmp_path / "media"
    media.mkdir()
    checkerboard(400, 300).save(media / "checker.png")
    profile = Profile("t", f"sqlite:///{tmp_path / 'ws.sqlite'}", str(media))
    workspace = open_workspace(profile, Config(workstation_id=new_uid()), create=True)
    now = workspace.now()
    with workspace.transaction() as s:
        seed.policy(s, "platform-generic", now)
        queue = Queue(
            name="general",
            title="General reports",
            policy_id="platform-generic",
            sla_hours=24,
            min_role=Role.REVIEWER,
            created_at=now,
        )
        s.add(queue)
        s.flush()
        escalations = seed.queue(s, "escalations", now, min_role=Role.SUPERVISOR)
        queue.escalation_queue_id = escalations
        queue_id = queue.id
        seed.reviewer(s, "alice", now)
    yield Desk(workspace, sign_in(workspace, "alice"), queue_id)
    workspace.close()


@pytest.fixture
def open_window(
    qtbot: QtBot, desk: Desk, media_pool: MediaPool
) -> Iterator[Callable[..., Workstation]]:
    """Builds and shows a workstation; on teardown closes it as a reviewer would."""
    made: list[tuple[Workstation, Tasks]] = []

    def make(
        grace: float = 30.0, timings: Timings = FAST, renderer: object = None, timed: float = 5.0
    ) -> Workstation:
        tasks = Tasks()
        station = Workstation(
            desk.workspace,
            desk.reviewer,
            renderer or media_pool,  # type: ignore[arg-type]
            tasks,
            timings=timings,
            grace=timedelta(seconds=grace),
            timed_seconds=timed,
        )
        qtbot.addWidget(station.window)
        station.window.resize(1280, 800)
        made.append((station, tasks))
        station.start()
        station.window.activateWindow()
        qtbot.waitUntil(station.window.isActiveWindow)  # shortcuts need the active window
        return station

    yield make
    for station, tasks in made:
        if tasks.closed:  # a test that simulated a crash
            station.window.hide()
        elif station.window.isVisible():
            with qtbot.waitSignal(station.session.closed, timeout=10_000):
                station.window.close()
        tasks.close()


def showing(station: Workstation) -> bool:
    """A report is current and its blurred preview (or placeholder) is on screen."""
    item = station.session.current
    return item is not None and item.preview is not None and station.window.preview.isVisible()


def audit(desk: Desk, kind: str) -> list[dict[str, object]]:
    """The payloads of one kind of audit event, oldest first."""
    import json

    from sqlalchemy import select

    from moderator.store.models import AuditEvent

    with desk.workspace.transaction() as s:
        rows = s.scalars(
            select(AuditEvent.payload).where(AuditEvent.kind == kind).order_by(AuditEvent.seq)
        )
        return [json.loads(p) for p in rows]
