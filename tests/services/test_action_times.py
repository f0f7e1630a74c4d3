"""Time to action and to removal: medians per queue, category and host, from hand-built facts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from moderator.services.action_times import ActionFact, show_hours, summarise

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def fact(queue: str, host: str, kind: str, state: str, sent: float | None,
         confirmed: float | None, decided: float = 0.0) -> ActionFact:  # fmt: skip
    at = T0 + timedelta(hours=decided)
    return ActionFact(
        f"d{decided}", queue, "illegal_filming", host, kind, state, at, at + timedelta(hours=24),
        at + timedelta(hours=72) if sent is not None and confirmed is None else None,
        at + timedelta(hours=sent) if sent is not None else None,
        at + timedelta(hours=confirmed) if confirmed is not None else None,
    )  # fmt: skip


def test_medians_per_queue_and_host() -> None:
    facts = [
        # Decision 1 (kr, a.example): notified after 2 h, removed after 10 h.
        fact("kr", "a.example", "notify_host", "confirmed", 2, 5),
        fact("kr", "a.example", "remove", "confirmed", 3, 10),
        # Decision 2 (kr, b.example): sent after 6 h, not removed yet.
        fact("kr", "b.example", "remove", "sent", 6, None, decided=1),
        # Decision 3 (general): nothing done, past due at `now`.
        fact("general", "b.example", "block", "due", None, None, decided=2),
    ]
    rows = {(r.dimension, r.key): r for r in summarise(facts, T0 + timedelta(hours=30))}
    kr = rows[("queue", "kr")]
    assert (kr.actions, kr.acted, kr.removals) == (3, 3, 1)
    assert kr.hours_to_action == 4.0  # the first sending of each decision: 2 h and 6 h
    assert kr.hours_to_removal == 10.0  # only confirmed removals count
    general = rows[("queue", "general")]
    assert (general.hours_to_action, general.hours_to_removal, general.overdue) == (None, None, 1)
    assert rows[("host", "b.example")].actions == 2
    assert rows[("category", "illegal_filming")].actions == 4
    assert show_hours(None) == "–"
    assert show_hours(4.0) == "4.0 h"
    assert show_hours(72.0) == "3.0 d"
