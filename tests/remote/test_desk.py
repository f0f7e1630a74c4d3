"""A desk in team mode, through its services: enrollment, the review loop, the outbox, the
desk's audit chain, the token, all against the real server process over TLS."""

from __future__ import annotations

import json
import tomllib
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from moderator.domain.rows import DecisionInput
from moderator.media import MediaPool, Rendered, RenderRequest
from moderator.remote import identity
from moderator.remote.client import Timeouts
from moderator.remote.errors import SIGN_IN_AGAIN, SignInAgain
from moderator.remote.station import file_modes, station_path
from moderator.services.interfaces import Desktop
from moderator.store import journal
from moderator.store.models import Decision, PendingDecision
from moderator.store.models_central import CentralEvent
from tests.helpers.keyring_memory import MemoryKeyring
from tests.remote.conftest import Served
from tests.server.conftest import DECISION

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def decision() -> DecisionInput:
    return DecisionInput(**DECISION)  # type: ignore[arg-type]


def render(desk: Desktop, lease_details: object, *, sharp: bool = False) -> object:
    media = lease_details.media[0]  # type: ignore[attr-defined]
    req = RenderRequest(media.uri, media.sha256, 320, 240, sharp=sharp)
    return desk.media.render_media(media, req)


def test_enrollment_keeps_the_secrets_in_the_keyring_and_no_database_anywhere(
    served: Served, memory_keyring: MemoryKeyring, decoder: MediaPool
) -> None:
    profile = served.enroll("alice", label="desk 3")
    assert profile.is_team
    assert profile.reviewer == "alice"
    text = served.paths.config_file.read_text()
    table = tomllib.loads(text)["profiles"]["desk-alice"]
    assert set(table) == {"server", "workstation", "reviewer", "server_ca"}
    assert "postgres" not in text
    assert "database" not in text
    # The keyring holds this desk's token and its signing key, nothing else (no password).
    assert {service for service, _ in memory_keyring.secrets} == {
        identity.TOKEN_SERVICE,
        "moderator-signing",
    }
    assert ("moderator-signing", profile.workstation) in memory_keyring.secrets
    desk = served.open(profile, decoder)
    try:
        assert desk.reviewer.username == "alice"
        assert desk.workspace is None  # no database handle of any kind behind the window
        path = station_path(served.paths.data_dir, profile.workstation)
        assert set(file_modes(path).values()) == {0o600}
        assert (path.parent.stat().st_mode & 0o777) == 0o700
        for name in file_modes(path):
            assert b"postgres" not in (path.parent / name).read_bytes()
    finally:
        desk.close()
    listed = json.loads(_cli_out(["profile", "list", "--json"]))
    mine = next(p for p in listed if p["name"] == "desk-alice")
    assert mine["database"] is None
    assert mine["media_root"] is None
    assert mine["server"] == served.proxy.url


def _cli_out(argv: list[str]) -> str:
    import contextlib
    import io

    from moderator.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0
    return out.getvalue()


