"""Kappa, Wilson intervals, rates and quantiles against published and hand-computed values."""

from __future__ import annotations

import pytest

from moderator.domain.metrics import (
    cohen_kappa,
    kappa_from_table,
    per_hour,
    proportion,
    quantile,
    ratio,
    wilson,
)


def test_kappa_and_ci_match_fleiss_and_paik_worked_example() -> None:
    """statpsych's `ci.kappa` reference (Bonett; cites Fleiss & Paik 2003, Statistical Methods
    for Rates and Proportions, 3rd ed.), https://dgbonett.github.io/statpsych/reference/ci.kappa.html:
    `ci.kappa(.05, 31, 12, 4, 58)` "should return" Cohen kappa 0.6756757, SE 0.07344761,
    95% CI 0.5317210 .. 0.8196303. f00=31, f01=12, f10=4, f11=58 (y rows, x columns)."""
    result = kappa_from_table([[31, 12], [4, 58]])
    assert result.n == 105
    assert result.kappa == pytest.approx(0.6756757, abs=5e-8)
    assert result.se == pytest.approx(0.07344761, abs=5e-9)
    assert result.ci is not None
    assert result.ci.low == pytest.approx(0.5317210, abs=5e-8)
    assert result.ci.high == pytest.approx(0.8196303, abs=5e-8)


def test_kappa_matches_sas_proc_freq_agreement_study() -> None:
    """SAS/STAT User's Guide, PROC FREQ "Getting Started: Agreement Study" (skin condition,
    two dermatologists, 4 categories, n=88). Kappa by hand: p_o = 45/88 = 0.51136, row totals
    15/29/23/21, column totals 17/20/31/20, p_e = 1968/7744 = 0.25413, kappa = 0.3449. The ASE
    0.0724 and limits 0.2030 .. 0.4868 are SAS's printed output as recalled, not re-read from the
    page; the SE formula itself is pinned by the statpsych test above (7 digits) and by the SAS
    printout statsmodels quotes (below, 4 digits)."""
    table = [[10, 4, 1, 0], [5, 10, 12, 2], [2, 4, 12, 5], [0, 2, 6, 13]]
    result = kappa_from_table(table)
    assert result.n == 88
    assert round(result.kappa or 0, 4) == 0.3449
    assert round(result.se or 0, 4) == 0.0724
    assert result.ci is not None
    assert (round(result.ci.low, 4), round(result.ci.high, 4)) == (0.2030, 0.4868)


def test_kappa_matches_sas_output_with_an_empty_category() -> None:
    """A SAS PROC FREQ printout quoted in statsmodels' tests (test_inter_rater.py, table10:
    [[0,4,1],[0,8,0],[0,1,5]]): Kappa 0.4842, ASE 0.1380, 95% limits 0.2137 .. 0.7547. The first
    category is used by one rater only, which the table form must handle."""
    result = kappa_from_table([[0, 4, 1], [0, 8, 0], [0, 1, 5]])
    assert round(result.kappa or 0, 4) == 0.4842
    assert round(result.se or 0, 4) == 0.1380
    assert result.ci is not None
    assert (round(result.ci.low, 4), round(result.ci.high, 4)) == (0.2137, 0.7547)


def test_kappa_from_labelled_pairs_hand_computed() -> None:
    """10 pairs: (remove, remove) x4, (keep, keep) x3, (remove, keep) x2, (keep, remove) x1.
    p_o = 7/10 = 0.7. Rater 1: remove 6/10, keep 4/10; rater 2: remove 5/10, keep 5/10.
    p_e = 0.6*0.5 + 0.4*0.5 = 0.5. kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4."""
    pairs = (
        [("remove", "remove")] * 4
        + [("keep", "keep")] * 3
        + [("remove", "keep")] * 2
        + [("keep", "remove")]
    )
    result = cohen_kappa(pairs)
    assert result.n == 10
    assert result.observed == pytest.approx(0.7)
    assert result.expected == pytest.approx(0.5)
    assert result.kappa == pytest.approx(0.4)
    assert result.ci is not None
    assert result.ci.low < 0.4 < result.ci.high


