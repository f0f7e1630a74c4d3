"""A reviewer's loop for concurrency tests: claim and decide until nothing is left for them."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from moderator.domain.clock import SystemClock
from moderator.store import queue
from moderator.store.db import make_engine, session_factory
from moderator.store.journal import Actor
from moderator.store.models import Report
from moderator.store.queue import DecisionInput, Lease, ReviewerRef


def work_until_drained(
    url: str,
    who: ReviewerRef,
    errors: list[BaseException],
    decision: Callable[[], DecisionInput],
    *,
    claim_args: dict[str, Any] | None = None,
    on_decided: Callable[[Lease], None] = lambda _lease: None,
    patience: float = 30.0,
    pause: float = 0.05,
) -> None:
    """Claim and decide until every report is decided; while reports are left that this
    reviewer cannot take (a dead worker's lease, a round they may not review), wait up to
    `patience` seconds for them. Any exception is appended to `errors` for the test thread."""
    engine = make_engine(url, pool_size=1)
    sessions = session_factory(engine)
    actor, clock = Actor(who.username, f"ws-{who.username}"), SystemClock()
    try:
        idle_since = None
        while True:
            with sessions() as s, s.begin():
                lease = queue.claim(s, who, actor, clock.now(), **(claim_args or {}))
            if lease is None:
                with sessions() as s:
                    left = s.scalar(
                        select(func.count()).select_from(Report).where(Report.state != "decided")
                    )
                if not left:
                    return
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since > patience:
                    raise TimeoutError(f"{left} report(s) left that {who.username} cannot take")
                time.sleep(pause)
                continue
            idle_since = None
            with sessions() as s, s.begin():
                queue.decide(s, lease, who, actor, clock.now(), decision())
            on_decided(lease)
    except BaseException as exc:  # noqa: BLE001 - reported to the test thread
        errors.append(exc)
    finally:
        engine.dispose()
