"""The fast path of chain verification over stored rows.

Verification streams millions of rows. Instead of a ChainedEvent and a few calls per event,
the store hands plain rows to `scan_rows`, which accepts only events that are plainly good
(next seq, right link, not a checkpoint, hash matches); any other row goes through
`check_event` in full, so the verdict and its description are exactly those of
`verify_chain`. The row's time is text the database spelled as `format_time` would, or ""
when it cannot (then the row is read again with its real value).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime
from json.encoder import encode_basestring  # the C encoder json.dumps uses for ensure_ascii=False
from typing import Any

from moderator.domain.audit import ChainCursor, ChainedEvent, EventKind, SignatureCheck, check_event

# (seq, uid, at_text, actor, kind, report_uid, payload, prev_hash, hash)
StoredRow = tuple[Any, Any, Any, Any, Any, Any, Any, Any, Any]


def scan_rows(cursor: ChainCursor, rows: Sequence[StoredRow], start: int = 0) -> int:
    """Accept plainly good rows from `start` on and advance the cursor past them; return the
    index of the first row this fast path cannot vouch for (len(rows) when it took them all).

    The hashed text is the one `recompute` builds, byte for byte: the seq is the expected int,
    the previous hash a verified hex digest, the workstation the one the rows were read for.
    """
    q = encode_basestring
    sha = hashlib.sha256
    ws = q(cursor.workstation)
    expected = cursor.next_seq
    prev = cursor.prev
    checkpoint = EventKind.CHECKPOINT.value
    index = start
    end = len(rows)
    try:
        while index < end:
            seq, uid, at, actor, kind, report, payload, prev_hash, digest = rows[index]
            if seq != expected or prev_hash != prev or not at or kind == checkpoint:
                break
            body = (
                f'{{"actor":{q(actor)},"at":"{at}","id":{q(uid)},"kind":{q(kind)},'
                f'"payload":{q(payload)},"prev":"{prev}",'
                f'"report":{"null" if report is None else q(report)},"seq":{expected},"ws":{ws}}}'
            )
            if sha(body.encode("utf-8")).hexdigest() != digest:
                break
            prev = digest
            expected += 1
            index += 1
    except TypeError:  # a non-text value where text belongs: let check_event judge the row
        pass
    cursor.events += index - start
    cursor.next_seq = expected
    cursor.prev = prev
    return index


def event_of_row(workstation: str, row: StoredRow) -> ChainedEvent | None:
    """The full event for a stored row whose time text is canonical; None when it is not
    (the caller reads the row again with its real timestamp)."""
    seq, uid, at, actor, kind, report, payload, prev_hash, digest = row
    if not isinstance(at, str) or len(at) != 27 or not at.endswith("Z"):
        return None
    try:
        occurred = datetime.fromisoformat(at[:-1])
    except ValueError:
        return None
    return ChainedEvent(
        uid, workstation, seq, occurred, actor, kind, report, payload, prev_hash, digest
    )


def verify_rows(
    cursor: ChainCursor,
    rows: Sequence[StoredRow],
    reread: Callable[[StoredRow], ChainedEvent],
    check_signature: SignatureCheck | None = None,
) -> bool:
    """Verify one page of stored rows (in seq order) onto the cursor; False at the first
    problem. Rows the fast path leaves are checked in full (`check_event`)."""
    index = scan_rows(cursor, rows)
    while index < len(rows):
        row = rows[index]
        event = event_of_row(cursor.workstation, row) or reread(row)
        if not check_event(cursor, event, check_signature):
            return False
        index = scan_rows(cursor, rows, index + 1)
    return True
