"""Opening a profile's database: the one object the services and the UI share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from moderator.domain.audit import EventKind
from moderator.domain.clock import Clock, SystemClock
from moderator.domain.errors import ConfigError, NotEligible, NotFound
from moderator.domain.reports import Role
from moderator.services import secrets
from moderator.services.config import Config, Profile
from moderator.store import journal, migrate
from moderator.store.db import is_sqlite, make_engine, normalise_url, session_factory, sqlite_file
from moderator.store.errors import environment_problem
from moderator.store.journal import Actor
from moderator.store.models import Reviewer
from moderator.store.queue import ReviewerRef


@dataclass
class Workspace:
    """A profile's database, the clock, and who is working at which workstation."""

    profile: Profile
    engine: Engine
    workstation: str
    clock: Clock = field(default_factory=SystemClock)
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = session_factory(self.engine)

    @property
    def media_root(self) -> Path:
        return Path(self.profile.media_root)

    def now(self) -> datetime:
        return self.clock.now()

    def actor(self, username: str) -> Actor:
        return Actor(username, self.workstation)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work; environment failures become DatabaseUnavailable."""
        try:
            with self.sessions() as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            problem = environment_problem(exc)
            if problem is not None:
                raise problem from exc
            raise

    def close(self) -> None:
        self.engine.dispose()


def open_workspace(
    profile: Profile,
    config: Config,
    *,
    clock: Clock | None = None,
    upgrade: bool | None = None,
    create: bool | None = None,
) -> Workspace:
    """Connect to the profile's database and make sure its schema is current.

    A SQLite workspace file is made only when `create` says so; by default that is the
    program's own workspaces (the embedded `local` one, the demo), made and migrated on first
    use. A file named in a profile must exist (`moderator db upgrade` makes it). A shared
    PostgreSQL queue is never migrated implicitly: an administrator runs `moderator db upgrade`.
    Another program's database, or a newer moderator's, is refused untouched.
    """
    refuse_team(profile)
    password = secrets.get_password(profile.name) if profile.is_remote else None
    try:
        engine = make_engine(
            profile.database,
            password=password,
            create=profile.managed if create is None else create,
        )
    except NotFound as exc:
        raise NotFound(
            f"profile {profile.name!r}: {exc}; create the workspace with "
            f"`moderator --profile {profile.name} db upgrade`"
        ) from None
    what = f"the database of profile {profile.name!r} ({_where(profile)})"
    try:
        auto = is_sqlite(engine) if upgrade is None else upgrade
        migrate.ensure(engine, upgrade_it=auto, what=what, how="run `moderator db upgrade`")
    except SQLAlchemyError as exc:
        engine.dispose()
        problem = environment_problem(exc)
        if problem is None:
            raise
        raise secrets.login_problem(problem, profile.name, password) from exc
    except BaseException:
        engine.dispose()
        raise
    return Workspace(profile, engine, config.workstation_id, clock or SystemClock())


def refuse_team(profile: Profile) -> None:
    """A team profile has no database to open: its desk talks to the server only."""
    if profile.is_team:
        raise ConfigError(
            f"profile {profile.name!r} is a team profile: this desk talks to {profile.server} "
            "only and holds no database. Open the review window with `moderator gui`; the "
            "team's administrators run this command against the team database"
        )


class NotSetUp(NotFound):
    """The workspace has no people yet: `moderator setup` (or the window's first run) makes
    its first supervisor."""


def _where(profile: Profile) -> str:
    file = sqlite_file(profile.database)
    if file is not None:
        return str(file)
    return normalise_url(profile.database).render_as_string(hide_password=True)


def sign_in(workspace: Workspace, username: str | None = None) -> ReviewerRef:
    """Look the person up (by default the profile's, else the login name) and record the login.

    Nobody is registered here: people are added by a supervisor (`moderator people add`),
    and an empty workspace is first set up (`moderator setup`).
    """
    name = username or workspace.profile.reviewer_name()
    with workspace.transaction() as session:
        row = session.execute(
            select(Reviewer).where(Reviewer.username == name)
        ).scalar_one_or_none()
        if row is None:
            if session.scalar(select(Reviewer.id).limit(1)) is None:
                raise NotSetUp(
                    "this workspace has no people yet: set it up with `moderator setup` "
                    "(or open the window, which asks)"
                )
            raise NotFound(
                f"{name!r} is not a person in this workspace: ask a supervisor to add you "
                f"(`moderator people add {name}`), or name yourself with --as / the "
                "profile's reviewer"
            )
        if not row.active:
            raise NotEligible(f"reviewer {name!r} is deactivated")
        journal.append(
            session,
            workspace.actor(name),
            EventKind.LOGIN,
            workspace.now(),
            payload={"profile": workspace.profile.name},
        )
        return ReviewerRef(row.id, row.username, Role(row.role))
