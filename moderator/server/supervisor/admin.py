"""Routes of the Admin window: everything it shows, queues, policies, the organisation's
settings (people are in `people.py`).

Each route checks the supervisor role on the token (`Supervisor`) and again, as every local
change does, inside the transaction that makes the change (`require_role`, the person active
now); every change carries a request id and is recorded as the supervisor's, with the
server's time, in the caller's server chain.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field, StringConstraints

from moderator.domain.reports import Role
from moderator.domain.rows import PolicyText, QueueRow
from moderator.server.auth.dependency import ServerDep
from moderator.server.context import Principal, Server
from moderator.server.idempotency import once
from moderator.server.problems import responses
from moderator.server.schemas import PRINTABLE, In, Mutation, Name, Reason
from moderator.server.supervisor.dependency import Supervisor
from moderator.server.supervisor.rules import checked
from moderator.services.admin import Admin, AdminSnapshot
from moderator.services.queues import MAX_SLA_HOURS, QueueRequest, WellbeingText

router = APIRouter(
    prefix="/v1/supervisor/admin",
    tags=["supervisor"],
    responses=responses(401, 403, 404, 409, 422, 503),
)
QueueName = Annotated[str, Path(min_length=1, max_length=100, pattern=PRINTABLE)]
Hours = Annotated[int, Field(ge=1, le=MAX_SLA_HOURS)]
Days = Annotated[int | None, Field(ge=0, le=36_500)]
Names = Annotated[list[Name], Field(max_length=200)]
NULLABLE = ("notice_days", "retention_days")
TOML_LIMIT = 1_000_000  # characters of one policy or wellbeing file
Toml = Annotated[str, StringConstraints(min_length=1, max_length=TOML_LIMIT, pattern=PRINTABLE)]


class WellbeingIn(In):
    text: Toml = Field(description="a wellbeing profile's TOML text")
    source: Name = Field(description="where it came from, as the audit log says it")


class QueueIn(In):
    name: Name
    policy: Name = Field(description='"ID" (its latest stored version) or "ID@VERSION"')
    title: Name = ""
    sla_hours: Hours = 24
    escalate_to: Name | None = None
    requires: Names = []
    min_role: Role = Role.REVIEWER
    categories: Names = []
    wellbeing: WellbeingIn | None = Field(None, description="None: the organisation's default")
    notice_days: Days = None
    retention_days: Days = None


class QueueChanges(In):
    """Only the fields given (not null) change; `escalate_to` "" removes the escalation;
    null terms go back to the policy's defaults."""

    title: Name | None = None
    policy: Name | None = None
    sla_hours: Hours | None = None
    escalate_to: Name | None = None
    requires: Names | None = None
    min_role: Role | None = None
    categories: Names | None = None
    notice_days: Days = None
    retention_days: Days = None


class QueueAdd(Mutation):
    queue: QueueIn


class QueueEdit(Mutation):
    changes: QueueChanges
    wellbeing: WellbeingIn | None = None


class QueueOut(BaseModel):
    queue: QueueRow


class PolicyIn(Mutation):
    file: Name = Field(description="the file's name, as the audit log records it")
    text: Toml
    apply: bool = Field(True, description="move the queues on this policy to this version")


class PolicyOut(BaseModel):
    policy_id: str
    version: str
    sha256: str
    created: bool
    queues: list[str]
    summary: str


class SettingsIn(In):
    """The settings to change; the others stay as they are (null too, but for the retention
    periods, where it means "kept until purged")."""

    name: Name | None = None
    timezone: Annotated[str | None, Field(max_length=64, pattern=PRINTABLE)] = None
    support: Reason | None = None
    content_retention_days: Days = None
    media_retention_days: Days = None
    default_wellbeing: Name | None = None
    distribution_officer: Name | None = None
    distribution_officer_contact: Reason | None = None
    transparency_efforts: Annotated[str | None, Field(max_length=5000, pattern=PRINTABLE)] = None
    ncmec_reporter: Name | None = None
    ncmec_email: Name | None = None
    dsa_endpoint: Reason | None = None


class SettingsChange(Mutation):
    settings: SettingsIn


class SettingsOut(BaseModel):
    changed: dict[str, list[Any]] = Field(description="{setting: [old, new]} of what changed")


