"""Starting the server: connect with the runtime login, check the schema, run uvicorn."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError

from moderator.domain.errors import ConfigError
from moderator.server.app import create_app
from moderator.server.context import Server, ServerSettings
from moderator.store import migrate
from moderator.store.db import make_engine
from moderator.store.errors import DatabaseUnavailable, environment_problem

PASSWORD_ENV = "MODERATOR_DATABASE_PASSWORD"


def build(
    settings: ServerSettings, key: Ed25519PrivateKey, *, check_schema: bool = True
) -> FastAPI:
    """The application over the team database; the schema must be current (no DDL here)."""
    if not settings.media_dir.is_dir():
        raise ConfigError(f"the media store {settings.media_dir} is not a folder")
    engine = make_engine(
        settings.database, password=os.environ.get(PASSWORD_ENV), pool_size=settings.pool_size
    )
    if check_schema:
        try:
            if not migrate.is_current(engine):
                raise DatabaseUnavailable(
                    f"the database schema is at {migrate.current(engine) or 'nothing'}, the "
                    f"server needs {', '.join(migrate.heads())}: an administrator runs "
                    "`moderator db upgrade` (the server never changes the schema)"
                )
        except SQLAlchemyError as exc:
            engine.dispose()
            problem = environment_problem(exc)
            raise (problem or exc) from exc
    return create_app(Server(settings, engine, key))


def openapi_document() -> dict[str, object]:
    """The OpenAPI document, without a database."""
    settings = ServerSettings(database="sqlite://", media_dir=Path("."), background=False)
    app = build(settings, Ed25519PrivateKey.generate(), check_schema=False)
    document = app.openapi()
    app.state.server.close()
    return document


def run(
    app: FastAPI,
    *,
    host: str,
    port: int,
    certfile: Path | None,
    keyfile: Path | None,
    forwarded_allow_ips: str | None = None,
) -> None:
    import uvicorn

    uvicorn.run(
        app,
        host=host,
        port=port,
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
        server_header=False,
        log_level="info",
        timeout_graceful_shutdown=10,
    )
