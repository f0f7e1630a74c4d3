"""After the decision: the actions an outcome calls for, notices to reporters, retention.

Pure rules, clock injected: which state an action may move to, when it is overdue, when a
reporter's notice is due (calendar days in the organisation's time zone) and how long a queue
must, and may, keep a report's content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

from moderator.domain.clock import utc
from moderator.domain.errors import ModeratorError


class ActionKind(StrEnum):
    REMOVE = "remove"  # the content is taken down where it is hosted
    BLOCK = "block"  # access to it is blocked (search, a URL list, a network filter)
    NOTIFY_HOST = "notify_host"  # a notice to the host asking for removal
    REPORT_HOTLINE = "report_hotline"  # e.g. the IWF, NCMEC, the KCC's channel
    REPORT_LAW_ENFORCEMENT = "report_law_enforcement"


# Takedowns count towards "time to removal"; the others towards "time to action" only.
REMOVAL_KINDS = frozenset({ActionKind.REMOVE, ActionKind.BLOCK})


class ActionState(StrEnum):
    DUE = "due"
    SENT = "sent"
    CONFIRMED = "confirmed"
    FAILED = "failed"


# A confirmed action is done; a failed one can be sent again (a retry), never confirmed
# without being sent: the confirmation answers a request.
TRANSITIONS: dict[ActionState, frozenset[ActionState]] = {
    ActionState.DUE: frozenset({ActionState.SENT, ActionState.CONFIRMED, ActionState.FAILED}),
    ActionState.SENT: frozenset({ActionState.CONFIRMED, ActionState.FAILED}),
    ActionState.FAILED: frozenset({ActionState.SENT}),
    ActionState.CONFIRMED: frozenset(),
}
MAX_EVIDENCE = 2000
MAX_NOTICE_TEXT = 5000
MAX_DAYS = 36_500  # a hundred years: anything longer is a typo
DEFAULT_DUE_HOURS = 24
DEFAULT_FOLLOW_UP_HOURS = 48
# 18 U.S.C. § 2258A(h), as amended in 2024: a provider preserves what it reported to NCMEC
# for one year. A US queue can keep its reports longer, never shorter.
MIN_RETENTION_DAYS = {"US": 365}


class ActionError(ModeratorError):
    """An action change that is not allowed; the message says why."""


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One action an outcome calls for: due `due_hours` after the decision; once sent (or
    failed) it is followed up `follow_up_hours` later."""

    kind: ActionKind
    due_hours: int = DEFAULT_DUE_HOURS
    follow_up_hours: int = DEFAULT_FOLLOW_UP_HOURS


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """A policy's defaults for the queues on it (`[lifecycle]` in the policy file)."""

    notice_days: int | None = None  # None: reporters get no notice with a deadline
    retention_days: int | None = None  # None: content is kept until someone sets a period
    min_retention_days: int = 0


def check_transition(current: str, wanted: str) -> ActionState:
    """The wanted state if an action in `current` may move to it; ActionError otherwise."""
    try:
        now_state, next_state = ActionState(current), ActionState(wanted)
    except ValueError:
        states = ", ".join(s.value for s in ActionState)
        raise ActionError(f"{wanted!r} is not an action state (states: {states})") from None
    if next_state not in TRANSITIONS[now_state]:
        allowed = ", ".join(sorted(TRANSITIONS[now_state])) or "nothing: it is done"
        raise ActionError(f"an action that is {now_state} cannot become {next_state} "
                          f"(it can become: {allowed})")  # fmt: skip
    return next_state


def check_evidence(text: str, state: ActionState) -> str:
    """A reference (a ticket number, a URL of the host's reply): text only, never media."""
    value = " ".join(text.split())
    if state is not ActionState.DUE and not value:
        raise ActionError(f"--evidence: say what shows the action is {state} (a reference)")
    if len(value) > MAX_EVIDENCE:
        raise ActionError(f"--evidence: at most {MAX_EVIDENCE} characters (a reference)")
    return value


def follow_up(state: ActionState, at: datetime, spec_hours: int) -> datetime | None:
    """When an action in `state` (entered at `at`) is next looked at; None once confirmed."""
    if state is ActionState.CONFIRMED:
        return None
    return at + timedelta(hours=spec_hours)


def is_overdue(state: str, due_at: datetime, follow_up_at: datetime | None, now: datetime) -> bool:
    """Due and past its deadline, or sent/failed and past its follow-up date."""
    if state == ActionState.CONFIRMED:
        return False
    if state == ActionState.DUE:
        return utc(now) >= utc(due_at)
    return follow_up_at is not None and utc(now) >= utc(follow_up_at)


def check_days(value: int | None, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not 1 <= value <= MAX_DAYS:
        raise ModeratorError(f"{what}: a whole number of days, 1 to {MAX_DAYS}")
    return value


def notice_deadline(received_at: datetime, days: int, zone: tzinfo | None) -> datetime:
    """The instant a reporter's notice becomes overdue: the end of the `days`-th calendar day
    after the day of receipt, days counted in the organisation's zone (UTC when none is set).

    Received 2026-03-01 23:59 KST with 7 days: due before 2026-03-09 00:00 KST. One minute
    later (00:00 on the 2nd) it is due before the 10th.
    """
    local = utc(received_at).astimezone(zone or UTC)
    day = local.date() + timedelta(days=days + 1)
    # Midnight of the day after the last one, as a wall-clock time of the zone.
    return datetime(day.year, day.month, day.day, tzinfo=zone or UTC).astimezone(UTC)


def retention_floor(jurisdiction: str, policy_min: int) -> int:
    """The shortest retention a queue on this policy may have, in days (0: no floor)."""
    return max(policy_min, MIN_RETENTION_DAYS.get(jurisdiction.upper(), 0))


def check_retention(days: int | None, floor: int) -> int | None:
    """`days` if it keeps reports at least `floor` days; a clear error otherwise."""
    checked = check_days(days, "--retention-days")
    if checked is not None and checked < floor:
        raise ModeratorError(f"--retention-days: reports of this queue must be kept at least "
                             f"{floor} days (its policy's minimum preservation)")  # fmt: skip
    return checked


def purge_due(decided_at: datetime, retention_days: int, now: datetime) -> bool:
    """A decided report's content is past retention `retention_days` after its decision."""
    return utc(now) >= utc(decided_at) + timedelta(days=retention_days)
