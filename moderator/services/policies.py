"""The organisation's policies: TOML files imported into the database, versioned by hash.

A queue names a policy and a version; new decisions on it are made under that version, and
each decision stores the id, version and SHA-256 it was made under, so it can always be read
against the exact checklist and wording the reviewer saw. Importing a new version moves the
queues on that policy to it (new decisions only); the old version stays stored. A file with
the id and version of a stored one but other bytes is refused: a changed policy needs a new
`version`. The policies shipped with the program are templates that `moderator setup` imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain import regulator_map, shipped
from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError, NotFound
from moderator.domain.policy import Policy
from moderator.domain.policy_file import POLICY_FOLDER, builtin_ids, parse_policy
from moderator.domain.rows import PolicyRow, PolicyText
from moderator.services.authz import require_role
from moderator.services.i18n import _
from moderator.services.workspace import Workspace
from moderator.store import journal, queue_admin
from moderator.store import policies as store
from moderator.store.journal import Actor
from moderator.store.models import Queue

MAX_POLICY_BYTES = 1_000_000


class PolicyConflict(ModeratorError):
    """A policy file that clashes with a stored version (same id and version, other bytes)."""


@dataclass(frozen=True, slots=True)
class Imported:
    policy: Policy
    created: bool  # False: exactly this file was stored already
    queues: tuple[str, ...] = ()  # queues moved to this version

    def summary(self) -> str:
        p = self.policy
        fields = {"policy": p.id, "version": p.version, "sha": p.sha256[:12]}
        text = (
            _("policy {policy} version {version} imported (sha256 {sha}…)", **fields)
            if self.created
            else _("policy {policy} version {version} already stored, unchanged: (sha256 {sha}…)",
                   **fields)
        )  # fmt: skip
        if self.queues:
            text += _("; new decisions on {queues} use it", queues=", ".join(self.queues))
        return text


def split_ref(ref: str) -> tuple[str, str]:
    """ "platform-generic@2026.11" -> ("platform-generic", "2026.11"); no "@": the latest."""
    policy_id, _sep, version = ref.partition("@")
    return policy_id.strip(), version.strip()


@lru_cache(maxsize=64)
def _parsed(sha256: str, body: str, name: str) -> Policy:
    # Stored policies never change (the hash is checked on reading), so a parse is reusable.
    return parse_policy(body.encode("utf-8"), name)


def _policy(found: PolicyText) -> Policy:
    return _parsed(found.sha256, found.body, f"{found.policy_id}@{found.version}")


def of_text(found: PolicyText) -> Policy:
    """A stored policy version's parsed form (parsed once per hash)."""
    return _policy(found)


def load(session: Session, policy_id: str, version: str = "") -> Policy:
    """A stored policy version (its latest import when `version` is empty)."""
    found = store.version(session, policy_id, version)
    if found is None:
        what = f"{policy_id} version {version}" if version else policy_id
        raise NotFound(
            f"the policy {what} is not in this workspace: a supervisor imports it with "
            "`moderator policy import FILE`"
        )
    return _policy(found)


def load_by_hash(session: Session, sha256: str) -> Policy:
    found = store.by_hash(session, sha256)
    if found is None:
        raise NotFound(f"no stored policy has the SHA-256 {sha256}")
    return _policy(found)


def load_for_decision(session: Session, sha256: str, policy_id: str, version: str) -> Policy:
    """The policy a decision was made under, to show its wording: by its hash; else the stored
    version of the same id and version; else the shipped template of that id and version (a
    decision synced from a workspace that never stored its policy)."""
    try:
        return load_by_hash(session, sha256)
    except NotFound:
        pass
    found = store.version(session, policy_id, version)
    if found is not None:
        return _policy(found)
    for template in shipped_templates():
        if template.id == policy_id and template.version == version:
            return template
    raise NotFound(f"the policy {policy_id} version {version} is not in this workspace")


def read_file(path: Path) -> bytes:
    if path.stat().st_size > MAX_POLICY_BYTES:
        raise ModeratorError(f"{path}: larger than {MAX_POLICY_BYTES} bytes; not a policy")
    return path.read_bytes()


