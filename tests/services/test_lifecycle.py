"""After the decision: actions from the outcome, their states and overdue alerts, notices
to reporters with their deadlines in Asia/Seoul, legal holds and the retention purge."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from moderator.domain.errors import ModeratorError, NotEligible
from moderator.domain.lifecycle import ActionError
from moderator.domain.reports import Role
from moderator.services import config as config_mod
from moderator.services.config import Profile
from moderator.services.ingest import Ingest
from moderator.services.lifecycle import Lifecycle
from moderator.services.paths import Paths
from moderator.services.people import People
from moderator.services.policies import PolicyLibrary
from moderator.services.queues import QueueAdmin, QueueRequest
from moderator.services.review import ReviewService
from moderator.services.review_view import policy_for
from moderator.services.setup import SetupRequest, set_up
from moderator.services.workspace import Workspace, open_workspace, sign_in
from moderator.store import journal
from moderator.store.models import AuditEvent, MediaItem, Report
from moderator.store.queue import DecisionInput
from moderator.store.retention import HoldError
from tests.helpers.clock import FakeClock

# 2026-03-01 14:59 UTC is 23:59 in Seoul; a minute later it is the 2nd there.
START = datetime(2026, 3, 1, 14, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def org(paths: Paths, media_root: Path, db_url: str, clock: FakeClock) -> Iterator[Workspace]:
    profile = Profile("org", db_url, str(media_root))
    ws = open_workspace(profile, config_mod.load(paths), clock=clock)
    set_up(ws, SetupRequest("Example", "sue", "Asia/Seoul",
                            policies=("kr-illegal-filming", "platform-generic")))  # fmt: skip
    People(ws, "sue").add("alice", Role.REVIEWER)
    QueueAdmin(ws, "sue").add(QueueRequest("kr", "kr-illegal-filming"))
    QueueAdmin(ws, "sue").add(QueueRequest("general", "platform-generic"))
    yield ws
    ws.close()


def ingest(ws: Workspace, tmp_path: Path, queue: str, *refs: tuple[str, str]) -> None:
    """Reports `(external_ref, received_at ISO)` into `queue`, each with a URL and a text."""
    manifest = tmp_path / f"{queue}.jsonl"
    lines = [
        json.dumps(
            {
                "external_ref": ref,
                "queue": queue,
                "received_at": at,
                "url": f"https://files.example.kr/{ref}",
                "reporter_text": f"secret {ref}",
                "reported_category": "illegal_filming",
                "media": [f"https://cdn.example.kr/{ref}.jpg"],
            }
        )  # fmt: skip
        for ref, at in refs
    ]
    manifest.write_text("\n".join(lines) + "\n")
    summary = Ingest(ws, ws.actor("sue")).run([manifest])
    assert not summary.problems, [p.describe() for p in summary.problems]


def decide_all(ws: Workspace, policy_id: str, outcome: str) -> list[str]:
    review = ReviewService(ws, sign_in(ws, "alice"))
    policy = policy_for(ws, policy_id)
    done = []
    while (lease := review.claim()) is not None:
        review.decide(lease, DecisionInput(policy.id, policy.version, policy.sha256, outcome, {}))
        done.append(lease.report_uid)
    return done


def uid_of(ws: Workspace, ref: str) -> str:
    with ws.transaction() as s:
        return str(s.scalar(select(Report.uid).where(Report.external_ref == ref)))


def events(ws: Workspace, kind: str) -> list[dict[str, object]]:
    with ws.transaction() as s:
        rows = s.scalars(select(AuditEvent.payload).where(AuditEvent.kind == kind))
        return [json.loads(p) for p in rows]


def chain_ok(ws: Workspace) -> bool:
    with ws.transaction() as s:
        return all(r.ok for r in journal.verify(s))


def test_a_final_decision_gets_the_actions_of_its_outcome(
    org: Workspace, tmp_path: Path, clock: FakeClock
) -> None:
    ingest(org, tmp_path, "kr", ("K-1", "2026-03-01T10:00:00Z"))
    decide_all(org, "kr-illegal-filming", "illegal_filming")
    ingest(org, tmp_path, "general", ("G-1", "2026-03-01T10:00:00Z"))
    life = Lifecycle(org, "sue")
    rows = life.actions()
    assert sorted(r.kind for r in rows) == ["block", "remove", "report_hotline"]
    assert {(r.state, r.host, r.category, r.queue) for r in rows} == {
        ("due", "files.example.kr", "illegal_filming", "kr")
    }
    assert all(r.due_at == START + timedelta(hours=24) for r in rows)
    assert life.actions(overdue=True) == []
    assert len(life.actions()) == 3  # planning again adds nothing
    assert len(events(org, "action")) == 1
    # A no-violation decision calls for nothing.
    decide_all(org, "platform-generic", "no_violation")
    assert len(life.actions()) == 3
    assert life.actions(queue="general") == []


def test_action_states_follow_the_rules_and_overdue_ones_are_listed(
    org: Workspace, tmp_path: Path, clock: FakeClock
) -> None:
    ingest(org, tmp_path, "kr", ("K-1", "2026-03-01T10:00:00Z"))
    decide_all(org, "kr-illegal-filming", "illegal_filming")
    life = Lifecycle(org, "sue")
    remove = next(r for r in life.actions() if r.kind == "remove")
    clock.advance(hours=24)  # exactly at its deadline: overdue
    assert {r.kind for r in life.actions(overdue=True)} == {"remove", "block", "report_hotline"}
    with pytest.raises(ActionError, match="say what shows"):
        life.mark(remove.id, "sent", "  ")
    with pytest.raises(ActionError, match="not an action state"):
        life.mark(remove.id, "done", "x")
    sent = life.mark(remove.id, "sent", "ticket HOST-12")
    assert (sent.state, sent.sent_at, sent.overdue) == ("sent", clock.now(), False)
    assert sent.follow_up_at == clock.now() + timedelta(hours=48)
    clock.advance(hours=48)  # no answer by the follow-up date: overdue again
    assert remove.id in {r.id for r in life.actions(overdue=True)}
    failed = life.mark(remove.id, "failed", "host did not answer")
    again = life.mark(failed.id, "sent", "second notice HOST-13")
    assert again.sent_at == sent.sent_at  # the first sending counts for time to action
    done = life.mark(remove.id, "confirmed", "https://files.example.kr/K-1 gives 404")
    assert (done.state, done.confirmed_at, done.follow_up_at) == ("confirmed", clock.now(), None)
    with pytest.raises(ActionError, match="cannot become sent"):
        life.mark(remove.id, "sent", "x")
    marks = [e for e in events(org, "action") if e["op"] == "mark"]
    assert [(e["from"], e["to"]) for e in marks] == [
        ("due", "sent"), ("sent", "failed"), ("failed", "sent"), ("sent", "confirmed")
    ]  # fmt: skip
    assert chain_ok(org)


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        # 23:59:59 on 1 March in Seoul: 7 days counted from 1 March, due before 9 March 00:00.
        ("2026-03-01T14:59:59Z", "2026-03-08T15:00:00+00:00"),
        # One second later it is 2 March in Seoul (still 1 March in UTC): one day more.
        ("2026-03-01T15:00:00Z", "2026-03-09T15:00:00+00:00"),
    ],
)
def test_notice_deadlines_count_days_in_seoul(
    org: Workspace, tmp_path: Path, clock: FakeClock, received: str, deadline: str
) -> None:
    ingest(org, tmp_path, "kr", ("K-1", received))
    life = Lifecycle(org, "sue")
    (row,) = life.notices()
    assert row.deadline == datetime.fromisoformat(deadline)
    clock.current = row.deadline - timedelta(microseconds=1)
    assert not life.notices()[0].overdue  # the last instant of the last day
    clock.current = row.deadline
    assert life.notices()[0].overdue
    sent = life.send_notice(row.report_uid, "Your report was reviewed: the video was removed.")
    assert sent.overdue  # sent late, and recorded so
    assert life.notices() == []
    (kept,) = life.notices(sent=True)
    assert kept.text == "Your report was reviewed: the video was removed."
    (event,) = events(org, "notice")
    assert event["text"] == kept.text
    assert event["late"] is True
    with pytest.raises(ModeratorError, match="already sent"):
        life.send_notice(row.report_uid, "again")


def test_queue_terms_default_from_the_policy_and_respect_a_floor(org: Workspace) -> None:
    queues = QueueAdmin(org, "sue")
    queues.edit("general", {"notice_days": 3, "retention_days": 30})
    changes = [e for e in events(org, "queue") if e.get("op") == "lifecycle"]
    assert changes[0]["queue"] == "kr"
    assert (changes[0]["notice_days"], changes[0]["retention_days"]) == ([None, 7], [None, 1095])
    assert (changes[-1]["notice_days"], changes[-1]["retention_days"]) == ([None, 3], [None, 30])
    with pytest.raises(ModeratorError, match="between|1 to"):
        queues.edit("general", {"notice_days": -1})


def test_purge_removes_content_keeps_statistics_and_the_chain(
    org: Workspace, tmp_path: Path, clock: FakeClock
) -> None:
    QueueAdmin(org, "sue").edit("kr", {"retention_days": 30})
    ingest(org, tmp_path, "kr", ("K-1", "2026-03-01T10:00:00Z"), ("K-2", "2026-03-01T10:00:00Z"),
           ("K-3", "2026-03-01T10:00:00Z"))  # fmt: skip
    decide_all(org, "kr-illegal-filming", "illegal_filming")
    life = Lifecycle(org, "sue")
    life.actions()
    held = uid_of(org, "K-2")
    life.hold(held, "police request 2026-77")
    with pytest.raises(HoldError, match="already under a legal hold"):
        life.hold(held, "again")
    clock.advance(days=29)
    assert life.purge(dry_run=True)[0].due == ()  # not yet past retention
    clock.advance(days=1)
    plan, _ = life.purge(dry_run=True)
    assert (len(plan.due), plan.held) == (2, (held,))
    plan, purge_uid = life.purge()
    with org.transaction() as s:
        reports = {r.external_ref: r for r in s.scalars(select(Report))}
        uris = {m.report_id: m.uri for m in s.scalars(select(MediaItem))}
        assert (reports["K-1"].reporter_text, reports["K-1"].url) == ("", "")
        assert reports["K-2"].reporter_text == "secret K-2"  # held: untouched
        assert reports["K-3"].decided_at is not None  # times and outcomes stay
        assert uris.pop(reports["K-2"].id) == "https://cdn.example.kr/K-2.jpg"
        assert set(uris.values()) == {""}
    (event,) = events(org, "purge")
    assert event["purge"] == purge_uid
    assert (event["count"], event["refused_held"]) == (2, [held])
    assert "secret" not in json.dumps(event)
    assert "example.kr" not in json.dumps(event)
    assert len(life.actions()) == 9  # the statistics' rows are all there
    assert chain_ok(org)
    assert life.purge()[0].due == ()  # nothing left to purge twice
    life.release(held, "case closed")
    assert life.purge()[0].due == (held,)
    assert chain_ok(org)


def test_a_reviewer_cannot_mark_purge_hold_or_release(org: Workspace, tmp_path: Path) -> None:
    ingest(org, tmp_path, "kr", ("K-1", "2026-03-01T10:00:00Z"))
    decide_all(org, "kr-illegal-filming", "illegal_filming")
    uid = uid_of(org, "K-1")
    supervisor = Lifecycle(org, "sue")
    action = supervisor.actions()[0]
    supervisor.hold(uid, "court order")
    alice = Lifecycle(org, "alice")
    for attempt in (
        lambda: alice.mark(action.id, "sent", "x"),
        lambda: alice.purge(),
        lambda: alice.purge(dry_run=True),
        lambda: alice.release(uid, "x"),
        lambda: alice.hold(uid, "x"),
        lambda: alice.send_notice(uid, "x"),
        lambda: alice.actions(),
    ):
        with pytest.raises(NotEligible, match="only a supervisor"):
            attempt()
    assert supervisor.actions()[0].state == "due"
    assert [h.report_uid for h in supervisor.holds()] == [uid]


US_POLICY = (
    b'schema = 1\nid = "us-csam"\nversion = "1"\ntitle = "US"\njurisdiction = "US"\n'
    b'[[questions]]\nid = "q"\ntext = "Q?"\ntype = "yes_no"\n'
    b'[[outcomes]]\nid = "report"\nlabel = "Report to NCMEC"\n'
    b'actions = ["report_hotline"]\n'
    b'[[outcomes]]\nid = "u"\nlabel = "Media unreviewable"\nunreviewable = true\n'
)


def test_a_us_queue_keeps_reports_at_least_a_year(org: Workspace) -> None:
    PolicyLibrary(org, "sue").import_data(US_POLICY, "us.toml")
    queues = QueueAdmin(org, "sue")
    with pytest.raises(ModeratorError, match="at least 365 days"):
        queues.add(QueueRequest("us", "us-csam", retention_days=90))
    queues.add(QueueRequest("us", "us-csam", retention_days=365))
    with pytest.raises(ModeratorError, match="at least 365 days"):
        queues.edit("us", {"retention_days": 364})


def test_the_organisation_default_retention_applies_to_queues_without_one(
    org: Workspace, tmp_path: Path, clock: FakeClock
) -> None:
    from moderator.services.organisation import Organisation

    ingest(org, tmp_path, "general", ("G-1", "2026-03-01T10:00:00Z"))
    decide_all(org, "platform-generic", "no_violation")
    life = Lifecycle(org, "sue")
    clock.advance(days=400)
    assert life.purge(dry_run=True)[0].due == ()  # no period anywhere: kept
    Organisation(org, "sue").change({"content_retention_days": 90})
    assert life.purge(dry_run=True)[0].due == (uid_of(org, "G-1"),)


def test_an_adjudication_decides_which_actions_follow(org: Workspace, tmp_path: Path) -> None:
    """Two reviewers disagreed: nothing is planned until a supervisor adjudicates, and then
    the adjudicated outcome's actions are, once."""
    from moderator.domain.ids import new_uid
    from moderator.store.models import Decision, Reviewer
    from moderator.store.models_quality import Adjudication, SecondReview

    ingest(org, tmp_path, "kr", ("K-1", "2026-03-01T10:00:00Z"))
    (uid,) = decide_all(org, "kr-illegal-filming", "no_violation")
    policy = policy_for(org, "kr-illegal-filming")
    now = org.now()
    with org.transaction() as s:
        report = s.scalars(select(Report).where(Report.uid == uid)).one()
        first = s.scalars(select(Decision).where(Decision.report_id == report.id)).one()
        sue = s.scalars(select(Reviewer).where(Reviewer.username == "sue")).one()
        second = Decision(uid=new_uid(), report_id=report.id, review_round=2,
                          reviewer_id=sue.id, policy_id=policy.id,
                          policy_version=policy.version, policy_hash=policy.sha256,
                          outcome="illegal_filming", decided_at=now, workstation=new_uid(),
                          lease_token=new_uid())  # fmt: skip
        s.add(second)
        s.add(SecondReview(report_id=report.id, first_decision_uid=first.uid,
                           first_reviewer_id=first.reviewer_id,
                           second_decision_uid=second.uid, state="disagreed", queued_at=now,
                           decided_at=now))  # fmt: skip
    life = Lifecycle(org, "sue")
    assert life.actions() == []  # waiting for the adjudication
    with org.transaction() as s:
        review = s.get(SecondReview, report.id)
        assert review is not None
        review.state = "adjudicated"
        s.add(Adjudication(report_id=report.id, uid=new_uid(), supervisor_id=sue.id,
                           outcome="false_video", note="", adjudicated_at=now))  # fmt: skip
    rows = life.actions()
    assert sorted(r.kind for r in rows) == ["block", "remove", "report_hotline"]
    assert {r.outcome for r in rows} == {"false_video"}
    assert len(life.actions()) == 3
