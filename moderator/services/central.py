"""Where a profile's central store is, and opening it.

The central store is a PostgreSQL database holding every workstation's synced events and
decisions (`central_events`, `central_decisions`) and their public keys. By default it is the
profile's own database: a team's shared PostgreSQL queue is its own central store, and an
embedded SQLite workspace is its own (single-seat mode, so the demo works offline). A profile
may name another with the TOML key `central`.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from moderator.services import secrets
from moderator.services.config import Profile
from moderator.store import migrate
from moderator.store.db import database_url, is_sqlite, make_engine, normalise_url
from moderator.store.errors import NotFound, environment_problem


def central_url_for(profile: Profile) -> str | None:
    """The central store's URL, or None when it is the profile's own database."""
    if not profile.central:
        return None
    if _plain(profile.central) == _plain(profile.database):
        return None
    return profile.central


def target_key(url: str) -> str:
    """The sync cursor's name for a central store: SHA-256 of its URL without a password."""
    return hashlib.sha256(_plain(url).encode()).hexdigest()


def _plain(url: str) -> str:
    return normalise_url(url).set(password=None).render_as_string(hide_password=False)


def central_password(profile: Profile) -> str | None:
    """The keyring password of the profile's separate central store (key `<profile>.central`)."""
    url = central_url_for(profile)
    if url is None or normalise_url(url).get_backend_name() == "sqlite":
        return None
    return secrets.get_password(f"{profile.name}.central")


def open_target(url: str, password: str | None = None, *, profile: str | None = None) -> Engine:
    """An engine on a central store URL, migrated only where a workspace would be (SQLite).

    The store must exist: a SQLite file is never made here (a typo must not become a new,
    empty central store). A PostgreSQL central store is migrated by an administrator
    (`moderator db upgrade`); one at the wrong revision is refused with that advice, and so is
    another program's database or a newer moderator's.
    """
    database_url(url, "the central store")
    try:
        engine = make_engine(url, password=password, create=False)
    except NotFound as exc:
        raise NotFound(f"the central store does not exist: {exc}") from None
    try:
        migrate.ensure(
            engine,
            upgrade_it=is_sqlite(engine),
            what="the central store",
            how="an administrator must run `moderator db upgrade` on it",
        )
    except SQLAlchemyError as exc:
        engine.dispose()
        problem = environment_problem(exc)
        if problem is None:
            raise
        if profile is not None:
            problem = secrets.login_problem(problem, profile, password)
        raise problem from exc
    except BaseException:
        engine.dispose()
        raise
    return engine


def open_central(profile: Profile) -> Engine:
    """An engine on the profile's central store (its own database unless `central` is set)."""
    url = central_url_for(profile)
    if url is None:
        password = secrets.get_password(profile.name) if profile.is_remote else None
        return open_target(profile.database, password, profile=profile.name)
    return open_target(url, central_password(profile), profile=f"{profile.name}.central")
