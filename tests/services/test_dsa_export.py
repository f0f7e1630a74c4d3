"""DSA statements from the record: mapped through the policy the decision was made under,
fields from the record (media kinds, dates in the organisation's zone, automation, channel),
every line valid, unmappable decisions refused with a clear message."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from moderator.domain import dsa, shipped
from moderator.domain.ids import new_uid
from moderator.domain.policy_file import parse_policy
from moderator.domain.regulator_map import MappingError
from moderator.domain.reports import Role
from moderator.services.policies import PolicyLibrary
from moderator.services.regulators import dsa_export
from moderator.services.workspace import Workspace
from moderator.store import policies as stored
from moderator.store.bank_matches import automated_reviewer
from moderator.store.models import Decision
from moderator.store.models_quality import Adjudication, SecondReview
from tests.helpers import regulators, seed

SEOUL = "Asia/Seoul"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def world(workspace: Workspace) -> dict[str, str]:
    now = workspace.now()
    with workspace.transaction() as s:
        kr = seed.queue(s, "kr", now, policy_id="kr-illegal-filming")
        ana = seed.reviewer(s, "ana", now).id
        bank = automated_reviewer(s, now)
        uids = {}
        rid, uids["filming"] = regulators.report(s, kr, utc(2026, 11, 9, 14, 0))
        regulators.decide(s, rid, ana, "illegal_filming", utc(2026, 11, 9, 15, 30),
                          policy_id="kr-illegal-filming")  # fmt: skip
        rid, uids["deepfake"] = regulators.report(s, kr, utc(2026, 11, 10), media=("image",),
                                                  channel="hotline-partner")  # fmt: skip
        regulators.decide(s, rid, ana, "false_video", utc(2026, 11, 10, 2),
                          policy_id="kr-illegal-filming")  # fmt: skip
        rid, uids["known"] = regulators.report(s, kr, utc(2026, 11, 10), channel="")
        regulators.decide(s, rid, bank, "illegal_filming", utc(2026, 11, 10, 3),
                          policy_id="kr-illegal-filming")  # fmt: skip
        rid, uids["fine"] = regulators.report(s, kr, utc(2026, 11, 10))
        regulators.decide(s, rid, ana, "no_violation", utc(2026, 11, 10, 4),
                          policy_id="kr-illegal-filming")  # fmt: skip
        # Decided before the period (in Seoul, 2026-11-09 14:59Z is still the 9th).
        rid, uids["early"] = regulators.report(s, kr, utc(2026, 11, 9))
        regulators.decide(s, rid, ana, "illegal_filming", utc(2026, 11, 9, 14, 59),
                          policy_id="kr-illegal-filming")  # fmt: skip
    return uids


def by_puid(export: dsa_export.Export) -> dict[str, dict[str, object]]:
    return {str(s["puid"]).removeprefix("moderator-"): s for s in export.statements}


def test_statements_from_the_record(workspace: Workspace, world: dict[str, str]) -> None:
    export = dsa_export.build(workspace, date(2026, 11, 10), date(2026, 11, 11), SEOUL)
    got = by_puid(export)
    assert set(got) == {world["filming"], world["deepfake"], world["known"]}
    assert export.skipped == 1  # "no violation" restricts nothing
    filming = got[world["filming"]]
    assert filming["decision_ground"] == dsa.ILLEGAL
    assert filming["category"] == "STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR"
    assert "Art. 14" in str(filming["illegal_content_legal_ground"])  # from legal_basis
    assert filming["content_type"] == ["CONTENT_TYPE_VIDEO"]
    assert filming["application_date"] == "2026-11-10"  # 15:30Z is 00:30 in Seoul
    assert filming["content_date"] == "2026-11-09"
    assert (filming["automated_detection"], filming["automated_decision"]) == (
        "No", "AUTOMATED_DECISION_NOT_AUTOMATED")  # fmt: skip
    assert filming["source_type"] == "SOURCE_ARTICLE_16"
    deepfake = got[world["deepfake"]]
    assert deepfake["content_type"] == ["CONTENT_TYPE_IMAGE", "CONTENT_TYPE_SYNTHETIC_MEDIA"]
    assert deepfake["source_type"] == "SOURCE_TRUSTED_FLAGGER"
    known = got[world["known"]]
    assert (known["automated_detection"], known["automated_decision"]) == (
        "Yes", "AUTOMATED_DECISION_FULLY")  # fmt: skip
    assert known["source_type"] == "SOURCE_VOLUNTARY"
    for s in export.statements:
        assert dsa.validate(s) == []


def test_written_as_json_lines(workspace: Workspace, world: dict[str, str], tmp_path: Path) -> None:
    export = dsa_export.build(workspace, date(2026, 11, 10), date(2026, 11, 11), SEOUL)
    path = dsa_export.write(export, tmp_path / "sor.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    assert all(dsa.validate(json.loads(line)) == [] for line in lines)
    assert "example.org" not in path.read_text()  # no reported address leaves


def test_an_outcome_without_mapping_is_refused(workspace: Workspace) -> None:
    now = workspace.now()
    body = shipped.folder("policies").joinpath("platform-generic.toml").read_text()
    # The same policy as an organisation might have written it before mappings existed.
    with workspace.transaction() as s:
        old = (
            body.replace('version = "2026.12"', 'version = "old"')
            .replace("\ndsa = false\n", "\n")
            .split("[outcomes.dsa]")[0]
        )
        old += '\n[[outcomes]]\nid = "media_unreviewable"\nlabel = "x"\nunreviewable = true\n'
        parsed = parse_policy(old.encode(), "old.toml")
        stored.insert(s, parsed.id, "old", parsed.sha256, parsed.title, old, "old.toml", "t", now)
        q = seed.queue(s, "gen2", now)
        ana = seed.reviewer(s, "ana", now).id
        rid, uid = regulators.report(s, q, utc(2026, 11, 10))
        regulators.decide(s, rid, ana, "no_violation", utc(2026, 11, 10, 1),
                          policy_id="platform-generic")  # fmt: skip
        s.execute(update(Decision).where(Decision.report_id == rid).values(
            policy_hash=parsed.sha256, policy_version="old"))  # fmt: skip
    with pytest.raises(dsa_export.ExportRefused) as caught:
        dsa_export.build(workspace, date(2026, 11, 10), date(2026, 11, 11), SEOUL)
    assert f"report {uid}: outcome 'no_violation' of platform-generic@old has no DSA mapping" in (
        str(caught.value))  # fmt: skip


def test_a_statement_breaking_a_rule_stops_the_export(
    workspace: Workspace, world: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dsa_export, "PUID_PREFIX", "moderator/")  # "/" is not allowed
    with pytest.raises(dsa_export.ExportRefused, match="puid: only letters"):
        dsa_export.build(workspace, date(2026, 11, 10), date(2026, 11, 11), SEOUL)


def test_a_bad_mapping_is_refused_at_import(workspace: Workspace) -> None:
    with workspace.transaction() as s:
        seed.reviewer(s, "boss", workspace.now(), role=Role.SUPERVISOR)
    body = shipped.folder("policies").joinpath("platform-generic.toml").read_text()
    bad = body.replace('version = "2026.12"', 'version = "bad"').replace(
        "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED", "DECISION_VISIBILITY_HIDDEN")  # fmt: skip
    with pytest.raises(MappingError, match=r"outcomes\.restrict\.dsa: decision_visibility"):
        PolicyLibrary(workspace, "boss").import_data(bad.encode(), "bad.toml")
    with workspace.transaction() as s:
        assert stored.version(s, "platform-generic", "bad") is None


def test_an_adjudication_is_the_decision_that_stands(workspace: Workspace) -> None:
    """Decided "illegal filming" before the period by two reviewers who disagreed; a
    supervisor adjudicated "no violation" inside it, then one adjudicated the other way."""
    now = workspace.now()
    with workspace.transaction() as s:
        kr = seed.queue(s, "kr", now, policy_id="kr-illegal-filming")
        ana = seed.reviewer(s, "ana", now).id
        boss = seed.reviewer(s, "boss", now, role=Role.SUPERVISOR).id
        uids = []
        for outcome in ("no_violation", "illegal_filming"):
            rid, uid = regulators.report(s, kr, utc(2026, 11, 1))
            first = regulators.decide(s, rid, ana, "illegal_filming", utc(2026, 11, 1, 1),
                                      policy_id="kr-illegal-filming")  # fmt: skip
            second = regulators.decide(s, rid, boss, "no_violation", utc(2026, 11, 1, 2),
                                       policy_id="kr-illegal-filming", round_=2)  # fmt: skip
            s.add(SecondReview(report_id=rid, first_decision_uid=first, first_reviewer_id=ana,
                               second_decision_uid=second, state="adjudicated",
                               queued_at=utc(2026, 11, 1, 1)))  # fmt: skip
            s.flush()
            s.add(Adjudication(report_id=rid, uid=new_uid(), supervisor_id=boss, outcome=outcome,
                               adjudicated_at=utc(2026, 11, 10, 5)))  # fmt: skip
            uids.append(uid)
    before = dsa_export.build(workspace, date(2026, 11, 1), date(2026, 11, 2), SEOUL)
    assert before.statements == []  # the outcomes of then no longer stand
    export = dsa_export.build(workspace, date(2026, 11, 10), date(2026, 11, 11), SEOUL)
    assert [s["puid"] for s in export.statements] == ["moderator-" + uids[1]]
    assert export.skipped == 1
    assert export.statements[0]["application_date"] == "2026-11-10"
