"""The review loop over the team server: claims and leases (RemoteReview), decisions with
their undo grace period (RemoteDesk).

Claims, renewals and reads need an answer now and are repeated (same request id) on a failed
connection; they are never queued, since a claim answered an hour late helps nobody. What
must not be lost goes through the outbox: a submitted decision is committed there before it
is sent, so it is "saved" even if the server, PostgreSQL or the network is down, and the
drain sends it (once) when they are back. The server is the authority: a decision whose
lease ran out meanwhile is refused (and kept in the station's `refused` table).
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from moderator.domain.banks import BankMatchRow
from moderator.domain.errors import ModeratorError
from moderator.domain.policy import Policy
from moderator.domain.policy_file import parse_policy
from moderator.domain.reports import MediaKind
from moderator.domain.rows import DecisionInput, Lease, ReviewerRef
from moderator.remote.client import Api, parse_time
from moderator.remote.errors import Refused, ServerUnavailable
from moderator.remote.outbox import Outbox, new_request_id
from moderator.services.interfaces import MatchRow, MediaRef, Pending, ReportDetails


def lease_of(data: dict[str, Any]) -> Lease:
    """A Lease from the server's answer (the report's database id is the server's business)."""
    return Lease(
        report_id=0,
        report_uid=str(data["report_uid"]),
        queue_id=int(data["queue_id"]),
        review_round=int(data["review_round"]),
        token=str(data["token"]),
        expires_at=parse_time(data["expires_at"]),
    )


def media_path(token: str, position: int) -> str:
    return f"/v1/leases/{token}/media/{position}"


def details_of(data: dict[str, Any]) -> ReportDetails:
    token = str(data["lease"]["token"])
    media = tuple(
        MediaRef(
            position=int(m["position"]),
            uri=media_path(token, int(m["position"])),  # fetched by remote.media, in memory
            kind=MediaKind(m["kind"]),
            sha256=m["sha256"],
            size_bytes=m["size_bytes"],
            path=None,
            problem="" if m["available"] else str(m["problem"] or "the media is unavailable"),
        )
        for m in data["media"]
    )
    matches = tuple(MatchRow(**m) for m in data["matches"])
    return ReportDetails(
        id=0,
        uid=str(data["uid"]),
        source=str(data["source"]),
        external_ref=str(data["external_ref"]),
        channel=str(data["channel"]),
        queue_id=int(data["queue_id"]),
        queue_name=str(data["queue_name"]),
        queue_title=str(data["queue_title"]),
        policy_id=str(data["policy_id"]),
        policy_version=str(data.get("policy_version", "")),
        received_at=parse_time(data["received_at"]),
        sla_due=parse_time(data["sla_due"]),
        reported_category=str(data["reported_category"]),
        reporter_text=str(data["reporter_text"]),
        url=str(data["url"]),
        platform=str(data["platform"]),
        priority=int(data["priority"]),
        review_round=int(data["review_round"]),
        media=media,
        matches=matches,
        bank_matches=tuple(BankMatchRow(**b) for b in data.get("bank_matches", [])),
    )


