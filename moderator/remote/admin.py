"""The Admin window over the team server (services.admin_tools.AdminTools).

Every change carries a fresh request id (a failed connection sends the same request again,
which the server answers once) and is checked there against the supervisor role; a policy
file is read here and its text sent, the server parses and stores it. Besides what the
window calls, `people` issues enrollment codes and revokes a person's tokens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pydantic import TypeAdapter

from moderator.domain.errors import ModeratorError
from moderator.domain.reports import Role
from moderator.domain.rows import PersonRow, PolicyText, QueueRow
from moderator.remote.client import Api
from moderator.remote.outbox import new_request_id
from moderator.services.admin import AdminSnapshot
from moderator.services.admin_tools import EnrollmentCode
from moderator.services.policies import read_file, split_ref
from moderator.services.queues import QueueRequest, WellbeingText

BASE = "/v1/supervisor/admin"
TOML_LIMIT = 1_000_000  # characters the server takes in one file
_SNAPSHOT = TypeAdapter(AdminSnapshot)
_QUEUE = TypeAdapter(QueueRow)
_PERSON = TypeAdapter(PersonRow)
_TEXT = TypeAdapter(PolicyText)


def _seg(name: str) -> str:
    return quote(name, safe="")


def _change(api: Api, path: str, **body: Any) -> Any:
    return api.call("POST", f"{BASE}{path}", {"request_id": new_request_id(), **body})


def _wellbeing(chosen: WellbeingText | None) -> dict[str, str] | None:
    return None if chosen is None else {"text": chosen.text, "source": chosen.source[:100]}


@dataclass(frozen=True, slots=True)
class PolicyImported:
    policy_id: str
    version: str
    sha256: str
    created: bool
    queues: tuple[str, ...]
    text: str

    def summary(self) -> str:
        return self.text


class RemoteQueues:
    def __init__(self, api: Api) -> None:
        self.api = api

    def add(self, request: QueueRequest) -> QueueRow:
        body = {
            "name": request.name, "policy": request.policy, "title": request.title,
            "sla_hours": request.sla_hours, "escalate_to": request.escalate_to,
            "requires": list(request.requires), "min_role": str(request.min_role),
            "categories": list(request.categories), "wellbeing": _wellbeing(request.wellbeing),
            "notice_days": request.notice_days, "retention_days": request.retention_days,
        }  # fmt: skip
        return _QUEUE.validate_python(_change(self.api, "/queues", queue=body)["queue"])

    def edit(
        self, name: str, changes: dict[str, Any], wellbeing: WellbeingText | None = None
    ) -> QueueRow:
        sent = {
            k: (list(v) if isinstance(v, tuple | list) else str(v) if isinstance(v, Role) else v)
            for k, v in changes.items()
        }
        data = _change(
            self.api, f"/queues/{_seg(name)}", changes=sent, wellbeing=_wellbeing(wellbeing)
        )
        return _QUEUE.validate_python(data["queue"])

    def archive(self, name: str) -> QueueRow:
        data = _change(self.api, f"/queues/{_seg(name)}/archive")
        return _QUEUE.validate_python(data["queue"])


class RemotePeople:
    def __init__(self, api: Api) -> None:
        self.api = api

    def add(self, name: str, role: Role = Role.REVIEWER, display_name: str = "") -> PersonRow:
        data = _change(self.api, "/people", username=name, role=str(role),
                       display_name=display_name)  # fmt: skip
        return _PERSON.validate_python(data["person"])

    def edit(
        self,
        name: str,
        *,
        role: Role | None = None,
        display_name: str | None = None,
        active: bool | None = None,
    ) -> PersonRow:
        given = {"role": None if role is None else str(role), "display_name": display_name,
                 "active": active}  # fmt: skip
        body = {k: v for k, v in given.items() if v is not None}
        data = _change(self.api, f"/people/{_seg(name)}", **body)
        return _PERSON.validate_python(data["person"])

    def issue_code(self, name: str, hours: int = 72) -> EnrollmentCode:
        data = _change(self.api, f"/people/{_seg(name)}/code", hours=hours)
        return EnrollmentCode(data["code"], datetime.fromisoformat(data["expires_at"]))

    def revoke_tokens(self, name: str) -> int:
        return int(_change(self.api, f"/people/{_seg(name)}/revoke")["workstations"])


class RemotePolicies:
    def __init__(self, api: Api) -> None:
        self.api = api

    def import_file(self, path: Path, *, apply: bool = True) -> PolicyImported:
        try:
            text = read_file(path).decode("utf-8")
        except UnicodeDecodeError:
            raise ModeratorError(f"{path.name}: not UTF-8 text") from None
        if len(text) > TOML_LIMIT:
            raise ModeratorError(f"{path.name}: over {TOML_LIMIT:,} characters")
        data = _change(self.api, "/policies", file=path.name[:100], text=text, apply=apply)
        return PolicyImported(
            data["policy_id"], data["version"], data["sha256"], bool(data["created"]),
            tuple(data["queues"]), data["summary"],
        )  # fmt: skip

    def text(self, ref: str) -> PolicyText:
        policy_id, version = split_ref(ref)
        params = {"version": version} if version else None
        return _TEXT.validate_python(
            self.api.call("GET", f"{BASE}/policies/{_seg(policy_id)}", params=params)
        )


class RemoteOrganisation:
    def __init__(self, api: Api) -> None:
        self.api = api

    def change(self, values: Mapping[str, Any]) -> dict[str, list[Any]]:
        return dict(_change(self.api, "/settings", settings=dict(values))["changed"])


class RemoteAdmin:
    """What the Admin window calls, for the supervisor the token speaks for."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.queues = RemoteQueues(api)
        self.people = RemotePeople(api)
        self.policies = RemotePolicies(api)
        self.organisation = RemoteOrganisation(api)
        self.access = self.people  # codes and revocation are the people routes'

    def snapshot(self) -> AdminSnapshot:
        return _SNAPSHOT.validate_python(self.api.call("GET", BASE))
