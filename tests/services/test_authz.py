"""On a shared database only supervisors change supervision data, whatever the caller."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from moderator.domain.errors import NotEligible
from moderator.domain.reports import Role
from moderator.services.quality import QualityService
from moderator.services.training import TrainingAdmin
from moderator.services.workspace import Workspace
from moderator.store.models import AuditEvent, TrainingCourse
from moderator.store.training import CourseInput
from tests.helpers import seed

COURSE = CourseInput("GEN", "General", 365, queues=("general",))


def counts(ws: Workspace) -> tuple[int, int]:
    with ws.transaction() as s:
        courses = s.scalar(select(func.count()).select_from(TrainingCourse)) or 0
        events = s.scalar(select(func.count()).select_from(AuditEvent)) or 0
    return courses, events


def test_reviewers_cannot_change_supervision_data_on_a_shared_database(
    workspace: Workspace, db_url: str
) -> None:
    with workspace.transaction() as s:
        seed.reviewer(s, "alice", workspace.now())
        seed.reviewer(s, "sue", workspace.now(), role=Role.SUPERVISOR)
    shared = not db_url.startswith("sqlite")
    before = counts(workspace)
    if shared:
        with pytest.raises(NotEligible, match="only a supervisor may change the training"):
            TrainingAdmin(workspace, "alice").save_course(COURSE)
        with pytest.raises(NotEligible, match="only a supervisor may change QA settings"):
            QualityService(workspace, "alice").set_settings("general", gold_rate=0.5)
        with pytest.raises(NotEligible, match="nobody is not an active person"):
            TrainingAdmin(workspace, "nobody").save_course(COURSE)
        assert counts(workspace) == before  # nothing written, nothing audited
    else:  # the file's owner can do anything to it anyway: no check, but still audited
        TrainingAdmin(workspace, "alice").save_course(COURSE)
        assert counts(workspace) == (before[0] + 1, before[1] + 1)
    TrainingAdmin(workspace, "sue").save_course(CourseInput("SUP", "Supervised", 30))
    QualityService(workspace, "sue").set_settings("general", gold_rate=0.05)
