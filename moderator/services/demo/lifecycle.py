"""Demo history after the decisions: the actions of the QA history's final decisions, most
of them sent and confirmed some hours later (with the clock set back), a few left overdue,
one report under a legal hold. Everything goes through the real store functions and audit.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from moderator.services.lifecycle import plan_actions
from moderator.services.organisation import read_settings
from moderator.services.workspace import Workspace
from moderator.store import actions, notices, retention

SUPERVISOR = "demo.supervisor"
NOTICE = "We reviewed your report. The content was removed and access to it blocked."


def seed_lifecycle(workspace: Workspace) -> None:
    rng = random.Random(19)
    actor = workspace.actor(SUPERVISOR)
    now = workspace.now()
    with workspace.transaction() as session:
        plan_actions(session, actor, now)
        rows = actions.listing(session, now)
        for row in rows:
            roll = rng.random()
            if roll < 0.15:
                continue  # left as it is: due, overdue by now
            sent = min(row.decided_at + timedelta(hours=rng.uniform(0.5, 20)), now)
            actions.mark(session, actor, sent, row.id, "sent", f"ticket {rng.randint(1000, 9999)}")
            if roll < 0.25:
                continue  # sent, waiting for the host's answer
            done: datetime = min(sent + timedelta(hours=rng.uniform(1, 40)), now)
            state = "failed" if roll > 0.95 else "confirmed"
            actions.mark(session, actor, done, row.id, state, "host replied: content removed"
                         if state == "confirmed" else "host refused")  # fmt: skip
        zone = read_settings(session).zone()
        for i, owed in enumerate(notices.listing(session, now, zone)):
            if i % 4 == 3:
                continue  # a few still owed
            at = min(owed.received_at + timedelta(days=rng.uniform(0.5, 9)), now)
            notices.send(session, actor, at, zone, owed.report_uid, NOTICE)
        if rows:
            retention.add_hold(session, actor, now, rows[0].report_uid, "police request DEMO-1")
