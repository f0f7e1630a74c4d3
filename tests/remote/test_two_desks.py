"""Issue 16's "done when": a real server process with TLS on loopback over the real PostgreSQL,
two reviewers enrolled, two desks' review loops through it: one in the offscreen window,
driven by its keys, one through the remote services directly."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from moderator.domain.rows import DecisionInput
from moderator.media import MediaPool, Rendered, RenderRequest
from moderator.services.interfaces import Desktop
from moderator.store import journal
from moderator.store.models import Decision, PendingDecision, Report
from moderator.store.models_central import CentralEvent
from moderator.ui.app import Workstation
from moderator.ui.common.tasks import Tasks
from moderator.ui.review.items import Timings
from tests.remote.conftest import Served
from tests.server.conftest import DECISION

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.gui]
FAST = Timings(ahead=2, renew_ms=60_000, poll_ms=60_000, retry_ms=60_000)


def work_queue(desk: Desktop, done: list[str]) -> None:
    """Bob's loop: claim, look (blurred, decoded from bytes in memory), decide, finalize."""
    while (lease := desk.review.claim()) is not None:
        details = desk.review.details(lease)
        for media in details.media:
            shown = desk.media.render_media(media, RenderRequest(media.uri, media.sha256, 320, 240))
            assert isinstance(shown, Rendered), shown
            assert not shown.sharp
            desk.exposure.viewed(lease.report_uid, media=media.position, blur=4, grayscale=True)
        pending = desk.desk.submit(lease, DecisionInput(**DECISION))  # type: ignore[arg-type]
        assert desk.desk.sent(pending)
        assert desk.desk.finalize(pending) is not None
        done.append(details.uid)


def test_two_desks_work_the_queue_through_the_team_server(
    qtbot: QtBot, served: Served, decoder: MediaPool
) -> None:
    served.team.add_reports("general", 7)
    alice = served.open(served.enroll("alice"), decoder)
    bob = served.open(served.enroll("bob"), decoder)
    tasks = Tasks()
    station = Workstation(
        None, alice.reviewer, decoder, tasks, timings=FAST, grace=alice.desk.grace, services=alice
    )
    win, session = station.window, station.session
    bobs: list[str] = []
    errors: list[BaseException] = []

    def bob_works() -> None:
        try:
            work_queue(bob, bobs)
        except BaseException as exc:  # noqa: BLE001 - re-raised on the test thread
            errors.append(exc)

    worker = threading.Thread(target=bob_works, name="test-bob")
    alices: list[str] = []
    try:
        qtbot.addWidget(win)
        win.resize(1280, 800)
        station.start()
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow)
        assert station.tool_actions == []  # no supervisor tools over the reviewer's API

        def next_ready() -> bool:
            item = session.current
            fresh = item is not None and item.uid not in alices and item.preview is not None
            return fresh or session.is_empty

        qtbot.waitUntil(next_ready, timeout=30_000)
        worker.start()  # alice holds her first reports; bob takes the rest
        while not session.is_empty:
            item = session.current
            assert item is not None
            assert item.preview is not None
            assert item.preview.image is not None, item.preview.error
            assert not item.preview.sharp  # blurred, from bytes fetched into memory
            for key in ("5", "2", "2", "3"):  # harassment, minor: no, severity medium, remove
                qtbot.keyClick(win.surface, key)
            qtbot.keyClick(win.surface, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            alices.append(item.uid)
            qtbot.waitUntil(lambda: session.pending is not None or session.is_empty, timeout=30_000)
            if len(alices) == 1:
                assert win.undo_text.text().startswith("Saved: ")
                assert "waiting to send" not in win.undo_text.text()  # acknowledged: sent
            qtbot.waitUntil(next_ready, timeout=30_000)
        worker.join(120)
        assert not errors, errors
        with qtbot.waitSignal(session.closed, timeout=30_000):
            win.close()
    finally:
        if worker.is_alive():
            worker.join(120)
        tasks.close()
    synced = alice.make_sync().push()
    assert bob.make_sync().push().online
    alice.close()
    bob.close()
    assert (synced.online, synced.outbox, synced.error) == (True, 0, None), synced
    assert alices, bobs
    assert bobs, alices
    assert not set(alices) & set(bobs)

    with served.team.sessions() as s:
        decided = select(Report.uid).join(Decision, Decision.report_id == Report.id)
        per_report = Counter(s.scalars(decided))
        counted = select(Decision.reviewer_id, func.count()).group_by(Decision.reviewer_id)
        by_whom = {int(who): int(n) for who, n in s.execute(counted).all()}
        pending = s.scalar(select(func.count()).select_from(PendingDecision))
        outcomes = set(s.scalars(select(Decision.outcome)))
        views = Counter(s.scalars(select(CentralEvent.actor).where(CentralEvent.kind == "view")))
        chains = journal.verify(s)
    assert len(per_report) == 7
    assert set(per_report.values()) == {1}
    people = served.team.people
    assert by_whom == {people["alice"].id: len(alices), people["bob"].id: len(bobs)}
    assert pending == 0
    assert outcomes == {"remove", DECISION["outcome"]}  # alice's keys, bob's services
    assert views["alice"] >= len(alices)  # the window's own chain, pushed to the server
    assert views["bob"] == len(bobs)
    assert chains
    assert all(r.ok for r in chains), [r.problem for r in chains]