def test_without_a_keyring_nothing_is_stored_and_the_code_stays_good(
    served: Served, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import keyring
    from keyring.backends import fail

    from moderator.cli import main

    code = served.team.code("bob")
    keyring.set_keyring(fail.Keyring())
    argv = ["profile", "add", "desk-bob", "--server", served.proxy.url, "--enroll", code,
            "--ca", str(served.server_ca)]  # fmt: skip
    assert main(argv) != 0
    err = capsys.readouterr().err
    assert "team mode keeps this desk's token and signing key in the OS keyring" in err
    assert not served.paths.config_file.exists() or "desk-bob" not in (
        served.paths.config_file.read_text()
    )
    keyring.set_keyring(MemoryKeyring())
    assert main(argv) == 0  # the code was never sent, so it still works


def test_a_desk_works_a_report_through_the_server(served: Served, decoder: MediaPool) -> None:
    served.team.add_reports("general", 2)
    desk = served.open(served.enroll("alice"), decoder)
    try:
        lease = desk.review.claim()
        assert lease is not None
        details = desk.review.details(lease)
        assert details.uid == lease.report_uid
        assert desk.review.waiting(lease.queue_id) == 1
        blurred = render(desk, details)
        assert isinstance(blurred, Rendered), blurred
        assert not blurred.sharp
        sharp = render(desk, details, sharp=True)
        assert isinstance(sharp, Rendered)
        assert sharp.sharp
        desk.exposure.viewed(lease.report_uid, media=0, blur=4, grayscale=True)
        policy = desk.review.policy(details.policy_id, details.policy_version)
        assert policy.id == "platform-generic"
        pending = desk.desk.submit(lease, decision())
        assert desk.desk.sent(pending)
        assert desk.desk.finalize(pending) is not None
        result = desk.make_sync().push()
        assert result.online, result
        assert (result.outbox, result.pending, result.error) == (0, 0, None)
    finally:
        desk.close()
    with served.team.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 1
        kinds = list(s.scalars(select(CentralEvent.kind).order_by(CentralEvent.seq)))
        reports = journal.verify(s)
    assert kinds[0] == "login"
    assert "view" in kinds
    assert kinds[-1] == "checkpoint"  # the desk's chain arrived signed
    assert all(r.ok for r in reports), [r.problem for r in reports]


def test_a_lost_token_says_to_sign_in_again(served: Served, decoder: MediaPool) -> None:
    desk = served.open(served.enroll("alice"), decoder)
    try:
        desk_api = desk.review.api  # type: ignore[attr-defined]
        desk_api.call("POST", "/v1/token/revoke", {})
        with pytest.raises(SignInAgain, match=SIGN_IN_AGAIN):
            desk.review.claim()
    finally:
        desk.close()


def test_a_token_near_its_end_is_refreshed_and_kept_in_the_keyring(
    served: Served, decoder: MediaPool, memory_keyring: MemoryKeyring
) -> None:
    profile = served.enroll("alice")
    before = identity.load_token(profile.name)
    assert before is not None
    eager = Timeouts(connect=3, read=15, refresh_within=timedelta(days=30))
    desk = served.open(profile, decoder, eager)  # a 7-day token is "near its end" here
    try:
        after = identity.load_token(profile.name)
        assert after is not None
        assert after.value != before.value
        assert desk.review.claim() is None  # the new token works
    finally:
        desk.close()


def test_the_outbox_keeps_a_decision_while_the_network_is_down(
    served: Served, decoder: MediaPool
) -> None:
    served.team.add_reports("general", 1)
    desk = served.open(served.enroll("alice"), decoder)
    try:
        lease = desk.review.claim()
        assert lease is not None
        served.proxy.mode = "down"
        served.proxy.cut()
        pending = desk.desk.submit(lease, decision())  # saved here, not sent
        assert not desk.desk.sent(pending)
        offline = desk.make_sync().push()
        assert not offline.online
        assert offline.outbox == 1
        served.proxy.mode = "pass"
        online = desk.make_sync().push()
        assert online.online
        assert online.outbox == 0
        assert desk.desk.sent(pending)
        assert desk.desk.finalize(pending) is not None
    finally:
        desk.close()
    with served.team.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 1
        assert s.scalar(select(func.count()).select_from(PendingDecision)) == 0


def test_an_undo_before_the_decision_left_the_desk_takes_it_back_here(
    served: Served, decoder: MediaPool
) -> None:
    served.team.add_reports("general", 1)
    desk = served.open(served.enroll("alice"), decoder)
    try:
        lease = desk.review.claim()
        assert lease is not None
        served.proxy.mode = "down"
        served.proxy.cut()
        pending = desk.desk.submit(lease, decision())
        assert desk.desk.undo(pending) == lease
        served.proxy.mode = "pass"
        assert desk.make_sync().push().outbox == 0
        again = desk.desk.submit(lease, decision())  # the report is still ours
        assert desk.desk.sent(again)
        assert desk.desk.undo(again).token == lease.token  # sent: undone at the server
    finally:
        desk.close()
    with served.team.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0
        assert s.scalar(select(func.count()).select_from(PendingDecision)) == 0
