"""Training status per reviewer and course, what gates a reviewer out, and the admin's changes.

States, at an instant `at` (the claim uses the same rule: completed <= at < expires):
  valid     the best record is current and expires more than 30 days after `at`
  expiring  current, and expires within 30 days (exactly 30 days before expiry warns)
  expired   records exist, none is current
  missing   no record completed by `at`

Dates shown to people are in the workstation's (or the given) time zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from sqlalchemy.orm import Session

from moderator.domain.clock import utc
from moderator.domain.reports import Role
from moderator.services.authz import require_role
from moderator.services.training_csv import ImportResult, import_file
from moderator.services.workspace import Workspace
from moderator.store import training as store
from moderator.store.journal import Actor
from moderator.store.training import CourseInput, CourseRow, RecordInput, RecordRow

WARN_WITHIN = timedelta(days=30)
VALID, EXPIRING, EXPIRED, MISSING = "valid", "expiring", "expired", "missing"
STATES = (VALID, EXPIRING, EXPIRED, MISSING)
SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class TrainingStatusRow:
    reviewer: str
    course_code: str
    course_title: str
    completed_at: datetime | None
    expires_at: datetime | None
    state: str  # one of STATES


@dataclass(frozen=True, slots=True)
class QueueBlock:
    """A queue the reviewer's role allows but a course keeps them out of."""

    queue: str
    queue_title: str
    course: TrainingStatusRow


@dataclass(frozen=True, slots=True)
class Gating:
    """What the review window tells one reviewer about their training."""

    at: datetime
    open_queues: tuple[str, ...]  # queue titles they can claim from
    blocked: tuple[QueueBlock, ...]
    expiring: tuple[TrainingStatusRow, ...]  # required courses expiring within 30 days


def state_of(completed: datetime | None, expires: datetime | None, at: datetime) -> str:
    if completed is None or expires is None:
        return MISSING
    if expires <= at:
        return EXPIRED
    if expires - at <= WARN_WITHIN:
        return EXPIRING
    return VALID


def _best(rows: list[RecordRow], at: datetime) -> RecordRow | None:
    """The record that counts at `at`: completed by then, latest expiry."""
    done = [r for r in rows if r.completed_at <= at]
    return max(done, key=lambda r: r.expires_at) if done else None


def _status(
    who: str, code: str, title: str, rows: list[RecordRow], at: datetime
) -> TrainingStatusRow:
    best = _best(rows, at)
    if best is None:
        return TrainingStatusRow(who, code, title, None, None, MISSING)
    state = state_of(best.completed_at, best.expires_at, at)
    return TrainingStatusRow(who, code, title, best.completed_at, best.expires_at, state)


def training_status(session: Session, at: datetime) -> list[TrainingStatusRow]:
    """One row per active reviewer and course they need (their role's queues) or hold.

    Sorted by reviewer, then course code.
    """
    at = utc(at)
    titles = {c.code: c.title for c in store.courses(session)}
    needs = store.queue_needs(session)
    held: dict[tuple[str, str], list[RecordRow]] = {}
    for rec in store.records(session):
        held.setdefault((rec.reviewer, rec.course_code), []).append(rec)
    out: list[TrainingStatusRow] = []
    for who, (_id, role) in sorted(store.reviewers(session).items()):
        codes = {c for n in needs if Role(role).at_least(Role(n.min_role)) for c in n.courses}
        codes |= {code for (name, code) in held if name == who}
        for code in sorted(codes):
            out.append(_status(who, code, titles.get(code, code), held.get((who, code), []), at))
    return out


def gating(session: Session, username: str, at: datetime) -> Gating:
    """Which queues the reviewer can claim from, which a course closes, what expires soon."""
    at = utc(at)
    people = store.reviewers(session)
    role = Role(people[username][1]) if username in people else Role.REVIEWER
    titles = {c.code: c.title for c in store.courses(session)}
    mine: dict[str, list[RecordRow]] = {}
    for rec in store.records(session, username):
        mine.setdefault(rec.course_code, []).append(rec)
    statuses: dict[str, TrainingStatusRow] = {}
    open_queues: list[str] = []
    blocked: list[QueueBlock] = []
    for need in store.queue_needs(session):
        if not role.at_least(Role(need.min_role)):
            continue
        missing = []
        for code in need.courses:
            if code not in statuses:
                statuses[code] = _status(
                    username, code, titles.get(code, code), mine.get(code, []), at
                )
            if statuses[code].state in (EXPIRED, MISSING):
                missing.append(QueueBlock(need.name, need.title, statuses[code]))
        if missing:
            blocked.extend(missing)
        else:
            open_queues.append(need.title)
    expiring = tuple(s for s in statuses.values() if s.state == EXPIRING)
    return Gating(at, tuple(open_queues), tuple(blocked), expiring)


@dataclass(frozen=True, slots=True)
class AdminRow:
    """A line of the admin window: a reviewer's standing in a course, or an older record."""

    reviewer: str
    course_code: str
    course_title: str
    completed_at: datetime | None
    expires_at: datetime | None
    state: str  # one of STATES, or SUPERSEDED for a record a later one replaced
    record: RecordRow | None  # None when missing


