"""Ingest: JSONL or CSV manifests, or folders of media, into the queue.

Records stream through in batches (memory stays flat); each batch is one transaction with one
audit event. Bad records are reported with their line and reason and the good ones still go
in. Ingesting the same input again adds nothing: reports are keyed by (source, external_ref).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from moderator.domain.audit import EventKind
from moderator.domain.ids import new_uid
from moderator.domain.reports import RecordError, ReportRecord, media_kind_for, parse_record
from moderator.services.workspace import Workspace
from moderator.store import journal
from moderator.store.reports import QueueRef, insert_media, insert_new_reports, queues_by_name

BATCH = 2000
CSV_FIELD_LIMIT = 1_000_000
HASH_CACHE = 10_000


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    reason: str

    def describe(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.reason}"
            if self.line
            else f"{self.file}: {self.reason}"
        )


@dataclass(frozen=True, slots=True)
class FileHashes:
    sha256: str
    md5: str
    size_bytes: int
    pdq: str | None = None
    pdq_quality: int | None = None
    pdq_frames: str | None = None
    media_format: str | None = None
    error: str | None = None


Hasher = Callable[[Path], FileHashes]


@dataclass
class IngestSummary:
    files: int = 0
    records: int = 0
    added: int = 0
    duplicates: int = 0
    rejected: int = 0
    media: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rejected == 0 and not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "records": self.records,
            "added": self.added,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "media": self.media,
            "problems": [
                {"file": p.file, "line": p.line, "reason": p.reason} for p in self.problems
            ],
        }


def hash_bytes(path: Path) -> FileHashes:
    """SHA-256 and MD5 of a file's bytes, read in chunks (nothing is decoded)."""
    sha, md5, size = hashlib.sha256(), hashlib.md5(usedforsecurity=False), 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
            md5.update(chunk)
            size += len(chunk)
    return FileHashes(sha.hexdigest(), md5.hexdigest(), size)


def resolve_media(root: Path, ref: str) -> tuple[str, Path | None]:
    """Map a manifest's media reference to (stored URI, local path or None for a URL).

    Local media must lie under the media root; `..`, absolute paths elsewhere and symlinks that
    lead out of the root are refused.
    """
    if ref.lower().startswith("https://"):
        return ref, None
    if "://" in ref:
        raise RecordError(f"media {ref!r}: only paths under the media root or https URLs")
    root = root.resolve()
    candidate = Path(ref)
    full = (candidate if candidate.is_absolute() else root / candidate).resolve()
    if not full.is_relative_to(root):
        raise RecordError(f"media {ref!r}: outside the media root {root}")
    if not full.is_file():
        raise RecordError(f"media {ref!r}: no such file under the media root")
    return full.relative_to(root).as_posix(), full


# --- readers: each yields (line number, raw record or RecordError) ---------------------------

RawItem = tuple[int, dict[str, Any] | RecordError]


def read_jsonl(path: Path) -> Iterator[RawItem]:
    """Lines are decoded one by one, so a bad byte costs one record, not the file."""
    with path.open("rb") as handle:
        for lineno, raw_line in enumerate(handle, start=1):
            try:
                line = raw_line.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError:
                yield lineno, RecordError("not UTF-8 text")
                continue
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield lineno, RecordError(f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            if isinstance(value, dict):
                yield lineno, value
            else:
                yield lineno, RecordError("expected a JSON object")


def read_csv(path: Path) -> Iterator[RawItem]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            for row in reader:
                if None in row:
                    yield reader.line_num, RecordError("more values than header columns")
                    continue
                yield reader.line_num, {k: v for k, v in row.items() if v not in (None, "")}
        except (csv.Error, UnicodeDecodeError) as exc:
            yield reader.line_num, RecordError(f"unreadable CSV ({exc})")


def read_folder(folder: Path, root: Path, source: str) -> Iterator[RawItem]:
    """One report per media file; the external reference is the path under the folder."""
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        files.extend(Path(dirpath) / f for f in sorted(filenames) if not f.startswith("."))
    for index, file in enumerate(files, start=1):
        yield (
            index,
            {
                "external_ref": file.relative_to(folder).as_posix(),
                "source": source,
                "media": [str(file)],
            },
        )


# --- the ingest itself --------------------------------------------------------------------


@dataclass
class _Batch:
    reports: list[dict[str, Any]] = field(default_factory=list)
    media: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)


