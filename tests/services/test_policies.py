"""Policies in the database: imported by supervisors, versioned by hash; a decision keeps the
exact version (checklist and wording) it was made under (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text, update

from moderator.domain import shipped
from moderator.domain.errors import NotEligible, NotFound
from moderator.domain.policy import check
from moderator.domain.policy_file import PolicyError
from moderator.domain.reports import Role
from moderator.services import config as config_mod
from moderator.services.config import Profile
from moderator.services.console import details
from moderator.services.paths import Paths
from moderator.services.people import People
from moderator.services.policies import PolicyConflict, PolicyLibrary
from moderator.services.queues import QueueAdmin, QueueRequest
from moderator.services.review import ReviewService
from moderator.services.review_view import load_details, policy_for, policy_of_decision
from moderator.services.setup import SetupRequest, set_up
from moderator.services.sync import Syncer
from moderator.services.workspace import Workspace, open_workspace, sign_in
from moderator.store.models_org import StoredPolicy
from moderator.store.policies import PolicyTampered
from moderator.store.queue import DecisionInput
from tests.helpers import seed
from tests.helpers.clock import FakeClock

V1 = shipped.folder("policies").joinpath("platform-generic.toml").read_text("utf-8")
V1 = V1.replace('id = "platform-generic"', 'id = "house-rules"').replace(
    'version = "2026.12"', 'version = "1"'
)
# Version 2 words the first question and an outcome differently (same ids, same answers).
V2 = (
    V1.replace('version = "1"', 'version = "2"')
    .replace("What does the media show?", "Which of our house rules does it break?")
    .replace('label = "Remove the content"', 'label = "Take it down"')
)
ANSWERS = {"violation": "spam_scam", "minor": "no", "severity": "low"}


@pytest.fixture
def org(paths: Paths, media_root: Path, db_url: str) -> Iterator[Workspace]:
    """A workspace set up by sue (no shipped policies), with alice, a reviewer."""
    profile = Profile("org", db_url, str(media_root))
    ws = open_workspace(profile, config_mod.load(paths), clock=FakeClock())
    set_up(ws, SetupRequest("Example", "sue", "UTC", policies=()))
    People(ws, "sue").add("alice", Role.REVIEWER)
    yield ws
    ws.close()


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_a_decision_keeps_the_version_it_was_made_under(org: Workspace, tmp_path: Path) -> None:
    library = PolicyLibrary(org, "sue")
    first = library.import_file(write(tmp_path, "house-v1.toml", V1))
    assert (first.created, first.policy.version) == (True, "1")
    queues = QueueAdmin(org, "sue")
    assert queues.add(QueueRequest("inbox", "house-rules")).policy_version == "1"
    with org.transaction() as s:
        qid = next(q.id for q in queues.listing() if q.name == "inbox")
        seed.reports(s, qid, org.now(), 2)
    review = ReviewService(org, sign_in(org, "alice"))
    lease = review.claim()
    assert lease is not None
    shown = load_details(org, lease)
    v1 = policy_for(org, shown.policy_id, shown.policy_version)
    assert check(v1, ANSWERS, "remove").ok
    review.decide(lease, DecisionInput(v1.id, v1.version, v1.sha256, "remove", dict(ANSWERS)))

    second = library.import_file(write(tmp_path, "house-v2.toml", V2))
    assert second.created
    assert second.queues == ("inbox",)  # new decisions there are made under version 2
    assert "new decisions on inbox use it" in second.summary()
    assert [(r.version, r.latest, r.queues) for r in library.listing()] == [
        ("1", False, ()),
        ("2", True, ("inbox",)),
    ]
    lease = review.claim()
    assert lease is not None
    now_shown = load_details(org, lease)
    v2 = policy_for(org, now_shown.policy_id, now_shown.policy_version)
    assert v2.version == "2"
    assert v2.questions[0].text == "Which of our house rules does it break?"
    # The first decision still reads against version 1: its checklist and its wording.
    old = policy_of_decision(org, v1.sha256)
    assert old.version == "1"
    assert old.questions[0].text == "What does the media show?"
    assert old.outcome("remove").label == "Remove the content"
    # ... and so does the audit console's account of it, once synced to the central store.
    syncer = Syncer(org, None, sign=False, username="alice")
    try:
        syncer.run_until_idle()
    finally:
        syncer.close()
    with org.transaction() as s:
        uid = s.execute(text("SELECT uid FROM central_events WHERE kind = 'decide'")).scalar_one()
        decision = details(s, uid).decision  # type: ignore[union-attr]
    assert decision is not None
    assert decision.policy_version == "1"
    assert decision.outcome_label == "Remove the content"
    assert decision.wording[0] == ("What does the media show?", "Spam or scam")


def test_same_version_other_bytes_is_refused(org: Workspace, tmp_path: Path) -> None:
    library = PolicyLibrary(org, "sue")
    library.import_file(write(tmp_path, "v1.toml", V1))
    edited = V1.replace("Could anyone depicted be a minor?", "Could anyone be under 18?")
    with pytest.raises(PolicyConflict, match="version 1 is already stored with other content"):
        library.import_file(write(tmp_path, "v1-edited.toml", edited))
    again = library.import_file(write(tmp_path, "v1-again.toml", V1))  # the same bytes
    assert not again.created
    assert [r.version for r in library.listing()] == ["1"]


def test_a_broken_policy_is_refused_with_its_line(org: Workspace, tmp_path: Path) -> None:
    broken = V1.replace('type = "yes_no"', 'type = "yesno"', 1)
    line = next(n for n, t in enumerate(broken.splitlines(), 1) if '"yesno"' in t)
    with pytest.raises(PolicyError) as info:
        PolicyLibrary(org, "sue").import_file(write(tmp_path, "bad.toml", broken))
    assert f"bad.toml:{line}: questions[1].type: 'yesno' is not one of" in str(info.value)
    assert PolicyLibrary(org, "sue").listing() == []


def test_only_supervisors_import_and_queues_need_a_stored_policy(
    org: Workspace, tmp_path: Path
) -> None:
    with pytest.raises(NotEligible, match="only a supervisor may import policies"):
        PolicyLibrary(org, "alice").import_file(write(tmp_path, "v1.toml", V1))
    with pytest.raises(NotFound, match="policy platform-generic is not in this workspace"):
        QueueAdmin(org, "sue").add(QueueRequest("inbox", "platform-generic"))
    PolicyLibrary(org, "sue").import_shipped("platform-generic")
    with pytest.raises(NotFound, match="platform-generic version 9"):
        QueueAdmin(org, "sue").add(QueueRequest("inbox", "platform-generic@9"))
    row = QueueAdmin(org, "sue").add(QueueRequest("inbox", "platform-generic@2026.12"))
    assert (row.policy_id, row.policy_version) == ("platform-generic", "2026.12")


def test_a_stored_policy_changed_behind_the_programs_back_is_refused(
    org: Workspace, tmp_path: Path
) -> None:
    PolicyLibrary(org, "sue").import_file(write(tmp_path, "v1.toml", V1))
    with org.transaction() as s:
        s.execute(update(StoredPolicy).values(body=StoredPolicy.body + "\n# edited\n"))
    with pytest.raises(PolicyTampered, match="does not match its SHA-256"):
        policy_for(org, "house-rules")


def test_export_gives_back_the_exact_file(org: Workspace, tmp_path: Path) -> None:
    library = PolicyLibrary(org, "sue")
    library.import_file(write(tmp_path, "v1.toml", V1))
    library.import_file(write(tmp_path, "v2.toml", V2), apply=False)
    assert library.text("house-rules@1").data() == V1.encode()
    assert library.text("house-rules").data() == V2.encode()  # no version: the latest
    with pytest.raises(NotFound, match="house-rules@7"):
        library.text("house-rules@7")