def test_kappa_with_no_pairs_says_so() -> None:
    result = cohen_kappa([])
    assert (result.n, result.kappa, result.observed, result.ci) == (0, None, None, None)
    assert not result.defined
    assert result.reason == "no items rated by both"


def test_kappa_undefined_when_both_raters_use_one_category() -> None:
    """All 5 pairs (remove, remove): p_o = 1 and p_e = 1*1 = 1, so kappa = 0/0."""
    result = cohen_kappa([("remove", "remove")] * 5)
    assert result.n == 5
    assert result.observed == 1.0
    assert result.kappa is None
    assert result.se is None
    assert result.ci is None
    assert result.reason is not None
    assert "undefined" in result.reason


def test_kappa_perfect_agreement_over_two_categories() -> None:
    """(a, a) x3 and (b, b) x2: p_o = 1, p_e = 0.6^2 + 0.4^2 = 0.52, kappa = 0.48 / 0.48 = 1."""
    result = cohen_kappa([("a", "a")] * 3 + [("b", "b")] * 2)
    assert result.kappa == pytest.approx(1.0)
    assert result.ci is not None
    assert result.ci.high == 1.0


def test_kappa_ci_is_clipped_to_the_kappa_range() -> None:
    """[[5, 1], [0, 1]], n=7: p_o = 6/7, p_e = (6/7)(5/7) + (1/7)(2/7) = 32/49,
    kappa = (42/49 - 32/49) / (17/49) = 10/17 = 0.588; its SE (0.347) puts kappa + 1.96 SE
    at 1.27, past the largest possible kappa: the interval ends at 1."""
    result = kappa_from_table([[5, 1], [0, 1]])
    assert result.kappa == pytest.approx(10 / 17)
    assert result.ci is not None
    assert result.ci.high == 1.0
    assert result.ci.low == pytest.approx(10 / 17 - 1.959964 * (result.se or 0), abs=1e-6)


def test_kappa_table_must_be_square() -> None:
    with pytest.raises(ValueError, match="square"):
        kappa_from_table([[1, 2], [3]])


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe_1998(successes: int, n: int, low: float, high: float) -> None:
    """Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
    methods", Stat. Med. 17 (1998) 857-872, Table I, method 3 (Wilson score, no correction)."""
    interval = wilson(successes, n)
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high)


def test_proportion_hand_computed_and_empty() -> None:
    """9 correct of 10 gold items: 0.9; Wilson 95%: centre (0.9 + 1.92/10)/(1 + 3.84/10) and so on,
    low ~0.596, high ~0.982, both strictly inside (0, 1)."""
    gold = proportion(9, 10)
    assert gold.value == pytest.approx(0.9)
    assert gold.ci is not None
    assert gold.ci.low == pytest.approx(0.5958, abs=1e-4)
    assert gold.ci.high == pytest.approx(0.9821, abs=1e-4)
    empty = proportion(0, 0)
    assert (empty.value, empty.ci, empty.n) == (None, None, 0)


def test_wilson_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError, match="trial"):
        wilson(0, 0)
    with pytest.raises(ValueError, match="successes"):
        wilson(3, 2)


def test_rates_hand_computed() -> None:
    """12 decisions in 5400 s on items = 1.5 h: 12 / 1.5 = 8 per hour. No time: no rate."""
    assert per_hour(12, 5400) == pytest.approx(8.0)
    assert per_hour(3, 0) is None
    assert ratio(3, 4) == 0.75
    assert ratio(1, 0) is None


def test_quantile_type_7() -> None:
    """[10, 20, 30, 40]: median position 1.5 -> 25; p90 position 2.7 -> 30 + 0.7*10 = 37."""
    values = [40, 10, 30, 20]
    assert quantile(values, 0.5) == pytest.approx(25.0)
    assert quantile(values, 0.9) == pytest.approx(37.0)
    assert quantile([7.0], 0.9) == 7.0
    assert quantile([], 0.5) is None
