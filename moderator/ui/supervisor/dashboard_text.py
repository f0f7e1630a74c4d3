"""The QA dashboard's figures in words, in the window's language: a proportion or a kappa
with its interval, a reviewer's training states, the exposure no one had to take."""

from __future__ import annotations

from moderator.domain.metrics import Kappa, Proportion
from moderator.services import metrics
from moderator.services.compliance.format import pct
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate


def proportion(p: Proportion) -> str:
    """ "75.0% (95% CI 46.8–91.1%, n=12)"; "no data (n=0)" for n = 0."""
    if p.value is None or p.ci is None:
        return translate("supervisor", "no data (n=0)")
    return translate("supervisor", "{value} (95% CI {low}–{high}, n={n})").format(
        value=pct(p.value), low=pct(p.ci.low), high=pct(p.ci.high), n=p.n
    )


def training(summary: str) -> str:
    """ "2 valid, 1 expiring" (metrics.training_summary) in the window's language."""
    parts = []
    for part in summary.split(", ") if summary else []:
        count, _, state = part.partition(" ")
        if not count.isdigit() or state not in TRAINING_STATES:
            return summary  # a state this window has no words for: as the service wrote it
        parts.append(translate("supervisor", TRAINING_STATES[state]).format(count=count))
    return ", ".join(parts)


# metrics.STATE_ORDER: how many of a reviewer's required courses are in each state.
TRAINING_STATES = {
    "valid": QT_TRANSLATE_NOOP("supervisor", "{count} valid"),
    "expiring": QT_TRANSLATE_NOOP("supervisor", "{count} expiring"),
    "expired": QT_TRANSLATE_NOOP("supervisor", "{count} expired"),
    "missing": QT_TRANSLATE_NOOP("supervisor", "{count} missing"),
}


def kappa(k: Kappa) -> str:
    if k.kappa is None or k.ci is None:
        reason = translate("supervisor", k.reason) if k.reason else translate("common", "undefined")
        return f"{reason} (n={k.n})"  # the same in every language
    return translate("supervisor", "κ {kappa} (95% CI {low} to {high}, n={n})").format(
        kappa=f"{k.kappa:.2f}", low=f"{k.ci.low:.2f}", high=f"{k.ci.high:.2f}", n=k.n
    )


# Why kappa cannot be computed (domain.metrics.cohen_kappa), for the catalog.
KAPPA_REASONS = (
    QT_TRANSLATE_NOOP("supervisor", "no items rated by both"),
    QT_TRANSLATE_NOOP("supervisor", "undefined: both raters used a single, identical category"),
)


def saved(s: metrics.ExposureSaved) -> str:
    """The exposure no one had to take (issue 18), in the window's language."""
    text = translate(
        "supervisor",
        "Exposure saved: {known} reports decided as known content from a hash bank "
        "(no one viewed them), {grouped} decided with their group.",
    ).format(known=s.known, grouped=s.grouped)
    minutes = s.minutes_estimate
    if minutes is not None and s.reports:
        text = translate(
            "supervisor",
            "Exposure saved: {known} reports decided as known content from a hash bank "
            "(no one viewed them), {grouped} decided with their group; about {minutes} min "
            "of viewing at the median time on an item.",
        ).format(known=s.known, grouped=s.grouped, minutes=f"{minutes:.0f}")
    return text


# action_times.DIMENSIONS, for the catalog.
DIMENSIONS = {
    "queue": QT_TRANSLATE_NOOP("supervisor", "queue"),
    "category": QT_TRANSLATE_NOOP("supervisor", "category"),
    "host": QT_TRANSLATE_NOOP("supervisor", "host"),
}


def dimension(name: str) -> str:
    return translate("supervisor", DIMENSIONS[name]) if name in DIMENSIONS else name


def hours(value: float | None) -> str:
    """action_times.show_hours in the window's language: "3.5 h", "2.1 d"."""
    if value is None:
        return "–"
    if value < 48:
        return translate("supervisor", "{hours} h").format(hours=f"{value:.1f}")
    return translate("supervisor", "{days} d").format(days=f"{value / 24:.1f}")
