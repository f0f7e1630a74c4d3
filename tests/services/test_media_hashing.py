from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from moderator.media.pool import MediaPool
from moderator.services.demo.media import write_image
from moderator.services.ingest import Ingest, hash_bytes
from moderator.services.media_hashing import pool_hasher
from moderator.services.workspace import Workspace
from moderator.store.models import MediaItem
from tests.media import damage


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_ingest_hashes_through_the_sandbox(
    workspace: Workspace, media_root: Path, tmp_path: Path
) -> None:
    write_image(media_root / "shapes.png", 320, 240, seed=7)
    (media_root / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    # Damaged in the middle: Pillow gets half way, and the half picture must not be hashed.
    (media_root / "half.png").write_bytes(damage.bad_filter_png())
    (media_root / "short.png").write_bytes(damage.short_idat_png())
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"external_ref": "1", "queue": "general", "media": ["shapes.png"]},
                {"external_ref": "2", "queue": "general", "media": ["broken.jpg"]},
                {"external_ref": "3", "queue": "general", "media": ["half.png", "short.png"]},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    with MediaPool(workers=1) as pool:
        summary = Ingest(workspace, workspace.actor("t"), hasher=pool_hasher(pool)).run([manifest])
    assert summary.ok
    with workspace.transaction() as s:
        items = {m.uri: m for m in s.scalars(select(MediaItem))}
    good, bad = items["shapes.png"], items["broken.jpg"]
    assert good.sha256 == hash_bytes(media_root / "shapes.png").sha256
    assert good.pdq is not None
    assert len(good.pdq) == 64
    assert good.pdq_quality is not None
    assert good.media_format == "PNG"
    assert good.probe_error is None
    assert bad.sha256 == hash_bytes(media_root / "broken.jpg").sha256
    assert bad.pdq is None
    assert bad.probe_error is not None
    for name in ("half.png", "short.png"):
        damaged = items[name]
        assert damaged.sha256 == hash_bytes(media_root / name).sha256
        assert (damaged.pdq, damaged.pdq_quality, damaged.pdq_frames) == (None, None, None)
        assert damaged.probe_error is not None
        assert damaged.probe_error.startswith("corrupt: ")
