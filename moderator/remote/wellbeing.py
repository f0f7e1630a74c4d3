"""Wellbeing, training and the audit of what was seen, in team mode.

Breaks, check-ins and exposure go to the server through the outbox (they are the reviewer's
record, and a break taken offline still counts); the server times breaks on its own clock and
makes them as long and as hard as the profile says. Views, reveals and look changes are the
desk's own audit chain, committed to the station and pushed by the sync (sync.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from moderator.domain.audit import EventKind
from moderator.domain.ids import new_uid
from moderator.domain.rows import Exposure
from moderator.domain.wellbeing_profile import Profile
from moderator.remote.client import Api, parse_time
from moderator.remote.outbox import Outbox, new_request_id
from moderator.remote.station import Station
from moderator.services.interfaces import (
    Gating,
    OpenBreak,
    QueueBlock,
    RevealKind,
    Start,
    TrainingStatusRow,
)

_PROFILE_FIELDS = {f.name for f in dataclasses.fields(Profile)}


def start_of(data: dict[str, Any]) -> Start:
    values = {k: v for k, v in data["profile"].items() if k in _PROFILE_FIELDS}
    values["daily_cap_minutes"] = {
        str(k): float(v) for k, v in (values.get("daily_cap_minutes") or {}).items()
    }
    running = data.get("open_break")
    open_break = None
    if running:
        open_break = OpenBreak(
            str(running["uid"]),
            parse_time(running["started_at"]),
            parse_time(running["ends_at"]),
            str(running["reason"]),
            bool(running["hard"]),
        )
    return Start(
        Profile(**values),
        {str(k): float(v) for k, v in data["revealed_today"].items()},
        bool(data["stopped_today"]),
        open_break,
    )


@dataclass
class RemoteWellbeing:
    """services.interfaces.WellbeingRecords over /v1/wellbeing, /v1/exposures, /v1/breaks,
    /v1/checkins."""

    api: Api
    outbox: Outbox
    session_uid: str = field(default_factory=lambda: str(new_uid()))

    def start(self, queue_ids: list[int] | None) -> Start:
        params = {"queue_id": queue_ids} if queue_ids else None
        return start_of(self.api.call("GET", "/v1/wellbeing", params=params))

    def _send(self, kind: str, path: str, body: dict[str, Any], ref: str = "") -> None:
        done = self.outbox.send(kind, path, body, ref=ref)
        if done.error is not None:
            raise done.error

    def record_exposure(self, exposure: Exposure) -> None:
        body = {"request_id": new_request_id(), **dataclasses.asdict(exposure)}
        self._send("exposure", "/v1/exposures", body, exposure.report_uid)

    def break_started(
        self, reason: str, ends_at: datetime, hard: bool, uid: str | None = None
    ) -> str:
        uid = uid or new_uid()
        minutes = max(0.0, (ends_at - self.api.now()).total_seconds() / 60)
        body = {"break_id": uid, "reason": reason[:20], "minutes": round(minutes, 3), "hard": hard}
        self._send("break", "/v1/breaks", body, uid)
        return uid

    def break_ended(self, uid: str, *, skipped_because: str = "") -> None:
        body = {"request_id": new_request_id(), "skipped_because": skipped_because[:500]}
        self._send("break_end", f"/v1/breaks/{uid}/end", body, uid)

    def checked_in(self, report_uid: str | None, severity: str, score: int | None) -> None:
        body = {
            "request_id": new_request_id(),
            "report_uid": report_uid,
            "severity": severity[:20],
            "score": score,
        }
        self._send("checkin", "/v1/checkins", body, report_uid or "")


@dataclass
class ChainExposure:
    """services.interfaces.ExposureAudit: the desk's own chain in the station (the same
    events and payloads as a workspace's ExposureLog), pushed to /v1/audit/events."""

    station: Station
    username: str
    api: Api

    def _append(self, kind: EventKind, report_uid: str | None, payload: dict[str, Any]) -> None:
        self.station.append(self.username, kind, self.api.now(), payload, report_uid)

    def viewed(self, report_uid: str, *, media: int, blur: int, grayscale: bool) -> None:
        self._append(
            EventKind.VIEW, report_uid, {"media": media, "blur": blur, "grayscale": grayscale}
        )

    def revealed(
        self, report_uid: str, kind: RevealKind, seconds: float, *, media: int, ended_by: str
    ) -> None:
        payload = {
            "kind": RevealKind(kind).value,
            "seconds": round(max(0.0, seconds), 3),
            "media": media,
            "ended_by": ended_by,
        }
        self._append(EventKind.REVEAL, report_uid, payload)

    def settings_changed(self, report_uid: str | None, **values: Any) -> None:
        self._append(EventKind.SETTINGS, report_uid, {"preview": values})

    def signed_in(self, profile: str, server: str) -> None:
        self._append(EventKind.LOGIN, None, {"profile": profile, "server": server})


def _course(username: str, c: dict[str, Any]) -> TrainingStatusRow:
    def when(key: str) -> datetime | None:
        return parse_time(c[key]) if c.get(key) else None

    return TrainingStatusRow(
        username, str(c["course_code"]), str(c["course_title"]),
        when("completed_at"), when("expires_at"), str(c["state"]),
    )  # fmt: skip


@dataclass(frozen=True)
class RemoteTraining:
    """services.interfaces.Training over /v1/me/training."""

    api: Api
    username: str

    def gating(self) -> Gating:
        data = self.api.call("GET", "/v1/me/training")
        return Gating(
            at=parse_time(data["at"]),
            open_queues=tuple(data["open_queues"]),
            blocked=tuple(
                QueueBlock(b["queue"], b["queue_title"], _course(self.username, b["course"]))
                for b in data["blocked"]
            ),
            expiring=tuple(_course(self.username, c) for c in data["expiring"]),
        )
