"""What a server process holds: settings, the engine, the database clock and the signing key.

Nothing here is state the service depends on between requests: every fact lives in the
database, so any number of processes (on any number of hosts) serve one PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from moderator.domain.reports import Role
from moderator.domain.rows import ReviewerRef
from moderator.services import signing
from moderator.services.config import Profile
from moderator.services.enrollment import SERVER_ACTOR
from moderator.services.pending import DEFAULT_GRACE
from moderator.services.workspace import Workspace
from moderator.store import queue
from moderator.store.db import session_factory
from moderator.store.dbclock import DatabaseClock
from moderator.store.team import Registration

_CURRENT: ContextVar[Session | None] = ContextVar("moderator_server_unit", default=None)
_MAIN_CHAIN_NAMESPACE = uuid.UUID("0f5f2a3c-7b1e-4f0e-8d7c-2c4b9e6a1d35")


@dataclass(frozen=True)
class ServerSettings:
    database: str
    media_dir: Path
    lease: timedelta = queue.DEFAULT_LEASE
    grace: timedelta = DEFAULT_GRACE
    token_lifetime: timedelta = timedelta(days=7)
    checkpoint_seconds: float = 60.0
    finalize_seconds: float = 2.0
    max_leases: int = 10  # live leases one person may hold (current, claimed ahead, pending)
    background: bool = True  # run checkpoints, the pending sweeper and key purges
    pool_size: int = 10
    webhook_retry_seconds: float = 2.0  # the first retry's delay; doubled on each failure
    webhook_timeout_seconds: float = 5.0


@dataclass
class ServerWorkspace(Workspace):
    """A Workspace whose transactions join the request's unit of work when one is open.

    The shared services each open `workspace.transaction()`; inside `Server.unit()` they all
    run in the request's one transaction, with the idempotency record and the audit events.
    """

    shared: sessionmaker[Session] | None = None

    def __post_init__(self) -> None:
        self.sessions = self.shared or session_factory(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        current = _CURRENT.get()
        if current is not None:
            yield current
            return
        with super().transaction() as session:
            yield session


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: a person, one of their workstations, their role."""

    registration: Registration
    token: str = field(repr=False)

    @property
    def reviewer(self) -> ReviewerRef:
        r = self.registration
        return ReviewerRef(r.reviewer_id, r.username, r.role)

    @property
    def workstation(self) -> str:
        return self.registration.workstation

    @property
    def chain(self) -> str:
        """The server's own chain for this workstation's requests."""
        return self.registration.server_chain

    @property
    def role(self) -> Role:
        return self.registration.role


class Server:
    """One process's handle on the team database."""

    def __init__(self, settings: ServerSettings, engine: Engine, key: Ed25519PrivateKey) -> None:
        self.settings = settings
        self.engine = engine
        self.key = key
        self.public_key = signing.public_hex(key)
        self.main_chain = str(uuid.uuid5(_MAIN_CHAIN_NAMESPACE, self.public_key))
        self.clock = DatabaseClock(engine)
        self.sessions = session_factory(engine)
        profile = Profile("team-server", str(engine.url), str(settings.media_dir), SERVER_ACTOR)
        self._profile = profile
        self.last_sweep: datetime | None = None
        # One-statement reads (the token check of every request) need no transaction of their
        # own: on PostgreSQL they run in autocommit, which spares a BEGIN and a COMMIT round
        # trip each; they see every commit made before them, as a transaction would.
        pg = engine.dialect.name == "postgresql"
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT") if pg else None

    def now(self) -> datetime:
        return self.clock.now()

    def workspace(self, chain: str | None = None) -> ServerWorkspace:
        return ServerWorkspace(
            self._profile, self.engine, chain or self.main_chain, self.clock, shared=self.sessions
        )

    def for_principal(self, who: Principal) -> ServerWorkspace:
        return self.workspace(who.chain)

    @contextmanager
    def read(self) -> Iterator[Session | Connection]:
        """A connection for one read statement (autocommit on PostgreSQL), or a transaction."""
        if self._autocommit is None:
            with self.workspace().transaction() as session:
                yield session
            return
        with self._autocommit.connect() as conn:
            yield conn

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One request's transaction: every service call inside joins it; commit at the end."""
        with self.workspace().transaction() as session:
            token = _CURRENT.set(session)
            try:
                yield session
            finally:
                _CURRENT.reset(token)

    def close(self) -> None:
        self.engine.dispose()
