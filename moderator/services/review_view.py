"""What the review window shows about a claimed report, loaded in one transaction.

`ReportDetails` is immutable and holds plain values only, so it can be built on a worker thread
and handed to the GUI thread. Media paths are resolved here, under the profile's media root
(a path that now leads outside it, e.g. through a swapped symlink, is refused).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from moderator.domain.banks import BankMatchRow
from moderator.domain.errors import NotFound
from moderator.domain.policy import Policy
from moderator.domain.policy_file import PolicyError
from moderator.domain.reports import MediaKind
from moderator.services import policies
from moderator.services.workspace import Workspace
from moderator.store import bank_matches, details
from moderator.store.details import MatchRow, ReportRow
from moderator.store.policies import PolicyTampered
from moderator.store.queue import Lease

__all__ = [
    "MatchRow",
    "MediaRef",
    "ReportDetails",
    "load_claimed",
    "load_details",
    "media_ref",
    "policy_for",
    "policy_of_decision",
    "queue_policies",
    "resolve_media",
    "waiting",
]


@dataclass(frozen=True, slots=True)
class MediaRef:
    position: int
    uri: str
    kind: MediaKind
    sha256: str | None
    size_bytes: int | None
    path: str | None  # the local file to decode; None when it cannot be used
    problem: str = ""  # why `path` is None


@dataclass(frozen=True, slots=True)
class ReportDetails(ReportRow):
    """The report's row, with its media (paths resolved) and the reports sharing its hashes."""

    media: tuple[MediaRef, ...] = ()
    matches: tuple[MatchRow, ...] = ()
    bank_matches: tuple[BankMatchRow, ...] = ()  # hash-bank matches, explained


def load_details(workspace: Workspace, lease: Lease) -> ReportDetails:
    """The claimed report with its media and hash matches."""
    return load_claimed(workspace, lease)[0]


def load_claimed(workspace: Workspace, lease: Lease) -> tuple[ReportDetails, Policy | None, str]:
    """The claimed report, and the policy version its queue decides under, in one transaction:
    (details, policy, "") or, when that policy cannot be used, (details, None, why)."""
    with workspace.transaction() as session:
        row = details.report(session, lease.report_id)
        items = details.media(session, lease.report_id)
        found = details.matches(session, lease.report_id, items)
        banked = bank_matches.for_report(session, lease.report_id)  # never this report's own
        try:
            policy, problem = policies.load(session, row.policy_id, row.policy_version), ""
        except (NotFound, PolicyError, PolicyTampered) as exc:
            policy, problem = None, f"this queue's policy cannot be used: {exc}"
    media = resolve_media(workspace, items)
    fields = {f.name: getattr(row, f.name) for f in dataclasses.fields(ReportRow)}
    return (
        ReportDetails(**fields, media=media, matches=tuple(found), bank_matches=tuple(banked)),
        policy,
        problem,
    )


def resolve_media(workspace: Workspace, items: list[details.MediaRow]) -> tuple[MediaRef, ...]:
    """The media rows of a report with their local files resolved under the media root."""
    root = workspace.media_root
    return tuple(media_ref(root, m.position, m.uri, m.kind, m.sha256, m.size_bytes) for m in items)


def waiting(workspace: Workspace, queue_id: int) -> int:
    """Reports waiting in a queue."""
    with workspace.transaction() as session:
        return details.queued_counts(session, [queue_id])[queue_id]


def policy_for(workspace: Workspace, policy_id: str, version: str = "") -> Policy:
    """The stored policy version a queue names (its latest import when `version` is empty)."""
    with workspace.transaction() as session:
        return policies.load(session, policy_id, version)


def policy_of_decision(workspace: Workspace, sha256: str) -> Policy:
    """The exact policy version a decision was made under, by the hash it recorded."""
    with workspace.transaction() as session:
        return policies.load_by_hash(session, sha256)


def queue_policies(workspace: Workspace) -> list[Policy]:
    """The policy versions the open queues decide under, for decision forms made ahead."""
    with workspace.transaction() as session:
        return policies.queue_policies(session)


def media_ref(
    root: Path, position: int, uri: str, kind: str, sha256: str | None, size: int | None
) -> MediaRef:
    """One media item with its local file resolved under the media root (or why not)."""

    def ref(path: str | None, problem: str = "") -> MediaRef:
        return MediaRef(position, uri, MediaKind(kind), sha256, size, path, problem)

    if "://" in uri:
        return ref(None, "remote media is not fetched by this workstation")
    base = root.resolve()
    full = (base / uri).resolve()
    if not full.is_relative_to(base):
        return ref(None, "the media path leads outside the media root")
    return ref(str(full))