@dataclass
class RemoteReview:
    """services.interfaces.Review over the server's /v1/claims and /v1/leases."""

    api: Api
    outbox: Outbox
    reviewer: ReviewerRef
    # The server enforces the daily caps in its claim from the exposure it has recorded; the
    # window's own measure (the report on screen included) has no field in the API.
    visual_allowed: bool = True
    _waiting: dict[int, int] = field(default_factory=dict, repr=False)
    _policies: dict[tuple[str, str], Policy] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def claim(self, queue_ids: list[int] | None = None) -> Lease | None:
        body = {"request_id": new_request_id(), "queue_ids": queue_ids or None}
        found = self.api.call("POST", "/v1/claims", body)["lease"]
        return lease_of(found) if found else None

    def renew(self, lease: Lease) -> Lease:
        body = {"request_id": new_request_id()}
        return lease_of(self.api.call("POST", f"/v1/leases/{lease.token}/renew", body))

    def _give_back(self, kind: str, lease: Lease, reason: str) -> Any:
        body = {"request_id": new_request_id(), "reason": reason[:500]}
        done = self.outbox.send(kind, f"/v1/leases/{lease.token}/{kind}", body, ref=lease.token)
        if done.error is not None:
            raise done.error
        return done.answer  # None while it waits in the outbox

    def release(self, lease: Lease, reason: str = "") -> None:
        self._give_back("release", lease, reason)

    def skip(self, lease: Lease, reason: str = "") -> None:
        self._give_back("skip", lease, reason)

    def escalate(self, lease: Lease, reason: str) -> int:
        answer = self._give_back("escalate", lease, reason)
        return int(answer["queue_id"]) if answer else -1

    def details(self, lease: Lease) -> ReportDetails:
        data = self.api.call("GET", f"/v1/leases/{lease.token}/report")
        if "waiting" in data:
            with self._lock:
                self._waiting[int(data["queue_id"])] = int(data["waiting"])
        return details_of(data)

    def load(self, lease: Lease) -> tuple[ReportDetails, Policy | None, str]:
        found = self.details(lease)
        try:
            return found, self.policy(found.policy_id, found.policy_version), ""
        except ServerUnavailable:
            raise  # the session shows it and retries
        except ModeratorError as exc:
            return found, None, f"this queue's policy cannot be used: {exc}"

    def waiting(self, queue_id: int) -> int:
        """As the server said with the last report of that queue (-1: not known)."""
        with self._lock:
            return self._waiting.get(queue_id, -1)

    def policy(self, policy_id: str, version: str = "") -> Policy:
        key = (policy_id, version)
        with self._lock:
            if key in self._policies:
                return self._policies[key]
        params = {"version": version} if version else None
        data = self.api.call("GET", f"/v1/policies/{policy_id}", params=params)
        policy = parse_policy(str(data["body"]).encode("utf-8"), f"{policy_id}@{data['version']}")
        if policy.sha256 != data["sha256"]:
            raise Refused("policy-mismatch", 0, f"the policy {policy_id} arrived damaged")
        with self._lock:
            self._policies[key] = policy
        return policy

    def policies(self) -> list[Policy]:
        return []  # fetched with the first report of each queue


def pending_of(data: dict[str, Any], lease: Lease, decision: DecisionInput) -> Pending:
    return Pending(
        uid=str(data["decision_id"]),
        lease=lease,
        decision=decision,
        submitted_at=parse_time(data["submitted_at"]),
        final_at=parse_time(data["final_at"]),
    )


@dataclass
class RemoteDesk:
    """services.interfaces.Desk: decisions through the outbox. A Pending's uid is the
    decision id the desk chose, the key of every later request about it."""

    api: Api
    outbox: Outbox
    grace: timedelta

    def submit(self, lease: Lease, decision: DecisionInput) -> Pending:
        decision_id = new_request_id()
        body = {"decision_id": decision_id, **dataclasses.asdict(decision)}
        done = self.outbox.send(
            "submit", f"/v1/leases/{lease.token}/decision", body, ref=decision_id
        )
        if done.error is not None:
            raise done.error  # the server refused it: not saved (the window says so)
        if done.answer is not None:
            return pending_of(done.answer, lease, decision)
        now = self.api.now()  # saved here, not yet at the server: its grace starts on arrival
        return Pending(decision_id, lease, decision, now, now + self.grace)

    def undo(self, item: Pending) -> Lease:
        with self.outbox.lock:  # no drain can send the submit while we look
            if self.outbox.cancel("submit", item.uid):
                return item.lease  # it never left this desk: nothing to take back
        body = {"request_id": new_request_id()}
        return lease_of(self.api.call("POST", f"/v1/decisions/{item.uid}/undo", body))

    def finalize(self, item: Pending) -> str | None:
        body = {"request_id": new_request_id()}
        done = self.outbox.send(
            "finalize", f"/v1/decisions/{item.uid}/finalize", body, ref=item.uid
        )
        if done.error is not None:
            raise done.error
        return (
            str(done.answer["decision_uid"])
            if done.answer and done.answer["decision_uid"]
            else None
        )

    def finalize_all(self) -> list[str]:
        """Send what an earlier run left in the outbox, then finalize what is pending."""
        drained = self.outbox.drain(attempts=self.api.timeouts.attempts)
        if not drained.online:
            raise ServerUnavailable(drained.problem or "the team server cannot be reached")
        done = []
        for item in self.outstanding():
            uid = self.finalize(item)
            if uid is not None:
                done.append(uid)
        return done

    def outstanding(self) -> list[Pending]:
        found = []
        for data in self.api.call("GET", "/v1/pending"):
            if not data["decision_id"]:
                continue  # submitted from another desk of this person's: theirs to finish
            lease = Lease(
                0,
                str(data["report_uid"]),
                0,
                0,
                str(data["lease_token"]),
                parse_time(data["final_at"]),
            )
            decision = DecisionInput("", "", "", str(data["outcome"]), {})
            found.append(pending_of(data, lease, decision))
        return found

    def sent(self, item: Pending) -> bool:
        return self.outbox.is_acked(item.uid)
