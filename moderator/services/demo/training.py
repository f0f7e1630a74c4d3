"""Demo training data beyond the basics `build.py` seeds: evidence, history, a catalogue entry.

Written through the training service, as a supervisor would: the demo's audit log shows
TRAINING events like a real one.
"""

from __future__ import annotations

from datetime import timedelta

from moderator.services.training import TrainingAdmin
from moderator.services.workspace import Workspace
from moderator.store.training import CourseInput, RecordInput

SUPERVISOR = "demo.supervisor"


def seed_training(workspace: Workspace) -> None:
    """Evidence on the seeded records, an older renewed record, and a course nobody needs yet."""
    now = workspace.now()
    admin = TrainingAdmin(workspace, SUPERVISOR)
    for rec in admin.records():
        evidence = f"certificate {rec.course_code}-{rec.completed_at:%Y%m%d}"
        admin.update_record(
            rec.id,
            RecordInput(rec.reviewer, rec.course_code, rec.completed_at, rec.expires_at,
                        evidence, "demo"),
        )  # fmt: skip
    # The supervisor's certificate was renewed: the old record stays as history.
    admin.add_record(
        RecordInput(SUPERVISOR, "CSAM-CERT", now - timedelta(days=400),
                    now - timedelta(days=35), "certificate CSAM-CERT (previous)", "demo"),
    )  # fmt: skip
    admin.save_course(CourseInput("WELLBEING-REFRESH", "Reviewer wellbeing refresher", 180))
