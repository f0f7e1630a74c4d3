"""Plain-text renderings for the console: an event's details and a chain's status.

Plain text only (shown in read-only plain-text widgets): whatever a reviewer or a reporter
typed is shown as text, never interpreted as markup or links.
"""

from __future__ import annotations

import json

from moderator.domain.banks import AUTOMATED_REVIEWER
from moderator.services.audit_console import WorkstationStatus
from moderator.services.console import EventDetails, EventRow
from moderator.ui.common import i18n
from moderator.ui.common.i18n import translate


def when(row: EventRow) -> str:
    return row.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def describe(d: EventDetails) -> str:
    """The details pane's text for one event."""
    e = d.event
    lines = [
        f"{e.kind} by {e.actor}",
        f"at {when(e)} (local time)",
        f"event {e.uid}",
        f"workstation {e.workstation_name or e.workstation}, seq {e.seq}",
        f"  id {e.workstation}",
    ]
    if e.report_uid:
        lines += [f"report {e.report_ref or e.report_uid}", f"  id {e.report_uid}"]
    if d.decision is not None:
        dec = d.decision
        outcome = f"{dec.outcome_label} ({dec.outcome})" if dec.outcome_label else dec.outcome
        lines += [
            "",
            "DECISION",
            f"  outcome   {outcome}",
            f"  policy    {dec.policy_id} (version {dec.policy_version})",
            f"  reviewer  {dec.reviewer}, round {dec.review_round}",
            f"  on item   {dec.seconds_on_item:.1f} s, unblurred {dec.seconds_exposed:.1f} s",
        ]
        if dec.reviewer == AUTOMATED_REVIEWER:
            lines.append("  viewed    by no one: known content, decided from a hash bank")
        lines.append("")
        if dec.wording:  # the checklist as worded in the version decided under
            lines.append(f"CHECKLIST (as worded in version {dec.policy_version})")
            lines += [f"  {question}\n      {answer}" for question, answer in dec.wording]
        else:
            lines.append("CHECKLIST ANSWERS")
            width = max((len(q) for q in dec.answers), default=0)
            lines += [f"  {q.ljust(width)}  {_answer(a)}" for q, a in dec.answers.items()]
        if dec.notes:
            lines += ["", "NOTES", *("  " + n for n in dec.notes.splitlines())]
    elif e.kind == "decide":
        lines += ["", "(the decision row has not reached the central store)"]
    if d.reveal_seconds is not None:
        lines += ["", f"REVEAL  {d.reveal_seconds:.1f} s unblurred"]
    if e.report_uid:
        lines += [
            "",
            f"REPORT'S EVENTS ({len(d.report_events)}"
            + (" shown, more exist" if d.report_events_truncated else "")
            + f"; unblurred in total {d.report_reveal_seconds:.1f} s)",
        ]
        for other in d.report_events:
            mark = "›" if other.uid == e.uid else " "
            extra = f"  {other.summary}" if other.summary else ""
            lines.append(f" {mark} {when(other)}  {other.kind:<10} {other.actor}{extra}")
    lines += ["", "PAYLOAD", *("  " + p for p in d.payload.splitlines())]
    return "\n".join(lines)


def _answer(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def chain_status(s: WorkstationStatus, name: str | None = None) -> tuple[str, str, str, str]:
    """(workstation, events, signed up to, state) for the verification table."""
    signed = (
        translate("supervisor", "seq {seq}").format(seq=i18n.number(s.checkpoint_seq))
        if s.checkpoint_seq
        else translate("supervisor", "not signed yet")
    )
    state = translate("supervisor", "verified") if s.ok else (s.problem or "problem")
    return (name or s.workstation, i18n.number(s.events), signed, state)
