"""The console's details of a known item's decision say that no one viewed it."""

from __future__ import annotations

from datetime import UTC, datetime

from moderator.domain.banks import AUTOMATED_REVIEWER
from moderator.services.console import DecisionInfo, EventDetails, EventRow
from moderator.ui.supervisor.console_text import describe

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def details(reviewer: str) -> EventDetails:
    row = EventRow(
        1, "e1", AT, "sue", "decide", "r1", "remove", "platform-generic", "ws", 1, "remove"
    )
    decision = DecisionInfo(
        "d1", reviewer, "remove", "platform-generic", "1", {}, "", 0.0, 0.0, AT, 1
    )
    return EventDetails(row, "{}", decision, None, 0.0)


def test_a_known_items_decision_says_no_one_viewed_it() -> None:
    text = describe(details(AUTOMATED_REVIEWER))
    assert "viewed    by no one: known content, decided from a hash bank" in text
    assert "by no one" not in describe(details("alice"))
