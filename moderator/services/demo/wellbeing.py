"""Demo wellbeing data: the profile of each demo queue, and a few past days of plausible
exposure, breaks and check-ins for the three demo people (never today, so the demo starts with
a fresh day). History is written straight to the tables, like any imported history."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.ids import new_uid
from moderator.services.workspace import Workspace
from moderator.store import wellbeing as store
from moderator.store.models import Reviewer
from moderator.store.wellbeing import Exposure

PROFILES = {  # set on each demo queue when it is added (`queue add --wellbeing`)
    "kr-illegal-filming": "severe-content",
    "csam-grading": "hard",
    "platform-general": "standard",
    "supervisor-escalations": "severe-content",
}
PEOPLE = {  # name -> (sharp minutes a day, chance of skipping a soft break)
    "demo.reviewer": (70, 0.15),
    "demo.supervisor": (25, 0.0),
    "demo.trainee": (12, 0.3),
}
CATEGORIES = {
    "severe": "csam",
    "high": "illegal_filming",
    "moderate": "violence",
    "low": "harassment",
    "minimal": "spam",
}


def seed_wellbeing(workspace: Workspace, days: int = 5, seed: int = 5) -> None:
    rng = random.Random(seed)
    now = workspace.now()
    with workspace.transaction() as session:
        people = {
            name: rid for name, rid in session.execute(select(Reviewer.username, Reviewer.id))
        }
        today = now.astimezone().date()
        for back in range(days, 0, -1):
            day = today - timedelta(days=back)
            if day.weekday() >= 5:
                continue  # weekends off
            start = datetime.combine(day, time(9, 0)).astimezone().astimezone(UTC)
            for name, (minutes, skip_chance) in PEOPLE.items():
                if name not in people:
                    continue
                _day(session, rng, people[name], day, start, minutes, skip_chance)


def _day(
    session: Session,
    rng: random.Random,
    who: int,
    day: date,
    start: datetime,
    minutes: float,
    skip_chance: float,
) -> None:
    at = start
    left = minutes * 60 * rng.uniform(0.7, 1.2)
    while left > 0:
        severity = rng.choices(list(CATEGORIES), weights=[4, 3, 3, 2, 1])[0]
        sharp = min(left, rng.uniform(5, 70))
        left -= sharp
        at += timedelta(seconds=sharp + rng.uniform(30, 120))
        exposure = Exposure(
            new_uid(),
            1,
            "demo",
            severity,
            CATEGORIES[severity],
            sharp,
            rng.uniform(20, 90),
            "decided",
        )
        store.add_exposure(session, who, day, at, exposure)
    for n in range(rng.randint(2, 4)):
        began = start + timedelta(minutes=70 * (n + 1))
        uid = store.start_break(
            session,
            who,
            day,
            began,
            began + timedelta(minutes=10),
            reason=rng.choice(["work", "exposure"]),
            hard=False,
        )
        skipped = rng.random() < skip_chance
        store.end_break(
            session,
            uid,
            began + timedelta(minutes=1 if skipped else 10),
            "skipped" if skipped else "taken",
            "an urgent report was due" if skipped else "",
        )
    if rng.random() < 0.15:
        store.add_checkin(
            session,
            who,
            day,
            start + timedelta(hours=5),
            report_uid=None,
            severity="severe",
            score=None,
            stopped=True,
        )
