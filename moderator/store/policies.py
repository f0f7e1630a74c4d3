"""Stored policies: every imported version, by id, version and SHA-256; insert-only.

A row's `body` is the file's text exactly, so its UTF-8 bytes hash to `sha256`: reading a row
checks that, and refuses a row someone changed behind the program's back.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from moderator.domain.errors import ModeratorError
from moderator.domain.rows import PolicyRow, PolicyText
from moderator.store.models import Queue
from moderator.store.models_org import StoredPolicy

P = StoredPolicy


class PolicyTampered(ModeratorError):
    """A stored policy whose text no longer matches its hash."""


_COLUMNS = (P.policy_id, P.version, P.sha256, P.title, P.source, P.imported_by, P.imported_at)


def _text(row: StoredPolicy | None) -> PolicyText | None:
    if row is None:
        return None
    if hashlib.sha256(row.body.encode("utf-8")).hexdigest() != row.sha256:
        raise PolicyTampered(
            f"the stored policy {row.policy_id} version {row.version} does not match its "
            "SHA-256: its row was changed outside the program"
        )
    return PolicyText(row.policy_id, row.version, row.sha256, row.body)


def version(session: Session, policy_id: str, ver: str = "") -> PolicyText | None:
    """The stored version `ver` of a policy, or its latest import when `ver` is empty."""
    query = select(P).where(P.policy_id == policy_id)
    query = query.where(P.version == ver) if ver else query.order_by(P.id.desc()).limit(1)
    return _text(session.scalars(query).first())


def by_hash(session: Session, sha256: str) -> PolicyText | None:
    return _text(session.scalars(select(P).where(P.sha256 == sha256)).first())


def find_row(session: Session, policy_id: str, ver: str) -> PolicyRow | None:
    row = session.execute(
        select(*_COLUMNS).where(P.policy_id == policy_id, P.version == ver)
    ).first()
    return PolicyRow(*row) if row else None


def insert(
    session: Session,
    policy_id: str,
    ver: str,
    sha256: str,
    title: str,
    body: str,
    source: str,
    by: str,
    now: datetime,
) -> None:
    session.add(
        StoredPolicy(
            policy_id=policy_id,
            version=ver,
            sha256=sha256,
            title=title,
            body=body,
            source=source[:300],
            imported_by=by,
            imported_at=now,
        )
    )
    session.flush()


def listing(session: Session) -> list[PolicyRow]:
    """Every stored version, by policy id and then in import order, with who uses it."""
    latest = dict(session.execute(select(P.policy_id, func.max(P.id)).group_by(P.policy_id)).all())
    using: dict[tuple[str, str], list[str]] = {}
    for name, pid, ver in session.execute(
        select(Queue.name, Queue.policy_id, Queue.policy_version)
        .where(Queue.archived_at.is_(None))
        .order_by(Queue.name)
    ):
        using.setdefault((pid, ver), []).append(name)
    rows = []
    for r in session.execute(select(P.id, *_COLUMNS).order_by(P.policy_id, P.id)):
        queues = using.get((r.policy_id, r.version), [])
        is_latest = latest.get(r.policy_id) == r.id
        if is_latest:
            queues += using.get((r.policy_id, ""), [])  # unpinned queues follow the latest
        rows.append(
            PolicyRow(
                r.policy_id,
                r.version,
                r.sha256,
                r.title,
                r.source,
                r.imported_by,
                r.imported_at,
                latest=is_latest,
                queues=tuple(queues),
            )  # fmt: skip
        )
    return rows
