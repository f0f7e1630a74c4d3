"""Demo training data beyond the basics `demo.py` seeds: evidence, history, a catalogue entry.

Written through the audited store functions, as a supervisor would: the demo's audit log shows
TRAINING events like a real one.
"""

from __future__ import annotations

from datetime import timedelta

from moderator.services.workspace import Workspace
from moderator.store import training as store
from moderator.store.training import CourseInput, RecordInput

SUPERVISOR = "demo.supervisor"


def seed_training(workspace: Workspace) -> None:
    """Evidence on the seeded records, an older renewed record, and a course nobody needs yet."""
    now = workspace.now()
    actor = workspace.actor(SUPERVISOR)
    with workspace.transaction() as session:
        for rec in store.records(session):
            evidence = f"certificate {rec.course_code}-{rec.completed_at:%Y%m%d}"
            store.update_record(
                session, actor, now, rec.id,
                RecordInput(rec.reviewer, rec.course_code, rec.completed_at, rec.expires_at,
                            evidence, "demo"),
            )  # fmt: skip
        # The supervisor's certificate was renewed: the old record stays as history.
        store.put_record(
            session, actor, now,
            RecordInput(SUPERVISOR, "CSAM-CERT", now - timedelta(days=400),
                        now - timedelta(days=35), "certificate CSAM-CERT (previous)", "demo"),
        )  # fmt: skip
        store.save_course(
            session, actor, now,
            CourseInput("WELLBEING-REFRESH", "Reviewer wellbeing refresher", 180),
        )  # fmt: skip