def admin_of(server: Server, who: Principal) -> Admin:
    return Admin(server.for_principal(who), who.registration.username)


def _wellbeing(body: WellbeingIn | None) -> WellbeingText | None:
    return None if body is None else WellbeingText(body.text, body.source)


@router.get("", response_model=AdminSnapshot)
def snapshot(who: Supervisor, server: ServerDep) -> AdminSnapshot:
    """What the window shows: queues, people, policy versions, settings, course codes and the
    shipped wellbeing profiles."""
    return admin_of(server, who).snapshot()


@router.post("/queues", response_model=QueueOut)
def add_queue(body: QueueAdd, who: Supervisor, server: ServerDep) -> QueueOut:
    q = body.queue
    request = QueueRequest(
        q.name, q.policy, q.title, q.sla_hours, q.escalate_to, tuple(q.requires),
        q.min_role, tuple(q.categories), _wellbeing(q.wellbeing), q.notice_days,
        q.retention_days,
    )  # fmt: skip

    def effect() -> QueueOut:
        return QueueOut(queue=checked(lambda: admin_of(server, who).queues.add(request)))

    return once(server, who, body.request_id, "admin-queue-add", body, QueueOut, effect)


@router.post("/queues/{name}", response_model=QueueOut)
def edit_queue(name: QueueName, body: QueueEdit, who: Supervisor, server: ServerDep) -> QueueOut:
    # null is "leave it" (as left out), except for the terms, where it is the policy's default.
    given = body.changes.model_dump(exclude_unset=True)
    changes = {k: v for k, v in given.items() if v is not None or k in NULLABLE}
    for key in ("requires", "categories"):
        if changes.get(key) is not None:
            changes[key] = tuple(changes[key])
    wellbeing = _wellbeing(body.wellbeing)

    def effect() -> QueueOut:
        queues = admin_of(server, who).queues
        return QueueOut(queue=checked(lambda: queues.edit(name, changes, wellbeing)))

    return once(server, who, body.request_id, f"admin-queue:{name}", body, QueueOut, effect)


@router.post("/queues/{name}/archive", response_model=QueueOut)
def archive_queue(name: QueueName, body: Mutation, who: Supervisor, server: ServerDep) -> QueueOut:
    def effect() -> QueueOut:
        return QueueOut(queue=checked(lambda: admin_of(server, who).queues.archive(name)))

    endpoint = f"admin-queue-archive:{name}"
    return once(server, who, body.request_id, endpoint, body, QueueOut, effect)


@router.post("/policies", response_model=PolicyOut)
def import_policy(body: PolicyIn, who: Supervisor, server: ServerDep) -> PolicyOut:
    """Store a policy file's version (the same file again changes nothing)."""
    data = body.text.encode("utf-8")

    def effect() -> PolicyOut:
        library = admin_of(server, who).policies
        done = checked(lambda: library.import_data(data, body.file, apply=body.apply))
        p = done.policy
        return PolicyOut(
            policy_id=p.id, version=p.version, sha256=p.sha256, created=done.created,
            queues=list(done.queues), summary=done.summary(),
        )  # fmt: skip

    return once(server, who, body.request_id, "admin-policy-import", body, PolicyOut, effect)


@router.get("/policies/{policy_id}", response_model=PolicyText)
def policy_text(
    policy_id: QueueName,
    who: Supervisor,
    server: ServerDep,
    version: Annotated[str, Query(max_length=100, pattern=PRINTABLE)] = "",
) -> PolicyText:
    """A stored policy file: its latest version, or `version`."""
    ref = f"{policy_id}@{version}" if version else policy_id
    return admin_of(server, who).policies.text(ref)


@router.post("/settings", response_model=SettingsOut)
def change_settings(body: SettingsChange, who: Supervisor, server: ServerDep) -> SettingsOut:
    given = body.settings.model_dump(exclude_unset=True)
    values = {k: v for k, v in given.items() if v is not None or k.endswith("_days")}

    def effect() -> SettingsOut:
        org = admin_of(server, who).organisation
        return SettingsOut(changed=checked(lambda: org.change(values)))

    return once(server, who, body.request_id, "admin-settings", body, SettingsOut, effect)
