"""What an ingest run did: counts, each rejected record, media that cannot be previewed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
            "stopped": self.stopped,
        }

    def line(self) -> str:
        """The one-line summary a person reads."""
        text = (
            f"{self.added} report(s) added, {self.duplicates} already present, "
            f"{self.rejected} rejected, {self.media} media item(s)"
        )
        if self.unpreviewable:
            text += f" ({len(self.unpreviewable)} cannot be previewed)"
        if self.unreadable_inputs:
            text += f"; {self.unreadable_inputs} input(s) not read"
        return text
