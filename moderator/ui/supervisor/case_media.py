"""The media of the disagreement being adjudicated: blurred at its queue's look, revealed only
while the reveal button (or Space, outside the note) is held, re-blurred by itself.

Exposure is the same as in the review window: each reveal is audited with its kind and
duration, a recognisable look counts as revealed, and when the case leaves the panel its
sharp and blurred seconds are stored as the supervisor's exposure.

In team mode the media comes from the team server (only a disagreement's, to a supervisor,
each fetch audited there) into memory and is decoded by the sandboxed pool, as a claimed
report's is: nothing reaches the disk, and the screen shows it blurred until held.
"""

from __future__ import annotations

import time
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from moderator.domain.errors import ModeratorError
from moderator.domain.rows import Exposure
from moderator.domain.wellbeing_profile import LookRule, severity_of
from moderator.media.legibility import recognisable
from moderator.media.types import BlurLevel
from moderator.services.exposure import RevealKind
from moderator.services.interfaces import ExposureAudit, MediaSource
from moderator.services.quality import CaseMedia
from moderator.services.supervision import Adjudications, CaseWellbeing
from moderator.ui.common.i18n import translate
from moderator.ui.common.images import Look, Preview, render_preview
from moderator.ui.common.preview import Mode, PreviewView
from moderator.ui.common.tasks import DB, MEDIA, Tasks
from moderator.ui.common.text import plain

DEBOUNCE_MS = 150  # a release followed this soon by a press is the same held reveal


