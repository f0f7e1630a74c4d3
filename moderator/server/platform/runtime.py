"""What one server process holds for the platform routes: limits, the media pool, metrics,
and the webhook worker's thread."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from moderator.server.context import Server
from moderator.server.platform.intake import Hashing
from moderator.server.platform.ops import Metrics
from moderator.server.platform.webhooks import WebhookSettings, Worker

log = logging.getLogger("moderator.server.webhooks")


@dataclass(frozen=True)
class Limits:
    request_bytes: int = 512 << 20  # one intake request, media included
    media_bytes: int = 256 << 20  # one uploaded file
    manifest_bytes: int = 16 << 20  # the records of one request


@dataclass
class Platform:
    server: Server
    limits: Limits = field(default_factory=Limits)
    webhooks: WebhookSettings = field(init=False)
    hashing: Hashing = field(default_factory=Hashing)
    metrics: Metrics = field(default_factory=Metrics)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __post_init__(self) -> None:
        s = self.server.settings
        self.webhooks = WebhookSettings(
            base_delay=s.webhook_retry_seconds, timeout=s.webhook_timeout_seconds
        )

    def start_worker(self) -> None:
        """The delivery loop in a daemon thread (it sleeps when there is nothing due)."""
        self._stop.clear()
        worker = Worker(self.server, self.webhooks)

        def loop() -> None:
            try:
                while not self._stop.is_set():
                    try:
                        made = worker.tick()
                    except Exception:  # the database is away, a bug: log, wait, go on
                        log.exception("webhook worker")
                        made = 0
                    if not made:
                        self._stop.wait(self.webhooks.poll)
            finally:
                worker.close()

        self._thread = threading.Thread(target=loop, name="webhook-worker", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.webhooks.timeout + 5)
            self._thread = None
        self.hashing.close()
