"""Repository of the team server's own tables: enrollment codes, workstation registrations,
tokens and idempotency keys. Every function runs in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Table, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from moderator.domain.reports import Role
from moderator.store.base import UTCDateTime
from moderator.store.models import Reviewer
from moderator.store.models_server import (
    ApiToken,
    EnrollmentCode,
    IdempotencyKey,
    WorkstationRegistration,
)
from moderator.store.prepared import Prepared


@dataclass(frozen=True, slots=True)
class Registration:
    workstation: str
    reviewer_id: int
    username: str
    display_name: str
    role: Role
    public_key: str
    server_chain: str


@dataclass(frozen=True, slots=True)
class TokenOwner:
    """Who a token speaks for, with everything that can make it unusable."""

    registration: Registration
    active: bool
    token_expires_at: datetime
    token_revoked: bool
    workstation_revoked: bool


@dataclass(frozen=True, slots=True)
class StoredResponse:
    endpoint: str
    request_hash: str
    status: int | None
    response: str | None


# --- enrollment codes -----------------------------------------------------------------------


def add_code(
    session: Session,
    code_hash: str,
    reviewer_id: int,
    issued_by: str,
    now: datetime,
    expires_at: datetime,
) -> None:
    session.add(
        EnrollmentCode(
            code_hash=code_hash,
            reviewer_id=reviewer_id,
            issued_by=issued_by,
            issued_at=now,
            expires_at=expires_at,
        )
    )
    session.flush()


def take_code(session: Session, code_hash: str, now: datetime, workstation: str) -> int | None:
    """Mark an unused, unexpired code used (at most once, whoever races); its person's id."""
    row = session.execute(
        update(EnrollmentCode)
        .where(
            EnrollmentCode.code_hash == code_hash,
            EnrollmentCode.used_at.is_(None),
            EnrollmentCode.expires_at > now,
        )
        .values(used_at=now, workstation=workstation)
        .returning(EnrollmentCode.reviewer_id)
        .execution_options(synchronize_session=False)
    ).first()
    return None if row is None else int(row[0])


# --- registrations and tokens ------------------------------------------------------------------


def add_registration(
    session: Session,
    workstation: str,
    reviewer_id: int,
    public_key: str,
    server_chain: str,
    label: str,
    now: datetime,
) -> None:
    session.add(
        WorkstationRegistration(
            workstation=workstation,
            reviewer_id=reviewer_id,
            public_key=public_key,
            server_chain=server_chain,
            label=label,
            enrolled_at=now,
        )
    )
    session.flush()


# The token check of every request: compiled once, run on the driver's cursor (Prepared).
_OWNER = Prepared(
    select(
        WorkstationRegistration.workstation,
        Reviewer.id,
        Reviewer.username,
        Reviewer.display_name,
        Reviewer.role,
        WorkstationRegistration.public_key,
        WorkstationRegistration.server_chain,
        Reviewer.active,
        ApiToken.expires_at,
        ApiToken.revoked_at,
        WorkstationRegistration.revoked_at,
    )
    .join(WorkstationRegistration, WorkstationRegistration.workstation == ApiToken.workstation)
    .join(Reviewer, Reviewer.id == WorkstationRegistration.reviewer_id)
    .where(ApiToken.token_hash == bindparam("p_hash"))
)
_UTC = UTCDateTime()


def token_owner(session: Session | Connection, token_hash: str) -> TokenOwner | None:
    row = _OWNER.first(session, {"p_hash": token_hash})
    if row is None:
        return None
    reg = Registration(row[0], int(row[1]), row[2], row[3], Role(row[4]), row[5], row[6])
    # The driver's value, read back as the column type does (aware UTC, text on SQLite).
    expires = _UTC.process_result_value(row[8], None)  # type: ignore[arg-type]
    assert expires is not None
    return TokenOwner(reg, bool(row[7]), expires, row[9] is not None, row[10] is not None)


def registration(session: Session, workstation: str) -> Registration | None:
    row = session.execute(
        select(
            WorkstationRegistration.workstation,
            Reviewer.id,
            Reviewer.username,
            Reviewer.display_name,
            Reviewer.role,
            WorkstationRegistration.public_key,
            WorkstationRegistration.server_chain,
        )
        .join(Reviewer, Reviewer.id == WorkstationRegistration.reviewer_id)
        .where(WorkstationRegistration.workstation == workstation)
    ).first()
    return (
        None
        if row is None
        else Registration(row[0], int(row[1]), row[2], row[3], Role(row[4]), row[5], row[6])
    )


