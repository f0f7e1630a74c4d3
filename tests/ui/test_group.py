"""The group in the review window (issue 18): equal and near copies waiting in the queue are
shown as blurred tiles with their distance, any can be taken out, and one submit decides the
report and the members left in the group, through the same undo grace period as any submit."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select, update

from moderator.domain.ids import new_uid
from moderator.store.models import Decision, MediaItem, PendingDecision, Report
from moderator.store.models_quality import GoldCopy, GoldItem
from moderator.ui.app import Workstation
from moderator.ui.review.items import Timings
from tests.ui.conftest import Desk, audit, checkerboard, showing
from tests.ui.test_decide import answer_spam_remove, count
from tests.ui.test_preview import detail, pixels

# Nothing claimed ahead: every copy stays queued, as the group's members.
ONE = Timings(ahead=0, renew_ms=60_000, poll_ms=60_000, retry_ms=60_000)
PDQ = "f" * 64
NEAR = "f" * 62 + "00"  # 8 bits away


def group_desk(desk: Desk) -> dict[str, int]:
    """The lead (checker.png, first in the queue), two copies of the same file, one near
    copy (another picture, PDQ distance 8), one unrelated, a gold copy and a second review of
    the same file: ids by name."""
    root = desk.workspace.media_root
    checkerboard(400, 300, cell=3).save(root / "near.png")
    Image.fromarray(np.full((300, 400, 3), 90, np.uint8)).save(root / "other.png")
    names = ["lead", "same-1", "same-2", "near", "other", "gold", "second"]
    files = ["checker.png", "checker.png", "checker.png", "near.png", "other.png",
             "checker.png", "checker.png"]  # fmt: skip
    ids = dict(zip(names, desk.add_reports(files), strict=True))
    now = desk.workspace.now()
    with desk.workspace.transaction() as s:
        s.execute(update(Report).where(Report.id == ids["lead"]).values(priority=5))
        s.execute(update(Report).where(Report.id == ids["second"]).values(review_round=2))
        for name in names:
            pdq = {"near": NEAR, "other": "0" * 64}.get(name, PDQ)
            s.execute(update(MediaItem).where(MediaItem.report_id == ids[name]).values(pdq=pdq))
        gold = s.execute(
            insert(GoldItem).values(
                uid=new_uid(), report_id=ids["same-1"], queue_id=desk.queue_id,
                policy_id="platform-generic", expected_outcome="remove", created_by="sue",
                created_at=now,
            ).returning(GoldItem.id)
        ).scalar_one()  # fmt: skip
        s.execute(
            insert(GoldCopy).values(
                report_id=ids["gold"], gold_id=gold, reviewer_id=desk.reviewer.id,
                queue_id=desk.queue_id, served_at=now,
            )
        )  # fmt: skip
    return ids


def refs(desk: Desk) -> dict[int, str]:
    with desk.workspace.transaction() as s:
        return dict(s.execute(select(Report.id, Report.external_ref)).all())


def grouped(qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]) -> Workstation:
    station = open_window(timings=ONE)
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    strip = station.window.group_strip
    qtbot.waitUntil(lambda: strip.isVisible() and len(strip.tiles) == 3, timeout=10_000)
    # Every thumbnail has come back from the decoder.
    qtbot.waitUntil(
        lambda: all(t.thumb.pixmap() is not None and not t.thumb.pixmap().isNull()
                    for t in strip.tiles),
        timeout=10_000,
    )  # fmt: skip
    return station


def test_the_group_is_shown_blurred_with_distances_never_blind_items(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    ids = group_desk(desk)
    ref = refs(desk)
    station = grouped(qtbot, desk, open_window)
    assert station.session.current is not None
    assert station.session.current.lease.report_id == ids["lead"]
    strip = station.window.group_strip
    shown = {t.member.external_ref: t.distance.text() for t in strip.tiles}
    # Nearest first; never the gold copy, the second review or the unrelated picture.
    assert shown == {ref[ids["same-1"]]: "Same file", ref[ids["same-2"]]: "Same file",
                     ref[ids["near"]]: "PDQ distance 8"}  # fmt: skip
    assert [t.member.external_ref for t in strip.tiles][-1] == ref[ids["near"]]
    assert strip.count_label.text() == "Decide for this and 3 similar reports"
    # No member is ever on screen sharp: the tile shows the strongest blur, the source is all
    # fine detail (the preview's pixel test).
    for tile in strip.tiles:
        image = tile.thumb.pixmap().toImage()
        assert detail(image) < 3
        assert pixels(image).std() < 20
    # Members were not viewed: the only view event is the lead's.
    views = audit(desk, "view")
    assert views
    with desk.workspace.transaction() as s:
        from moderator.store.models import AuditEvent

        viewed = set(s.scalars(select(AuditEvent.report_uid).where(AuditEvent.kind == "view")))
    assert viewed == {station.session.current.uid}


def test_a_member_taken_out_stays_queued_and_the_rest_is_decided_after_the_grace_period(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    ids = group_desk(desk)
    station = grouped(qtbot, desk, open_window)
    win, strip = station.window, station.window.group_strip
    qtbot.keyClick(win.surface, Qt.Key.Key_M)  # select the second member
    qtbot.keyClick(win.surface, Qt.Key.Key_M)
    qtbot.keyClick(win.surface, Qt.Key.Key_X)  # the near copy: out of the group
    out = strip.tiles[2].member
    assert not strip.tiles[2].check.isChecked()
    assert strip.count_label.text() == "Decide for this and 2 similar reports · 1 taken out"
    assert strip.tiles[2].distance.text() == "Taken out: reviewed on its own"
    answer_spam_remove(qtbot, station)
    qtbot.keyClick(win.surface, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: station.session.pending is not None)
    pending, _item = station.session.pending
    assert len(pending.members) == 2
    assert out.report_uid not in pending.members
    assert "and 2 similar" in win.undo_text.text()
    # Inside the grace period nothing is decided: the members are held for the group (the
    # next claim, this reviewer's or anyone's, does not take one); the one taken out is not.
    assert count(desk, Decision) == 0
    assert count(desk, PendingDecision) == 1
    with desk.workspace.transaction() as s:
        state = dict(s.execute(select(Report.id, Report.state)).all())
    assert state[ids["same-1"]] == state[ids["same-2"]] == "claimed"
    qtbot.waitUntil(lambda: showing(station))  # the next report: never a held member
    assert station.session.current is not None
    assert station.session.current.lease.report_id not in (ids["same-1"], ids["same-2"])
    station.session._finalize()  # what the end of the grace period does
    qtbot.waitUntil(lambda: count(desk, Decision) == 3, timeout=5000)
    with desk.workspace.transaction() as s:
        decided = dict(s.execute(select(Decision.report_id, Decision.outcome)).all())
        state = {i: st for i, st in s.execute(select(Report.id, Report.state))}
        exposed = dict(s.execute(select(Decision.report_id, Decision.seconds_exposed)).all())
    assert decided == {ids["lead"]: "remove", ids["same-1"]: "remove", ids["same-2"]: "remove"}
    assert state[ids["near"]] in ("queued", "claimed")  # taken out: its own review
    assert exposed[ids["same-1"]] == exposed[ids["same-2"]] == 0.0
    group = [p for p in audit(desk, "bank") if p.get("op") == "group"]
    assert len(group) == 1
    assert group[0]["taken_out"] == [out.report_uid]


def test_undo_takes_the_whole_group_back(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    ids = group_desk(desk)
    station = grouped(qtbot, desk, open_window)
    win, session = station.window, station.session
    lead = session.current
    answer_spam_remove(qtbot, station)
    win.submit()
    qtbot.waitUntil(lambda: session.pending is not None)
    qtbot.keyClick(win.surface, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: session.current is lead)
    qtbot.waitUntil(lambda: count(desk, PendingDecision) == 0)
    assert count(desk, Decision) == 0
    with desk.workspace.transaction() as s:
        state = dict(s.execute(select(Report.id, Report.state)).all())
    assert {state[ids[n]] for n in ("same-1", "same-2", "near")} == {"queued"}  # given back
    assert win.group_strip.isVisible()
    assert len(win.group_strip.tiles) == 3
    undone = audit(desk, "undo")
    assert len(undone) == 1
    assert len(undone[0]["group"]) == 3


def test_a_second_review_or_a_gold_copy_in_front_has_no_group(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    ids = group_desk(desk)
    with desk.workspace.transaction() as s:  # the second review comes first now
        s.execute(update(Report).where(Report.id == ids["second"]).values(priority=5))
        s.execute(update(Report).where(Report.id == ids["lead"]).values(priority=1))
    station = open_window(timings=ONE)
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    assert station.session.current is not None
    assert station.session.current.lease.report_id == ids["second"]
    qtbot.waitUntil(lambda: station.tasks.idle, timeout=5000)  # its lookup came back
    assert not station.window.group_strip.tiles  # blind: it decides no one else's report