def import_into(
    session: Session,
    actor: Actor,
    now: datetime,
    data: bytes,
    source: str,
    *,
    apply: bool = True,
) -> Imported:
    """Check and store a policy file in the caller's transaction, audited; with `apply`, the
    queues on this policy move to a newly stored version."""
    policy = parse_policy(data, source)  # PolicyError names every problem's line and field
    regulator_map.read(data.decode("utf-8"), source)  # MappingError names the outcome and field
    stored = store.find_row(session, policy.id, policy.version)
    if stored is not None:
        if stored.sha256 != policy.sha256:
            raise PolicyConflict(
                f"{source}: policy {policy.id} version {policy.version} is already stored with "
                f"other content (sha256 {stored.sha256[:12]}…, this file {policy.sha256[:12]}…):"
                " a changed policy needs a new `version`"
            )
        return Imported(policy, created=False)
    other = store.by_hash(session, policy.sha256)
    if other is not None:  # identical bytes always carry the same id and version
        return Imported(policy, created=False)
    store.insert(
        session, policy.id, policy.version, policy.sha256, policy.title,
        data.decode("utf-8"), source, actor.username, now,
    )  # fmt: skip
    journal.append(
        session,
        actor,
        EventKind.POLICY,
        now,
        payload={
            "op": "import",
            "policy": policy.id,
            "version": policy.version,
            "sha256": policy.sha256,
            "source": source,
        },
    )
    moved: list[str] = []
    if apply:
        for row in queue_admin.listing(session, include_archived=False):
            if row.policy_id == policy.id and row.policy_version != policy.version:
                queue_admin.edit(session, actor, now, row.name, {"policy_version": policy.version})
                moved.append(row.name)
    return Imported(policy, created=True, queues=tuple(moved))


def shipped_templates() -> list[Policy]:
    """The policies shipped with the program, offered as templates by `moderator setup`."""
    return [parse_policy(shipped_bytes(pid), f"{pid}.toml") for pid in builtin_ids()]


def shipped_bytes(policy_id: str) -> bytes:
    if policy_id not in builtin_ids():
        raise NotFound(
            f"no shipped policy named {policy_id!r} (shipped: {', '.join(builtin_ids())})"
        )
    return shipped.folder(POLICY_FOLDER).joinpath(f"{policy_id}.toml").read_bytes()


@dataclass
class PolicyLibrary:
    """A supervisor's view of the stored policies. Safe to call from a worker thread."""

    workspace: Workspace
    username: str

    def _actor(self) -> Actor:
        return self.workspace.actor(self.username)

    def import_data(self, data: bytes, source: str, *, apply: bool = True) -> Imported:
        with self.workspace.transaction() as session:
            require_role(session, self.username, "import policies", anywhere=True)
            return import_into(
                session, self._actor(), self.workspace.now(), data, source, apply=apply
            )

    def import_file(self, path: Path, *, apply: bool = True) -> Imported:
        return self.import_data(read_file(path), path.name, apply=apply)

    def import_shipped(self, policy_id: str, *, apply: bool = True) -> Imported:
        return self.import_data(
            shipped_bytes(policy_id), f"{policy_id}.toml (shipped)", apply=apply
        )

    def listing(self) -> list[PolicyRow]:
        with self.workspace.transaction() as session:
            return store.listing(session)

    def text(self, ref: str) -> PolicyText:
        """The stored file of "ID" (its latest version) or "ID@VERSION"."""
        policy_id, version = split_ref(ref)
        with self.workspace.transaction() as session:
            found = store.version(session, policy_id, version)
        if found is None:
            raise NotFound(f"no stored policy {ref!r} (see `moderator policy list`)")
        return found

    def policy(self, ref: str) -> Policy:
        return _policy(self.text(ref))


def queue_policies(session: Session) -> list[Policy]:
    """The policy version each open queue decides under, once each (for forms made ahead)."""
    seen: dict[str, Policy] = {}
    open_queues = select(Queue.policy_id, Queue.policy_version).where(Queue.archived_at.is_(None))
    for pid, version in session.execute(open_queues):
        try:
            policy = load(session, pid, version)
        except ModeratorError:
            continue  # that queue's window says why when one of its reports is shown
        seen.setdefault(policy.sha256, policy)
    return list(seen.values())
