"""First run, people and sign-in: a workspace is set up once, people are added by supervisors,
and signing in looks people up, never registers them (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from moderator.domain.errors import ConfigError, NotEligible, NotFound
from moderator.domain.reports import Role
from moderator.services import config as config_mod
from moderator.services.config import Profile
from moderator.services.organisation import Organisation, org_zone
from moderator.services.paths import Paths
from moderator.services.people import People
from moderator.services.queues import QueueAdmin, QueueRequest
from moderator.services.review import ReviewService
from moderator.services.setup import (
    AlreadySetUp,
    SetupRequest,
    needs_setup,
    remember_person,
    set_up,
)
from moderator.services.workspace import NotSetUp, Workspace, open_workspace, sign_in
from moderator.store.models import AuditEvent, Reviewer
from moderator.store.people import PeopleError
from tests.helpers import seed
from tests.helpers.clock import FakeClock

SETUP = SetupRequest("Example Hotline", "sue", "Asia/Seoul", support="help@example.org")


@pytest.fixture
def empty(paths: Paths, media_root: Path, db_url: str) -> Iterator[Workspace]:
    profile = Profile("org", db_url, str(media_root))
    ws = open_workspace(profile, config_mod.load(paths), clock=FakeClock())
    yield ws
    ws.close()


def kinds(ws: Workspace) -> list[tuple[str, str, dict[str, object]]]:
    with ws.transaction() as s:
        rows = s.execute(select(AuditEvent.kind, AuditEvent.actor, AuditEvent.payload))
        return [(k, a, json.loads(p)) for k, a, p in rows]


def test_setup_makes_the_first_supervisor_settings_and_policies(empty: Workspace) -> None:
    assert needs_setup(empty)
    with pytest.raises(NotSetUp, match="moderator setup"):
        sign_in(empty, "sue")
    done = set_up(empty, SETUP)
    assert done.supervisor.role is Role.SUPERVISOR
    assert done.policies == (
        "iwf-csam-grading@2026.12",
        "kr-illegal-filming@2026.12",
        "platform-generic@2026.12",
    )
    assert not needs_setup(empty)
    assert sign_in(empty, "sue") == done.supervisor
    settings = Organisation(empty, "sue").settings()
    assert (settings.name, settings.timezone, settings.support) == (
        "Example Hotline",
        "Asia/Seoul",
        "help@example.org",
    )
    assert str(org_zone(empty)) == "Asia/Seoul"
    events = kinds(empty)
    assert [k for k, _a, _p in events] == [
        "person", "settings", "policy", "policy", "policy", "setup", "login",
    ]  # fmt: skip
    assert all(actor == "sue" for _k, actor, _p in events)
    assert events[5][2]["organisation"] == "Example Hotline"


def test_setup_runs_once(empty: Workspace) -> None:
    set_up(empty, SETUP)
    with pytest.raises(AlreadySetUp, match="people add"):
        set_up(empty, SetupRequest("Other", "mallory", "UTC"))
    with empty.transaction() as s:
        assert list(s.scalars(select(Reviewer.username))) == ["sue"]


def test_setup_checks_its_answers_before_writing_anything(empty: Workspace) -> None:
    with pytest.raises(ConfigError, match="unknown time zone"):
        set_up(empty, SetupRequest("Org", "sue", "Somewhere/Else"))
    with pytest.raises(ConfigError, match="supervisor 'sue smith'"):
        set_up(empty, SetupRequest("Org", "sue smith", "UTC"))
    with pytest.raises(NotFound, match="no shipped policy named 'nope'"):
        set_up(empty, SetupRequest("Org", "sue", "UTC", policies=("nope",)))
    assert needs_setup(empty)


def test_sign_in_looks_people_up_and_never_registers_them(empty: Workspace) -> None:
    set_up(empty, SETUP)
    with pytest.raises(NotFound, match="ask a supervisor to add you .*people add root"):
        sign_in(empty, "root")
    with empty.transaction() as s:
        assert s.scalar(select(Reviewer.id).where(Reviewer.username == "root")) is None


def test_people_are_added_and_changed_by_supervisors_only(empty: Workspace) -> None:
    set_up(empty, SETUP)
    people = People(empty, "sue")
    alice = people.add("alice", Role.REVIEWER, "Alice Analyst")
    assert (alice.role, alice.display_name, alice.active) == ("reviewer", "Alice Analyst", True)
    with pytest.raises(PeopleError, match="already a person"):
        people.add("alice", Role.REVIEWER)
    # On a local workspace too: the organisation's own setup decides who its supervisors are.
    with pytest.raises(NotEligible, match="only a supervisor may add people"):
        People(empty, "alice").add("bob", Role.SUPERVISOR)
    with pytest.raises(NotEligible, match="not an active person"):
        People(empty, "stranger").add("bob", Role.REVIEWER)
    people.edit("alice", role=Role.SUPERVISOR)
    assert sign_in(empty, "alice").role is Role.SUPERVISOR
    payloads = [p for k, _a, p in kinds(empty) if k == "person"]
    assert payloads[-1] == {
        "op": "edit", "person": "alice", "changes": {"role": ["reviewer", "supervisor"]},
    }  # fmt: skip


def test_the_last_supervisor_cannot_be_removed(empty: Workspace) -> None:
    set_up(empty, SETUP)
    people = People(empty, "sue")
    with pytest.raises(PeopleError, match="last active supervisor"):
        people.deactivate("sue")
    with pytest.raises(PeopleError, match="last active supervisor"):
        people.edit("sue", role=Role.REVIEWER)
    people.add("ann", Role.SUPERVISOR)
    people.edit("sue", role=Role.REVIEWER)  # now allowed: ann is a supervisor
    assert sign_in(empty, "sue").role is Role.REVIEWER


def test_a_deactivated_person_can_claim_nothing_from_that_moment(empty: Workspace) -> None:
    set_up(empty, SETUP)
    People(empty, "sue").add("alice", Role.REVIEWER)
    QueueAdmin(empty, "sue").add(QueueRequest("inbox", "platform-generic"))
    with empty.transaction() as s:
        qid = next(q.id for q in QueueAdmin(empty, "sue").listing() if q.name == "inbox")
        seed.reports(s, qid, empty.now(), 3)
    review = ReviewService(empty, sign_in(empty, "alice"))  # signed in before
    lease = review.claim()
    assert lease is not None
    People(empty, "sue").deactivate("alice")
    with pytest.raises(NotEligible, match="deactivated: nothing can be claimed"):
        review.claim()
    with pytest.raises(NotEligible, match="deactivated"):
        sign_in(empty, "alice")
    People(empty, "sue").edit("alice", active=True)
    assert review.claim() is not None


def test_settings_are_changed_by_supervisors_and_audited(empty: Workspace) -> None:
    set_up(empty, SETUP)
    People(empty, "sue").add("alice", Role.REVIEWER)
    org = Organisation(empty, "sue")
    changed = org.change({"timezone": "Europe/London", "content_retention_days": "90"})
    assert changed == {
        "timezone": ["Asia/Seoul", "Europe/London"],
        "content_retention_days": [None, 90],
    }
    assert org.change({"timezone": "Europe/London"}) == {}  # nothing new: no event
    assert org.settings().content_retention_days == 90
    with pytest.raises(NotEligible):
        Organisation(empty, "alice").change({"name": "Mine now"})
    with pytest.raises(ConfigError, match="unknown time zone"):
        org.change({"timezone": "Nowhere"})
    settings_events = [p for k, _a, p in kinds(empty) if k == "settings"]
    assert settings_events[-1] == {"organisation": changed}


def test_remember_person_names_the_profile(paths: Paths, media_root: Path) -> None:
    profile = Profile("local", "sqlite:///x.sqlite", str(media_root))
    named = remember_person(paths, profile, "sue")
    assert named.reviewer == "sue"
    config = config_mod.load(paths)
    assert config.profile("local", paths).reviewer == "sue"


def test_the_support_contact_shown_on_stop_is_the_organisations(empty: Workspace) -> None:
    from moderator.services.wellbeing import DEFAULT_SUPPORT, WellbeingService

    set_up(empty, SETUP)
    alice = People(empty, "sue").add("alice", Role.REVIEWER)
    service = WellbeingService(empty, sign_in(empty, alice.username))
    before = service.support_contact()
    Organisation(empty, "sue").change({"support": "Staff care line 1577-0199, 24 h"})
    after = service.support_contact()
    assert (before, after) == (SETUP.support or DEFAULT_SUPPORT, "Staff care line 1577-0199, 24 h")
