"""Opening a team profile: the window's services over the team server.

Runs on a worker thread. It reads the desk's token from the keyring, asks the server who it
is (`/v1/me`: the person, the role, the server's clock, the lease and grace lengths), refreshes
the token when it is due, opens the station file and records the sign-in in the desk's chain.
A server that cannot be reached does not keep the window closed: it opens with what the
station remembers from the last time, shows the problem in place, and the outbox waits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from moderator.domain.clock import Clock
from moderator.domain.errors import ConfigError, ModeratorError
from moderator.domain.reports import Role
from moderator.domain.rows import ReviewerRef
from moderator.remote import identity
from moderator.remote.client import Api, Timeouts, parse_time
from moderator.remote.errors import SIGN_IN_AGAIN, ServerUnavailable, SignInAgain
from moderator.remote.group import RemoteGroup
from moderator.remote.media import BytesDecoder, RemoteMedia
from moderator.remote.outbox import Outbox
from moderator.remote.review import RemoteDesk, RemoteReview
from moderator.remote.station import Station, station_path
from moderator.remote.supervision import remote_supervision
from moderator.remote.sync import RemoteSync, align
from moderator.remote.wellbeing import ChainExposure, RemoteTraining, RemoteWellbeing
from moderator.services.config import Profile
from moderator.services.interfaces import Desktop
from moderator.services.paths import Paths

log = logging.getLogger(__name__)
# The server finalizes a decision when its grace period ends on the server's clock; the
# window offers undo a little less long, so an undo it offers is one the server takes.
UNDO_MARGIN = timedelta(seconds=1)
DEFAULT_GRACE = timedelta(seconds=10)


@dataclass(frozen=True)
class ServerClock:
    """The server's time as this desk estimates it (domain.clock.Clock)."""

    api: Api

    def now(self) -> datetime:
        return self.api.now()


def _who(api: Api, profile: Profile, station: Station) -> tuple[ReviewerRef, timedelta]:
    """(who this desk is, the server's grace period), from the server or, offline, from what
    the station kept of the last answer."""
    try:
        sent = datetime.now(UTC)
        me = api.call("GET", "/v1/me")
    except ServerUnavailable:
        name = station.recall("username") or profile.reviewer
        role = Role(station.recall("role") or Role.REVIEWER.value)
        grace = float(station.recall("grace_seconds") or DEFAULT_GRACE.total_seconds())
        return ReviewerRef(0, name, role), timedelta(seconds=grace)
    api.saw_server_time(parse_time(me["server_time"]), sent)
    if me["workstation"] != profile.workstation:
        raise ConfigError(
            f"the server knows this token as workstation {me['workstation']}, but profile "
            f"{profile.name!r} is workstation {profile.workstation}: enroll again"
        )
    for key in ("username", "role", "grace_seconds"):
        station.remember(key, str(me[key]))
    api.refresh_if_due()
    try:
        align(api, station)  # before this run's first event: a new station file continues
    except ModeratorError as exc:
        log.warning("the desk's chain does not follow the server's: %s", exc)  # sync says so
    return ReviewerRef(0, str(me["username"]), Role(me["role"])), timedelta(
        seconds=float(me["grace_seconds"])
    )


def team_api(profile: Profile, *, timeouts: Timeouts | None = None) -> Api:
    """A client of the profile's server with this desk's token (from the keyring)."""
    if not profile.is_team:
        raise ConfigError(f"profile {profile.name!r} is not a team profile")
    token = identity.load_token(profile.name)
    if token is None:
        raise SignInAgain(f"This desk holds no token for {profile.name!r}: {SIGN_IN_AGAIN}.")
    return Api(
        profile.server,
        server_ca=profile.server_ca,
        token=token,
        on_token=lambda fresh: identity.save_token(profile.name, fresh),
        timeouts=timeouts,
    )


def open_team(
    paths: Paths, profile: Profile, decoder: BytesDecoder, *, timeouts: Timeouts | None = None
) -> Desktop:
    """The window's services for a team profile (see the module's docstring)."""
    api = team_api(profile, timeouts=timeouts)
    try:
        station = Station(station_path(paths.data_dir, profile.workstation), profile.workstation)
        reviewer, grace = _who(api, profile, station)
    except BaseException:
        api.close()
        raise
    outbox = Outbox(station, api)
    exposure = ChainExposure(station, reviewer.username, api)
    exposure.signed_in(profile.name, profile.server)
    clock: Clock = ServerClock(api)
    undo_for = max(timedelta(seconds=1), grace - UNDO_MARGIN)
    wellbeing = RemoteWellbeing(api, outbox)
    media = RemoteMedia(api, decoder)
    return Desktop(
        reviewer=reviewer,
        profile=profile.name,
        review=RemoteReview(api, outbox, reviewer),
        desk=RemoteDesk(api, outbox, undo_for),
        exposure=exposure,
        wellbeing=wellbeing,
        training=RemoteTraining(api, reviewer.username),
        make_sync=lambda: RemoteSync(api, outbox, station, reviewer.username),
        media=media,
        clock=clock,
        workspace=None,
        team=True,
        supervision=(
            remote_supervision(api, reviewer, wellbeing=wellbeing, exposure=exposure, media=media)
            if reviewer.role.at_least(Role.SUPERVISOR)
            else None
        ),
        close=api.close,
        group=RemoteGroup(api, outbox, undo_for),
    )
