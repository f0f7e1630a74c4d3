"""What an ingest run did: counts, each rejected record, media that cannot be previewed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from moderator.services.i18n import _, n


@dataclass(frozen=True, slots=True)
class Problem:
    """A rejected record (`record`), or an input that could not be read at all."""

    file: str
    line: int
    reason: str
    record: bool = True

    def describe(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.reason}"
            if self.line
            else f"{self.file}: {self.reason}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "reason": self.reason,
            "kind": "record" if self.record else "input",
        }


@dataclass(frozen=True, slots=True)
class Unpreviewable:
    """Stored media the decoder could not read: the report goes in, a person may need to know."""

    file: str
    line: int
    media: str
    reason: str

    def describe(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: media {self.media!r}: {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "media": self.media, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class IngestProgress:
    """Where a run is: records read, input bytes behind us of the total, media bytes hashed."""

    records: int
    done_bytes: int
    total_bytes: int
    hashed_bytes: int


@dataclass(frozen=True, slots=True)
class Matched:
    """A new report whose media matched hash banks, and what was done (known/route/flag)."""

    where: str
    line: int
    external_ref: str
    report_uid: str
    taken: str
    matches: tuple[dict[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.where,
            "line": self.line,
            "external_ref": self.external_ref,
            "report": self.report_uid,
            "action": self.taken,
            "matches": list(self.matches),
        }


@dataclass
class IngestSummary:
    files: int = 0
    records: int = 0
    added: int = 0
    duplicates: int = 0
    rejected: int = 0
    media: int = 0
    unreadable_inputs: int = 0
    problems: list[Problem] = field(default_factory=list)
    unpreviewable: list[Unpreviewable] = field(default_factory=list)
    matched: list[Matched] = field(default_factory=list)
    stopped: str | None = None  # why the run stopped early (the environment); batches kept

    @property
    def ok(self) -> bool:
        return not self.problems and self.stopped is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "records": self.records,
            "added": self.added,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "unreadable_inputs": self.unreadable_inputs,
            "media": self.media,
            "cannot_preview": len(self.unpreviewable),
            "problems": [p.as_dict() for p in self.problems],
            "unpreviewable": [u.as_dict() for u in self.unpreviewable],
            "known": sum(1 for m in self.matched if m.taken == "known"),
            "matched": [m.as_dict() for m in self.matched],
            "stopped": self.stopped,
        }

    def line(self) -> str:
        """The one-line summary a person reads."""
        text = _(
            "{added} report(s) added, {duplicates} already present, {rejected} rejected, "
            "{media} media item(s)",
            added=n(self.added), duplicates=n(self.duplicates), rejected=n(self.rejected),
            media=n(self.media),
        )  # fmt: skip
        if self.unpreviewable:
            text += _(" ({count} cannot be previewed)", count=n(len(self.unpreviewable)))
        if self.unreadable_inputs:
            text += _("; {count} input(s) not read", count=n(self.unreadable_inputs))
        return text
