"""Test-wide setup: headless Qt, an in-memory keyring, a private home, real databases."""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import keyring
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from moderator.services.paths import HOME_ENV
from moderator.store import migrate
from moderator.store.base import Base
from moderator.store.db import make_engine
from tests.helpers.keyring_memory import MemoryKeyring

PG_URL = os.environ.get("MODERATOR_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("MODERATOR_REQUIRE_POSTGRES") == "1"
_pg_passed = 0
_pg_collected = 0


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own MODERATOR_HOME; nothing touches the real user folders."""
    path = tmp_path / "home"
    monkeypatch.setenv(HOME_ENV, str(path))
    return path


@pytest.fixture(autouse=True)
def cli_logging_ends_with_its_test() -> Iterator[None]:
    """`moderator.cli.main` puts a console handler on the root logger, bound to the stderr of the
    moment: under capture that stream is closed when the test ends, and a later test's late log
    line (a window's background sync finishing) would print a "Logging error" traceback."""
    yield
    from moderator import cli

    root = logging.getLogger()
    for handler in cli._installed_handlers:
        root.removeHandler(handler)
        handler.close()
    cli._installed_handlers.clear()


@pytest.fixture(autouse=True)
def collect_on_main_thread() -> Iterator[None]:
    """As in the app (moderator/ui/collector.py): cyclic garbage, Qt objects included, is
    collected on the main thread, never by chance on a worker thread, where freeing a Qt object
    can deadlock against the GUI thread."""
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


@pytest.fixture(autouse=True)
def no_thread_leaks() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2.0
    while True:
        extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not extra or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert not extra, f"test left threads running: {[t.name for t in extra]}"


# --- PostgreSQL ------------------------------------------------------------------------------


def _admin_url() -> str:
    return PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A fresh database on the real server for this test session; dropped at the end."""
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "no server"
        admin.dispose()
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL required but unreachable at {PG_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL}")
    name = f"moderator_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_migrated(pg_server: str) -> str:
    engine = make_engine(pg_server)
    migrate.upgrade(engine)
    engine.dispose()
    return pg_server


def truncate_all(url: str) -> None:
    engine = make_engine(url)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database URL: an SQLite workspace file, or the real PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'workspace.sqlite'}"
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        return url
    url = str(request.getfixturevalue("pg_migrated"))
    truncate_all(url)
    return url


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    global _pg_passed
    if report.when == "call" and report.passed and "postgres" in report.keywords:
        _pg_passed += 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    global _pg_collected
    _pg_collected = sum(1 for item in items if item.get_closest_marker("postgres"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With MODERATOR_REQUIRE_POSTGRES=1 (CI), collected PostgreSQL tests must really run."""
    if REQUIRE_PG and _pg_collected and _pg_passed == 0 and exitstatus == 0:
        print("\nMODERATOR_REQUIRE_POSTGRES=1 but no PostgreSQL test passed")
        session.exitstatus = 1


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """The common default umask (022): what the program writes must be private regardless."""
    old = os.umask(0o022)
    yield
    os.umask(old)
