"""Ingest: JSONL or CSV manifests, or folders of media, into the queue.

Every record is accepted or rejected on its own, with its file, line and reason: nothing one
record holds ends the run. Records go in batches; each batch is one transaction with one audit
event, so what was committed stays when the environment fails (disk full, database gone: the
run stops with that one reason) and running the same command again resumes, because reports
are keyed by (source, external_ref) and those already present are skipped before any hashing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from moderator.domain.reports import RecordError, ReportRecord, parse_record
from moderator.services.bank_match import BankMatcher
from moderator.services.ingest_media import (
    ENVIRONMENT_ERRNOS,
    FileHashes,
    Hashed,
    Hasher,
    hash_bytes,
    resolve_media,
)
from moderator.services.ingest_summary import IngestProgress, IngestSummary, Problem
from moderator.services.ingest_write import BatchWriter, Item, Row
from moderator.services.manifest import Entry, folder_files, read_csv, read_folder, read_jsonl
from moderator.services.workspace import Workspace
from moderator.store import journal
from moderator.store.db import refresh_statistics
from moderator.store.errors import DatabaseUnavailable
from moderator.store.reports import existing_keys, queues_by_name

__all__ = ["FileHashes", "Hasher", "Ingest", "IngestSummary", "Problem", "hash_bytes"]

log = logging.getLogger(__name__)

BATCH = 2000
BATCH_BYTES = 256 << 20  # media bytes to hash before a commit: a kill loses little work
HASH_CACHE = 10_000
ANALYZE_AFTER = 1000  # reports added by one run: then the planner gets fresh statistics


@dataclass
class _Pending:
    items: list[Item] = field(default_factory=list)
    size: int = 0

    @property
    def full(self) -> bool:
        return len(self.items) >= BATCH or self.size >= BATCH_BYTES


@dataclass(frozen=True, slots=True)
class _Input:
    path: Path
    size: int
    files: list[tuple[Path, int]] | None = None  # a folder's files


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
        progress: Callable[[IngestProgress], None] | None = None,
        timezone: tzinfo | None = None,
        hash_workers: int = 1,
        match_banks: bool = True,
    ) -> None:
        self.ws = workspace
        self.actor = actor
        self.default_queue = default_queue
        self.source = source
        self.hasher = hasher
        self.progress = progress
        self.timezone = timezone
        self.hash_workers = max(1, hash_workers)
        self.summary = IngestSummary()
        self._hashed: dict[Path, FileHashes] = {}
        self._done = self._total = self._hashed_bytes = 0
        # Progress inside the current input: reading is quick and hashing is the work, so
        # while a batch's media are hashed the position moves from where the batch began to
        # where it ends in step with the bytes hashed.
        self._offset = self._batch_start = 0
        self._batch_bytes = self._batch_hashed = 0
        self._input = ""  # the input being read, named in its audit events
        with workspace.transaction() as session:
            self.queues = queues_by_name(session)
            matcher = BankMatcher.load(session) if match_banks else None
        self.writer = BatchWriter(workspace, actor, self.summary, self._reject, matcher)

    def run(self, paths: Iterable[Path]) -> IngestSummary:
        """Ingest every path; stops early only when the environment fails (`summary.stopped`)."""
        inputs = [self._plan(path) for path in paths]
        self._total = sum(i.size for i in inputs if i is not None)
        for item in inputs:
            self.summary.files += 1
            if item is None:
                continue
            try:
                self._ingest_one(item)
            except DatabaseUnavailable as exc:
                self.summary.stopped = str(exc)
            except OSError as exc:  # only the environment's errnos get this far
                self.summary.stopped = f"{exc.strerror or exc} ({exc.filename or item.path})"
            if self.summary.stopped:
                break
            self._done += item.size
        if self.summary.added >= ANALYZE_AFTER:
            try:
                refresh_statistics(self.ws.engine)
            except SQLAlchemyError as exc:  # statistics are a help, not the record
                log.warning("fresh statistics after the ingest failed: %s", exc)
        return self.summary

    # --- reading ------------------------------------------------------------------------

    def _plan(self, path: Path) -> _Input | None:
        """Check an input before anything is read; a bad one is a problem, not a stop."""
        try:
            if not path.exists():
                self._unreadable(path, "no such file or folder")
                return None
            if not path.is_dir():
                return _Input(path, path.stat().st_size)
            root, folder = self.ws.media_root.resolve(), path.resolve()
            if not folder.is_relative_to(root):
                self._unreadable(path, f"folder is outside the media root {root}")
                return None
            errors: list[OSError] = []
            files = folder_files(folder, errors.append)
            for exc in errors:
                self._unreadable(Path(exc.filename or path), f"cannot be read ({exc.strerror})")
            return _Input(path, sum(size for _f, size in files), files)
        except (OSError, RuntimeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            self._unreadable(path, f"cannot be read ({reason})")
            return None

    def _unreadable(self, path: Path, reason: str) -> None:
        self.summary.unreadable_inputs += 1
        self.summary.problems.append(Problem(str(path), 0, reason, record=False))

    def _entries(self, item: _Input) -> tuple[str, Iterator[Entry]]:
        if item.files is not None:
            folder = item.path.resolve()
            relative = folder.relative_to(self.ws.media_root.resolve()).as_posix()
            return self.source or f"folder:{relative}", read_folder(item.path, item.files, folder)
        source = self.source or f"file:{item.path.name}"
        if item.path.suffix.lower() == ".csv":
            return source, read_csv(item.path)
        return source, read_jsonl(item.path)

    def run_records(self, where: str, source: str, entries: Iterable[Entry]) -> IngestSummary:
        """Ingest records already read (the server's intake: one request is one input)."""
        self.summary.files += 1
        try:
            self._ingest_entries(Path(where), source, iter(entries), folder=False)
        except DatabaseUnavailable as exc:
            self.summary.stopped = str(exc)
        return self.summary

    def _ingest_one(self, item: _Input) -> None:
        source, entries = self._entries(item)
        self._ingest_entries(item.path, source, entries, folder=item.files is not None)

    def _ingest_entries(
        self, path: Path, source: str, entries: Iterator[Entry], *, folder: bool
    ) -> None:
        self._input = str(path)
        seen: dict[bytes, int] = {}
        pending = _Pending()
        self._offset = self._batch_start = 0
        records, problems = self.summary.records, len(self.summary.problems)
        try:
            for entry in entries:
                self.summary.records += 1
                self._read(entry, source, seen, pending)
                self._offset = entry.done
                self._tick(waiting=pending.size > 0)
                if pending.full:
                    self._process(pending)
                    pending = _Pending()
                    self._batch_start = self._offset
        except RecordError as exc:  # the file as a whole (a CSV header) cannot be read
            self._unreadable(path, str(exc))
        except OSError as exc:
            if exc.errno in ENVIRONMENT_ERRNOS:
                raise
            self._unreadable(path, f"cannot be read ({exc.strerror or exc})")
        self._process(pending)
        if self.summary.records == records and len(self.summary.problems) == problems:
            empty = "no files in the folder" if folder else "no records in it"
            self._unreadable(path, f"nothing to ingest: {empty}")

    def _read(self, entry: Entry, source: str, seen: dict[bytes, int], pending: _Pending) -> None:
        """Validate one record and resolve its media; a bad record is rejected, never raised."""
        try:
            if isinstance(entry.value, RecordError):
                raise entry.value
            record = parse_record(
                entry.value,
                default_source=source,
                default_queue=self.default_queue,
                now=self.ws.now(),
                timezone=self.timezone,
            )
            queue = self.queues.get(record.queue)
            if queue is None:
                raise RecordError(f"queue: no queue named {record.queue!r}")
            key, content = _digests(record, entry.value)
            earlier = seen.get(key)
            if earlier is not None:
                if earlier & 0xFFFF_FFFF_FFFF_FFFF == content:
                    self.summary.duplicates += 1  # the same record twice: nothing to say
                    return
                raise RecordError(
                    f"external_ref {record.external_ref!r} is already on line {earlier >> 64} "
                    "of this file, with different content"
                )
            media = [resolve_media(self.ws.media_root, ref) for ref in record.media]
        except RecordError as exc:
            self._reject(entry, str(exc))
            return
        except OSError as exc:
            if exc.errno in ENVIRONMENT_ERRNOS:
                raise
            self._reject(entry, f"cannot be read ({exc.strerror or exc})")
            return
        except Exception as exc:  # a bug or an input nobody foresaw: it costs this record only
            # The traceback goes to the log file (and to the terminal with --debug), not the user.
            log.info("ingest: %s:%s could not be processed", entry.where, entry.line, exc_info=True)
            self._reject(entry, f"could not be processed ({type(exc).__name__}); please report it")
            return
        # Packed into one int to keep a million-line file's memory small: line, then content.
        seen[key] = (entry.line << 64) | content
        pending.items.append(Item(entry, record, queue, media))
        pending.size += sum(m.size for m in media if m.local is not None)

    def _reject(self, entry: Entry, reason: str) -> None:
        self.summary.rejected += 1
        self.summary.problems.append(Problem(entry.where, entry.line, reason))

    def _tick(self, *, waiting: bool = False) -> None:
        if self.progress is None:
            return
        position = self._offset
        if self._batch_bytes:
            share = min(1.0, self._batch_hashed / self._batch_bytes)
            position = self._batch_start + int((self._offset - self._batch_start) * share)
        elif waiting:  # read, but its media not hashed yet
            position = self._batch_start
        done = self._done + position
        self.progress(IngestProgress(self.summary.records, done, self._total, self._hashed_bytes))

    # --- hashing and writing ------------------------------------------------------------

    def _process(self, pending: _Pending) -> None:
        if not pending.items:
            return
        fresh = pending.items
        if self.hasher is not None and pending.size:
            # Reports already stored are skipped before their media are hashed; without
            # anything to hash the insert's ON CONFLICT skips them just as well, and cheaper.
            with self.ws.transaction() as session:
                present = existing_keys(session, sorted({i.key for i in pending.items}))
            fresh = [i for i in pending.items if i.key not in present]
            self.summary.duplicates += len(pending.items) - len(fresh)
        hashes = self._hash_all(fresh)
        now = self.ws.now()
        rows: list[Row] = []
        for item in fresh:
            try:
                rows.append(self.writer.rows(item, hashes, now))
            except RecordError as exc:
                self._reject(item.entry, str(exc))
            except OSError:
                raise  # only the environment's errnos are raised here: they stop the run
            except Exception as exc:  # a bug: it costs this record only
                log.info("ingest: %s:%s failed", item.entry.where, item.entry.line, exc_info=True)
                self._reject(
                    item.entry, f"could not be stored ({type(exc).__name__}); please report it"
                )
        self.writer.write(rows, self._input)

    def _hash_all(self, items: list[Item]) -> dict[Path, Hashed]:
        """Hash each new local file once (several at a time when the hasher allows it)."""
        if self.hasher is None:
            return {}
        wanted = sorted({m.local for i in items for m in i.media if m.local is not None})
        results: dict[Path, Hashed] = {}
        todo = [p for p in wanted if p not in self._hashed]
        for path in wanted:
            if path in self._hashed:
                results[path] = self._hashed[path]
        sizes = {m.local: m.size for i in items for m in i.media if m.local is not None}
        self._batch_bytes, self._batch_hashed = max(1, sum(sizes[p] for p in todo)), 0
        try:
            if self.hash_workers == 1 or len(todo) <= 1:
                for path in todo:
                    self._hashed_one(path, self._hash_one(path), results)
                return results
            with ThreadPoolExecutor(max_workers=min(self.hash_workers, len(todo))) as pool:
                futures = {pool.submit(self._hash_one, path): path for path in todo}
                for future in as_completed(futures):
                    self._hashed_one(futures[future], future.result(), results)
            return results
        finally:
            self._batch_bytes = 0

    def _hashed_one(self, path: Path, result: Hashed, results: dict[Path, Hashed]) -> None:
        results[path] = result
        if isinstance(result, FileHashes):
            self._remember(path, result)
            self._hashed_bytes += result.size_bytes
            self._batch_hashed += result.size_bytes
        self._tick()

    def _hash_one(self, path: Path) -> Hashed:
        assert self.hasher is not None
        try:
            return self.hasher(path)
        except Exception as exc:  # vanished, unreadable, a bug: this file's records are rejected
            if not isinstance(exc, OSError):
                log.info("ingest: hashing %s failed", path, exc_info=True)
            return exc

    def _remember(self, path: Path, hashes: FileHashes) -> None:
        if len(self._hashed) >= HASH_CACHE:
            self._hashed.pop(next(iter(self._hashed)))
        self._hashed[path] = hashes


def _digests(record: ReportRecord, raw: dict[str, Any]) -> tuple[bytes, int]:
    """A record's key and a 64-bit digest of its content, to tell repeats from conflicts.

    The content digest only has to hold within one run, so Python's own hash does (the
    record is flat once parsed: text, numbers and the media list).
    """
    key = hashlib.blake2b(
        f"{record.source}\0{record.external_ref}".encode(), digest_size=16
    ).digest()
    items = sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in raw.items())
    return key, hash(tuple(items)) & 0xFFFF_FFFF_FFFF_FFFF
