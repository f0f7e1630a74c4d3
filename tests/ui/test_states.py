"""States shown in place: empty queue, media errors, the database gone, a lease lost."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

import moderator.ui.review.session as session_mod
from moderator.media.types import MediaError, MediaErrorKind, Rendered, RenderRequest
from moderator.store.errors import DatabaseUnavailable
from moderator.store.models import Decision, Report
from moderator.ui.app import Workstation
from moderator.ui.review.items import Timings
from tests.ui.conftest import FAST, Desk, showing


def test_an_empty_queue_says_so_and_n_checks_again(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = open_window()
    win = station.window
    qtbot.waitUntil(lambda: win.pages.currentWidget() is win.empty_page)
    assert win.empty.text() == "Nothing to review right now"
    assert "Press N to check now" in win.empty_hint.text()
    desk.add_reports(["checker.png"])
    qtbot.keyClick(win.surface, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    assert win.pages.currentWidget() is win.split


def test_missing_media_shows_the_reason_and_unreviewable_can_be_decided(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    desk.add_reports(["gone.jpg"], sha={"gone.jpg": "0" * 64})
    station = open_window()
    win = station.window
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    title, reason = win.preview._placeholder or ("", "")
    assert title == "The media file is missing"
    assert "Media unreviewable" in reason
    assert not win.preview.showing_sharp
    qtbot.keyClick(win.surface, Qt.Key.Key_Space)  # nothing to reveal: stays a placeholder
    assert not win.preview.showing_sharp
    qtbot.keyRelease(win.surface, Qt.Key.Key_Space)
    assert win.form is not None
    win.form[0].go_to(win.form[0].outcome_index)
    qtbot.keyClick(win.surface, "6")  # media unreviewable, no answers needed
    win.submit()
    qtbot.waitUntil(lambda: station.session.pending is not None)


class Crashing:
    """A decoder whose process keeps dying."""

    def render(self, req: RenderRequest) -> Rendered | MediaError:
        return MediaError(MediaErrorKind.CRASHED, "the decoder process crashed (SIGSEGV)")


def test_a_crashing_decoder_leaves_the_report_decidable(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    desk.add_reports(["checker.png"])
    station = open_window(renderer=Crashing())
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    title, reason = station.window.preview._placeholder or ("", "")
    assert title == "The media could not be decoded"
    assert "SIGSEGV" in reason


def test_the_database_gone_is_shown_and_retried(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation], monkeypatch
) -> None:
    desk.add_reports(["checker.png"])
    # The first claim finds the server gone; other background reads (training notice,
    # wellbeing, sync) are not what this test is about.
    failures = iter([DatabaseUnavailable("the database server cannot be reached (refused)")])
    real_claim = session_mod.claim_and_load

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        for problem in failures:
            raise problem
        return real_claim(*args, **kwargs)

    monkeypatch.setattr(session_mod, "claim_and_load", flaky)
    station = open_window(timings=Timings(ahead=0, renew_ms=60_000, poll_ms=60_000, retry_ms=200))
    win = station.window
    qtbot.waitUntil(lambda: win.banner.isVisible())
    assert "cannot be reached" in win.banner_text.text()
    assert "Retrying every" in win.banner_text.text()
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    assert not win.banner.isVisible()


def test_a_lease_lost_before_submit_keeps_the_answers(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    desk.add_reports(["checker.png"] * 2)
    station = open_window(timings=FAST)
    win, session = station.window, station.session
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    item = session.current
    assert item is not None
    with desk.workspace.transaction() as s:  # the lease ran out and someone else took it
        s.execute(
            update(Report).where(Report.id == item.lease.report_id).values(lease_token="x" * 36)
        )
    for key in ("8", "2", "1", "3"):
        qtbot.keyClick(win.surface, key)
    win.submit()
    qtbot.waitUntil(lambda: win.banner.isVisible())
    assert "went back to the queue" in win.banner_text.text()
    assert session.drafts[item.uid].outcome == "remove"
    with desk.workspace.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0


def test_titles_never_show_content_and_text_is_plain(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    desk.add_reports(["checker.png"])
    station = open_window()
    win = station.window
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    assert win.windowTitle() == "Moderator · t · alice"
    details = win.details
    assert details.url.textFormat() == Qt.TextFormat.PlainText
    assert not details.url.openExternalLinks()
    assert details.url.text() == "https://example.invalid/post/1"
    assert not details.reporter_text_shown  # collapsed by default
    qtbot.keyClick(win.surface, Qt.Key.Key_I)
    assert details.reporter_text_shown
    assert details.reporter_text.textFormat() == Qt.TextFormat.PlainText
    qtbot.keyClick(win.surface, Qt.Key.Key_S)  # the next report starts collapsed again
    assert not details.reporter_text_shown


def test_help_overlay_lists_every_key(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = open_window()
    win = station.window
    qtbot.keyClick(win.surface, Qt.Key.Key_F1)
    assert win.help.isVisible()
    texts = " ".join(label.text() for label in win.help.findChildren(type(win.empty)))
    for key in ("Space", "Ctrl+Return", "Ctrl+Z", "1-9", "F1", "Esc"):
        assert key in texts
    qtbot.keyClick(win.surface, Qt.Key.Key_Escape)
    assert not win.help.isVisible()
    assert "(R)" in win.region_button.toolTip()
