"""`moderator report dsa`: one statement of reasons per final decision that restricts
content, as JSON lines the DSA Transparency Database accepts.

The outcome's fields come from its policy (`[outcomes.dsa]`, read from the exact policy file
the decision was made under); the rest from the record: the media kinds, the dates, whether a
hash bank detected or decided it, the report's channel. Every statement is checked against
the database's rules (`domain.dsa`) before anything is written; a decision that cannot be
mapped or a statement that breaks a rule stops the export with every problem named.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from moderator.domain import dsa, shipped
from moderator.domain.errors import ModeratorError
from moderator.services import metrics
from moderator.services.regulators.finals import Final, PolicyMaps, finals
from moderator.services.workspace import Workspace
from moderator.store.private import write_private_text

PUID_PREFIX = "moderator-"
CONTENT_TYPES = {"image": "CONTENT_TYPE_IMAGE", "video": "CONTENT_TYPE_VIDEO"}


class ExportRefused(ModeratorError):
    """Decisions that cannot become statements; `problems` names each one."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        shown = "; ".join(self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"no statements written: {shown}{more}")


@dataclass(frozen=True, slots=True)
class Export:
    statements: list[dict[str, Any]]
    skipped: int  # final decisions whose outcome restricts nothing (`dsa = false`)


@cache
def source_types() -> dict[str, str]:
    text = shipped.folder("reports").joinpath("dsa.toml").read_text(encoding="utf-8")
    return dict(tomllib.loads(text)["source_types"])


def _day(value: datetime, zone: ZoneInfo) -> str:
    return value.astimezone(zone).date().isoformat()


def statement(final: Final, fields: dict[str, Any], policy: str, zone: ZoneInfo) -> dict[str, Any]:
    """The statement for `final` under its outcome's `fields`."""
    s: dict[str, Any] = {k: v for k, v in fields.items() if k != "content_type"}
    kinds = {CONTENT_TYPES.get(m.kind, "CONTENT_TYPE_OTHER") for m in final.media}
    kinds |= set(fields.get("content_type", []))
    if not final.media:
        kinds.add("CONTENT_TYPE_OTHER")  # a reported address with no media fetched
    s["content_type"] = sorted(kinds)
    if "CONTENT_TYPE_OTHER" in kinds:
        s["content_type_other"] = "reported file or link" if final.media else "reported link"
    s["content_date"] = _day(final.received_at, zone)  # the earliest day the record knows
    s["application_date"] = _day(final.final_at, zone)
    s["automated_detection"] = "Yes" if final.bank_matched or final.automated else "No"
    s["automated_decision"] = (
        "AUTOMATED_DECISION_FULLY" if final.automated else "AUTOMATED_DECISION_NOT_AUTOMATED"
    )
    types = source_types()
    s["source_type"] = types.get(final.channel, types["default"])
    if final.automated and not final.channel:
        s["source_type"] = "SOURCE_VOLUNTARY"
    how = (
        "matched known content in a hash bank and was decided without a person viewing it"
        if final.automated
        else "was reviewed by a trained analyst against a written checklist"
    )
    facts = fields.get("decision_facts") or f"The reported content {how} (policy {policy})."
    s["decision_facts"] = facts
    s["puid"] = PUID_PREFIX + final.report_uid
    return s


def build(workspace: Workspace, first: date, end: date, tz: str) -> Export:
    """Statements for decisions that stand since a time in [first, end) in `tz`, checked."""
    start, stop = metrics.period(first, end, tz)
    zone = ZoneInfo(tz)
    problems: list[str] = []
    out: list[dict[str, Any]] = []
    skipped = 0
    with workspace.transaction() as session:
        policies = PolicyMaps(session)
        for final in finals(session, start, stop):
            name, mapped = policies.outcome(final)
            if mapped is None or not mapped.dsa_mapped:
                problems.append(
                    f"report {final.report_uid}: outcome {final.outcome!r} of {name} has no DSA "
                    "mapping (add [outcomes.dsa], or dsa = false, to the policy)"
                )
                continue
            if mapped.dsa is None:
                skipped += 1
                continue
            s = statement(final, dict(mapped.dsa), name, zone)
            problems += [f"report {final.report_uid}: {p}" for p in dsa.validate(s)]
            out.append(s)
    if problems:
        raise ExportRefused(problems)
    return Export(out, skipped)


def write(export: Export, path: Path) -> Path:
    """The statements as JSON lines (UTF-8, one statement per line), private to the user."""
    lines = "".join(json.dumps(s, ensure_ascii=False, sort_keys=True) + "\n"
                    for s in export.statements)  # fmt: skip
    return write_private_text(path, lines)