class CaseMediaPanel(QWidget):
    failed = Signal(str)

    def __init__(
        self,
        quality: Adjudications,
        wellbeing: CaseWellbeing,
        exposure: ExposureAudit,
        media: MediaSource | None,
        tasks: Tasks,
        *,
        reblur_seconds: float = 5.0,
    ) -> None:
        super().__init__()
        self.quality, self.wellbeing, self.exposure = quality, wellbeing, exposure
        self.source, self.tasks = media, tasks
        self.preview = PreviewView()
        self.preview.setMinimumSize(320, 220)
        self.caption = plain(name="muted")
        self.reveal_button = QPushButton(translate("supervisor", "Hold to reveal (Space)"))
        self.reveal_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reveal_button.pressed.connect(self.hold)
        self.reveal_button.released.connect(self.release)
        self.prev_button, self.next_button = QPushButton("‹"), QPushButton("›")
        for button, step in ((self.prev_button, -1), (self.next_button, 1)):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, s=step: self.media_step(s))
        row = QHBoxLayout()
        row.addWidget(self.caption, 1)
        row.addWidget(self.prev_button)
        row.addWidget(self.next_button)
        row.addWidget(self.reveal_button)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.preview, 1)
        col.addLayout(row)
        self.case: CaseMedia | None = None
        self._loading: str | None = None  # the case whose media is on its way
        self.look = Look()
        self.position = 0
        self._blurred: Preview | None = None
        self._sharp: Preview | None = None
        self._looks: dict[int, LookRule] | None = None
        self._held = False
        self._reveal_since: float | None = None
        self._reveal_s = 0.0
        self._shown_since: float | None = None  # the case's media on screen (blurred or not)
        self.revealed_s = self.blurred_s = 0.0
        self._span_revealed = 0.0  # reveal seconds within the current on-screen span
        self._reblur = self._timer(int(reblur_seconds * 1000), lambda: self.end_reveal("timer"))
        self._debounce = self._timer(DEBOUNCE_MS, self._on_debounce_timeout)
        self.show_case(None)

    def _timer(self, ms: int, slot: object) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    # --- the case ------------------------------------------------------------------------------

    def show_case(self, report_uid: str | None) -> None:
        """Show a case's media blurred (None: nothing); the one shown before is accounted."""
        self.leave("case_changed")
        self.case, self._blurred, self._sharp, self.position = None, None, None, 0
        self._loading = report_uid
        self._update_buttons()
        if report_uid is None:
            self.preview.show_placeholder("")
            self.caption.setText("")
            return
        self.preview.show_placeholder(translate("supervisor", "Loading the media…"))
        self.tasks.run(
            DB,
            self._load,
            report_uid,
            on_done=partial(self._on_loaded, report_uid),
            on_failed=self._on_failed,
        )

    def _load(self, report_uid: str) -> tuple[CaseMedia, dict[int, LookRule]]:
        looks = self._looks if self._looks is not None else self.wellbeing.looks()
        return self.quality.case_media(report_uid), looks

    def _on_loaded(self, report_uid: str, loaded: tuple[CaseMedia, dict[int, LookRule]]) -> None:
        case, self._looks = loaded
        if self.case is not None or report_uid != self._loading:
            return
        self.case = case
        rule = self._looks.get(case.queue_id, LookRule())
        self.look = Look(BlurLevel(rule.blur), rule.grayscale)
        if not case.media:
            self.preview.show_placeholder(
                translate("review", "No media is attached to this report")
            )
        elif self.source is None:
            self.preview.show_placeholder(
                translate("supervisor", "The media cannot be shown in this window")
            )
        else:
            self._render(sharp=False)
        self._update_buttons()

    def media_step(self, step: int) -> None:
        case = self.case
        if case is None or not 0 <= self.position + step < len(case.media):
            return
        self.end_reveal("media_changed")
        self._account_shown()
        self.position += step
        self._blurred = self._sharp = None
        self._render(sharp=False)

    def _render(self, *, sharp: bool) -> None:
        case, source = self.case, self.source
        if case is None or source is None:
            return
        job = partial(
            render_preview,
            source,  # the workspace's own files, or bytes the team server sent, in memory
            case.media[self.position],
            self.preview.box(),
            self.look,
            sharp=sharp,
        )
        self.tasks.run(MEDIA, job, on_done=partial(self._on_rendered, case, self.position))

    def _on_rendered(self, case: CaseMedia, position: int, preview: Preview) -> None:
        if case is not self.case or position != self.position:
            return
        if preview.sharp:
            if preview.error is None and preview.image is not None:
                self._sharp = preview
                self._show_sharp()
            return
        self._blurred = preview
        if preview.image is None:
            reason = preview.error.message if preview.error else ""
            self.preview.show_placeholder(translate("review", "This media cannot be shown"), reason)
            return
        self.preview.show_blurred(QPixmap.fromImage(preview.image))
        self.preview.set_recognisable(recognisable(self.look.blur))
        self._shown_since = time.monotonic()
        record = partial(
            self.exposure.viewed,
            case.report_uid,
            media=position,
            blur=int(self.look.blur),
            grayscale=self.look.grayscale,
        )
        self.tasks.run(DB, record, on_failed=self._on_failed)
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = len(self.case.media) if self.case else 0
        self.prev_button.setVisible(count > 1)
        self.next_button.setVisible(count > 1)
        self.reveal_button.setEnabled(self._blurred is not None and self._blurred.image is not None)
        blur = translate("review", "Blur {level} of 6").format(level=int(self.look.blur))
        tone = (
            translate("review", "grayscale")
            if self.look.grayscale
            else translate("review", "colour")
        )
        look = f"{blur} · {tone}"
        where = (
            translate("review", "Media {position} of {count}").format(
                position=self.position + 1, count=count
            )
            + " · "
            if count > 1
            else ""
        )
        self.caption.setText(f"{where}{look}" if count else "")

    # --- revealing -----------------------------------------------------------------------------

    def hold(self) -> None:
        if self._debounce.isActive():  # auto-repeat: the same reveal goes on
            self._debounce.stop()
            if self._held and self._sharp is not None and self._reblur.isActive():
                self._show_sharp()
            return
        if self._held or self._blurred is None or self._blurred.image is None:
            return
        self._held = True
        if self._sharp is None:
            self._render(sharp=True)
        else:
            self._show_sharp()

    def release(self) -> None:
        if not self._held:
            return
        self._pause()
        self._debounce.start()

    def _on_debounce_timeout(self) -> None:
        self.end_reveal("released")

    def _show_sharp(self) -> None:
        if not self._held or self._sharp is None or self._sharp.image is None:
            return
        self.preview.set_sharp(QPixmap.fromImage(self._sharp.image))
        self.preview.set_mode(Mode.FULL)
        if not self._reblur.isActive() and self._reveal_s == 0:
            self._reblur.start()
        self._reveal_since = self._reveal_since or time.monotonic()

    def _pause(self) -> None:
        self.preview.set_mode(Mode.BLURRED)
        if self._reveal_since is not None:
            self._reveal_s += time.monotonic() - self._reveal_since
            self._reveal_since = None

    def end_reveal(self, ended_by: str) -> None:
        """Blur now; audit the reveal if sharp pixels were shown."""
        self._pause()
        self._reblur.stop()
        self._debounce.stop()
        held, seconds, self._held, self._reveal_s = self._held, self._reveal_s, False, 0.0
        self.preview.set_sharp(None)
        case = self.case
        if not held or seconds <= 0 or case is None:
            return
        self.revealed_s += seconds
        self._span_revealed += seconds
        record = partial(
            self.exposure.revealed,
            case.report_uid,
            RevealKind.HOLD,
            seconds,
            media=self.position,
            ended_by=ended_by,
        )
        self.tasks.run(DB, record, on_failed=self._on_failed)

    # --- leaving -------------------------------------------------------------------------------

    def _account_shown(self) -> None:
        """Blurred seconds so far (or revealed ones, at a recognisable look)."""
        if self._shown_since is None:
            return
        seconds = max(0.0, time.monotonic() - self._shown_since - self._span_revealed)
        self._shown_since, self._span_revealed = None, 0.0
        if recognisable(self.look.blur):
            self.revealed_s += seconds
        else:
            self.blurred_s += seconds

    def leave(self, ended_by: str) -> None:
        """The case leaves the panel: store its exposure (audited) if anything was shown."""
        self.end_reveal(ended_by)
        self._account_shown()
        case, revealed, blurred = self.case, self.revealed_s, self.blurred_s
        self.revealed_s = self.blurred_s = 0.0
        if case is None or revealed + blurred <= 0:
            return
        exposure = Exposure(
            case.report_uid,
            case.review_round,
            self.wellbeing.session_uid,
            severity_of(case.priority),
            case.category,
            revealed,
            blurred,
            ended_by,
        )
        self.tasks.run(DB, self.wellbeing.record_exposure, exposure, on_failed=self._on_failed)

    def _on_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, ModeratorError):
            raise exc
        self.failed.emit(str(exc))
