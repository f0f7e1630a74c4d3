"""Wellbeing on the server: the shared WellbeingService, limited to the caller's own records,
with breaks timed and sized by the server."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import exists, select

from moderator.domain.audit import EventKind
from moderator.domain.errors import NotFound
from moderator.domain.reports import Role
from moderator.domain.rows import Exposure
from moderator.server.context import Principal, Server
from moderator.server.errors import BreakNotOver
from moderator.services.wellbeing import Start, WellbeingService, effective_profile
from moderator.store import quality
from moderator.store.models import AuditEvent
from moderator.store.models_wellbeing import BreakRecord
from moderator.store.wellbeing import OpenBreak


def _service(server: Server, who: Principal) -> WellbeingService:
    return WellbeingService(server.for_principal(who), who.reviewer)


def _claimed_by(server: Server, who: Principal, report_uid: str) -> None:
    """NotFound unless the caller claimed this report at some time (through this server), or
    is a supervisor and the report a disagreement (its media is shown for adjudication)."""
    E = AuditEvent
    with server.workspace().transaction() as session:
        found = session.scalar(
            select(
                exists().where(
                    E.report_uid == report_uid,
                    E.kind == EventKind.CLAIM,
                    E.actor == who.registration.username,
                )
            )
        )
        if not found and who.role.at_least(Role.SUPERVISOR):
            found = quality.in_adjudication(session, report_uid)
    if not found:
        raise NotFound(f"you never claimed report {report_uid}")


def standing(server: Server, who: Principal, queue_ids: list[int] | None) -> Start:
    return _service(server, who).start(queue_ids)


def record_exposure(server: Server, who: Principal, exposure: Exposure) -> None:
    _claimed_by(server, who, exposure.report_uid)
    _service(server, who).record_exposure(exposure)


def start_break(
    server: Server, who: Principal, uid: str, reason: str, minutes: float, hard: bool
) -> OpenBreak:
    """A break at least as long and as hard as the caller's profile says, on server time."""
    service = _service(server, who)
    with server.workspace().transaction() as session:
        profile = effective_profile(session, who.registration.reviewer_id, None)
    length = max(minutes, profile.break_minutes)
    hard = hard or profile.hard
    now = server.now()
    ends = now + timedelta(minutes=length)
    service.break_started(reason, ends, hard, uid=uid)
    return OpenBreak(uid, now, ends, reason, hard)


def end_break(server: Server, who: Principal, uid: str, skipped_because: str) -> None:
    with server.workspace().transaction() as session:
        row = session.execute(
            select(BreakRecord.ends_at, BreakRecord.hard, BreakRecord.outcome).where(
                BreakRecord.uid == uid, BreakRecord.reviewer_id == who.registration.reviewer_id
            )
        ).first()
    if row is None:
        raise NotFound("you have no break with this id")
    if row.outcome is not None:
        return  # already over: nothing changes
    if skipped_because:
        if row.hard:
            raise BreakNotOver("a hard break cannot be skipped")
    elif row.ends_at > server.now():
        raise BreakNotOver("this break is not over yet")
    _service(server, who).break_ended(uid, skipped_because=skipped_because)


def check_in(
    server: Server, who: Principal, report_uid: str | None, severity: str, score: int | None
) -> None:
    if report_uid is not None:
        _claimed_by(server, who, report_uid)
    _service(server, who).checked_in(report_uid, severity, score)
