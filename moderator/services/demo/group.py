"""The demo's group: one picture reported four times, as the original and as near copies (a
re-encode, a resize, a 1 % crop), so the review window shows a group to decide at once."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from moderator.services.demo.media import abstract_image
from moderator.store.private import private_file

SEED = 20261202
QUEUE = "platform-general"
LEAD = "DEMO-N0000"


def _save(image: Any, path: Path, **options: Any) -> str:
    private_file(path)
    image.save(path, **options)
    return path.name


def group_records(media: Path, now: datetime) -> list[dict[str, Any]]:
    """The four reports' manifest records; their files are written under `media/group/`. The
    original is the oldest report of its queue (claimed first); the copies came in lately."""
    folder = media / "group"
    original = abstract_image(1024, 768, SEED)
    files = [
        _save(original, folder / "original.jpg", format="JPEG", quality=88),
        _save(original, folder / "reencoded.jpg", format="JPEG", quality=55),
        _save(original.resize((800, 600)), folder / "resized.png", format="PNG"),
        _save(original.crop((10, 8, 1014, 760)), folder / "cropped.jpg", format="JPEG"),
    ]
    records = []
    for n, name in enumerate(files):
        received = now - (timedelta(hours=40) if n == 0 else timedelta(minutes=2 + n))
        records.append(
            {
                "external_ref": LEAD if n == 0 else f"DEMO-N{n:04d}",
                "source": "demo",
                "channel": "in-app",
                "queue": QUEUE,
                "received_at": received.isoformat(),
                "reported_category": "spam",
                "reporter_text": "The same picture, posted again in several places.",
                "url": f"https://example.invalid/post/group-{n}",
                "platform": "example-social",
                "priority": 3,
                "media": [f"group/{name}"],
            }
        )
    return records
