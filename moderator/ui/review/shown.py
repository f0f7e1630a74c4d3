"""Texts and small helpers for what the viewer shows: the reason a preview is missing, and a
video frame keeping its contact sheet's times."""

from __future__ import annotations

from moderator.media.types import MediaError, MediaErrorKind
from moderator.ui.common.images import Preview
from moderator.ui.review.items import Item

TITLES = {
    MediaErrorKind.MISSING: "The media file is missing",
    MediaErrorKind.CORRUPT: "The media file is damaged",
    MediaErrorKind.CRASHED: "The media could not be decoded",
    MediaErrorKind.INTEGRITY_MISMATCH: "The media file has changed since it was reported",
    MediaErrorKind.TOO_LARGE: "The media is too large to preview",
    MediaErrorKind.TIMED_OUT: "The media took too long to decode",
    MediaErrorKind.UNSUPPORTED: "This kind of media cannot be shown",
}


def error_text(item: Item, error: MediaError) -> tuple[str, str]:
    """(title, reason) of the placeholder shown instead of media that cannot be shown."""
    title = TITLES.get(error.kind, "This media cannot be shown")
    outcome = item.policy.unreviewable.label if item.policy else "media unreviewable"
    hint = f"If you cannot decide without it, choose “{outcome}”."
    return title, f"{error.message}\n\n{hint}"


def keep_times(preview: Preview, times: tuple[float, ...]) -> Preview:
    """A single video frame keeps the contact sheet's times, for stepping on from it."""
    return Preview(
        preview.position,
        preview.look,
        preview.sharp,
        preview.image,
        preview.error,
        preview.frame_time,
        times,
        preview.duration_s,
    )
