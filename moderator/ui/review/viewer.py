"""What the reviewer sees of the current report: the blurred preview, reveals, the look.

A reveal is always explicit and always ends: releasing the key, the timer, leaving the region
mode, moving to another report or the window losing focus. Exposure is timed from the moment
sharp pixels are actually drawn to the moment they are gone, and each reveal is audited with
that duration and its kind. Sharp pixels are rendered only when a reveal asks for them and are
dropped with the report.
"""

from __future__ import annotations

import time
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QPixmap

from moderator.media.types import BlurLevel, MediaErrorKind
from moderator.services.interfaces import ExposureAudit, RevealKind
from moderator.ui.common.images import Look, Preview, render_preview
from moderator.ui.common.preview import Mode, PreviewView
from moderator.ui.common.tasks import DB, MEDIA, Tasks
from moderator.ui.review.items import Item
from moderator.ui.review.session import ReviewSession

TITLES = {
    MediaErrorKind.MISSING: "The media file is missing",
    MediaErrorKind.CORRUPT: "The media file is damaged",
    MediaErrorKind.CRASHED: "The media could not be decoded",
    MediaErrorKind.INTEGRITY_MISMATCH: "The media file has changed since it was reported",
    MediaErrorKind.TOO_LARGE: "The media is too large to preview",
    MediaErrorKind.TIMED_OUT: "The media took too long to decode",
    MediaErrorKind.UNSUPPORTED: "This kind of media cannot be shown",
}


