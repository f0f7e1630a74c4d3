"""services.interfaces.Group over the team server: the held report's group, and the group
decision through the outbox like any submit (`RemoteDesk` undoes and finalizes it by its
decision id). The server chooses the members; this desk only leaves some out."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from moderator.domain.audit import canonical_json
from moderator.domain.reports import MediaKind
from moderator.domain.rows import DecisionInput, Lease
from moderator.remote.client import Api
from moderator.remote.outbox import Outbox, new_request_id
from moderator.remote.review import pending_of
from moderator.services.interfaces import MediaRef, Member, Pending


def member_of(token: str, data: dict[str, Any]) -> Member:
    uid = str(data["report_uid"])
    media = MediaRef(
        int(data["position"]),
        f"/v1/leases/{token}/group/{uid}/media",  # served only to this lease's holder
        MediaKind(str(data["kind"])),
        data["sha256"],
        data["size_bytes"],
        None,
    )
    return Member(
        uid, str(data["external_ref"]), int(data["position"]), str(data["how"]),
        int(data["distance"]), media,
    )  # fmt: skip


@dataclass
class RemoteGroup:
    api: Api
    outbox: Outbox
    grace: timedelta

    def members(self, lease: Lease) -> list[Member]:
        answer = self.api.call("GET", f"/v1/leases/{lease.token}/group")
        return [member_of(lease.token, m) for m in answer["members"]]

    def submit(self, lease: Lease, decision: DecisionInput, member_uids: Sequence[str]) -> Pending:
        decision_id = new_request_id()
        body = {
            "decision_id": decision_id,
            **dataclasses.asdict(decision),
            "members": list(member_uids),
        }
        # Kind "submit": undone from the outbox (never sent) or at the server, like any submit.
        done = self.outbox.send("submit", f"/v1/leases/{lease.token}/group", body, ref=decision_id)
        if done.error is not None:
            raise done.error
        group = canonical_json({"members": [{"report": u} for u in member_uids]})
        if done.answer is not None:
            return dataclasses.replace(pending_of(done.answer, lease, decision), group=group)
        now = self.api.now()
        return Pending(decision_id, lease, decision, now, now + self.grace, group)
