"""Audit of what the reviewer saw: a report viewed, each reveal with its kind and duration,
and changes to how previews are shown. One transaction per call; safe on a worker thread."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from moderator.domain.audit import EventKind
from moderator.services.workspace import Workspace
from moderator.store import journal
from moderator.store.queue import ReviewerRef


class RevealKind(StrEnum):
    HOLD = "hold"  # held key: sharp while held
    REGION = "region"  # a circle under the pointer
    TIMED = "timed"  # sharp for N seconds, then re-blurred by itself
    # Shown at a blur level that keeps recognisable structure (media.legibility): exposure
    # the same as a reveal, timed from when it is on screen to when it is gone.
    LOW_BLUR = "low_blur"


@dataclass
class ExposureLog:
    workspace: Workspace
    reviewer: ReviewerRef

    def _append(self, kind: EventKind, report_uid: str | None, payload: dict[str, Any]) -> None:
        with self.workspace.transaction() as session:
            journal.append(
                session,
                self.workspace.actor(self.reviewer.username),
                kind,
                self.workspace.now(),
                report_uid=report_uid,
                payload=payload,
            )

    def viewed(self, report_uid: str, *, media: int, blur: int, grayscale: bool) -> None:
        """The blurred preview of a report was put on screen."""
        self._append(
            EventKind.VIEW, report_uid, {"media": media, "blur": blur, "grayscale": grayscale}
        )

    def revealed(
        self, report_uid: str, kind: RevealKind, seconds: float, *, media: int, ended_by: str
    ) -> None:
        """Sharp pixels were on screen for `seconds`; written when the reveal ends."""
        self._append(
            EventKind.REVEAL,
            report_uid,
            {
                "kind": RevealKind(kind).value,
                "seconds": round(max(0.0, seconds), 3),
                "media": media,
                "ended_by": ended_by,
            },
        )

    def settings_changed(self, report_uid: str | None, **values: Any) -> None:
        """Preview settings (blur level, grayscale) changed."""
        self._append(EventKind.SETTINGS, report_uid, {"preview": values})
