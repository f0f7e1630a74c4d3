"""The proof that sync loses nothing: kill it at every named point, restart the server.

`moderator sync` runs as a separate process against the real PostgreSQL and SIGKILLs itself at a
named point (MODERATOR_SYNC_FAULT). Three runs are plain `python -m moderator sync` processes;
the bulk are forked from a pre-imported "zygote" process running the same `moderator.cli.main`
(a fresh `python -m` costs 1-3 s of imports on a busy 2-core machine; a fork costs
milliseconds), so 50+ kills fit in well under a minute. Between runs the workstation keeps
working, so every run has something to send. The PostgreSQL server is restarted once mid-run.
Afterwards the central store must hold exactly the local events, each once, and verify.

Restarting the shared PostgreSQL server cuts every other connection on the machine, so the restart
round runs only when asked (MODERATOR_TEST_RESTART_PG=1, which CI's .ci/run sets); the kill points
run always.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError
from sqlalchemy import Engine, select

from moderator.services import config as config_mod
from moderator.services.config import Profile
from moderator.services.paths import Paths
from moderator.services.sync import FAULT_ENV, FAULT_POINTS
from moderator.services.workspace import open_workspace
from moderator.store.central import verify_central
from moderator.store.db import make_engine, session_factory
from moderator.store.models import Decision
from moderator.store.models_central import CentralDecision
from tests.conftest import truncate_all
from tests.helpers import seed
from tests.helpers.clock import FakeClock
from tests.services.test_sync import central_events, local_events, work

REPO = Path(__file__).resolve().parents[2]
KEYRING_ENV = "MODERATOR_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    """A keyring kept in a JSON file, so separate processes share one signing key (tests only)."""

    @properties.classproperty
    def priority(cls) -> float:
        # Viable only where a test named the file: collecting this module must not make it the
        # keyring of every later test in the run.
        if KEYRING_ENV not in os.environ:
            raise RuntimeError(f"{KEYRING_ENV} is not set")
        return 1

    def _load(self) -> dict[str, str]:
        path = Path(os.environ[KEYRING_ENV])
        return json.loads(path.read_text()) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        Path(os.environ[KEYRING_ENV]).write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError(username)


# Imports the program once, then forks one child per request line ("<fault or ->") and answers
# with the child's wait status. The child runs exactly what `moderator sync` runs.
ZYGOTE = """
import os, sys
import keyring
from tests.services.test_sync_faults import FileKeyring
from moderator.cli import main
import psycopg, alembic.command  # what a sync needs, imported once before forking
keyring.set_keyring(FileKeyring())
args = sys.argv[1:]
for line in sys.stdin:
    fault = line.strip()
    pid = os.fork()
    if pid == 0:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)  # the parent's stdout is the answer channel
        os.dup2(quiet, 2)
        if fault != "-":
            os.environ["MODERATOR_SYNC_FAULT"] = fault
        code = main(args)
        sys.stdout.flush()
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    print(code, flush=True)
"""


RESTART_PG = os.environ.get("MODERATOR_TEST_RESTART_PG") == "1"


def restart_postgres() -> None:
    (version,) = os.listdir("/etc/postgresql")
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        capture_output=True,
        timeout=60,
    )


def wait_ready(timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = subprocess.run(
            ["pg_isready", "-h", "127.0.0.1", "-p", "5432"], capture_output=True, check=False
        )
        if ready.returncode == 0:
            return
        time.sleep(0.1)
    raise AssertionError("PostgreSQL did not come back")


def _drop_pooled_connections() -> None:
    """Connections pooled in this process died with the server (the session's admin engine in
    conftest among them): drop them so later use reconnects instead of failing."""
    for obj in gc.get_objects():
        if isinstance(obj, Engine):
            obj.dispose()


@pytest.mark.postgres
@pytest.mark.slow
def test_sync_killed_at_every_point_and_a_server_restart_loses_nothing(
    pg_migrated: str, tmp_path: Path, home: Path
) -> None:
    truncate_all(pg_migrated)
    paths = Paths.resolve(home)
    profile = Profile(
        "ws", f"sqlite:///{tmp_path / 'ws.sqlite'}", str(tmp_path), "alice", central=pg_migrated
    )
    config_mod.add_profile(paths, profile, make_default=True)
    ws = open_workspace(profile, config_mod.load(paths), clock=FakeClock(), create=True)
    with ws.transaction() as s:
        seed.queue(s, "general", ws.now())
        seed.reviewer(s, "alice", ws.now())
    work(ws, 20)

    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        KEYRING_ENV: str(tmp_path / "keyring.json"),
        "PYTHON_KEYRING_BACKEND": "tests.services.test_sync_faults.FileKeyring",
    }
    args = ["--home", str(home), "sync", "--batch", "6"]
    outcomes: Counter[tuple[str, int]] = Counter()

    def plain(fault: str | None) -> int:
        run_env = {**env, FAULT_ENV: fault} if fault else env
        done = subprocess.run(
            [sys.executable, "-m", "moderator", *args],
            env=run_env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode in (0, -9, 75), done.stderr
        if done.returncode == 75:
            print(done.stderr)
        return done.returncode

    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE, *args],
        env=env,
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert zygote.stdin is not None
    assert zygote.stdout is not None

    def forked(fault: str | None) -> int:
        assert zygote.stdin is not None
        assert zygote.stdout is not None
        zygote.stdin.write(f"{fault or '-'}\n")
        zygote.stdin.flush()
        return int(zygote.stdout.readline())

    try:
        for round_ in range(57):
            point = FAULT_POINTS[round_ % 3]
            fault = f"{point}:{1 + (round_ // 3) % 2}"  # the first or the second batch
            code = plain(fault) if round_ < 3 else forked(fault)
            outcomes[(point, code)] += 1
            work(ws, 2)  # the reviewer goes on working between runs
            if round_ == 30 and RESTART_PG:
                restart_postgres()
                outcomes[("during_restart", forked(None))] += 1
                wait_ready()
                _drop_pooled_connections()
        wait_ready()
        final = plain(None)  # a clean run to the end
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=30)
        zygote.stdout.close()
    kills = sum(n for (point, code), n in outcomes.items() if code == -9)
    print(dict(outcomes))
    assert kills >= 50, outcomes
    assert all(outcomes[(p, -9)] >= 15 for p in FAULT_POINTS), outcomes
    assert final == 0

    mine = local_events(ws)
    theirs = central_events(pg_migrated)
    assert len(theirs) == len(mine)  # each event once
    assert dict(theirs) == mine  # and exactly the local ones, unchanged
    with ws.transaction() as s:
        local_decisions = set(s.scalars(select(Decision.uid)))
    engine = make_engine(pg_migrated)
    with session_factory(engine)() as s:
        assert set(s.scalars(select(CentralDecision.uid))) == local_decisions
        statuses = verify_central(s)
    engine.dispose()
    ws.close()
    assert [st.ok for st in statuses] == [True], [st.problem for st in statuses]
    assert statuses[0].checkpoint_seq is not None