def server_chains(session: Session) -> list[str]:
    return list(session.scalars(select(WorkstationRegistration.server_chain)))


def add_token(
    session: Session, token_hash: str, workstation: str, now: datetime, expires_at: datetime
) -> None:
    session.add(
        ApiToken(
            token_hash=token_hash, workstation=workstation, issued_at=now, expires_at=expires_at
        )
    )
    session.flush()


def revoke_token(session: Session, token_hash: str, now: datetime) -> bool:
    result = session.execute(
        update(ApiToken)
        .where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def shorten_token(session: Session, token_hash: str, until: datetime) -> None:
    """Let a token run out at `until` at the latest."""
    session.execute(
        update(ApiToken)
        .where(ApiToken.token_hash == token_hash, ApiToken.expires_at > until)
        .values(expires_at=until)
        .execution_options(synchronize_session=False)
    )


def revoke_person(session: Session, reviewer_id: int, now: datetime) -> int:
    """Revoke every workstation and token of a person; how many workstations."""
    stations = list(
        session.scalars(
            select(WorkstationRegistration.workstation).where(
                WorkstationRegistration.reviewer_id == reviewer_id
            )
        )
    )
    if not stations:
        return 0
    session.execute(
        update(ApiToken)
        .where(ApiToken.workstation.in_(stations), ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(WorkstationRegistration)
        .where(
            WorkstationRegistration.workstation.in_(stations),
            WorkstationRegistration.revoked_at.is_(None),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return len(stations)


# --- idempotency keys --------------------------------------------------------------------------

_KEYS: Table = IdempotencyKey.__table__  # type: ignore[assignment]
K = _KEYS.c


def _take_key(module: object) -> Prepared:
    insert = module.insert  # type: ignore[attr-defined]
    return Prepared(
        insert(_KEYS)
        .values(
            workstation=bindparam("p_ws", type_=K.workstation.type),
            key=bindparam("p_key", type_=K.key.type),
            endpoint=bindparam("p_endpoint", type_=K.endpoint.type),
            request_hash=bindparam("p_hash", type_=K.request_hash.type),
            created_at=bindparam("p_now", type_=K.created_at.type),
        )
        .on_conflict_do_nothing(index_elements=["workstation", "key"])
        .returning(K.key)
    )


# Every mutating request runs these: compiled once per dialect, on the driver's cursor.
_TAKE_KEY = {"postgresql": _take_key(postgresql), "sqlite": _take_key(sqlite)}
_STORED = Prepared(
    select(K.endpoint, K.request_hash, K.status, K.response).where(
        K.workstation == bindparam("p_ws"), K.key == bindparam("p_key")
    )
)
_STORE = Prepared(
    update(_KEYS)
    .where(K.workstation == bindparam("p_ws"), K.key == bindparam("p_key"))
    .values(
        status=bindparam("p_status", type_=K.status.type),
        response=bindparam("p_response", type_=K.response.type),
    )
)


def claim_key(
    session: Session, workstation: str, key: str, endpoint: str, request_hash: str, now: datetime
) -> bool:
    """Take a request id for this request; False when it was taken already (by this or an
    earlier request, which has then committed: a concurrent one is waited for)."""
    statement = _TAKE_KEY[session.get_bind().dialect.name]
    params = {
        "p_ws": workstation,
        "p_key": key,
        "p_endpoint": endpoint,
        "p_hash": request_hash,
        "p_now": now,
    }
    return statement.first(session, params) is not None


def stored_response(session: Session, workstation: str, key: str) -> StoredResponse | None:
    row = _STORED.first(session, {"p_ws": workstation, "p_key": key})
    return None if row is None else StoredResponse(row[0], row[1], row[2], row[3])


def store_response(
    session: Session, workstation: str, key: str, status: int, response: str
) -> None:
    params = {"p_ws": workstation, "p_key": key, "p_status": status, "p_response": response}
    _STORE.rows(session, params)


def purge_keys(session: Session, before: datetime) -> int:
    result = session.execute(
        delete(IdempotencyKey)
        .where(K.created_at < before)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
