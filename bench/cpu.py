"""CPU seconds spent by processes (Linux /proc), so a benchmark on a loaded machine can say
where the time went: per cycle, in the server, the clients and the database's backends.

Throughput on a busy machine depends on the other programs; CPU time per unit of work much
less, and the sum over the parties bounds what the machine's cores can do.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (0.0 when it is gone or /proc is missing)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime


def children(pid: int) -> list[int]:
    """The process and its descendants (uvicorn's worker processes)."""
    found = [pid]
    try:
        entries = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return found
    parents: dict[int, int] = {}
    for entry in entries:
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(stat[1])
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == parent]
        found.extend(kids)
        frontier.extend(kids)
    return found


class Meter:
    """CPU seconds of a changing set of processes between `start()` and `stop()`."""

    def __init__(self) -> None:
        self._before: dict[int, float] = {}

    def start(self, pids: Iterable[int]) -> None:
        self._before = {pid: process_seconds(pid) for pid in pids}

    def stop(self, pids: Iterable[int]) -> float:
        """Seconds used since start by the processes in `pids` (new ones count in full)."""
        return sum(process_seconds(pid) - self._before.get(pid, 0.0) for pid in set(pids))
