"""QA metrics per reviewer and per policy over a period [start, end).

Definitions (shown to supervisors and auditors as written here):
- decisions: final decisions stored in the period (gold copies included: they are real work
  done blind; second-review decisions included).
- decisions per hour: decisions / hours on items, where hours on items is the sum of each
  decision's `seconds_on_item` (time the report was open in front of the reviewer), not the
  length of the shift.
- gold accuracy: correct / gold items decided, with a Wilson 95% interval.
- agreement: Cohen's kappa of first vs second reviewer outcomes on second-reviewed reports,
  with the Fleiss-Cohen-Everitt 95% interval; for a reviewer, the pairs they took part in
  (their outcome against the other reviewer's).
- exposure: hours of unblurred (revealed) and blurred viewing, as measured by the window.
- break compliance: breaks taken / breaks due (taken beyond what was due counts as due).
- training: the state of each required course at the end of the period.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from moderator.domain.banks import AUTOMATED_REVIEWER
from moderator.domain.metrics import Kappa, Proportion, cohen_kappa, per_hour, proportion
from moderator.services import action_times
from moderator.services.action_times import ActionTimes
from moderator.services.training import TrainingStatusRow, training_status
from moderator.store.models import Decision, Reviewer
from moderator.store.quality import gold_results, review_pairs
from moderator.store.wellbeing import BreakRow, ExposureRow, break_rows, exposure_rows

# --- QA rows as far as metrics need them (tests hand-build lighter ones); exposure, breaks and
# training come as the store's own row types --------------------------------------------------


class GoldLike(Protocol):
    @property
    def reviewer(self) -> str: ...
    @property
    def policy_id(self) -> str: ...
    @property
    def correct(self) -> bool: ...


class PairLike(Protocol):
    @property
    def policy_id(self) -> str: ...
    @property
    def first_reviewer(self) -> str: ...
    @property
    def first_outcome(self) -> str: ...
    @property
    def second_reviewer(self) -> str: ...
    @property
    def second_outcome(self) -> str: ...


@dataclass(frozen=True, slots=True)
class DecisionFact:
    """One stored decision, as metrics see it."""

    reviewer: str
    policy_id: str
    outcome: str
    decided_at: datetime
    seconds_on_item: float
    seconds_exposed: float


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewerMetrics:
    reviewer: str
    decisions: int
    seconds_on_items: float
    decisions_per_hour: float | None
    gold: Proportion
    agreement: Kappa
    seconds_revealed: float
    seconds_blurred: float
    breaks_due: int
    breaks_taken: int
    breaks_skipped: int
    stops: int
    break_compliance: Proportion
    training: str  # e.g. "2 valid, 1 expiring"


@dataclass(frozen=True, slots=True)
class PolicyMetrics:
    policy_id: str
    decisions: int
    gold: Proportion
    agreement: Kappa


@dataclass(frozen=True, slots=True)
class ExposureSaved:
    """Reports no person had to look at (issue 18): decided from a hash bank as known content,
    or decided with their group of equal and near copies (one item looked at for all)."""

    known: int = 0
    grouped: int = 0
    median_seconds_on_item: float | None = None  # of the people's decisions, for an estimate

    @property
    def reports(self) -> int:
        return self.known + self.grouped

    @property
    def minutes_estimate(self) -> float | None:
        """The viewing time saved, at the period's median time on an item."""
        if self.median_seconds_on_item is None:
            return None
        return self.reports * self.median_seconds_on_item / 60

    def describe(self) -> str:
        text = (
            f"Exposure saved: {self.known} reports decided as known content from a hash bank "
            f"(no one viewed them), {self.grouped} decided with their group"
        )
        minutes = self.minutes_estimate
        if minutes is not None and self.reports:
            text += f"; about {minutes:.0f} min of viewing at the median time on an item"
        return text + "."


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the dashboard and the compliance report show about quality and exposure."""

    start: datetime
    end: datetime
    tz: str
    reviewers: list[ReviewerMetrics]
    policies: list[PolicyMetrics]
    team_gold: Proportion
    team_agreement: Kappa
    decisions_per_day: list[tuple[date, int]]
    exposure: list[ExposureRow] = field(default_factory=list)
    training: list[TrainingStatusRow] = field(default_factory=list)
    actions: list[ActionTimes] = field(default_factory=list)  # time to action / removal
    saved: ExposureSaved = field(default_factory=ExposureSaved)


# --- the period --------------------------------------------------------------------------------


def period(first: date, end: date, tz: str) -> tuple[datetime, datetime]:
    """[first 00:00, end 00:00) in the zone `tz`, as aware UTC datetimes."""
    if first >= end:
        raise ValueError(f"the period must start before it ends ({first} .. {end})")
    zone = ZoneInfo(tz)
    start = datetime.combine(first, time(0), zone).astimezone(UTC)
    stop = datetime.combine(end, time(0), zone).astimezone(UTC)
    return start, stop


def last_days(now: datetime, days: int, tz: str) -> tuple[datetime, datetime]:
    """The `days` whole local days up to and including today: [today - days + 1, tomorrow)."""
    today = now.astimezone(ZoneInfo(tz)).date()
    return period(today - timedelta(days=days - 1), today + timedelta(days=1), tz)


# --- gathering ---------------------------------------------------------------------------------


def decision_facts(session: Session, start: datetime, end: datetime) -> list[DecisionFact]:
    rows = session.execute(
        select(
            Reviewer.username,
            Decision.policy_id,
            Decision.outcome,
            Decision.decided_at,
            Decision.seconds_on_item,
            Decision.seconds_exposed,
        )
        .join(Reviewer, Reviewer.id == Decision.reviewer_id)
        .where(
            Decision.decided_at >= start,
            Decision.decided_at < end,
            Reviewer.username != AUTOMATED_REVIEWER,  # no person: counted as exposure saved
        )
        .order_by(Decision.decided_at)
    )
    return [DecisionFact(*row) for row in rows]


def exposure_saved(
    session: Session, start: datetime, end: datetime, people: Sequence[DecisionFact]
) -> ExposureSaved:
    known = session.scalar(
        select(func.count())
        .select_from(Decision)
        .join(Reviewer, Reviewer.id == Decision.reviewer_id)
        .where(
            Decision.decided_at >= start,
            Decision.decided_at < end,
            Reviewer.username == AUTOMATED_REVIEWER,
        )
    )
    grouped = session.scalar(
        select(func.count())
        .select_from(Decision)
        .where(
            Decision.decided_at >= start,
            Decision.decided_at < end,
            Decision.seconds_on_item == 0,
            Decision.notes.like("Decided with its group:%"),  # services.grouping.GROUP_NOTE
        )
    )
    seconds = sorted(d.seconds_on_item for d in people if d.seconds_on_item > 0)
    median = statistics.median(seconds) if seconds else None
    return ExposureSaved(
        known=int(known or 0), grouped=int(grouped or 0), median_seconds_on_item=median
    )


def gather(
    session: Session, start: datetime, end: datetime, tz: str = "UTC", at: datetime | None = None
) -> Snapshot:
    """Read every source for [start, end) and compute the metrics (one read transaction).

    Training states are taken `at` (default: the end of the period).
    """
    decisions = decision_facts(session, start, end)
    snapshot = compute(
        start,
        end,
        tz,
        decisions=decisions,
        gold=gold_results(session, start, end),
        pairs=review_pairs(session, start, end),
        exposure=exposure_rows(session, start, end),
        breaks=break_rows(session, start, end),
        training=training_status(session, at or end),
    )
    return replace(
        snapshot,
        actions=action_times.gather(session, start, end, at or end),
        saved=exposure_saved(session, start, end, decisions),
    )


# --- computing ---------------------------------------------------------------------------------


def compute(
    start: datetime,
    end: datetime,
    tz: str,
    *,
    decisions: Sequence[DecisionFact],
    gold: Sequence[GoldLike],
    pairs: Sequence[PairLike],
    exposure: Sequence[ExposureRow],
    breaks: Sequence[BreakRow],
    training: Sequence[TrainingStatusRow],
) -> Snapshot:
    """The metrics of already-gathered rows; pure, so tests can hand-build every input."""
    names = sorted(
        {d.reviewer for d in decisions}
        | {g.reviewer for g in gold}
        | {p.first_reviewer for p in pairs}
        | {p.second_reviewer for p in pairs}
        | {e.reviewer for e in exposure}
        | {b.reviewer for b in breaks}
        | {t.reviewer for t in training}
    )
    reviewers = [
        _reviewer(name, decisions, gold, pairs, exposure, breaks, training) for name in names
    ]
    policy_ids = sorted(
        {d.policy_id for d in decisions}
        | {g.policy_id for g in gold}
        | {p.policy_id for p in pairs}
    )
    policies = [
        PolicyMetrics(
            policy_id,
            sum(1 for d in decisions if d.policy_id == policy_id),
            _gold([g for g in gold if g.policy_id == policy_id]),
            cohen_kappa(
                (p.first_outcome, p.second_outcome) for p in pairs if p.policy_id == policy_id
            ),
        )
        for policy_id in policy_ids
    ]
    return Snapshot(
        start=start,
        end=end,
        tz=tz,
        reviewers=reviewers,
        policies=policies,
        team_gold=_gold(gold),
        team_agreement=cohen_kappa((p.first_outcome, p.second_outcome) for p in pairs),
        decisions_per_day=per_day(decisions, start, end, tz),
        exposure=list(exposure),
        training=list(training),
    )


def _gold(rows: Iterable[GoldLike]) -> Proportion:
    rows = list(rows)
    return proportion(sum(1 for g in rows if g.correct), len(rows))


def _reviewer(
    name: str,
    decisions: Sequence[DecisionFact],
    gold: Sequence[GoldLike],
    pairs: Sequence[PairLike],
    exposure: Sequence[ExposureRow],
    breaks: Sequence[BreakRow],
    training: Sequence[TrainingStatusRow],
) -> ReviewerMetrics:
    mine = [d for d in decisions if d.reviewer == name]
    seconds = sum(d.seconds_on_item for d in mine)
    own_pairs: list[tuple[str, str]] = []
    for p in pairs:
        if p.first_reviewer == name:
            own_pairs.append((p.first_outcome, p.second_outcome))
        elif p.second_reviewer == name:
            own_pairs.append((p.second_outcome, p.first_outcome))
    seen = [e for e in exposure if e.reviewer == name]
    rests = [b for b in breaks if b.reviewer == name]
    due = sum(b.due for b in rests)
    taken = sum(b.taken for b in rests)
    return ReviewerMetrics(
        reviewer=name,
        decisions=len(mine),
        seconds_on_items=seconds,
        decisions_per_hour=per_hour(len(mine), seconds),
        gold=_gold(g for g in gold if g.reviewer == name),
        agreement=cohen_kappa(own_pairs),
        seconds_revealed=sum(e.seconds_revealed for e in seen),
        seconds_blurred=sum(e.seconds_blurred for e in seen),
        breaks_due=due,
        breaks_taken=taken,
        breaks_skipped=sum(b.skipped for b in rests),
        stops=sum(b.stopped for b in rests),
        break_compliance=proportion(min(taken, due), due),
        training=training_summary([t for t in training if t.reviewer == name]),
    )


STATE_ORDER = ("valid", "expiring", "expired", "missing")


def training_summary(rows: Sequence[TrainingStatusRow]) -> str:
    """ "2 valid, 1 expiring" — the states of a reviewer's required courses; "" for none."""
    counts = Counter(t.state for t in rows)
    known = [f"{counts[s]} {s}" for s in STATE_ORDER if counts[s]]
    other = [f"{n} {s}" for s, n in sorted(counts.items()) if s not in STATE_ORDER]
    return ", ".join(known + other)


def per_day(
    decisions: Iterable[DecisionFact], start: datetime, end: datetime, tz: str
) -> list[tuple[date, int]]:
    """Decisions per local day of `tz`, every day of the period listed (zeros included)."""
    zone = ZoneInfo(tz)
    counts: defaultdict[date, int] = defaultdict(int)
    for d in decisions:
        counts[d.decided_at.astimezone(zone).date()] += 1
    first = start.astimezone(zone).date()
    last = (end - timedelta(microseconds=1)).astimezone(zone).date()
    days = (last - first).days + 1
    return [(first + timedelta(days=i), counts[first + timedelta(days=i)]) for i in range(days)]
