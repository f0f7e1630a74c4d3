"""The supervisor tools over the team server: the audit console and the team's figures
(`services.supervision`'s Protocols), each call a GET the server answers only to a supervisor.

Reads are repeated after a failed connection like every GET of the desk (`Api.call`); an
export is streamed into a private file beside the target and renamed into place when whole,
so a cut connection or a cancel leaves no half file under the chosen name.
"""

from __future__ import annotations

import csv
import os
import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from moderator.domain.errors import NotFound
from moderator.domain.rows import BreakRow, ExposureRow, ReviewerRef
from moderator.remote.adjudication import RemoteAdjudications, RemoteCaseWellbeing
from moderator.remote.admin import RemoteAdmin
from moderator.remote.client import Api
from moderator.remote.lifecycle import RemoteLifecycle
from moderator.remote.quality import RemoteGoldItems
from moderator.remote.training_admin import RemoteTrainingRecords
from moderator.remote.wellbeing import RemoteWellbeing
from moderator.services.audit_console import WorkstationStatus
from moderator.services.compliance import report
from moderator.services.compliance.model import ComplianceReport
from moderator.services.console import Column, EventDetails, EventFilter, EventRow
from moderator.services.console_export import ExportResult, Format
from moderator.services.files import open_private
from moderator.services.interfaces import ExposureAudit, MediaSource
from moderator.services.metrics import Snapshot
from moderator.services.supervision import AdjudicationTools, Supervision

BASE = "/v1/supervisor"
_ROWS = TypeAdapter(list[EventRow])
_DETAILS = TypeAdapter(EventDetails)
_CHAINS = TypeAdapter(list[WorkstationStatus])
_EXPOSURE = TypeAdapter(list[ExposureRow])
_BREAKS = TypeAdapter(list[BreakRow])
_SNAPSHOT = TypeAdapter(Snapshot)
_COMPLIANCE = TypeAdapter(ComplianceReport)


def filter_params(f: EventFilter) -> dict[str, Any]:
    """The console's filter as the query the server reads (a typed reference is resolved
    there, where the reports are)."""
    params: dict[str, Any] = {
        "actor": f.actor,
        "report": f.report_ref,
        "report_uid": f.report_uid,
        "kind": list(f.kinds) or None,
        "outcome": f.outcome,
        "policy": f.policy_id,
        "since": f.since.isoformat() if f.since else None,
        "until": f.until.isoformat() if f.until else None,
        "workstation": f.workstation,
    }
    return {k: v for k, v in params.items() if v}


class RemoteConsole:
    """services.supervision.ConsoleService over `/v1/supervisor/audit/...`."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self._open = False
        self._labels: list[tuple[str, str]] = []

    @property
    def is_open(self) -> bool:
        return self._open

    def open(self) -> None:
        """Asks the server once, so a refused role or an unreachable server shows at once."""
        self.api.call("GET", f"{BASE}/audit/workstations")
        self._open = True

    def first(self, f: EventFilter, limit: int) -> tuple[int, list[EventRow]]:
        data = self.api.call(
            "GET",
            f"{BASE}/audit/events",
            params={**filter_params(f), "limit": limit, "count": True},
        )
        return int(data["total"]), _ROWS.validate_python(data["rows"])

    def page(
        self,
        f: EventFilter,
        offset: int,
        limit: int,
        after: tuple[datetime, int] | None,
        before: tuple[datetime, int] | None,
    ) -> list[EventRow]:
        params = {**filter_params(f), "limit": limit, "offset": offset}
        for name, edge in (("after", after), ("before", before)):
            if edge is not None:
                params[f"{name}_at"], params[f"{name}_id"] = edge[0].isoformat(), edge[1]
        data = self.api.call("GET", f"{BASE}/audit/events", params=params)
        return _ROWS.validate_python(data["rows"])

    def details(self, uid: str) -> EventDetails | None:
        try:
            data = self.api.call("GET", f"{BASE}/audit/events/{uid}")
        except NotFound:
            return None
        return _DETAILS.validate_python(data)

    def choices(self) -> dict[Column, list[str]]:
        data = self.api.call("GET", f"{BASE}/audit/choices")
        self._labels = [(str(code), str(label)) for code, label in data["outcome_labels"]]
        return {column: [str(v) for v in data[column.value]] for column in Column}

    def outcome_labels(self, codes: list[str]) -> list[tuple[str, str]]:
        known = dict(self._labels)
        return [(code, known.get(code, code)) for code in codes]

    def verify(self) -> list[WorkstationStatus]:
        data = self.api.call("GET", f"{BASE}/audit/chains")
        return _CHAINS.validate_python(data["chains"])

    def workstation_names(self, uids: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(uids))
        names: dict[str, str] = {}
        for i in range(0, len(wanted), 400):  # the server takes up to 500 a request
            data = self.api.call(
                "GET", f"{BASE}/audit/workstations", params={"uid": wanted[i : i + 400]}
            )
            names.update({str(k): str(v) for k, v in data.items()})
        return names

    def export(
        self,
        f: EventFilter,
        path: Path,
        fmt: Format,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> ExportResult:
        """Stream the server's export into `path`; the server records who exported what."""
        path = Path(path)
        tmp = path.with_name(f".{path.name}.part")
        lines = 0
        try:
            with (
                self.api.stream(
                    f"{BASE}/audit/export", {**filter_params(f), "format": fmt.value}
                ) as response,
                open_private(tmp, "w", encoding="utf-8", newline="") as out,
            ):
                total = int(response.headers.get("x-total-count", "0") or 0)
                for chunk in response.iter_text():
                    if cancel is not None and cancel.is_set():
                        break
                    out.write(chunk)
                    lines += chunk.count("\n")
                    if progress is not None:
                        done = max(0, lines - 1) if fmt is Format.CSV else lines
                        progress(done, max(total, done))
            if cancel is not None and cancel.is_set():
                tmp.unlink(missing_ok=True)
                return ExportResult(path, 0, cancelled=True)
            rows = _rows_in(tmp, fmt)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return ExportResult(path, rows)

    def close(self) -> None:
        self._open = False  # the desk's client stays open for the other windows


