"""A desk in team mode decides a group (issue 18) through the same services as the window,
against the real server process over TLS: the group and its members' media by the lead's
lease (rendered blurred here), the group decision through the outbox, undone and final."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from moderator.domain.rows import DecisionInput
from moderator.media import MediaPool, Rendered, RenderRequest
from moderator.media.types import BlurLevel
from moderator.store.models import Decision, MediaItem, Report
from tests.remote.conftest import Served
from tests.server.conftest import DECISION

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_a_desk_decides_a_group_over_the_server(served: Served, decoder: MediaPool) -> None:
    ids = served.team.add_reports("general", 3)
    with served.team.sessions.begin() as s:
        s.execute(update(Report).where(Report.id == ids[0]).values(priority=5))
        s.execute(update(MediaItem).values(pdq="f" * 64))  # near copies of each other
        uid = dict(s.execute(select(Report.id, Report.uid)).all())
    desk = served.open(served.enroll("alice"), decoder)
    try:
        assert desk.group is not None
        lease = desk.review.claim()
        assert lease is not None
        assert lease.report_uid == uid[ids[0]]
        members = desk.group.members(lease)
        assert {m.report_uid for m in members} == {uid[ids[1]], uid[ids[2]]}
        media = members[0].media
        assert media is not None
        req = RenderRequest(media.uri, media.sha256, 132, 96, blur=BlurLevel.UNRECOGNISABLE)
        tile = desk.media.render_media(media, req)
        assert isinstance(tile, Rendered)
        assert not tile.sharp
        decision = DecisionInput(**DECISION)  # type: ignore[arg-type]
        pending = desk.group.submit(lease, decision, [uid[ids[1]]])
        assert pending.members == (uid[ids[1]],)
        lease = desk.desk.undo(pending)  # the whole group back
        pending = desk.group.submit(lease, decision, [uid[ids[1]], uid[ids[2]]])
        assert desk.desk.finalize(pending) is not None
    finally:
        desk.close()
    with served.team.sessions() as s:
        assert set(s.scalars(select(Decision.report_id))) == set(ids)
