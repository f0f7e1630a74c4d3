"""Per-reviewer and per-policy metrics on hand-built rows; the period in a named time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from moderator.services.metrics import (
    DecisionFact,
    compute,
    last_days,
    per_day,
    period,
    training_summary,
)
from moderator.services.training import TrainingStatusRow
from moderator.store.wellbeing import BreakRow, ExposureRow

T0 = datetime(2026, 11, 10, 1, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Gold:
    reviewer: str
    policy_id: str
    correct: bool


@dataclass(frozen=True)
class Pair:
    policy_id: str
    first_reviewer: str
    first_outcome: str
    second_reviewer: str
    second_outcome: str


def decision(who: str, policy: str, seconds: float, minutes: int = 0) -> DecisionFact:
    return DecisionFact(who, policy, "remove", T0 + timedelta(minutes=minutes), seconds, 0.0)


def fixture_snapshot():  # type: ignore[no-untyped-def]
    decisions = [decision("ana", "kr", 90, i) for i in range(6)] + [
        decision("ana", "iwf", 360, 10),
        decision("bo", "kr", 600, 20),
        decision("bo", "kr", 600, 21),
    ]
    gold = [
        Gold("ana", "kr", True),
        Gold("ana", "kr", True),
        Gold("ana", "kr", True),
        Gold("ana", "iwf", False),
        Gold("bo", "kr", False),
    ]
    pairs = (
        [Pair("kr", "ana", "remove", "bo", "remove")] * 4
        + [Pair("kr", "bo", "keep", "ana", "keep")] * 3
        + [Pair("kr", "ana", "remove", "bo", "keep")] * 2
        + [Pair("kr", "bo", "remove", "ana", "keep")]
        + [Pair("iwf", "ana", "cat_a", "cy", "cat_a")] * 2
    )
    exposure = [
        ExposureRow("ana", date(2026, 11, 10), "high", "csam", 1800.0, 3600.0, 5),
        ExposureRow("ana", date(2026, 11, 11), "low", "spam", 900.0, 1800.0, 3),
        ExposureRow("bo", date(2026, 11, 10), "high", "csam", 360.0, 0.0, 1),
    ]
    breaks = [
        BreakRow("ana", date(2026, 11, 10), 3, 2, 1, 0),
        BreakRow("ana", date(2026, 11, 11), 1, 1, 0, 1),
        BreakRow("bo", date(2026, 11, 10), 0, 0, 0, 0),
    ]
    expires = datetime(2027, 1, 1, tzinfo=UTC)
    training = [
        TrainingStatusRow("ana", "KR-STAT-2H", "Statutory", T0, expires, "valid"),
        TrainingStatusRow("ana", "CSAM-CERT", "Cert", T0, T0 + timedelta(days=10), "expiring"),
        TrainingStatusRow("cy", "KR-STAT-2H", "Statutory", None, None, "missing"),
    ]
    start, end = period(date(2026, 11, 10), date(2026, 11, 12), "UTC")
    return compute(
        start,
        end,
        "UTC",
        decisions=decisions,
        gold=gold,
        pairs=pairs,
        exposure=exposure,
        breaks=breaks,
        training=training,
    )


def test_reviewer_metrics_hand_computed() -> None:
    """ana: 7 decisions, 6*90 + 360 = 900 s on items = 0.25 h -> 28 per hour.
    Gold: 3 correct of 4 = 0.75. Agreement: her side first in each of the 12 pairs she is in:
    (remove, remove) x4, (keep, keep) x3, (remove, keep) x2, (keep, remove) x1 [from the pair
    where bo said remove and she said keep], (cat_a, cat_a) x2. n = 12, p_o = 9/12 = 0.75.
    Her marginals: remove 6, keep 4, cat_a 2; the others': remove 5, keep 5, cat_a 2.
    p_e = (6*5 + 4*5 + 2*2) / 144 = 54/144 = 0.375; kappa = (0.75 - 0.375) / 0.625 = 0.6.
    Exposure: revealed 1800 + 900 = 2700 s, blurred 5400 s. Breaks: due 4, taken 3, skipped 1,
    stops 1; compliance 3/4. Training: "1 valid, 1 expiring".
    bo: 2 decisions in 1200 s -> 6 per hour; gold 0/1; 10 pairs (kr only)."""
    snap = fixture_snapshot()
    by_name = {r.reviewer: r for r in snap.reviewers}
    assert sorted(by_name) == ["ana", "bo", "cy"]
    ana = by_name["ana"]
    assert ana.decisions == 7
    assert ana.seconds_on_items == pytest.approx(900)
    assert ana.decisions_per_hour == pytest.approx(28.0)
    assert (ana.gold.successes, ana.gold.n, ana.gold.value) == (3, 4, 0.75)
    assert ana.agreement.n == 12
    assert ana.agreement.observed == pytest.approx(0.75)
    assert ana.agreement.expected == pytest.approx(0.375)
    assert ana.agreement.kappa == pytest.approx(0.6)
    assert (ana.seconds_revealed, ana.seconds_blurred) == (2700.0, 5400.0)
    assert (ana.breaks_due, ana.breaks_taken, ana.breaks_skipped, ana.stops) == (4, 3, 1, 1)
    assert ana.break_compliance.value == pytest.approx(0.75)
    assert ana.training == "1 valid, 1 expiring"
    bo = by_name["bo"]
    assert bo.decisions_per_hour == pytest.approx(6.0)
    assert (bo.gold.successes, bo.gold.n) == (0, 1)
    assert bo.agreement.n == 10
    assert bo.break_compliance.n == 0
    assert bo.break_compliance.value is None


def test_reviewer_without_work_has_no_rates() -> None:
    """cy only appears in pairs (2, both cat_a: kappa undefined) and training (missing)."""
    cy = {r.reviewer: r for r in fixture_snapshot().reviewers}["cy"]
    assert cy.decisions == 0
    assert cy.decisions_per_hour is None
    assert cy.gold.value is None
    assert cy.agreement.n == 2
    assert cy.agreement.kappa is None
    assert cy.agreement.reason is not None
    assert cy.training == "1 missing"


def test_policy_metrics_hand_computed() -> None:
    """kr: 8 decisions (ana 6, bo 2); gold 3 of 4 (ana 3/3, bo 0/1). Its 10 pairs, first vs
    second: (remove, remove) x4, (keep, keep) x3, (remove, keep) x2, (remove, keep) x1 [bo first
    said remove, ana second said keep]. p_o = 7/10. First: remove 7, keep 3; second: remove 4,
    keep 6. p_e = (7*4 + 3*6)/100 = 0.46; kappa = (0.7 - 0.46)/0.54 = 0.4444.
    iwf: 1 decision, gold 0/1, 2 pairs all cat_a: kappa undefined."""
    snap = fixture_snapshot()
    by_id = {p.policy_id: p for p in snap.policies}
    kr = by_id["kr"]
    assert kr.decisions == 8
    assert (kr.gold.successes, kr.gold.n) == (3, 4)
    assert kr.agreement.observed == pytest.approx(0.7)
    assert kr.agreement.expected == pytest.approx(0.46)
    assert kr.agreement.kappa == pytest.approx(0.24 / 0.54)
    iwf = by_id["iwf"]
    assert iwf.decisions == 1
    assert iwf.gold.value == 0.0
    assert iwf.agreement.kappa is None
    assert (snap.team_gold.successes, snap.team_gold.n) == (3, 5)
    assert snap.team_agreement.n == 12


def test_decisions_per_day_lists_every_day() -> None:
    """All 9 fixture decisions fall on 2026-11-10 (UTC); 2026-11-11 has none but is listed."""
    assert fixture_snapshot().decisions_per_day == [
        (date(2026, 11, 10), 9),
        (date(2026, 11, 11), 0),
    ]


def test_period_is_half_open_in_the_named_zone() -> None:
    """Seoul is UTC+9 with no DST: 2026-11-01 00:00 KST = 2026-10-31 15:00 UTC, and the end
    2026-11-30 00:00 KST = 2026-11-29 15:00 UTC (exclusive)."""
    start, end = period(date(2026, 11, 1), date(2026, 11, 30), "Asia/Seoul")
    assert start == datetime(2026, 10, 31, 15, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 29, 15, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="start before"):
        period(date(2026, 11, 2), date(2026, 11, 2), "Asia/Seoul")


def test_decisions_are_counted_on_their_local_day() -> None:
    """14:59:59 UTC on 10 Nov is 23:59:59 KST on the 10th; 15:00 UTC is 00:00 KST on the 11th."""
    start, end = period(date(2026, 11, 10), date(2026, 11, 12), "Asia/Seoul")
    late = DecisionFact("a", "p", "x", datetime(2026, 11, 10, 14, 59, 59, tzinfo=UTC), 1.0, 0.0)
    next_day = DecisionFact("a", "p", "x", datetime(2026, 11, 10, 15, 0, tzinfo=UTC), 1.0, 0.0)
    assert per_day([late, next_day], start, end, "Asia/Seoul") == [
        (date(2026, 11, 10), 1),
        (date(2026, 11, 11), 1),
    ]


def test_last_days_ends_after_today_in_the_zone() -> None:
    """At 2026-11-21 20:00 UTC it is already the 22nd in Seoul: 7 days = 16th..22nd KST."""
    start, end = last_days(datetime(2026, 11, 21, 20, 0, tzinfo=UTC), 7, "Asia/Seoul")
    assert start == datetime(2026, 11, 15, 15, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


def test_training_summary_orders_states() -> None:
    rows = [
        TrainingStatusRow("a", c, c, None, None, s)
        for c, s in [("X", "missing"), ("Y", "valid"), ("Z", "valid"), ("W", "expired")]
    ]
    assert training_summary(rows) == "2 valid, 1 expired, 1 missing"
    assert training_summary([]) == ""
