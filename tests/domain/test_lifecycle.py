"""After-the-decision rules: the policy file's `actions` and `[lifecycle]`, action states,
notice deadlines in the organisation's zone, and retention floors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from moderator.domain.errors import ModeratorError
from moderator.domain.lifecycle import (
    ActionError,
    ActionKind,
    ActionSpec,
    ActionState,
    check_evidence,
    check_retention,
    check_transition,
    is_overdue,
    notice_deadline,
    purge_due,
    retention_floor,
)
from moderator.domain.policy_file import PolicyError, load_builtin, parse_policy

SEOUL = ZoneInfo("Asia/Seoul")
BASE = """\
schema = 1
id = "t"
version = "1"
title = "Test"
{top}
[[questions]]
id = "q"
text = "Q?"
type = "yes_no"

[[outcomes]]
id = "remove"
label = "Remove"
{actions}

[[outcomes]]
id = "unreviewable"
label = "Media unreviewable"
unreviewable = true
"""


def parse(top: str = "", actions: str = ""):  # type: ignore[no-untyped-def]
    return parse_policy(BASE.format(top=top, actions=actions).encode(), "t.toml")


def problems(top: str = "", actions: str = "") -> list[str]:
    with pytest.raises(PolicyError) as info:
        parse(top, actions)
    return [p.describe() for p in info.value.problems]


def test_a_policy_without_the_new_keys_calls_for_nothing() -> None:
    policy = parse()
    assert all(o.actions == () for o in policy.outcomes)
    assert policy.lifecycle.notice_days is None
    assert policy.lifecycle.retention_days is None


def test_actions_as_names_or_tables_with_their_hours() -> None:
    policy = parse(actions='actions = ["remove", { kind = "notify_host", due_hours = 2, '
                   "follow_up_hours = 12 }]")  # fmt: skip
    assert policy.outcomes[0].actions == (
        ActionSpec(ActionKind.REMOVE, 24, 48),
        ActionSpec(ActionKind.NOTIFY_HOST, 2, 12),
    )


def test_bad_actions_are_reported_by_line_and_field() -> None:
    found = problems(actions='actions = ["delete", "remove", "remove", { kind = "block", '
                     "due_hours = 0, colour = 1 }]")  # fmt: skip
    assert any("t.toml:14: outcomes[0].actions[0]: 'delete' is not an action" in p for p in found)
    assert any("actions[2]: 'remove' is listed twice" in p for p in found)
    assert any("actions[3].due_hours: hours, within 1..8760" in p for p in found)
    assert any("actions[3].colour: unknown key" in p for p in found)


def test_lifecycle_table_is_checked() -> None:
    policy = parse(top="[lifecycle]\nnotice_days = 7\nretention_days = 1095\n")
    assert (policy.lifecycle.notice_days, policy.lifecycle.retention_days) == (7, 1095)
    found = problems(top="[lifecycle]\nnotice_days = 0\nretention_days = 30\n"
                     "min_retention_days = 365\nkeep = true\n")  # fmt: skip
    assert any("lifecycle.notice_days: days, within 1..36500" in p for p in found)
    assert any("lifecycle.retention_days: shorter than min_retention_days" in p for p in found)
    assert any("lifecycle.keep: unknown key" in p for p in found)


def test_the_korean_policy_defaults_notices_and_three_years() -> None:
    kr = load_builtin("kr-illegal-filming")
    assert (kr.lifecycle.notice_days, kr.lifecycle.retention_days) == (7, 1095)
    filming = next(o for o in kr.outcomes if o.id == "illegal_filming")
    assert [a.kind for a in filming.actions] == ["remove", "block", "report_hotline"]


@pytest.mark.parametrize(
    ("current", "wanted", "ok"),
    [
        ("due", "sent", True), ("due", "confirmed", True), ("due", "failed", True),
        ("sent", "confirmed", True), ("sent", "failed", True), ("failed", "sent", True),
        ("sent", "due", False), ("sent", "sent", False), ("failed", "confirmed", False),
        ("confirmed", "sent", False), ("confirmed", "failed", False), ("due", "due", False),
    ],
)  # fmt: skip
def test_action_transitions(current: str, wanted: str, ok: bool) -> None:
    if ok:
        assert check_transition(current, wanted) is ActionState(wanted)
    else:
        with pytest.raises(ActionError, match=f"cannot become {wanted}"):
            check_transition(current, wanted)


def test_evidence_is_a_short_reference() -> None:
    assert check_evidence("  ticket\n 12 ", ActionState.SENT) == "ticket 12"
    with pytest.raises(ActionError, match="at most 2000"):
        check_evidence("x" * 2001, ActionState.CONFIRMED)


def test_overdue_at_the_instant_due_or_at_follow_up() -> None:
    due = datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert not is_overdue("due", due, None, due - timedelta(microseconds=1))
    assert is_overdue("due", due, None, due)
    assert not is_overdue("sent", due, due + timedelta(hours=48), due + timedelta(hours=47))
    assert is_overdue("failed", due, due + timedelta(hours=48), due + timedelta(hours=48))
    assert not is_overdue("confirmed", due, None, due + timedelta(days=99))


@pytest.mark.parametrize(
    ("received", "days", "deadline"),
    [
        # Seoul is UTC+9 with no daylight saving: its midnight is 15:00 UTC the day before.
        (datetime(2026, 3, 1, 14, 59, 59, tzinfo=UTC), 7, datetime(2026, 3, 8, 15, tzinfo=UTC)),
        (datetime(2026, 3, 1, 15, 0, 0, tzinfo=UTC), 7, datetime(2026, 3, 9, 15, tzinfo=UTC)),
        (datetime(2026, 2, 27, 15, 0, tzinfo=UTC), 1, datetime(2026, 3, 1, 15, tzinfo=UTC)),
        (datetime(2026, 12, 31, 14, 59, tzinfo=UTC), 1, datetime(2027, 1, 1, 15, tzinfo=UTC)),
    ],
)
def test_notice_deadline_counts_calendar_days_in_seoul(
    received: datetime, days: int, deadline: datetime
) -> None:
    assert notice_deadline(received, days, SEOUL) == deadline
    assert deadline.astimezone(SEOUL).time().isoformat() == "00:00:00"


def test_retention_floor_for_us_reports_and_purge_due() -> None:
    assert retention_floor("US", 0) == 365
    assert retention_floor("KR", 30) == 30
    with pytest.raises(ModeratorError, match="at least 365 days"):
        check_retention(364, retention_floor("us", 0))
    assert check_retention(365, 365) == 365
    decided = datetime(2026, 1, 1, tzinfo=UTC)
    assert not purge_due(decided, 365, decided + timedelta(days=365, microseconds=-1))
    assert purge_due(decided, 365, decided + timedelta(days=365))
