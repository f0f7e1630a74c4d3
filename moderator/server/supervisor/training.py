"""Routes of the training records window: the catalogue, the records, CSV imports.

Reads are GETs; every change carries a request id (sent again, it answers as the first time)
and is recorded in the caller's server chain as the supervisor's, with the server's time.
"""

from __future__ import annotations

from datetime import UTC
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path
from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from moderator.domain.rows import CourseInput, CourseRow, RecordInput
from moderator.server.auth.dependency import ServerDep
from moderator.server.context import Principal, Server
from moderator.server.errors import ChangeRefused
from moderator.server.idempotency import once
from moderator.server.problems import responses
from moderator.server.schemas import PRINTABLE, DbInt, In, Mutation, Name, Ok, Text50
from moderator.server.supervisor.dependency import Supervisor
from moderator.server.supervisor.rules import checked
from moderator.server.supervisor.schemas import zones
from moderator.services.training import AdminRow, TrainingAdmin
from moderator.services.training_csv import ImportResult, import_data

router = APIRouter(
    prefix="/v1/supervisor/training",
    tags=["supervisor"],
    responses=responses(401, 403, 404, 409, 422, 503),
)
Code = Annotated[str, StringConstraints(min_length=1, max_length=50, pattern=PRINTABLE)]
Evidence = Annotated[str, StringConstraints(max_length=500, pattern=PRINTABLE)]
CSV_LIMIT = 5_000_000  # characters of one imported file


class CourseIn(In):
    code: Code
    title: Name
    validity_days: Annotated[int, Field(ge=1, le=36_500)]
    queues: Annotated[list[Name], Field(max_length=200)] = []
    categories: Annotated[list[Name], Field(max_length=200)] = []


class RecordIn(In):
    reviewer: Name
    course_code: Text50
    completed_at: AwareDatetime
    expires_at: AwareDatetime
    evidence: Evidence = ""


class CourseChange(Mutation):
    course: CourseIn


class RecordChange(Mutation):
    record: RecordIn


class ImportIn(Mutation):
    file: Name = Field(description="the file's name, as the import reports it")
    text: Annotated[str, StringConstraints(max_length=CSV_LIMIT)]
    tz: Annotated[str, Field(max_length=64, json_schema_extra={"enum": zones()})] = "UTC"


class Outcome(BaseModel):
    outcome: str = Field(description='"added", "updated" or "unchanged"')


class Imported(BaseModel):
    result: ImportResult


class Choices(BaseModel):
    reviewers: list[str]
    courses: list[str]
    queues: list[str]


def _admin(server: Server, who: Principal) -> TrainingAdmin:
    return TrainingAdmin(server.for_principal(who), who.registration.username)


def _record(body: RecordIn, who: Principal) -> RecordInput:
    return RecordInput(
        reviewer=body.reviewer,
        course_code=body.course_code,
        completed_at=body.completed_at.astimezone(UTC),
        expires_at=body.expires_at.astimezone(UTC),
        evidence=body.evidence,
        source=f"server:{who.registration.username}",
    )


@router.get("/courses", response_model=list[CourseRow])
def courses(who: Supervisor, server: ServerDep) -> list[CourseRow]:
    return _admin(server, who).courses()


@router.get("/rows", response_model=list[AdminRow])
def rows(who: Supervisor, server: ServerDep) -> list[AdminRow]:
    """Every reviewer's standing in every course, with the record behind it."""
    return _admin(server, who).rows()


@router.get("/choices", response_model=Choices)
def choices(who: Supervisor, server: ServerDep) -> Choices:
    reviewers, codes, queues = _admin(server, who).choices()
    return Choices(reviewers=reviewers, courses=codes, queues=queues)


@router.post("/courses", response_model=Outcome)
def save_course(body: CourseChange, who: Supervisor, server: ServerDep) -> Outcome:
    c = body.course
    course = CourseInput(c.code, c.title, c.validity_days, tuple(c.queues), tuple(c.categories))
    return once(
        server, who, body.request_id, "training-course", body, Outcome,
        lambda: Outcome(outcome=checked(lambda: _admin(server, who).save_course(course))),
    )  # fmt: skip


@router.post("/courses/{code}/delete", response_model=Ok)
def delete_course(
    code: Annotated[str, Path(max_length=50, pattern=PRINTABLE)],
    body: Mutation,
    who: Supervisor,
    server: ServerDep,
) -> Ok:
    def effect() -> Ok:
        checked(lambda: _admin(server, who).delete_course(code))
        return Ok()

    return once(server, who, body.request_id, f"training-course-delete:{code}", body, Ok, effect)


@router.post("/records", response_model=Outcome)
def add_record(body: RecordChange, who: Supervisor, server: ServerDep) -> Outcome:
    rec = _record(body.record, who)
    return once(
        server, who, body.request_id, "training-record", body, Outcome,
        lambda: Outcome(outcome=checked(lambda: _admin(server, who).add_record(rec))),
    )  # fmt: skip


@router.post("/records/{record_id}", response_model=Ok)
def update_record(
    record_id: Annotated[DbInt, Path()], body: RecordChange, who: Supervisor, server: ServerDep
) -> Ok:
    rec = _record(body.record, who)

    def effect() -> Ok:
        checked(lambda: _admin(server, who).update_record(record_id, rec))
        return Ok()

    return once(server, who, body.request_id, f"training-record:{record_id}", body, Ok, effect)


@router.post("/records/{record_id}/delete", response_model=Ok)
def delete_record(
    record_id: Annotated[DbInt, Path()], body: Mutation, who: Supervisor, server: ServerDep
) -> Ok:
    def effect() -> Ok:
        checked(lambda: _admin(server, who).delete_record(record_id))
        return Ok()

    endpoint = f"training-record-delete:{record_id}"
    return once(server, who, body.request_id, endpoint, body, Ok, effect)


@router.post("/imports", response_model=Imported)
def import_csv(body: ImportIn, who: Supervisor, server: ServerDep) -> Imported:
    """Import a CSV file of courses or of records (the same columns as `moderator training
    import`); rows with problems are listed, the others stored."""
    if body.tz not in zones():
        raise ChangeRefused(f"{body.tz!r} is not a time zone name such as Asia/Seoul")
    admin = _admin(server, who)
    data = body.text.encode("utf-8")

    def effect() -> Imported:
        actor = admin.workspace.actor(admin.username)
        zone = ZoneInfo(body.tz)
        return Imported(
            result=checked(lambda: import_data(admin.workspace, actor, body.file, data, zone))
        )

    return once(server, who, body.request_id, "training-import", body, Imported, effect)
