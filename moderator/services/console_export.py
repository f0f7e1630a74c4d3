"""Export of the console's filtered audit log to CSV or JSONL, streamed in constant memory.

The rows are read newest first in keyset batches, each batch its own short transaction (on
SQLite a transaction holds the write lock, and reviewers keep appending while a supervisor
exports). The file is written beside the target and renamed into place when complete, so an
interrupted export never leaves half a file under the chosen name.

CSV cells that a spreadsheet would run as a formula (text starting with = + - @ or a control
character) get a leading apostrophe: an exported log opened in a spreadsheet runs nothing a
reporter or reviewer typed. JSONL is ASCII-only, so no line separator hides inside a line.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.audit import format_time
from moderator.services.console import ORDER, EventFilter, count, older_than
from moderator.store.models_central import CentralEvent
from moderator.store.private import open_private

C = CentralEvent.__table__.c
FIELDS = (
    "occurred_at",
    "uid",
    "workstation",
    "seq",
    "actor",
    "kind",
    "report_uid",
    "outcome",
    "policy_id",
    "payload",
    "prev_hash",
    "hash",
)
_COLUMNS = [C.id, *(C[name] for name in FIELDS)]
BATCH = 2000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|")


class Format(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    rows: int
    cancelled: bool = False


def neutralise(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: formula-like text gets a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _batches(sessions: Callable[[], Session], f: EventFilter, batch: int) -> Iterator[list[Any]]:
    edge: tuple[datetime, int] | None = None
    while True:
        query = select(*_COLUMNS).where(*f.conditions()).order_by(*ORDER).limit(batch)
        if edge is not None:
            query = query.where(older_than(edge))
        with sessions() as session, session.begin():
            rows = list(session.execute(query).all())
        if not rows:
            return
        yield rows
        edge = (rows[-1].occurred_at, rows[-1].id)


def _csv_writer(out: TextIO) -> Callable[[Any], None]:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)

    def write(row: Any) -> None:
        cells = []
        for name in FIELDS:
            value = getattr(row, name)
            if value is None:
                cells.append("")
            elif isinstance(value, datetime):
                cells.append(format_time(value))
            elif isinstance(value, str):
                cells.append(neutralise(value))
            else:
                cells.append(str(value))
        writer.writerow(cells)

    return write


def _jsonl_writer(out: TextIO) -> Callable[[Any], None]:
    def write(row: Any) -> None:
        record: dict[str, Any] = {name: getattr(row, name) for name in FIELDS}
        record["occurred_at"] = format_time(row.occurred_at)
        with contextlib.suppress(ValueError):  # otherwise kept as the stored text
            record["payload"] = json.loads(row.payload)
        out.write(json.dumps(record, ensure_ascii=True, sort_keys=True) + "\n")

    return write


def lines(
    sessions: Callable[[], Session], f: EventFilter, fmt: Format, *, batch: int = BATCH
) -> Iterator[str]:
    """The export's text in chunks (one per batch, the CSV header first), for a server to
    stream: the same bytes `export` writes, read in constant memory."""
    buffer = io.StringIO(newline="")
    write = _csv_writer(buffer) if fmt is Format.CSV else _jsonl_writer(buffer)
    for rows in _batches(sessions, f, batch):
        for row in rows:
            write(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()  # the header of an export with no rows


def export(
    sessions: Callable[[], Session],
    f: EventFilter,
    path: Path,
    fmt: Format,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    batch: int = BATCH,
) -> ExportResult:
    """Write the events matching `f` to `path`, newest first; `progress(done, total)` per batch.

    Events that reach the central store during the export may or may not be included (late
    syncs can carry old timestamps); each event is written at most once.
    """
    path = Path(path)
    with sessions() as session, session.begin():
        total = count(session, f)
    tmp = path.with_name(f".{path.name}.part")
    done = 0
    try:
        with open_private(tmp, "w", encoding="utf-8", newline="") as out:  # 0600, like the rest
            write = _csv_writer(out) if fmt is Format.CSV else _jsonl_writer(out)
            for rows in _batches(sessions, f, batch):
                if cancel is not None and cancel.is_set():
                    break
                for row in rows:
                    write(row)
                done += len(rows)
                if progress is not None:
                    progress(done, max(total, done))
        if cancel is not None and cancel.is_set():
            tmp.unlink(missing_ok=True)
            return ExportResult(path, done, cancelled=True)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ExportResult(path, done)
