"""Texts and small helpers for what the viewer shows: the reason a preview is missing, and a
video frame keeping its contact sheet's times."""

from __future__ import annotations

from moderator.domain.policy_i18n import localised
from moderator.media.types import MediaError, MediaErrorKind
from moderator.ui.common import i18n
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from moderator.ui.common.images import Preview
from moderator.ui.review.items import Item

TITLES = {
    MediaErrorKind.MISSING: QT_TRANSLATE_NOOP("review", "The media file is missing"),
    MediaErrorKind.CORRUPT: QT_TRANSLATE_NOOP("review", "The media file is damaged"),
    MediaErrorKind.CRASHED: QT_TRANSLATE_NOOP("review", "The media could not be decoded"),
    MediaErrorKind.INTEGRITY_MISMATCH: QT_TRANSLATE_NOOP(
        "review", "The media file has changed since it was reported"
    ),
    MediaErrorKind.TOO_LARGE: QT_TRANSLATE_NOOP("review", "The media is too large to preview"),
    MediaErrorKind.TIMED_OUT: QT_TRANSLATE_NOOP("review", "The media took too long to decode"),
    MediaErrorKind.UNSUPPORTED: QT_TRANSLATE_NOOP("review", "This kind of media cannot be shown"),
}


def error_text(item: Item, error: MediaError) -> tuple[str, str]:
    """(title, reason) of the placeholder shown instead of media that cannot be shown."""
    title = translate(
        "review", TITLES.get(error.kind, QT_TRANSLATE_NOOP("review", "This media cannot be shown"))
    )
    outcome = (
        localised(item.policy, i18n.current()).unreviewable.label
        if item.policy
        else translate("review", "media unreviewable")
    )
    hint = translate("review", "If you cannot decide without it, choose “{outcome}”.").format(
        outcome=outcome
    )
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
