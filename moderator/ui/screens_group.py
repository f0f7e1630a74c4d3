"""The review window with a group (`moderator demo --screenshots`): the demo's picture and its
near copies, the copies as blurred tiles with their distance, one taken out of the group."""

from __future__ import annotations

import sys

from moderator.services.demo.group import LEAD, QUEUE
from moderator.services.lookups import queue_ids
from moderator.ui.app import Workstation
from moderator.ui.screenshots import ScreenContext, wait_until


def _ready(station: Workstation) -> bool:
    item, strip = station.session.current, station.window.group_strip
    if item is None or item.preview is None or not strip.tiles:
        return False
    return all(
        t.member.report_uid in item.member_previews or t.member.media is None for t in strip.tiles
    )


ATTEMPTS = 6  # the window shows claimed reports as their renders finish: on a busy machine a
# report claimed after the group's lead can be ready first, so the window is opened again


def _open(ctx: ScreenContext, queue: int) -> tuple[Workstation, list[bool]]:
    station = Workstation(ctx.workspace, ctx.reviewer, ctx.renderer, ctx.tasks, queue_ids=[queue])
    station.window.resize(1440, 900)
    station.start()
    closed: list[bool] = []
    station.session.closed.connect(lambda: closed.append(True))
    wait_until(lambda: station.session.current is not None)
    return station, closed


def _close(station: Workstation, closed: list[bool]) -> None:
    station.window.close()
    wait_until(lambda: bool(closed))


def capture_group(ctx: ScreenContext) -> None:
    queue = queue_ids(ctx.workspace).get(QUEUE)
    if queue is None:
        return
    for _attempt in range(ATTEMPTS):
        station, closed = _open(ctx, queue)
        current = station.session.current
        if current is not None and current.details.external_ref == LEAD:
            break
        _close(station, closed)
    else:
        # An older demo workspace, or its group decided earlier: say so, never skip quietly.
        sys.stderr.write(
            "review-group: not drawn, the demo's group is not in front "
            f"({current.details.external_ref if current else 'nothing'} is; "
            "moderator demo --reset rebuilds it)\n"
        )
        return
    try:
        wait_until(lambda: _ready(station))
        strip = station.window.group_strip
        strip.step(len(strip.tiles) - 1)  # the farthest copy, taken out as a reviewer would
        strip.toggle_current()
        ctx.shot(station.window, "review-group")
    finally:
        _close(station, closed)
