"""Routes of the Admin window's people: add, change (role, name, active), enrollment codes
and token revocation.

The record's rules are the local ones (`store.people`): nobody is ever deleted, and no change
may leave the organisation without an active supervisor (a supervisor cannot demote or
deactivate themselves when they are the last one). A deactivated person gets no enrollment
code. An enrollment code is shown once: a repeat of the request answers without it (only its
hash is stored, here as in the codes' table), and the supervisor issues another.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from moderator.domain.audit import EventKind
from moderator.domain.reports import Role
from moderator.domain.rows import PersonRow
from moderator.server.auth.dependency import ServerDep
from moderator.server.context import Principal, Server
from moderator.server.idempotency import once
from moderator.server.problems import responses
from moderator.server.schemas import PRINTABLE, Mutation, Name
from moderator.server.supervisor.admin import admin_of
from moderator.server.supervisor.dependency import Supervisor
from moderator.server.supervisor.rules import checked
from moderator.services import enrollment
from moderator.services.authz import require_role
from moderator.store import journal
from moderator.store.journal import Actor

router = APIRouter(
    prefix="/v1/supervisor/admin/people",
    tags=["supervisor"],
    responses=responses(401, 403, 404, 409, 422, 503),
)
Username = Annotated[str, Path(min_length=1, max_length=100, pattern=PRINTABLE)]


class PersonAdd(Mutation):
    username: Name
    role: Role = Role.REVIEWER
    display_name: Name = ""


class PersonEdit(Mutation):
    """Only the fields given change."""

    role: Role | None = None
    display_name: Name | None = None
    active: bool | None = None


class PersonOut(BaseModel):
    person: PersonRow


class CodeIn(Mutation):
    hours: Annotated[int, Field(ge=1, le=24 * 30)] = int(
        enrollment.CODE_LIFETIME.total_seconds() // 3600
    )


class CodeOut(BaseModel):
    code: str | None = Field(
        description="shown once; null when this answers a repeated request (issue another)"
    )
    expires_at: datetime


class Revoked(BaseModel):
    workstations: int = Field(description="how many of the person's workstations were revoked")


def _audit(server: Server, who: Principal, op: str, **payload: object) -> None:
    with server.for_principal(who).transaction() as session:
        journal.append(
            session, Actor(who.registration.username, who.chain), EventKind.PERSON,
            server.now(), payload={"op": op, **payload},
        )  # fmt: skip


@router.post("", response_model=PersonOut)
def add_person(body: PersonAdd, who: Supervisor, server: ServerDep) -> PersonOut:
    def effect() -> PersonOut:
        people = admin_of(server, who).people
        return PersonOut(
            person=checked(lambda: people.add(body.username, body.role, body.display_name))
        )

    return once(server, who, body.request_id, "admin-person-add", body, PersonOut, effect)


@router.post("/{username}", response_model=PersonOut)
def edit_person(
    username: Username, body: PersonEdit, who: Supervisor, server: ServerDep
) -> PersonOut:
    def effect() -> PersonOut:
        people = admin_of(server, who).people
        return PersonOut(
            person=checked(
                lambda: people.edit(
                    username, role=body.role, display_name=body.display_name, active=body.active
                )
            )
        )

    return once(server, who, body.request_id, f"admin-person:{username}", body, PersonOut, effect)


@router.post("/{username}/code", response_model=CodeOut)
def issue_code(username: Username, body: CodeIn, who: Supervisor, server: ServerDep) -> CodeOut:
    """A one-time enrollment code for an active person (recorded, without the code)."""
    lifetime = timedelta(hours=body.hours)

    def effect() -> CodeOut:
        me = who.registration.username
        with server.for_principal(who).transaction() as session:
            require_role(session, me, "issue enrollment codes", anywhere=True)
            now = server.now()
            code = enrollment.issue_enrollment(session, username, me, now, lifetime)
        _audit(server, who, "code", person=username, expires=(now + lifetime).isoformat())
        return CodeOut(code=code, expires_at=now + lifetime)

    return once(
        server, who, body.request_id, f"admin-person-code:{username}", body, CodeOut, effect,
        stored_as=lambda out: out.model_copy(update={"code": None}),
    )  # fmt: skip


@router.post("/{username}/revoke", response_model=Revoked)
def revoke_tokens(
    username: Username, body: Mutation, who: Supervisor, server: ServerDep
) -> Revoked:
    """Revoke every workstation and token of the person: each must enroll again."""

    def effect() -> Revoked:
        me = who.registration.username
        with server.for_principal(who).transaction() as session:
            require_role(session, me, "revoke tokens", anywhere=True)
            count = checked(lambda: enrollment.revoke_person(session, username, server.now()))
        _audit(server, who, "revoke", person=username, workstations=count)
        return Revoked(workstations=count)

    endpoint = f"admin-person-revoke:{username}"
    return once(server, who, body.request_id, endpoint, body, Revoked, effect)
