"""The supervisor routes' services: the shared console reader and figures over the team
database, with the server's clock; an export is recorded in the caller's server chain."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from moderator.domain.audit import EventKind
from moderator.server.context import Principal, Server
from moderator.services import console
from moderator.services.audit_console import CentralReader, export_payload
from moderator.services.compliance import report
from moderator.services.compliance.model import ComplianceReport
from moderator.services.console import EventFilter
from moderator.services.console_export import Format, lines
from moderator.services.supervision import LocalFigures
from moderator.store import journal
from moderator.store.journal import Actor


def reader(server: Server) -> CentralReader:
    """The console's reads; the team database is its own central store and holds the
    reports, so references and workstation names are looked up there too."""
    return CentralReader(server.sessions, server.sessions)


def count(server: Server, found: CentralReader, f: EventFilter) -> int:
    with server.sessions() as session, session.begin():
        return console.count(session, found.resolve(f))


def export(
    server: Server, who: Principal, f: EventFilter, fmt: Format
) -> tuple[int, Iterator[str]]:
    """(events matching now, the export's text in chunks); the export is recorded first."""
    resolved = reader(server).resolve(f)
    with server.for_principal(who).transaction() as session:
        total = console.count(session, resolved)
        journal.append(
            session,
            Actor(who.registration.username, who.chain),
            EventKind.EXPORT,
            server.now(),
            payload={
                **export_payload(f, fmt, "", total),
                "workstation": who.workstation,
            },
        )
    return total, lines(server.sessions, resolved, fmt)


def figures(server: Server) -> LocalFigures:
    return LocalFigures(server.workspace())


def compliance(server: Server, first: date, end: date, tz: str) -> ComplianceReport:
    return report.build(server.workspace(), first, end, tz)
