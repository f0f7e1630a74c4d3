"""The real thing: `moderator serve` as its own process, HTTPS on loopback with a test CA,
the database through the server's least-privilege login, two reviewers' loops through httpx."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import trustme
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from moderator.services import signing
from moderator.store import journal
from moderator.store.db import make_engine
from moderator.store.models import Decision, Report
from tests.server.conftest import DECISION, Team, build_team, rid

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Running:
    url: str
    ssl: ssl.SSLContext
    argv: list[str]
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def start(self) -> None:
        assert self.log is not None
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(self.argv, env=self.env, stdout=out, stderr=out)
        deadline = time.monotonic() + 60
        with httpx.Client(verify=self.ssl, timeout=2) as client:
            while time.monotonic() < deadline:
                assert self.process.poll() is None, self.log.read_text()
                try:
                    if client.get(f"{self.url}/healthz").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
        raise AssertionError(f"the server did not come up: {self.log.read_text()}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server_login(pg_migrated: str) -> Iterator[str]:
    """A login role in moderator_server, as an administrator would make for the server."""
    name = f"t_srv_{uuid.uuid4().hex[:8]}"
    admin = make_engine(pg_migrated)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE ROLE {name} LOGIN IN ROLE moderator_server"))
    yield make_url(pg_migrated).set(username=name).render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.execute(text(f"DROP OWNED BY {name}"))
        conn.execute(text(f"DROP ROLE {name}"))
    admin.dispose()


@pytest.fixture(params=[1])
def running(
    request: pytest.FixtureRequest, pg_migrated: str, server_login: str, tmp_path: Path
) -> Iterator[tuple[Running, Team]]:
    """The server as its own process (`request.param` worker processes)."""
    team = build_team(pg_migrated, tmp_path / "media")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert_path, key_path = tmp_path / "server.pem", tmp_path / "server.key"
    cert.cert_chain_pems[0].write_to_path(str(cert_path))
    for extra in cert.cert_chain_pems[1:]:
        extra.write_to_path(str(cert_path), append=True)
    cert.private_key_pem.write_to_path(str(key_path))
    context = ssl.create_default_context()
    ca.configure_trust(context)
    port = _free_port()
    argv = [
        sys.executable, "-m", "moderator", "serve",
        "--database", server_login,
        "--media", str(team.media),
        "--key-file", str(tmp_path / "server-signing.key"),
        "--certfile", str(cert_path), "--keyfile", str(key_path),
        "--port", str(port),
        "--grace-seconds", "1", "--checkpoint-seconds", "1",
        "--workers", str(request.param),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MODERATOR_HOME": str(tmp_path / "home")}
    server = Running(f"https://127.0.0.1:{port}", context, argv, env, log=tmp_path / "server.log")
    server.start()
    try:
        yield server, team
    finally:
        server.stop()
        team.engine.dispose()


def _enroll(server: Running, team: Team, name: str) -> httpx.Client:
    key = Ed25519PrivateKey.generate()
    with httpx.Client(verify=server.ssl) as anonymous:
        got = anonymous.post(
            f"{server.url}/v1/enroll",
            json={"code": team.code(name), "public_key": signing.public_hex(key)},
        )
    assert got.status_code == 201, got.text
    token = got.json()["token"]
    return httpx.Client(
        base_url=server.url,
        verify=server.ssl,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def _loop(client: httpx.Client, done: list[str]) -> None:
    while True:
        answer = client.post("/v1/claims", json={"request_id": rid()})
        assert answer.status_code == 200, answer.text
        lease = answer.json()["lease"]
        if lease is None:
            return
        token = lease["token"]
        report = client.get(f"/v1/leases/{token}/report").json()
        for item in report["media"]:
            body = client.get(f"/v1/leases/{token}/media/{item['position']}")
            assert hashlib.sha256(body.content).hexdigest() == item["sha256"]
        decision_id = rid()
        submitted = client.post(
            f"/v1/leases/{token}/decision", json={"decision_id": decision_id, **DECISION}
        )
        assert submitted.status_code == 201, submitted.text
        final = client.post(f"/v1/decisions/{decision_id}/finalize", json={"request_id": rid()})
        assert final.json()["state"] == "final", final.text
        done.append(report["uid"])


def test_two_reviewers_work_the_queue_through_a_real_tls_server(
    running: tuple[Running, Team],
) -> None:
    server, team = running
    team.add_reports("general", 12)
    alice, bob = _enroll(server, team, "alice"), _enroll(server, team, "bob")
    done: dict[str, list[str]] = {"alice": [], "bob": []}
    errors: list[BaseException] = []

    def work(name: str, client: httpx.Client) -> None:
        try:
            _loop(client, done[name])
        except BaseException as exc:  # noqa: BLE001 - re-raised on the test thread
            errors.append(exc)

    threads = [
        threading.Thread(target=work, args=item) for item in (("alice", alice), ("bob", bob))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(done["alice"]) + len(done["bob"]) == 12
    assert not set(done["alice"]) & set(done["bob"])

    # Killed between submit and finalize, and restarted: the submit repeated with its id
    # lands once, and the decision is recorded once.
    team.add_reports("general", 1, prefix="K")
    lease = alice.post("/v1/claims", json={"request_id": rid()}).json()["lease"]
    decision_id = rid()
    body = {"decision_id": decision_id, **DECISION}
    first = alice.post(f"/v1/leases/{lease['token']}/decision", json=body).json()
    server.stop(signal.SIGKILL)
    with pytest.raises(httpx.TransportError):
        alice.post(f"/v1/leases/{lease['token']}/decision", json=body)
    server.start()
    again = alice.post(f"/v1/leases/{lease['token']}/decision", json=body)
    assert again.status_code == 201
    assert again.json() == first
    fin = alice.post(f"/v1/decisions/{decision_id}/finalize", json={"request_id": rid()}).json()
    assert fin["state"] == "final"
    time.sleep(1.5)  # one checkpoint round
    server.stop()  # a clean stop checkpoints every chain
    alice.close()
    bob.close()

    with team.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 13
        assert (
            s.scalar(select(func.count()).select_from(Report).where(Report.state != "decided")) == 0
        )
        who = dict(
            s.execute(
                select(Decision.reviewer_id, func.count()).group_by(Decision.reviewer_id)
            ).all()
        )
        assert set(who) <= {team.people["alice"].id, team.people["bob"].id}
        reports = journal.verify(s)
    assert reports
    assert all(r.ok for r in reports), [r.problem for r in reports]
    assert all(r.checkpoint_seq == r.head_seq - 1 for r in reports if r.events)


@pytest.mark.parametrize("running", [2], indirect=True)
def test_two_server_processes_share_the_work(running: tuple[Running, Team]) -> None:
    server, team = running
    team.add_reports("general", 6)
    alice, bob = _enroll(server, team, "alice"), _enroll(server, team, "bob")
    done: dict[str, list[str]] = {"alice": [], "bob": []}
    threads = [
        threading.Thread(target=_loop, args=(client, done[name]))
        for name, client in (("alice", alice), ("bob", bob))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    alice.close()
    bob.close()
    assert sorted(done["alice"] + done["bob"]) == sorted(set(done["alice"] + done["bob"]))
    with team.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 6


def test_the_servers_login_cannot_rewrite_the_record_or_the_schema(server_login: str) -> None:
    engine = make_engine(server_login)
    try:
        for statement in (
            "UPDATE audit_events SET payload = '{}'",
            "DELETE FROM audit_events",
            "UPDATE decisions SET outcome = 'x'",
            "DELETE FROM central_events",
            "UPDATE workstation_keys SET public_key = 'x'",
            # People, queues and training are the supervisors' to change through the API
            # (migrations 0020, 0022: a supervisor's own login had the same): a person's
            # role, name and active flag, never who they are, and nobody is ever deleted.
            "UPDATE reviewers SET username = 'mallory'",
            "UPDATE reviewers SET created_at = now()",
            "DELETE FROM reviewers",
            "UPDATE policies SET body = 'x'",
            "DELETE FROM policies",
            "DELETE FROM gold_items",
            "CREATE TABLE t_ddl (x int)",
            "DROP TABLE skips",
        ):
            with (
                pytest.raises(ProgrammingError, match="permission denied|must be owner"),
                engine.begin() as conn,
            ):
                conn.execute(text(statement))
    finally:
        engine.dispose()


def test_the_reviewer_database_role_no_longer_opens_the_queue(pg_migrated: str) -> None:
    name = f"t_rev_{uuid.uuid4().hex[:8]}"
    admin = make_engine(pg_migrated)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE ROLE {name} LOGIN IN ROLE moderator_reviewer"))
    engine = make_engine(make_url(pg_migrated).set(username=name))
    try:
        for statement in (
            "SELECT count(*) FROM reports",
            "SELECT expected_outcome FROM gold_items",
            "SELECT * FROM wellbeing_checkins",
            "UPDATE reports SET priority = 5",
            "INSERT INTO audit_events (uid) VALUES ('x')",
            "LOCK TABLE reports IN ACCESS EXCLUSIVE MODE",
        ):
            with (
                pytest.raises(ProgrammingError, match="permission denied|must be owner"),
                engine.begin() as conn,
            ):
                conn.execute(text(statement))
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP OWNED BY {name}"))
            conn.execute(text(f"DROP ROLE {name}"))
        admin.dispose()
