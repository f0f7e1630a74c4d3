"""Sending the station's outbox: in order, each request once, until the server answers it.

A request is put in the outbox (committed) before the first attempt to send it, and leaves
only when the server has answered: acknowledged (a 2xx) or refused (a 4xx it will always
give). A server that cannot be reached, a timeout or a 503 leaves it where it is, and the
next drain sends it again with the same request id, byte for byte, so the server applies it
once however often it arrives: after the desk crashed, the server was killed mid-request,
PostgreSQL restarted or the network dropped. One lock makes the drains one at a time, so the
order of the outbox is the order the server sees.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from dataclasses import dataclass
from typing import Any

from moderator.domain.errors import ModeratorError
from moderator.remote.client import Api
from moderator.remote.errors import ServerUnavailable, SignInAgain, slug_of
from moderator.remote.station import Entry, Station

log = logging.getLogger(__name__)

# Refusals that a later attempt can turn into an answer: the entry stays, later ones go on.
RETRY_LATER = frozenset({"break-not-over"})


@dataclass(frozen=True, slots=True)
class Delivery:
    """What became of one request: "acked" (with the answer), "waiting" or "refused"."""

    state: str
    answer: Any = None
    error: ModeratorError | None = None


@dataclass(frozen=True, slots=True)
class Drained:
    sent: int
    waiting: int
    online: bool
    problem: str = ""  # why the drain stopped or what was refused, for the status bar


def new_request_id() -> str:
    return str(uuid.uuid4())


class Outbox:
    def __init__(self, station: Station, api: Api) -> None:
        self.station, self.api = station, api
        self.lock = threading.RLock()
        self._acked: set[str] = set()  # refs acknowledged in this run (in memory)
        self._results: dict[int, Delivery] = {}

    def put(self, kind: str, path: str, body: dict[str, Any], *, ref: str = "") -> Entry:
        """Save a request in the outbox (durably); nothing is sent yet."""
        request_id = str(body.get("request_id") or body.get("decision_id") or body["break_id"])
        text = json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        return self.station.enqueue(kind, "POST", path, text, request_id, ref)

    def send(self, kind: str, path: str, body: dict[str, Any], *, ref: str = "") -> Delivery:
        """Save, then try to send now (after everything saved before it)."""
        return self.deliver(self.put(kind, path, body, ref=ref))

    def deliver(self, entry: Entry, attempts: int = 1) -> Delivery:
        """Send the outbox up to and including `entry`; what became of `entry`."""
        self.drain(attempts, upto=entry.seq)
        with self.lock:
            return self._results.pop(entry.seq, Delivery("waiting"))

    def is_acked(self, ref: str) -> bool:
        """In memory: whether a request about `ref` was acknowledged in this run."""
        return ref in self._acked

    def cancel(self, kind: str, ref: str) -> bool:
        """Take back a request that has not been sent; False when it has (or never was)."""
        with self.lock:
            entry = self.station.find(kind, ref)
            return entry is not None and self.station.cancel(entry)

    def drain(self, attempts: int = 1, *, upto: int | None = None) -> Drained:
        """Send what is waiting, oldest first; stop at the first that cannot be sent now."""
        sent, problems = 0, []
        online = True
        with self.lock:
            for entry in self.station.waiting(upto):
                try:
                    answer = self.api.call(entry.method, entry.path, entry.body, attempts=attempts)
                except ServerUnavailable as exc:
                    self.station.tried(entry, str(exc))
                    online = False
                    problems.append(str(exc))
                    break
                except SignInAgain as exc:
                    self.station.tried(entry, str(exc))
                    problems.append(str(exc))
                    break
                except ModeratorError as exc:
                    if slug_of(exc) in RETRY_LATER:
                        self.station.tried(entry, str(exc))
                        continue
                    self._refused(entry, exc)
                    problems.append(f"{_what(entry)} refused by the server: {exc}")
                    continue
                self.station.acknowledged(entry)
                self._acked.add(entry.ref)
                self._keep(entry, Delivery("acked", answer))
                sent += 1
            waiting = self.station.count_waiting()
        return Drained(sent, waiting, online, "; ".join(problems))

    def _refused(self, entry: Entry, exc: ModeratorError) -> None:
        status = int(getattr(exc, "status", 0) or 409)
        log.warning("%s %s refused: %s", entry.kind, entry.ref, exc)
        self.station.refuse(entry, status, f"{slug_of(exc)}: {exc}")
        self._keep(entry, Delivery("refused", error=exc))

    def _keep(self, entry: Entry, delivery: Delivery) -> None:
        # For `deliver`, whose entry a concurrent drain may have sent; only recent ones matter.
        self._results[entry.seq] = delivery
        while len(self._results) > 1000:
            del self._results[min(self._results)]


def _what(entry: Entry) -> str:
    return {"submit": "a decision", "finalize": "a decision's finalization"}.get(
        entry.kind, f"a {entry.kind.replace('_', ' ')}"
    )