def admin_rows(session: Session, at: datetime) -> list[AdminRow]:
    """Every status row with the record behind it, then the records no status row uses."""
    records = store.records(session)
    by_key: dict[tuple[str, str, datetime | None], RecordRow] = {
        (r.reviewer, r.course_code, r.completed_at): r for r in records
    }
    rows: list[AdminRow] = []
    for s in training_status(session, at):
        rec = by_key.get((s.reviewer, s.course_code, s.completed_at))
        rows.append(AdminRow(*_fields(s), rec))
    used = {row.record.id for row in rows if row.record is not None}
    for r in records:
        if r.id not in used:
            rows.append(
                AdminRow(
                    r.reviewer, r.course_code, r.course_title, r.completed_at, r.expires_at,
                    SUPERSEDED, r,
                )
            )  # fmt: skip
    return sorted(rows, key=lambda row: (row.reviewer, row.course_code, row.state == SUPERSEDED))


def _fields(s: TrainingStatusRow) -> tuple[str, str, str, datetime | None, datetime | None, str]:
    return s.reviewer, s.course_code, s.course_title, s.completed_at, s.expires_at, s.state


# --- words -----------------------------------------------------------------------------------


def day(value: datetime, tz: tzinfo | None = None) -> str:
    """ "3 Nov 2026" in the given zone (default: this computer's)."""
    local = value.astimezone(tz)
    return f"{local.day} {local:%b %Y}"


def block_text(block: QueueBlock, tz: tzinfo | None = None) -> str:
    course = block.course
    if course.state == EXPIRED and course.expires_at is not None:
        why = f"{course.course_code} expired on {day(course.expires_at, tz)}"
        ask = "ask your supervisor to renew it"
    else:
        why = f"{course.course_code} ({course.course_title}) is not on your record"
        ask = "ask your supervisor to record it"
    return f"{block.queue_title}: {why} — {ask}."


def expiring_text(row: TrainingStatusRow, at: datetime, tz: tzinfo | None = None) -> str:
    assert row.expires_at is not None
    days = (row.expires_at.astimezone(tz).date() - at.astimezone(tz).date()).days
    when = "today" if days <= 0 else "tomorrow" if days == 1 else f"in {days} days"
    return f"{row.course_code} expires {when}, on {day(row.expires_at, tz)}."


def explain(g: Gating, tz: tzinfo | None = None) -> Iterator[str]:
    """The lines the review window shows: each closed queue, then each course expiring soon."""
    for block in g.blocked:
        yield block_text(block, tz)
    for row in g.expiring:
        yield expiring_text(row, g.at, tz)


# --- the admin's use cases, one transaction each --------------------------------------------


@dataclass
class TrainingAdmin:
    """Courses and records as a supervisor changes them. Safe to call from a worker thread."""

    workspace: Workspace
    username: str

    @property
    def _actor(self) -> Actor:
        return self.workspace.actor(self.username)

    def now(self) -> datetime:
        return self.workspace.now()

    def courses(self) -> list[CourseRow]:
        with self.workspace.transaction() as session:
            return store.courses(session)

    def records(self, reviewer: str | None = None) -> list[RecordRow]:
        with self.workspace.transaction() as session:
            return store.records(session, reviewer)

    def status(self) -> list[TrainingStatusRow]:
        with self.workspace.transaction() as session:
            return training_status(session, self.workspace.now())

    def rows(self) -> list[AdminRow]:
        with self.workspace.transaction() as session:
            return admin_rows(session, self.workspace.now())

    def choices(self) -> tuple[list[str], list[str], list[str]]:
        """Reviewer usernames, course codes and queue names, for the dialogs."""
        with self.workspace.transaction() as session:
            return (
                sorted(store.reviewers(session)),
                [c.code for c in store.courses(session)],
                store.queue_names(session),
            )

    def save_course(self, course: CourseInput) -> str:
        with self.workspace.transaction() as session:
            require_role(session, self.username, "change the training catalogue")
            return store.save_course(session, self._actor, self.workspace.now(), course)

    def delete_course(self, code: str) -> None:
        with self.workspace.transaction() as session:
            require_role(session, self.username, "change the training catalogue")
            store.delete_course(session, self._actor, self.workspace.now(), code)

    def add_record(self, rec: RecordInput) -> str:
        with self.workspace.transaction() as session:
            require_role(session, self.username, "change training records")
            return store.put_record(session, self._actor, self.workspace.now(), rec)

    def update_record(self, record_id: int, rec: RecordInput) -> None:
        with self.workspace.transaction() as session:
            require_role(session, self.username, "change training records")
            store.update_record(session, self._actor, self.workspace.now(), record_id, rec)

    def delete_record(self, record_id: int) -> None:
        with self.workspace.transaction() as session:
            require_role(session, self.username, "change training records")
            store.delete_record(session, self._actor, self.workspace.now(), record_id)

    def import_csv(self, path: Path, tz: tzinfo | None = None) -> ImportResult:
        return import_file(self.workspace, self._actor, path, tz)
