"""The decoder process: hardened first, then a loop answering one request at a time.

Started by `MediaPool` with the "spawn" method, so it begins as a fresh interpreter (never a
fork of the GUI process and its Qt threads). This module imports nothing heavy at the top: the
decoders are loaded only after the sandbox is in place, and then once, so a request costs a
decode and not an interpreter start.
"""

from __future__ import annotations

import json
import os
from multiprocessing.connection import Connection

from moderator.media import channel, sandbox
from moderator.media.types import Limits

MAX_REQUEST = 1 << 20


def main(conn: Connection, limits: Limits, env: dict[str, str], test_hooks: bool) -> None:
    """Entry point of a worker process; returns (and the process exits) when the pool hangs up."""
    sandbox.enter(limits, env)
    sandbox.configure_decoders(limits)
    from moderator.media import handlers

    fd = conn.fileno()
    channel.send(fd, json.dumps({"type": "ready", "pid": os.getpid()}).encode())
    while True:
        try:
            request = json.loads(channel.receive(fd, MAX_REQUEST))
        except (EOFError, OSError):
            return
        data = None
        if isinstance(request, dict) and request.get("op") == "render_data":
            # The media bytes follow the request; never more than the limit allows.
            try:
                data = channel.receive(fd, limits.max_bytes)
            except (EOFError, OSError):
                return
        header, payload, recycle = handlers.handle(request, limits, test_hooks, data)
        channel.send(fd, header)
        if payload is not None:
            channel.send(fd, payload)
        if recycle:
            return
