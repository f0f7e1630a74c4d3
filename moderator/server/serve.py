"""Starting the server: connect with the runtime login, check the schema, run uvicorn."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError

from moderator.domain.errors import ConfigError
from moderator.server.app import create_app
from moderator.server.context import Server, ServerSettings
from moderator.server.platform.ops import log_config
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


SETTINGS_ENV = "MODERATOR_SERVER_SETTINGS"  # how `--workers` hands the settings to each


def _encode(settings: ServerSettings, key_file: Path | None) -> str:
    data = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)}
    for name, value in data.items():
        if isinstance(value, timedelta):
            data[name] = {"seconds": value.total_seconds()}
        elif isinstance(value, Path):
            data[name] = {"path": str(value)}
    return json.dumps({"settings": data, "key_file": str(key_file) if key_file else None})


def _decode(text: str) -> tuple[ServerSettings, Path | None]:
    raw = json.loads(text)
    values: dict[str, Any] = {}
    for name, value in raw["settings"].items():
        if isinstance(value, dict) and "seconds" in value:
            value = timedelta(seconds=value["seconds"])
        elif isinstance(value, dict) and "path" in value:
            value = Path(value["path"])
        values[name] = value
    key_file = raw["key_file"]
    return ServerSettings(**values), Path(key_file) if key_file else None


def app_factory() -> FastAPI:
    """The application of one worker process (uvicorn `--workers`), from SETTINGS_ENV."""
    from moderator.server import keys

    settings, key_file = _decode(os.environ[SETTINGS_ENV])
    return build(settings, keys.load(key_file))


def run(
    settings: ServerSettings,
    key_file: Path | None,
    *,
    host: str,
    port: int,
    certfile: Path | None,
    keyfile: Path | None,
    forwarded_allow_ips: str | None = None,
    workers: int = 1,
) -> None:
    """Serve until stopped; with `workers` > 1, that many processes share the socket."""
    import uvicorn

    from moderator.server import keys

    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "ssl_certfile": str(certfile) if certfile else None,
        "ssl_keyfile": str(keyfile) if keyfile else None,
        "proxy_headers": forwarded_allow_ips is not None,
        "forwarded_allow_ips": forwarded_allow_ips,
        "server_header": False,
        "log_level": "info",
        "timeout_graceful_shutdown": 10,
    }
    key = keys.load(key_file)  # made (or checked) once, before any worker starts
    options["log_config"] = log_config()
    options["access_log"] = False  # one JSON line per request comes from the app itself
    if workers <= 1:
        uvicorn.run(build(settings, key), **options)
        return
    build(settings, key).state.server.close()  # the schema check, once, before the workers
    os.environ[SETTINGS_ENV] = _encode(settings, key_file)
    uvicorn.run("moderator.server.serve:app_factory", factory=True, workers=workers, **options)
