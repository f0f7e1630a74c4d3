"""`moderator audit export`: the workspace's journal as JSONL or CSV, every chain in seq order."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from moderator.services.workspace import Workspace
from moderator.store import journal

EXPORT_FIELDS = (
    "uid",
    "workstation",
    "seq",
    "occurred_at",
    "actor",
    "kind",
    "report_uid",
    "payload",
    "prev_hash",
    "hash",
)


def write_journal(workspace: Workspace, out: TextIO, fmt: str) -> int:
    """Write every event to `out` ("jsonl": one object a line, the payload as JSON; "csv":
    a header and the stored text); the number of events written."""
    count = 0
    with workspace.transaction() as session:
        writer = csv.writer(out) if fmt == "csv" else None
        if writer:
            writer.writerow(EXPORT_FIELDS)
        for ws in journal.workstations(session):
            for event in journal.iter_chain(session, ws):
                values = [getattr(event, f) for f in EXPORT_FIELDS]
                values[3] = event.occurred_at.isoformat()
                if writer:
                    writer.writerow(values)
                else:
                    row = dict(zip(EXPORT_FIELDS, values, strict=True))
                    row["payload"] = json.loads(event.payload)
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    return count
