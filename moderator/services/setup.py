"""First run: an empty workspace gets its organisation, its first supervisor and its policies.

`moderator setup` and the window's first-run dialog both call `set_up`, which refuses a
workspace that already has people (from then on supervisors add people and queues). The
person running it names themself; `remember_person` writes that name into the profile, so
the commands that follow act as them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.exc import IntegrityError

from moderator.domain.audit import EventKind
from moderator.domain.errors import ConfigError, ModeratorError
from moderator.domain.organisation import OrgSettings, check_name
from moderator.domain.policy_file import builtin_ids
from moderator.domain.reports import Role
from moderator.domain.rows import ReviewerRef
from moderator.domain.wellbeing_profile import builtin_profiles
from moderator.services import config as config_mod
from moderator.services import policies
from moderator.services.config import Profile
from moderator.services.paths import Paths
from moderator.services.workspace import Workspace
from moderator.store import journal, people
from moderator.store import org_settings as settings_store


class AlreadySetUp(ModeratorError):
    """The workspace has people already: a supervisor adds more with `moderator people add`."""


@dataclass(frozen=True, slots=True)
class SetupRequest:
    organisation: str
    supervisor: str  # the username of the person running the setup
    timezone: str
    support: str = ""
    display_name: str = ""
    policies: tuple[str, ...] | None = None  # shipped templates to import; None: all of them
    default_wellbeing: str = "standard"  # the wellbeing profile new queues get


@dataclass(frozen=True, slots=True)
class SetupDone:
    supervisor: ReviewerRef
    settings: OrgSettings
    policies: tuple[str, ...]  # "id@version" of each policy imported


def needs_setup(workspace: Workspace) -> bool:
    """True while the workspace has no people (nobody could sign in)."""
    with workspace.transaction() as session:
        return people.count(session) == 0


def set_up(workspace: Workspace, request: SetupRequest) -> SetupDone:
    """Create the first supervisor, the organisation's settings and the chosen policies, in one
    audited transaction. Refused (AlreadySetUp) when anyone is registered already."""
    name = check_name(request.supervisor, "supervisor")
    settings = OrgSettings().changed(
        {
            "name": request.organisation,
            "timezone": request.timezone,
            "support": request.support,
            "default_wellbeing": request.default_wellbeing,
        }
    )
    if not settings.timezone:
        raise ConfigError("timezone: required (the organisation's, e.g. Asia/Seoul)")
    if settings.default_wellbeing not in builtin_profiles():
        raise ConfigError(
            f"no shipped wellbeing profile {settings.default_wellbeing!r} "
            f"(shipped: {', '.join(builtin_profiles())})"
        )
    chosen = builtin_ids() if request.policies is None else list(request.policies)
    templates = [(pid, policies.shipped_bytes(pid)) for pid in chosen]
    actor, now = workspace.actor(name), workspace.now()
    try:
        with workspace.transaction() as session:
            if people.count(session):
                raise AlreadySetUp(
                    "this workspace is set up already; a supervisor adds people with "
                    "`moderator people add NAME --role reviewer|supervisor`"
                )
            person = people.add(
                session, actor, now, name, Role.SUPERVISOR, request.display_name.strip()
            )
            settings_store.put(session, actor, now, settings.as_dict())
            imported = [
                policies.import_into(session, actor, now, data, f"{pid}.toml (shipped)").policy
                for pid, data in templates
            ]
            journal.append(
                session,
                actor,
                EventKind.SETUP,
                now,
                payload={
                    "organisation": settings.name,
                    "supervisor": name,
                    "timezone": settings.timezone,
                    "policies": [f"{p.id}@{p.version}" for p in imported],
                },
            )
    except IntegrityError:  # someone else set it up at the same moment
        raise AlreadySetUp("this workspace was set up by someone else just now") from None
    return SetupDone(
        ReviewerRef(person.id, person.username, Role.SUPERVISOR),
        settings,
        tuple(f"{p.id}@{p.version}" for p in imported),
    )


def remember_person(paths: Paths, profile: Profile, username: str) -> Profile:
    """Name `username` as the profile's person in the config, so commands act as them."""
    if profile.reviewer == username:
        return profile
    named = replace(profile, reviewer=username)
    config_mod.add_profile(paths, named)
    return named
