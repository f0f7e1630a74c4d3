"""The reviewer path on the server: the shared review, pending-decision and detail services,
with every lease looked up from the token and the caller, and the server's clock."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.banks import BankMatchRow
from moderator.domain.errors import LeaseLost, ModeratorError, NotFound
from moderator.domain.rows import DecisionInput, Lease, PolicyText
from moderator.server.context import Principal, Server
from moderator.server.errors import DecisionPending, MediaUnavailable, TooManyLeases
from moderator.server.media_store import MediaStore
from moderator.server.review import repository
from moderator.services.bank_feeds import rematch_fed
from moderator.services.pending import Pending, PendingDecisions, UndoTooLate, finalize_in
from moderator.services.review_view import MediaRef
from moderator.services.wellbeing import WellbeingReview
from moderator.store import bank_matches, details, journal, pending, team
from moderator.store import policies as policy_store
from moderator.store.details import MatchRow, MediaRow, ReportRow
from moderator.store.journal import Actor

log = logging.getLogger(__name__)
SUBMIT = "submit"


@dataclass(frozen=True, slots=True)
class Details:
    report: ReportRow
    lease: Lease
    media: list[tuple[MediaRow, str]]  # with the reason it cannot be served, or ""
    matches: list[MatchRow]
    waiting: int = 0  # reports waiting in its queue
    bank_matches: tuple[BankMatchRow, ...] = ()  # hash-bank matches, explained


@dataclass(frozen=True, slots=True)
class DecisionState:
    state: str  # pending | final | undone
    decision_uid: str | None
    submitted: dict[str, object]  # the submit's answer as first given


def _lease(server: Server, who: Principal, token: UUID, *, free: bool = False) -> Lease:
    """The caller's live lease with this token; with `free`, also one with no decision in its
    grace period (to release, skip, escalate or decide it)."""
    with server.workspace().transaction() as session:
        found = repository.held_lease(session, who.registration.reviewer_id, str(token))
    if found is None:
        raise LeaseLost("this lease is not yours (it ran out, was returned, or never was)")
    lease, expires, pending_on_it = found
    if expires <= server.now():
        raise LeaseLost(f"your lease on report {lease.report_uid} ran out; claim again")
    if free and pending_on_it:
        raise DecisionPending("a decision on this report is in its grace period: undo it first")
    return lease


def claim(server: Server, who: Principal, queue_ids: list[int] | None) -> Lease | None:
    limit = server.settings.max_leases
    with server.workspace().transaction() as session:
        held = repository.held_count(session, who.registration.reviewer_id, server.now())
    if held >= limit:
        # A desktop claims a few ahead; hoarding the queue away from colleagues is refused.
        raise TooManyLeases(f"you hold {held} reports already; decide or release one first")
    review = WellbeingReview(
        server.for_principal(who), who.reviewer, lease_length=server.settings.lease
    )
    review._last_sweep = server.last_sweep  # sweep once a second per process, not per claim
    lease = review.claim(queue_ids)
    server.last_sweep = review._last_sweep
    return lease


def renew(server: Server, who: Principal, token: UUID) -> Lease:
    lease = _lease(server, who, token)
    review = WellbeingReview(
        server.for_principal(who), who.reviewer, lease_length=server.settings.lease
    )
    return review.renew(lease)


def release(server: Server, who: Principal, token: UUID, reason: str) -> None:
    lease = _lease(server, who, token, free=True)
    WellbeingReview(server.for_principal(who), who.reviewer).release(lease, reason)


def skip(server: Server, who: Principal, token: UUID, reason: str) -> None:
    lease = _lease(server, who, token, free=True)
    WellbeingReview(server.for_principal(who), who.reviewer).skip(lease, reason)


def escalate(server: Server, who: Principal, token: UUID, reason: str) -> int:
    lease = _lease(server, who, token, free=True)
    return WellbeingReview(server.for_principal(who), who.reviewer).escalate(lease, reason)


def _decisions(server: Server, who: Principal) -> PendingDecisions:
    s = server.settings
    return PendingDecisions(
        server.for_principal(who), who.reviewer, grace=s.grace, lease_length=s.lease
    )


def submit(server: Server, who: Principal, token: UUID, decision: DecisionInput) -> Pending:
    lease = _lease(server, who, token, free=True)
    return _decisions(server, who).submit(lease, decision)


def decision_state(server: Server, who: Principal, decision_id: UUID) -> DecisionState:
    with server.workspace().transaction() as session:
        stored = team.stored_response(session, who.workstation, str(decision_id))
        if stored is None or stored.response is None or not stored.endpoint.startswith(SUBMIT):
            raise NotFound("no decision with this id was submitted from this workstation")
        submitted = json.loads(stored.response)
        if repository.pending_row(session, submitted["uid"], who.registration.reviewer_id):
            return DecisionState("pending", None, submitted)
        uid = repository.decision_for(session, submitted["report_uid"], submitted["lease_token"])
    return DecisionState("final" if uid else "undone", uid, submitted)


def _pending_item(server: Server, who: Principal, uid: str) -> Pending:
    with server.workspace().transaction() as session:
        for item in pending.of_reviewer(session, who.reviewer):
            if item.uid == uid:
                return item
    raise NotFound("that decision is no longer pending")


def undo(server: Server, who: Principal, decision_id: UUID) -> Lease:
    state = decision_state(server, who, decision_id)
    if state.state == "final":
        raise UndoTooLate("that decision is already final")
    if state.state == "undone":
        raise NotFound("that decision was already taken back")
    item = _pending_item(server, who, str(state.submitted["uid"]))
    if item.final_at <= server.now():
        raise UndoTooLate("the grace period of that decision is over; it is final")
    return _decisions(server, who).undo(item)


def finalize(server: Server, who: Principal, decision_id: UUID) -> DecisionState:
    state = decision_state(server, who, decision_id)
    if state.state != "pending":
        return state
    # Finalizing needs only the pending decision's uid: no need to load it (and its lease).
    actor = Actor(who.registration.username, who.chain)
    with server.for_principal(who).transaction() as session:
        uid = finalize_in(session, str(state.submitted["uid"]), who.reviewer, actor, server.now())
    return DecisionState("final" if uid else "undone", uid, state.submitted)


def outstanding(server: Server, who: Principal) -> list[tuple[str, Pending]]:
    """The caller's pending decisions with the decision ids their submits carried."""
    items = _decisions(server, who).outstanding()
    with server.workspace().transaction() as session:
        ids = repository.submitted_ids(session, who.workstation, SUBMIT)
    return [(ids.get(item.uid, ""), item) for item in items]


