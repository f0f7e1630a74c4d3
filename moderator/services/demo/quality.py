"""Demo quality-assurance history: two more analysts, gold items, and two weeks of decisions
with blind second reviews and gold served among them, some disagreements adjudicated.

Everything goes through the real claim and decide (with the clock set back), so the gold
copies, second reviews and audit events are exactly what the live system would have made.
Runs before the demo's main ingest, so only these reports are in the queues meanwhile.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from moderator.domain.ids import new_uid
from moderator.domain.policy import Policy, QuestionKind
from moderator.domain.reports import Role, media_kind_for
from moderator.services.demo.texts import REPORTER_TEXTS
from moderator.services.people import People
from moderator.services.review_view import policy_for
from moderator.services.training import TrainingAdmin
from moderator.services.workspace import Workspace
from moderator.store import quality, queue
from moderator.store.journal import Actor
from moderator.store.models import (
    MediaItem,
    Queue,
    Report,
    Reviewer,
)
from moderator.store.models_quality import GoldCopy, GoldItem
from moderator.store.queue import DecisionInput, ReviewerRef
from moderator.store.training import RecordInput

SEED = 7007
QUEUES = ("kr-illegal-filming", "csam-grading", "platform-general")
ANALYSTS = (("demo.kim", "Kim Analyst", 0.9), ("demo.lee", "Lee Analyst", 0.75))
# How often each person picks the outcome the report really deserves.
ACCURACY = {"demo.reviewer": 0.88, "demo.supervisor": 0.95, **{a[0]: a[2] for a in ANALYSTS}}
SUPERVISOR = "demo.supervisor"
HISTORY_REPORTS = 72
GOLD_ITEMS = 8


@dataclass(frozen=True)
class _Desk:
    workspace: Workspace
    rng: random.Random
    people: dict[str, ReviewerRef]
    queues: dict[str, tuple[int, str, int]]  # name -> (id, policy id, sla hours)
    categories: dict[str, list[str]]  # queue name -> its report categories
    files: list[str]
    refs: Iterator[int] = field(default_factory=itertools.count)


def seed_quality(workspace: Workspace) -> None:
    """Build the QA history; the demo's queues, people and trainings must exist."""
    rng = random.Random(SEED)
    now = workspace.now()
    _add_analysts(workspace, now)
    with workspace.transaction() as session:
        people = {
            r.username: ReviewerRef(r.id, r.username, Role(r.role))
            for r in session.scalars(select(Reviewer).where(Reviewer.username.in_(ACCURACY)))
        }
        rows = list(session.scalars(select(Queue).where(Queue.name.in_(QUEUES))))
        queues = {q.name: (q.id, q.policy_id, q.sla_hours) for q in rows}
        categories = {q.name: json.loads(q.categories or "[]") or [""] for q in rows}
    root = workspace.media_root
    files = sorted(p.relative_to(root).as_posix() for p in (root / "images").glob("*.*"))
    desk = _Desk(workspace, rng, people, queues, categories, files)
    start = now - timedelta(days=15)
    for i in range(GOLD_ITEMS):
        _gold(desk, QUEUES[i % 3], start + timedelta(hours=3 * i))
    sup = workspace.actor(SUPERVISOR)
    with workspace.transaction() as session:
        for name in QUEUES:
            quality.set_settings(
                session, sup, start + timedelta(days=1), name, gold_rate=0.12, second_review=0.35
            )
    for i in range(HISTORY_REPORTS):
        at = start + timedelta(days=1) + timedelta(hours=i * 13 * 24 / HISTORY_REPORTS)
        _history(desk, QUEUES[i % 3], at + timedelta(minutes=rng.randint(0, 200)))
    _adjudicate_older(desk, now - timedelta(hours=6))
    with workspace.transaction() as session:
        for name in QUEUES:
            quality.set_settings(
                session, sup, now - timedelta(hours=1), name, gold_rate=0.05, second_review=0.1
            )


def _add_analysts(workspace: Workspace, now: datetime) -> None:
    """Two more analysts, added and trained the way a supervisor would do it."""
    people, training = People(workspace, SUPERVISOR), TrainingAdmin(workspace, SUPERVISOR)
    for username, display, _accuracy in ANALYSTS:
        people.add(username, Role.REVIEWER, display)
        for course in training.courses():
            training.add_record(
                RecordInput(
                    username, course.code, now - timedelta(days=120), now + timedelta(days=200),
                    f"certificate {course.code} (demo)", "demo",
                )
            )  # fmt: skip


def _report(desk: _Desk, queue_name: str, received: datetime) -> str:
    qid, _policy, sla = desk.queues[queue_name]
    uri = desk.rng.choice(desk.files)
    path = desk.workspace.media_root / uri
    data = path.read_bytes()  # synthetic demo media: abstract shapes
    uid = new_uid()
    with desk.workspace.transaction() as session:
        rid = session.execute(
            insert(Report)
            .values(
                uid=uid,
                source="demo",
                external_ref=f"DEMO-H{next(desk.refs):05d}",
                queue_id=qid,
                channel=desk.rng.choice(["web-form", "in-app", "hotline-partner"]),
                received_at=received,
                sla_due=received + timedelta(hours=sla),
                # Like the live reports: a gold copy shows its original's category and text.
                reported_category=desk.rng.choice(desk.categories[queue_name]),
                reporter_text=desk.rng.choice(REPORTER_TEXTS),
                url=f"https://example.invalid/post/{desk.rng.randrange(10**8)}",
                platform=desk.rng.choice(["example-video", "example-social"]),
                priority=desk.rng.choice([2, 3, 3, 4, 5]),
                state="queued",
                review_round=1,
                ingested_at=received,
            )
            .returning(Report.id)
        ).scalar_one()
        session.execute(
            insert(MediaItem).values(
                report_id=rid,
                position=0,
                uri=uri,
                kind=media_kind_for(uri).value,
                size_bytes=path.stat().st_size,
                sha256=hashlib.sha256(data).hexdigest(),
                md5=hashlib.md5(data, usedforsecurity=False).hexdigest(),
            )
        )
    return uid


