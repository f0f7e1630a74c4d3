from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from moderator.store.db import make_engine, session_factory
from moderator.store.journal import Actor
from tests.helpers.clock import FakeClock


@dataclass
class Db:
    engine: Engine
    sessions: sessionmaker[Session]
    clock: FakeClock

    def tx(self):  # type: ignore[no-untyped-def]
        """A transaction as a context manager yielding the session."""
        return _Tx(self.sessions)

    def actor(self, who: str = "alice", ws: str = "ws-alice") -> Actor:
        return Actor(who, ws)


class _Tx:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.session = sessions()

    def __enter__(self) -> Session:
        self.session.begin()
        return self.session

    def __exit__(self, exc_type, *_rest) -> None:  # type: ignore[no-untyped-def]
        if exc_type is None:
            self.session.commit()
        else:
            self.session.rollback()
        self.session.close()


@pytest.fixture
def db(db_url: str) -> Iterator[Db]:
    engine = make_engine(db_url)
    yield Db(engine, session_factory(engine), FakeClock())
    engine.dispose()
