"""Ingest's writing side: a batch of accepted records into the database, one transaction each.

A batch is committed with one audit event naming its input. If the database refuses the batch
for a reason that is not the environment (a value one record holds), the records are tried one
by one, so the one it refuses is rejected with the database's reason and the others go in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from moderator.domain.audit import EventKind
from moderator.domain.ids import new_uid
from moderator.domain.reports import RecordError, ReportRecord, media_kind_for
from moderator.services.ingest_media import ENVIRONMENT_ERRNOS, Hashed, MediaRef
from moderator.services.ingest_summary import IngestSummary, Unpreviewable
from moderator.services.manifest import Entry
from moderator.services.workspace import Workspace
from moderator.store import journal
from moderator.store.errors import DatabaseUnavailable
from moderator.store.reports import QueueRef, insert_media, insert_new_reports

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Item:
    """An accepted record waiting for its batch: the record, its queue, its media."""

    entry: Entry
    record: ReportRecord
    queue: QueueRef
    media: list[MediaRef]

    @property
    def key(self) -> tuple[str, str]:
        return self.record.source, self.record.external_ref


Row = tuple[Item, dict[str, Any], list[dict[str, Any]]]


class BatchWriter:
    """Commits batches of rows for one run, counting into the run's summary."""

    def __init__(
        self,
        workspace: Workspace,
        actor: journal.Actor,
        summary: IngestSummary,
        reject: Callable[[Entry, str], None],
    ) -> None:
        self.ws = workspace
        self.actor = actor
        self.summary = summary
        self._reject = reject

    def rows(self, item: Item, hashes: dict[Path, Hashed], now: datetime) -> Row:
        """The report and media rows of one record (RecordError if a media file failed)."""
        return item, report_row(item.record, item.queue, now), media_rows(item, hashes)

    def write(self, rows: list[Row], source_name: str) -> None:
        """Commit the rows; a row the database refuses is found and rejected, the rest go in."""
        if not rows:
            return
        try:
            self._commit(rows, source_name)
        except DatabaseUnavailable:
            raise
        except SQLAlchemyError as exc:
            if len(rows) > 1:
                for row in rows:
                    self.write([row], source_name)
                return
            log.info("ingest: the database refused a record", exc_info=True)
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            self._reject(rows[0][0].entry, f"the database refused it ({reason})")

    def _commit(self, rows: list[Row], source_name: str) -> None:
        by_key = {item.key: (item, report, media) for item, report, media in rows}
        with self.ws.transaction() as session:
            added = insert_new_reports(session, [report for _i, report, _m in rows])
            media = [
                dict(row, report_id=report_id)
                for key, report_id in added.items()
                for row in by_key[key][2]
            ]
            insert_media(session, media)
            if added:
                journal.append(
                    session,
                    self.actor,
                    EventKind.INGEST,
                    self.ws.now(),
                    payload={
                        "file": source_name,
                        "added": len(added),
                        "reports": sorted(by_key[key][1]["uid"] for key in added),
                    },
                )
        self.summary.added += len(added)
        self.summary.duplicates += len(rows) - len(added)  # another writer was faster
        self.summary.media += len(media)
        for key in added:
            item, _report, media_rows = by_key[key]
            for media_row in media_rows:
                if media_row.get("probe_error"):
                    where, line = item.entry.where, item.entry.line
                    self.summary.unpreviewable.append(
                        Unpreviewable(where, line, media_row["uri"], media_row["probe_error"])
                    )


def media_rows(item: Item, hashes: dict[Path, Hashed]) -> list[dict[str, Any]]:
    """One row per media reference, with its hashes when the file was hashed."""
    rows: list[dict[str, Any]] = []
    for position, media in enumerate(item.media):
        row: dict[str, Any] = {
            "position": position,
            "uri": media.uri,
            "kind": media_kind_for(media.uri).value,
            "size_bytes": None if media.local is None else media.size,
        }
        found = hashes.get(media.local) if media.local is not None else None
        if isinstance(found, OSError):
            if found.errno in ENVIRONMENT_ERRNOS:
                raise found
            raise RecordError(f"media {media.ref!r}: cannot be read ({found.strerror})")
        if isinstance(found, Exception):
            raise RecordError(
                f"media {media.ref!r}: could not be hashed ({type(found).__name__}); "
                "please report it"
            )
        if found is not None:
            row.update(
                size_bytes=found.size_bytes,
                sha256=found.sha256,
                md5=found.md5,
                pdq=found.pdq,
                pdq_quality=found.pdq_quality,
                pdq_frames=found.pdq_frames,
                media_format=found.media_format,
                probe_error=found.error,
            )
        rows.append(row)
    return rows


def report_row(record: ReportRecord, queue: QueueRef, now: datetime) -> dict[str, Any]:
    try:
        sla_due = record.sla_due or record.received_at + timedelta(hours=queue.sla_hours)
    except OverflowError:
        raise RecordError("sla_due: out of range") from None
    return {
        "uid": new_uid(),
        "source": record.source,
        "external_ref": record.external_ref,
        "queue_id": queue.id,
        "channel": record.channel,
        "received_at": record.received_at,
        "sla_due": sla_due,
        "reported_category": record.reported_category,
        "reporter_text": record.reporter_text,
        "url": record.url,
        "platform": record.platform,
        "priority": record.priority,
        "state": "queued",
        "review_round": 1,
        "ingested_at": now,
    }