def _decision(desk: _Desk, policy: Policy, truth: str, who: str) -> DecisionInput:
    rng = desk.rng
    outcome = truth
    if rng.random() > ACCURACY[who]:
        outcome = rng.choice([o.id for o in policy.outcomes if o.id != truth])
    answers: dict[str, object] = {}
    for q in policy.questions:
        if q.kind is QuestionKind.YES_NO:
            answers[q.id] = rng.choice(["yes", "no"])
        elif q.kind is QuestionKind.SINGLE and q.choices:
            answers[q.id] = rng.choice(q.choices).id
        elif q.kind is QuestionKind.MULTIPLE and q.choices:
            answers[q.id] = [rng.choice(q.choices).id]
    seconds = rng.uniform(25, 160)
    return DecisionInput(
        policy.id,
        policy.version,
        policy.sha256 or "0" * 64,
        outcome,
        answers,
        seconds_on_item=seconds,
        seconds_exposed=seconds * rng.uniform(0.05, 0.3),
    )


def _work(desk: _Desk, who: str, queue_name: str, uid: str, truth: str, at: datetime) -> bool:
    """`who` claims in the queue until they get report `uid` (deciding any gold served on the
    way, at `at` onwards); False if they cannot have it (it was theirs in round 1)."""
    ws, person = desk.workspace, desk.people[who]
    qid, policy_id, _sla = desk.queues[queue_name]
    policy = policy_for(ws, policy_id)
    actor = Actor(who, ws.workstation)
    for _ in range(4):
        with ws.transaction() as session:
            lease = queue.claim(session, person, actor, at, queue_ids=[qid], rng=desk.rng)
        if lease is None:
            return False
        at += timedelta(seconds=desk.rng.randint(40, 200))
        served = lease.report_uid != uid
        expected = _expected(ws, lease.report_id) if served else truth
        with ws.transaction() as session:
            queue.decide(session, lease, person, actor, at, _decision(desk, policy, expected, who))
        if not served:
            return True
        at += timedelta(seconds=desk.rng.randint(30, 120))
    return False


def _expected(ws: Workspace, copy_id: int) -> str:
    """The outcome a served gold copy should get."""
    with ws.transaction() as session:
        expected = session.scalar(
            select(GoldItem.expected_outcome)
            .join(GoldCopy, GoldCopy.gold_id == GoldItem.id)
            .where(GoldCopy.report_id == copy_id)
        )
    return expected or "media_unreviewable"


def _gold(desk: _Desk, queue_name: str, at: datetime) -> None:
    uid = _report(desk, queue_name, at - timedelta(hours=2))
    policy = policy_for(desk.workspace, desk.queues[queue_name][1])
    truth = desk.rng.choice([o.id for o in policy.outcomes if not o.unreviewable])
    _work(desk, SUPERVISOR, queue_name, uid, truth, at)
    with desk.workspace.transaction() as session:
        quality.mark_gold(
            session, desk.workspace.actor(SUPERVISOR), at + timedelta(hours=1), uid, truth
        )


def _history(desk: _Desk, queue_name: str, received: datetime) -> None:
    rng = desk.rng
    uid = _report(desk, queue_name, received)
    policy = policy_for(desk.workspace, desk.queues[queue_name][1])
    weights = [5 if not o.unreviewable else 1 for o in policy.outcomes]
    truth = rng.choices([o.id for o in policy.outcomes], weights)[0]
    names = list(ACCURACY)
    rng.shuffle(names)
    at = received + timedelta(minutes=rng.randint(10, 240))
    first = next(n for n in names if _work(desk, n, queue_name, uid, truth, at))
    with desk.workspace.transaction() as session:
        waiting = session.scalar(select(Report.state).where(Report.uid == uid)) == "queued"
    if waiting:  # sampled for a second review: someone else, a few hours later
        later = at + timedelta(hours=rng.randint(2, 20))
        next(n for n in names if n != first and _work(desk, n, queue_name, uid, truth, later))


def _adjudicate_older(desk: _Desk, before: datetime) -> None:
    """Adjudicate all but the three most recent disagreements (those stay waiting), and those
    the supervisor decided in a round (nobody adjudicates their own case: they wait too)."""
    ws = desk.workspace
    sup = desk.people[SUPERVISOR]
    with ws.transaction() as session:
        cases = quality.disagreements(session)
    others = [c for c in cases if SUPERVISOR not in (c.first.reviewer, c.second.reviewer)]
    for case in others[:-3]:
        at = min(case.second.decided_at + timedelta(hours=5), before)
        outcome = desk.rng.choice([case.first.outcome, case.second.outcome])
        with ws.transaction() as session:
            quality.adjudicate(
                session,
                ws.actor(SUPERVISOR),
                sup.id,
                at,
                case.report_uid,
                outcome,
                "Checked against the policy notes; the checklist answers support this outcome.",
            )
