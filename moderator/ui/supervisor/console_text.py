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
        translate("supervisor", "{kind} by {actor}").format(kind=e.kind, actor=e.actor),
        translate("supervisor", "at {time} (local time)").format(time=when(e)),
        translate("supervisor", "event {uid}").format(uid=e.uid),
        translate("supervisor", "workstation {name}, seq {seq}").format(
            name=e.workstation_name or e.workstation, seq=e.seq
        ),
        f"  id {e.workstation}",
    ]
    if e.report_uid:
        ref = e.report_ref or e.report_uid
        lines += [translate("supervisor", "report {id}").format(id=ref), f"  id {e.report_uid}"]
    if d.decision is not None:
        dec = d.decision
        outcome = f"{dec.outcome_label} ({dec.outcome})" if dec.outcome_label else dec.outcome
        lines += [
            "",
            translate("supervisor", "DECISION"),
            translate("supervisor", "  outcome   {outcome}").format(outcome=outcome),
            translate("supervisor", "  policy    {id} (version {version})").format(
                id=dec.policy_id, version=dec.policy_version
            ),
            translate("supervisor", "  reviewer  {who}, round {round}").format(
                who=dec.reviewer, round=dec.review_round
            ),
            translate("supervisor", "  on item   {seconds} s, unblurred {exposed} s").format(
                seconds=f"{dec.seconds_on_item:.1f}", exposed=f"{dec.seconds_exposed:.1f}"
            ),
        ]
        if dec.reviewer == AUTOMATED_REVIEWER:
            lines.append(
                translate(
                    "supervisor", "  viewed    by no one: known content, decided from a hash bank"
                )
            )
        lines.append("")
        if dec.wording:  # the checklist as worded in the version decided under
            lines.append(
                translate("supervisor", "CHECKLIST (as worded in version {version})").format(
                    version=dec.policy_version
                )
            )
            lines += [f"  {question}\n      {answer}" for question, answer in dec.wording]
        else:
            lines.append(translate("supervisor", "CHECKLIST ANSWERS"))
            width = max((len(q) for q in dec.answers), default=0)
            lines += [f"  {q.ljust(width)}  {_answer(a)}" for q, a in dec.answers.items()]
        if dec.notes:
            notes = ("  " + n for n in dec.notes.splitlines())
            lines += ["", translate("supervisor", "NOTES"), *notes]
    elif e.kind == "decide":
        lines += [
            "",
            translate("supervisor", "(the decision row has not reached the central store)"),
        ]
    if d.reveal_seconds is not None:
        lines += [
            "",
            translate("supervisor", "REVEAL  {seconds} s unblurred").format(
                seconds=f"{d.reveal_seconds:.1f}"
            ),
        ]
    if e.report_uid:
        lines += [
            "",
            (
                translate(
                    "supervisor",
                    "REPORT'S EVENTS ({count} shown, more exist; unblurred in total {seconds} s)",
                )
                if d.report_events_truncated
                else translate(
                    "supervisor", "REPORT'S EVENTS ({count}; unblurred in total {seconds} s)"
                )
            ).format(count=len(d.report_events), seconds=f"{d.report_reveal_seconds:.1f}"),
        ]
        for other in d.report_events:
            mark = "›" if other.uid == e.uid else " "
            extra = f"  {other.summary}" if other.summary else ""
            lines.append(f" {mark} {when(other)}  {other.kind:<10} {other.actor}{extra}")
    lines += ["", translate("supervisor", "PAYLOAD"), *("  " + p for p in d.payload.splitlines())]
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