class Ingest:
    """One ingest run over several inputs, reporting progress through a callback."""

    def __init__(
        self,
        workspace: Workspace,
        actor: journal.Actor,
        *,
        default_queue: str | None = None,
        source: str | None = None,
        hasher: Hasher | None = hash_bytes,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.ws = workspace
        self.actor = actor
        self.default_queue = default_queue
        self.source = source
        self.hasher = hasher
        self.progress = progress
        self.summary = IngestSummary()
        self._hashed: dict[Path, FileHashes] = {}
        with workspace.transaction() as session:
            self.queues = queues_by_name(session)

    def run(self, paths: Iterable[Path]) -> IngestSummary:
        for path in paths:
            self.summary.files += 1
            self._ingest_one(path)
        return self.summary

    def _items(self, path: Path) -> tuple[str, Iterator[RawItem]]:
        root = self.ws.media_root
        if path.is_dir():
            resolved = path.resolve()
            if not resolved.is_relative_to(root.resolve()):
                raise RecordError(f"folder is outside the media root {root}")
            source = self.source or f"folder:{resolved.relative_to(root.resolve()).as_posix()}"
            return source, read_folder(resolved, root, source)
        source = self.source or f"file:{path.name}"
        if path.suffix.lower() == ".csv":
            return source, read_csv(path)
        return source, read_jsonl(path)

    def _ingest_one(self, path: Path) -> None:
        name = str(path)
        if not path.exists():
            self.summary.problems.append(Problem(name, 0, "no such file or folder"))
            return
        try:
            source, items = self._items(path)
        except RecordError as exc:
            self.summary.problems.append(Problem(name, 0, str(exc)))
            return
        batch = _Batch()
        try:
            for lineno, raw in items:
                self.summary.records += 1
                try:
                    if isinstance(raw, RecordError):
                        raise raw
                    self._add(batch, raw, source)
                except RecordError as exc:
                    self.summary.rejected += 1
                    self.summary.problems.append(Problem(name, lineno, str(exc)))
                if len(batch.reports) >= BATCH:
                    self._flush(batch, name)
                    batch = _Batch()
        except OSError as exc:
            self.summary.problems.append(Problem(name, 0, f"cannot be read ({exc.strerror})"))
        self._flush(batch, name)

    def _add(self, batch: _Batch, raw: dict[str, Any], source: str) -> None:
        now = self.ws.now()
        record = parse_record(raw, default_source=source, default_queue=self.default_queue, now=now)
        queue = self.queues.get(record.queue)
        if queue is None:
            raise RecordError(f"queue: no queue named {record.queue!r}")
        key = (record.source, record.external_ref)
        media = [self._media_row(ref, position) for position, ref in enumerate(record.media)]
        batch.reports.append(_report_row(record, queue, now))
        batch.media[key] = media

    def _media_row(self, ref: str, position: int) -> dict[str, Any]:
        uri, local = resolve_media(self.ws.media_root, ref)
        row: dict[str, Any] = {
            "position": position,
            "uri": uri,
            "kind": media_kind_for(uri).value,
            "size_bytes": None,
        }
        if local is not None:
            if self.hasher is None:
                row["size_bytes"] = local.stat().st_size
            else:
                h = self._hash(local)
                row.update(
                    size_bytes=h.size_bytes,
                    sha256=h.sha256,
                    md5=h.md5,
                    pdq=h.pdq,
                    pdq_quality=h.pdq_quality,
                    pdq_frames=h.pdq_frames,
                    media_format=h.media_format,
                    probe_error=h.error,
                )
        return row

    def _hash(self, path: Path) -> FileHashes:
        """Hash each file once per run: the same media is often reported many times."""
        assert self.hasher is not None
        known = self._hashed.get(path)
        if known is None:
            if len(self._hashed) >= HASH_CACHE:
                self._hashed.pop(next(iter(self._hashed)))
            known = self._hashed[path] = self.hasher(path)
        return known

    def _flush(self, batch: _Batch, name: str) -> None:
        if not batch.reports:
            return
        with self.ws.transaction() as session:
            added = insert_new_reports(session, batch.reports)
            media = [
                dict(row, report_id=report_id)
                for key, report_id in added.items()
                for row in batch.media[key]
            ]
            insert_media(session, media)
            if added:
                journal.append(
                    session,
                    self.actor,
                    EventKind.INGEST,
                    self.ws.now(),
                    payload={
                        "file": name,
                        "added": len(added),
                        "reports": sorted(
                            r["uid"]
                            for r in batch.reports
                            if (r["source"], r["external_ref"]) in added
                        ),
                    },
                )
        self.summary.added += len(added)
        self.summary.duplicates += len(batch.reports) - len(added)
        self.summary.media += len(media)
        if self.progress is not None:
            self.progress(self.summary.records)


def _report_row(record: ReportRecord, queue: QueueRef, now: Any) -> dict[str, Any]:
    return {
        "uid": new_uid(),
        "source": record.source,
        "external_ref": record.external_ref,
        "queue_id": queue.id,
        "channel": record.channel,
        "received_at": record.received_at,
        "sla_due": record.sla_due or record.received_at + timedelta(hours=queue.sla_hours),
        "reported_category": record.reported_category,
        "reporter_text": record.reporter_text,
        "url": record.url,
        "platform": record.platform,
        "priority": record.priority,
        "state": "queued",
        "review_round": 1,
        "ingested_at": now,
    }
