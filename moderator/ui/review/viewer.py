"""What the reviewer sees of the current report: the blurred preview, reveals, the look.

A reveal is always explicit and always ends: releasing the key, the timer, leaving the region
mode, moving to another report or the window losing focus. Exposure is timed from the moment
sharp pixels are actually drawn to the moment they are gone, and each reveal is audited with
that duration and its kind. Sharp pixels are rendered only when a reveal asks for them and are
dropped with the report.

Each report opens at its queue's look (`Item.look`); the reviewer may lighten it down to the
queue's floor, for that report only. A blur level that keeps recognisable structure
(`media.legibility`) is exposure too: while such a picture is on screen, the window active and
uncovered, it is timed and audited like a reveal (kind `low_blur`) and badged "Revealed".

A held key is one reveal whatever the keyboard sends: a release followed within
`HOLD_DEBOUNCE_MS` by a press (auto-repeat delivered as real release/press pairs) blurs at once
but continues the same reveal; only a release with no press after it ends it.
"""

from __future__ import annotations

import math
import time
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QPixmap

from moderator.media.legibility import recognisable
from moderator.media.types import BlurLevel
from moderator.services.interfaces import ExposureAudit, RevealKind
from moderator.ui.common import i18n
from moderator.ui.common.i18n import translate
from moderator.ui.common.images import Look, Preview, render_preview
from moderator.ui.common.preview import Mode, PreviewView
from moderator.ui.common.tasks import DB, MEDIA, Tasks
from moderator.ui.review.items import Item
from moderator.ui.review.session import ReviewSession
from moderator.ui.review.shown import error_text, keep_times

# Auto-repeat gaps are a few milliseconds to ~50 ms; no one lets go and presses again faster.
HOLD_DEBOUNCE_MS = 150


