"""The status bar's sync in team mode: drain the outbox, then push the desk's audit chain.

The chain goes to POST /v1/audit/events in seq order from where the server holds it, at
most 500 events a push, each checkpoint signed with the key enrolled for this workstation
(written before a push whenever the chain grew). The server checks every event's link, hash,
owner and signature and stores it once (a resend after a lost answer is accepted again), so
the desk's cursor moves only on the server's answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from moderator.domain.audit import Checkpoint, EventKind, checkpoint_message
from moderator.domain.errors import ModeratorError
from moderator.remote import identity
from moderator.remote.client import Api
from moderator.remote.errors import ServerUnavailable
from moderator.remote.outbox import Outbox
from moderator.remote.station import Station
from moderator.services import signing
from moderator.services.interfaces import SyncResult
from moderator.services.secrets import SecretsUnavailable

BATCH = 500


def align(api: Api, station: Station) -> None:
    """Where the server's copy of this desk's chain stands: a push whose answer was lost may
    have landed (the cursor moves up), and a station file made anew continues the chain."""
    head = api.call("GET", "/v1/audit/head")
    seq, digest = int(head["seq"]), str(head["hash"])
    if seq <= station.pushed_seq():
        return
    ours = station.event_at(seq)
    if ours is not None and ours.hash == digest:
        station.set_pushed(seq)
    elif not station.events_after(0, 1):
        station.start_after(seq, digest)
    else:
        raise ModeratorError(
            f"the server holds this workstation's chain up to seq {seq} with another history "
            "than this desk's: a supervisor must look at it"
        )


@dataclass
class RemoteSync:
    """services.interfaces.Sync for a team desk."""

    api: Api
    outbox: Outbox
    station: Station
    username: str
    _head_checked: bool = False

    def push(self) -> SyncResult:
        drained = self.outbox.drain()
        pushed, warning, error = drained.sent, drained.problem or None, None
        online = drained.online
        checkpoint_seq = None
        if online:
            try:
                self.api.refresh_if_due()  # a desk left open for days keeps a live token
                checkpoint_seq, unsigned = self._checkpoint()
                warning = "; ".join(w for w in (warning, unsigned) if w) or None
                pushed += self._push_chain()
            except ServerUnavailable as exc:
                online, error = False, str(exc)
            except ModeratorError as exc:  # refused: a fork or a forged event; never skipped
                error = f"the server refused this desk's audit events: {exc}"
        if not online and error is None:
            error = drained.problem
        return SyncResult(
            pushed=pushed,
            pending=self.station.unpushed(),
            online=online,
            error=error,
            checkpoint_seq=checkpoint_seq,
            warning=warning,
            outbox=drained.waiting,
        )

    def close(self) -> None:
        """Nothing of its own to let go: the client is the desk's (closed with it)."""

    def _checkpoint(self) -> tuple[int | None, str]:
        seq, _digest, kind = self.station.head()
        if seq == 0 or kind == EventKind.CHECKPOINT or seq <= self.station.pushed_seq():
            return None, ""
        try:
            key = identity.signing_key(self.station.workstation)
        except SecretsUnavailable as exc:
            return None, f"not signed: {exc}"
        public = signing.public_hex(key)

        def signed(head_seq: int, head_hash: str) -> dict[str, object]:
            message = checkpoint_message(self.station.workstation, head_seq, head_hash)
            return Checkpoint(head_seq, head_hash, public, key.sign(message).hex()).payload()

        event = self.station.append(self.username, EventKind.CHECKPOINT, self.api.now(), signed)
        return event.seq, ""

    def _align(self) -> None:
        align(self.api, self.station)
        self._head_checked = True

    def _push_chain(self) -> int:
        if not self._head_checked:
            self._align()
        sent = 0
        while True:
            events = self.station.events_after(self.station.pushed_seq(), BATCH)
            if not events:
                return sent
            body = {
                "events": [
                    {
                        "uid": e.uid,
                        "workstation": e.workstation,
                        "seq": e.seq,
                        "occurred_at": e.occurred_at.isoformat(),
                        "actor": e.actor,
                        "kind": e.kind,
                        "report_uid": e.report_uid,
                        "payload": e.payload,
                        "prev_hash": e.prev_hash,
                        "hash": e.hash,
                    }
                    for e in events
                ]
            }
            answer = self.api.call("POST", "/v1/audit/events", body)
            before = self.station.pushed_seq()
            self.station.set_pushed(int(answer["head_seq"]))
            sent += int(answer["accepted"])
            if int(answer["head_seq"]) <= before:
                return sent  # nothing moved: never loop on a confused answer
