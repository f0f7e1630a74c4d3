"""The supervisor console's service: every read, verification and export of the central audit
log, behind one interface the window calls (and that a team server's client can implement).

Each call is its own short transaction on the central store (`open_central`: for a single-seat
SQLite workspace, the workspace itself) and runs on the caller's worker thread. An export is
recorded in the local journal as who exported which filter, in the same call.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.services import console
from moderator.services.central import open_central
from moderator.services.console import Column, EventDetails, EventFilter, EventRow
from moderator.services.console_export import ExportResult, Format, export
from moderator.services.console_names import ConsoleNames
from moderator.services.outcomes import outcome_choices
from moderator.services.workspace import Workspace
from moderator.store import journal
from moderator.store.db import session_factory
from moderator.store.queue import ReviewerRef
from moderator.store.verification import WorkstationStatus, verify_central

__all__ = ["AuditConsole", "CentralReader", "WorkstationStatus", "export_payload"]


class CentralReader:
    """The console's reads over a central store's sessions, each its own short transaction.

    Rows come back with the names a person reads (report references, workstation names), and
    a typed report reference filters by the reports it names (`ConsoleNames`): looked up in
    `queue`'s database, the reports' own, which may be other than the central store.
    """

    def __init__(
        self, sessions: Callable[[], Session] | None, queue: Callable[[], Session] | None = None
    ) -> None:
        self._sessions = sessions
        self._queue = queue
        self._names: ConsoleNames | None = None

    @property
    def names(self) -> ConsoleNames:
        if self._names is None:
            self._names = ConsoleNames(self._session, self._queue)
        return self._names

    @property
    def is_open(self) -> bool:
        return self._sessions is not None

    def _session(self) -> Session:
        if self._sessions is None:
            raise RuntimeError("AuditConsole.open() was not called")
        return self._sessions()

    def resolve(self, f: EventFilter) -> EventFilter:
        """`f` with a typed report reference turned into the report uids it names."""
        return self.names.resolve(f)

    def first(self, f: EventFilter, limit: int) -> tuple[int, list[EventRow]]:
        self.names.forget_references()  # a new filter: references are looked up afresh
        f = self.resolve(f)
        with self._session() as s, s.begin():
            total, rows = console.count(s, f), console.page(s, f, 0, limit)
        return total, self.names.name_rows(rows)

    def page(
        self,
        f: EventFilter,
        offset: int,
        limit: int,
        after: tuple[datetime, int] | None,
        before: tuple[datetime, int] | None,
    ) -> list[EventRow]:
        f = self.resolve(f)
        with self._session() as s, s.begin():
            rows = console.page(s, f, offset, limit, after=after, before=before)
        return self.names.name_rows(rows)

    def details(self, uid: str) -> EventDetails | None:
        with self._session() as s, s.begin():
            found = console.details(s, uid)
        if found is None:
            return None
        event, *others = self.names.name_rows([found.event, *found.report_events])
        return dataclasses.replace(found, event=event, report_events=others)

    def choices(self) -> dict[Column, list[str]]:
        with self._session() as s, s.begin():
            return {column: console.distinct_values(s, column) for column in Column}

    def outcome_labels(self, codes: list[str]) -> list[tuple[str, str]]:
        """(code, label) for the outcome filter's dropdown."""
        with self._session() as s, s.begin():
            return outcome_choices(s, codes)

    def verify(self) -> list[WorkstationStatus]:
        """Every workstation's chain in the central store, checked end to end."""
        with self._session() as s, s.begin():
            return verify_central(s)

    def workstation_names(self, uids: Iterable[str]) -> dict[str, str]:
        """{workstation uid: a name a person reads}."""
        return self.names.workstations(uids)


class AuditConsole(CentralReader):
    """The central audit log as a supervisor reads it. `open()` first (it connects)."""

    def __init__(self, workspace: Workspace, supervisor: ReviewerRef) -> None:
        super().__init__(None)
        self.workspace, self.supervisor = workspace, supervisor
        self._engine: Engine | None = None

    def open(self) -> None:
        """Connect to the central store; raises the store's errors when it cannot be reached."""
        self._engine = open_central(self.workspace.profile)
        self._sessions = session_factory(self._engine)
        self._queue = self.workspace.sessions  # the reports' references live with the queue
        self._names = None

    def export(
        self,
        f: EventFilter,
        path: Path,
        fmt: Format,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> ExportResult:
        """Write the filtered events to `path`, then record who exported what."""
        if self._sessions is None:
            raise RuntimeError("AuditConsole.open() was not called")
        result = export(
            self._sessions, self.resolve(f), path, fmt, progress=progress, cancel=cancel
        )
        if not result.cancelled:
            with self.workspace.transaction() as session:
                journal.append(
                    session,
                    self.workspace.actor(self.supervisor.username),
                    EventKind.EXPORT,
                    self.workspace.now(),
                    payload=export_payload(f, fmt, path.name, result.rows),
                )
        return result

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        self._engine = self._sessions = None


def export_payload(f: EventFilter, fmt: Format, file: str, rows: int) -> dict[str, Any]:
    """What an export event records: the format, the rows, the file's name, the filter."""
    applied = {
        "actor": f.actor, "report": f.report_ref or f.report_uid, "kinds": list(f.kinds),
        "outcome": f.outcome,
        "policy": f.policy_id, "since": f.since.isoformat() if f.since else None,
        "until": f.until.isoformat() if f.until else None, "workstation": f.workstation,
    }  # fmt: skip
    filters = {k: v for k, v in applied.items() if v}
    return {"format": fmt.value, "rows": rows, "file": file, "filter": filters}
