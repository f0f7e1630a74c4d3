"""The organisation's settings, one row per key with its value as JSON; changes audited."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.store import journal
from moderator.store.journal import Actor
from moderator.store.models_org import OrgSetting


def stored(session: Session) -> dict[str, Any]:
    return {row.key: json.loads(row.value) for row in session.scalars(select(OrgSetting))}


def put(
    session: Session, actor: Actor, now: datetime, values: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Store the values that differ from what is stored; one SETTINGS event lists them."""
    current = stored(session)
    changed: dict[str, list[Any]] = {}
    for key, value in values.items():
        if key in current and current[key] == value:
            continue
        changed[key] = [current.get(key), value]
        row = session.get(OrgSetting, key)
        text = json.dumps(value)
        if row is None:
            session.add(OrgSetting(key=key, value=text, changed_by=actor.username, changed_at=now))
        else:
            row.value, row.changed_by, row.changed_at = text, actor.username, now
    if changed:
        session.flush()
        journal.append(session, actor, EventKind.SETTINGS, now, payload={"organisation": changed})
    return changed
