from __future__ import annotations

from pathlib import Path

import av
import pytest
from PIL import Image
from sqlalchemy import func, select

from moderator.services.demo.build import ensure_demo
from moderator.services.paths import Paths
from moderator.services.review import ReviewService
from moderator.services.workspace import sign_in
from moderator.store import journal
from moderator.store.models import MediaItem, Queue, Report, Reviewer, TrainingRecord
from tests.helpers.private import loose


@pytest.mark.slow
@pytest.mark.usefixtures("permissive_umask")
def test_demo_is_built_once_and_rebuilt_on_reset(paths: Paths) -> None:
    workspace, built = ensure_demo(paths)
    try:
        assert built
        assert loose(paths.data_dir) == []  # workspace, media, manifest: the user's alone
        with workspace.transaction() as s:
            assert s.scalar(select(func.count()).select_from(Report)) >= 200
            queues = s.execute(select(Queue.name, Queue.policy_id)).all()
            assert len(queues) >= 3
            assert len({policy for _name, policy in queues}) >= 2
            roles = set(s.scalars(select(Reviewer.role)))
            assert {"reviewer", "supervisor"} <= roles
            assert s.scalar(select(func.count()).select_from(TrainingRecord)) >= 3
            uris = set(s.scalars(select(MediaItem.uri)))
            assert all(s.scalars(select(MediaItem.sha256)))
            assert all(r.ok for r in journal.verify(s))
        root = Path(workspace.profile.media_root)
        pixels = []
        for uri in uris:
            if uri.endswith((".jpg", ".png", ".webp")):
                with Image.open(root / uri) as image:  # header only: nothing decoded
                    pixels.append(image.width * image.height)
        assert max(pixels) == 24_000_000
        videos = [u for u in uris if u.endswith(".mp4")]
        assert videos
        with av.open(str(root / videos[0])) as container:
            assert container.streams.video[0].codec_context.name == "h264"
    finally:
        workspace.close()

    again, built_again = ensure_demo(paths)
    try:
        assert not built_again
        trainee = ReviewService(again, sign_in(again, "demo.trainee"))
        assert trainee.claim() is None  # every queue needs a training the trainee lacks
        reviewer = ReviewService(again, sign_in(again, "demo.reviewer"))
        lease = reviewer.claim()
        assert lease is not None
        reviewer.release(lease)
    finally:
        again.close()
    reset, rebuilt = ensure_demo(paths, reset=True)
    reset.close()
    assert rebuilt
