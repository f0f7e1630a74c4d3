"""Intake: a batch of manifest records from a source, with its media, into the queue.

The records are the manifest schema of `moderator ingest` and go through the same `Ingest`
(validation, queue lookup, sandboxed hashing in the media pool, hash-bank matching, one audit
event per batch), so every record gets the answer local ingest would give it. On top:
- the source is the token's: a record naming another source is rejected;
- (source, external_ref) is the idempotency key: the same content again is `present` (a
  no-op), different content is rejected for that record, the rest of the batch goes in;
- a media reference is the name of a file uploaded in the same request, a SHA-256 (or a
  path) of a file already in the server's media store, or an https URL.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from moderator.domain.reports import IMAGE_SUFFIXES, VIDEO_SUFFIXES, RecordError
from moderator.media.pool import MediaPool
from moderator.server.context import Server
from moderator.server.errors import TooLarge
from moderator.services.ingest import Ingest
from moderator.services.manifest import Entry
from moderator.services.media_hashing import pool_hasher
from moderator.services.sources import Caller
from moderator.store.errors import DatabaseUnavailable
from moderator.store.journal import Actor
from moderator.store.models import Report
from moderator.store.models_platform import IntakeRecord

MAX_RECORDS = 1000  # per request
MAX_MEDIA_FILES = 1000  # uploaded parts per request
SHA = re.compile(r"^([0-9a-f]{64})(\.[a-z0-9]{1,5})?$")
KNOWN_SUFFIXES = IMAGE_SUFFIXES | VIDEO_SUFFIXES


@dataclass(frozen=True, slots=True)
class Upload:
    sha256: str
    size: int
    suffix: str = ""  # of the uploaded filename, when it names a media type (".png")

    @property
    def name(self) -> str:
        """The file's name in the store: its SHA-256 and suffix (the suffix tells its kind)."""
        return f"{self.sha256[:2]}/{self.sha256}{self.suffix}"


def suffix_of(filename: str) -> str:
    suffix = PurePosixPath(filename.lower()).suffix
    return suffix if suffix in KNOWN_SUFFIXES else ""


@dataclass(frozen=True, slots=True)
class Outcome:
    index: int
    external_ref: str | None
    status: str  # accepted / present / rejected
    report: str | None = None
    error: str | None = None


class Hashing:
    """One sandboxed media pool per server process, started on the first intake with media."""

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers or max(2, min(4, os.cpu_count() or 2))
        self._pool: MediaPool | None = None
        self._lock = threading.Lock()

    def pool(self) -> MediaPool:
        with self._lock:
            if self._pool is None:
                self._pool = MediaPool(workers=self.workers)
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None


def _content(record: dict[str, Any], media: list[str]) -> str:
    fields = {k: v for k, v in record.items() if k != "media"}
    text = json.dumps([fields, media], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _media_refs(record: dict[str, Any], uploads: dict[str, Upload], server: Server) -> list[str]:
    raw = record.get("media", [])
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(m, str) for m in raw):
        raise RecordError("media: a list of names (uploaded files, store names or https URLs)")
    out = []
    for ref in raw:
        named = SHA.match(ref)
        if ref in uploads:
            out.append(uploads[ref].name)
        elif named:
            if not (server.settings.media_dir / ref[:2] / named.group(1)).is_file():
                raise RecordError(f"media {ref[:16]}...: no such file in the server's media store")
            out.append(f"{ref[:2]}/{ref}")
        else:
            out.append(ref)  # a path in the store or an https URL: ingest checks it
    return out


