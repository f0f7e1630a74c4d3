"""`moderator demo --screenshots`: the adjudication window with a disagreement selected →
`adjudication.png`, and the gold items window → `gold-items.png`.

The demo's QA history (services/demo_quality.py) leaves disagreements waiting.
"""

from __future__ import annotations

from moderator.services.demo import SUPERVISOR
from moderator.services.workspace import sign_in
from moderator.ui.adjudication import AdjudicationWindow, open_adjudication
from moderator.ui.gold_marking import GoldWindow, open_gold_items
from moderator.ui.screenshots import ScreenContext, wait_until
from moderator.ui.tools import ToolContext


def capture(ctx: ScreenContext) -> None:
    supervisor = sign_in(ctx.workspace, SUPERVISOR)
    context = ToolContext(ctx.workspace, supervisor, ctx.tasks)
    window = open_adjudication(context)
    assert isinstance(window, AdjudicationWindow)
    try:
        window.resize(1280, 720)
        wait_until(lambda: window.model.rowCount() > 0 or ctx.tasks.idle)
        if window.model.rowCount():
            window.select(0)
            wait_until(lambda: window.current is not None)
        ctx.shot(window, "adjudication")
    finally:
        window.close()
    gold = open_gold_items(context)
    assert isinstance(gold, GoldWindow)
    try:
        gold.resize(1180, 640)
        wait_until(lambda: gold.gold_model.rowCount() > 0 or ctx.tasks.idle)
        gold.tabs.setCurrentIndex(1)
        ctx.shot(gold, "gold-items")
    finally:
        gold.close()
