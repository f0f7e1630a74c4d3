"""The issue's end to end, against `moderator serve` as its own process (HTTPS, the server's
least-privilege login): a test platform submits reports with media through the intake, a
reviewer decides some, and the platform's receiver, failing and timing out on purpose, gets
each final decision exactly once (by event id), across a server killed and restarted.

E2E_REPORTS sets the count: 1,000 by default, so the test stays near a minute on a shared
two-core machine (the sandboxed PDQ hashing of every file is the cost); E2E_REPORTS=10000 runs
the issue's full count (minutes). bench/bench_intake.py measures the rates."""

from __future__ import annotations

import json
import os
import signal
import ssl
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from sqlalchemy import text

from moderator.services.sources import Sources
from tests.server.conftest import DECISION, Team, build_team, rid
from tests.server.platform_kit import Receiver, png
from tests.server.test_tls_process import ROOT, Running, _enroll, _free_port, server_login

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
__all__ = ["server_login"]  # the fixture, used by `platform_server`

REPORTS = int(os.environ.get("E2E_REPORTS", "1000"))
BATCH = 500
DECIDE = 30
MARKER = "REPORTER-TEXT-MUST-NOT-BE-LOGGED"


@pytest.fixture
def platform_server(
    pg_migrated: str, server_login: str, tmp_path: Path
) -> Iterator[tuple[Running, Team]]:
    team = build_team(pg_migrated, tmp_path / "media")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    cert_path, key_path = tmp_path / "server.pem", tmp_path / "server.key"
    cert.cert_chain_pems[0].write_to_path(str(cert_path))
    cert.private_key_pem.write_to_path(str(key_path))
    context = ssl.create_default_context()
    ca.configure_trust(context)
    argv = [
        sys.executable, "-m", "moderator", "serve",
        "--database", server_login, "--media", str(team.media),
        "--key-file", str(tmp_path / "server-signing.key"),
        "--certfile", str(cert_path), "--keyfile", str(key_path),
        "--port", str(_free_port()), "--grace-seconds", "1",
        "--webhook-retry-seconds", "0.2", "--webhook-timeout-seconds", "1",
    ]  # fmt: skip
    port = argv[argv.index("--port") + 1]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MODERATOR_HOME": str(tmp_path / "home")}
    server = Running(f"https://127.0.0.1:{port}", context, argv, env, log=tmp_path / "server.log")
    server.start()
    try:
        yield server, team
    finally:
        server.stop()
        team.engine.dispose()


def _batch(start: int, n: int) -> list[tuple[str, tuple[str, bytes, str]]]:
    records = [
        {"external_ref": f"P-{i}", "queue": "general", "media": [f"m{i}.png"],
         "reporter_text": MARKER, "reported_category": "csam"}
        for i in range(start, start + n)
    ]  # fmt: skip
    manifest = "\n".join(json.dumps(r) for r in records).encode()
    parts = [("manifest", ("manifest.jsonl", manifest, "application/x-ndjson"))]
    parts += [("media", (f"m{i}.png", png(i, 12, 8), "image/png")) for i in range(start, start + n)]
    return parts


def _decide(client: httpx.Client) -> None:
    lease = client.post("/v1/claims", json={"request_id": rid()}).json()["lease"]
    decision = rid()
    got = client.post(
        f"/v1/leases/{lease['token']}/decision", json={"decision_id": decision, **DECISION}
    )
    assert got.status_code == 201, got.text
    final = client.post(f"/v1/decisions/{decision}/finalize", json={"request_id": rid()})
    assert final.json()["state"] == "final", final.text


def _misbehave(n: int) -> str:
    return "fail" if n % 4 == 1 else "stall" if n % 7 == 3 else "ok"


