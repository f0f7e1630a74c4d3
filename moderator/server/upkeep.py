"""What the server does on its own, in every process (safe to run in several at once):
sign its chains, finalize decisions whose grace period is over, forget old request ids."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from fastapi.concurrency import run_in_threadpool

from moderator.domain.errors import ModeratorError
from moderator.server.context import Server
from moderator.server.review.service import finalize_due
from moderator.services import signing
from moderator.services.enrollment import SERVER_ACTOR
from moderator.store import team
from moderator.store.journal import Actor
from moderator.store.keys import register_key

log = logging.getLogger(__name__)
KEEP_REQUEST_IDS = timedelta(hours=24)


def register_server_key(server: Server) -> None:
    """The main chain's key, registered by the server itself (KeyConflict if another)."""
    with server.workspace().transaction() as session:
        register_key(session, server.main_chain, server.public_key, SERVER_ACTOR, server.now())


def checkpoint_all(server: Server) -> int:
    """Sign the head of every server chain that grew since its last checkpoint."""
    with server.workspace().transaction() as session:
        chains = [server.main_chain, *team.server_chains(session)]
    signed = 0
    for chain in chains:
        with server.workspace(chain).transaction() as session:
            if signing.checkpoint(session, Actor(SERVER_ACTOR, chain), server.key, server.now()):
                signed += 1
    return signed


def purge(server: Server) -> int:
    with server.workspace().transaction() as session:
        return team.purge_keys(session, server.now() - KEEP_REQUEST_IDS)


async def run(server: Server) -> None:
    """Forever: finalize due decisions every few seconds, checkpoint and purge less often."""
    s = server.settings
    since_checkpoint = since_purge = 0.0
    while True:
        await asyncio.sleep(s.finalize_seconds)
        since_checkpoint += s.finalize_seconds
        since_purge += s.finalize_seconds
        try:
            await run_in_threadpool(finalize_due, server)
            if since_checkpoint >= s.checkpoint_seconds:
                since_checkpoint = 0.0
                await run_in_threadpool(checkpoint_all, server)
            if since_purge >= 3600:
                since_purge = 0.0
                await run_in_threadpool(purge, server)
        except ModeratorError as exc:  # the database is away: try again next round
            log.warning("upkeep: %s", exc)
        except Exception:
            log.exception("upkeep failed")
