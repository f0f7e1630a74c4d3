"""NCMEC CyberTipline reports for the final decisions whose outcome calls for one.

For each such report: one `<report>` document (the CyberTipline reporting API's Report
request, elements in the schema's order) and one `<fileDetails>` document per media file.
The industry classification comes from the checklist answer the policy names
(`[outcomes.ncmec]`); `fileViewedByEsp` is true exactly when the audit log holds a reveal of
that file (sharp pixels, including a low-blur view that counts as one), and false when it was
only seen blurred or never (a hash bank's decision). Neither is ever typed by hand.

NCMEC assigns the report's and the files' ids when the report is submitted; until then
`reportId` and `fileId` carry the placeholders below, which the submitter replaces.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError
from moderator.domain.regulator_map import NcmecMapping
from moderator.services import metrics
from moderator.services.organisation import read_settings
from moderator.services.regulators.finals import Final, PolicyMaps, finals
from moderator.services.workspace import Workspace
from moderator.store.models import AuditEvent, Report
from moderator.store.private import private_dir, write_private_text

REPORT_ID_PLACEHOLDER = "0"  # NCMEC's report id, known once the report is submitted
FILE_ID_PLACEHOLDER = "pending"  # NCMEC's file id, known once the file is uploaded


class CybertipRefused(ModeratorError):
    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("no CyberTipline report written: " + "; ".join(self.problems[:5]))


@dataclass(frozen=True, slots=True)
class FileFacts:
    position: int
    sha256: str | None
    md5: str | None
    viewed: bool  # revealed on screen by a reviewer, from the audit log
    classification: str  # A1 | A2 | B1 | B2


@dataclass(frozen=True, slots=True)
class Tip:
    report_uid: str
    incident_type: str
    incident_at: datetime
    url: str
    files: tuple[FileFacts, ...]


@dataclass(frozen=True, slots=True)
class Tips:
    tips: list[Tip]
    reporter: str  # the reporting person's name and e-mail, from the organisation's settings
    email: str


def revealed(session: Session, report_uid: str) -> set[int]:
    """Positions of the report's media a reviewer saw sharp, from its REVEAL events."""
    payloads = session.scalars(
        select(AuditEvent.payload).where(
            AuditEvent.report_uid == report_uid, AuditEvent.kind == EventKind.REVEAL.value
        )
    )
    return {int(json.loads(p).get("media", 0)) for p in payloads}


def _classification(final: Final, mapping: NcmecMapping) -> str | None:
    answer = final.answers.get(mapping.question)
    return mapping.classes.get(answer) if isinstance(answer, str) else None


def gather(workspace: Workspace, first: date, end: date, tz: str) -> Tips:
    """The reports due to NCMEC among decisions that stand since a time in [first, end)."""
    start, stop = metrics.period(first, end, tz)
    tips: list[Tip] = []
    problems: list[str] = []
    with workspace.transaction() as session:
        policies = PolicyMaps(session)
        for final in finals(session, start, stop):
            _name, mapped = policies.outcome(final)
            if mapped is None or mapped.ncmec is None:
                continue
            cls = _classification(final, mapped.ncmec)
            if cls is None:
                problems.append(
                    f"report {final.report_uid}: the checklist answer to "
                    f"{mapped.ncmec.question!r} gives no industry classification (A1-B2)"
                )
                continue
            seen = revealed(session, final.report_uid)
            url = session.scalar(select(Report.url).where(Report.id == final.report_id)) or ""
            files = tuple(
                FileFacts(m.position, m.sha256, m.md5, m.position in seen, cls) for m in final.media
            )
            tips.append(Tip(final.report_uid, mapped.ncmec.incident_type, final.received_at,
                            url, files))  # fmt: skip
        settings = read_settings(session)
    if tips and not settings.ncmec_email:
        problems.append("the reporting person's e-mail is not set: a supervisor sets it with "
                        "`moderator org set --ncmec-email ADDRESS`")  # fmt: skip
    if problems:
        raise CybertipRefused(problems)
    return Tips(tips, settings.ncmec_reporter, settings.ncmec_email)


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    child = ET.SubElement(parent, tag)
    if text is not None:
        child.text = text
    return child


def report_xml(tip: Tip, reporter: str, email: str) -> str:
    """The Report request: incidentSummary, internetDetails, reporter (schema order)."""
    root = ET.Element("report")
    summary = _sub(root, "incidentSummary")
    _sub(summary, "incidentType", tip.incident_type)
    _sub(summary, "incidentDateTime", tip.incident_at.astimezone(UTC).isoformat())
    if tip.url:
        web = _sub(_sub(root, "internetDetails"), "webPageIncident")
        _sub(web, "url", tip.url)
    person = _sub(_sub(root, "reporter"), "reportingPerson")
    first, _, last = reporter.strip().partition(" ")
    if first:
        _sub(person, "firstName", first)
    if last:
        _sub(person, "lastName", last)
    _sub(person, "email", email)
    _sub(root, "additionalInfo", f"Moderator report {tip.report_uid}")
    return _document(root)


def file_xml(tip: Tip, f: FileFacts) -> str:
    """The fileDetails request of one file (schema order)."""
    root = ET.Element("fileDetails")
    _sub(root, "reportId", REPORT_ID_PLACEHOLDER)
    _sub(root, "fileId", FILE_ID_PLACEHOLDER)
    _sub(root, "fileViewedByEsp", "true" if f.viewed else "false")
    _sub(root, "industryClassification", f.classification)
    for kind, value in (("SHA256", f.sha256), ("MD5", f.md5)):
        if value:
            _sub(root, "originalFileHash", value).set("hashType", kind)
    _sub(root, "additionalInfo", f"Moderator report {tip.report_uid}, file {f.position + 1}")
    return _document(root)


def _document(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def write(batch: Tips, out: Path) -> list[Path]:
    """`report-<uid>.xml` and `file-<uid>-<n>.xml` for each tip, into `out`."""
    private_dir(out)
    written = []
    for tip in batch.tips:
        page = report_xml(tip, batch.reporter, batch.email)
        written.append(write_private_text(out / f"report-{tip.report_uid}.xml", page))
        for f in tip.files:
            name = f"file-{tip.report_uid}-{f.position + 1}.xml"
            written.append(write_private_text(out / name, file_xml(tip, f)))
    return written