class Viewer(QObject):
    changed = Signal(str)  # a one-line description of what is shown (media, frame, look)
    sharp_changed = Signal(bool)  # exposure (sharp or recognisable pixels) began / ended
    refused = Signal(str)  # a look change the queue does not allow, said why

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
        self._since: float | None = None  # when sharp pixels were last drawn
        self._shown_s = 0.0  # sharp seconds of the active reveal before `_since`
        self._low: tuple[Item, float] | None = None  # a recognisable look on screen, since
        self._exposing = False
        self._key_down = False  # the reveal key is held (or let go less than the debounce ago)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(HOLD_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._countdown = QTimer(self)
        self._countdown.setInterval(200)
        self._countdown.timeout.connect(self._on_countdown_timeout)
        self._frame = -1  # -1: the contact sheet (or the still image); else a keyframe index
        self._timed = QTimer(self)
        self._timed.setSingleShot(True)
        self._timed.setInterval(int(timed_seconds * 1000))
        self._timed.timeout.connect(self._on_timed_timeout)
        self._blocked = False
        session.presented.connect(self._on_session_presented)

    @property
    def blocked(self) -> bool:
        """The window is covered (break, lock, check-in): no reveal starts, nothing is seen."""
        return self._blocked

    @blocked.setter
    def blocked(self, value: bool) -> None:
        self._blocked = value
        self.update_exposure("covered")

    @property
    def look(self) -> Look:
        return self.item.look if self.item is not None else Look()

    @property
    def item(self) -> Item | None:
        return self.session.current

    # --- showing ---------------------------------------------------------------------------------

    def _on_session_presented(self, item: Item | None) -> None:
        self.end_reveal("report_changed")
        self._sharp, self._frame = None, -1
        if item is None:
            self.view.show_placeholder("")
            self.update_exposure("report_changed")
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

    def _show(self, preview: Preview | None, item: Item, why: str = "report_changed") -> None:
        if not item.details.media:
            self.view.show_placeholder(translate("review", "No media is attached to this report"))
        elif preview is None:
            self.view.show_placeholder(
                translate("review", "This media cannot be shown"),
                translate("review", "The preview failed."),
            )
        elif preview.error is not None:
            self.view.show_placeholder(*error_text(item, preview.error))
        elif preview.image is not None:
            self.view.show_blurred(QPixmap.fromImage(preview.image))
        self.update_exposure(why)
        self.changed.emit(self.describe())

    def describe(self) -> str:
        item = self.item
        if item is None or item.preview is None:
            return ""
        count = len(item.details.media)
        media = translate("review", "Media {position} of {count}")
        parts = [media.format(position=item.preview.position + 1, count=count)] if count > 1 else []
        if item.preview.sheet_times:
            parts.append(
                translate("review", "Video: contact sheet")
                if self._frame < 0
                else translate("review", "Video: frame at {seconds} s").format(
                    seconds=i18n.number(item.preview.frame_time or 0.0, 1)
                )
            )
        parts.append(translate("review", "Blur {level} of 6").format(level=int(self.look.blur)))
        parts.append(
            translate("review", "grayscale")
            if self.look.grayscale
            else translate("review", "colour")
        )
        return " · ".join(parts)

    # --- the look and moving within a report -------------------------------------------------

    def toggle_grayscale(self) -> None:
        self._set_look(Look(self.look.blur, not self.look.grayscale))

    def blur(self, step: int) -> None:
        item = self.item
        if item is None:
            return
        level = item.rule.clamp(int(self.look.blur) + step)
        if step < 0 and level == int(self.look.blur):
            self.refused.emit(
                translate("review", "Blur {level} is the lightest this queue allows").format(
                    level=level
                )
            )
            return
        self._set_look(Look(BlurLevel(level), self.look.grayscale))

    def _set_look(self, look: Look) -> None:
        item = self.item
        if item is None or look == self.look:
            return
        self.end_reveal("look_changed")
        item.look, self._sharp = look, None
        self.update_exposure("look_changed")
        if item.preview is not None:
            self._render(item, item.preview.position, item.preview.frame_time, sharp=False)
        change = partial(
            self.exposure.settings_changed, item.uid, blur=int(look.blur), grayscale=look.grayscale
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
        """The reveal key went down (again, within the debounce: the same reveal goes on)."""
        if self._debounce.isActive():
            self._debounce.stop()
            if self.kind is RevealKind.HOLD:
                self.view.set_mode(Mode.FULL)
                self._resume_sharp()
            return
        if self._key_down:
            return  # held: a press without a release in between
        self._key_down = True
        self._begin(RevealKind.HOLD, Mode.FULL)

    def release(self) -> None:
        """The reveal key went up: blur now; the reveal ends unless the key comes back."""
        if not self._key_down:
            return
        if self.kind is RevealKind.HOLD:
            self._pause_sharp()
            self.view.set_mode(Mode.BLURRED)
            self.update_exposure("released")
        self._debounce.start()

    def _on_debounce_timeout(self) -> None:
        self._key_down = False
        if self.kind is RevealKind.HOLD:
            self.end_reveal("released")

    def _pause_sharp(self) -> None:
        if self._since is not None:
            self._shown_s += time.monotonic() - self._since
            self._since = None

    def _resume_sharp(self) -> None:
        if self.view.showing_sharp and self._since is None:
            self._since = time.monotonic()
        self.update_exposure("resumed")

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
        if not self._timed.isActive():
            self._timed.start()  # the profile's auto re-blur, for every kind of reveal
            self._countdown.start()
            self._on_countdown_timeout()
        self._resume_sharp()

    def _on_countdown_timeout(self) -> None:
        left = self._timed.remainingTime() if self._timed.isActive() else -1
        self.view.set_countdown(math.ceil(left / 1000) if left >= 0 else None)

    def end_reveal(self, ended_by: str) -> None:
        """Blur again now; audit the reveal if sharp pixels were shown."""
        self._pause_sharp()
        kind, seconds, item = self.kind, self._shown_s, self._revealed
        self.kind, self._shown_s, self._revealed = None, 0.0, None
        self._timed.stop()
        self._countdown.stop()
        self.view.set_countdown(None)
        self.view.set_sharp(None)
        self.view.set_mode(Mode.BLURRED)
        self.update_exposure(ended_by)
        if kind is None or seconds <= 0 or item is None:
            return
        item.exposed_s += seconds
        position = item.preview.position if item.preview else 0
        record = partial(
            self.exposure.revealed, item.uid, kind, seconds, media=position, ended_by=ended_by
        )
        self.tasks.run(DB, record, on_failed=self.session.fail)

    def _on_timed_timeout(self) -> None:
        self.end_reveal("timer")

    # --- exposure at a recognisable look -----------------------------------------------------

    def update_exposure(self, why: str) -> None:
        """Start or end the timing of a recognisable look on screen; tell the wellbeing side
        when exposure (this, or sharp pixels) begins or ends. `why` ends a running span."""
        item = self.item
        preview = item.preview if item is not None else None
        # The look actually drawn (a re-render at the new look may still be on its way).
        level_shows = (
            preview is not None and preview.image is not None and (recognisable(preview.look.blur))
        )
        self.view.set_recognisable(bool(level_shows))
        want = (
            level_shows
            and not self._blocked
            and not self.view.showing_sharp
            and self.view.isVisible()
            and self.view.window().isActiveWindow()
        )
        if self._low is not None and (not want or self._low[0] is not item):
            low_item, since = self._low
            self._low = None
            self._audit_low(low_item, time.monotonic() - since, why)
        if want and self._low is None and item is not None:
            self._low = (item, time.monotonic())
        exposing = self.view.showing_sharp or self._low is not None
        if exposing != self._exposing:
            self._exposing = exposing
            self.sharp_changed.emit(exposing)

    def _audit_low(self, item: Item, seconds: float, ended_by: str) -> None:
        item.exposed_s += seconds
        position = item.preview.position if item.preview else 0
        record = partial(
            self.exposure.revealed,
            item.uid,
            RevealKind.LOW_BLUR,
            seconds,
            media=position,
            ended_by=ended_by,
        )
        self.tasks.run(DB, record, on_failed=self.session.fail)

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
            preview = keep_times(preview, before.sheet_times)
        item.preview = preview
        same_look = before is not None and before.look == preview.look
        self._show(preview, item, "media_changed" if same_look else "look_changed")