def _rows_in(path: Path, fmt: Format) -> int:
    """Records in the file written (a CSV cell may hold a line break)."""
    with open(path, encoding="utf-8", newline="") as written:
        if fmt is Format.JSONL:
            return sum(1 for _ in written)
        return max(0, sum(1 for _ in csv.reader(written)) - 1)


class RemoteFigures:
    """services.supervision.TeamFigures over `/v1/supervisor/...`, with the server's time."""

    def __init__(self, api: Api) -> None:
        self.api = api

    def now(self) -> datetime:
        return self.api.now()

    def team_exposure(self, days: int) -> tuple[list[ExposureRow], list[BreakRow]]:
        data = self.api.call("GET", f"{BASE}/exposure", params={"days": days})
        return _EXPOSURE.validate_python(data["exposure"]), _BREAKS.validate_python(data["breaks"])

    def dashboard(self, days: int, tz: str) -> Snapshot:
        data = self.api.call("GET", f"{BASE}/dashboard", params={"days": days, "tz": tz})
        return _SNAPSHOT.validate_python(data)

    def compliance(self, first: date, end: date, tz: str, out: Path) -> list[Path]:
        """The figures are gathered on the server; the files are written here."""
        params = {"first": first.isoformat(), "days": (end - first).days, "tz": tz}
        built = _COMPLIANCE.validate_python(
            self.api.call("GET", f"{BASE}/compliance", params=params)
        )
        return report.write(built, out)


def remote_supervision(
    api: Api,
    supervisor: ReviewerRef,
    *,
    wellbeing: RemoteWellbeing | None = None,
    exposure: ExposureAudit | None = None,
    media: MediaSource | None = None,
) -> Supervision:
    """The supervisor tools' services for a team profile (no workspace on this desk). The
    adjudication window also needs the desk's wellbeing records and its audit of what was
    seen (without them it cannot open) and its media source."""
    adjudication = None
    if wellbeing is not None and exposure is not None:
        adjudication = AdjudicationTools(
            RemoteAdjudications(api, supervisor.username),  # for the window's own-case check
            RemoteCaseWellbeing(api, wellbeing),
            exposure,
            media,
        )
    return Supervision(
        console=lambda: RemoteConsole(api),
        figures=RemoteFigures(api),
        training=RemoteTrainingRecords(api),
        gold=RemoteGoldItems(api),
        workspace=None,
        team=True,
        admin=RemoteAdmin(api),
        lifecycle=RemoteLifecycle(api),
        adjudication=adjudication,
    )
