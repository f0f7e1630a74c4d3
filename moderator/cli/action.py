"""`moderator action list|mark` and `moderator notice list|send`: what follows a decision.

Supervisors only. Times are shown in the organisation's time zone.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta, tzinfo
from typing import Any

from moderator.cli import _context
from moderator.cli._table import print_table
from moderator.domain.lifecycle import ActionState
from moderator.services import i18n
from moderator.services.i18n import _, n
from moderator.services.lifecycle import ActionRow, Lifecycle, NoticeRow
from moderator.services.organisation import org_zone

MARKS = [s.value for s in ActionState if s is not ActionState.DUE]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("action", help="actions after decisions: takedowns, reports")
    sub = parser.add_subparsers(dest="action_command", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help="the actions final decisions call for (supervisors)")
    lst.add_argument("--overdue", action="store_true", help="only those past due or follow-up")
    lst.add_argument("--queue", metavar="Q", help="only this queue's")
    lst.add_argument("--json", action="store_true", help="print the actions as JSON")
    _context.add_as(lst)
    lst.set_defaults(func=run_list)
    mark = sub.add_parser("mark", help="record that an action was sent, confirmed or failed")
    mark.add_argument("id", type=int, metavar="ID", help="the action's number (as listed)")
    mark.add_argument("state", choices=MARKS, help="its new state")
    mark.add_argument("--evidence", required=True, metavar="TEXT",
                      help="a reference: a ticket number, a reply, a URL (no media)")  # fmt: skip
    _context.add_as(mark)
    mark.set_defaults(func=run_mark)
    notice = subparsers.add_parser("notice", help="notices to reporters and their deadlines")
    nsub = notice.add_subparsers(dest="notice_command", metavar="ACTION", required=True)
    nlist = nsub.add_parser("list", help="notices still to send, soonest deadline first")
    nlist.add_argument("--queue", metavar="Q", help="only this queue's")
    nlist.add_argument("--sent", action="store_true", help="every notice, sent ones included")
    _context.add_as(nlist)
    nlist.set_defaults(func=run_notice_list)
    send = nsub.add_parser("send", help="record the notice sent to a report's reporter")
    send.add_argument("report", metavar="REPORT", help="the report's uid (or unique reference)")
    send.add_argument("--text", required=True, help="the notice exactly as the reporter got it")
    _context.add_as(send)
    send.set_defaults(func=run_notice_send)


def _service(args: argparse.Namespace) -> Lifecycle:
    workspace = _context.workspace(args)
    return Lifecycle(workspace, _context.acting(args, workspace))


def when(value: datetime | None, zone: tzinfo | None) -> str:
    return i18n.current().when(value, zone)


def countdown(deadline: datetime, now: datetime) -> str:
    """'3d 4h left', or 'OVERDUE 5h' once past ('3일 4시간 남음', '5시간 초과')."""
    seconds = int((deadline - now).total_seconds())
    left = abs(seconds)
    days, hours, minutes = left // 86400, left % 86400 // 3600, left // 60
    s = i18n.current()
    if s.lang == "en":  # the short forms the table has always shown
        text = f"{days}d {hours}h" if left >= 86400 else f"{left // 3600}h"
        text = text if left >= 3600 else f"{minutes}m"
    else:
        parts = (
            [timedelta(days=days), timedelta(hours=hours)]
            if days
            else [timedelta(hours=left // 3600) if left >= 3600 else timedelta(minutes=minutes)]
        )
        text = " ".join(s.duration(p, threshold=1) for p in parts if p or len(parts) == 1)
    return s._("{time} left", time=text) if seconds > 0 else s._("OVERDUE {time}", time=text)


def _json(row: ActionRow) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ActionRow.__slots__:
        value = getattr(row, key)
        out[key] = value.isoformat() if isinstance(value, datetime) else value
    return out


def run_list(args: argparse.Namespace) -> int:
    life = _service(args)
    try:
        rows = life.actions(overdue=args.overdue, queue=args.queue)
        zone = org_zone(life.workspace)
    finally:
        life.workspace.close()
    if args.json:
        print(json.dumps([_json(r) for r in rows], indent=2))
        return 0
    if not rows:
        print(_("no overdue actions") if args.overdue else _("no actions yet"))
        return 0
    print_table(
        (
            "id",
            _("report"),
            _("queue"),
            _("host"),
            _("action"),
            _("state"),
            _("due"),
            _("follow-up"),
            _("alert"),
        ),  # fmt: skip
        [
            (
                r.id,
                r.report_ref,
                r.queue,
                r.host,
                r.kind,
                r.state,
                when(r.due_at, zone),
                when(r.follow_up_at, zone),
                (_("OVERDUE") if r.overdue else "") if r.state != "confirmed" else _("done"),
            )
            for r in rows
        ],  # fmt: skip
        right=(0,),
    )
    overdue = sum(r.overdue for r in rows)
    if overdue and not args.overdue:
        print(_("{count} overdue: `moderator action list --overdue`", count=n(overdue)))
    return 0


def run_mark(args: argparse.Namespace) -> int:
    life = _service(args)
    try:
        row = life.mark(args.id, args.state, args.evidence)
    finally:
        life.workspace.close()
    print(_("action {id} ({kind} for report {report}) is {state}", id=row.id, kind=row.kind,
            report=row.report_uid, state=row.state))  # fmt: skip
    return 0


def _notice_row(row: NoticeRow, zone: tzinfo | None, now: datetime) -> tuple[object, ...]:
    if row.sent_at is not None:
        status = _("sent late") if row.overdue else _("sent")
    else:
        status = countdown(row.deadline, now)
    return (row.report_ref, row.queue, when(row.received_at, zone), when(row.deadline, zone),
            status)  # fmt: skip


def run_notice_list(args: argparse.Namespace) -> int:
    life = _service(args)
    try:
        rows = life.notices(queue=args.queue, sent=args.sent)
        zone, now = org_zone(life.workspace), life.workspace.now()
    finally:
        life.workspace.close()
    if not rows:
        print(_("no notices to send"))
        return 0
    print_table((_("report"), _("queue"), _("received"), _("due before"), _("status")),
                [_notice_row(r, zone, now) for r in rows])  # fmt: skip
    late = sum(r.overdue and r.sent_at is None for r in rows)
    if late:
        print(_("{count} notice(s) overdue", count=n(late)))
    return 0


def run_notice_send(args: argparse.Namespace) -> int:
    life = _service(args)
    try:
        row = life.send_notice(args.report, args.text)
    finally:
        life.workspace.close()
    print(_("notice to the reporter of {report} recorded (after its deadline)",
            report=row.report_uid) if row.overdue
          else _("notice to the reporter of {report} recorded", report=row.report_uid))  # fmt: skip
    return 0