def submit(
    server: Server,
    hashing: Hashing,
    caller: Caller,
    records: list[Any],
    uploads: dict[str, Upload],
) -> list[Outcome]:
    if not records:
        raise RecordError("the batch holds no records")
    if len(records) > MAX_RECORDS:
        raise TooLarge(f"a batch holds at most {MAX_RECORDS} records, not {len(records)}")
    outcomes: dict[int, Outcome] = {}
    ready: list[tuple[int, dict[str, Any], str]] = []
    for i, record in enumerate(records):
        ref = record.get("external_ref") if isinstance(record, dict) else None
        ref = ref if isinstance(ref, str) else None
        try:
            if not isinstance(record, dict):
                raise RecordError("expected a JSON object")
            if record.get("source") not in (None, caller.name):
                raise RecordError(f"source: this token submits for {caller.name!r} only")
            media = _media_refs(record, uploads, server)
        except RecordError as exc:
            outcomes[i] = Outcome(i, ref, "rejected", error=str(exc))
            continue
        shaped = {**record, "source": caller.name, "media": media}
        ready.append((i, shaped, _content(record, media)))
    keyed = [(i, r, c) for i, r, c in ready if isinstance(r.get("external_ref"), str)]
    known = _known(server, caller, [r["external_ref"] for _i, r, _c in keyed])
    fresh: list[tuple[int, dict[str, Any], str]] = []
    for i, record, content in ready:
        ref = record.get("external_ref")
        if isinstance(ref, str) and ref in known:
            digest, uid = known[ref]
            if digest == content:
                outcomes[i] = Outcome(i, ref, "present", report=uid)
            else:
                outcomes[i] = Outcome(
                    i,
                    ref,
                    "rejected",
                    error=f"external_ref {ref!r} was submitted before with different content",
                )
            continue
        fresh.append((i, record, content))
    if fresh:
        _ingest(server, hashing, caller, fresh, uploads, outcomes)
    return [outcomes[i] for i in range(len(records))]


def _known(server: Server, caller: Caller, refs: list[str]) -> dict[str, tuple[str, str]]:
    if not refs:
        return {}
    with server.workspace().transaction() as session:
        rows = session.execute(
            select(IntakeRecord.external_ref, IntakeRecord.content_sha256, Report.uid)
            .join(Report, Report.id == IntakeRecord.report_id)
            .where(IntakeRecord.source_id == caller.source_id, IntakeRecord.external_ref.in_(refs))
        ).all()
    return {r[0]: (r[1], r[2]) for r in rows}


def _ingest(
    server: Server,
    hashing: Hashing,
    caller: Caller,
    fresh: list[tuple[int, dict[str, Any], str]],
    uploads: dict[str, Upload],
    outcomes: dict[int, Outcome],
) -> None:
    workspace = server.workspace()
    has_media = any(r.get("media") for _i, r, _c in fresh)
    hasher = pool_hasher(hashing.pool()) if has_media else None
    actor = Actor(f"source:{caller.name}", server.main_chain)
    ingest = Ingest(workspace, actor, hasher=hasher, hash_workers=hashing.workers)
    where = f"intake:{caller.name}"
    entries = [Entry(where, i + 1, record, 0) for i, record, _c in fresh]
    summary = ingest.run_records(where, caller.name, entries)
    if summary.stopped:
        raise DatabaseUnavailable(summary.stopped)
    problems = {p.line - 1: p.reason for p in summary.problems if p.record}
    refs = [r["external_ref"] for i, r, _c in fresh if i not in problems]
    with server.workspace().transaction() as session:
        ids = (
            dict(
                session.execute(
                    select(Report.external_ref, Report.id).where(
                        tuple_(Report.source, Report.external_ref).in_(
                            [(caller.name, r) for r in refs]
                        )
                    )
                ).all()
            )
            if refs
            else {}
        )
        uids = (
            dict(
                session.execute(
                    select(Report.id, Report.uid).where(Report.id.in_(ids.values()))
                ).all()
            )
            if ids
            else {}
        )
        rows = []
        now = server.now()
        for i, record, content in fresh:
            ref = record.get("external_ref")
            ref = ref if isinstance(ref, str) else None
            if i in problems:
                outcomes[i] = Outcome(i, ref, "rejected", error=problems[i])
                continue
            report_id = ids.get(ref) if ref else None
            if report_id is None:
                outcomes[i] = Outcome(i, ref, "present")  # a repeat within the batch
                continue
            outcomes[i] = Outcome(i, ref, "accepted", report=uids[report_id])
            rows.append(
                {
                    "source_id": caller.source_id,
                    "external_ref": ref,
                    "content_sha256": content,
                    "report_id": report_id,
                    "received_at": now,
                }
            )
        if rows:
            dialect = session.get_bind().dialect.name
            insert = pg_insert if dialect == "postgresql" else sqlite_insert
            session.execute(insert(IntakeRecord).values(rows).on_conflict_do_nothing())