class Viewer(QObject):
    changed = Signal(str)  # a one-line description of what is shown (media, frame, look)
    sharp_changed = Signal(bool)  # sharp pixels appeared on / left the screen (exposure)

    def __init__(
        self,
        session: ReviewSession,
        view: PreviewView,
        exposure: ExposureAudit,
        tasks: Tasks,
        *,
        timed_seconds: float = 5.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.view, self.exposure, self.tasks = session, view, exposure, tasks
        self.kind: RevealKind | None = None
        self._revealed: Item | None = None  # the report the active reveal belongs to
        self._sharp: Preview | None = None
        self._since: float | None = None  # when sharp pixels were first drawn
        self._frame = -1  # -1: the contact sheet (or the still image); else a keyframe index
        self._timed = QTimer(self)
        self._timed.setSingleShot(True)
        self._timed.setInterval(int(timed_seconds * 1000))
        self._timed.timeout.connect(self._on_timed_timeout)
        self.blocked = False  # the window is covered (break, lock, check-in): no reveal starts
        session.presented.connect(self._on_session_presented)

    @property
    def look(self) -> Look:
        return self.session.look

    @property
    def item(self) -> Item | None:
        return self.session.current

    # --- showing ---------------------------------------------------------------------------------

    def _on_session_presented(self, item: Item | None) -> None:
        self.end_reveal("report_changed")
        self._sharp, self._frame = None, -1
        if item is None:
            self.view.show_placeholder("")
            return
        self._show(item.preview, item)
        if item.preview is not None and item.preview.look != self.look:
            self._render(item, item.preview.position, None, sharp=False)
        record = partial(
            self.exposure.viewed,
            item.uid,
            media=0,
            blur=int(self.look.blur),
            grayscale=self.look.grayscale,
        )
        self.tasks.run(DB, record, on_failed=self.session.fail)

    def _show(self, preview: Preview | None, item: Item) -> None:
        if not item.details.media:
            self.view.show_placeholder("No media is attached to this report")
        elif preview is None:
            self.view.show_placeholder("This media cannot be shown", "The preview failed.")
        elif preview.error is not None:
            title = TITLES.get(preview.error.kind, "This media cannot be shown")
            outcome = item.policy.unreviewable.label if item.policy else "media unreviewable"
            hint = f"If you cannot decide without it, choose “{outcome}”."
            self.view.show_placeholder(title, f"{preview.error.message}\n\n{hint}")
        elif preview.image is not None:
            self.view.show_blurred(QPixmap.fromImage(preview.image))
        self.changed.emit(self.describe())

    def describe(self) -> str:
        item = self.item
        if item is None or item.preview is None:
            return ""
        count = len(item.details.media)
        parts = [f"Media {item.preview.position + 1} of {count}"] if count > 1 else []
        if item.preview.sheet_times:
            at = "contact sheet" if self._frame < 0 else f"frame at {item.preview.frame_time:.1f} s"
            parts.append(f"Video: {at}")
        parts.append(f"Blur {int(self.look.blur)} of 6")
        parts.append("grayscale" if self.look.grayscale else "colour")
        return " · ".join(parts)

    # --- the look and moving within a report -------------------------------------------------

    def toggle_grayscale(self) -> None:
        self._set_look(Look(self.look.blur, not self.look.grayscale))

    def blur(self, step: int) -> None:
        level = min(max(int(self.look.blur) + step, BlurLevel.LIGHT), BlurLevel.UNRECOGNISABLE)
        self._set_look(Look(BlurLevel(level), self.look.grayscale))

    def _set_look(self, look: Look) -> None:
        if look == self.look:
            return
        self.end_reveal("look_changed")
        self.session.look, self._sharp = look, None
        item = self.item
        if item is not None and item.preview is not None:
            self._render(item, item.preview.position, item.preview.frame_time, sharp=False)
        uid = item.uid if item else None
        change = partial(
            self.exposure.settings_changed, uid, blur=int(look.blur), grayscale=look.grayscale
        )
        self.tasks.run(DB, change, on_failed=self.session.fail)
        self.changed.emit(self.describe())

    def media_step(self, step: int) -> None:
        item = self.item
        if item is None or item.preview is None:
            return
        position = item.preview.position + step
        if 0 <= position < len(item.details.media):
            self.end_reveal("media_changed")
            self._sharp, self._frame = None, -1
            self._render(item, position, None, sharp=False)

    def frame_step(self, step: int) -> None:
        item = self.item
        if item is None or item.preview is None:
            return
        times = item.preview.sheet_times
        frame = min(max(self._frame + step, -1), len(times) - 1)
        if not times or frame == self._frame:
            return
        self._frame = frame
        self.end_reveal("frame_changed")
        self._sharp = None
        when = None if frame < 0 else times[frame]
        self._render(item, item.preview.position, when, sharp=False)

    # --- reveals -------------------------------------------------------------------------------

    def hold(self) -> None:
        self._begin(RevealKind.HOLD, Mode.FULL)

    def release(self) -> None:
        if self.kind is RevealKind.HOLD:
            self.end_reveal("released")

    def toggle_region(self) -> None:
        if self.kind is RevealKind.REGION:
            self.end_reveal("toggled")
        else:
            self._begin(RevealKind.REGION, Mode.REGION)

    def timed(self) -> None:
        self._begin(RevealKind.TIMED, Mode.FULL)

    def set_reblur(self, seconds: float) -> None:
        """Every reveal (held, region or timed) re-blurs by itself after `seconds`."""
        self._timed.setInterval(max(1, int(seconds * 1000)))

    def _begin(self, kind: RevealKind, mode: Mode) -> None:
        item = self.item
        if self.blocked or item is None or item.preview is None or item.preview.image is None:
            return
        self.end_reveal("replaced")
        self.kind, self._revealed = kind, item
        self.view.set_mode(mode)
        if self._sharp is None:
            self._render(item, item.preview.position, item.preview.frame_time, sharp=True)
        else:
            self._show_sharp(self._sharp)

    def _show_sharp(self, preview: Preview) -> None:
        if self.kind is None or preview.image is None:
            return
        self.view.set_sharp(QPixmap.fromImage(preview.image))
        self._since = time.monotonic()
        self._timed.start()  # the profile's auto re-blur, for every kind of reveal
        self.sharp_changed.emit(True)

    def end_reveal(self, ended_by: str) -> None:
        """Blur again now; audit the reveal if sharp pixels were shown."""
        kind, since, item = self.kind, self._since, self._revealed
        self.kind, self._since, self._revealed = None, None, None
        self._timed.stop()
        self.view.set_sharp(None)
        self.view.set_mode(Mode.BLURRED)
        if kind is None or since is None or item is None:
            return
        self.sharp_changed.emit(False)
        seconds = time.monotonic() - since
        item.exposed_s += seconds
        position = item.preview.position if item.preview else 0
        record = partial(
            self.exposure.revealed, item.uid, kind, seconds, media=position, ended_by=ended_by
        )
        self.tasks.run(DB, record, on_failed=self.session.fail)

    def _on_timed_timeout(self) -> None:
        self.end_reveal("timer")

    # --- rendering -----------------------------------------------------------------------------

    def _render(self, item: Item, position: int, at: float | None, *, sharp: bool) -> None:
        job = partial(
            render_preview,
            self.session.media,
            item.details.media[position],
            self.view.box(),
            self.look,
            sharp=sharp,
            frame_time=at,
        )
        self.tasks.run(MEDIA, job, on_done=lambda p: self._on_rendered(item, p))

    def _on_rendered(self, item: Item, preview: Preview) -> None:
        if item is not self.item or preview.look != self.look:
            return  # the reviewer has moved on: drop it
        if preview.sharp:
            if preview.error is None:
                self._sharp = preview
                self._show_sharp(preview)
            return
        before = item.preview
        if (
            before is not None
            and before.position == preview.position
            and preview.frame_time is not None
        ):
            preview = _keep_times(preview, before.sheet_times)
        item.preview = preview
        self._show(preview, item)


def _keep_times(preview: Preview, times: tuple[float, ...]) -> Preview:
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
