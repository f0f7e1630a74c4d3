"""Quality-assurance arithmetic: agreement (Cohen's kappa), proportions, rates, quantiles.

Pure functions over plain values. Every result says when it cannot be computed (no data, or a
kappa that is undefined because both raters used one and the same category) instead of dividing
by zero or inventing a number.

Kappa's standard error is the large-sample one of Fleiss, Cohen & Everitt (1969), as printed in
Fleiss, Levin & Paik, *Statistical Methods for Rates and Proportions* (3rd ed., 2003, eq. 18.13)
and used by SAS PROC FREQ (the "ASE"); the interval is kappa +/- z * SE, clipped to [-1, 1].
Proportions get the Wilson score interval (Wilson 1927; Newcombe 1998, method 3).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Proportion:
    """`successes` out of `n`; `value` and `ci` are None when n is 0."""

    successes: int
    n: int
    value: float | None
    ci: Interval | None


@dataclass(frozen=True, slots=True)
class Kappa:
    """Cohen's kappa for two raters over `n` items.

    `kappa`, `se` and `ci` are None when kappa is undefined; `reason` then says why.
    `observed` is the share of items both raters put in the same category (None when n is 0).
    """

    n: int
    observed: float | None
    expected: float | None
    kappa: float | None
    se: float | None
    ci: Interval | None
    reason: str | None = None

    @property
    def defined(self) -> bool:
        return self.kappa is not None


def wilson(successes: int, n: int, z: float = Z95) -> Interval:
    """The Wilson score interval for a binomial proportion (no continuity correction)."""
    if n <= 0:
        raise ValueError("a proportion needs at least one trial")
    if not 0 <= successes <= n:
        raise ValueError(f"{successes} successes out of {n} trials")
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = (z / (1 + z2 / n)) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # The bounds are exactly 0 and 1 at the extremes; rounding must not push them past.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Interval(low, high)


def proportion(successes: int, n: int, z: float = Z95) -> Proportion:
    if n == 0:
        return Proportion(successes, 0, None, None)
    return Proportion(successes, n, successes / n, wilson(successes, n, z))


def kappa_from_table(table: Sequence[Sequence[int]], z: float = Z95) -> Kappa:
    """Cohen's kappa of a square table of counts (rows: rater 1, columns: rater 2)."""
    k = len(table)
    if any(len(row) != k for row in table):
        raise ValueError("the agreement table must be square")
    if any(cell < 0 for row in table for cell in row):
        raise ValueError("counts cannot be negative")
    n = sum(sum(row) for row in table)
    if n == 0:
        return Kappa(0, None, None, None, None, None, "no items rated by both")
    p = [[cell / n for cell in row] for row in table]
    rows = [sum(p[i]) for i in range(k)]
    cols = [sum(p[i][j] for i in range(k)) for j in range(k)]
    observed = sum(p[i][i] for i in range(k))
    expected = sum(rows[i] * cols[i] for i in range(k))
    if math.isclose(expected, 1.0):
        # Both raters put every item in one and the same category: chance agreement is
        # total, so kappa is 0/0.
        return Kappa(
            n,
            observed,
            expected,
            None,
            None,
            None,
            "undefined: both raters used a single, identical category",
        )
    kappa = (observed - expected) / (1 - expected)
    diagonal = sum(p[i][i] * (1 - (rows[i] + cols[i]) * (1 - kappa)) ** 2 for i in range(k))
    off = (1 - kappa) ** 2 * sum(
        p[i][j] * (cols[i] + rows[j]) ** 2 for i in range(k) for j in range(k) if i != j
    )
    correction = (kappa - expected * (1 - kappa)) ** 2
    variance = max(0.0, diagonal + off - correction)  # rounding can leave -1e-17
    se = math.sqrt(variance) / ((1 - expected) * math.sqrt(n))
    ci = Interval(max(-1.0, kappa - z * se), min(1.0, kappa + z * se))
    return Kappa(n, observed, expected, kappa, se, ci)


def cohen_kappa(pairs: Iterable[tuple[str, str]], z: float = Z95) -> Kappa:
    """Cohen's kappa of (rater 1, rater 2) category pairs, categories taken from the data."""
    pairs = list(pairs)
    categories = sorted({c for pair in pairs for c in pair})
    index = {c: i for i, c in enumerate(categories)}
    table = [[0] * len(categories) for _ in categories]
    for first, second in pairs:
        table[index[first]][index[second]] += 1
    return kappa_from_table(table, z)


def per_hour(count: int, seconds: float) -> float | None:
    """`count` per hour of `seconds`; None when no time was spent."""
    if seconds <= 0:
        return None
    return count / (seconds / 3600.0)


def ratio(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else numerator / denominator


def quantile(values: Iterable[float], q: float) -> float | None:
    """The q-quantile by linear interpolation between order statistics (Hyndman & Fan type 7,
    the default of R and NumPy); None for no values."""
    if not 0.0 <= q <= 1.0:
        raise ValueError("q must lie in [0, 1]")
    ordered = sorted(values)
    if not ordered:
        return None
    position = q * (len(ordered) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)
