"""Enrollment and tokens on the server: the shared enrollment service in one transaction."""

from __future__ import annotations

from datetime import datetime

from moderator.server.context import Principal, Server
from moderator.services import enrollment, training
from moderator.services.enrollment import Issued
from moderator.services.training import Gating


def enroll(server: Server, code: str, public_key: str, label: str) -> Issued:
    with server.workspace().transaction() as session:
        return enrollment.enroll(
            session,
            code,
            public_key,
            label,
            server.now(),
            server.public_key,
            token_lifetime=server.settings.token_lifetime,
        )


def refresh(server: Server, who: Principal) -> tuple[str, datetime]:
    with server.unit() as session:
        return enrollment.refresh(
            session, who.token, who.registration, server.now(), server.settings.token_lifetime
        )


def revoke(server: Server, who: Principal) -> None:
    with server.unit() as session:
        enrollment.revoke(session, who.token, who.registration, server.now())


def gating(server: Server, who: Principal) -> Gating:
    with server.workspace().transaction() as session:
        return training.gating(session, who.registration.username, server.now())


def healthy(server: Server) -> datetime:
    """The server time; DatabaseUnavailable unless the database answers."""
    with server.workspace().transaction() as session:
        session.connection()
    return server.now()
