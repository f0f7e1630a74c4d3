"""The supervisor tools' routes (`/v1/supervisor/...`): the audit console, the team's figures,
the training records, gold items and QA settings, adjudication, and the Admin window's queues,
people, policies and settings, legal holds and the purge.

Every route depends on `dependency.Supervisor`, which refuses (403 `not-eligible`, recorded)
any caller whose role is below supervisor; tests/server/test_supervisor_access.py checks that
every route under this prefix in the OpenAPI document does.
"""

from fastapi import APIRouter

from moderator.server.supervisor import (
    adjudication,
    admin,
    endpoints,
    notices,
    people,
    quality,
    retention,
    training,
)

router = APIRouter()
router.include_router(endpoints.router)
router.include_router(training.router)
router.include_router(quality.router)
router.include_router(adjudication.router)
router.include_router(admin.router)
router.include_router(people.router)
router.include_router(notices.router)
router.include_router(retention.router)

__all__ = ["router"]
