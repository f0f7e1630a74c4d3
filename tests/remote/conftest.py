"""A real team server process (HTTPS on loopback, a trustme CA, the real PostgreSQL through the
server's least-privilege login), a relay in front of it, and desks enrolled through the CLI."""

from __future__ import annotations

import os
import ssl
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme

from moderator.cli import main as cli
from moderator.media import MediaPool
from moderator.remote.client import Timeouts
from moderator.remote.desktop import open_team
from moderator.services import config as config_mod
from moderator.services.config import Profile
from moderator.services.interfaces import Desktop
from moderator.services.paths import Paths
from tests.remote.proxy import Proxy
from tests.server.conftest import Team, build_team
from tests.server.test_tls_process import ROOT, Running, _free_port
from tests.server.test_tls_process import server_login as server_login  # noqa: F401 - fixture

# Short enough that a test's lost connection is seen at once, long enough for a busy machine.
QUICK = Timeouts(connect=3.0, read=15.0, attempts=4, backoff=0.2)


@dataclass
class Served:
    server: Running
    team: Team
    proxy: Proxy
    server_ca: Path
    paths: Paths

    def enroll(self, name: str, *, label: str = "") -> Profile:
        """`moderator profile add desk-NAME --server URL --enroll CODE --ca FILE`."""
        code = cli(
            ["profile", "add", f"desk-{name}", "--server", self.proxy.url,
             "--enroll", self.team.code(name), "--ca", str(self.server_ca), "--label", label]
        )  # fmt: skip
        assert code == 0
        return config_mod.load(self.paths).profiles[f"desk-{name}"]

    def open(self, profile: Profile, decoder: MediaPool, timeouts: Timeouts = QUICK) -> Desktop:
        return open_team(self.paths, profile, decoder, timeouts=timeouts)


@pytest.fixture(scope="session")
def decoder() -> Iterator[MediaPool]:
    with MediaPool(workers=2) as pool:
        pool.start()
        yield pool


def start_server(
    team: Team, login: str, tmp_path: Path, *, grace: float = 2.0
) -> tuple[Running, Path]:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert_path, key_path, ca_path = (tmp_path / n for n in ("server.pem", "server.key", "ca.pem"))
    cert.cert_chain_pems[0].write_to_path(str(cert_path))
    for extra in cert.cert_chain_pems[1:]:
        extra.write_to_path(str(cert_path), append=True)
    cert.private_key_pem.write_to_path(str(key_path))
    ca.cert_pem.write_to_path(str(ca_path))
    context = ssl.create_default_context(cafile=str(ca_path))
    port = _free_port()
    argv = [
        sys.executable, "-m", "moderator", "serve",
        "--database", login, "--media", str(team.media),
        "--key-file", str(tmp_path / "server-signing.key"),
        "--certfile", str(cert_path), "--keyfile", str(key_path),
        "--port", str(port), "--grace-seconds", str(grace), "--checkpoint-seconds", "1",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MODERATOR_HOME": str(tmp_path / "srv-home")}
    server = Running(f"https://127.0.0.1:{port}", context, argv, env, log=tmp_path / "server.log")
    server.start()
    return server, ca_path


@pytest.fixture
def served(pg_migrated: str, server_login: str, tmp_path: Path, home: Path) -> Iterator[Served]:  # noqa: F811
    team = build_team(pg_migrated, tmp_path / "media")
    server, ca_path = start_server(team, server_login, tmp_path)
    port = int(server.url.rsplit(":", 1)[1])
    proxy = Proxy(port)
    try:
        yield Served(server, team, proxy, ca_path, Paths.resolve(home))
    finally:
        proxy.close()
        server.stop()
        team.engine.dispose()
