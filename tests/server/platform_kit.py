"""What the platform tests share: sources and their tokens, synthetic media, deciding."""

from __future__ import annotations

import io
import json
from typing import Any

from fastapi.testclient import TestClient

from moderator.services.sources import Sources
from tests.media import synth
from tests.server.conftest import Desk, Team, rid


def source(team: Team, name: str = "acme", kind: str = "submit") -> str:
    return Sources(team.server.workspace(), "sue").add(name, kind)


def token(team: Team, name: str, kind: str) -> str:
    return Sources(team.server.workspace(), "sue").token(name, kind)


def png(seed: int, width: int = 24, height: int = 16) -> bytes:
    out = io.BytesIO()
    synth.image(width, height, seed=seed).save(out, "PNG")
    return out.getvalue()


def record(ref: str, *media: str, **extra: Any) -> dict[str, Any]:
    return {"external_ref": ref, "queue": "general", "media": list(media), **extra}


def multipart(client: TestClient, records: list[dict[str, Any]], files: dict[str, bytes]) -> Any:
    manifest = "\n".join(json.dumps(r) for r in records)
    parts: list[tuple[str, tuple[str, bytes, str]]] = [
        ("manifest", ("manifest.jsonl", manifest.encode(), "application/x-ndjson"))
    ]
    parts += [("media", (name, data, "application/octet-stream")) for name, data in files.items()]
    return client.post("/v1/reports", files=parts)


def decide(desk: Desk, outcome: str = "violation") -> str:
    """Claim one report, decide it and make the decision final at once; its id."""
    lease = desk.lease()
    decision = rid()
    got = desk.submit(lease["token"], decision, outcome=outcome)
    assert got.status_code == 201, got.text
    done = desk.post(f"/v1/decisions/{decision}/finalize", {"request_id": rid()})
    assert done.status_code in (200, 204), done.text
    return str(decision)


# --- a test platform's webhook receiver ------------------------------------------------------


class Receiver:
    """A small HTTP server standing in for the platform: it checks every signature, keeps the
    events it acknowledged (de-duplicated by event id, as the docs tell platforms to), and
    fails or stalls on purpose when `misbehave(n)` says so for the n-th request."""

    def __init__(self, secret: str = "", misbehave: Any = None, stall: float = 0.0) -> None:
        import http.server
        import threading

        self.secret = secret
        self.misbehave = misbehave or (lambda n: "ok")
        self.stall = stall
        self.lock = threading.Lock()
        self.requests = 0
        self.acked: dict[str, dict[str, Any]] = {}
        self.repeats = 0
        self.bad_signatures = 0
        self.refusals = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with outer.lock:
                    outer.requests += 1
                    n = outer.requests
                if not verify(outer.secret, self.headers.get("Moderator-Signature", ""), body):
                    with outer.lock:
                        outer.bad_signatures += 1
                    self.send_response(400)
                    self.end_headers()
                    return
                what = outer.misbehave(n)
                if what == "fail":
                    with outer.lock:
                        outer.refusals += 1
                    self.send_response(503)
                    self.end_headers()
                    return
                if what == "stall":
                    import time

                    time.sleep(outer.stall)
                event = json.loads(body)
                with outer.lock:
                    if event["event_id"] in outer.acked:
                        outer.repeats += 1
                    else:
                        outer.acked[event["event_id"]] = event
                try:
                    self.send_response(204)
                    self.end_headers()
                except OSError:
                    pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def verify(secret: str, header: str, body: bytes, tolerance: float = 300) -> bool:
    """The check docs/platform-api.md shows a platform's engineers (kept the same here)."""
    import hashlib
    import hmac
    import time

    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    timestamp, signature = parts.get("t", ""), parts.get("v1", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), signature)


# --- decisions written straight into the database, with the transaction left to the test --------

RAW_DECISION = (
    "INSERT INTO decisions (uid, report_id, review_round, reviewer_id, policy_id, "
    "policy_version, policy_hash, outcome, answers, notes, seconds_on_item, seconds_exposed, "
    "decided_at, workstation, lease_token) VALUES (gen_random_uuid(), :r, :round, :p, "
    "'platform-generic', '1', :h, 'violation', '{}', '', 0, 0, now(), gen_random_uuid(), "
    "gen_random_uuid()) RETURNING id"
)


def raw_decision(conn: Any, report: int, review_round: int, reviewer: int) -> int:
    """Insert a decision on `conn` (a SQLAlchemy connection in a transaction); its id."""
    from sqlalchemy import text

    got = conn.execute(
        text(RAW_DECISION), {"r": report, "round": review_round, "p": reviewer, "h": "a" * 64}
    )
    return int(got.scalar_one())
