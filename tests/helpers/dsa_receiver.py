"""A stand-in for the DSA Transparency Database's statements endpoint, on loopback: it keeps
statements by puid and answers as the database does (201, or 422 with `existing_puids`)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver(ThreadingHTTPServer):
    """Keeps statements by puid, as the database does; answers its way (201 / 422)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.stored: dict[str, dict[str, Any]] = {}
        self.batches: list[int] = []
        self.tokens: set[str] = set()
        self.refuse_with: tuple[int, dict[str, Any]] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/v1/statements"


class Handler(BaseHTTPRequestHandler):
    server: Receiver

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.tokens.add(self.headers.get("Authorization", ""))
        statements = body["statements"]
        self.server.batches.append(len(statements))
        if self.server.refuse_with is not None:
            return self._answer(*self.server.refuse_with)
        if len(statements) > 100:
            return self._answer(422, {"message": "at most 100 statements per call"})
        existing = [s["puid"] for s in statements if s["puid"] in self.server.stored]
        if existing:
            return self._answer(422, {"message": "The platform identifier(s) are not all unique",
                                      "errors": {"puid": ["not unique"],
                                                 "existing_puids": existing}})  # fmt: skip
        for s in statements:
            self.server.stored[s["puid"]] = s
        return self._answer(201, {"statements": [{"puid": s["puid"]} for s in statements]})

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextmanager
def running() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)
