"""The compliance report's figures and states in words of one language (a `Speech`): the
proportions and kappas with their intervals, hours, training states, severities and the
exposure saved. In English they read exactly as `format` writes them for the dashboard."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from moderator.domain.metrics import Kappa, Proportion
from moderator.services.i18n import N_, Speech
from moderator.services.metrics import STATE_ORDER, ExposureSaved
from moderator.services.training import TrainingStatusRow

# Codes of the record a person reads in the report, with their words (the CSV keeps the codes).
TRAINING_STATES = {"valid": N_("valid"), "expiring": N_("expiring"), "expired": N_("expired"),
                   "missing": N_("missing")}  # fmt: skip
STATE_COUNTS = {"valid": N_("{count} valid"), "expiring": N_("{count} expiring"),
                "expired": N_("{count} expired"), "missing": N_("{count} missing")}  # fmt: skip
SEVERITIES = {"minimal": N_("minimal"), "low": N_("low"), "moderate": N_("moderate"),
              "high": N_("high"), "severe": N_("severe")}  # fmt: skip
DIMENSIONS = {"queue": N_("queue"), "category": N_("category"), "host": N_("host")}
# The reported categories and intake channels of the shipped policies, the demo and common
# platform manifests; any other value is the platform's own word and is shown as it came.
CATEGORIES = {
    "illegal_filming": N_("illegally filmed material"),
    "synthetic_sexual": N_("synthetic sexual media (deepfake)"),
    "non_consensual": N_("non-consensual sharing"),
    "csam": N_("child sexual abuse material"),
    "harassment": N_("harassment"),
    "violence": N_("violence"),
    "spam": N_("spam"),
    "other": N_("other"),
}
CHANNELS = {
    "in-app": N_("in-app report"),
    "web-form": N_("web form"),
    "hotline-partner": N_("partner hotline"),
    "classifier": N_("automated detection"),
    "email": N_("email"),
    "api": N_("API"),
}
KAPPA_REASONS = {
    "no items rated by both": N_("no items rated by both"),
    "undefined: both raters used a single, identical category": N_(
        "undefined: both raters used a single, identical category"
    ),
}


def by_severity(item: tuple[tuple[str, str], object]) -> tuple[str, int, str]:
    """Sort key of ((reviewer, severity), value) rows: by reviewer, then mildest first."""
    (who, code), _value = item
    rank = list(SEVERITIES).index(code) if code in SEVERITIES else len(SEVERITIES)
    return who, rank, code


def _word(s: Speech, table: dict[str, str], code: str) -> str:
    return s._(table[code]) if code in table else code


def pct(s: Speech, value: float | None) -> str:
    return "–" if value is None else s.number(100 * value, 1) + "%"


def proportion(s: Speech, p: Proportion) -> str:
    """ "75.0% (95% CI 46.8–91.1%, n=12)"; "no data (n=0)" for n = 0."""
    if p.value is None or p.ci is None:
        return s._("no data (n=0)")
    return s._("{value} (95% CI {low}–{high}, n={n})", value=pct(s, p.value),
               low=pct(s, p.ci.low), high=pct(s, p.ci.high), n=s.number(p.n))  # fmt: skip


def kappa(s: Speech, k: Kappa) -> str:
    if k.kappa is None or k.ci is None:
        reason = _word(s, KAPPA_REASONS, k.reason) if k.reason else s._("undefined")
        return s._("{reason} (n={n})", reason=reason, n=s.number(k.n))
    return s._("κ {kappa} (95% CI {low} to {high}, n={n})", kappa=s.number(k.kappa, 2),
               low=s.number(k.ci.low, 2), high=s.number(k.ci.high, 2), n=s.number(k.n))  # fmt: skip


def hours(s: Speech, value: float | None) -> str:
    """Hours up to two days, days beyond: "5.0 h", "3.2 d" (as `action_times.show_hours`)."""
    if value is None:
        return "–"
    if value < 48:
        return s._("{hours} h", hours=s.number(value, 1))
    return s._("{days} d", days=s.number(value / 24, 1))


def training_state(s: Speech, state: str) -> str:
    return _word(s, TRAINING_STATES, state)


def severity(s: Speech, code: str) -> str:
    return _word(s, SEVERITIES, code)


def category(s: Speech, code: str) -> str:
    return _word(s, CATEGORIES, code)


def channel(s: Speech, code: str) -> str:
    return _word(s, CHANNELS, code)


def dimension(s: Speech, code: str) -> str:
    return _word(s, DIMENSIONS, code)


def training_summary(s: Speech, reviewer: str, rows: Sequence[TrainingStatusRow]) -> str:
    """ "2 valid, 1 expiring": the states of `reviewer`'s required courses; "" for none."""
    counts = Counter(t.state for t in rows if t.reviewer == reviewer)
    known = [s._(STATE_COUNTS[k], count=s.number(counts[k])) for k in STATE_ORDER if counts[k]]
    other = [f"{s.number(n)} {k}" for k, n in sorted(counts.items()) if k not in STATE_ORDER]
    return ", ".join(known + other)


def saved(s: Speech, e: ExposureSaved) -> str:
    """What no one had to look at in the period (as `ExposureSaved.describe`)."""
    minutes = e.minutes_estimate
    fields = {"known": s.number(e.known), "grouped": s.number(e.grouped)}
    if minutes is not None and e.reports:
        return s._(
            "Exposure saved: {known} reports decided as known content from a hash bank (no one "
            "viewed them), {grouped} decided with their group; about {minutes} min of viewing "
            "at the median time on an item.",
            minutes=s.number(minutes), **fields,
        )  # fmt: skip
    return s._(
        "Exposure saved: {known} reports decided as known content from a hash bank (no one "
        "viewed them), {grouped} decided with their group.",
        **fields,
    )
