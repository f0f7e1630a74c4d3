"""Wellbeing use cases: profiles per queue, personal settings, exposure, breaks, check-ins.

Each call is one transaction with its audit event. The rules themselves live in
`moderator.domain.wellbeing`; this layer stores what they decided and enforces the two that
must hold even against a modified client: no claim during a break (or after "I need to
stop"), and only reports without images or video once a daily exposure cap is reached.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError, NotEligible, NotFound
from moderator.domain.ids import new_uid
from moderator.domain.reports import Role
from moderator.domain.wellbeing_profile import (
    ALL,
    LookRule,
    Profile,
    WellbeingError,
    look_of,
    parse_profile,
    personalise,
    strictest,
)
from moderator.services.organisation import read_settings
from moderator.services.review import ReviewService, guard_active
from moderator.services.workspace import Workspace
from moderator.store import journal
from moderator.store import queue as queue_store
from moderator.store import wellbeing as store
from moderator.store.models import Queue
from moderator.store.queue import Lease, ReviewerRef
from moderator.store.wellbeing import Exposure, OpenBreak, ProfileRow

log = logging.getLogger(__name__)

# Shown with "I need to stop" and on the stopped screen when the organisation set none.
DEFAULT_SUPPORT = (
    "Talk to your supervisor or your organisation's staff support (employee assistance) "
    "service. You do not have to say why you stopped."
)


class OnBreak(ModeratorError):
    """No report can be claimed now: a break is running, or the reviewer stopped for today."""


@dataclass(frozen=True)
class Start:
    """What the window needs to begin: the rules and what today already holds."""

    profile: Profile
    revealed_today: dict[str, float]
    stopped_today: bool
    open_break: OpenBreak | None
    looks: dict[int, LookRule] = field(default_factory=dict)  # queue id -> how reports open
    support: str = DEFAULT_SUPPORT


def local_day(at: datetime, tz: tzinfo | None = None) -> date:
    return at.astimezone(tz).date()


def team_profile(session: Session, queue_ids: list[int] | None) -> Profile:
    """The strictest of the profiles set for the queues worked (the default if none is set)."""
    rows = store.profiles(session, queue_ids)
    found = [parse_profile(r.body, f"profile of queue {r.queue}") for r in rows]
    return strictest(found) if found else Profile()


def effective_profile(session: Session, reviewer_id: int, queue_ids: list[int] | None) -> Profile:
    team = team_profile(session, queue_ids)
    body = store.personal(session, reviewer_id)
    if body is None:
        return team
    try:
        return personalise(team, parse_profile(body, "personal settings", partial=True))
    except WellbeingError as exc:
        # A supervisor tightened the team profile after the reviewer saved theirs.
        log.info("personal wellbeing settings not applied: %s", exc)
        return team


def queue_profiles(workspace: Workspace) -> list[ProfileRow]:
    """The profile set for each queue (anyone may read them: no sign-in needed)."""
    with workspace.transaction() as session:
        return store.profiles(session)


def queue_looks(session: Session, reviewer_id: int) -> dict[int, LookRule]:
    """Per queue, how its reports open: the queue's profile made stricter by the reviewer's
    own look settings (ignored for a queue they would loosen)."""
    bodies = {r.queue_id: r.body for r in store.profiles(session)}
    body = store.personal(session, reviewer_id)
    mine = parse_profile(body, "personal settings", partial=True) if body else {}
    mine = {k: v for k, v in mine.items() if k.startswith("look_")}
    looks: dict[int, LookRule] = {}
    for queue_id in session.scalars(select(Queue.id)):
        text = bodies.get(queue_id)
        team = parse_profile(text, f"profile of queue {queue_id}") if text else Profile()
        try:
            looks[queue_id] = look_of(personalise(team, mine))
        except WellbeingError:
            looks[queue_id] = look_of(team)
    return looks


def capped(profile: Profile, revealed: dict[str, float]) -> bool:
    total = sum(revealed.values())
    for key, minutes in profile.daily_cap_minutes.items():
        if (total if key == ALL else revealed.get(key, 0.0)) >= minutes * 60:
            return True
    return False


@dataclass
class WellbeingService:
    workspace: Workspace
    reviewer: ReviewerRef
    tz: tzinfo | None = None  # the reviewer's local time zone (None: this machine's)
    session_uid: str = field(default_factory=new_uid)

    def _audit(
        self,
        session: Session,
        kind: EventKind,
        payload: dict[str, Any],
        report_uid: str | None = None,
    ) -> None:
        journal.append(
            session,
            self.workspace.actor(self.reviewer.username),
            kind,
            self.workspace.now(),
            report_uid=report_uid,
            payload=payload,
        )

    def day(self) -> date:
        return local_day(self.workspace.now(), self.tz)

    def start(self, queue_ids: list[int] | None) -> Start:
        with self.workspace.transaction() as session:
            profile = effective_profile(session, self.reviewer.id, queue_ids)
            day = self.day()
            return Start(
                profile,
                store.revealed_on(session, self.reviewer.id, day),
                store.stopped_on(session, self.reviewer.id, day),
                store.open_break(session, self.reviewer.id),
                queue_looks(session, self.reviewer.id),
                self._support(session),
            )

    def looks(self) -> dict[int, LookRule]:
        """Per queue, how its reports open for this reviewer (see `queue_looks`)."""
        with self.workspace.transaction() as session:
            return queue_looks(session, self.reviewer.id)

    def support_contact(self) -> str:
        """Who to turn to: the organisation's support contact, or a sensible default."""
        with self.workspace.transaction() as session:
            return self._support(session)

    def _support(self, session: Session) -> str:
        return read_settings(session).support.strip() or DEFAULT_SUPPORT

    def record_exposure(self, exposure: Exposure) -> None:
        """A report left the screen: store its sharp and blurred seconds, audited."""
        with self.workspace.transaction() as session:
            store.add_exposure(
                session, self.reviewer.id, self.day(), self.workspace.now(), exposure
            )
            self._audit(
                session,
                EventKind.EXPOSURE,
                {
                    "seconds_revealed": round(exposure.seconds_revealed, 3),
                    "seconds_blurred": round(exposure.seconds_blurred, 3),
                    "severity": exposure.severity,
                    "category": exposure.category,
                    "round": exposure.review_round,
                    "session": exposure.session_uid,
                    "ended_by": exposure.ended_by,
                },
                exposure.report_uid,
            )

    def break_started(
        self, reason: str, ends_at: datetime, hard: bool, uid: str | None = None
    ) -> str:
        """Record a break that fell due (`uid` may be chosen by the caller, to end it later)."""
        now = self.workspace.now()
        with self.workspace.transaction() as session:
            uid = store.start_break(
                session,
                self.reviewer.id,
                self.day(),
                now,
                ends_at,
                reason=reason,
                hard=hard,
                uid=uid,
            )
            self._audit(
                session,
                EventKind.BREAK,
                {
                    "phase": "start",
                    "break": uid,
                    "reason": reason,
                    "ends_at": ends_at.isoformat(),
                    "hard": hard,
                },
            )
            return uid

    def break_ended(self, uid: str, *, skipped_because: str = "") -> None:
        """The break ran its length (taken), or was skipped with a reason (soft only)."""
        outcome = "skipped" if skipped_because else "taken"
        with self.workspace.transaction() as session:
            if store.end_break(session, uid, self.workspace.now(), outcome, skipped_because):
                payload = {"phase": "skipped" if skipped_because else "end", "break": uid}
                if skipped_because:
                    payload["reason"] = skipped_because
                self._audit(session, EventKind.BREAK, payload)

    def checked_in(self, report_uid: str | None, severity: str, score: int | None) -> None:
        """A check-in answer; `score=None` is "I need to stop" (a supervisor-visible record)."""
        with self.workspace.transaction() as session:
            store.add_checkin(
                session,
                self.reviewer.id,
                self.day(),
                self.workspace.now(),
                report_uid=report_uid,
                severity=severity,
                score=score,
                stopped=score is None,
            )
            payload: dict[str, Any] = {"severity": severity}
            payload.update({"stopped": True} if score is None else {"score": score})
            self._audit(session, EventKind.CHECKIN, payload, report_uid)

    # --- settings ----------------------------------------------------------------------------

    def set_queue_profile(self, queue: str, text: str, source: str) -> Profile:
        """A supervisor sets the wellbeing profile of a queue (audited as SETTINGS)."""
        if not self.reviewer.role.at_least(Role.SUPERVISOR):
            raise NotEligible("only a supervisor can set a queue's wellbeing profile")
        profile = parse_profile(text, source)
        assert isinstance(profile, Profile)
        with self.workspace.transaction() as session:
            queue_id = session.scalar(select(Queue.id).where(Queue.name == queue))
            if queue_id is None:
                raise NotFound(f"no queue named {queue!r}")
            store.set_profile(
                session, queue_id, profile.name, text, self.reviewer.username, self.workspace.now()
            )
            self._audit(
                session,
                EventKind.SETTINGS,
                {"wellbeing_profile": profile.name, "queue": queue, "body": text},
            )
        return profile

    def set_personal(self, text: str, source: str = "personal settings") -> Profile:
        """The reviewer's own settings: refused unless as strict as every queue's profile."""
        mine = parse_profile(text, source, partial=True)
        with self.workspace.transaction() as session:
            rows = store.profiles(session)
            for team in [parse_profile(r.body, r.queue) for r in rows] or [Profile()]:
                personalise(team, mine)
            store.set_personal(session, self.reviewer.id, text, self.workspace.now())
            self._audit(session, EventKind.SETTINGS, {"wellbeing_personal": text})
            return effective_profile(session, self.reviewer.id, None)

    def profiles(self) -> list[ProfileRow]:
        with self.workspace.transaction() as session:
            return store.profiles(session)


