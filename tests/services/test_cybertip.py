"""CyberTipline XML from the record: only outcomes the policy reports, the schema's element
order and required elements, the industry class from the checklist and `fileViewedByEsp`
from the audit log's reveals (true), views only (false) and a hash bank's decision (false)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from moderator.domain.audit import EventKind
from moderator.services.organisation import Organisation
from moderator.services.regulators import cybertip
from moderator.services.workspace import Workspace
from moderator.store.bank_matches import automated_reviewer
from tests.helpers import regulators, seed

DAY = (date(2026, 11, 10), date(2026, 11, 11), "UTC")
GRADED = {"child": "yes", "imagery": "photographic", "uk_category": "A", "age_band": "7-10",
          "industry_class": "A1"}  # fmt: skip
# The schema's sequences, as far as these documents use them.
REPORT_ORDER = ["incidentSummary", "internetDetails", "lawEnforcement", "reporter",
                "personOrUserReported", "intendedRecipient", "victim",
                "additionalInfo"]  # fmt: skip
FILE_ORDER = ["reportId", "fileId", "originalFileName", "locationOfFile", "fileViewedByEsp",
              "exifViewedByEsp", "publiclyAvailable", "fileRelevance", "fileAnnotations",
              "industryClassification", "originalFileHash", "ipCaptureEvent", "deviceId",
              "details", "additionalInfo"]  # fmt: skip


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def world(workspace: Workspace) -> dict[str, str]:
    now = workspace.now()
    uids = {}
    with workspace.transaction() as s:
        q = seed.queue(s, "csam", now, policy_id="iwf-csam-grading")
        ana = seed.reviewer(s, "ana", now, role=seed.Role.SUPERVISOR).id
        rid, uids["revealed"] = regulators.report(s, q, utc(2026, 11, 10, 1),
                                                  media=("image", "image"))  # fmt: skip
        regulators.seen(s, uids["revealed"], utc(2026, 11, 10, 2), EventKind.VIEW, media=0)
        regulators.seen(s, uids["revealed"], utc(2026, 11, 10, 2), EventKind.VIEW, media=1)
        regulators.seen(s, uids["revealed"], utc(2026, 11, 10, 2), EventKind.REVEAL, media=1)
        regulators.decide(s, rid, ana, "csam_actionable", utc(2026, 11, 10, 3),
                          policy_id="iwf-csam-grading", answers=GRADED)  # fmt: skip
        rid, uids["known"] = regulators.report(s, q, utc(2026, 11, 10, 1), media=("video",))
        regulators.decide(s, rid, automated_reviewer(s, now), "csam_actionable",
                          utc(2026, 11, 10, 1), policy_id="iwf-csam-grading",
                          answers={**GRADED, "industry_class": "B2"})  # fmt: skip
        rid, uids["adult"] = regulators.report(s, q, utc(2026, 11, 10, 1))
        regulators.decide(s, rid, ana, "adult_only", utc(2026, 11, 10, 4),
                          policy_id="iwf-csam-grading", answers={"child": "no"})  # fmt: skip
    Organisation(workspace, "ana").change({"ncmec_reporter": "Ana Kim",
                                           "ncmec_email": "tips@example.org"})  # fmt: skip
    return uids


def order_ok(children: list[str], order: list[str]) -> bool:
    ranks = [order.index(c) for c in children]
    return ranks == sorted(ranks)


def test_only_reported_outcomes_become_tips(workspace: Workspace, world: dict[str, str]) -> None:
    batch = cybertip.gather(workspace, *DAY)
    assert {t.report_uid for t in batch.tips} == {world["revealed"], world["known"]}


def test_file_viewed_comes_from_the_reveals(workspace: Workspace, world: dict[str, str]) -> None:
    tips = {t.report_uid: t for t in cybertip.gather(workspace, *DAY).tips}
    # File 1 was only seen blurred, file 2 revealed; no one saw the bank's match.
    assert [f.viewed for f in tips[world["revealed"]].files] == [False, True]
    assert [f.viewed for f in tips[world["known"]].files] == [False]
    assert tips[world["known"]].files[0].classification == "B2"


def test_documents_in_schema_order(
    workspace: Workspace, world: dict[str, str], tmp_path: Path
) -> None:
    written = cybertip.write(cybertip.gather(workspace, *DAY), tmp_path)
    assert len(written) == 2 + 3  # two reports, three files
    report = ET.parse(tmp_path / f"report-{world['revealed']}.xml").getroot()
    assert report.tag == "report"
    assert order_ok([c.tag for c in report], REPORT_ORDER)
    assert [c.tag for c in report.find("incidentSummary")] == ["incidentType", "incidentDateTime"]
    person = report.find("reporter/reportingPerson")
    assert [c.tag for c in person] == ["firstName", "lastName", "email"]
    assert report.findtext("reporter/reportingPerson/email") == "tips@example.org"
    for n, viewed in ((1, "false"), (2, "true")):
        doc = ET.parse(tmp_path / f"file-{world['revealed']}-{n}.xml").getroot()
        tags = [c.tag for c in doc]
        assert tags[:2] == ["reportId", "fileId"]  # required, first
        assert order_ok(tags, FILE_ORDER)
        assert doc.findtext("fileViewedByEsp") == viewed
        assert doc.findtext("industryClassification") == "A1"
        hashes = {h.get("hashType") for h in doc.findall("originalFileHash")}
        assert hashes == {"SHA256", "MD5"}


def test_a_missing_classification_is_refused(workspace: Workspace) -> None:
    now = workspace.now()
    with workspace.transaction() as s:
        q = seed.queue(s, "csam", now, policy_id="iwf-csam-grading")
        ana = seed.reviewer(s, "ana", now).id
        rid, uid = regulators.report(s, q, utc(2026, 11, 10, 1))
        regulators.decide(s, rid, ana, "csam_actionable", utc(2026, 11, 10, 3),
                          policy_id="iwf-csam-grading", answers={"child": "yes"})  # fmt: skip
    with pytest.raises(cybertip.CybertipRefused, match=f"report {uid}: .*industry_class"):
        cybertip.gather(workspace, *DAY)


def test_the_reporters_email_is_required(workspace: Workspace, world: dict[str, str]) -> None:
    Organisation(workspace, "ana").change({"ncmec_email": ""})
    with pytest.raises(cybertip.CybertipRefused, match="--ncmec-email"):
        cybertip.gather(workspace, *DAY)
