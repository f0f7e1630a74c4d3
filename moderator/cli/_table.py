"""Tables on the terminal: a header, columns as wide as their widest cell, numbers on the right.

Widths count what a terminal shows: a Korean or Japanese character takes two columns, a
combining mark none, so names in any script line up.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TextIO

GAP = "  "


def width(text: str) -> int:
    """Terminal columns `text` takes."""
    total = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def _pad(text: str, columns: int, right: bool) -> str:
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill


def render(
    headers: Sequence[str], rows: Iterable[Sequence[object]], *, right: Iterable[int] = ()
) -> list[str]:
    """The table's lines: the header first. Columns in `right` (numbers) align right."""
    cells = [["" if value is None else str(value) for value in row] for row in rows]
    widths = [width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], width(cell))
    to_right = set(right)
    lines = []
    for row in [list(headers), *cells]:
        padded = [_pad(cell, widths[i], i in to_right) for i, cell in enumerate(row)]
        lines.append(GAP.join(padded).rstrip())
    return lines


def print_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    right: Iterable[int] = (),
    out: TextIO | None = None,
) -> None:
    stream = out or sys.stdout
    for line in render(headers, rows, right=right):
        stream.write(line + "\n")
