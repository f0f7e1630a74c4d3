"""How the compliance report (and the dashboard) show figures: percentages, numbers,
proportions with their interval, kappa, hours and local times."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from moderator.domain.metrics import Kappa, Proportion


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def hours(seconds: float) -> float:
    return round(seconds / 3600, 2)


def show_proportion(p: Proportion) -> str:
    """ "75.0% (95% CI 46.8–91.1%, n=12)"; "no data" for n = 0."""
    if p.value is None or p.ci is None:
        return "no data (n=0)"
    return f"{pct(p.value)} (95% CI {pct(p.ci.low)}–{pct(p.ci.high)}, n={p.n})"


def show_kappa(k: Kappa) -> str:
    if k.kappa is None or k.ci is None:
        return f"{k.reason or 'undefined'} (n={k.n})"
    return f"κ {k.kappa:.2f} (95% CI {k.ci.low:.2f} to {k.ci.high:.2f}, n={k.n})"


def local_time(value: datetime | None, tz: str) -> str:
    return "" if value is None else value.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")
