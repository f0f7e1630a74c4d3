"""The ASGI application: routers, problem handlers, and the process's upkeep task."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

from moderator import __version__
from moderator.server import problems, upkeep
from moderator.server.audit.endpoints import router as audit_router
from moderator.server.auth.endpoints import router as auth_router
from moderator.server.context import Server
from moderator.server.lifecycle.endpoints import router as lifecycle_router
from moderator.server.platform import ops
from moderator.server.platform.endpoints import router as platform_router
from moderator.server.platform.runtime import Platform
from moderator.server.review.endpoints import router as review_router
from moderator.server.supervisor import router as supervisor_router
from moderator.server.supervisor.openapi import plain_pairs
from moderator.server.wellbeing.endpoints import router as wellbeing_router

DESCRIPTION = (
    "The team server of moderator: identity, time, access and the record for a team's "
    "review queue. See docs/api.md. Errors are application/problem+json (RFC 9457)."
)


def create_app(server: Server) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = None
        if server.settings.background:
            await run_in_threadpool(upkeep.register_server_key, server)
            task = asyncio.create_task(upkeep.run(server))
            platform.start_worker()
        try:
            yield
        finally:
            await run_in_threadpool(platform.stop)
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                await run_in_threadpool(upkeep.checkpoint_all, server)

    app = FastAPI(
        title="moderator team server",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # the interactive pages load scripts from a CDN: not on this server
        redoc_url=None,
    )
    app.state.server = server
    app.state.platform = platform = Platform(server)
    problems.install(app, server)
    routers = (auth_router, review_router, wellbeing_router, audit_router, lifecycle_router)
    for router in (*routers, platform_router, supervisor_router):
        app.include_router(router)
    app.add_middleware(ops.Observe, metrics=platform.metrics)
    _add_problem_schema(app)
    return app


def _add_problem_schema(app: FastAPI) -> None:
    """The ProblemModel component the routes' error responses point at."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components["ProblemModel"] = problems.ProblemModel.model_json_schema()
            plain_pairs(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
