"""`moderator audit verify|checkpoint` and `moderator sync`: one test per kind of failure."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, select, text

from moderator.cli import main
from moderator.domain.audit import ChainedEvent, event_hash
from moderator.services import signing
from moderator.services.paths import Paths
from moderator.store.db import make_engine
from moderator.store.models import AuditEvent

REKEY = "UPDATE workstation_keys SET public_key = :k"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def workspace_url(home: Path) -> str:
    return f"sqlite:///{Paths.resolve(home).workspace_file('local')}"


@pytest.fixture
def journal(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> str:
    """A local workspace with 4 ingest events, a checkpoint, then 2 more; synced to itself."""
    cli(capsys, "db", "upgrade")
    url = workspace_url(home)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO queues (name, title, categories, policy_id, sla_hours, "
                "min_role, created_at) VALUES ('general', '', '[]', 'p', 24, "
                "'reviewer', '2026-11-21 00:00:00')"
            )
        )
    engine.dispose()
    for batch in range(6):
        path = tmp_path / f"b{batch}.jsonl"
        path.write_text(json.dumps({"external_ref": f"b{batch}", "queue": "general"}) + "\n")
        cli(capsys, "ingest", str(path))
        if batch == 3:
            code, out, _ = cli(capsys, "audit", "checkpoint")
            assert code == 0
            assert "signed workstation" in out
    return url


def rewrite(url: str, change: Callable[[Connection], None]) -> None:
    """Tamper with the database, then re-hash every chain so only the tampering shows."""
    engine = make_engine(url)
    with engine.begin() as conn:
        change(conn)
        c = AuditEvent.__table__.c
        rows = conn.execute(
            select(
                c.uid, c.workstation, c.seq, c.occurred_at, c.actor, c.kind, c.report_uid, c.payload
            ).order_by(c.workstation, c.seq)
        ).all()
        prev: dict[str, str] = {}
        for row in rows:
            e = ChainedEvent(*row, prev_hash=prev.get(row.workstation, "0" * 64), hash="")
            fields = {f: getattr(e, f) for f in e.__slots__ if f != "hash"}
            digest = event_hash(**fields)  # type: ignore[arg-type]
            conn.execute(
                text("UPDATE audit_events SET prev_hash = :p, hash = :h WHERE uid = :u"),
                {"p": e.prev_hash, "h": digest, "u": e.uid},
            )
            prev[row.workstation] = digest
    engine.dispose()


def verify(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict[str, object]]:
    code, out, _ = cli(capsys, "audit", "verify", "--json", *extra)
    return code, json.loads(out)


def problem(report: dict[str, object]) -> str:
    chains = report["chains"]
    assert isinstance(chains, list)
    return " | ".join(str(c["problem"]) for c in chains if c["problem"])


def set_checkpoint_field(field: str, value: object) -> Callable[[Connection], None]:
    def change(conn: Connection) -> None:
        payload = conn.execute(
            text("SELECT payload FROM audit_events WHERE kind = 'checkpoint'")
        ).scalar_one()
        data = json.loads(payload)
        data[field] = value
        conn.execute(
            text("UPDATE audit_events SET payload = :p WHERE kind = 'checkpoint'"),
            {"p": json.dumps(data, sort_keys=True, separators=(",", ":"))},
        )

    return change


def test_a_signed_chain_verifies_and_names_its_checkpoint(
    capsys: pytest.CaptureFixture[str], journal: str
) -> None:
    code, report = verify(capsys)
    assert code == 0, report
    (chain,) = report["chains"]  # type: ignore[misc]
    assert chain["checkpoint_seq"] == 4
    assert chain["head_seq"] == 7
    code, out, _ = cli(capsys, "audit", "verify")
    assert "signed up to seq 4" in out


def test_an_edited_event_is_named(capsys: pytest.CaptureFixture[str], journal: str) -> None:
    engine = make_engine(journal)
    with engine.begin() as conn:
        uid = conn.execute(text("SELECT uid FROM audit_events WHERE seq = 2")).scalar_one()
        conn.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2"))
    engine.dispose()
    code, report = verify(capsys)
    assert code == 1
    assert report["chains"][0]["first_bad_event"] == uid  # type: ignore[index]
    assert "edited" in problem(report)


def test_a_bad_signature_is_named(capsys: pytest.CaptureFixture[str], journal: str) -> None:
    forged = Ed25519PrivateKey.generate().sign(b"something else").hex()
    rewrite(journal, set_checkpoint_field("sig", forged))
    code, report = verify(capsys)
    assert code == 1
    assert report["chains"][0]["first_bad_seq"] == 5  # type: ignore[index]
    assert "bad signature" in problem(report)


def test_a_checkpoint_that_does_not_match_the_chain_is_named(
    capsys: pytest.CaptureFixture[str], journal: str
) -> None:
    rewrite(journal, set_checkpoint_field("seq", 2))
    code, report = verify(capsys)
    assert code == 1
    assert "checkpoint does not match the chain" in problem(report)


def test_an_unknown_key_is_named(capsys: pytest.CaptureFixture[str], journal: str) -> None:
    rewrite(journal, lambda conn: conn.execute(text("DELETE FROM workstation_keys")))
    code, report = verify(capsys)
    assert code == 1
    assert "not registered" in problem(report)


def test_a_mismatched_key_is_named(capsys: pytest.CaptureFixture[str], journal: str) -> None:
    other = signing.public_hex(Ed25519PrivateKey.generate())
    rewrite(journal, lambda conn: conn.execute(text(REKEY), {"k": other}))
    code, report = verify(capsys)
    assert code == 1
    assert "mismatched key" in problem(report)


def test_a_different_key_for_this_workstation_is_refused(
    capsys: pytest.CaptureFixture[str], journal: str
) -> None:
    other = signing.public_hex(Ed25519PrivateKey.generate())
    rewrite(journal, lambda conn: conn.execute(text(REKEY), {"k": other}))
    path = Path(journal.removeprefix("sqlite:///")).parent / "more.jsonl"
    path.write_text(json.dumps({"external_ref": "more", "queue": "general"}) + "\n")
    cli(capsys, "ingest", str(path))
    code, _, err = cli(capsys, "audit", "checkpoint")
    assert code == 1
    assert "different signing key" in err


def sync(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "sync", "--json")
    assert code == 0, out
    assert json.loads(out)["pending"] == 0


def test_central_verification_passes_after_sync(
    capsys: pytest.CaptureFixture[str], journal: str
) -> None:
    sync(capsys)
    code, report = verify(capsys, "--central")
    assert code == 0, report
    assert report["store"] == "central"
    assert report["chains"][0]["events"] == 8  # type: ignore[index]  # + the sync's checkpoint


def test_central_hole_is_a_deletion(capsys: pytest.CaptureFixture[str], journal: str) -> None:
    sync(capsys)
    engine = make_engine(journal)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM central_events WHERE seq = 3"))
    engine.dispose()
    code, report = verify(capsys, "--central")
    assert code == 1
    assert "events 3..3 are missing" in problem(report)


def test_central_missing_tail_acknowledged_is_a_deletion(
    capsys: pytest.CaptureFixture[str], journal: str
) -> None:
    sync(capsys)
    engine = make_engine(journal)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM central_events WHERE seq >= 6"))
    engine.dispose()
    code, report = verify(capsys, "--central")
    assert code == 1
    assert "seq 6..8: missing from the central store although it acknowledged" in problem(report)


def test_central_tail_not_yet_synced_is_no_problem(
    capsys: pytest.CaptureFixture[str], journal: str, tmp_path: Path
) -> None:
    sync(capsys)
    path = tmp_path / "later.jsonl"
    path.write_text(json.dumps({"external_ref": "later", "queue": "general"}) + "\n")
    cli(capsys, "ingest", str(path))  # not synced yet
    code, report = verify(capsys, "--central")
    assert code == 0, report


def test_central_edit_and_bad_central_url(capsys: pytest.CaptureFixture[str], journal: str) -> None:
    sync(capsys)
    engine = make_engine(journal)
    with engine.begin() as conn:
        conn.execute(text("UPDATE central_events SET actor = 'mallory' WHERE seq = 4"))
    engine.dispose()
    code, report = verify(capsys, "--central")
    assert code == 1
    assert report["chains"][0]["first_bad_seq"] == 4  # type: ignore[index]
    code, _, err = cli(capsys, "audit", "verify", "--central", "postgresql://x@127.0.0.1:1/none")
    assert code == 1
    assert "cannot reach 127.0.0.1:1 (connection refused)" in err


def test_sync_offline_exit_code(capsys: pytest.CaptureFixture[str], journal: str) -> None:
    code, out, _ = cli(capsys, "sync", "--json", "--central", "postgresql://x@127.0.0.1:1/none")
    assert code == 75
    result = json.loads(out)
    assert result["online"] is False
    assert result["pending"] > 0
