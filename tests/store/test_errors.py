"""Database errors in words a person can act on: which database, which host, what happened."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from moderator.store.errors import environment_problem
from tests.conftest import PG_URL


def problem(message: str) -> str:
    found = environment_problem(OperationalError("SELECT 1", {}, Exception(message)))
    assert found is not None
    return str(found)


@pytest.mark.parametrize(
    ("libpq", "said"),
    [
        (
            'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
            'FATAL:  database "moderation" does not exist',
            "database moderation does not exist on 127.0.0.1:5432",
        ),
        (
            'connection failed: connection to server at "10.0.0.7", port 6432 failed: '
            "Connection refused\n\tIs the server running on that host and accepting TCP/IP?",
            "cannot reach 10.0.0.7:6432 (connection refused)",
        ),
        (
            "failed to resolve host 'db.example.invalid': [Errno -2] Name or service not known",
            "cannot resolve host db.example.invalid",
        ),
        (
            'could not translate host name "queue.example" to address: Name or service not known',
            "cannot resolve host queue.example",
        ),
        (
            'connection failed: connection to server at "db.example" (10.1.2.3), port 5432 '
            "failed: timeout expired",
            "cannot reach db.example:5432 (timed out)",
        ),
        (
            'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
            'FATAL:  password authentication failed for user "alice"',
            "the database server at 127.0.0.1:5432 refused the login: password authentication "
            'failed for user "alice"',
        ),
        (
            'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
            'FATAL:  role "alice" does not exist',
            "database login alice does not exist on 127.0.0.1:5432",
        ),
        (  # unchanged: SQLite's own words are already clear
            "database is locked",
            "the database is busy (locked by another program); try again (database is locked)",
        ),
    ],
)
def test_connection_failures_say_what_failed(libpq: str, said: str) -> None:
    assert problem(libpq) == said


@pytest.mark.postgres
def test_a_missing_postgres_database_is_not_called_unreachable() -> None:
    url = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1).rsplit("/", 1)[0]
    engine = create_engine(f"{url}/moderator_no_such_database")
    try:
        with pytest.raises(OperationalError) as caught, engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    finally:
        engine.dispose()
    if "does not exist" not in str(caught.value):
        pytest.skip("PostgreSQL unreachable")
    assert str(environment_problem(caught.value)).startswith(
        "database moderator_no_such_database does not exist on "
    )
