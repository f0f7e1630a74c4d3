"""A group on the team server (issue 18): the equal and near copies of the report the caller
holds, a member's media for its blurred tile, and the group decision.

The server chooses the members (`services.grouping`, never a gold copy or a second review);
the desk can only leave some out: a submitted member that is not in the group the server
finds is not decided (the group's audit names it unavailable). A member's media goes only to
the holder of the lead's lease, and only while the member is in its group, audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import select

from moderator.domain.errors import NotFound
from moderator.domain.rows import DecisionInput
from moderator.server.context import Principal, Server
from moderator.server.review import repository
from moderator.server.review.service import MediaBody, _decisions, _lease, send_media
from moderator.services.grouping import Member, members_in
from moderator.services.pending import Pending
from moderator.store.models import Report


def members(server: Server, who: Principal, token: UUID) -> list[Member]:
    """The group of the report the caller holds with this lease."""
    lease = _lease(server, who, token)
    with server.workspace().transaction() as session:
        return members_in(session, lease)


def member_media(server: Server, who: Principal, token: UUID, report_uid: UUID) -> MediaBody:
    """The matched media item of a member of the caller's group, checked against its ingest
    SHA-256 and audited on the member (with the lead it was shown beside)."""
    lease = _lease(server, who, token)
    with server.for_principal(who).transaction() as session:
        member = next(
            (m for m in members_in(session, lease) if m.report_uid == str(report_uid)), None
        )
        if member is None:
            raise NotFound("that report is not in the group of the report you hold")
        report_id = session.scalar(select(Report.id).where(Report.uid == member.report_uid))
        item = repository.media_item(session, report_id or 0, member.position)
        if item is None:
            raise NotFound(f"report {member.report_uid} has no media item {member.position}")
        # For its blurred tile beside the held report: the fetch is recorded on the member.
        return send_media(server, who, session, member.report_uid, item, group_of=lease.report_uid)


def submit(
    server: Server, who: Principal, token: UUID, decision: DecisionInput, chosen: Sequence[UUID]
) -> Pending:
    """Keep a group decision as pending: the lead's, holding the chosen members that are in
    its group (the others are not touched)."""
    lease = _lease(server, who, token, free=True)
    return _decisions(server, who).submit_group(lease, decision, [str(u) for u in chosen])
