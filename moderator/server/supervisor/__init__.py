"""The supervisor tools' routes (`/v1/supervisor/...`): the audit console, the team's figures.

Every route depends on `dependency.Supervisor`, which refuses (403 `not-eligible`, recorded)
any caller whose role is below supervisor; tests/server/test_supervisor_access.py checks that
every route under this prefix in the OpenAPI document does.
"""

from moderator.server.supervisor.endpoints import router

__all__ = ["router"]