def test_a_platform_submits_reports_and_gets_each_final_decision_once(
    platform_server: tuple[Running, Team],
) -> None:
    server, team = platform_server
    admin = Sources(team.server.workspace(), "sue")
    submit_token = admin.add("testplatform")
    receiver = Receiver(misbehave=_misbehave, stall=1.5)
    _hook, receiver.secret = admin.add_webhook(receiver.url, "testplatform")
    platform = httpx.Client(
        base_url=server.url, verify=server.ssl, timeout=120,
        headers={"Authorization": f"Bearer {submit_token}"},
    )  # fmt: skip
    try:
        started = time.monotonic()
        for start in range(0, REPORTS, BATCH):
            got = platform.post("/v1/reports", files=_batch(start, min(BATCH, REPORTS - start)))
            assert got.status_code == 200, got.text
            assert got.json()["accepted"] == min(BATCH, REPORTS - start), got.text[:500]
        intake_seconds = time.monotonic() - started
        print(
            f"\nintake: {REPORTS} reports with media in {intake_seconds:.1f} s "
            f"({REPORTS / intake_seconds:.0f}/s)"
        )
        again = platform.post("/v1/reports", files=_batch(0, 20)).json()
        assert again["present"] == 20
        assert again["accepted"] == 0
        with team.engine.connect() as conn:
            stored = conn.execute(
                text(
                    "SELECT count(*), count(m.pdq) FROM reports r JOIN media_items m "
                    "ON m.report_id = r.id WHERE r.source = 'testplatform'"
                )
            ).one()
        assert tuple(stored) == (REPORTS, REPORTS)  # every file hashed (PDQ) in the sandbox

        t0 = time.monotonic()
        with _enroll(server, team, "alice") as alice:
            for _ in range(DECIDE // 2):
                _decide(alice)
        print(f"decided {DECIDE // 2} in {time.monotonic() - t0:.1f} s")
        # Killed while deliveries are going on, and started again: the outbox resumes.
        server.stop(signal.SIGKILL)
        server.start()
        with _enroll(server, team, "alice") as alice:
            for _ in range(DECIDE - DECIDE // 2):
                _decide(alice)
        with team.engine.connect() as conn:
            decided = set(conn.execute(text("SELECT uid FROM decisions")).scalars())
        assert len(decided) == DECIDE
        deadline = time.monotonic() + 60
        while set(receiver.acked) != decided and time.monotonic() < deadline:
            time.sleep(0.2)
        assert set(receiver.acked) == decided, (len(receiver.acked), len(decided))
        assert receiver.bad_signatures == 0
        assert receiver.refusals > 0
        assert receiver.requests > DECIDE
        # A delivery that timed out may have reached the receiver anyway: its retry then
        # repeats an event id the receiver already has (at-least-once; the id makes it once).
        while time.monotonic() < deadline:
            with team.engine.connect() as conn:
                states = dict(
                    conn.execute(
                        text("SELECT state, count(*) FROM webhook_deliveries GROUP BY state")
                    ).all()
                )
            if states == {"delivered": DECIDE}:
                break
            time.sleep(0.2)
        with team.engine.connect() as conn:
            timeouts = conn.execute(
                text("SELECT count(*) FROM webhook_attempts WHERE error LIKE '%Timeout%'")
            ).scalar()
        assert states == {"delivered": DECIDE}
        assert timeouts
        assert timeouts > 0
        for event in receiver.acked.values():
            assert event["report"]["source"] == "testplatform"
            assert MARKER not in json.dumps(event)

        with httpx.Client(base_url=server.url, verify=server.ssl) as anyone:
            assert anyone.get("/readyz").json() == {"ready": True, "detail": "ready"}
            metrics = anyone.get("/metrics").text  # from loopback
        assert 'moderator_queue_depth{queue="general"}' in metrics
        assert 'route="/v1/claims"' in metrics
        assert "moderator_webhook_failed_attempts_total" in metrics
        log = (server.log or Path()).read_text()
        assert MARKER not in log
        assert submit_token not in log
        assert '"route": "/v1/reports"' in log
    finally:
        platform.close()
        receiver.close()