def report_details(server: Server, who: Principal, token: UUID) -> Details:
    lease = _lease(server, who, token)
    store = MediaStore(server.settings.media_dir)
    with server.workspace().transaction() as session:
        row = details.report(session, lease.report_id)
        items = details.media(session, lease.report_id)
        found = details.matches(session, lease.report_id, items)
        waiting = details.queued_counts(session, [lease.queue_id])[lease.queue_id]
        banked = tuple(bank_matches.for_report(session, lease.report_id))
    media = []
    for item in items:
        try:
            store.locate(item.uri, item.sha256, item.size_bytes)
            media.append((item, ""))
        except ModeratorError as exc:
            media.append((item, str(exc)))
    return Details(row, lease, media, found, waiting, banked)


def policy_text(server: Server, policy_id: str, version: str) -> PolicyText:
    """A stored policy version's file, for the desk's decision form (policies are no secret;
    a decision names the hash of the one it was made under)."""
    with server.workspace().transaction() as session:
        found = policy_store.version(session, policy_id, version)
    if found is None:
        what = f"{policy_id} version {version}" if version else policy_id
        raise NotFound(f"the team has no policy {what}")
    return found


@dataclass(frozen=True, slots=True)
class MediaBody:
    """What to send: the bytes themselves (checked) or, for a large file, its path to stream
    (checked while it streams)."""

    sha256: str
    size: int
    data: bytes | None
    path: Path


IN_MEMORY = 64 << 20  # media up to this size is read and checked before the first byte goes


def media(server: Server, who: Principal, token: UUID, position: int) -> MediaBody:
    """The media item for the lease holder, checked against its ingest SHA-256; audited."""
    lease = _lease(server, who, token)
    with server.for_principal(who).transaction() as session:
        item = repository.media_item(session, lease.report_id, position)
        if item is None:
            raise NotFound(f"report {lease.report_uid} has no media item {position}")
        return send_media(server, who, session, lease.report_uid, item)


def send_media(
    server: Server,
    who: Principal,
    session: Session,
    report_uid: str,
    item: MediaRow | MediaRef,
    **context: str,
) -> MediaBody:
    """A media item's bytes (checked against its ingest SHA-256), the fetch recorded in the
    caller's server chain in `session`; `context` is added to the event (why it was sent)."""
    store = MediaStore(server.settings.media_dir)
    path = store.locate(item.uri, item.sha256, item.size_bytes)
    assert item.sha256 is not None  # locate refuses items without one
    size = path.stat().st_size
    data = path.read_bytes() if size <= IN_MEMORY else None
    if data is not None and hashlib.sha256(data).hexdigest() != item.sha256:
        raise MediaUnavailable("the media file does not match its ingest SHA-256")
    journal.append(
        session,
        Actor(who.registration.username, who.chain),
        EventKind.MEDIA_FETCH,
        server.now(),
        report_uid=report_uid,
        payload={
            "media": item.position,
            "sha256": item.sha256,
            "bytes": size,
            "workstation": who.workstation,
            **context,
        },
    )
    return MediaBody(item.sha256, size, data, path)


def finalize_due(server: Server) -> int:
    """Finalize every pending decision whose grace period is over (the server's sweeper), so a
    desktop that never comes back loses nothing. Each in its own transaction."""
    with server.workspace().transaction() as session:
        due = repository.due_pending(session, server.now())
    done = 0
    for uid, reviewer, chain in due:
        try:
            with server.workspace(chain).transaction() as session:
                actor, now = Actor(reviewer.username, chain), server.now()
                if finalize_in(session, uid, reviewer, actor, now):
                    done += 1
                rematch_fed(session, actor, now)  # a confirmed outcome sent to a bank
        except ModeratorError as exc:
            log.warning("pending decision %s not finalized: %s", uid, exc)
    return done
