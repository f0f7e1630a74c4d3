"""Reading ingest inputs record by record: JSONL and CSV manifests, folders of media.

A reader never gives up on a file because of one record. Each record comes out as an `Entry`
holding either the raw record or the `RecordError` that says why it cannot be read, so a bad
byte, a huge field or absurdly nested JSON costs that record only. Reading is done in bounded
pieces, so a single enormous line cannot fill the memory either.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from moderator.domain.reports import RecordError

MAX_RECORD_BYTES = 1 << 20  # one manifest record (a JSON line, a CSV row)
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Entry:
    """One record of an input: where it is, and the record or why it cannot be read."""

    where: str  # the manifest, or the media file of a folder
    line: int  # 1-based line of a manifest (where the record starts); 0 for a folder's file
    value: dict[str, Any] | RecordError
    done: int  # bytes of the input behind us, for progress


def _records(
    handle: BinaryIO, splitter: Callable[[bytes, int], int] | None
) -> Iterator[tuple[int, bytes | None, int]]:
    """(first line, bytes or None when too large, offset after) per record of a byte stream.

    Records end at a newline; `splitter(piece, state) -> state` tells CSV's quoted newlines
    apart (state IN_QUOTED means the record goes on). Pieces are read with a length limit, so
    a record longer than MAX_RECORD_BYTES is skipped to its end without being held whole.
    """
    line, start, parts, size, state = 1, 1, [], 0, _START
    offset = 0
    while piece := handle.readline(_CHUNK):
        offset += len(piece)
        ended = piece.endswith(b"\n")
        if splitter is not None:
            state = splitter(piece.rstrip(b"\r\n") if ended else piece, state)
        size += len(piece)
        if size <= MAX_RECORD_BYTES:
            parts.append(piece)
        if ended:
            line += 1
            if state != _IN_QUOTED:
                yield start, (b"".join(parts) if size <= MAX_RECORD_BYTES else None), offset
                start, parts, size, state = line, [], 0, _START
    if size:
        yield start, (b"".join(parts) if size <= MAX_RECORD_BYTES else None), offset


def _too_large() -> RecordError:
    return RecordError(f"longer than {MAX_RECORD_BYTES:,} bytes")


def _decode(data: bytes, first: bool) -> str:
    try:
        return data.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start + 1})"
        ) from None


def read_jsonl(path: Path) -> Iterator[Entry]:
    """One JSON object per line."""
    where = str(path)
    with path.open("rb") as handle:
        for line, data, done in _records(handle, None):
            try:
                if data is None:
                    raise _too_large()
                text = _decode(data, line == 1)
                if not text.strip():
                    continue
                value = _json_object(text)
            except RecordError as exc:
                yield Entry(where, line, exc, done)
                continue
            yield Entry(where, line, value, done)


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise RecordError("not valid JSON (nested too deeply)") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise RecordError(f"not valid JSON ({exc})") from None
    if not isinstance(value, dict):
        raise RecordError("expected a JSON object")
    return value


# --- CSV ---------------------------------------------------------------------------------
# The csv module is given one record at a time. Where a record ends is found here, by the
# same states the csv module uses (a quote opens a quoted field only at the start of a field),
# so a quoted newline continues the record and a stray quote inside a field does not.

_START, _IN_FIELD, _IN_QUOTED, _QUOTE_IN_QUOTED = 0, 1, 2, 3
_QUOTE, _COMMA = ord('"'), ord(",")


def _csv_state(piece: bytes, state: int) -> int:
    i, n = 0, len(piece)
    while i < n:
        if state == _IN_QUOTED:
            j = piece.find(b'"', i)
            if j < 0:
                return _IN_QUOTED
            state, i = _QUOTE_IN_QUOTED, j + 1
        elif state == _IN_FIELD:
            j = piece.find(b",", i)
            if j < 0:
                return _IN_FIELD
            state, i = _START, j + 1
        else:
            c = piece[i]
            if c == _QUOTE:
                state = _IN_QUOTED
            elif c == _COMMA:
                state = _START
            else:
                state = _IN_FIELD
            i += 1
    return state


def _csv_row(text: str) -> list[str]:
    try:
        rows = list(csv.reader([text], strict=False))
    except csv.Error as exc:
        raise RecordError(f"unreadable CSV ({exc})") from None
    return rows[0] if rows else []


def read_csv(path: Path) -> Iterator[Entry]:
    """A header row, then one report per row; `media` is '|'-separated paths."""
    csv.field_size_limit(MAX_RECORD_BYTES)
    where = str(path)
    header: list[str] | None = None
    with path.open("rb") as handle:
        for line, data, done in _records(handle, _csv_state):
            try:
                if data is None:
                    raise _too_large()
                row = _csv_row(_decode(data, header is None and line == 1))
                if header is None:
                    header = _csv_header(row)
                    continue
                if not row:
                    continue
                value = _csv_record(header, row)
            except RecordError as exc:
                if header is None:
                    raise RecordError(f"line {line}: the header row is unreadable: {exc}") from None
                yield Entry(where, line, exc, done)
                continue
            yield Entry(where, line, value, done)


def _csv_header(row: list[str]) -> list[str]:
    names = [name.strip() for name in row]
    if not any(names):
        raise RecordError("it is empty")
    seen = {n for n in names if names.count(n) > 1 and n}
    if seen:
        raise RecordError(f"column(s) named twice: {', '.join(sorted(seen))}")
    return names


def _csv_record(header: list[str], row: list[str]) -> dict[str, Any]:
    if len(row) > len(header):
        raise RecordError("more values than header columns")
    value: dict[str, Any] = {k: v for k, v in zip(header, row, strict=False) if v != ""}
    if "media" in value:
        value["media"] = [part.strip() for part in value["media"].split("|")]
    return value


# --- folders -----------------------------------------------------------------------------


def folder_files(folder: Path, on_error: Callable[[OSError], None]) -> list[tuple[Path, int]]:
    """(file, size) of every visible file under `folder`, in a stable order.

    Symlinked folders are not entered (no loops); unreadable subfolders go to `on_error`.
    """
    files: list[tuple[Path, int]] = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(f for f in filenames if not f.startswith(".")):
            file = Path(dirpath) / name
            try:
                size = file.stat().st_size
            except OSError as exc:
                on_error(exc)
                continue
            files.append((file, size))
    return files


def read_folder(given: Path, files: list[tuple[Path, int]], folder: Path) -> Iterator[Entry]:
    """One report per media file; the external reference is the path under the folder."""
    done = 0
    for file, size in files:
        done += size
        relative = file.relative_to(folder)
        yield Entry(
            str(given / relative),
            0,
            {"external_ref": relative.as_posix(), "media": [str(file)]},
            done,
        )
