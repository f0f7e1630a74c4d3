"""Importing training courses and records from CSV files, every bad row reported by line.

Two kinds of file, told apart by their header:

    code,title,validity_days,queues,categories          (queues/categories: ';'-separated)
    reviewer,course,completed,expires,evidence          (expires may be empty: validity days)

Time zones: a bare date (2026-11-03) means local midnight, the start of that day, in the
organisation's time zone (the `tz` given; the command line defaults to this computer's zone).
A date-time with an offset (2026-11-03T09:00+09:00) is that instant wherever it is read; one
without an offset is wall time in the organisation's zone. An expiry given as a date therefore
means "no longer valid from the first moment of that day".

Good rows are imported in one transaction, bad rows are listed and change nothing. Importing
the same file again changes nothing (records are keyed by reviewer, course and completion).
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from moderator.domain.clock import utc
from moderator.domain.errors import ConfigError, ModeratorError
from moderator.services.authz import require_role
from moderator.services.i18n import _, n
from moderator.services.workspace import Workspace
from moderator.store import training as store
from moderator.store.journal import Actor
from moderator.store.training import CourseInput, InvalidTraining, RecordInput

COURSES, RECORDS = "courses", "records"
COURSE_COLUMNS = ("code", "title", "validity_days")
RECORD_COLUMNS = ("reviewer", "course", "completed")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LIST = re.compile(r"[;\s]+")


class RowError(ValueError):
    """One row's problem; the message is the reason shown next to its line number."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    reason: str

    def describe(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportResult:
    file: str
    kind: str
    timezone: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return _(
            "{file}: {added} {kind} added, {updated} updated, {unchanged} unchanged, "
            "{rejected} rejected (dates read in {timezone})",
            file=self.file, added=n(self.added), kind=self.kind, updated=n(self.updated),
            unchanged=n(self.unchanged), rejected=n(len(self.problems)), timezone=self.timezone,
        )  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "timezone": self.timezone,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [{"line": p.line, "reason": p.reason} for p in self.problems],
        }


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"unknown time zone {name!r} (use an IANA name like Asia/Seoul)"
        ) from None


def local_zone() -> tzinfo:
    """This computer's time zone, by its IANA name when it can be found."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.path.realpath("/etc/localtime")
        candidates.append(target.partition("zoneinfo/")[2])
    except OSError:
        pass
    for name in candidates:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return datetime.now().astimezone().tzinfo or ZoneInfo("UTC")


def parse_when(text: str, tz: tzinfo, what: str) -> datetime:
    """A CSV date or date-time as an aware UTC instant (see the module notes)."""
    text = text.strip()
    try:
        if _DATE.match(text):
            d = date.fromisoformat(text)
            return utc(datetime(d.year, d.month, d.day, tzinfo=tz))
        value = datetime.fromisoformat(text)
    except ValueError:
        raise RowError(f"bad {what} date {text!r} (use YYYY-MM-DD or an ISO date-time)") from None
    return utc(value if value.tzinfo else value.replace(tzinfo=tz))


def _rows(name: str, data: bytes) -> tuple[str, csv.DictReader[str], list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ModeratorError(f"{name}: not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    reader.fieldnames = header
    if all(c in header for c in COURSE_COLUMNS):
        return COURSES, reader, header
    if all(c in header for c in RECORD_COLUMNS):
        return RECORDS, reader, header
    raise ModeratorError(
        f"{name}: the first line must name the columns: either "
        f"{','.join(COURSE_COLUMNS)}[,queues,categories] or "
        f"{','.join(RECORD_COLUMNS)}[,expires,evidence]"
    )


def _cell(row: dict[str, Any], name: str) -> str:
    value = row.get(name)
    return value.strip() if isinstance(value, str) else ""


def _course(row: dict[str, Any], queues: set[str]) -> CourseInput:
    code, title = _cell(row, "code"), _cell(row, "title")
    if not code:
        raise RowError("no course code")
    if not title:
        raise RowError("no title")
    try:
        days = int(_cell(row, "validity_days"))
    except ValueError:
        raise RowError(f"validity_days {_cell(row, 'validity_days')!r} is not a number") from None
    if days <= 0:
        raise RowError("validity_days must be positive")
    named = tuple(q for q in _LIST.split(_cell(row, "queues")) if q)
    unknown = [q for q in named if q not in queues]
    if unknown:
        raise RowError(f"unknown queue {', '.join(unknown)}")
    categories = tuple(c for c in _LIST.split(_cell(row, "categories")) if c)
    return CourseInput(code, title, days, named, categories)


@dataclass(frozen=True, slots=True)
class _Known:
    """What rows are checked against, read once per file."""

    queues: set[str]
    reviewers: set[str]
    validity: dict[str, int]  # course code -> validity days

    @classmethod
    def read(cls, session: Session) -> _Known:
        return cls(
            set(store.queue_names(session)),
            set(store.reviewers(session)),
            {c.code: c.validity_days for c in store.courses(session)},
        )


def _record(
    row: dict[str, Any], known: _Known, tz: tzinfo, now: datetime, source: str
) -> RecordInput:
    who, code = _cell(row, "reviewer"), _cell(row, "course")
    if who not in known.reviewers:
        raise RowError(f"unknown reviewer {who!r}" if who else "no reviewer")
    if code not in known.validity:
        raise RowError(f"unknown course {code!r}" if code else "no course")
    completed = parse_when(_cell(row, "completed"), tz, "completion")
    if completed > now:
        raise RowError("the completion is in the future")
    if _cell(row, "expires"):
        expires = parse_when(_cell(row, "expires"), tz, "expiry")
    else:  # wall-clock days in the organisation's zone: midnight stays midnight across DST
        expires = utc(completed.astimezone(tz) + timedelta(days=known.validity[code]))
    if expires <= completed:
        raise RowError("the expiry is not after the completion")
    return RecordInput(who, code, completed, expires, _cell(row, "evidence"), source)


def import_file(
    workspace: Workspace, actor: Actor, path: Path, tz: tzinfo | None = None
) -> ImportResult:
    """Import one CSV file of courses or records; see the module notes."""
    return import_data(workspace, actor, path.name, path.read_bytes(), tz)


def import_data(
    workspace: Workspace, actor: Actor, name: str, data: bytes, tz: tzinfo | None = None
) -> ImportResult:
    """Import the bytes of a CSV file called `name` (sent to a team server, say)."""
    tz = tz or local_zone()
    kind, reader, _header = _rows(name, data)
    result = ImportResult(name, kind, str(getattr(tz, "key", None) or tz))
    now = workspace.now()
    seen: dict[Any, int] = {}
    with workspace.transaction() as session:
        require_role(session, actor.username, "import training data")
        known = _Known.read(session)
        start = 2
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(_cell(row, k) for k in row if k):
                continue  # a blank line
            try:
                if kind == COURSES:
                    course = _course(row, known.queues)
                    key: Any = course.code
                else:
                    rec = _record(row, known, tz, now, f"csv:{name}")
                    key = (rec.reviewer, rec.course_code, rec.completed_at)
                if key in seen:
                    raise RowError(f"duplicate of line {seen[key]}")
                seen[key] = line
                with session.begin_nested():
                    if kind == COURSES:
                        outcome = store.save_course(session, actor, now, course)
                    else:
                        outcome = store.put_record(session, actor, now, rec)
            except (RowError, InvalidTraining) as exc:
                result.problems.append(RowProblem(line, str(exc)))
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
    return result
