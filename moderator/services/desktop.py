"""The review window's services in single-seat mode: all of them over the local workspace.

`local_desktop` is the one place they are put together; team mode's counterpart is
`moderator.remote.desktop.open_team`. Both return a `services.interfaces.Desktop`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta, tzinfo

from moderator.domain.rows import DecisionInput, Lease, ReviewerRef
from moderator.media.types import MediaError, MediaErrorKind, Rendered, RenderRequest
from moderator.services.exposure import ExposureLog
from moderator.services.grouping import Grouping, Member
from moderator.services.interfaces import Decoder, Desktop, MediaRef, Pending
from moderator.services.lookups import TrainingLookup
from moderator.services.pending import DEFAULT_GRACE, PendingDecisions
from moderator.services.sync import Syncer
from moderator.services.wellbeing import WellbeingReview, WellbeingService
from moderator.services.workspace import Workspace


@dataclass(frozen=True)
class LocalMedia:
    """Media under the profile's media root, decoded from its file by the sandboxed pool."""

    decoder: Decoder

    def render_media(self, media: MediaRef, req: RenderRequest) -> Rendered | MediaError:
        if media.path is None:
            kind = MediaErrorKind.MISSING if "root" in media.problem else MediaErrorKind.UNSUPPORTED
            return MediaError(kind, media.problem or "no local file")
        return self.decoder.render(dataclasses.replace(req, path=media.path))


@dataclass(frozen=True)
class LocalGroup:
    """The group of the claimed report, over the workspace; its decision waits out the grace
    period as a pending decision of `desk`, which undoes and finalizes it."""

    grouping: Grouping
    desk: PendingDecisions

    def members(self, lease: Lease) -> list[Member]:
        return self.grouping.members(lease)

    def submit(self, lease: Lease, decision: DecisionInput, member_uids: Sequence[str]) -> Pending:
        return self.desk.submit_group(lease, decision, member_uids)


def local_desktop(
    workspace: Workspace,
    reviewer: ReviewerRef,
    decoder: Decoder,
    *,
    grace: timedelta = DEFAULT_GRACE,
    queue_ids: list[int] | None = None,
    tz: tzinfo | None = None,
) -> Desktop:
    """The window's services over the workspace, for `reviewer`."""
    desk = PendingDecisions(workspace, reviewer, grace=grace)
    return Desktop(
        reviewer=reviewer,
        profile=workspace.profile.name,
        review=WellbeingReview(workspace, reviewer, tz=tz, queue_ids=queue_ids),
        desk=desk,
        exposure=ExposureLog(workspace, reviewer),
        wellbeing=WellbeingService(workspace, reviewer, tz=tz),
        training=TrainingLookup(workspace, reviewer.username),
        make_sync=lambda: Syncer.for_workspace(workspace),
        media=LocalMedia(decoder),
        clock=workspace.clock,
        workspace=workspace,
        group=LocalGroup(Grouping(workspace, reviewer), desk),
    )
