"""The "Actions and notices" window over the team server (services.admin_tools.LifecycleTools):
the actions through `/v1/actions`, the notices to reporters through `/v1/supervisor/notices`,
each change with a fresh request id, each checked on the server against the supervisor role;
and `RemoteRetention`, legal holds and the purge for `moderator hold`/`purge` with a team
profile, through `/v1/supervisor/holds` and `/v1/supervisor/purge`."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from pydantic import TypeAdapter

from moderator.remote.client import Api
from moderator.remote.outbox import new_request_id
from moderator.services.lifecycle import ActionRow, HoldRow, NoticeRow, PurgePlan

_ACTIONS = TypeAdapter(list[ActionRow])
_ACTION = TypeAdapter(ActionRow)
_NOTICES = TypeAdapter(list[NoticeRow])
_NOTICE = TypeAdapter(NoticeRow)
_HOLDS = TypeAdapter(list[HoldRow])
_PLAN = TypeAdapter(PurgePlan)


class RemoteLifecycle:
    def __init__(self, api: Api) -> None:
        self.api = api

    def now(self) -> datetime:
        return self.api.now()

    def actions(self, *, overdue: bool = False, queue: str | None = None) -> list[ActionRow]:
        params: dict[str, Any] = {"overdue": overdue}
        if queue:
            params["queue"] = queue
        data = self.api.call("GET", "/v1/actions", params=params)
        return _ACTIONS.validate_python(data["actions"])

    def mark(self, action_id: int, state: str, evidence: str) -> ActionRow:
        body = {"request_id": new_request_id(), "state": state, "evidence": evidence}
        return _ACTION.validate_python(
            self.api.call("POST", f"/v1/actions/{int(action_id)}/mark", body)
        )

    def notices(self, *, queue: str | None = None, sent: bool = False) -> list[NoticeRow]:
        params: dict[str, Any] = {"sent": sent}
        if queue:
            params["queue"] = queue
        return _NOTICES.validate_python(
            self.api.call("GET", "/v1/supervisor/notices", params=params)
        )

    def send_notice(self, report_uid: str, text: str) -> NoticeRow:
        body = {"request_id": new_request_id(), "text": text}
        data = self.api.call("POST", f"/v1/supervisor/notices/{quote(report_uid, safe='')}", body)
        return _NOTICE.validate_python(data["notice"])


class RemoteRetention:
    """services.lifecycle.Lifecycle's holds and purge, over the team server."""

    def __init__(self, api: Api) -> None:
        self.api = api

    def holds(self, *, everything: bool = False) -> list[HoldRow]:
        data = self.api.call("GET", "/v1/supervisor/holds", params={"everything": everything})
        return _HOLDS.validate_python(data)

    def hold(self, report_uid: str, reason: str) -> int:
        body = {"request_id": new_request_id(), "reason": reason}
        path = f"/v1/supervisor/holds/{quote(report_uid, safe='')}"
        return int(self.api.call("POST", path, body)["hold"])

    def release(self, report_uid: str, reason: str) -> None:
        body = {"request_id": new_request_id(), "reason": reason}
        self.api.call("POST", f"/v1/supervisor/holds/{quote(report_uid, safe='')}/release", body)

    def purge(self, *, dry_run: bool = False) -> tuple[PurgePlan, str | None]:
        """As Lifecycle.purge; the server also removes the media files nothing kept uses."""
        if dry_run:
            data = self.api.call("GET", "/v1/supervisor/purge")
        else:
            data = self.api.call("POST", "/v1/supervisor/purge", {"request_id": new_request_id()})
        return _PLAN.validate_python(data["plan"]), data["purge"]
