"""A held reveal key under a real X server: one reveal event, whatever the keyboard sends.

Usage (needs Xvfb and xdotool; nothing here runs in CI):
    Xvfb :77 & DISPLAY=:77 QT_QPA_PLATFORM=xcb python -m bench.bench_held_key
Opens a review window on a throwaway workspace, then (1) holds Space for 3 s with
`xdotool keydown`/`keyup`, so the X server's own auto-repeat runs, and (2) sends 60 real
release/press pairs 40 ms apart (`xdotool key --repeat`), and prints the key presses Qt saw
(how many flagged as auto-repeat) and the reveal events written.
"""

# ruff: noqa
import json
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
from sqlalchemy import select
from moderator.domain.ids import new_uid
from moderator.domain.reports import Role
from moderator.media import MediaPool
from moderator.services.config import Config, Profile
from moderator.services.workspace import open_workspace, sign_in
from moderator.store.models import Queue, AuditEvent
from moderator.ui.app import Workstation
from moderator.ui.common.tasks import Tasks
from tests.helpers import seed
from tests.ui.conftest import Desk, checkerboard, FAST


def main():
    def wait(cond, t=20):
        end = time.monotonic() + t
        while not cond():
            if time.monotonic() > end:
                raise TimeoutError
            QTest.qWait(20)

    app = QApplication(sys.argv[:1])
    tmp = Path(tempfile.mkdtemp())
    media = tmp / "media"
    media.mkdir()
    checkerboard(400, 300).save(media / "checker.png")
    ws = open_workspace(
        Profile("t", f"sqlite:///{tmp / 'ws.sqlite'}", str(media)), Config(workstation_id=new_uid())
    )
    now = ws.now()
    with ws.transaction() as s:
        q = Queue(
            name="general",
            title="General",
            policy_id="platform-generic",
            sla_hours=24,
            min_role=Role.REVIEWER,
            created_at=now,
        )
        s.add(q)
        s.flush()
        seed.reviewer(s, "alice", now)
        qid = q.id
    desk = Desk(ws, sign_in(ws, "alice"), qid)
    desk.add_reports(["checker.png"] * 4)

    def reveals():
        with ws.transaction() as s:
            return [
                json.loads(p)
                for p in s.scalars(
                    select(AuditEvent.payload)
                    .where(AuditEvent.kind == "reveal")
                    .order_by(AuditEvent.seq)
                )
            ]

    with MediaPool(workers=1) as pool:
        pool.start()
        tasks = Tasks()
        st = Workstation(ws, desk.reviewer, pool, tasks, timings=FAST, timed_seconds=60)
        st.window.resize(1000, 700)
        st.start()
        st.window.activateWindow()
        st.window.raise_()
        wait(lambda: st.session.current is not None and st.session.current.preview is not None)
        QTest.qWait(500)
        wid = int(st.window.winId())
        subprocess.run(["xdotool", "windowactivate", "--sync", str(wid)], check=False)
        QTest.qWait(300)
        print("active:", st.window.isActiveWindow())
        press_events = []
        orig = st.window.keyPressEvent

        def spy(ev):
            press_events.append((ev.type(), ev.isAutoRepeat()))
            orig(ev)

        st.window.keyPressEvent = spy
        for name, cmd in [
            (
                "held keydown 3 s (X server auto-repeat)",
                "xdotool keydown space; sleep 3; xdotool keyup space",
            ),
            (
                "xdotool key --repeat 60 --delay 40 (real release/press pairs)",
                "xdotool key --repeat 60 --delay 40 space",
            ),
        ]:
            before = len(reveals())
            press_events.clear()
            p = subprocess.Popen(["sh", "-c", cmd])
            while p.poll() is None:
                QTest.qWait(20)
            QTest.qWait(600)
            got = reveals()[before:]
            rep = sum(1 for _, r in press_events if r)
            print(
                f"{name}: key presses seen {len(press_events)} (flagged auto-repeat {rep}); reveal events {len(got)}: {[(g['kind'], g['seconds'], g['ended_by']) for g in got]}"
            )
        closed = []
        st.session.closed.connect(lambda: closed.append(1))
        st.window.close()
        wait(lambda: bool(closed))
        tasks.close()
    ws.close()


if __name__ == "__main__":
    main()
