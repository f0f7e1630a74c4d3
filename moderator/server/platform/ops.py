"""Operations: /readyz, /metrics (Prometheus text format) and one JSON log line per request.

Who may read /metrics: clients on the loopback interface (a Prometheus agent on the host, or
a sidecar), and supervisors with their token. The figures are counts and durations only.
Log lines carry the method, the route's template (never the path: it holds lease tokens),
the status and the duration: no report content, no token, no query string.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from moderator.server.context import Server
from moderator.store import migrate
from moderator.store.models import PendingDecision, Queue, Report
from moderator.store.models_platform import WebhookAttempt, WebhookDelivery

access = logging.getLogger("moderator.server.access")
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's extras."""

    STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in self.STANDARD and not key.startswith("_"):
                out[key] = value if isinstance(value, int | float | str | bool) else str(value)
        if record.exc_info:
            out["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(out, ensure_ascii=False)


def log_config() -> dict[str, Any]:
    """uvicorn's logging as JSON lines; its own access log is off (ours replaces it)."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "moderator.server.platform.ops.JsonFormatter"}},
        "handlers": {"default": handler},
        "loggers": {
            "": {"handlers": ["default"], "level": "INFO"},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


class Metrics:
    """Request counts and latency histograms of this process (route template, method, status)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self.buckets: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * len(BUCKETS))
        self.sums: dict[tuple[str, str], float] = defaultdict(float)
        self.counts: dict[tuple[str, str], int] = defaultdict(int)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        with self.lock:
            self.requests[(method, route, status)] += 1
            key = (method, route)
            row = self.buckets[key]
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    row[i] += 1
            self.sums[key] += seconds
            self.counts[key] += 1

    def text(self) -> list[str]:
        out = [
            "# HELP moderator_http_requests_total HTTP requests served by this process.",
            "# TYPE moderator_http_requests_total counter",
        ]
        with self.lock:
            for (method, route, status), n in sorted(self.requests.items()):
                out.append(
                    f'moderator_http_requests_total{{method="{method}",route="{_esc(route)}",'
                    f'status="{status}"}} {n}'
                )
            out += [
                "# HELP moderator_http_request_seconds Time to answer a request.",
                "# TYPE moderator_http_request_seconds histogram",
            ]
            for (method, route), row in sorted(self.buckets.items()):
                labels = f'method="{method}",route="{_esc(route)}"'
                for bound, n in zip(BUCKETS, row, strict=True):
                    out.append(
                        f'moderator_http_request_seconds_bucket{{{labels},le="{bound}"}} {n}'
                    )
                count = self.counts[(method, route)]
                out.append(f'moderator_http_request_seconds_bucket{{{labels},le="+Inf"}} {count}')
                total = self.sums[(method, route)]
                out.append(f"moderator_http_request_seconds_sum{{{labels}}} {total:.6f}")
                out.append(f"moderator_http_request_seconds_count{{{labels}}} {count}")
        return out


def _esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Observe:
    """ASGI middleware: counts, latencies and the access log line of every HTTP request."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "(unmatched)"
            method = str(scope.get("method", ""))
            self.metrics.observe(method, route, status, seconds)
            access.info(
                "request",
                extra={
                    "method": method,
                    "route": route,
                    "status": status,
                    "millis": round(seconds * 1000, 2),
                },
            )


def ready(server: Server) -> tuple[bool, str]:
    """The database answers and its schema is the one this server needs."""
    try:
        if not migrate.is_current(server.engine):
            return (
                False,
                f"the schema is at {migrate.current(server.engine) or 'nothing'}, not current",
            )
    except Exception as exc:  # the database is away, the login refused, ...
        return False, f"the database does not answer ({type(exc).__name__})"
    return True, "ready"


def gauges(server: Server) -> list[str]:
    """Figures read from the database at scrape time (the same in every process)."""
    now = server.now()
    with server.workspace().transaction() as session:
        depth = session.execute(
            select(Queue.name, func.count(Report.id))
            .join(Report, Report.queue_id == Queue.id)
            .where(Report.state == "queued")
            .group_by(Queue.name)
        ).all()
        leases = session.scalar(select(func.count()).where(Report.state == "claimed")) or 0
        oldest_pending = session.scalar(select(func.min(PendingDecision.final_at)))
        deliveries = session.execute(
            select(WebhookDelivery.state, func.count()).group_by(WebhookDelivery.state)
        ).all()
        oldest_delivery = session.scalar(
            select(func.min(WebhookDelivery.created_at)).where(WebhookDelivery.done_at.is_(None))
        )
        failed = session.scalar(select(func.count()).where(WebhookAttempt.error != "")) or 0
    lag = max(0.0, (now - oldest_pending).total_seconds()) if oldest_pending else 0.0
    hook_lag = max(0.0, (now - oldest_delivery).total_seconds()) if oldest_delivery else 0.0
    out = [
        "# HELP moderator_queue_depth Reports waiting in each queue.",
        "# TYPE moderator_queue_depth gauge",
    ]
    out += [f'moderator_queue_depth{{queue="{_esc(name)}"}} {n}' for name, n in depth]
    out += [
        "# HELP moderator_leases Reports claimed now (under a live or expiring lease).",
        "# TYPE moderator_leases gauge",
        f"moderator_leases {leases}",
        "# HELP moderator_finalize_lag_seconds How long the oldest pending decision is past due.",
        "# TYPE moderator_finalize_lag_seconds gauge",
        f"moderator_finalize_lag_seconds {lag:.3f}",
        "# HELP moderator_webhook_deliveries Webhook deliveries by state.",
        "# TYPE moderator_webhook_deliveries gauge",
    ]
    out += [f'moderator_webhook_deliveries{{state="{state}"}} {n}' for state, n in deliveries]
    out += [
        "# HELP moderator_webhook_lag_seconds Age of the oldest undelivered webhook event.",
        "# TYPE moderator_webhook_lag_seconds gauge",
        f"moderator_webhook_lag_seconds {hook_lag:.3f}",
        "# HELP moderator_webhook_failed_attempts_total Webhook attempts that failed.",
        "# TYPE moderator_webhook_failed_attempts_total counter",
        f"moderator_webhook_failed_attempts_total {failed}",
    ]
    return out