@dataclass
class WellbeingReview(ReviewService):
    """ReviewService whose claim enforces breaks, stops and daily caps in the transaction."""

    tz: tzinfo | None = None
    queue_ids: list[int] | None = None
    # The window's own measure, which includes the report on screen (the database only has
    # the ones already done): False once the window has seen a cap reached today.
    visual_allowed: bool = True

    def _claim_in(
        self, session: Session, now: datetime, queue_ids: list[int] | None, sweep: bool
    ) -> Lease | None:
        day = local_day(now, self.tz)
        guard_active(session, self.reviewer)
        guard_claim(session, self.reviewer.id, now, day)
        profile = effective_profile(session, self.reviewer.id, queue_ids or self.queue_ids)
        revealed = store.revealed_on(session, self.reviewer.id, day)
        visual = self.visual_allowed and not capped(profile, revealed)
        return queue_store.claim(
            session,
            self.reviewer,
            self._actor,
            now,
            lease=self.lease_length,
            queue_ids=queue_ids,
            sweep=sweep,
            visual=visual,
        )


def guard_claim(session: Session, reviewer_id: int, now: datetime, day: date) -> None:
    """Raise OnBreak when the reviewer is on a break or stopped for the day."""
    running = store.open_break(session, reviewer_id)
    if running is not None and running.ends_at > now:
        raise OnBreak(f"on a break until {running.ends_at.astimezone().strftime('%H:%M')}")
    if store.stopped_on(session, reviewer_id, day):
        raise OnBreak("you stopped for today; nothing more can be claimed until tomorrow")
