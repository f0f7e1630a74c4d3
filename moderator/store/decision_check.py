"""Every DECIDE event has its decision row and every decision row its DECIDE event.

The chain vouches for the events; the reports, the console and the regulators' formats read
the decision rows. Deleting or editing a row leaves the chain intact, so each workstation's
DECIDE events are matched against its decision rows by uid (outcome, policy, round and report
must agree too). One aggregate query per workstation answers "all matched" in the database
(the DECIDE events have a partial index, migration 0009); only when it says otherwise are the
rows read and each problem named.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.audit_witness import (
    DECISION_FIELDS,
    DecisionRow,
    Finding,
    decision_event_finding,
    orphan_decision_finding,
)

MAX_NAMED = 20  # problems named per workstation; the rest are counted
DECIDE = EventKind.DECIDE.value


@dataclass(frozen=True, slots=True)
class _Side:
    events: str
    decisions: str
    join_report: str  # how a decision row reaches its report's uid
    report: str


LOCAL = _Side("audit_events", "decisions", "LEFT JOIN reports r ON r.id = d.report_id", "r.uid")
CENTRAL = _Side("central_events", "central_decisions", "", "d.report_uid")
_ROW_COLUMNS = "d.uid, {report}, d.workstation, d.outcome, d.policy_id, d.review_round"


def _aggregate_sql(side: _Side, pg: bool) -> str:
    """(DECIDE events, distinct decision rows matching one in every field) of a workstation.

    Each payload is parsed as few times as the database allows (PostgreSQL: once, in a
    materialized CTE; SQLite: once for the uid the join looks up, once for the other fields,
    compared as one JSON array). The kind is a literal, so the planner uses the partial index.
    A payload that is not JSON makes the statement fail; the caller then reads row by row."""
    fields = [key for key, _name in DECISION_FIELDS]
    columns = [f"d.{name}" for _key, name in DECISION_FIELDS]
    if pg:
        payload = ", ".join(f"e.j ->> '{key}'" for key in fields)
        row = ", ".join(f"{c}::text" if c == "d.review_round" else c for c in columns)
        return (
            f"WITH e AS MATERIALIZED (SELECT report_uid, payload::jsonb AS j FROM {side.events} "
            f"WHERE workstation = %s AND kind = '{DECIDE}') "
            f"SELECT count(*), count(DISTINCT CASE WHEN {side.report} = e.report_uid "
            f"AND ({payload}) = ({row}) THEN d.uid END) "
            f"FROM e LEFT JOIN {side.decisions} d ON d.uid = e.j ->> 'decision' "
            f"AND d.workstation = %s {side.join_report}"
        )
    paths = ", ".join(f"'$.{key}'" for key in fields)
    return (
        f"SELECT count(*), count(DISTINCT CASE WHEN {side.report} = e.report_uid "
        f"AND json_extract(e.payload, {paths}) = json_array({', '.join(columns)}) "
        f"THEN d.uid END) "
        f"FROM {side.events} e LEFT JOIN {side.decisions} d "
        f"ON d.uid = json_extract(e.payload, '$.decision') AND d.workstation = ? "
        f"{side.join_report} WHERE e.workstation = ? AND e.kind = '{DECIDE}'"
    )


def decision_counts(session: Session, side: _Side) -> dict[str, int]:
    """Decision rows per workstation."""
    rows = session.connection().exec_driver_sql(
        f"SELECT workstation, count(*) FROM {side.decisions} GROUP BY workstation"
    )
    return {str(ws): int(n) for ws, n in rows}


def check_decisions(
    session: Session, side: _Side, workstation: str, rows_here: int
) -> list[Finding]:
    """The problems between the workstation's DECIDE events and its `rows_here` decision rows."""
    conn = session.connection()
    pg = conn.dialect.name == "postgresql"
    try:
        with conn.begin_nested():  # a payload that is not JSON fails the statement
            events, matched = conn.exec_driver_sql(
                _aggregate_sql(side, pg), (workstation, workstation)
            ).one()
    except DBAPIError:
        events = matched = -1
    if events == matched == rows_here:
        return []
    return _named_problems(session, side, workstation)


def _named_problems(session: Session, side: _Side, workstation: str) -> list[Finding]:
    """Every problem of the workstation, read row by row (only when the aggregate disagreed)."""
    conn = session.connection()
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    select_rows = f"SELECT {_ROW_COLUMNS.format(report=side.report)} FROM {side.decisions} d "
    rows = {
        row.uid: row
        for row in _decision_rows(
            conn.exec_driver_sql(
                f"{select_rows}{side.join_report} WHERE d.workstation = {mark}", (workstation,)
            )
        )
    }
    events = conn.exec_driver_sql(
        f"SELECT seq, uid, report_uid, payload FROM {side.events} "
        f"WHERE workstation = {mark} AND kind = '{DECIDE}' ORDER BY seq",
        (workstation,),
    ).fetchall()
    payloads = [(seq, uid, report, _parse(payload)) for seq, uid, report, payload in events]
    named = {str(p.get("decision")) for *_, p in payloads if p is not None and p.get("decision")}
    elsewhere = sorted(named - rows.keys())  # rows another workstation's name is on
    for start in range(0, len(elsewhere), 500):
        chunk = elsewhere[start : start + 500]
        where = f"WHERE d.uid IN ({', '.join([mark] * len(chunk))})"
        named_rows = conn.exec_driver_sql(f"{select_rows}{side.join_report} {where}", tuple(chunk))
        rows.update((row.uid, row) for row in _decision_rows(named_rows))
    findings: list[Finding] = []
    first_named: dict[str, int] = {}
    for seq, uid, report, payload in payloads:
        decision = str(payload.get("decision")) if payload and payload.get("decision") else None
        if decision is not None and decision in first_named:
            findings.append(
                Finding(
                    workstation,
                    f"decision {decision} is named by the DECIDE event at seq "
                    f"{first_named[decision]} too",
                    int(seq),
                    uid=str(uid),
                )
            )
            continue
        if decision is not None:
            first_named[decision] = int(seq)
        row = rows.get(decision) if decision is not None else None
        found = decision_event_finding(workstation, int(seq), str(uid), report, payload, row)
        if found is not None:
            findings.append(found)
    findings += [
        orphan_decision_finding(workstation, row)
        for uid, row in sorted(rows.items())
        if row.workstation == workstation and uid not in first_named
    ]
    if len(findings) > MAX_NAMED:
        left = len(findings) - MAX_NAMED
        findings = findings[:MAX_NAMED]
        findings.append(Finding(workstation, f"and {left} more decision problem(s)"))
    return findings


def _decision_rows(rows: Iterable[Any]) -> list[DecisionRow]:
    return [
        DecisionRow(
            str(uid),
            None if report is None else str(report),
            str(ws),
            {"outcome": _text(outcome), "policy_id": _text(policy), "review_round": _text(rnd)},
        )
        for uid, report, ws, outcome, policy, rnd in rows
    ]


def _parse(payload: object) -> Mapping[str, Any] | None:
    try:
        data = json.loads(payload) if isinstance(payload, str) else None
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _text(value: object) -> str | None:
    return None if value is None else str(value)
