"""The training records window over the team server (services.supervision.TrainingRecords).

Every change carries a fresh request id; a failed connection sends the same request again,
which the server answers once. A CSV file is read here and its text sent: the server parses
and stores it in one transaction, as `moderator training import` does on a database.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from moderator.domain.errors import ModeratorError
from moderator.domain.rows import CourseInput, CourseRow, RecordInput
from moderator.remote.client import Api
from moderator.remote.outbox import new_request_id
from moderator.services.training import AdminRow
from moderator.services.training_csv import ImportResult, local_zone

BASE = "/v1/supervisor/training"
CSV_LIMIT = 5_000_000  # characters the server takes in one file
_COURSES = TypeAdapter(list[CourseRow])
_ROWS = TypeAdapter(list[AdminRow])
_IMPORT = TypeAdapter(ImportResult)


def _record(rec: RecordInput) -> dict[str, Any]:
    return {
        "reviewer": rec.reviewer,
        "course_code": rec.course_code,
        "completed_at": rec.completed_at.isoformat(),
        "expires_at": rec.expires_at.isoformat(),
        "evidence": rec.evidence,
    }


class RemoteTrainingRecords:
    def __init__(self, api: Api) -> None:
        self.api = api

    def now(self) -> datetime:
        return self.api.now()

    def _change(self, path: str, **body: Any) -> Any:
        return self.api.call("POST", f"{BASE}{path}", {"request_id": new_request_id(), **body})

    def courses(self) -> list[CourseRow]:
        return _COURSES.validate_python(self.api.call("GET", f"{BASE}/courses"))

    def rows(self) -> list[AdminRow]:
        return _ROWS.validate_python(self.api.call("GET", f"{BASE}/rows"))

    def choices(self) -> tuple[list[str], list[str], list[str]]:
        data = self.api.call("GET", f"{BASE}/choices")
        return list(data["reviewers"]), list(data["courses"]), list(data["queues"])

    def save_course(self, course: CourseInput) -> str:
        body = {
            "code": course.code, "title": course.title, "validity_days": course.validity_days,
            "queues": list(course.queues), "categories": list(course.categories),
        }  # fmt: skip
        return str(self._change("/courses", course=body)["outcome"])

    def delete_course(self, code: str) -> None:
        self._change(f"/courses/{code}/delete")

    def add_record(self, rec: RecordInput) -> str:
        return str(self._change("/records", record=_record(rec))["outcome"])

    def update_record(self, record_id: int, rec: RecordInput) -> None:
        self._change(f"/records/{record_id}", record=_record(rec))

    def delete_record(self, record_id: int) -> None:
        self._change(f"/records/{record_id}/delete")

    def import_csv(self, path: Path, tz: tzinfo | None = None) -> ImportResult:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ModeratorError(f"{path.name}: not UTF-8 text") from None
        if len(text) > CSV_LIMIT:
            raise ModeratorError(f"{path.name}: over {CSV_LIMIT:,} characters; split the file")
        zone = str(getattr(tz or local_zone(), "key", None) or "UTC")
        data = self._change("/imports", file=path.name[:100], text=text, tz=zone)
        return _IMPORT.validate_python(data["result"])
