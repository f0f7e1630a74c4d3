"""Where in a TOML file a table or key is defined, so problems can name their line.

A small scan of table headers (`[a.b]`, `[[a]]`) and `key = value` lines, keyed by path:
("questions", 2, "kind") is the `kind` key of the third `[[questions]]` table.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]


class LineIndex:
    """Which line defines a table or key, keyed by path: ("questions", 2, "kind")."""

    def __init__(self, text: str) -> None:
        self.lines: dict[Path, int] = {}
        self._counts: dict[Path, int] = {}
        self._line = 0
        table: Path = ()
        array: Path | None = None
        for number, raw in enumerate(text.splitlines(), 1):
            self._line, line = number, raw.strip()
            if array is not None and line.startswith("{"):
                index = self._next(array)
                self.lines.setdefault(array + (index,), number)
            if line.startswith("["):
                is_array = line.startswith("[[")
                name = line.strip("[] ").split("]")[0]
                table = self._table(tuple(p.strip().strip('"') for p in name.split(".")), is_array)
                self.lines[table] = number
                array = None
                continue
            key = re.match(r'^"?([A-Za-z0-9_-]+)"?\s*=\s*(.*)$', line)
            if key:
                path = table + (key.group(1),)
                self.lines[path] = number
                array = path if key.group(2).rstrip().endswith("[") else None

    def _next(self, path: Path) -> int:
        self._counts[path] = self._counts.get(path, -1) + 1
        return self._counts[path]

    def _table(self, parts: tuple[str, ...], is_array: bool) -> Path:
        path: Path = ()
        for i, part in enumerate(parts):
            path += (part,)
            if i == len(parts) - 1 and is_array:
                self.lines.setdefault(path, self._line)  # the array itself: its first entry
                path += (self._next(path),)
            elif path in self._counts:  # a parent array of tables: its latest element
                path += (self._counts[path],)
        return path

    def line(self, path: Path) -> int | None:
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


def dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
